//! Rust level: would code written against the crate generated from the old spec still compile
//! against the crate generated from the new one? Compares the IR of both sides through a small
//! model of the generated public API: `Client` methods with their argument lists and return
//! types and their request builders' setters (both from [`crate::surface`], which `emit` writes
//! from too), credential setters, and every type in `types` — spec types, outcome enums,
//! media-type enums and response-header structs — with their fields and variants.
//!
//! What is judged is code that uses the API as its docs show: structs built with `new(..)` and
//! `with_*` setters (adding an `Option` field is therefore compatible; struct literals and
//! exhaustive destructuring are not covered), enums matched exhaustively (generated enums are
//! not `#[non_exhaustive]`, so a new variant breaks such a `match`), calls made with their
//! positional arguments and setters.

use std::collections::HashMap;

use super::{Finding, Findings};
use crate::pointer::pointer;
use crate::ir::*;
use crate::surface::{types as items, FieldSurface as RField, Renderer, TypeShape as RKind, TypeSurface as RType, VariantSurface as RVariant};

/// Compares two lowered APIs.
pub(crate) fn compare(old: &Api, new: &Api) -> Vec<Finding> {
    let mut out = Findings::default();
    let new_items = items(new, &HashMap::new());
    let renames = type_renames(&items(old, &HashMap::new()), &new_items, &mut out);
    let old_items = items(old, &renames);
    compare_types(&old_items, &new_items, &mut out);
    methods(old, new, &renames, &mut out);
    setters(old, new, &mut out);
    base_url(old, new, &mut out);
    out.into_vec()
}

/// The shape of a type, for recognising a renamed one (names inside are old names).
fn shape(t: &RType) -> String {
    match &t.kind {
        RKind::Struct(fs) => format!("struct {}", fs.iter().map(|f| format!("{}:{}:{}", f.name, f.ty, f.optional)).collect::<Vec<_>>().join(",")),
        RKind::Enum(vs) => format!("enum {}", vs.iter().map(|v| format!("{}:{:?}", v.name, v.payload)).collect::<Vec<_>>().join(",")),
        RKind::Alias(a) => format!("alias {a}"),
    }
}

/// Old type name → new type name, for types that kept their identity under another name.
fn type_renames(old: &[RType], new: &[RType], out: &mut Findings) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let gone: Vec<&RType> = old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)).collect();
    let fresh: Vec<&RType> = new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)).collect();
    for o in &gone {
        let mut same: Vec<&&RType> = fresh.iter().filter(|n| n.key == o.key).collect();
        if same.is_empty() {
            // A component renamed with its `$ref`s: the same shape under one new name.
            let twins = gone.iter().filter(|g| shape(g) == shape(o)).count();
            same = fresh.iter().filter(|n| shape(n) == shape(o)).collect();
            if twins != 1 {
                same.clear();
            }
        }
        if let [n] = same.as_slice() {
            if !map.values().any(|v| v == &n.name) {
                map.insert(o.name.clone(), n.name.clone());
                out.push(Finding::new(
                    "rust-type-renamed",
                    format!("type `{}` was renamed to `{}`", o.name, n.name),
                    Some(o.pointer.clone()),
                    Some(n.pointer.clone()),
                ));
            }
        }
    }
    map
}

