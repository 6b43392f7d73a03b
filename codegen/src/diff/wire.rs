//! Wire level: would a client built for the old spec fail against a server implementing the new
//! one? Reads both resolved documents ([`crate::document`]) and judges each difference by its
//! direction: what the client sends (request) must not become stricter, what it receives
//! (response) must not become looser.

use std::collections::{BTreeSet, HashSet};

use indexmap::IndexMap;

use super::policy::{Deprecation, Stability};
use super::{Finding, Findings};
use crate::diagnostic::pointer;
use crate::document::{
    Additional, Document, Header, MediaType, Operation, ParamIn, Parameter, RequestBody, Response, Schema, SchemaOrRef, SchemeKind,
    StatusKey,
};

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

/// One operation of a document.
struct Op<'a> {
    key: String,
    op: &'a Operation,
}

impl Op<'_> {
    fn ptr(&self) -> &str {
        &self.op.pointer
    }

    fn label(&self) -> String {
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

fn params<'a>(op: &Op<'a>) -> Vec<Param<'a>> {
    op.op.parameters.iter().map(|p| Param { p }).collect()
}

/// `Some` when `deprecated`, with the node's `x-sunset`.
fn deprecation(deprecated: bool, extensions: &IndexMap<String, serde_json::Value>) -> Option<Deprecation> {
    deprecated.then(|| Deprecation { sunset: extensions.get("x-sunset").and_then(|v| v.as_str()).map(str::to_owned) })
}

/// A property schema's deprecation: on the `$ref` (3.1 sibling) or on the schema it names.
fn schema_deprecation(doc: &Document, r: &SchemaOrRef) -> Option<Deprecation> {
    let target = resolve(doc, r).map(|(s, _)| s);
    let on_ref = matches!(r, SchemaOrRef::Ref(x) if x.deprecated);
    let sunset = target.and_then(|s| s.extensions.get("x-sunset")).and_then(|v| v.as_str()).map(str::to_owned);
    (on_ref || target.is_some_and(|s| s.deprecated)).then_some(Deprecation { sunset })
}

/// Follows references to the schema itself and its pointer; `None` for a dangling reference.
fn resolve<'a>(doc: &'a Document, r: &'a SchemaOrRef) -> Option<(&'a Schema, String)> {
    doc.resolve(r).map(|s| (s, s.pointer.clone()))
}

/// A bound: its value and whether it is exclusive.
type Limit = Option<(f64, bool)>;

/// Limits that matter to what a value may be.
#[derive(Debug, Default, Clone, PartialEq)]
struct Limits {
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
    minimum: Limit,
    maximum: Limit,
    min_items: Option<u64>,
    max_items: Option<u64>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    multiple_of: Option<f64>,
    unique_items: bool,
    /// `additionalProperties: false`.
    closed: bool,
}

