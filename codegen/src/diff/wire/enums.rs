//! The values a schema admits when it lists them: `enum` values added or removed (and an
//! `x-extensible-enum`, which expects new values but not removals), a free value that became an
//! enum, a `const` replaced by another, and a schema that admits nothing at all.

use super::schema::Sides;
use super::{show, Cx};

impl<'a> Cx<'a> {
    /// A schema that admits nothing (`enum: []`, `false`), or admits values again. `true` when
    /// reported: nothing else about the schema is worth saying.
    pub(super) fn admits_nothing(&mut self, s: &Sides<'_, 'a>) -> bool {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        if va.never != vb.never {
            let rule = match (req, vb.never) {
                (true, true) => "request-enum-value-removed",
                (true, false) => "request-enum-value-added",
                (false, true) => "response-enum-value-removed",
                (false, false) => "response-enum-value-added",
            };
            let how = if vb.never { "admits no value any more (`enum: []` or `false`)" } else { "admits values again" };
            self.push(rule, format!("{what} {how}"), s.old_ptr(), s.new_ptr());
            return true;
        }
        false
    }

    /// A `const` replaced by another: a client expecting the old value gets a new one. (In a
    /// request, the old value is an enum value removed, below.)
    pub(super) fn constant(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        if let (Some(x), Some(y), false) = (&va.constant, &vb.constant, req) {
            if x != y {
                self.push("response-const-changed", format!("{what}: `const` changed from {} to {}", show(x), show(y)), s.old_ptr(), s.new_ptr());
            }
        }
    }

    /// Enum values (an empty list means any value), then `x-extensible-enum` values.
    pub(super) fn enumeration(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
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
                self.push(rule, format!("{what} is now restricted to an enum"), s.old_ptr(), s.new_ptr());
            }
            for v in removed {
                let rule = if req { "request-enum-value-removed" } else { "response-enum-value-removed" };
                self.push(rule, format!("{what}: enum value {} was removed", show(v)), s.old_ptr(), s.new_ptr());
            }
            for v in added {
                let rule = if req { "request-enum-value-added" } else { "response-enum-value-added" };
                self.push(rule, format!("{what}: enum value {} was added", show(v)), s.old_ptr(), s.new_ptr());
            }
        }

        // `x-extensible-enum`: new values are expected by design; a removed one a client may
        // still send is refused.
        if req {
            for v in va.extensible.iter().filter(|x| !vb.extensible.is_empty() && !vb.extensible.contains(x)) {
                self.push("request-enum-value-removed", format!("{what}: x-extensible-enum value {} was removed", show(v)), s.old_ptr(), s.new_ptr());
            }
        }
    }
}
