//! Object schemas → structs: `allOf` members and own properties merged into one field list,
//! with `required` and `additionalProperties` gathered from every member.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document::{Additional, SchemaOrRef, Type};
use crate::ir::model::{Field, StructDef, TypeKind, TypeRef};
use crate::naming::{self, Scope};

/// What the `allOf` members and a schema's own keywords add up to.
struct Merged<'a> {
    /// Properties by wire name, with the pointer of the declaration kept; a later declaration
    /// of a name replaces an earlier one in its place.
    props: IndexMap<&'a str, (&'a SchemaOrRef, String)>,
    /// The schema's and every member's `required`.
    required: BTreeSet<String>,
    /// The `additionalProperties` of the last member that has them and says `type: object`,
    /// else the schema's own.
    additional: Option<&'a Additional>,
}

impl<'a> Lowering<'a> {
    /// Merges `allOf` members and own properties into one struct.
    pub(super) fn all_of(&mut self, members: &[&'a SchemaOrRef], own: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        let merged = self.merge_all_of(members, own, ptr);
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, (n, at)) in merged.props {
            let hint = format!("{name}{}", naming::camel(wire));
            let ty = self.type_ref(n, &hint, &at);
            let doc = self.doc_at(n);
            fields.push(Field {
                name: scope.claim(&naming::snake(wire)),
                wire: wire.to_owned(),
                ty,
                required: merged.required.contains(wire),
                nullable: self.nullable(n),
                boxed: false,
                doc,
            });
        }
        let additional = match merged.additional {
            Some(Additional::Bool(true)) if !fields.is_empty() => Some(TypeRef::Json),
            Some(Additional::Schema(s)) if !fields.is_empty() => {
                Some(self.type_ref(s, &format!("{name}Extra"), &format!("{ptr}/additionalProperties")))
            }
            _ => None,
        };
        if fields.is_empty() {
            return TypeKind::Alias(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Json))));
        }
        if additional.is_some() {
            scope.claim("additional_properties");
            fields.retain(|f| f.name != "additional_properties");
        }
        TypeKind::Struct(StructDef { fields, additional })
    }

    /// Walks the `allOf` members depth first, in order, then the schema's own properties;
    /// a member that is not an object schema is skipped with a warning.
    fn merge_all_of(&mut self, members: &[&'a SchemaOrRef], own: &'a Schema, ptr: &str) -> Merged<'a> {
        let mut props: IndexMap<&'a str, (&'a SchemaOrRef, String)> = IndexMap::new();
        let mut required: BTreeSet<String> = own.required.iter().cloned().collect();
        let mut ap = own.additional_properties.as_ref();
        let mut stack: Vec<(&'a SchemaOrRef, String)> =
            members.iter().enumerate().rev().map(|(i, n)| (*n, format!("{ptr}/allOf/{i}"))).collect();
        let mut visited = 0usize;
        while let Some((n, at)) = stack.pop() {
            visited += 1;
            if visited > 256 {
                self.diags.push(Diagnostic::error(ptr, "`allOf` nesting is too deep or cyclic"));
                break;
            }
            let Some(s) = self.resolve(n) else { continue };
            let base = s.pointer.as_str();
            let objectish = s.types.is_empty() || s.types == [Type::Object];
            let union_only = s.properties.is_empty() && s.all_of.is_empty() && (!s.one_of.is_empty() || !s.any_of.is_empty());
            if !objectish || union_only {
                self.diags.push(Diagnostic::warning(
                    at.clone(),
                    "this `allOf` member is not an object schema; its constraints are not reflected in the generated type",
                ));
                continue;
            }
            for (k, v) in &s.properties {
                props.insert(k, (v, pointer(&format!("{base}/properties"), &[k])));
            }
            required.extend(s.required.iter().cloned());
            if s.additional_properties.is_some() && s.types == [Type::Object] {
                ap = s.additional_properties.as_ref().or(ap);
            }
            for (i, m) in s.all_of.iter().enumerate().rev() {
                stack.push((m, format!("{base}/allOf/{i}")));
            }
        }
        for (k, v) in &own.properties {
            props.insert(k.as_str(), (v, pointer(&format!("{ptr}/properties"), &[k])));
        }
        Merged { props, required, additional: ap }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, fields, id, lower30, messages, named};
    use crate::diagnostic::Severity;
    use crate::ir::model::{IntKind, TypeKind, TypeRef};

    fn wires<'a>(api: &'a crate::ir::Api, name: &str) -> Vec<&'a str> {
        fields(api, name).iter().map(|f| f.wire.as_str()).collect()
    }

    #[test]
    fn all_of_members_and_own_properties_merge_into_one_struct() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Base:
                  type: object
                  required: [id]
                  properties: {id: {type: string}, kind: {type: string}}
                Dog:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - type: object
                      required: [bark]
                      properties: {bark: {type: boolean}, kind: {type: string, enum: [dog]}}
                  required: [name]
                  properties: {name: {type: string}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        // A property declared again keeps its first place and takes the later schema.
        assert_eq!(wires(&api, "Dog"), ["id", "kind", "bark", "name"]);
        assert_eq!(field(&api, "Dog", "kind").ty, TypeRef::Named(id(&api, "DogKind")));
        assert!(matches!(named(&api, "DogKind").kind, TypeKind::StringEnum(_)));
        let required: Vec<bool> = fields(&api, "Dog").iter().map(|f| f.required).collect();
        assert_eq!(required, [true, false, true, true]);
    }

    #[test]
    fn a_member_that_is_not_an_object_is_skipped_with_a_warning() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Mixed:
                  allOf:
                    - {type: string, maxLength: 3}
                    - {type: object, properties: {a: {type: integer, format: int32}}}
            ",
        );
        assert_eq!(
            messages(&diags),
            ["this `allOf` member is not an object schema; its constraints are not reflected in the generated type"]
        );
        assert_eq!((diags[0].severity, diags[0].pointer.as_str()), (Severity::Warning, "/components/schemas/Mixed/allOf/0"));
        assert_eq!(wires(&api, "Mixed"), ["a"]);
        assert_eq!(field(&api, "Mixed", "a").ty, TypeRef::Int(IntKind::I32));
    }

    #[test]
    fn additional_properties_become_a_flattened_map_beside_the_fields() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Open:
                  type: object
                  properties: {a: {type: string}, additional_properties: {type: string}}
                  additionalProperties: true
                Counted:
                  type: object
                  properties: {a: {type: string}}
                  additionalProperties: {type: integer}
                Closed:
                  type: object
                  properties: {a: {type: string}}
                  additionalProperties: false
                OnlyExtra: {allOf: [{type: object, additionalProperties: {type: boolean}}]}
            ",
        );
        let additional = |name: &str| match &named(&api, name).kind {
            TypeKind::Struct(s) => s.additional.clone(),
            other => panic!("`{name}` is not a struct: {other:?}"),
        };
        assert_eq!(additional("Open"), Some(TypeRef::Json));
        // The map takes the name `additional_properties`; a property of that name gives way.
        assert_eq!(wires(&api, "Open"), ["a"]);
        assert_eq!(additional("Counted"), Some(TypeRef::Int(IntKind::I64)));
        assert_eq!(additional("Closed"), None);
        // Without fields, the object is a map.
        assert_eq!(named(&api, "OnlyExtra").kind, TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Json))));
    }

    #[test]
    fn a_cyclic_all_of_is_an_error() {
        let (_, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                A: {allOf: [{$ref: '#/components/schemas/B'}]}
                B: {allOf: [{$ref: '#/components/schemas/A'}]}
            ",
        );
        let cyclic: Vec<&str> =
            diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.pointer.as_str()).collect();
        assert_eq!(cyclic, ["/components/schemas/A", "/components/schemas/B"]);
        assert!(messages(&diags).iter().all(|m| *m == "`allOf` nesting is too deep or cyclic"), "{:?}", messages(&diags));
    }
}
