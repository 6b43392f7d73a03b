//! What travels in a request or a response besides the parameters: the request body, the
//! response statuses (success and error, ranges and `default`), each status's headers and body,
//! and the media types of a body with the schemas under them.

use indexmap::IndexMap;

use super::operations::Op;
use super::{Cx, Dir};
use crate::pointer::pointer;
use crate::diff::policy::Deprecation;
use crate::document::{Header, MediaType, Operation, RequestBody, Response, StatusKey};

impl<'a> Cx<'a> {
    pub(super) fn request_body(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let body = |b: &'a RequestBody| (b, b.pointer.clone());
        match (o.op.request_body.as_ref().map(body), n.op.request_body.as_ref().map(body)) {
            (None, None) => {}
            (None, Some((b, bp))) => {
                let (rule, word) = if b.required { ("request-body-added-required", "a required") } else { ("request-body-added-optional", "an optional") };
                self.push(rule, format!("{} now takes {word} request body", n.label()), Some(o.ptr().to_owned()), Some(bp));
            }
            (Some((_, ap)), None) => {
                self.push("request-body-removed", format!("{} no longer takes a request body", n.label()), Some(ap), Some(n.ptr().to_owned()));
            }
            (Some((a, ap)), Some((b, bp))) => {
                if !a.required && b.required {
                    self.push("request-body-became-required", "the request body became required", Some(ap.clone()), Some(pointer(&bp, &["required"])));
                } else if a.required && !b.required {
                    self.push("request-body-became-optional", "the request body became optional", Some(ap.clone()), Some(bp.clone()));
                }
                self.content(&a.content, &b.content, &ap, &bp, Dir::Request, "request body");
            }
        }
    }

    /// Compares the media types of a body (request) or of one response status.
    fn content(
        &mut self,
        a: &'a IndexMap<String, MediaType>,
        b: &'a IndexMap<String, MediaType>,
        ap: &str,
        bp: &str,
        dir: Dir,
        what: &str,
    ) {
        for (media, m) in a {
            let at_old = pointer(ap, &["content", media]);
            match b.get(media) {
                Some(nm) => {
                    let at_new = pointer(bp, &["content", media]);
                    for (key, x, y) in [("schema", &m.schema, &nm.schema), ("itemSchema", &m.item_schema, &nm.item_schema)] {
                        match (x, y) {
                            (Some(x), Some(y)) => self.schema(x, y, dir, what),
                            (None, Some(_)) => {
                                let rule = match dir {
                                    Dir::Request => "request-schema-added",
                                    Dir::Response => "response-schema-added",
                                };
                                self.push(rule, format!("{what}: `{media}` now has a `{key}`"), Some(at_old.clone()), Some(pointer(&at_new, &[key])));
                            }
                            (Some(_), None) => {
                                let rule = match dir {
                                    Dir::Request => "request-schema-removed",
                                    Dir::Response => "response-schema-removed",
                                };
                                self.push(rule, format!("{what}: `{media}` no longer has a `{key}`"), Some(pointer(&at_old, &[key])), Some(at_new.clone()));
                            }
                            (None, None) => {}
                        }
                    }
                }
                None => {
                    let rule = match dir {
                        Dir::Request => "request-media-type-removed",
                        Dir::Response => "response-media-type-removed",
                    };
                    self.push(rule, format!("{what}: media type `{media}` was removed"), Some(at_old), Some(pointer(bp, &["content"])));
                }
            }
        }
        for media in b.keys().filter(|m| !a.contains_key(*m)) {
            let rule = match dir {
                Dir::Request => "request-media-type-added",
                Dir::Response => "response-media-type-added",
            };
            self.push(rule, format!("{what}: media type `{media}` was added"), Some(pointer(ap, &["content"])), Some(pointer(bp, &["content", media])));
        }
    }

