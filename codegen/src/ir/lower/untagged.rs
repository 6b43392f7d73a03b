//! The order of an untagged union's variants. serde's `untagged` decoding takes the first
//! variant that accepts a value, so a permissive member listed before a stricter one would take
//! values meant for it: `{"a": 1, "b": 2}` decodes into a struct of optional fields before it
//! reaches the struct that requires `a` and `b`, and `5` into `f64` before `i64`.
//!
//! The rule, stable and applied after every type exists: members of the same JSON kind (number,
//! string, array, object) are reordered among the places those members already hold, stricter
//! first; free-form JSON members go last. Members of different kinds never compete for a value,
//! so they keep the spec's order, and so does everything the rule cannot rank (nested unions).

use super::Lowering;
use crate::ir::model::{StructDef, TypeDef, TypeKind, TypeRef, UnionVariant};

/// The JSON values a member can accept, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Number,
    String,
    Array,
    Object,
    /// Any value (`serde_json::Value`).
    Any,
    /// Several kinds, or not known (a nested union): left where it is.
    Other,
}

impl<'a> Lowering<'a> {
    /// Orders the variants of every untagged union, stricter members first (see the module doc).
    /// A discriminated union keeps the spec's order and records this one for values without
    /// the tag.
    pub(super) fn order_untagged_unions(&mut self) {
        for id in 0..self.types.len() {
            let TypeKind::Union(u) = &self.types[id].kind else { continue };
            let order = decode_order(&self.types, &u.variants);
            if let TypeKind::Union(u) = &mut self.types[id].kind {
                if u.discriminator.is_some() {
                    u.untagged_order = order;
                    continue;
                }
                let mut old: Vec<Option<UnionVariant>> = u.variants.drain(..).map(Some).collect();
                u.variants = order.into_iter().filter_map(|i| old[i].take()).collect();
            }
        }
    }
}

/// The indices of `variants` in the order they should be tried.
fn decode_order(types: &[TypeDef], variants: &[UnionVariant]) -> Vec<usize> {
    let ranked: Vec<(Kind, u64)> = variants.iter().map(|v| rank(types, &v.ty, 0)).collect();
    let mut order: Vec<usize> = (0..variants.len()).collect();
    for kind in [Kind::Number, Kind::String, Kind::Array, Kind::Object] {
        let slots: Vec<usize> = (0..variants.len()).filter(|&i| ranked[i].0 == kind).collect();
        let mut members = slots.clone();
        // Stable: equally strict members keep the spec's order.
        members.sort_by_key(|&i| ranked[i].1);
        for (slot, member) in slots.into_iter().zip(members) {
            order[slot] = member;
        }
    }
    let (any, rest): (Vec<usize>, Vec<usize>) = order.into_iter().partition(|&i| ranked[i].0 == Kind::Any);
    rest.into_iter().chain(any).collect()
}

// Aliases followed when ranking; a cycle is reported by `check_alias_cycles`.
const MAX_ALIAS_DEPTH: usize = 16;

/// What a type accepts and how permissive it is within that kind (lower: stricter).
fn rank(types: &[TypeDef], ty: &TypeRef, depth: usize) -> (Kind, u64) {
    match ty {
        TypeRef::Bool => (Kind::Bool, 0),
        // `i64` rejects `1.5`; `f64` takes `1` as well.
        TypeRef::Int(_) => (Kind::Number, 0),
        TypeRef::Float(_) => (Kind::Number, 1),
        // These parse their text; a plain string takes any.
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => (Kind::String, 0),
        TypeRef::String | TypeRef::Secret | TypeRef::Bytes => (Kind::String, 1),
        TypeRef::Tuple(_) => (Kind::Array, 0),
        TypeRef::Array(item) => match rank(types, item, depth + 1) {
            (Kind::Any | Kind::Other, _) => (Kind::Array, u64::MAX),
            (_, r) => (Kind::Array, r.saturating_add(1)),
        },
        TypeRef::Map(value) => (Kind::Object, if **value == TypeRef::Json { u64::MAX } else { u64::MAX - 1 }),
        TypeRef::Json => (Kind::Any, 0),
        TypeRef::Nullable(inner) => rank(types, inner, depth + 1),
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct(s) => (Kind::Object, struct_rank(s)),
            // Open enums take any value of their kind (`Unknown`), like the plain type.
            TypeKind::StringEnum(_) => (Kind::String, 1),
            TypeKind::IntEnum(_) => (Kind::Number, 0),
            TypeKind::Alias(target) if depth < MAX_ALIAS_DEPTH => rank(types, target, depth + 1),
            TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::Multipart(_) => (Kind::Other, 0),
        },
    }
}

