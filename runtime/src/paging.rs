//! Paging: streams of every item of a list operation, fetched a page at a time. One loop,
//! `paginate_with`, serves every paging style: a style's `fetch` loads the page at a position
//! (an offset, a page number, a cursor, a next link) and says where the next one is.
//! [`paginate`] is take/skip for hand-written code; generated `into_stream()` calls
//! `paginate_pages` (take/skip) or `paginate_with`; `next_link` reads a `Link` header.

use super::Error;

/// Which page [`paginate`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items to ask for (the `take`/`limit` parameter).
    pub take: u32,
    /// How many items to skip (the `skip`/`offset` parameter).
    pub skip: u32,
}

impl PageRequest {
    /// `take` for an `int32` parameter (saturating).
    pub fn take_i32(&self) -> i32 {
        i32::try_from(self.take).unwrap_or(i32::MAX)
    }

    /// `skip` for an `int32` parameter (saturating).
    pub fn skip_i32(&self) -> i32 {
        i32::try_from(self.skip).unwrap_or(i32::MAX)
    }
}

/// Streams every item of a take/skip (limit/offset) list operation, one page at a time.
///
/// `fetch` gets the page to load and returns its items (for a response that is an object, pick
/// the list out of it). The first page has `skip` 0; each next one skips the items received so
/// far. The stream ends after a page with fewer than `take` items (an empty one included) or
/// after the first error, which it yields. `take` is sent as given (at least 1): keep it within
/// the API's maximum, or a capped page looks like the last one.
pub fn paginate<T, E, F, Fut>(
    take: u32,
    mut fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, Error<E>>>,
{
    offset_loop(take, 0, move |page| {
        let items = fetch(page);
        async move { items.await.map(|items| Page { items, total: None }) }
    })
}

/// One page as a paginated operation's stream reads it.
#[doc(hidden)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of items, where the response says.
    pub total: Option<u64>,
}

/// One page as a paged operation's stream reads it: its items, and the position of the next
/// page if the list goes on.
#[doc(hidden)]
pub struct Paged<T, C> {
    /// The page's items.
    pub items: Vec<T>,
    /// Where the next page is; `None` at the end of the list.
    pub next: Option<C>,
}

/// What a generated `into_stream()` returns: every item of a paged list, each page fetched as
/// the stream is read. A named boxed stream rather than `impl Stream`, which is cheaper to
/// compile (GitHub has 253 paged lists).
pub type ItemStream<'a, T, E> = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

#[doc(hidden)]
/// The paging loop of every style, boxed for `into_stream()`: see [`page_loop`].
pub fn paginate_with<'a, T, E, C, F, Fut>(first: C, fetch: F) -> ItemStream<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    C: Clone + PartialEq + Send + 'a,
    F: FnMut(C) -> Fut + Send + 'a,
    Fut: std::future::Future<Output = Result<Paged<T, C>, Error<E>>> + Send + 'a,
{
    Box::pin(page_loop(first, fetch))
}

#[doc(hidden)]
/// A page's request and what to read out of its answer, as one future without an `async`
/// block: a generated `into_stream()` hands one per page to the paging loop, so the crate has
/// no state machine per paged operation.
pub fn read_page<'a, R, P, E, F>(call: super::BoxFuture<'a, Result<R, Error<E>>>, read: F) -> ReadPage<'a, R, E, F>
where
    F: FnOnce(R) -> P,
{
    ReadPage { call, read: Some(read) }
}

#[doc(hidden)]
/// The future of [`read_page`].
pub struct ReadPage<'a, R, E, F> {
    call: super::BoxFuture<'a, Result<R, Error<E>>>,
    read: Option<F>,
}

impl<R, E, F> Unpin for ReadPage<'_, R, E, F> {}

impl<R, P, E, F: FnOnce(R) -> P> std::future::Future for ReadPage<'_, R, E, F> {
    type Output = Result<P, Error<E>>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let answer = std::task::ready!(self.call.as_mut().poll(cx));
        // Polled again after `Ready` only by a caller breaking the `Future` contract.
        let read = self.read.take().expect("ReadPage polled after completion");
        std::task::Poll::Ready(answer.map(read))
    }
}

