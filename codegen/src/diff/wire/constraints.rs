//! Constraint keywords: the numeric (`minimum`, `maximum`, `multipleOf`), string (`minLength`,
//! `maxLength`, `pattern`), array (`minItems`, `maxItems`, `uniqueItems`) and object
//! (`minProperties`, `maxProperties`, `additionalProperties: false`) limits, each judged by
//! whether it admits fewer values than before or more; and the keywords the diff does not model
//! (`dependentRequired`, `if`, `propertyNames`, …), compared as written.

use super::schema::Sides;
use super::view::{Limit, Limits};
use super::{Cx, Dir};

/// The limits that changed, by which way they moved: `tighter` ones admit fewer values than
/// before, `looser` ones more. A `multipleOf` moved sideways (5 → 7) is both.
#[derive(Default)]
struct Moves {
    tighter: Vec<String>,
    looser: Vec<String>,
}

impl Moves {
    /// Every limit of `a` (old) against `b` (new), in the order the message lists them.
    fn of(a: &Limits, b: &Limits) -> Self {
        let mut moves = Moves::default();
        moves.bounds(a, b);
        moves.multiple_of(a.multiple_of, b.multiple_of);
        if a.unique_items != b.unique_items {
            if b.unique_items { &mut moves.tighter } else { &mut moves.looser }.push("uniqueItems".to_owned());
        }
        if a.closed != b.closed {
            if b.closed { &mut moves.tighter } else { &mut moves.looser }.push("additionalProperties".to_owned());
        }
        moves
    }

    /// The lower and upper bounds on lengths, values, item and property counts.
    fn bounds(&mut self, a: &Limits, b: &Limits) {
        // A bound as a comparable number: an exclusive bound sits just inside its value.
        let key = |b: Limit, upper: bool| b.map(|(v, exclusive)| (if upper { -v } else { v }, exclusive));
        let us = |v: Option<u64>, upper: bool| v.map(|v| (if upper { -(v as f64) } else { v as f64 }, false));
        self.lower("minLength", us(a.min_length, false), us(b.min_length, false));
        self.lower("minimum", key(a.minimum, false), key(b.minimum, false));
        self.lower("minItems", us(a.min_items, false), us(b.min_items, false));
        // Upper bounds: a smaller bound is tighter; negated to reuse the comparison.
        self.lower("maxLength", us(a.max_length, true), us(b.max_length, true));
        self.lower("maximum", key(a.maximum, true), key(b.maximum, true));
        self.lower("maxItems", us(a.max_items, true), us(b.max_items, true));
        self.lower("minProperties", us(a.min_properties, false), us(b.min_properties, false));
        self.lower("maxProperties", us(a.max_properties, true), us(b.max_properties, true));
    }

    /// A lower bound (or a negated upper one) from `x` (old) to `y` (new).
    fn lower(&mut self, name: &str, x: Option<(f64, bool)>, y: Option<(f64, bool)>) {
        match (x, y) {
            (None, Some(_)) => self.tighter.push(name.to_owned()),
            (Some(_), None) => self.looser.push(name.to_owned()),
            (Some(x), Some(y)) if y.0 > x.0 || (y.0 == x.0 && y.1 && !x.1) => self.tighter.push(name.to_owned()),
            (Some(x), Some(y)) if y.0 < x.0 || (y.0 == x.0 && x.1 && !y.1) => self.looser.push(name.to_owned()),
            _ => {}
        }
    }

    fn multiple_of(&mut self, a: Option<f64>, b: Option<f64>) {
        match (a, b) {
            (None, Some(_)) => self.tighter.push("multipleOf".to_owned()),
            (Some(_), None) => self.looser.push("multipleOf".to_owned()),
            // Multiples of 10 are multiples of 5: 5 → 10 is tighter, 10 → 5 looser.
            (Some(x), Some(y)) if x != y => {
                if is_multiple(y, x) {
                    self.tighter.push("multipleOf".to_owned());
                } else if is_multiple(x, y) {
                    self.looser.push("multipleOf".to_owned());
                } else {
                    self.tighter.push("multipleOf".to_owned());
                    self.looser.push("multipleOf".to_owned());
                }
            }
            _ => {}
        }
    }

