//! `oneOf`/`anyOf` and multi-type schemas → unions: variant names, discriminator tags (from
//! `mapping` or the ref's name), and when a discriminator cannot be used.

use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::pointer::{last_token, pointer};
use crate::document::{self, SchemaOrRef, SchemaRef, Type};
use crate::ir::model::{TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    /// `type: [string, integer]`: an untagged enum with one variant per type.
    pub(super) fn type_union(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        let mut scope = Scope::default();
        let variants = s
            .types
            .iter()
            .map(|t| {
                let label = naming::camel(t.as_str());
                let ty = self.inline_as(s, *t, &format!("{name}{label}"), ptr);
                UnionVariant { name: scope.claim(&label), ty, boxed: false, tags: Vec::new() }
            })
            .collect();
        TypeKind::Union(UnionDef { variants, discriminator: None })
    }

    pub(super) fn union(
        &mut self,
        members: &'a [SchemaOrRef],
        discriminator: Option<&'a document::Discriminator>,
        name: &str,
        ptr: &str,
        keyword: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = format!("{ptr}/{keyword}/{i}");
            let label = match m {
                SchemaOrRef::Ref(r) => naming::camel(&last_token(&r.target)),
                SchemaOrRef::Inline(s) => variant_label(s, i),
            };
            let ty = self.type_ref(m, &format!("{name}{label}"), &at);
            let mut tags = Vec::new();
            if let (Some(d), SchemaOrRef::Ref(r)) = (discriminator, m) {
                let explicit: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| mapping_names(target, r))
                    .map(|(k, _)| k.clone())
                    .collect();
                if explicit.is_empty() {
                    tags.push(last_token(&r.target));
                } else {
                    tags = explicit;
                }
            }
            variants.push(UnionVariant { name: scope.claim(&label), ty, boxed: false, tags });
        }
        if variants.is_empty() {
            self.diags.push(Diagnostic::warning(ptr, format!("`{keyword}` has no members; treated as free-form JSON")));
            return TypeKind::Alias(TypeRef::Json);
        }
        let discriminator = discriminator.map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.diags.push(Diagnostic::warning(
                ptr,
                "a discriminated union member is inline, so it has no tag value; decoding tries members in order",
            ));
            return TypeKind::Union(UnionDef { variants, discriminator: None });
        }
        TypeKind::Union(UnionDef { variants, discriminator })
    }
}

/// Whether a discriminator `mapping` value (a ref, or a bare schema name) names `r`'s target.
fn mapping_names(value: &str, r: &SchemaRef) -> bool {
    value == r.text
        || crate::pointer::ref_pointer(value).is_some_and(|p| p == r.target)
        || pointer("/components/schemas", &[value]) == r.target
}

fn variant_label(s: &Schema, i: usize) -> String {
    match s.single_type() {
        Some(Type::String) if s.enumeration.is_empty() && s.constant.is_none() => "String".into(),
        Some(Type::Integer) => "Integer".into(),
        Some(Type::Number) => "Number".into(),
        Some(Type::Boolean) => "Boolean".into(),
        Some(Type::Array) => "Array".into(),
        _ => s.title.as_deref().map(naming::camel).unwrap_or_else(|| format!("Variant{i}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, id, lower30, lower31, messages, named};
    use crate::ir::model::{IntKind, TypeKind, TypeRef, UnionDef};

    fn union<'a>(api: &'a crate::ir::Api, name: &str) -> &'a UnionDef {
        match &named(api, name).kind {
            TypeKind::Union(u) => u,
            other => panic!("`{name}` is not a union: {other:?}"),
        }
    }

    const PETS: &str = "
                Cat: {type: object, properties: {kind: {type: string}, purrs: {type: boolean}}}
                Dog: {type: object, properties: {kind: {type: string}, barks: {type: boolean}}}
    ";

    #[test]
    fn a_discriminated_one_of_tags_its_variants_from_the_mapping_or_the_schema_name() {
        let (api, diags) = lower30(&format!(
            "
            paths: {{}}
            components:
              schemas:{PETS}
                Pet:
                  oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]
                  discriminator: {{propertyName: kind, mapping: {{doggo: '#/components/schemas/Dog', hound: Dog}}}}
            "
        ));
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let u = union(&api, "Pet");
        assert_eq!(u.discriminator.as_deref(), Some("kind"));
        let variants: Vec<(&str, Vec<&str>)> =
            u.variants.iter().map(|v| (v.name.as_str(), v.tags.iter().map(String::as_str).collect())).collect();
        assert_eq!(variants, [("Cat", vec!["Cat"]), ("Dog", vec!["doggo", "hound"])]);
        assert_eq!(u.variants[1].ty, TypeRef::Named(id(&api, "Dog")));
    }

    #[test]
    fn an_inline_member_drops_the_discriminator_with_a_warning() {
        let (api, diags) = lower30(&format!(
            "
            paths: {{}}
            components:
              schemas:{PETS}
                Pet:
                  anyOf:
                    - $ref: '#/components/schemas/Cat'
                    - {{type: object, title: wild thing, properties: {{kind: {{type: string}}}}}}
                    - {{type: string}}
                    - {{type: integer}}
                    - {{type: object, properties: {{x: {{type: string}}}}}}
                  discriminator: {{propertyName: kind}}
            "
        ));
        assert_eq!(
            messages(&diags),
            ["a discriminated union member is inline, so it has no tag value; decoding tries members in order"]
        );
        let u = union(&api, "Pet");
        assert_eq!(u.discriminator, None);
        let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Cat", "WildThing", "String", "Integer", "Variant4"]);
        assert_eq!(u.variants[1].ty, TypeRef::Named(id(&api, "PetWildThing")));
        assert_eq!(u.variants[2].ty, TypeRef::String);
        assert_eq!(u.variants[4].ty, TypeRef::Named(id(&api, "PetVariant4")));
    }

    #[test]
    fn a_schema_of_several_types_is_a_union_of_one_variant_per_type() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Id: {type: [string, integer], format: int32}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let u = union(&api, "Id");
        let variants: Vec<(&str, &TypeRef)> = u.variants.iter().map(|v| (v.name.as_str(), &v.ty)).collect();
        assert_eq!(variants, [("String", &TypeRef::String), ("Integer", &TypeRef::Int(IntKind::I32))]);
        assert!(u.variants.iter().all(|v| v.tags.is_empty() && !v.boxed));
    }

    #[test]
    fn a_one_of_with_a_single_ref_is_that_type() {
        let (api, _) = lower30(&format!(
            "
            paths: {{}}
            components:
              schemas:{PETS}
                Holder: {{type: object, properties: {{pet: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}]}}}}}}
            "
        ));
        assert_eq!(field(&api, "Holder", "pet").ty, TypeRef::Named(id(&api, "Cat")));
    }
}