    pub(super) fn responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        type Entry<'r> = (String, &'r Response);
        fn entries(op: &Operation) -> Vec<Entry<'_>> {
            // `default` last, as the status order reads.
            let (mut out, default): (Vec<Entry<'_>>, Vec<Entry<'_>>) =
                op.responses.iter().map(|r| (r.status.key(), r)).partition(|(_, r)| r.status != StatusKey::Default);
            out.extend(default);
            out
        }
        let a = entries(o.op);
        let b = entries(n.op);
        let has = |list: &[Entry<'_>], k: &str| list.iter().any(|(x, _)| x == k);
        let resp_ptr = |op: &Op<'_>, k: &str| pointer(op.ptr(), &["responses", k]);
        let old_success: Vec<&str> = a.iter().filter(|(_, r)| r.status.is_success()).map(|(k, _)| k.as_str()).collect();
        let new_success: Vec<&str> = b.iter().filter(|(_, r)| r.status.is_success()).map(|(k, _)| k.as_str()).collect();
        let gone: Vec<&str> = old_success.iter().copied().filter(|k| !new_success.contains(k)).collect();
        // A new success status is a surprise unless an old range (`2XX`) or `default` covered it.
        let covered = |k: &str| has(&a, "2XX") || has(&a, "default") || (k.len() == 3 && has(&a, &format!("{}XX", &k[..1])));
        let fresh: Vec<&str> = new_success.iter().copied().filter(|k| !old_success.contains(k)).collect();
        if !gone.is_empty() && gone.len() == old_success.len() && !fresh.is_empty() {
            self.push(
                "success-status-changed",
                format!("success status changed from {} to {}", old_success.join(", "), new_success.join(", ")),
                Some(resp_ptr(o, gone[0])),
                Some(resp_ptr(n, fresh[0])),
            );
        } else {
            for k in &fresh {
                if !covered(k) {
                    self.push("success-status-added", format!("new success status {k}, which the old client does not expect"), Some(pointer(o.ptr(), &["responses"])), Some(resp_ptr(n, k)));
                }
            }
            // With no success status left (and no `default`), every answer is an error to the client.
            let none_left = new_success.is_empty() && !has(&b, "default");
            for k in &gone {
                let rule = if none_left { "success-status-all-removed" } else { "success-status-removed" };
                self.push(rule, format!("success status {k} was removed"), Some(resp_ptr(o, k)), Some(pointer(n.ptr(), &["responses"])));
            }
        }
        for (k, _) in a.iter().filter(|(k, r)| !r.status.is_success() && !has(&b, k)) {
            self.push("error-status-removed", format!("documented error status {k} was removed"), Some(resp_ptr(o, k)), Some(pointer(n.ptr(), &["responses"])));
        }
        for (k, _) in b.iter().filter(|(k, r)| !r.status.is_success() && !has(&a, k)) {
            self.push("error-status-added", format!("new documented error status {k}"), Some(pointer(o.ptr(), &["responses"])), Some(resp_ptr(n, k)));
        }
        for (k, ra) in &a {
            let Some((_, rb)) = b.iter().find(|(x, _)| x == k) else { continue };
            let (pa, pb) = (&ra.pointer, &rb.pointer);
            let what = format!("{k} response");
            self.headers(&ra.headers, &rb.headers, pa, pb, &what);
            match (ra.content.is_empty(), rb.content.is_empty()) {
                (false, true) => self.push("response-body-removed", format!("the {what} no longer has a body"), Some(pointer(pa, &["content"])), Some(pb.clone())),
                (true, false) => self.push("response-body-added", format!("the {what} now has a body"), Some(pa.clone()), Some(pointer(pb, &["content"]))),
                (true, true) => {}
                (false, false) => self.content(&ra.content, &rb.content, pa, pb, Dir::Response, &what),
            }
        }
    }

    /// The headers of one response status. Names are case-insensitive.
    fn headers(&mut self, a: &'a IndexMap<String, Header>, b: &'a IndexMap<String, Header>, pa: &str, pb: &str, what: &str) {
        let find = |list: &'a IndexMap<String, Header>, name: &str| list.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        for (name, ha) in a {
            match find(b, name) {
                None => {
                    let rule = if ha.required { "response-header-removed" } else { "response-optional-header-removed" };
                    let dep = ha.deprecated.then(Deprecation::default);
                    self.push_deprecated(rule, format!("{what}: header `{name}` was removed"), Some(ha.pointer.clone()), Some(pointer(pb, &["headers"])), dep);
                }
                Some((_, hb)) => {
                    if ha.required && !hb.required {
                        self.push("response-header-became-optional", format!("{what}: header `{name}` became optional"), Some(ha.pointer.clone()), Some(hb.pointer.clone()));
                    }
                    if let (Some(x), Some(y)) = (&ha.schema, &hb.schema) {
                        self.schema(x, y, Dir::Response, &format!("{what}: header `{name}`"));
                    }
                }
            }
        }
        for (name, hb) in b.iter().filter(|(n, _)| find(a, n).is_none()) {
            self.push("response-header-added", format!("{what}: new header `{name}`"), Some(pointer(pa, &["headers"])), Some(hb.pointer.clone()));
        }
    }
}
