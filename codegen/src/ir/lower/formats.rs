//! `format` → Rust scalar types (`date-time`, `uuid`, `int32`, …), and the check that an
//! integer's `minimum`/`maximum` fit the type it became.

use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
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

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, lower30, messages};
    use super::{int_kind, string_format};
    use crate::ir::model::{IntKind, TypeRef};

    #[test]
    fn string_formats_map_to_rust_types() {
        let cases = [
            (Some("date-time"), TypeRef::DateTime),
            (Some("date"), TypeRef::Date),
            (Some("binary"), TypeRef::Bytes),
            (Some("password"), TypeRef::Secret),
            (Some("uuid"), TypeRef::Uuid),
            (Some("email"), TypeRef::String),
            (Some("byte"), TypeRef::String),
            (None, TypeRef::String),
        ];
        for (format, ty) in cases {
            assert_eq!(string_format(format), ty, "{format:?}");
        }
        let ints = [(Some("int32"), IntKind::I32), (Some("uint32"), IntKind::U32), (Some("uint64"), IntKind::U64), (Some("int64"), IntKind::I64), (None, IntKind::I64)];
        for (format, kind) in ints {
            assert_eq!(int_kind(format), kind, "{format:?}");
        }
    }

    #[test]
    fn formats_in_a_spec_choose_the_field_types() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Row:
                  type: object
                  properties:
                    at: {type: string, format: date-time}
                    key: {type: string, format: password}
                    small: {type: integer, format: int32}
                    ratio: {type: number, format: float}
                    amount: {type: number, format: double}
                    flag: {type: boolean}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let ty = |name: &str| field(&api, "Row", name).ty.clone();
        assert_eq!(ty("at"), TypeRef::DateTime);
        assert_eq!(ty("key"), TypeRef::Secret);
        assert_eq!(ty("small"), TypeRef::Int(IntKind::I32));
        assert_eq!(ty("ratio"), TypeRef::Float(32));
        assert_eq!(ty("amount"), TypeRef::Float(64));
        assert_eq!(ty("flag"), TypeRef::Bool);
    }

    #[test]
    fn a_bound_beyond_the_integer_type_is_reported() {
        let (_, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Row:
                  type: object
                  properties:
                    big: {type: integer, format: int32, maximum: 3000000000}
                    unsigned: {type: integer, format: uint32, minimum: -1, maximum: 10}
                    fine: {type: integer, format: int32, minimum: -5, maximum: 5}
            ",
        );
        assert_eq!(
            messages(&diags),
            [
                "`maximum: 3000000000` is beyond what the Rust integer type holds; the bound is not enforced",
                "`minimum: -1` is beyond what the Rust integer type holds; the bound is not enforced",
            ]
        );
        assert_eq!(diags[0].pointer, "/components/schemas/Row/properties/big/maximum");
    }
}