fn compare_types(old: &[RType], new: &[RType], out: &mut Findings) {
    // `old` carries new names for renamed types already.
    for o in old {
        let Some(n) = new.iter().find(|n| n.name == o.name) else {
            out.push(Finding::new("rust-type-removed", format!("{} `{}` was removed", o.kind.label(), o.name), Some(o.pointer.clone()), None));
            continue;
        };
        let (op, np) = (Some(o.pointer.clone()), Some(n.pointer.clone()));
        match (&o.kind, &n.kind) {
            (RKind::Struct(a), RKind::Struct(b)) => fields(&o.name, a, b, &n.pointer, out),
            (RKind::Enum(a), RKind::Enum(b)) => variants(&o.name, a, b, &o.pointer, &n.pointer, out),
            (RKind::Alias(a), RKind::Alias(b)) => {
                if a != b {
                    out.push(Finding::new("rust-alias-target-changed", format!("`type {} = {a}` now aliases `{b}`", o.name), op, np));
                }
            }
            (a, b) => out.push(Finding::new(
                "rust-type-kind-changed",
                format!("`{}` changed from a {} to a {}", o.name, a.label(), b.label()),
                op,
                np,
            )),
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
        out.push(Finding::new("rust-type-added", format!("new {} `{}`", n.kind.label(), n.name), None, Some(n.pointer.clone())));
    }
}

fn opt(f: &RField) -> String {
    if f.optional {
        format!("Option<{}>", f.ty)
    } else {
        f.ty.clone()
    }
}

fn fields(ty: &str, a: &[RField], b: &[RField], new_ptr: &str, out: &mut Findings) {
    for fa in a {
        let Some(fb) = b.iter().find(|f| f.name == fa.name) else {
            out.push(Finding::new("rust-field-removed", format!("field `{ty}::{}` was removed", fa.name), Some(fa.pointer.clone()), Some(new_ptr.to_owned())));
            continue;
        };
        let (op, np) = (Some(fa.pointer.clone()), Some(fb.pointer.clone()));
        if fa.ty != fb.ty {
            out.push(Finding::new(
                "rust-field-type-changed",
                format!("field `{ty}::{}` changed type from `{}` to `{}`", fa.name, opt(fa), opt(fb)),
                op.clone(),
                np.clone(),
            ));
        }
        if fa.optional != fb.optional {
            let (rule, how) = if fb.optional {
                ("rust-field-became-optional", format!("is now `{}`", opt(fb)))
            } else {
                ("rust-field-became-required", format!("is no longer an `Option` (`{ty}::new` takes it)"))
            };
            out.push(Finding::new(rule, format!("field `{ty}::{}` {how}", fa.name), op, np));
        }
    }
    for fb in b.iter().filter(|f| !a.iter().any(|x| x.name == f.name)) {
        let (rule, how) = if fb.optional {
            ("rust-field-added-optional", format!("new field `{ty}::{}: {}`", fb.name, opt(fb)))
        } else {
            ("rust-field-added-required", format!("new required field `{ty}::{}: {}` (`{ty}::new` takes it)", fb.name, fb.ty))
        };
        out.push(Finding::new(rule, how, Some(new_ptr.to_owned()), Some(fb.pointer.clone())));
    }
}

fn variants(ty: &str, a: &[RVariant], b: &[RVariant], old_ptr: &str, new_ptr: &str, out: &mut Findings) {
    let at = || (Some(old_ptr.to_owned()), Some(new_ptr.to_owned()));
    for va in a {
        match b.iter().find(|v| v.name == va.name) {
            None => {
                let (o, n) = at();
                out.push(Finding::new("rust-variant-removed", format!("variant `{ty}::{}` was removed", va.name), o, n));
            }
            Some(vb) if vb.payload != va.payload => {
                let show = |p: &Option<String>| p.as_ref().map_or("nothing".to_owned(), |p| format!("`{p}`"));
                let (o, n) = at();
                out.push(Finding::new(
                    "rust-variant-payload-changed",
                    format!("variant `{ty}::{}` now carries {} instead of {}", va.name, show(&vb.payload), show(&va.payload)),
                    o,
                    n,
                ));
            }
            Some(_) => {}
        }
    }
    for vb in b.iter().filter(|v| !a.iter().any(|x| x.name == v.name)) {
        let (o, n) = at();
        out.push(Finding::new("rust-variant-added", format!("new variant `{ty}::{}` (exhaustive matches must handle it)", vb.name), o, n));
    }
}

/// A `Client` method as callers see it.
struct RMethod {
    name: String,
    wire: String,
    pointer: String,
    /// `(name, type, is a path argument)`.
    args: Vec<(String, String, bool)>,
    /// The builder's methods other than sending: `(name, argument type)`, `into_stream` included.
    setters: Vec<(String, String)>,
    ok: String,
    err: String,
    deprecated: bool,
}

fn method(n: &Renderer<'_>, op: &Operation) -> RMethod {
    let surface = crate::surface::operation(op);
    let is_path = |i: &crate::surface::Input| matches!(i.source, crate::surface::Source::Param(p) if op.params[p].location == ParamLocation::Path);
    let args = surface
        .args
        .iter()
        .map(|a| (a.name.clone(), n.pass(&a.pass).to_string(), is_path(a)))
        .collect();
    let mut setters: Vec<(String, String)> = surface
        .setters
        .iter()
        .map(|a| (a.name.clone(), n.pass(&a.pass).to_string()))
        .collect();
    if let Some(p) = &op.pagination {
        setters.push((
            "into_stream".into(),
            format!("-> Stream<Item = {}>", n.ty(&p.item)),
        ));
    }
    let path = crate::document::PathTemplate::parse(&op.path).route();
    RMethod {
        name: op.method_name.clone(),
        wire: format!("{} {path}", op.http_method),
        pointer: op.pointer.clone(),
        args,
        setters,
        ok: n.outcome(&op.success).to_string(),
        err: n.outcome(&op.failure).to_string(),
        deprecated: op.deprecated,
    }
}

fn signature(m: &RMethod) -> String {
    let args: String = m
        .args
        .iter()
        .map(|(n, t, _)| format!(", {n}: {t}"))
        .collect();
    format!(
        "fn {}(&self{args}) -> Result<{}, Error<{}>>",
        m.name, m.ok, m.err
    )
}

fn methods(old: &Api, new: &Api, renames: &HashMap<String, String>, out: &mut Findings) {
    let empty = HashMap::new();
    let on = Renderer::renaming(old, renames);
    let nn = Renderer::renaming(new, &empty);
    let a: Vec<RMethod> = old.operations.iter().map(|op| method(&on, op)).collect();
    let b: Vec<RMethod> = new.operations.iter().map(|op| method(&nn, op)).collect();
    let mut used = vec![false; b.len()];
    let mut pending = Vec::new();
    for ma in &a {
        match b.iter().position(|m| m.name == ma.name) {
            Some(i) => {
                used[i] = true;
                same_method(ma, &b[i], out);
            }
            None => pending.push(ma),
        }
    }
    for ma in pending {
        let renamed = b.iter().enumerate().position(|(i, m)| !used[i] && m.wire == ma.wire && !a.iter().any(|x| x.name == m.name));
        match renamed {
            Some(i) => {
                used[i] = true;
                out.push(Finding::new(
                    "rust-method-renamed",
                    format!("method `Client::{}` was renamed to `Client::{}`", ma.name, b[i].name),
                    Some(pointer(&ma.pointer, &["operationId"])),
                    Some(pointer(&b[i].pointer, &["operationId"])),
                ));
                same_method(ma, &b[i], out);
            }
            None => out.push(Finding::new("rust-method-removed", format!("method `Client::{}` was removed", ma.name), Some(ma.pointer.clone()), None)),
        }
    }
    for (mb, _) in b.iter().zip(&used).filter(|(_, u)| !**u) {
        out.push(Finding::new("rust-method-added", format!("new method `{}`", signature(mb)), None, Some(mb.pointer.clone())));
    }
}

/// A method on both sides (same name, or renamed): its arguments, return and error types,
/// builder setters and deprecation.
fn same_method(a: &RMethod, b: &RMethod, out: &mut Findings) {
    let at = || (Some(a.pointer.clone()), Some(b.pointer.clone()));
    arguments(a, b, out);
    if a.ok != b.ok {
        let (o, n) = at();
        out.push(Finding::new("rust-method-return-type-changed", format!("`Client::{}` now returns `{}` instead of `{}`", b.name, b.ok, a.ok), o, n));
    }
    if a.err != b.err {
        let (o, n) = at();
        out.push(Finding::new("rust-method-error-type-changed", format!("`Client::{}` errors are now `Error<{}>` instead of `Error<{}>`", b.name, b.err, a.err), o, n));
    }
    builder_methods(a, b, out);
    if !a.deprecated && b.deprecated {
        let (o, n) = at();
        out.push(Finding::new("rust-method-deprecated", format!("`Client::{}` is now `#[deprecated]`", b.name), o, n));
    }
}

/// A method's positional arguments: path arguments reordered (same names, another order),
/// argument types changed, or arguments renamed.
fn arguments(a: &RMethod, b: &RMethod, out: &mut Findings) {
    let at = || (Some(a.pointer.clone()), Some(b.pointer.clone()));
    let path_names = |m: &RMethod| m.args.iter().filter(|x| x.2).map(|x| x.0.clone()).collect::<Vec<_>>();
    let (pa, pb) = (path_names(a), path_names(b));
    let mut sa = pa.clone();
    let mut sb = pb.clone();
    sa.sort();
    sb.sort();
    let types = |m: &RMethod| m.args.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
    if pa != pb && sa == sb && pa.len() > 1 {
        let (o, n) = at();
        out.push(Finding::new(
            "rust-path-params-reordered",
            format!("`Client::{}` path arguments reordered from ({}) to ({}); calls may still compile and send values to the wrong place", b.name, pa.join(", "), pb.join(", ")),
            o,
            n,
        ));
    } else if types(a) != types(b) {
        let (o, n) = at();
        out.push(Finding::new(
            "rust-method-arguments-changed",
            format!("`{}` is now `{}`", signature(a), signature(b)),
            o,
            n,
        ));
    } else {
        for (x, y) in a.args.iter().zip(&b.args) {
            if x.0 != y.0 {
                let (o, n) = at();
                out.push(Finding::new("rust-argument-renamed", format!("`Client::{}` argument `{}` is now named `{}`", b.name, x.0, y.0), o, n));
            }
        }
    }
}

/// The setters of a method's request builder: removed, retyped or added.
fn builder_methods(a: &RMethod, b: &RMethod, out: &mut Findings) {
    let at = || (Some(a.pointer.clone()), Some(b.pointer.clone()));
    for (name, ty) in &a.setters {
        match b.setters.iter().find(|(n, _)| n == name) {
            None => {
                let (o, n) = at();
                out.push(Finding::new(
                    "rust-builder-method-removed",
                    format!("`Client::{}(..).{name}` was removed", b.name),
                    o,
                    n,
                ));
            }
            Some((_, new_ty)) if new_ty != ty => {
                let (o, n) = at();
                out.push(Finding::new(
                    "rust-builder-method-type-changed",
                    format!(
                        "`Client::{}(..).{name}` now takes `{new_ty}` instead of `{ty}`",
                        b.name
                    ),
                    o,
                    n,
                ));
            }
            Some(_) => {}
        }
    }
    for (name, ty) in b
        .setters
        .iter()
        .filter(|(n, _)| !a.setters.iter().any(|(m, _)| m == n))
    {
        let (o, n) = at();
        out.push(Finding::new(
            "rust-builder-method-added",
            format!("new `Client::{}(..).{name}({ty})`", b.name),
            o,
            n,
        ));
    }
}

fn setters(old: &Api, new: &Api, out: &mut Findings) {
    let ptr = |s: &SecurityScheme| pointer("/components/securitySchemes", &[&s.key]);
    for s in &old.security_schemes {
        if !new.security_schemes.iter().any(|t| t.name == s.name) {
            out.push(Finding::new("rust-security-setter-removed", format!("`Client::with_{0}` and `Client::set_{0}` were removed", s.name), Some(ptr(s)), None));
        }
    }
    for s in &new.security_schemes {
        if !old.security_schemes.iter().any(|t| t.name == s.name) {
            out.push(Finding::new("rust-security-setter-added", format!("new `Client::with_{0}` and `Client::set_{0}`", s.name), None, Some(ptr(s))));
        }
    }
}

fn base_url(old: &Api, new: &Api, out: &mut Findings) {
    match (old.servers.first(), new.servers.first()) {
        (Some(a), None) => out.push(Finding::new(
            "rust-default-base-url-removed",
            format!("`Client::DEFAULT_BASE_URL` (`{a}`) was removed: the spec lists no servers"),
            Some("/servers".into()),
            None,
        )),
        (Some(a), Some(b)) if a != b => out.push(Finding::new(
            "rust-default-base-url-changed",
            format!("`Client::DEFAULT_BASE_URL` changed from `{a}` to `{b}`"),
            Some("/servers/0".into()),
            Some("/servers/0".into()),
        )),
        _ => {}
    }
}