/// A struct that requires more fields accepts fewer objects: one requiring `a` and `b` comes
/// before one requiring only `a`, and one requiring nothing (it takes any object) after both,
/// just before maps. A required but nullable field may be absent (`#[serde(default)]`).
fn struct_rank(s: &StructDef) -> u64 {
    let required = s.fields.iter().filter(|f| f.required && !f.nullable).count() as u64;
    if required == 0 {
        u64::MAX - 2
    } else {
        u64::MAX - 3 - required
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{lower30, lower31, messages, named};
    use crate::ir::model::{TypeKind, TypeRef};

    fn variant_names(api: &crate::ir::Api, name: &str) -> Vec<String> {
        match &named(api, name).kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| v.name.clone()).collect(),
            other => panic!("`{name}` is not a union: {other:?}"),
        }
    }

    #[test]
    fn stricter_objects_come_before_permissive_ones_and_json_goes_last() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Loose: {type: object, properties: {a: {type: string}}}
                One: {type: object, required: [a], properties: {a: {type: string}}}
                Two: {type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}
                Nulls: {type: object, required: [a, b, c], properties: {a: {type: string}, b: {type: string, nullable: true}, c: {type: string, nullable: true}}}
                Thing:
                  anyOf:
                    - {}
                    - $ref: '#/components/schemas/Loose'
                    - {type: string}
                    - {type: object, additionalProperties: {type: integer}}
                    - $ref: '#/components/schemas/One'
                    - $ref: '#/components/schemas/Nulls'
                    - $ref: '#/components/schemas/Two'
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        // Object members fill the object places (1, 3, 4, 5, 6) stricter first; the string keeps
        // its place; the free-form member moves to the end.
        assert_eq!(variant_names(&api, "Thing"), ["Two", "String", "One", "Nulls", "Loose", "Object", "Value"]);
    }

    #[test]
    fn an_integer_comes_before_a_number_and_a_formatted_string_before_a_plain_one() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Amount: {type: [number, integer, boolean]}
                When: {oneOf: [{type: string}, {type: string, format: date-time}, {type: array, items: {type: number}}, {type: array, items: {type: integer}}]}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(variant_names(&api, "Amount"), ["Integer", "Number", "Boolean"]);
        assert_eq!(variant_names(&api, "When"), ["DateTime", "String", "IntegerList", "NumberList"]);
        let TypeKind::Union(u) = &named(&api, "When").kind else { unreachable!() };
        assert_eq!(u.variants[2].ty, TypeRef::Array(Box::new(TypeRef::Int(crate::ir::model::IntKind::I64))));
    }

    #[test]
    fn a_discriminated_union_keeps_the_spec_order() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Loose: {type: object, properties: {kind: {type: string, enum: [loose]}}}
                Strict: {type: object, required: [kind, a], properties: {kind: {type: string, enum: [strict]}, a: {type: string}}}
                Thing:
                  oneOf: [{$ref: '#/components/schemas/Loose'}, {$ref: '#/components/schemas/Strict'}]
                  discriminator: {propertyName: kind}
            ",
        );
        assert_eq!(variant_names(&api, "Thing"), ["Loose", "Strict"]);
        let TypeKind::Union(u) = &named(&api, "Thing").kind else { unreachable!() };
        assert_eq!(u.untagged_order, [1, 0], "a value without `kind` tries the stricter member first");
    }
}