/// A schema flattened for comparison (`allOf` merged).
#[derive(Default)]
struct View<'a> {
    ty: Option<String>,
    format: Option<String>,
    nullable: bool,
    enumeration: Vec<serde_json::Value>,
    props: Vec<(String, &'a SchemaOrRef, String)>,
    required: BTreeSet<String>,
    items: Option<(&'a SchemaOrRef, String)>,
    union: Vec<(&'a SchemaOrRef, String)>,
    limits: Limits,
    /// `additionalProperties` as a schema.
    additional: Option<(&'a SchemaOrRef, String)>,
    /// `prefixItems`, by position.
    prefix: Vec<(&'a SchemaOrRef, String)>,
    /// Admits no value: `false`, `not: {}`, `enum: []`.
    never: bool,
    /// `x-extensible-enum`: the values named so far (others may come).
    extensible: Vec<serde_json::Value>,
    /// `const`, when the schema has one.
    constant: Option<serde_json::Value>,
    /// Constraint keywords compared as written (`dependentRequired`, `if`, `propertyNames`, …).
    unmapped: Vec<(String, serde_json::Value)>,
    /// Its alternatives come from `oneOf` (exactly one must match), not only `anyOf`.
    one_of: bool,
    /// `contentMediaType` and `contentEncoding` (3.1): what a string carries, and how.
    content: (Option<String>, Option<String>),
}

/// The type keyword(s) as one word: `string`, or `integer|string` for a 3.1 type list.
fn type_word(s: &Schema) -> Option<String> {
    match s.types.as_slice() {
        [] => None,
        ts => {
            let mut words: Vec<&str> = ts.iter().map(|t| t.as_str()).collect();
            words.sort_unstable();
            Some(words.join("|"))
        }
    }
}

fn view<'a>(doc: &'a Document, r: &'a SchemaOrRef, depth: usize) -> View<'a> {
    let mut v = View::default();
    let Some((s, ptr)) = resolve(doc, r) else { return v };
    v.nullable = s.nullable;
    v.ty = type_word(s).or_else(|| (!s.properties.is_empty()).then(|| "object".to_owned()));
    v.format = s.format.clone();
    v.enumeration = match &s.constant {
        Some(c) if s.enumeration.is_empty() => vec![c.clone()],
        _ => s.enumeration.clone(),
    };
    v.constant = s.constant.clone();
    v.content = (s.content_media_type.clone(), s.content_encoding.clone());
    v.unmapped = s.unmapped.iter().map(|(k, x)| (k.clone(), x.clone())).collect();
    if let Some(serde_json::Value::Array(values)) = s.extensions.get("x-extensible-enum") {
        v.extensible = values.clone();
    }
    for (k, p) in &s.properties {
        v.props.push((k.clone(), p, pointer(&format!("{ptr}/properties"), &[k])));
    }
    v.required.extend(s.required.iter().cloned());
    v.items = s.items.as_ref().map(|i| (i, format!("{ptr}/items")));
    v.limits = Limits {
        min_length: s.min_length,
        max_length: s.max_length,
        pattern: s.pattern.clone(),
        minimum: s.minimum.map(|b| (b.value, b.exclusive)),
        maximum: s.maximum.map(|b| (b.value, b.exclusive)),
        min_items: s.min_items,
        max_items: s.max_items,
        min_properties: s.min_properties,
        max_properties: s.max_properties,
        multiple_of: s.multiple_of,
        unique_items: s.unique_items,
        closed: matches!(s.additional_properties, Some(Additional::Bool(false))),
    };
    if let Some(Additional::Schema(a)) = &s.additional_properties {
        v.additional = Some((a, format!("{ptr}/additionalProperties")));
    }
    v.prefix = s.prefix_items.iter().enumerate().map(|(i, p)| (p, format!("{ptr}/prefixItems/{i}"))).collect();
    v.never = matches!(&s.not, Some(SchemaOrRef::Inline(n)) if n.has_no_own_shape() && n.has_no_combinators() && n.not.is_none());
    v.one_of = !s.one_of.is_empty();
    for (key, list) in [("oneOf", &s.one_of), ("anyOf", &s.any_of)] {
        for (i, m) in list.iter().enumerate() {
            v.union.push((m, format!("{ptr}/{key}/{i}")));
        }
    }
    if depth <= 16 {
        for m in &s.all_of {
            let inner = view(doc, m, depth + 1);
            v.ty = v.ty.take().or(inner.ty);
            v.format = v.format.take().or(inner.format);
            v.nullable |= inner.nullable && s.types.is_empty() && s.properties.is_empty() && s.all_of.len() == 1;
            for p in inner.props {
                if !v.props.iter().any(|(n, ..)| n == &p.0) {
                    v.props.push(p);
                }
            }
            v.required.extend(inner.required);
            v.union.extend(inner.union);
            if v.enumeration.is_empty() {
                v.enumeration = inner.enumeration;
            }
        }
    }
    v
}

/// The name a union member is matched by: its `$ref` as written, else its position.
fn member_key(r: &SchemaOrRef, i: usize) -> String {
    match r {
        SchemaOrRef::Ref(reference) => reference.text.clone(),
        SchemaOrRef::Inline(_) => format!("#{i}"),
    }
}

/// A security scheme as one comparable phrase (descriptions aside).
fn scheme_text(k: &SchemeKind) -> String {
    match k {
        SchemeKind::ApiKey { location, name } => format!("apiKey `{name}` in {}", location.as_str()),
        SchemeKind::Http(scheme) => format!("http {scheme}"),
        SchemeKind::OAuth2 => "oauth2".into(),
        SchemeKind::OpenIdConnect => "openIdConnect".into(),
        SchemeKind::MutualTls => "mutualTLS".into(),
        SchemeKind::Other(t) => t.clone(),
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// How a format change reads: `true` when the new format admits every value the old one did.
fn format_widens(old: Option<&str>, new: Option<&str>) -> bool {
    match (old, new) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => matches!((a, b), ("int32", "int64") | ("float", "double")),
    }
}

impl<'a> Cx<'a> {
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

    fn schemes(&mut self) {
        for old in &self.old.security_schemes {
            let Some(new) = self.new.security_schemes.iter().find(|n| n.key == old.key) else { continue };
            if old.kind != new.kind {
                let (x, y) = (scheme_text(&old.kind), scheme_text(&new.kind));
                let key = &old.key;
                self.push("security-scheme-changed", format!("security scheme `{key}` changed from {x} to {y}"), Some(old.pointer.clone()), Some(new.pointer.clone()));
            }
        }
    }

    fn operations(&mut self) {
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
        // Path parameters pair by template position; the rest by (name, in).
        let partner = |p: &Param<'_>, from: &[String], to: &[String], others: &'_ [Param<'a>]| -> Option<usize> {
            if p.is_path() {
                let pos = from.iter().position(|t| t == p.name())?;
                let name = to.get(pos)?;
                others.iter().position(|q| q.is_path() && q.name() == name)
            } else {
                others.iter().position(|q| q.name() == p.name() && q.location() == p.location())
            }
        };
        let mut seen_new = vec![false; pn.len()];
        for p in &po {
            match partner(p, tn_old, tn_new, &pn) {
                Some(i) => {
                    seen_new[i] = true;
                    self.parameter(p, &pn[i]);
                }
                None if p.is_path() => {}
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
            if q.is_path() {
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

    fn request_body(&mut self, o: &Op<'a>, n: &Op<'a>) {
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

    fn responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        type Entry<'r> = (String, &'r Response);
        fn entries(op: &Operation) -> Vec<Entry<'_>> {
            // `default` last, as the status order reads.
            let (mut out, default): (Vec<Entry<'_>>, Vec<Entry<'_>>) =
                op.responses.iter().map(|r| (r.status.key(), r)).partition(|(_, r)| r.status != StatusKey::Default);
            out.extend(default);
            out
        }
        let is_success = |k: &str| k.starts_with('2');
        let a = entries(o.op);
        let b = entries(n.op);
        let has = |list: &[Entry<'_>], k: &str| list.iter().any(|(x, _)| x == k);
        let resp_ptr = |op: &Op<'_>, k: &str| pointer(op.ptr(), &["responses", k]);
        let old_success: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).filter(|k| is_success(k)).collect();
        let new_success: Vec<&str> = b.iter().map(|(k, _)| k.as_str()).filter(|k| is_success(k)).collect();
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
        for (k, _) in a.iter().filter(|(k, _)| !is_success(k) && !has(&b, k)) {
            self.push("error-status-removed", format!("documented error status {k} was removed"), Some(resp_ptr(o, k)), Some(pointer(n.ptr(), &["responses"])));
        }
        for (k, _) in b.iter().filter(|(k, _)| !is_success(k) && !has(&a, k)) {
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

    fn security(&mut self, o: &Op<'a>, n: &Op<'a>) {
        type Alternatives = BTreeSet<BTreeSet<String>>;
        let effective = |doc: &Document, op: &Operation| -> Alternatives {
            let reqs = op.security.as_ref().or(doc.security.as_ref());
            let mut alts: Alternatives = reqs.into_iter().flatten().map(|r| r.keys().cloned().collect()).collect();
            if alts.is_empty() {
                alts.insert(BTreeSet::new());
            }
            alts
        };
        let a = effective(self.old, o.op);
        let b = effective(self.new, n.op);
        if a == b {
            return;
        }
        let show = |alts: &Alternatives| {
            alts.iter()
                .map(|s| if s.is_empty() { "none".to_owned() } else { s.iter().cloned().collect::<Vec<_>>().join(" + ") })
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let sec_ptr = |op: &Op<'_>| {
            if op.op.security.is_some() {
                pointer(op.ptr(), &["security"])
            } else {
                "/security".to_owned()
            }
        };
        // Breaking when some credential set the old client might use satisfies no new alternative.
        let breaks = a.iter().any(|old_alt| !b.iter().any(|new_alt| new_alt.is_subset(old_alt)));
        let rule = if breaks { "security-requirement-added" } else { "security-requirement-removed" };
        self.push(rule, format!("security of {} changed from `{}` to `{}`", n.label(), show(&a), show(&b)), Some(sec_ptr(o)), Some(sec_ptr(n)));
    }

    /// OAuth2/OpenID scopes of a requirement that stays: a token granted for the old scopes
    /// lacks a new one.
    fn security_scopes(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let effective = |doc: &'a Document, op: &'a Operation| op.security.as_ref().or(doc.security.as_ref());
        let (Some(a), Some(b)) = (effective(self.old, o.op), effective(self.new, n.op)) else { return };
        let at = |op: &Op<'_>, i: usize, key: &str| {
            if op.op.security.is_some() {
                pointer(op.ptr(), &["security", &i.to_string(), key])
            } else {
                pointer("/security", &[&i.to_string(), key])
            }
        };
        for (i, ra) in a.iter().enumerate() {
            let keys: BTreeSet<&String> = ra.keys().collect();
            let Some((j, rb)) = b.iter().enumerate().find(|(_, rb)| rb.keys().collect::<BTreeSet<_>>() == keys) else { continue };
            for (key, scopes) in ra {
                let new_scopes = &rb[key];
                let (op_, np) = (Some(at(o, i, key)), Some(at(n, j, key)));
                for s in new_scopes.iter().filter(|s| !scopes.contains(s)) {
                    self.push("security-scope-added", format!("{}: `{key}` now needs the scope `{s}`", n.label()), op_.clone(), np.clone());
                }
                for s in scopes.iter().filter(|s| !new_scopes.contains(s)) {
                    self.push("security-scope-removed", format!("{}: `{key}` no longer needs the scope `{s}`", n.label()), op_.clone(), np.clone());
                }
            }
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

    /// Whether `a` (old side) and `b` (new side) compare without a finding.
    fn same_shape(&self, a: &'a SchemaOrRef, b: &'a SchemaOrRef, dir: Dir) -> bool {
        let mut scratch = Cx { old: self.old, new: self.new, out: Findings::default(), op: None, seen: HashSet::new() };
        scratch.schema(a, b, dir, "");
        scratch.out.into_vec().is_empty()
    }

    /// Compares two schemas that sit at the same place, in one direction.
    fn schema(&mut self, a: &'a SchemaOrRef, b: &'a SchemaOrRef, dir: Dir, what: &str) {
        let (Some((_, ap)), Some((_, bp))) = (resolve(self.old, a), resolve(self.new, b)) else { return };
        // Inside a component, name the component, so one change seen from several operations
        // reads the same and is reported once (listing the operations).
        let named;
        let what = match (a, self.new.schemas.get(&bp)) {
            (SchemaOrRef::Ref(_), Some(s)) if s.component => {
                named = format!("schema `{}`", s.name);
                named.as_str()
            }
            _ => what,
        };
        if !self.seen.insert((ap.clone(), bp.clone(), dir)) || self.seen.len() > 20_000 {
            return;
        }
        let mut va = view(self.old, a, 0);
        let mut vb = view(self.new, b, 0);
        let req = dir == Dir::Request;
        // A readOnly property is not sent, a writeOnly one not received: in that direction it is
        // as if it were absent (a new required readOnly property breaks no request).
        let hidden = |doc: &Document, p: &SchemaOrRef| doc.resolve(p).is_some_and(|s| if req { s.read_only } else { s.write_only });
        va.props.retain(|(_, p, _)| !hidden(self.old, p));
        vb.props.retain(|(_, p, _)| !hidden(self.new, p));

        // A sent schema wrapped in a `oneOf` none of whose alternatives is the old schema: a
        // value valid before may now match several alternatives (or none), which `oneOf`
        // refuses. Reported once, instead of its mechanical parts (properties "removed", new
        // alternatives). Keeping the old schema as an alternative is only a new alternative.
        if req && va.union.is_empty() && vb.one_of && vb.union.len() >= 2 && (!va.props.is_empty() || va.ty.is_some()) {
            let kept = vb.union.iter().any(|(m, _)| self.same_shape(a, m, dir));
            if !kept {
                self.push(
                    "request-wrapped-in-one-of",
                    format!("{what} is now a `oneOf` of {} alternatives, none of them the old schema", vb.union.len()),
                    Some(ap.clone()),
                    Some(bp.clone()),
                );
                return;
            }
        }

        // A schema that admits nothing (`enum: []`, `false`).
        if va.never != vb.never {
            let rule = match (req, vb.never) {
                (true, true) => "request-enum-value-removed",
                (true, false) => "request-enum-value-added",
                (false, true) => "response-enum-value-removed",
                (false, false) => "response-enum-value-added",
            };
            let how = if vb.never { "admits no value any more (`enum: []` or `false`)" } else { "admits values again" };
            self.push(rule, format!("{what} {how}"), Some(ap.clone()), Some(bp.clone()));
            return;
        }

        // Nullability.
        if va.nullable != vb.nullable {
            let rule = match (req, vb.nullable) {
                (true, true) => "request-nullable-added",
                (true, false) => "request-nullable-removed",
                (false, true) => "response-became-nullable",
                (false, false) => "response-nullable-removed",
            };
            let how = if vb.nullable { "may now be null" } else { "may no longer be null" };
            self.push(rule, format!("{what} {how}"), Some(ap.clone()), Some(bp.clone()));
        }

        // Type.
        if let (Some(ta), Some(tb)) = (&va.ty, &vb.ty) {
            if ta != tb {
                // integer → number widens what is accepted (request) and narrows what is sent (response).
                let compatible = match dir {
                    Dir::Request => ta == "integer" && tb == "number",
                    Dir::Response => ta == "number" && tb == "integer",
                };
                if !compatible {
                    let rule = if req { "request-type-changed" } else { "response-type-changed" };
                    self.push(rule, format!("{what}: type changed from `{ta}` to `{tb}`"), Some(ap.clone()), Some(bp.clone()));
                    return;
                }
            }
        } else if va.ty.is_some() != vb.ty.is_some() && va.union.is_empty() && vb.union.is_empty() {
            let (ta, tb) = (va.ty.as_deref().unwrap_or("any"), vb.ty.as_deref().unwrap_or("any"));
            // Anything → any is looser: fine for what is sent, not for what is received.
            let breaking = if req { va.ty.is_none() } else { vb.ty.is_none() };
            if breaking {
                let rule = if req { "request-type-changed" } else { "response-type-changed" };
                self.push(rule, format!("{what}: type changed from `{ta}` to `{tb}`"), Some(ap.clone()), Some(bp.clone()));
                return;
            }
        }

        // Format.
        if va.format != vb.format {
            let widens = format_widens(va.format.as_deref(), vb.format.as_deref());
            let rule = match (req, widens) {
                (true, true) => "request-format-widened",
                (true, false) => "request-format-narrowed",
                (false, true) => "response-format-widened",
                (false, false) => "response-format-narrowed",
            };
            let f = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            self.push(rule, format!("{what}: format changed from `{}` to `{}`", f(&va.format), f(&vb.format)), Some(ap.clone()), Some(bp.clone()));
        }

        // A `const` replaced by another: a client expecting the old value gets a new one. (In a
        // request, the old value is an enum value removed, below.)
        if let (Some(x), Some(y), false) = (&va.constant, &vb.constant, req) {
            if x != y {
                self.push("response-const-changed", format!("{what}: `const` changed from {} to {}", show(x), show(y)), Some(ap.clone()), Some(bp.clone()));
            }
        }

        // What a string carries (`contentMediaType`) and how it is encoded (`contentEncoding`):
        // either changed, old values no longer read the same way on the other side.
        for (key, x, y) in [("contentMediaType", &va.content.0, &vb.content.0), ("contentEncoding", &va.content.1, &vb.content.1)] {
            if x != y {
                let f = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
                let text = format!("{what}: `{key}` changed from `{}` to `{}`", f(x), f(y));
                let rule = if req { "request-type-changed" } else { "response-type-changed" };
                self.push(rule, text, Some(ap.clone()), Some(bp.clone()));
            }
        }

        // Keywords not compared structurally: any one added or changed constrains a sent value
        // in a way the diff cannot prove harmless; removed or changed, it frees a received one.
        for (k, x) in &va.unmapped {
            match (vb.unmapped.iter().find(|(n, _)| n == k).map(|(_, y)| y), req) {
                (None, true) => self.push("request-constraint-relaxed", format!("{what}: `{k}` was removed"), Some(ap.clone()), Some(bp.clone())),
                (None, false) => self.push("response-constraint-relaxed", format!("{what}: `{k}` was removed"), Some(ap.clone()), Some(bp.clone())),
                (Some(y), true) if y != x => self.push("request-constraint-tightened", format!("{what}: `{k}` changed"), Some(ap.clone()), Some(bp.clone())),
                (Some(y), false) if y != x => self.push("response-constraint-relaxed", format!("{what}: `{k}` changed"), Some(ap.clone()), Some(bp.clone())),
                _ => {}
            }
        }
        if req {
            for (k, _) in vb.unmapped.iter().filter(|(k, _)| !va.unmapped.iter().any(|(n, _)| n == k)) {
                self.push("request-constraint-tightened", format!("{what}: `{k}` was added"), Some(ap.clone()), Some(bp.clone()));
            }
        }

        // Enum values (an empty list means any value).
        if !va.enumeration.is_empty() || !vb.enumeration.is_empty() {
            let removed: Vec<&serde_json::Value> = if vb.enumeration.is_empty() {
                Vec::new()
            } else {
                va.enumeration.iter().filter(|x| !vb.enumeration.contains(x)).collect()
            };
            let added: Vec<&serde_json::Value> = if va.enumeration.is_empty() {
                Vec::new()
            } else {
                vb.enumeration.iter().filter(|x| !va.enumeration.contains(x)).collect()
            };
            if va.enumeration.is_empty() && !vb.enumeration.is_empty() {
                // A free value became an enum: a tightening.
                let rule = if req { "request-enum-value-removed" } else { "response-enum-value-removed" };
                self.push(rule, format!("{what} is now restricted to an enum"), Some(ap.clone()), Some(bp.clone()));
            }
            for v in removed {
                let rule = if req { "request-enum-value-removed" } else { "response-enum-value-removed" };
                self.push(rule, format!("{what}: enum value {} was removed", show(v)), Some(ap.clone()), Some(bp.clone()));
            }
            for v in added {
                let rule = if req { "request-enum-value-added" } else { "response-enum-value-added" };
                self.push(rule, format!("{what}: enum value {} was added", show(v)), Some(ap.clone()), Some(bp.clone()));
            }
        }

        // `x-extensible-enum`: new values are expected by design; a removed one a client may
        // still send is refused.
        if req {
            for v in va.extensible.iter().filter(|x| !vb.extensible.is_empty() && !vb.extensible.contains(x)) {
                self.push("request-enum-value-removed", format!("{what}: x-extensible-enum value {} was removed", show(v)), Some(ap.clone()), Some(bp.clone()));
            }
        }

        // Limits.
        self.limits(&va.limits, &vb.limits, &ap, &bp, dir, what);

        // Properties.
        let is_object = |v: &View<'_>| !v.props.is_empty() || v.ty.as_deref() == Some("object");
        if is_object(&va) && is_object(&vb) {
            for (name, sa, pa) in &va.props {
                let was_required = va.required.contains(name);
                match vb.props.iter().find(|(n, ..)| n == name) {
                    None => {
                        let rule = match (req, was_required) {
                            (true, _) if vb.limits.closed => "request-property-removed-closed",
                            (true, _) => "request-property-removed",
                            (false, true) => "response-property-removed",
                            (false, false) => "response-optional-property-removed",
                        };
                        let dep = schema_deprecation(self.old, sa);
                        self.push_deprecated(rule, format!("{what}: property `{name}` was removed"), Some(pa.clone()), Some(format!("{bp}/properties")), dep);
                    }
                    Some((_, sb, pb)) => {
                        self.sunset(&format!("{what}: property `{name}`"), schema_deprecation(self.old, sa), schema_deprecation(self.new, sb), pa, pb);
                        let level = |doc: &'a Document, r: &'a SchemaOrRef| resolve(doc, r).and_then(|(s, _)| Stability::in_extensions(&s.extensions));
                        if let (Some(x), y) = (level(self.old, sa), level(self.new, sb).unwrap_or(Stability::Stable)) {
                            if y < x {
                                self.push(
                                    "property-stability-decreased",
                                    format!("{what}: property `{name}` went from {} to {}", x.as_str(), y.as_str()),
                                    Some(pa.clone()),
                                    Some(pb.clone()),
                                );
                            }
                        }
                        let now_required = vb.required.contains(name);
                        if was_required != now_required {
                            let rule = match (req, now_required) {
                                (true, true) => "request-property-became-required",
                                (true, false) => "request-property-became-optional",
                                (false, true) => "response-property-became-required",
                                (false, false) => "response-property-became-optional",
                            };
                            let how = if now_required { "required" } else { "optional" };
                            self.push(rule, format!("{what}: property `{name}` became {how}"), Some(pa.clone()), Some(pb.clone()));
                        }
                        let _ = pb;
                        self.schema(sa, sb, dir, &format!("{what}: property `{name}`"));
                    }
                }
            }
            for (name, _, pb) in vb.props.iter().filter(|(n, ..)| !va.props.iter().any(|(m, ..)| m == n)) {
                let required = vb.required.contains(name);
                let rule = match (req, required) {
                    (true, true) => "request-property-added-required",
                    (true, false) => "request-property-added-optional",
                    (false, _) => "response-property-added",
                };
                let how = if required { "required" } else { "optional" };
                self.push(rule, format!("{what}: new {how} property `{name}`"), Some(format!("{ap}/properties")), Some(pb.clone()));
            }
            // A property that stayed but whose requiredness moved through `required` alone is handled
            // above; a name added to `required` without a property changes nothing on the wire.
        }

        // Array items, and 3.1 tuple positions.
        if let (Some((ia, _)), Some((ib, _))) = (&va.items, &vb.items) {
            self.schema(ia, ib, dir, &format!("{what} items"));
        }
        for (i, ((pa, _), (pb, _))) in va.prefix.iter().zip(&vb.prefix).enumerate() {
            self.schema(pa, pb, dir, &format!("{what} item {i}"));
        }
        // Positions gained or lost: a position that moves between its own schema and `items`
        // is judged by neither, so a sent array is constrained anew, and a received one may
        // carry something else there.
        if va.prefix.len() != vb.prefix.len() {
            let (fewer, more) = (va.prefix.len().min(vb.prefix.len()), va.prefix.len().max(vb.prefix.len()));
            let text = format!("{what}: `prefixItems` has {} positions instead of {}", vb.prefix.len(), va.prefix.len());
            let _ = (fewer, more);
            match (req, vb.prefix.len() > va.prefix.len()) {
                (true, _) => self.push("request-constraint-tightened", text, Some(ap.clone()), Some(bp.clone())),
                (false, true) => self.push("response-type-changed", text, Some(ap.clone()), Some(bp.clone())),
                (false, false) => self.push("response-constraint-relaxed", text, Some(ap.clone()), Some(bp.clone())),
            }
        }
        // Map values.
        if let (Some((xa, _)), Some((xb, _))) = (&va.additional, &vb.additional) {
            self.schema(xa, xb, dir, &format!("{what} map values"));
        }

        // oneOf / anyOf alternatives.
        if !va.union.is_empty() || !vb.union.is_empty() {
            let ka: Vec<String> = va.union.iter().enumerate().map(|(i, (r, _))| member_key(r, i)).collect();
            let kb: Vec<String> = vb.union.iter().enumerate().map(|(i, (r, _))| member_key(r, i)).collect();
            for (i, k) in ka.iter().enumerate() {
                match kb.iter().position(|x| x == k) {
                    Some(j) => {
                        let ((ra, _), (rb, _)) = (&va.union[i], &vb.union[j]);
                        self.schema(ra, rb, dir, &format!("{what} alternative {}", i + 1));
                    }
                    None => {
                        let rule = if req { "request-union-member-removed" } else { "response-union-member-removed" };
                        self.push(rule, format!("{what}: alternative `{k}` was removed"), Some(va.union[i].1.clone()), Some(bp.clone()));
                    }
                }
            }
            for (j, k) in kb.iter().enumerate().filter(|(_, k)| !ka.contains(k)) {
                let rule = if req { "request-union-member-added" } else { "response-union-member-added" };
                self.push(rule, format!("{what}: new alternative `{k}`"), Some(ap.clone()), Some(vb.union[j].1.clone()));
            }
        }
    }

    fn limits(&mut self, a: &Limits, b: &Limits, ap: &str, bp: &str, dir: Dir, what: &str) {
        if a == b {
            return;
        }
        // For each limit: (name, tighter?) where tighter means fewer values are allowed.
        let mut tighter = Vec::new();
        let mut looser = Vec::new();
        // A bound as a comparable number: an exclusive bound sits just inside its value.
        let key = |b: Limit, upper: bool| b.map(|(v, exclusive)| (if upper { -v } else { v }, exclusive));
        let mut lower = |name: &str, x: Option<(f64, bool)>, y: Option<(f64, bool)>| match (x, y) {
            (None, Some(_)) => tighter.push(name.to_owned()),
            (Some(_), None) => looser.push(name.to_owned()),
            (Some(x), Some(y)) if y.0 > x.0 || (y.0 == x.0 && y.1 && !x.1) => tighter.push(name.to_owned()),
            (Some(x), Some(y)) if y.0 < x.0 || (y.0 == x.0 && x.1 && !y.1) => looser.push(name.to_owned()),
            _ => {}
        };
        let us = |v: Option<u64>, upper: bool| v.map(|v| (if upper { -(v as f64) } else { v as f64 }, false));
        lower("minLength", us(a.min_length, false), us(b.min_length, false));
        lower("minimum", key(a.minimum, false), key(b.minimum, false));
        lower("minItems", us(a.min_items, false), us(b.min_items, false));
        // Upper bounds: a smaller bound is tighter; negated to reuse the comparison.
        lower("maxLength", us(a.max_length, true), us(b.max_length, true));
        lower("maximum", key(a.maximum, true), key(b.maximum, true));
        lower("maxItems", us(a.max_items, true), us(b.max_items, true));
        lower("minProperties", us(a.min_properties, false), us(b.min_properties, false));
        lower("maxProperties", us(a.max_properties, true), us(b.max_properties, true));
        match (a.multiple_of, b.multiple_of) {
            (None, Some(_)) => tighter.push("multipleOf".to_owned()),
            (Some(_), None) => looser.push("multipleOf".to_owned()),
            // Multiples of 10 are multiples of 5: 5 → 10 is tighter, 10 → 5 looser.
            (Some(x), Some(y)) if x != y => {
                if is_multiple(y, x) {
                    tighter.push("multipleOf".to_owned());
                } else if is_multiple(x, y) {
                    looser.push("multipleOf".to_owned());
                } else {
                    tighter.push("multipleOf".to_owned());
                    looser.push("multipleOf".to_owned());
                }
            }
            _ => {}
        }
        if a.unique_items != b.unique_items {
            if b.unique_items { &mut tighter } else { &mut looser }.push("uniqueItems".to_owned());
        }
        if a.closed != b.closed {
            if b.closed { &mut tighter } else { &mut looser }.push("additionalProperties".to_owned());
        }
        // A pattern is only judged when the change is provably one way: added or removed, or
        // to or from one that matches everything. Two real patterns are not compared (regex
        // inclusion is undecidable in practice); that is a warning for a reviewer.
        let mut rewritten = None;
        match (a.pattern.as_deref().filter(|p| !matches_everything(p)), b.pattern.as_deref().filter(|p| !matches_everything(p))) {
            (None, Some(_)) => tighter.push("pattern".to_owned()),
            (Some(_), None) => looser.push("pattern".to_owned()),
            (Some(x), Some(y)) if x != y => rewritten = Some((x, y)),
            _ => {}
        }
        if let Some((x, y)) = rewritten {
            match dir {
                Dir::Request => self.push("request-pattern-changed", format!("{what}: pattern changed from `{x}` to `{y}`"), Some(ap.to_owned()), Some(bp.to_owned())),
                Dir::Response => self.push("response-pattern-changed", format!("{what}: pattern changed from `{x}` to `{y}`"), Some(ap.to_owned()), Some(bp.to_owned())),
            }
        }
        match dir {
            Dir::Request => {
                if !tighter.is_empty() {
                    self.push("request-constraint-tightened", format!("{what}: {} became stricter", tighter.join(", ")), Some(ap.to_owned()), Some(bp.to_owned()));
                }
                looser.retain(|l| !tighter.contains(l));
                if !looser.is_empty() {
                    self.push("request-constraint-relaxed", format!("{what}: {} became looser", looser.join(", ")), Some(ap.to_owned()), Some(bp.to_owned()));
                }
            }
            Dir::Response => {
                if !looser.is_empty() {
                    self.push("response-constraint-relaxed", format!("{what}: {} became looser", looser.join(", ")), Some(ap.to_owned()), Some(bp.to_owned()));
                }
            }
        }
    }
}

/// Whether `multiple` is an integer multiple of `base` (within float noise).
fn is_multiple(multiple: f64, base: f64) -> bool {
    if base == 0.0 {
        return false;
    }
    let q = multiple / base;
    (q - q.round()).abs() < 1e-9
}

/// A pattern every string matches (`.*` does not match a newline in every dialect, but no API
/// means that by it).
fn matches_everything(p: &str) -> bool {
    let (start, end) = (p.starts_with('^'), p.ends_with('$') && p.len() > 1);
    let core = p.strip_prefix('^').unwrap_or(p);
    let core = core.strip_suffix('$').unwrap_or(core);
    if core.is_empty() {
        // `^$` matches the empty string only.
        return !(start && end);
    }
    let core = core.strip_prefix('(').and_then(|c| c.strip_suffix(')')).map(|c| c.strip_prefix("?:").unwrap_or(c)).unwrap_or(core);
    matches!(core, "" | ".*" | "[\\s\\S]*" | "[\\S\\s]*" | "[^]*")
}
