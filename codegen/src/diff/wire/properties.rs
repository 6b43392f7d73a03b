//! Object properties: removed (and whether the object is closed), added (and whether
//! required), and for one on both sides its requiredness, deprecation sunset, stability level,
//! and then its schema. `readOnly`/`writeOnly` properties are already left out of the
//! direction they do not travel in (see `schema`).

use crate::diff::policy::{Deprecation, Stability};
use super::schema::Sides;
use super::view::View;
use super::{resolve, Cx};
use crate::document::{Document, SchemaOrRef};

/// A property schema's deprecation: on the `$ref` (3.1 sibling) or on the schema it names.
fn schema_deprecation(doc: &Document, r: &SchemaOrRef) -> Option<Deprecation> {
    let target = resolve(doc, r).map(|(s, _)| s);
    let on_ref = matches!(r, SchemaOrRef::Ref(x) if x.deprecated);
    let sunset = target.and_then(|s| s.extensions.get("x-sunset")).and_then(|v| v.as_str()).map(str::to_owned);
    (on_ref || target.is_some_and(|s| s.deprecated)).then_some(Deprecation { sunset })
}

impl<'a> Cx<'a> {
    pub(super) fn properties(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        let (ap, bp) = (s.ap, s.bp);
        let is_object = |v: &View<'_>| !v.props.is_empty() || v.ty.as_deref() == Some("object");
        if is_object(va) && is_object(vb) {
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
                    Some((_, sb, pb)) => self.property(name, (sa, pa), (sb, pb), s),
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
        self.pattern_properties(s);
    }

    /// `patternProperties`: a new pattern in what the client sends constrains names it may
    /// already send (a value valid before may be refused); a pattern gone from a response no
    /// longer promises the shape of the values it matched. A kept pattern's schema is compared.
    fn pattern_properties(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        for (pattern, sa, pa) in &va.pattern_props {
            match vb.pattern_props.iter().find(|(p, ..)| p == pattern) {
                Some((_, sb, _)) => self.schema(sa, sb, s.dir, &format!("{what}: pattern property `{pattern}`")),
                None => {
                    let rule = if req { "request-pattern-property-removed" } else { "response-pattern-property-removed" };
                    self.push(rule, format!("{what}: pattern property `{pattern}` was removed"), Some(pa.clone()), Some(format!("{}/patternProperties", s.bp)));
                }
            }
        }
        for (pattern, _, pb) in vb.pattern_props.iter().filter(|(p, ..)| !va.pattern_props.iter().any(|(q, ..)| q == p)) {
            let rule = if req { "request-pattern-property-added" } else { "response-pattern-property-added" };
            self.push(rule, format!("{what}: new pattern property `{pattern}`"), Some(format!("{}/patternProperties", s.ap)), Some(pb.clone()));
        }
    }

    /// A property on both sides (`a` old, `b` new: its schema and pointer).
    fn property(&mut self, name: &str, (sa, pa): (&'a SchemaOrRef, &str), (sb, pb): (&'a SchemaOrRef, &str), s: &Sides<'_, 'a>) {
        let (va, vb, what, req, dir) = (s.a, s.b, s.what, s.req(), s.dir);
        let was_required = va.required.contains(name);
        self.sunset(&format!("{what}: property `{name}`"), schema_deprecation(self.old, sa), schema_deprecation(self.new, sb), pa, pb);
        let level = |doc: &'a Document, r: &'a SchemaOrRef| resolve(doc, r).and_then(|(s, _)| Stability::in_extensions(&s.extensions));
        if let (Some(x), y) = (level(self.old, sa), level(self.new, sb).unwrap_or(Stability::Stable)) {
            if y < x {
                self.push(
                    "property-stability-decreased",
                    format!("{what}: property `{name}` went from {} to {}", x.as_str(), y.as_str()),
                    Some(pa.to_owned()),
                    Some(pb.to_owned()),
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
            self.push(rule, format!("{what}: property `{name}` became {how}"), Some(pa.to_owned()), Some(pb.to_owned()));
        }
        self.schema(sa, sb, dir, &format!("{what}: property `{name}`"));
    }
}
