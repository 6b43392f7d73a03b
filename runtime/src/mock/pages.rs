//! A paginated list served in pages: the stub holds every item and answers each request with
//! the page its query asks for, in the operation's paging style, with what that style needs to
//! find the next page (a next cursor or token, `has_more`, or a `Link` header).

use serde_json::{Map, Value};

/// The query parameters that choose a page, and where the next page is.
#[derive(Debug, Clone, Copy)]
pub enum PageQuery {
    /// Take/skip (limit/offset).
    Offset {
        /// The page-size parameter.
        take: &'static str,
        /// The items-to-skip parameter.
        skip: &'static str,
    },
    /// Page numbers counted from 1.
    Number {
        /// The page-number parameter.
        page: &'static str,
        /// The page-size parameter.
        per_page: &'static str,
    },
    /// A cursor parameter (Stripe's `starting_after`, OpenAI's `after`): the page starts after
    /// the item the cursor names.
    Cursor {
        /// The cursor parameter.
        param: &'static str,
        /// The page-size parameter, if the operation has one.
        size: Option<&'static str>,
        /// The items' field a cursor holds (`id`): a page starts after the item with that value.
        /// Without one, a cursor is a position the mock hands out.
        key: Option<&'static str>,
    },
    /// A page token (`pageToken`): each page hands out the token of the next (a position).
    Token {
        /// The token parameter.
        param: &'static str,
        /// The page-size parameter, if the operation has one.
        size: Option<&'static str>,
    },
    /// A `Link` header (GitHub): every page but the last links to the next with
    /// `rel="next"`, the request's URL with `param` moved on.
    Link {
        /// The parameter the next link changes.
        param: &'static str,
        /// What it counts.
        step: LinkStep,
        /// The page-size parameter, if the operation has one.
        size: Option<&'static str>,
    },
}

/// What the parameter a `Link` style's next link changes counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStep {
    /// Page numbers from 1 (`page`).
    Page,
    /// Items skipped (`offset`).
    Offset,
    /// An opaque cursor (`after`, `cursor`): a position the mock hands out.
    Cursor,
}

/// Where a page's parts go in the body.
#[derive(Debug, Clone, Copy)]
pub struct PageLayout {
    /// The field that holds the items; `None` when the body is the list itself.
    pub items: Option<&'static str>,
    /// The field that reports the total number of items, if any.
    pub total: Option<&'static str>,
    /// The field that holds the next cursor or token (cursor and token styles).
    pub next: Option<&'static str>,
    /// The boolean field that says more pages follow.
    pub has_more: Option<&'static str>,
    /// The field that holds the first item's key (OpenAI's `first_id`).
    pub first: Option<&'static str>,
    /// The page object's other required fields, as a JSON object of placeholders.
    pub skeleton: &'static str,
    /// The page size when the request sets none.
    pub size: u32,
    /// The envelope around the page: its skeleton and payload field.
    pub envelope: Option<(&'static str, &'static str)>,
}

/// Every item of a list, and how to cut and wrap a page of it.
#[derive(Debug, Clone)]
pub(super) struct Pager {
    pub items: Vec<Value>,
    pub query: PageQuery,
    pub layout: PageLayout,
}

/// One page as sent: the body, and the `Link` header's value if there is a next page to link.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Served {
    pub body: Vec<u8>,
    pub link: Option<String>,
}

/// The items a request asks for (`start..end`), and the value that asks for the next page.
struct Cut {
    start: usize,
    end: usize,
    next: Option<String>,
}

