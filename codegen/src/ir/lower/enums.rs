//! `enum` and `const` → string and integer enums, with unique variant names (`Unknown` is kept
//! for the catch-all variant the emitter adds).

use std::collections::BTreeSet;

use super::{Lowering, Schema};
use crate::ir::model::{EnumValue, TypeKind};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    /// A string `enum` (or `const`) as an enum type.
    pub(super) fn string_enum(&mut self, s: &'a Schema) -> Option<TypeKind> {
        let values: Vec<&str> = match &s.constant {
            Some(serde_json::Value::String(c)) if s.enumeration.is_empty() => vec![c.as_str()],
            _ => s.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        };
        if values.is_empty() {
            return None;
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            if seen.insert(v) {
                out.push(EnumValue { name: scope.claim(&naming::camel(v)), wire: v.to_owned() });
            }
        }
        Some(TypeKind::StringEnum(out))
    }

    /// An `enum` without `type` whose values are all strings.
    pub(super) fn untyped_enum(&mut self, s: &'a Schema) -> Option<TypeKind> {
        let all_strings = s.enumeration.iter().all(serde_json::Value::is_string) || s.constant.as_ref().is_some_and(|c| c.is_string());
        if all_strings && (!s.enumeration.is_empty() || s.constant.is_some()) {
            return self.string_enum(s);
        }
        None
    }
}

/// The integer values of `enum` (or `const`).
pub(super) fn int_values(s: &Schema) -> Vec<i64> {
    match &s.constant {
        Some(c) if s.enumeration.is_empty() => c.as_i64().into_iter().collect(),
        _ => s.enumeration.iter().filter_map(serde_json::Value::as_i64).collect(),
    }
}

pub(super) fn int_enum(values: &[i64]) -> TypeKind {
    let mut seen = BTreeSet::new();
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let out = values
        .iter()
        .filter(|v| seen.insert(**v))
        .map(|v| EnumValue { name: scope.claim(&naming::camel(&v.to_string())), wire: *v })
        .collect();
    TypeKind::IntEnum(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, id, lower30, lower31, messages, named};
    use crate::ir::model::{EnumValue, TypeKind, TypeRef};

    fn string_values(kind: &TypeKind) -> Vec<(&str, &str)> {
        match kind {
            TypeKind::StringEnum(v) => v.iter().map(|e| (e.name.as_str(), e.wire.as_str())).collect(),
            other => panic!("not a string enum: {other:?}"),
        }
    }

    #[test]
    fn string_values_get_unique_names_and_keep_unknown_free() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Status: {type: string, enum: [active, in-progress, Active, unknown, active]}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(
            string_values(&named(&api, "Status").kind),
            [("Active", "active"), ("InProgress", "in-progress"), ("Active2", "Active"), ("Unknown2", "unknown")]
        );
    }

    #[test]
    fn integer_values_are_named_after_the_number() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Code: {type: integer, enum: [1, -1, 200, 1]}
            ",
        );
        let values = |wire: &[(&str, i64)]| -> Vec<EnumValue<i64>> {
            wire.iter().map(|(n, w)| EnumValue { name: (*n).to_owned(), wire: *w }).collect()
        };
        assert_eq!(named(&api, "Code").kind, TypeKind::IntEnum(values(&[("V1", 1), ("Minus1", -1), ("V200", 200)])));
    }

    #[test]
    fn a_const_or_an_untyped_enum_of_strings_is_an_enum_too() {
        let (api, _) = lower31(
            "
            paths: {}
            components:
              schemas:
                Fixed: {const: fixed}
                Three: {type: integer, const: 3}
                Holder:
                  type: object
                  properties:
                    mode: {enum: [fast, slow]}
                    free: {type: string}
            ",
        );
        assert_eq!(string_values(&named(&api, "Fixed").kind), [("Fixed", "fixed")]);
        assert!(matches!(&named(&api, "Three").kind, TypeKind::IntEnum(v) if v.len() == 1 && v[0].wire == 3));
        assert_eq!(field(&api, "Holder", "mode").ty, TypeRef::Named(id(&api, "HolderMode")));
        assert_eq!(string_values(&named(&api, "HolderMode").kind), [("Fast", "fast"), ("Slow", "slow")]);
        assert_eq!(field(&api, "Holder", "free").ty, TypeRef::String);
    }
}
