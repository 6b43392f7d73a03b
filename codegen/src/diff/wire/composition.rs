//! Composition: `oneOf`/`anyOf` alternatives, paired by `$ref` (else by position) and compared
//! in turn, added or removed; and a sent schema newly wrapped in a `oneOf` that does not keep
//! it as an alternative. (`allOf` is merged into one view, see `view`; a `discriminator` is not
//! compared.)

use std::collections::HashSet;

use super::schema::Sides;
use super::{Cx, Dir, Findings};
use crate::document::SchemaOrRef;

/// The name a union member is matched by: its `$ref` as written, else its position.
fn member_key(r: &SchemaOrRef, i: usize) -> String {
    match r {
        SchemaOrRef::Ref(reference) => reference.text.clone(),
        SchemaOrRef::Inline(_) => format!("#{i}"),
    }
}

impl<'a> Cx<'a> {
    /// Whether `a` (old side) and `b` (new side) compare without a finding.
    fn same_shape(&self, a: &'a SchemaOrRef, b: &'a SchemaOrRef, dir: Dir) -> bool {
        let mut scratch = Cx { old: self.old, new: self.new, out: Findings::default(), op: None, seen: HashSet::new() };
        scratch.schema(a, b, dir, "");
        scratch.out.into_vec().is_empty()
    }

    /// A sent schema wrapped in a `oneOf` none of whose alternatives is the old schema: a
    /// value valid before may now match several alternatives (or none), which `oneOf`
    /// refuses. Reported once, instead of its mechanical parts (properties "removed", new
    /// alternatives). Keeping the old schema as an alternative is only a new alternative.
    /// `true` when reported.
    pub(super) fn wrapped_in_one_of(&mut self, a: &'a SchemaOrRef, s: &Sides<'_, 'a>) -> bool {
        let (va, vb, what, req, dir) = (s.a, s.b, s.what, s.req(), s.dir);
        if req && va.union.is_empty() && vb.one_of && vb.union.len() >= 2 && (!va.props.is_empty() || va.ty.is_some()) {
            let kept = vb.union.iter().any(|(m, _)| self.same_shape(a, m, dir));
            if !kept {
                self.push(
                    "request-wrapped-in-one-of",
                    format!("{what} is now a `oneOf` of {} alternatives, none of them the old schema", vb.union.len()),
                    s.old_ptr(),
                    s.new_ptr(),
                );
                return true;
            }
        }
        false
    }

    /// `oneOf` / `anyOf` alternatives.
    pub(super) fn alternatives(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req, dir) = (s.a, s.b, s.what, s.req(), s.dir);
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
                        self.push(rule, format!("{what}: alternative `{k}` was removed"), Some(va.union[i].1.clone()), s.new_ptr());
                    }
                }
            }
            for (j, k) in kb.iter().enumerate().filter(|(_, k)| !ka.contains(k)) {
                let rule = if req { "request-union-member-added" } else { "response-union-member-added" };
                self.push(rule, format!("{what}: new alternative `{k}`"), s.old_ptr(), Some(vb.union[j].1.clone()));
            }
        }
    }
}
