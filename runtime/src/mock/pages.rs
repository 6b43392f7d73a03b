//! A paginated list served in pages: the stub holds every item and answers each request with
//! the page its query asks for, in the operation's paging style.

use serde_json::{Map, Value};

/// The query parameters that choose a page.
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
}

/// Where a page's items go in the body.
#[derive(Debug, Clone, Copy)]
pub struct PageLayout {
    /// The field that holds the items; `None` when the body is the list itself.
    pub items: Option<&'static str>,
    /// The field that reports the total number of items, if any.
    pub total: Option<&'static str>,
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

impl Pager {
    /// The body of the page `query` asks for.
    pub fn page(&self, query: &[(String, String)]) -> Vec<u8> {
        let number = |name: &str| query.iter().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok());
        let size = self.layout.size as usize;
        let (skip, take) = match self.query {
            PageQuery::Offset { take, skip } => (number(skip).unwrap_or(0), number(take).unwrap_or(size)),
            PageQuery::Number { page, per_page } => {
                let per_page = number(per_page).unwrap_or(size);
                (number(page).unwrap_or(1).saturating_sub(1) * per_page, per_page)
            }
        };
        let slice: Vec<Value> = self.items.iter().skip(skip).take(take).cloned().collect();
        let page = match self.layout.items {
            None => Value::Array(slice),
            Some(field) => {
                let mut object: Map<String, Value> = serde_json::from_str(self.layout.skeleton).unwrap_or_default();
                object.insert(field.to_owned(), Value::Array(slice));
                if let Some(total) = self.layout.total {
                    object.insert(total.to_owned(), Value::from(self.items.len()));
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
        serde_json::to_vec(&body).unwrap_or_default()
    }
}
