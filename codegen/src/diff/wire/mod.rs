//! Wire level: would a client built for the old spec fail against a server implementing the new
//! one? Reads both resolved documents ([`crate::document`]) and judges each difference by its
//! direction: what the client sends (request) must not become stricter, what it receives
//! (response) must not become looser.
//!
//! This module holds what the whole walk shares (the context `Cx` with its findings, the
//! deprecation helpers) and the document-level checks (servers, webhooks). The rest is split by
//! what is compared:
//! - `operations`: operations paired by method and path (or moved by `operationId`), their
//!   parameters and response envelope;
//! - `messages`: request bodies and responses: statuses, media types, headers;
//! - `security`: security schemes, requirements and OAuth2 scopes;
//! - `schema`: two schemas at the same place, in one direction: the walk itself and the scalar
//!   shape (type, format, nullability, content keywords, items and map values), reading both
//!   sides through `view` (a schema flattened for comparison, `allOf` merged); its other parts
//!   are `properties`, `enums` (enum values, `const`, a schema admitting nothing),
//!   `constraints` (numeric, string, array and object limits, keywords compared as written)
//!   and `composition` (`oneOf`/`anyOf` alternatives, a schema newly wrapped in a `oneOf`).

mod composition;
mod constraints;
mod enums;
mod messages;
mod operations;
mod properties;
mod schema;
mod security;
mod view;

use std::collections::HashSet;

use indexmap::IndexMap;

use super::policy::Deprecation;
use super::{Finding, Findings};
use crate::document::{Document, Operation, Schema, SchemaOrRef};

/// Which way a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dir {
    Request,
    Response,
}

/// Compares two documents at wire level.
pub(crate) fn compare(old: &Document, new: &Document) -> Vec<Finding> {
    let mut cx = Cx { old, new, out: Findings::default(), op: None, seen: HashSet::new() };
    cx.servers();
    cx.schemes();
    cx.operations();
    cx.webhooks();
    cx.out.into_vec()
}

struct Cx<'a> {
    old: &'a Document,
    new: &'a Document,
    out: Findings,
    /// The operation being compared (`GET /pets`), named on every finding.
    op: Option<String>,
    /// Schema pairs already compared for this operation (cuts recursion through cycles).
    seen: HashSet<(String, String, Dir)>,
}

/// `Some` when `deprecated`, with the node's `x-sunset`.
fn deprecation(deprecated: bool, extensions: &IndexMap<String, serde_json::Value>) -> Option<Deprecation> {
    deprecated.then(|| Deprecation { sunset: extensions.get("x-sunset").and_then(|v| v.as_str()).map(str::to_owned) })
}

/// Follows references to the schema itself and its pointer; `None` for a dangling reference.
fn resolve<'a>(doc: &'a Document, r: &'a SchemaOrRef) -> Option<(&'a Schema, String)> {
    doc.resolve(r).map(|s| (s, s.pointer.clone()))
}

/// A JSON value as code in a message: a string without its quotes.
fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

impl Cx<'_> {
    /// 3.1 webhooks, by name and method: the events the API sends to the user's server.
    fn webhooks(&mut self) {
        let key = |o: &Operation| o.pointer.clone();
        for o in &self.old.webhooks {
            if !self.new.webhooks.iter().any(|n| key(n) == key(o)) {
                self.push("webhook-removed", format!("webhook {} is no longer sent", o.pointer.trim_start_matches("/webhooks/")), Some(o.pointer.clone()), None);
            }
        }
        for n in &self.new.webhooks {
            if !self.old.webhooks.iter().any(|o| key(o) == key(n)) {
                self.push("webhook-added", format!("new webhook {}", n.pointer.trim_start_matches("/webhooks/")), None, Some(n.pointer.clone()));
            }
        }
    }

    /// An item deprecated on both sides whose `x-sunset` (the promised last day) was dropped
    /// or moved earlier.
    fn sunset(&mut self, what: &str, old: Option<Deprecation>, new: Option<Deprecation>, ap: &str, bp: &str) {
        let (Some(Deprecation { sunset: Some(was) }), Some(now)) = (old, new) else { return };
        match now.sunset {
            None => self.push("sunset-removed", format!("{what}: its x-sunset `{was}` was removed"), Some(ap.to_owned()), Some(bp.to_owned())),
            Some(is) => {
                if let (Some(x), Some(y)) = (super::policy::Day::parse(&was), super::policy::Day::parse(&is)) {
                    if y < x {
                        self.push("sunset-moved-earlier", format!("{what}: x-sunset moved earlier, from {was} to {is}"), Some(ap.to_owned()), Some(bp.to_owned()));
                    }
                }
            }
        }
    }

    fn push(&mut self, rule: &'static str, message: impl Into<String>, old: Option<String>, new: Option<String>) {
        self.push_deprecated(rule, message, old, new, None);
    }

    /// A finding about a node that is deprecated (the removed node, or the newly deprecated one).
    fn push_deprecated(&mut self, rule: &'static str, message: impl Into<String>, old: Option<String>, new: Option<String>, d: Option<Deprecation>) {
        let f = Finding::new(rule, message, old, new).on(self.op.as_deref()).deprecated(d);
        self.out.push(f);
    }

    fn servers(&mut self) {
        let urls = |d: &Document| d.servers.iter().map(|s| s.url.clone()).collect::<Vec<_>>();
        let (a, b) = (urls(self.old), urls(self.new));
        if a != b {
            self.push(
                "servers-changed",
                format!("servers changed from [{}] to [{}]", a.join(", "), b.join(", ")),
                Some("/servers".into()),
                Some("/servers".into()),
            );
        }
    }
}