impl Pager {
    /// The page a request asks for. `query` is its decoded query, `url` its URL without the
    /// query (a `Link` style's next link is that URL with the query moved on).
    pub fn page(&self, url: &str, query: &[(String, String)]) -> Served {
        let cut = self.cut(query);
        let slice = &self.items[cut.start..cut.end];
        let more = cut.next.is_some();
        let page = match self.layout.items {
            None => Value::Array(slice.to_vec()),
            Some(field) => {
                let mut object: Map<String, Value> = serde_json::from_str(self.layout.skeleton).unwrap_or_default();
                object.insert(field.to_owned(), Value::Array(slice.to_vec()));
                if let Some(total) = self.layout.total {
                    object.insert(total.to_owned(), Value::from(self.items.len()));
                }
                if let Some(has_more) = self.layout.has_more {
                    object.insert(has_more.to_owned(), Value::Bool(more));
                }
                let key = self.key();
                if let (Some(first), Some(id)) = (self.layout.first, key.and_then(|k| slice.first().map(|i| key_of(i, k)))) {
                    object.insert(first.to_owned(), Value::String(id));
                }
                // The last page keeps the skeleton's placeholder (an empty cursor ends the
                // client's stream too), but where `has_more` ends the list the cursor names the
                // last item, as OpenAI's `last_id` does.
                let last = key.filter(|_| self.layout.has_more.is_some()).and_then(|k| slice.last().map(|i| key_of(i, k)));
                if let (Some(next), Some(cursor)) = (self.layout.next, cut.next.clone().or(last)) {
                    object.insert(next.to_owned(), Value::String(cursor));
                }
                Value::Object(object)
            }
        };
        let body = match self.layout.envelope {
            None => page,
            Some((skeleton, payload)) => {
                let mut envelope: Map<String, Value> = serde_json::from_str(skeleton).unwrap_or_default();
                envelope.insert(payload.to_owned(), page);
                Value::Object(envelope)
            }
        };
        let link = match (self.query, cut.next) {
            (PageQuery::Link { param, .. }, Some(next)) => Some(next_link(url, query, param, &next)),
            _ => None,
        };
        Served { body: serde_json::to_vec(&body).unwrap_or_default(), link }
    }

    fn key(&self) -> Option<&'static str> {
        match self.query {
            PageQuery::Cursor { key, .. } => key,
            _ => None,
        }
    }

    /// Which items the request asks for, and (when more follow) what asks for the next page.
    fn cut(&self, query: &[(String, String)]) -> Cut {
        let text = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let number = |name: &str| text(name).and_then(|v| v.parse::<usize>().ok());
        let default = self.layout.size as usize;
        let size_of = |p: Option<&str>| p.and_then(number).unwrap_or(default);
        let len = self.items.len();
        let (start, size) = match self.query {
            PageQuery::Offset { take, skip } => (number(skip).unwrap_or(0), number(take).unwrap_or(default)),
            PageQuery::Number { page, per_page } => {
                let per_page = number(per_page).unwrap_or(default);
                (number(page).unwrap_or(1).saturating_sub(1).saturating_mul(per_page), per_page)
            }
            PageQuery::Cursor { param, size, key } => (self.after(text(param), key), size_of(size)),
            PageQuery::Token { param, size } => (self.after(text(param), None), size_of(size)),
            PageQuery::Link { param, step, size } => {
                let size = size_of(size);
                let start = match step {
                    LinkStep::Page => number(param).unwrap_or(1).saturating_sub(1).saturating_mul(size),
                    LinkStep::Offset => number(param).unwrap_or(0),
                    LinkStep::Cursor => self.after(text(param), None),
                };
                (start, size)
            }
        };
        let start = start.min(len);
        let end = start.saturating_add(size).min(len);
        // A page of no items asks for no next one, so a client cannot loop.
        let next = (end < len && end > start).then(|| match self.query {
            PageQuery::Cursor { key: Some(key), .. } => key_of(&self.items[end - 1], key),
            PageQuery::Link { step: LinkStep::Page, .. } => (end / size.max(1) + 1).to_string(),
            _ => end.to_string(),
        });
        Cut { start, end, next }
    }

    /// Where the page after `cursor` starts: after the item whose `key` is the cursor, else at
    /// the position the cursor is; a cursor that names nothing is past the end.
    fn after(&self, cursor: Option<&str>, key: Option<&str>) -> usize {
        let len = self.items.len();
        match (cursor.filter(|c| !c.is_empty()), key) {
            (None, _) => 0,
            (Some(c), Some(key)) => self.items.iter().position(|i| key_of(i, key) == c).map_or(len, |i| i + 1),
            (Some(c), None) => c.parse().unwrap_or(len),
        }
    }
}

