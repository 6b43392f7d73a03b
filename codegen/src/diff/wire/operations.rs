//! Operations: paired by method and path (or, when one moved, by `operationId`), then compared
//! one by one: deprecation and sunset, stability level, path variable names, parameters (path
//! ones paired by template position, the rest by name and location) and the response envelope.
//! The per-operation walk goes on into `messages` (bodies, responses) and `security`.

use crate::diff::policy::Stability;
use super::{deprecation, show, Cx, Dir};
use crate::pointer::pointer;
use crate::document::{Document, Operation, ParamIn, Parameter, SchemaOrRef};

/// One operation of a document.
pub(super) struct Op<'a> {
    key: String,
    pub(super) op: &'a Operation,
}

impl Op<'_> {
    pub(super) fn ptr(&self) -> &str {
        &self.op.pointer
    }

    pub(super) fn label(&self) -> String {
        self.op.label()
    }

    fn path(&self) -> &str {
        &self.op.path.raw
    }
}

fn operations(doc: &Document) -> Vec<Op<'_>> {
    doc.operations
        .iter()
        .map(|op| Op { key: format!("{} {}", op.method.to_ascii_uppercase(), op.path.route()), op })
        .collect()
}

/// A parameter of an operation (refs and path-level inheritance already applied by the model).
struct Param<'a> {
    p: &'a Parameter,
}

impl Param<'_> {
    fn ptr(&self) -> &str {
        &self.p.pointer
    }

    fn name(&self) -> &str {
        &self.p.name
    }

    fn location(&self) -> &'static str {
        self.p.location.as_str()
    }

    fn is_path(&self) -> bool {
        self.p.location == ParamIn::Path
    }

    fn required(&self) -> bool {
        self.p.required
    }

    /// `style` and effective `explode` of a query parameter.
    fn style(&self) -> Option<String> {
        if self.p.location != ParamIn::Query {
            return None;
        }
        let style = self.p.style.clone().unwrap_or_else(|| "form".into());
        let default_explode = style == "form";
        Some(format!("style: {style}, explode: {}", self.p.explode.unwrap_or(default_explode)))
    }
}

/// A path parameter its operation's template does not name.
fn stray(p: &Param<'_>, template: &[String]) -> bool {
    p.is_path() && !template.iter().any(|t| t == p.name())
}

fn params<'a>(op: &Op<'a>) -> Vec<Param<'a>> {
    op.op.parameters.iter().map(|p| Param { p }).collect()
}