    /// A pattern is only judged when the change is provably one way: added or removed, or to or
    /// from one that matches everything. Two real patterns are not compared (regex inclusion is
    /// undecidable in practice): they come back, old and new, as a warning for a reviewer.
    fn pattern<'l>(&mut self, a: &'l Limits, b: &'l Limits) -> Option<(&'l str, &'l str)> {
        match (a.pattern.as_deref().filter(|p| !matches_everything(p)), b.pattern.as_deref().filter(|p| !matches_everything(p))) {
            (None, Some(_)) => self.tighter.push("pattern".to_owned()),
            (Some(_), None) => self.looser.push("pattern".to_owned()),
            (Some(x), Some(y)) if x != y => return Some((x, y)),
            _ => {}
        }
        None
    }
}

impl<'a> Cx<'a> {
    /// Keywords not compared structurally: any one added or changed constrains a sent value
    /// in a way the diff cannot prove harmless; removed or changed, it frees a received one.
    pub(super) fn unmapped(&mut self, s: &Sides<'_, 'a>) {
        let (va, vb, what, req) = (s.a, s.b, s.what, s.req());
        for (k, x) in &va.unmapped {
            match (vb.unmapped.iter().find(|(n, _)| n == k).map(|(_, y)| y), req) {
                (None, true) => self.push("request-constraint-relaxed", format!("{what}: `{k}` was removed"), s.old_ptr(), s.new_ptr()),
                (None, false) => self.push("response-constraint-relaxed", format!("{what}: `{k}` was removed"), s.old_ptr(), s.new_ptr()),
                (Some(y), true) if y != x => self.push("request-constraint-tightened", format!("{what}: `{k}` changed"), s.old_ptr(), s.new_ptr()),
                (Some(y), false) if y != x => self.push("response-constraint-relaxed", format!("{what}: `{k}` changed"), s.old_ptr(), s.new_ptr()),
                _ => {}
            }
        }
        if req {
            for (k, _) in vb.unmapped.iter().filter(|(k, _)| !va.unmapped.iter().any(|(n, _)| n == k)) {
                self.push("request-constraint-tightened", format!("{what}: `{k}` was added"), s.old_ptr(), s.new_ptr());
            }
        }
    }

    /// The limits: a rewritten pattern first, then what became stricter (which breaks a
    /// request) and what became looser (which breaks a response, and is only worth knowing in
    /// a request).
    pub(super) fn limits(&mut self, s: &Sides<'_, 'a>) {
        let (a, b, what) = (&s.a.limits, &s.b.limits, s.what);
        if a == b {
            return;
        }
        let mut moves = Moves::of(a, b);
        if let Some((x, y)) = moves.pattern(a, b) {
            match s.dir {
                Dir::Request => self.push("request-pattern-changed", format!("{what}: pattern changed from `{x}` to `{y}`"), s.old_ptr(), s.new_ptr()),
                Dir::Response => self.push("response-pattern-changed", format!("{what}: pattern changed from `{x}` to `{y}`"), s.old_ptr(), s.new_ptr()),
            }
        }
        let Moves { tighter, mut looser } = moves;
        match s.dir {
            Dir::Request => {
                if !tighter.is_empty() {
                    self.push("request-constraint-tightened", format!("{what}: {} became stricter", tighter.join(", ")), s.old_ptr(), s.new_ptr());
                }
                looser.retain(|l| !tighter.contains(l));
                if !looser.is_empty() {
                    self.push("request-constraint-relaxed", format!("{what}: {} became looser", looser.join(", ")), s.old_ptr(), s.new_ptr());
                }
            }
            Dir::Response => {
                if !looser.is_empty() {
                    self.push("response-constraint-relaxed", format!("{what}: {} became looser", looser.join(", ")), s.old_ptr(), s.new_ptr());
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
