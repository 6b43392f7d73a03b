//! How big the generated types are by value, and the rule that keeps them small: a field or a
//! union variant whose value would take more than [`BOX_ABOVE`] bytes is boxed.
//!
//! Why: serde's derived visitors hold every field of a struct on the stack while they read it,
//! and a nested value is moved through each level. A type that holds its children inline is as
//! big as its whole tree (Stripe's `TerminalReader` was 68 KB), so decoding one object took more
//! than the 2 MiB a test or tokio worker thread has in a debug build. Boxed, a child costs the
//! parent 8 bytes and each level of the decode only holds its own fields.
//!
//! The estimate follows rustc's layout on 64-bit targets closely enough to decide: sizes of the
//! standard types, `Option<T>` free when `T` has a niche, structs as the sum of their fields
//! rounded to their alignment, enums as their largest payload plus a tag. It never reads less
//! than the real size by more than a few bytes (the `sizes` test of the tests crate compares it
//! with `size_of` of every type of our specs).

use super::model::{IntKind, TypeDef, TypeId, TypeKind, TypeRef};

/// A field or variant whose value would be larger than this is boxed. 256 bytes keeps every
/// scalar, string, list, map and small struct (up to ten strings) inline, where boxing would
/// only add an allocation, while no value larger than a few cache lines is ever moved whole;
/// so a struct is at most 256 bytes per field and an enum at most 256 plus its tag.
pub const BOX_ABOVE: usize = 256;

/// Size, alignment and whether the type has a niche (spare bit patterns, so that an `Option`
/// of it is no bigger).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Bytes by value.
    pub size: usize,
    /// Alignment in bytes.
    pub align: usize,
    /// `Option<Self>` needs no extra tag.
    pub niche: bool,
}

impl Layout {
    const fn new(size: usize, align: usize, niche: bool) -> Self {
        Layout { size, align, niche }
    }

    /// A pointer-sized owner of heap data (`Box`, and the first word of `String`/`Vec`).
    const BOX: Layout = Layout::new(8, 8, true);

    /// `Option<Self>`.
    pub fn option(self) -> Layout {
        if self.niche {
            self
        } else {
            // The tag takes one alignment unit; its spare values are a niche in turn.
            Layout::new(round(self.size + self.align, self.align), self.align, true)
        }
    }
}

fn round(size: usize, align: usize) -> usize {
    size.div_ceil(align.max(1)) * align.max(1)
}

/// Estimates the layouts of an API's types, each computed once.
pub struct Estimator<'a> {
    types: &'a [TypeDef],
    memo: Vec<Option<Layout>>,
    busy: Vec<bool>,
}

impl<'a> Estimator<'a> {
    /// An estimator over `types` (the boxed flags are read as they are).
    pub fn new(types: &'a [TypeDef]) -> Self {
        Estimator { types, memo: vec![None; types.len()], busy: vec![false; types.len()] }
    }

    /// The layout of a named type.
    pub fn named(&mut self, id: TypeId) -> Layout {
        if let Some(l) = self.memo[id] {
            return l;
        }
        if self.busy[id] {
            // Only reached through a boxed or heap edge of a recursive type: a pointer.
            return Layout::BOX;
        }
        self.busy[id] = true;
        let l = self.kind(&self.types[id].kind);
        self.busy[id] = false;
        self.memo[id] = Some(l);
        l
    }

    fn kind(&mut self, kind: &TypeKind) -> Layout {
        match kind {
            TypeKind::Struct(s) => {
                let mut parts: Vec<Layout> = s.fields.iter().map(|f| self.field(&f.ty, f.optional(), f.boxed)).collect();
                if let Some(extra) = &s.additional {
                    parts.push(self.map(extra));
                }
                record(&parts)
            }
            // A catch-all `Unknown(String)` lends the unit variants its niche.
            TypeKind::StringEnum(_) => Layout::new(24, 8, true),
            // `Unknown(i64)` and a tag.
            TypeKind::IntEnum(_) => Layout::new(16, 8, true),
            TypeKind::Union(u) => {
                let payloads: Vec<Layout> = u.variants.iter().map(|v| self.field(&v.ty, false, v.boxed)).collect();
                tagged(&payloads)
            }
            TypeKind::Alias(t) => self.ty(t),
            TypeKind::Multipart(fields) => {
                let parts: Vec<Layout> = fields
                    .iter()
                    .map(|f| match &f.kind {
                        super::MultipartKind::Value(t) => self.ty(t).option(),
                        // A `FilePart` (two strings and `Bytes`), or a `Vec` of them.
                        super::MultipartKind::File => Layout::new(80, 8, true).option(),
                        super::MultipartKind::Files => Layout::new(24, 8, true).option(),
                    })
                    .collect();
                record(&parts)
            }
        }
    }

    /// A field or variant payload as stored: boxed, then optional.
    pub fn field(&mut self, t: &TypeRef, optional: bool, boxed: bool) -> Layout {
        let inner = if boxed { Layout::BOX } else { self.ty(t) };
        if optional {
            inner.option()
        } else {
            inner
        }
    }

