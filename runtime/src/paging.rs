//! Paging: streams of every item of a take/skip list operation, fetched a page at a time
//! ([`paginate`] for hand-written code, `paginate_pages` for generated `into_stream()`).

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
    paginate_pages(take, 0, move |page| {
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

#[doc(hidden)]
/// The `into_stream()` of an operation marked `x-pagination`: pages of `take` items, from the
/// `skip` the caller set (else 0), until a short page, the `total` the response reports, or the
/// first error (yielded, then the stream ends).
// `Send` and lifetimes come through from `fetch`: the stream is `Send` when it is.
pub fn paginate_pages<T, E, F, Fut>(
    take: u32,
    first_skip: u32,
    fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, Error<E>>>,
{
    struct State<T, F> {
        fetch: F,
        next_skip: Option<u32>,
        buffer: std::collections::VecDeque<T>,
    }
    let take = take.max(1);
    let state = State {
        fetch,
        next_skip: Some(first_skip),
        buffer: std::collections::VecDeque::new(),
    };
    Box::pin(futures_util::stream::unfold(
        state,
        move |mut st| async move {
            loop {
                if let Some(item) = st.buffer.pop_front() {
                    return Some((Ok(item), st));
                }
                let skip = st.next_skip?;
                match (st.fetch)(PageRequest { take, skip }).await {
                    Err(e) => {
                        st.next_skip = None;
                        return Some((Err(e), st));
                    }
                    Ok(page) => {
                        let received = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
                        let next = skip.checked_add(received);
                        let reached_total = matches!((page.total, next), (Some(total), Some(n)) if u64::from(n) >= total);
                        st.next_skip = if received < take || reached_total {
                            None
                        } else {
                            next
                        };
                        st.buffer.extend(page.items);
                    }
                }
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use futures_util::{FutureExt as _, StreamExt as _};

    use super::super::{Error, StatusCode};
    use super::{paginate, paginate_pages, Page, PageRequest};

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
}