/// An item's key as the client sends it back: a string as is, anything else as JSON.
fn key_of(item: &Value, key: &str) -> String {
    match item.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// `url` with the query `query`, `param` set to `value`, as a `Link` header value.
fn next_link(url: &str, query: &[(String, String)], param: &str, value: &str) -> String {
    let mut form = reqwest::Url::parse("http://query.invalid/").expect("a URL");
    form.query_pairs_mut()
        .extend_pairs(query.iter().filter(|(k, _)| k != param).map(|(k, v)| (k.as_str(), v.as_str())))
        .append_pair(param, value);
    format!("<{url}?{}>; rel=\"next\"", form.query().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::{LinkStep, PageLayout, PageQuery, Pager};
    use serde_json::{json, Value};

    const LAYOUT: PageLayout = PageLayout {
        items: Some("data"),
        total: None,
        next: None,
        has_more: None,
        first: None,
        skeleton: "{\"object\":\"list\"}",
        size: 2,
        envelope: None,
    };

    fn pager(query: PageQuery, layout: PageLayout) -> Pager {
        Pager { items: (0..5).map(|i| json!({"id": format!("i{i}")})).collect(), query, layout }
    }

    fn page(pager: &Pager, query: &[(&str, &str)]) -> (Value, Option<String>) {
        let query: Vec<(String, String)> = query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let served = pager.page("http://127.0.0.1:1/list", &query);
        (serde_json::from_slice(&served.body).expect("json"), served.link)
    }

    fn ids(page: &Value) -> Vec<&str> {
        let items = page.get("data").unwrap_or(page);
        items.as_array().expect("items").iter().filter_map(|i| i["id"].as_str()).collect()
    }

    #[test]
    fn a_cursor_names_the_last_item_and_has_more_says_whether_more_follow() {
        let stripe = pager(
            PageQuery::Cursor { param: "starting_after", size: Some("limit"), key: Some("id") },
            PageLayout { has_more: Some("has_more"), ..LAYOUT },
        );
        let (first, _) = page(&stripe, &[]);
        assert_eq!((ids(&first), &first["has_more"], &first["object"]), (vec!["i0", "i1"], &json!(true), &json!("list")));
        let (last, _) = page(&stripe, &[("starting_after", "i2"), ("limit", "3")]);
        assert_eq!((ids(&last), &last["has_more"]), (vec!["i3", "i4"], &json!(false)));
        let (none, _) = page(&stripe, &[("starting_after", "nope")]);
        assert_eq!(ids(&none), Vec::<&str>::new(), "a cursor that names no item is past the end");
    }

    #[test]
    fn a_page_cursor_is_the_last_key_and_first_names_the_first() {
        let openai = pager(
            PageQuery::Cursor { param: "after", size: None, key: Some("id") },
            PageLayout { has_more: Some("has_more"), next: Some("last_id"), first: Some("first_id"), ..LAYOUT },
        );
        let (first, _) = page(&openai, &[("after", "i1")]);
        assert_eq!((ids(&first), &first["first_id"], &first["last_id"]), (vec!["i2", "i3"], &json!("i2"), &json!("i3")));
        let (last, _) = page(&openai, &[("after", "i3")]);
        assert_eq!((&last["last_id"], &last["has_more"]), (&json!("i4"), &json!(false)));
    }

    #[test]
    fn a_token_is_handed_out_while_more_follow_and_the_last_page_keeps_the_placeholder() {
        let tokens = pager(PageQuery::Token { param: "pageToken", size: None }, PageLayout { next: Some("next"), ..LAYOUT });
        let (first, _) = page(&tokens, &[]);
        assert_eq!((ids(&first), &first["next"]), (vec!["i0", "i1"], &json!("2")));
        let (last, _) = page(&tokens, &[("pageToken", "4")]);
        assert_eq!((ids(&last), last.get("next")), (vec!["i4"], None));
    }

    #[test]
    fn a_link_moves_the_page_number_on_and_keeps_the_rest_of_the_query() {
        let linked = pager(PageQuery::Link { param: "page", step: LinkStep::Page, size: Some("per_page") }, PageLayout { items: None, ..LAYOUT });
        let (first, link) = page(&linked, &[("q", "a b"), ("per_page", "2")]);
        assert_eq!(ids(&first), vec!["i0", "i1"]);
        assert_eq!(link.as_deref(), Some("<http://127.0.0.1:1/list?q=a+b&per_page=2&page=2>; rel=\"next\""));
        let (last, link) = page(&linked, &[("page", "3"), ("per_page", "2")]);
        assert_eq!((ids(&last), link), (vec!["i4"], None));
        let by_cursor = pager(PageQuery::Link { param: "after", step: LinkStep::Cursor, size: None }, LAYOUT);
        assert_eq!(page(&by_cursor, &[("after", "2")]).1.as_deref(), Some("<http://127.0.0.1:1/list?after=4>; rel=\"next\""));
    }
}