impl<'a> Cx<'a> {
    pub(super) fn operations(&mut self) {
        let olds = operations(self.old);
        let news = operations(self.new);
        let mut matched_new = vec![false; news.len()];
        let mut unmatched_old = Vec::new();
        for o in &olds {
            match news.iter().position(|n| n.key == o.key) {
                Some(i) => {
                    matched_new[i] = true;
                    self.operation(o, &news[i]);
                }
                None => unmatched_old.push(o),
            }
        }
        for o in unmatched_old {
            let moved = o.op.operation_id.as_ref().and_then(|id| {
                news.iter().enumerate().find(|(i, n)| !matched_new[*i] && n.op.operation_id.as_ref() == Some(id))
            });
            self.op = Some(o.label());
            match moved {
                Some((i, n)) => {
                    matched_new[i] = true;
                    let id = o.op.operation_id.clone().unwrap_or_default();
                    self.push(
                        "operation-moved",
                        format!("operation `{id}` moved from {} to {}", o.label(), n.label()),
                        Some(o.ptr().to_owned()),
                        Some(n.ptr().to_owned()),
                    );
                }
                None => self.push_deprecated(
                    "operation-removed",
                    format!("{} was removed", o.label()),
                    Some(o.ptr().to_owned()),
                    None,
                    deprecation(o.op.deprecated, &o.op.extensions),
                ),
            }
        }
        for (n, _) in news.iter().zip(&matched_new).filter(|(_, m)| !**m) {
            self.op = Some(n.label());
            self.push("operation-added", format!("{} was added", n.label()), None, Some(n.ptr().to_owned()));
        }
        self.op = None;
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        self.op = Some(n.label());
        self.seen.clear();
        if !o.op.deprecated && n.op.deprecated {
            self.push_deprecated(
                "operation-deprecated",
                format!("{} is now deprecated", n.label()),
                Some(o.ptr().to_owned()),
                Some(pointer(n.ptr(), &["deprecated"])),
                deprecation(true, &n.op.extensions),
            );
        }
        let (da, db) = (deprecation(o.op.deprecated, &o.op.extensions), deprecation(n.op.deprecated, &n.op.extensions));
        self.sunset(&n.label(), da, db, o.ptr(), n.ptr());
        if let (Some(a), b) = (Stability::of(o.op), Stability::of(n.op).unwrap_or(Stability::Stable)) {
            if b < a {
                let ptr = Some(pointer(n.ptr(), &["x-stability-level"]));
                self.push("operation-stability-decreased", format!("{} went from {} to {}", n.label(), a.as_str(), b.as_str()), Some(o.ptr().to_owned()), ptr);
            }
        }
        let tn_old: Vec<String> = o.op.path.names().map(str::to_owned).collect();
        let tn_new: Vec<String> = n.op.path.names().map(str::to_owned).collect();
        for (a, b) in tn_old.iter().zip(&tn_new) {
            if a != b {
                self.push(
                    "path-param-renamed",
                    format!("path variable `{{{a}}}` was renamed to `{{{b}}}` in {}", n.label()),
                    Some(pointer("/paths", &[o.path()])),
                    Some(pointer("/paths", &[n.path()])),
                );
            }
        }
        self.parameters(o, n, &tn_old, &tn_new);
        self.request_body(o, n);
        self.responses(o, n);
        self.security(o, n);
        self.security_scopes(o, n);
        self.envelope(o, n);
    }


    fn parameters(&mut self, o: &Op<'a>, n: &Op<'a>, tn_old: &[String], tn_new: &[String]) {
        let po = params(o);
        let pn = params(n);
        // Path parameters pair by template position; the rest by (name, in). A path parameter
        // the template lacks (read with a warning) pairs by name too: it is still compared.
        let partner = |p: &Param<'_>, from: &[String], to: &[String], others: &'_ [Param<'a>]| -> Option<usize> {
            if p.is_path() && !stray(p, from) {
                let pos = from.iter().position(|t| t == p.name())?;
                let name = to.get(pos)?;
                others.iter().position(|q| q.is_path() && q.name() == name)
            } else {
                others.iter().position(|q| q.name() == p.name() && q.location() == p.location() && (!q.is_path() || stray(q, to)))
            }
        };
        let mut seen_new = vec![false; pn.len()];
        for p in &po {
            match partner(p, tn_old, tn_new, &pn) {
                Some(i) => {
                    seen_new[i] = true;
                    self.parameter(p, &pn[i]);
                }
                None if p.is_path() && !stray(p, tn_old) => {}
                None => {
                    let moved = pn.iter().position(|q| q.name() == p.name() && !q.is_path());
                    match moved {
                        Some(i) => {
                            seen_new[i] = true;
                            self.push(
                                "request-param-moved",
                                format!("parameter `{}` moved from {} to {}", p.name(), p.location(), pn[i].location()),
                                Some(p.ptr().to_owned()),
                                Some(pn[i].ptr().to_owned()),
                            );
                        }
                        None => self.push_deprecated(
                            "request-param-removed",
                            format!("{} parameter `{}` was removed", p.location(), p.name()),
                            Some(p.ptr().to_owned()),
                            Some(pointer(n.ptr(), &["parameters"])),
                            deprecation(p.p.deprecated, &p.p.extensions),
                        ),
                    }
                }
            }
        }
        for (q, _) in pn.iter().zip(&seen_new).filter(|(_, s)| !**s) {
            if q.is_path() && !stray(q, tn_new) {
                continue;
            }
            let (rule, word) =
                if q.required() { ("request-param-added-required", "required") } else { ("request-param-added-optional", "optional") };
            self.push(rule, format!("new {word} {} parameter `{}`", q.location(), q.name()), Some(pointer(o.ptr(), &["parameters"])), Some(q.ptr().to_owned()));
        }
    }