/// The paging loop of every style: fetches the page at `first`, yields its items, then fetches
/// the page its `next` names, lazily as the stream is read. It ends at a page without a `next`,
/// at a page without items (an empty first page included), at a page whose `next` is the
/// position it was fetched from (so a server that keeps saying there is more, or hands back the
/// same cursor, cannot make it loop), or after yielding the first error.
// `Send` and lifetimes come through from `fetch`: the stream is `Send` when it is.
fn page_loop<T, E, C, F, Fut>(first: C, fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin
where
    C: Clone + PartialEq,
    F: FnMut(C) -> Fut,
    Fut: std::future::Future<Output = Result<Paged<T, C>, Error<E>>>,
{
    struct State<T, C, F> {
        fetch: F,
        next: Option<C>,
        buffer: std::collections::VecDeque<T>,
    }
    let state = State {
        fetch,
        next: Some(first),
        buffer: std::collections::VecDeque::new(),
    };
    Box::pin(futures_util::stream::unfold(
        state,
        move |mut st| async move {
            loop {
                if let Some(item) = st.buffer.pop_front() {
                    return Some((Ok(item), st));
                }
                let at = st.next.take()?;
                match (st.fetch)(at.clone()).await {
                    Err(e) => return Some((Err(e), st)),
                    Ok(page) => {
                        if !page.items.is_empty() {
                            st.next = page.next.filter(|next| *next != at);
                        }
                        st.buffer.extend(page.items);
                    }
                }
            }
        },
    ))
}

#[doc(hidden)]
/// The `into_stream()` of a take/skip (offset) list: pages of `take` items, from the `skip` the
/// caller set (else 0), until a short page, the `total` the response reports, or the first
/// error (yielded, then the stream ends).
pub fn paginate_pages<'a, T, E, F, Fut>(take: u32, first_skip: u32, fetch: F) -> ItemStream<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(PageRequest) -> Fut + Send + 'a,
    Fut: std::future::Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
{
    Box::pin(offset_loop(take, first_skip, fetch))
}

/// The take/skip loop of [`paginate_pages`] and [`paginate`].
fn offset_loop<T, E, F, Fut>(
    take: u32,
    first_skip: u32,
    mut fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, Error<E>>>,
{
    let take = take.max(1);
    page_loop(first_skip, move |skip| {
        let page = fetch(PageRequest { take, skip });
        async move {
            let page = page.await?;
            let received = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
            let next = skip.checked_add(received);
            let reached_total = matches!((page.total, next), (Some(total), Some(n)) if u64::from(n) >= total);
            let next = if received < take || reached_total { None } else { next };
            Ok(Paged { items: page.items, next })
        }
    })
}

#[doc(hidden)]
/// The `into_stream()` of a page-number list: pages of `per_page` items numbered from `first`
/// (the caller's, else 1), until a short page or the first error.
pub fn paginate_numbered<'a, T, E, F, Fut>(per_page: u32, first: u32, mut fetch: F) -> ItemStream<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(u32, u32) -> Fut + Send + 'a,
    Fut: std::future::Future<Output = Result<Vec<T>, Error<E>>> + Send + 'a,
{
    let per_page = per_page.max(1);
    paginate_with(first, move |page| {
        let items = fetch(per_page, page);
        async move {
            let items = items.await?;
            let full = items.len() >= per_page as usize;
            Ok(Paged { items, next: page.checked_add(1).filter(|_| full) })
        }
    })
}

/// The target of the `rel="next"` link of a `Link` header (RFC 8288), as written: relative
/// references are resolved by [`ClientCore::follow_link`](super::ClientCore::follow_link).
#[doc(hidden)]
pub fn next_link(headers: &super::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(link_values)
        .find(|(_, rels)| rels.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next")))
        .map(|(target, _)| target.to_owned())
}

/// The `(target, rel)` pairs of one `Link` header value: `<target>; param=value, …`, where a
/// quoted value may hold commas and semicolons.
fn link_values(value: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else { break };
        let target = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let mut rel = String::new();
        // Parameters run to the next comma outside quotes.
        let mut params = rest;
        loop {
            params = params.trim_start();
            let Some(after) = params.strip_prefix(';') else { break };
            let after = after.trim_start();
            let name_end = after.find(['=', ';', ',']).unwrap_or(after.len());
            let name = after[..name_end].trim();
            let mut tail = &after[name_end..];
            let mut val = String::new();
            if let Some(v) = tail.strip_prefix('=') {
                let v = v.trim_start();
                if let Some(quoted) = v.strip_prefix('"') {
                    let end = quoted.find('"').unwrap_or(quoted.len());
                    val = quoted[..end].to_owned();
                    tail = quoted.get(end + 1..).unwrap_or("");
                } else {
                    let end = v.find([';', ',']).unwrap_or(v.len());
                    val = v[..end].trim().to_owned();
                    tail = &v[end..];
                }
            }
            if name.eq_ignore_ascii_case("rel") && rel.is_empty() {
                rel = val;
            }
            params = tail;
        }
        out.push((target, rel));
        rest = params;
    }
    out
}

#[cfg(test)]
mod tests {
    use futures_util::{FutureExt as _, StreamExt as _};

    use super::super::{Error, StatusCode};
    use super::{next_link, paginate, paginate_numbered, paginate_pages, paginate_with, Page, PageRequest, Paged};

    /// Every item of a stream whose pages are all at hand.
    fn collect<S: futures_util::Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
        let mut out = Vec::new();
        while let Some(item) = stream.next().now_or_never().expect("pages at hand") {
            out.push(item);
        }
        out
    }

    /// The items of `0..len` that a page asks for, with `total` reported.
    fn page(req: PageRequest, len: u32, total: Option<u64>) -> Result<Page<u32>, Error<()>> {
        let items = (req.skip..len).take(req.take as usize).collect();
        Ok(Page { items, total })
    }

    fn values(items: Vec<Result<u32, Error<()>>>) -> Vec<u32> {
        items.into_iter().map(|i| i.expect("no error")).collect()
    }

    #[test]
    fn pages_end_at_a_short_page() {
        let mut asked = Vec::new();
        let items = collect(paginate_pages(2, 0, |req| {
            asked.push(req.skip);
            std::future::ready(page(req, 5, None))
        }));
        assert_eq!(values(items), [0, 1, 2, 3, 4]);
        assert_eq!(asked, [0, 2, 4]);
    }

    #[test]
    fn a_full_last_page_costs_one_empty_request_unless_a_total_says_so() {
        let mut asked = Vec::new();
        let items = collect(paginate_pages(2, 0, |req| {
            asked.push(req.skip);
            std::future::ready(page(req, 4, None))
        }));
        assert_eq!(values(items), [0, 1, 2, 3]);
        assert_eq!(asked, [0, 2, 4]);
        asked.clear();
        let items = collect(paginate_pages(2, 0, |req| {
            asked.push(req.skip);
            std::future::ready(page(req, 4, Some(4)))
        }));
        assert_eq!(values(items), [0, 1, 2, 3]);
        assert_eq!(asked, [0, 2]);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_stream() {
        let mut asked = Vec::new();
        let items = collect(paginate_pages(2, 0, |req| {
            asked.push(req.skip);
            let result = if req.skip == 2 { Err(Error::BodyTooLarge { limit: 1 }) } else { page(req, 10, None) };
            std::future::ready(result)
        }));
        assert_eq!(items.len(), 3);
        assert!(matches!(items[2], Err(Error::BodyTooLarge { limit: 1 })));
        assert_eq!(asked, [0, 2]);
    }

    #[test]
    fn the_first_skip_is_the_callers_and_take_is_at_least_one() {
        let mut asked = Vec::new();
        let items = collect(paginate_pages(0, 3, |req| {
            asked.push((req.take, req.skip));
            std::future::ready(page(req, 5, None))
        }));
        assert_eq!(values(items), [3, 4]);
        assert_eq!(asked, [(1, 3), (1, 4), (1, 5)]);
    }

    #[test]
    fn paginate_streams_plain_lists() {
        let mut asked = Vec::new();
        let items = collect(paginate(3, |req| {
            asked.push(req);
            let result: Result<Vec<u32>, Error<()>> = match req.skip {
                0 => Ok(vec![1, 2, 3]),
                3 => Err(Error::Api(Box::new(super::super::ApiError {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    headers: Default::default(),
                    body: (),
                }))),
                _ => unreachable!(),
            };
            std::future::ready(result)
        }));
        assert_eq!(items.len(), 4);
        assert_eq!(items[3].as_ref().err().and_then(Error::status), Some(StatusCode::TOO_MANY_REQUESTS));
        assert_eq!(asked, [PageRequest { take: 3, skip: 0 }, PageRequest { take: 3, skip: 3 }]);
    }

    #[test]
    fn page_requests_saturate_into_i32() {
        let req = PageRequest { take: 10, skip: u32::MAX };
        assert_eq!((req.take_i32(), req.skip_i32()), (10, i32::MAX));
    }

    #[test]
    fn the_loop_follows_next_until_there_is_none() {
        let mut asked = Vec::new();
        let items = collect(paginate_with("a", |at: &str| {
            asked.push(at.to_owned());
            let page = match at {
                "a" => Paged { items: vec![1, 2], next: Some("b") },
                _ => Paged { items: vec![3], next: None },
            };
            std::future::ready(Ok::<_, Error<()>>(page))
        }));
        assert_eq!(values(items), [1, 2, 3]);
        assert_eq!(asked, ["a", "b"]);
    }

    #[test]
    fn an_empty_page_ends_the_list_even_if_it_names_a_next() {
        let mut asked = 0;
        let items = collect(paginate_with(0u32, |at| {
            asked += 1;
            std::future::ready(Ok::<_, Error<()>>(Paged { items: Vec::<u32>::new(), next: Some(at + 1) }))
        }));
        assert!(items.is_empty());
        assert_eq!(asked, 1);
    }

    #[test]
    fn a_page_that_names_its_own_position_as_next_ends_the_list() {
        let mut asked = 0;
        let items = collect(paginate_with(Some("same".to_owned()), |at| {
            asked += 1;
            std::future::ready(Ok::<_, Error<()>>(Paged { items: vec![1u32], next: Some(at) }))
        }));
        assert_eq!(values(items), [1]);
        assert_eq!(asked, 1);
    }

    #[test]
    fn the_loop_yields_the_first_error_then_ends() {
        let mut asked = Vec::new();
        let items = collect(paginate_with(1u32, |at| {
            asked.push(at);
            let page: Result<_, Error<()>> = if at == 1 { Ok(Paged { items: vec![10], next: Some(2) }) } else { Err(Error::BodyTooLarge { limit: 9 }) };
            std::future::ready(page)
        }));
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1], Err(Error::BodyTooLarge { limit: 9 })));
        assert_eq!(asked, [1, 2]);
    }

    #[test]
    fn read_page_reads_an_answer_and_passes_an_error_through() {
        let answer = super::read_page(Box::pin(std::future::ready(Ok::<u32, Error<()>>(3))), |v| v * 2);
        assert_eq!(answer.now_or_never().map(|r| r.ok()), Some(Some(6)));
        let failed = super::read_page(Box::pin(std::future::ready(Err::<u32, Error<()>>(Error::BodyTooLarge { limit: 1 }))), |v| v * 2);
        assert!(matches!(failed.now_or_never(), Some(Err(Error::BodyTooLarge { limit: 1 }))));
    }

    #[test]
    fn numbered_pages_count_up_until_a_short_page() {
        let mut asked = Vec::new();
        let items = collect(paginate_numbered(2, 1, |per_page, page| {
            asked.push((per_page, page));
            let start = (page - 1) * per_page;
            std::future::ready(Ok::<_, Error<()>>((start..5.min(start + per_page)).collect::<Vec<u32>>()))
        }));
        assert_eq!(values(items), [0, 1, 2, 3, 4]);
        assert_eq!(asked, [(2, 1), (2, 2), (2, 3)]);
    }

    fn link_headers(values: &[&str]) -> super::super::HeaderMap {
        let mut h = super::super::HeaderMap::new();
        for v in values {
            h.append("link", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_next_link_is_found_among_others_whatever_the_order_and_case() {
        let github = r#"<https://api.test/x?page=1>; rel="prev", <https://api.test/x?page=3>; rel="next", <https://api.test/x?page=9>; rel="last""#;
        assert_eq!(next_link(&link_headers(&[github])).as_deref(), Some("https://api.test/x?page=3"));
        let loose = r#"</x?a=1,2>;title="a, b; <c>";REL=Next"#;
        assert_eq!(next_link(&link_headers(&[loose])).as_deref(), Some("/x?a=1,2"));
        let several = ["<https://a.test/1>; rel=prev", "<https://a.test/2>; rel=\"last next\""];
        assert_eq!(next_link(&link_headers(&several)).as_deref(), Some("https://a.test/2"));
    }

    #[test]
    fn no_next_link_means_none() {
        assert_eq!(next_link(&link_headers(&[r#"<https://a.test/1>; rel="prev", <https://a.test/9>; rel="nextish""#])), None);
        assert_eq!(next_link(&link_headers(&["garbage", "<unclosed; rel=next"])), None);
        assert_eq!(next_link(&link_headers(&[])), None);
    }
}
