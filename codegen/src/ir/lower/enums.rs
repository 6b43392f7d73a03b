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