    /// The layout of a value of type `t`.
    pub fn ty(&mut self, t: &TypeRef) -> Layout {
        match t {
            TypeRef::Named(id) => self.named(*id),
            TypeRef::String | TypeRef::Secret | TypeRef::Bytes | TypeRef::Array(_) => Layout::new(24, 8, true),
            TypeRef::Bool => Layout::new(1, 1, true),
            TypeRef::Int(IntKind::I32 | IntKind::U32) | TypeRef::Float(32) => Layout::new(4, 4, false),
            TypeRef::Int(_) | TypeRef::Float(_) => Layout::new(8, 8, false),
            // `chrono::DateTime<Utc>` is a date (4) and a time (8); a `NaiveDate` is 4.
            TypeRef::DateTime => Layout::new(12, 4, false),
            TypeRef::Date => Layout::new(4, 4, false),
            TypeRef::Uuid => Layout::new(16, 1, false),
            // With serde_json's `preserve_order` (which the workspace turns on) an object is an
            // `IndexMap` of 72 bytes; 32 without it. The larger is the safe guess.
            TypeRef::Json => Layout::new(80, 8, true),
            TypeRef::Map(values) => self.map(values),
            TypeRef::Nullable(inner) => self.ty(inner).option(),
            TypeRef::Tuple(items) => {
                let parts: Vec<Layout> = items.iter().map(|i| self.ty(i)).collect();
                record(&parts)
            }
        }
    }

    /// A map from names: a `serde_json::Map` for any JSON values, else a `BTreeMap`.
    fn map(&mut self, values: &TypeRef) -> Layout {
        match values {
            TypeRef::Json => Layout::new(72, 8, true),
            _ => Layout::new(24, 8, true),
        }
    }
}

/// A struct or tuple: its parts' sizes added (rustc reorders fields, so padding is only at the
/// end), rounded to the largest alignment.
fn record(parts: &[Layout]) -> Layout {
    let align = parts.iter().map(|p| p.align).max().unwrap_or(1);
    let size = parts.iter().map(|p| p.size).sum();
    Layout::new(round(size, align), align, parts.iter().any(|p| p.niche))
}

/// An enum with data: the largest payload and a tag of one alignment unit (rustc often fits
/// the tag in a niche; the estimate does not count on it).
fn tagged(payloads: &[Layout]) -> Layout {
    let align = payloads.iter().map(|p| p.align).max().unwrap_or(1);
    let size = payloads.iter().map(|p| p.size).max().unwrap_or(0);
    Layout::new(round(size + align, align), align, true)
}

/// Boxes every field and union variant whose value would be larger than [`BOX_ABOVE`], deepest
/// types first (a child's size counts its own boxing). Recursive types are boxed already, so
/// the types held by value form no cycle. Iterative, so no chain of types can exhaust the stack.
pub fn box_large(types: &mut [TypeDef]) {
    let n = types.len();
    let mut memo: Vec<Option<Layout>> = vec![None; n];
    let mut busy = vec![false; n];
    // 0: not seen, 1: children pushed, 2: settled.
    let mut state = vec![0u8; n];
    for root in 0..n {
        let mut stack = vec![root];
        while let Some(&id) = stack.last() {
            match state[id] {
                0 => {
                    state[id] = 1;
                    stack.extend(inline_children(&types[id].kind).into_iter().filter(|c| state[*c] == 0));
                }
                1 => {
                    stack.pop();
                    state[id] = 2;
                    settle(types, id, &mut memo, &mut busy);
                }
                _ => {
                    stack.pop();
                }
            }
        }
    }
}

/// Decides the boxes of `id`, whose inline children are settled, and records its layout.
fn settle(types: &mut [TypeDef], id: TypeId, memo: &mut Vec<Option<Layout>>, busy: &mut Vec<bool>) {
    let mut est = Estimator { types, memo: std::mem::take(memo), busy: std::mem::take(busy) };
    let decisions: Vec<bool> = match &types[id].kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed || est.field(&f.ty, f.optional(), false).size > BOX_ABOVE).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.boxed || est.field(&v.ty, false, false).size > BOX_ABOVE).collect(),
        _ => Vec::new(),
    };
    (*memo, *busy) = (est.memo, est.busy);
    match &mut types[id].kind {
        TypeKind::Struct(s) => s.fields.iter_mut().zip(decisions).for_each(|(f, b)| f.boxed = b),
        TypeKind::Union(u) => u.variants.iter_mut().zip(decisions).for_each(|(v, b)| v.boxed = b),
        _ => {}
    }
    let mut est = Estimator { types, memo: std::mem::take(memo), busy: std::mem::take(busy) };
    est.named(id);
    (*memo, *busy) = (est.memo, est.busy);
}

/// Named types a type holds by value, through aliases, `Option`s and tuples.
fn inline_children(kind: &TypeKind) -> Vec<TypeId> {
    fn walk(t: &TypeRef, out: &mut Vec<TypeId>) {
        match t {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Nullable(inner) => walk(inner, out),
            TypeRef::Tuple(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).for_each(|f| walk(&f.ty, &mut out)),
        TypeKind::Union(u) => u.variants.iter().filter(|v| !v.boxed).for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Alias(t) => walk(t, &mut out),
        _ => {}
    }
    out
}

/// The estimated size of every type, and the most the rule allows it: [`BOX_ABOVE`] per field
/// (and per flattened map) of a struct, [`BOX_ABOVE`] and a tag for a union, its target's for
/// an alias. For the test that compares them with `size_of` of compiled code.
pub fn sizes(types: &[TypeDef]) -> Vec<(TypeId, usize, usize)> {
    let mut est = Estimator::new(types);
    (0..types.len())
        .map(|id| {
            let size = est.named(id).size;
            (id, size, bound(types, id, size))
        })
        .collect()
}

fn bound(types: &[TypeDef], id: TypeId, size: usize) -> usize {
    match &types[id].kind {
        TypeKind::Struct(s) => BOX_ABOVE * (s.fields.len() + usize::from(s.additional.is_some())).max(1),
        TypeKind::Union(_) => BOX_ABOVE + 8,
        TypeKind::Alias(TypeRef::Named(target)) if *target != id => bound(types, *target, size),
        // Scalars, enums and containers are small by construction.
        _ => size.max(BOX_ABOVE),
    }
}

#[cfg(test)]
#[path = "size_tests.rs"]
mod tests;
