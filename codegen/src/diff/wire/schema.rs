//! Two schemas that sit at the same place, compared in one direction: the walk's entry (naming
//! a component, cutting cycles, hiding what does not travel that way) and the order of its
//! parts, with the parts about the value's basic shape (nullability, type, format, content
//! keywords) and the nested schemas of arrays and maps. Properties, enum values, constraint
//! keywords and alternatives have modules of their own.

use super::view::{view, View};
use super::{resolve, Cx, Dir};
use crate::document::{Document, SchemaOrRef};

/// One comparison of two schemas as each of its parts reads it: both sides flattened, their
/// pointers, the direction, and the words that name the place in messages.
pub(super) struct Sides<'s, 'a> {
    /// The old side.
    pub(super) a: &'s View<'a>,
    /// The new side.
    pub(super) b: &'s View<'a>,
    /// The old side's pointer.
    pub(super) ap: &'s str,
    /// The new side's pointer.
    pub(super) bp: &'s str,
    /// Which way the value travels.
    pub(super) dir: Dir,
    /// What the schema is, for messages: where it sits (`request body`), or the component.
    pub(super) what: &'s str,
}

impl Sides<'_, '_> {
    /// Whether the value is sent (request) rather than received.
    pub(super) fn req(&self) -> bool {
        self.dir == Dir::Request
    }

    /// The old side's pointer, for a finding.
    pub(super) fn old_ptr(&self) -> Option<String> {
        Some(self.ap.to_owned())
    }

    /// The new side's pointer, for a finding.
    pub(super) fn new_ptr(&self) -> Option<String> {
        Some(self.bp.to_owned())
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
    /// Compares two schemas that sit at the same place, in one direction.
    pub(super) fn schema(&mut self, a: &'a SchemaOrRef, b: &'a SchemaOrRef, dir: Dir, what: &str) {
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
        let (va, vb) = self.views(a, b, dir);
        let s = Sides { a: &va, b: &vb, ap: &ap, bp: &bp, dir, what };
        if self.wrapped_in_one_of(a, &s) || self.admits_nothing(&s) {
            return;
        }
        self.nullability(&s);
        if self.type_changed(&s) {
            return;
        }
        self.format(&s);
        self.constant(&s);
        self.content_keywords(&s);
        self.unmapped(&s);
        self.enumeration(&s);
        self.limits(&s);
        self.properties(&s);
        self.items(&s);
        self.alternatives(&s);
    }

    /// Both sides flattened, without the properties that do not travel in this direction.
    fn views(&self, a: &'a SchemaOrRef, b: &'a SchemaOrRef, dir: Dir) -> (View<'a>, View<'a>) {
        let mut va = view(self.old, a, 0);
        let mut vb = view(self.new, b, 0);
        let req = dir == Dir::Request;
        // A readOnly property is not sent, a writeOnly one not received: in that direction it is
        // as if it were absent (a new required readOnly property breaks no request).
        let hidden = |doc: &Document, p: &SchemaOrRef| doc.resolve(p).is_some_and(|s| if req { s.read_only } else { s.write_only });
        va.props.retain(|(_, p, _)| !hidden(self.old, p));
        vb.props.retain(|(_, p, _)| !hidden(self.new, p));
        (va, vb)
    }

    fn nullability(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        if va.nullable != vb.nullable {
            let rule = match (req, vb.nullable) {
                (true, true) => "request-nullable-added",
                (true, false) => "request-nullable-removed",
                (false, true) => "response-became-nullable",
                (false, false) => "response-nullable-removed",
            };
            let how = if vb.nullable { "may now be null" } else { "may no longer be null" };
            self.push(rule, format!("{what} {how}"), s.old_ptr(), s.new_ptr());
        }
    }

    /// A changed type (or one added or dropped), unless it only widens what is accepted. `true`
    /// when reported: the rest of the comparison would only repeat it.
    fn type_changed(&mut self, s: &Sides<'_, 'a>) -> bool {
        let (va, vb, what, req, dir) = (s.a, s.b, s.what, s.req(), s.dir);
        if let (Some(ta), Some(tb)) = (&va.ty, &vb.ty) {
            if ta != tb {
                // integer → number widens what is accepted (request) and narrows what is sent (response).
                let compatible = match dir {
                    Dir::Request => ta == "integer" && tb == "number",
                    Dir::Response => ta == "number" && tb == "integer",
                };
                if !compatible {
                    let rule = if req { "request-type-changed" } else { "response-type-changed" };
                    self.push(rule, format!("{what}: type changed from `{ta}` to `{tb}`"), s.old_ptr(), s.new_ptr());
                    return true;
                }
            }
        } else if va.ty.is_some() != vb.ty.is_some() && va.union.is_empty() && vb.union.is_empty() {
            let (ta, tb) = (va.ty.as_deref().unwrap_or("any"), vb.ty.as_deref().unwrap_or("any"));
            // Anything → any is looser: fine for what is sent, not for what is received.
            let breaking = if req { va.ty.is_none() } else { vb.ty.is_none() };
            if breaking {
                let rule = if req { "request-type-changed" } else { "response-type-changed" };
                self.push(rule, format!("{what}: type changed from `{ta}` to `{tb}`"), s.old_ptr(), s.new_ptr());
                return true;
            }
        }
        false
    }

    fn format(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        if va.format != vb.format {
            let widens = format_widens(va.format.as_deref(), vb.format.as_deref());
            let rule = match (req, widens) {
                (true, true) => "request-format-widened",
                (true, false) => "request-format-narrowed",
                (false, true) => "response-format-widened",
                (false, false) => "response-format-narrowed",
            };
            let f = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            self.push(rule, format!("{what}: format changed from `{}` to `{}`", f(&va.format), f(&vb.format)), s.old_ptr(), s.new_ptr());
        }
    }

    /// What a string carries (`contentMediaType`) and how it is encoded (`contentEncoding`):
    /// either changed, old values no longer read the same way on the other side.
    fn content_keywords(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        for (key, x, y) in [("contentMediaType", &va.content.0, &vb.content.0), ("contentEncoding", &va.content.1, &vb.content.1)] {
            if x != y {
                let f = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
                let text = format!("{what}: `{key}` changed from `{}` to `{}`", f(x), f(y));
                let rule = if req { "request-type-changed" } else { "response-type-changed" };
                self.push(rule, text, s.old_ptr(), s.new_ptr());
            }
        }
    }

    /// Array items, 3.1 tuple positions and map values: the nested schemas compared in turn.
    fn items(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req, dir) = (s.a, s.b, s.what, s.req(), s.dir);
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
            let text = format!("{what}: `prefixItems` has {} positions instead of {}", vb.prefix.len(), va.prefix.len());
            match (req, vb.prefix.len() > va.prefix.len()) {
                (true, _) => self.push("request-constraint-tightened", text, s.old_ptr(), s.new_ptr()),
                (false, true) => self.push("response-type-changed", text, s.old_ptr(), s.new_ptr()),
                (false, false) => self.push("response-constraint-relaxed", text, s.old_ptr(), s.new_ptr()),
            }
        }
        // Map values.
        if let (Some((xa, _)), Some((xb, _))) = (&va.additional, &vb.additional) {
            self.schema(xa, xb, dir, &format!("{what} map values"));
        }
    }
}
