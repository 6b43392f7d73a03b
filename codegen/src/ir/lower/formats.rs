//! `format` → Rust scalar types (`date-time`, `uuid`, `int32`, …), and the check that an
//! integer's `minimum`/`maximum` fit the type it became.

use super::{Lowering, Schema};
use crate::diagnostic::{pointer, Diagnostic};
use crate::ir::model::{IntKind, TypeRef};

impl<'a> Lowering<'a> {
    pub(super) fn check_int_bounds(&mut self, s: &'a Schema, kind: IntKind) {
        let (lo, hi) = match kind {
            IntKind::I32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
            IntKind::U32 => (0.0, f64::from(u32::MAX)),
            IntKind::I64 => (i64::MIN as f64, i64::MAX as f64),
            IntKind::U64 => (0.0, u64::MAX as f64),
        };
        for (key, b) in [("minimum", s.minimum), ("maximum", s.maximum)] {
            if let Some(b) = b {
                if b.value < lo || b.value > hi {
                    self.diags.push(Diagnostic::warning(
                        pointer(&s.pointer, &[key]),
                        format!("`{key}: {}` is beyond what the Rust integer type holds; the bound is not enforced", b.value),
                    ));
                }
            }
        }
    }
}

pub(super) fn string_format(f: Option<&str>) -> TypeRef {
    match f {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("binary") => TypeRef::Bytes,
        Some("password") => TypeRef::Secret,
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

pub(super) fn int_kind(f: Option<&str>) -> IntKind {
    match f {
        Some("int32") => IntKind::I32,
        Some("uint32") => IntKind::U32,
        Some("uint64") => IntKind::U64,
        _ => IntKind::I64,
    }
}