    fn parameter(&mut self, a: &Param<'a>, b: &Param<'a>) {
        let name = b.name();
        let (da, db) = (deprecation(a.p.deprecated, &a.p.extensions), deprecation(b.p.deprecated, &b.p.extensions));
        self.sunset(&format!("parameter `{name}`"), da, db, a.ptr(), b.ptr());
        if !a.required() && b.required() {
            self.push("request-param-became-required", format!("parameter `{name}` became required"), Some(a.ptr().to_owned()), Some(pointer(b.ptr(), &["required"])));
        } else if a.required() && !b.required() {
            self.push("request-param-became-optional", format!("parameter `{name}` became optional"), Some(a.ptr().to_owned()), Some(b.ptr().to_owned()));
        }
        if let (Some(x), Some(y)) = (a.style(), b.style()) {
            if x != y {
                self.push("request-param-style-changed", format!("parameter `{name}` serialization changed from `{x}` to `{y}`"), Some(a.ptr().to_owned()), Some(b.ptr().to_owned()));
            }
        }
        if let (Some(x), Some(y)) = (&a.p.schema, &b.p.schema) {
            // An optional parameter's default is what the server assumes when the client leaves
            // it out: a new or changed default changes what old calls do.
            let default = |doc: &Document, s: &SchemaOrRef| doc.resolve(s).and_then(|s| s.default.clone());
            if !a.required() && !b.required() {
                let (da, db) = (default(self.old, x), default(self.new, y));
                let at = |doc: &Document, s: &SchemaOrRef, has: bool| {
                    doc.resolve(s).map(|s| if has { pointer(&s.pointer, &["default"]) } else { s.pointer.clone() })
                };
                let (oa, ob) = (at(self.old, x, da.is_some()), at(self.new, y, db.is_some()));
                match (&da, &db) {
                    (None, Some(v)) => self.push("request-param-default-added", format!("parameter `{name}` now defaults to {}", show(v)), oa, ob),
                    (Some(v), None) => self.push("request-param-default-removed", format!("parameter `{name}` no longer defaults to {}", show(v)), oa, ob),
                    (Some(v), Some(w)) if v != w => {
                        self.push("request-param-default-changed", format!("parameter `{name}` default changed from {} to {}", show(v), show(w)), oa, ob)
                    }
                    _ => {}
                }
            }
            self.schema(x, y, Dir::Request, &format!("parameter `{name}`"));
        }
    }

    fn envelope(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let get = |doc: &'a Document, op: &Op<'a>| -> (Option<&'a serde_json::Value>, String) {
            match op.op.extensions.get("x-envelope") {
                Some(v) => (Some(v), pointer(op.ptr(), &["x-envelope"])),
                None => (doc.extensions.get("x-envelope"), "/x-envelope".to_owned()),
            }
        };
        let (a, ap) = get(self.old, o);
        let (b, bp) = get(self.new, n);
        let norm = |v: Option<&serde_json::Value>| match v {
            None | Some(serde_json::Value::Null) | Some(serde_json::Value::Bool(false)) => None,
            Some(v) => Some(v.clone()),
        };
        let (x, y) = (norm(a), norm(b));
        if x != y {
            let text = |v: &Option<serde_json::Value>| v.as_ref().map_or("none".to_owned(), |v| v.to_string());
            self.push("envelope-changed", format!("response envelope changed from {} to {}", text(&x), text(&y)), Some(ap), Some(bp));
        }
    }
}
