//! Schemas → types: the component schemas declared and lowered, and any schema used somewhere
//! (a field, an item, a body) read as a [`TypeRef`], inline shapes getting named types. Objects,
//! unions, enums and formats have modules of their own; this is where a schema is sorted into
//! one of them. Also the keywords read but not mapped, reported once each at the end.

use std::collections::{HashMap, HashSet};

use super::enums::{int_enum, int_values};
use super::formats::{int_kind, string_format};
use super::names::{self, rust_name};
use super::{doc_of, Lowering, Schema, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document::{Additional, SchemaOrRef, Type};
use crate::ir::model::{TypeDef, TypeKind, TypeRef, Usage};
use crate::naming;

impl<'a> Lowering<'a> {
    pub(super) fn declare_components(&mut self) {
        let mut lowered_names: HashMap<String, String> = HashMap::new();
        for (target, named) in &self.doc.schemas {
            let key = &named.name;
            let base = match &named.schema {
                SchemaOrRef::Inline(s) => rust_name(s).map_or_else(|| naming::type_name(key), |n| naming::type_name(&n)),
                SchemaOrRef::Ref(_) => naming::type_name(key),
            };
            if let Some(other) = lowered_names.get(&base) {
                self.diags.push(
                    Diagnostic::warning(
                        target.clone(),
                        format!("schemas `{other}` and `{key}` both become the Rust type `{base}`; this one is renamed"),
                    )
                    .with_hint("rename one of the schemas so the generated names stay stable"),
                );
            }
            lowered_names.entry(base.clone()).or_insert_with(|| key.clone());
            let name = self.type_names.claim(&base);
            let id = self.types.len();
            self.types.push(TypeDef { name, doc: None, pointer: target.clone(), kind: TypeKind::Alias(TypeRef::Json), usage: Usage::default(), groups: Vec::new() });
            self.components.insert(target.as_str(), id);
        }
    }

    pub(super) fn lower_components(&mut self) {
        for (target, named) in &self.doc.schemas {
            let id = self.components[target.as_str()];
            let name = self.types[id].name.clone();
            let (kind, doc) = match &named.schema {
                SchemaOrRef::Ref(r) => (TypeKind::Alias(self.reference(r)), r.description.clone()),
                SchemaOrRef::Inline(s) => (self.kind_of(s, &name, target), doc_of(s)),
            };
            self.types[id].kind = kind;
            self.types[id].doc = doc;
        }
    }

    fn note_unmapped(&mut self, s: &'a Schema) {
        for k in s.unmapped.keys() {
            let e = self.unmapped.entry(k.clone()).or_insert_with(|| (s.pointer.clone(), HashSet::new()));
            e.1.insert(s.pointer.as_str());
        }
    }

    /// One warning per keyword kind the generated types do not enforce.
    pub(super) fn report_unmapped(&mut self) {
        for (k, (first, all)) in std::mem::take(&mut self.unmapped) {
            let more = match all.len() {
                0 | 1 => String::new(),
                n => format!(" (here and in {} more schemas)", n - 1),
            };
            self.diags.push(
                Diagnostic::warning(pointer(&first, &[&k]), format!("`{k}` is not reflected in the generated types{more}"))
                    .with_hint("values are not checked against it; the server still is"),
            );
        }
    }

    /// The type of a schema used somewhere (field, item, body…); inline shapes get named types.
    pub(super) fn type_ref(&mut self, n: &'a SchemaOrRef, hint: &str, ptr: &str) -> TypeRef {
        match n {
            SchemaOrRef::Ref(r) => self.reference(r),
            SchemaOrRef::Inline(s) => {
                if self.depth > MAX_DEPTH {
                    self.diags.push(Diagnostic::warning(ptr, "schema nesting is too deep; treated as free-form JSON"));
                    return TypeRef::Json;
                }
                self.depth += 1;
                let named = rust_name(s);
                let t = self.inline(s, named.as_deref().unwrap_or(hint), ptr);
                self.depth -= 1;
                t
            }
        }
    }

    fn inline(&mut self, s: &'a Schema, hint: &str, ptr: &str) -> TypeRef {
        self.note_unmapped(s);
        let combined = !s.all_of.is_empty() || !s.one_of.is_empty() || !s.any_of.is_empty();
        if combined || s.types.len() > 1 || s.types.is_empty() {
            if let Some(t) = self.transparent(s) {
                return t;
            }
            if s.types.is_empty() && !combined {
                if let Some(kind) = self.untyped_enum(s) {
                    return self.new_type(hint, ptr, doc_of(s), kind);
                }
            }
            let id = self.reserve_type(hint, names::schema_kind_word(s), ptr, doc_of(s));
            let name = self.types[id].name.clone();
            let kind = self.kind_of(s, &name, ptr);
            self.types[id].kind = kind;
            return TypeRef::Named(id);
        }
        self.inline_as(s, s.types[0], hint, ptr)
    }

    /// The schema read as having the one type `t`.
    pub(super) fn inline_as(&mut self, s: &'a Schema, t: Type, hint: &str, ptr: &str) -> TypeRef {
        match t {
            Type::String => {
                if let Some(kind) = self.string_enum(s) {
                    return self.new_type(hint, ptr, doc_of(s), kind);
                }
                string_format(s.format.as_deref())
            }
            Type::Integer => {
                let values = int_values(s);
                if !values.is_empty() {
                    return self.new_type(hint, ptr, doc_of(s), int_enum(&values));
                }
                let kind = int_kind(s.format.as_deref());
                self.check_int_bounds(s, kind);
                TypeRef::Int(kind)
            }
            Type::Number => match s.format.as_deref() {
                Some("float") => TypeRef::Float(32),
                _ => TypeRef::Float(64),
            },
            Type::Boolean => TypeRef::Bool,
            Type::Array => self.array(s, hint, ptr),
            Type::Object => {
                if s.properties.is_empty() {
                    return self.map_of(s, hint, ptr);
                }
                let kind = self.all_of(&[], s, hint, ptr);
                self.new_type(hint, ptr, doc_of(s), kind)
            }
            Type::Null => TypeRef::Json,
        }
    }

    /// Schemas that are just another type: a lone `allOf: [$ref]` (besides members that only
    /// annotate, as AWS writes `allOf: [{$ref: …}, {description: …}]`), or `oneOf` with one
    /// member, or a schema-less `{}`.
    fn transparent(&mut self, s: &'a Schema) -> Option<TypeRef> {
        let lone = |v: &[&'a SchemaOrRef]| match v {
            [SchemaOrRef::Ref(r)] => Some(r),
            _ => None,
        };
        let shaped_all_of = s.all_of.iter().filter(|m| !only_annotates(m)).collect();
        let groups: [Vec<&'a SchemaOrRef>; 3] = [shaped_all_of, s.one_of.iter().collect(), s.any_of.iter().collect()];
        let others_empty = |which: usize| groups.iter().enumerate().all(|(i, v)| i == which || v.is_empty());
        // Only a wrapper that adds nothing but annotations stands for its member.
        if plain(s) {
            for (i, v) in groups.iter().enumerate() {
                if let Some(r) = lone(v) {
                    if others_empty(i) {
                        return Some(self.reference(r));
                    }
                }
            }
        }
        (s.has_no_own_shape() && s.has_no_combinators()).then_some(TypeRef::Json)
    }

    fn item(&mut self, n: &'a SchemaOrRef, hint: &str, ptr: &str) -> TypeRef {
        let inner = self.type_ref(n, hint, ptr);
        if self.nullable(n) {
            TypeRef::Nullable(Box::new(inner))
        } else {
            inner
        }
    }

    fn array(&mut self, s: &'a Schema, hint: &str, ptr: &str) -> TypeRef {
        // A fixed-length `prefixItems` list is a tuple (serde reads tuples up to 16 long).
        let closed = match &s.items {
            None => true,
            Some(SchemaOrRef::Inline(i)) => i.not.is_some() && i.types.is_empty(),
            Some(_) => false,
        };
        if !s.prefix_items.is_empty() && closed && s.prefix_items.len() <= 16 {
            let members = s
                .prefix_items
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let at = match m {
                        SchemaOrRef::Inline(m) => m.pointer.clone(),
                        SchemaOrRef::Ref(r) => r.pointer.clone(),
                    };
                    self.item(m, &format!("{hint}{i}"), &at)
                })
                .collect();
            return TypeRef::Tuple(members);
        }
        match &s.items {
            None => TypeRef::Array(Box::new(TypeRef::Json)),
            Some(items) => {
                let inner = self.item(items, &format!("{hint}Item"), &format!("{ptr}/items"));
                TypeRef::Array(Box::new(inner))
            }
        }
    }

    fn map_of(&mut self, s: &'a Schema, hint: &str, ptr: &str) -> TypeRef {
        match &s.additional_properties {
            Some(Additional::Schema(a)) => {
                TypeRef::Map(Box::new(self.item(a, &format!("{hint}Value"), &format!("{ptr}/additionalProperties"))))
            }
            None if s.pattern_properties.len() == 1 => {
                let (pattern, v) = s.pattern_properties.iter().next().expect("one entry");
                TypeRef::Map(Box::new(self.item(v, &format!("{hint}Value"), &pointer(ptr, &["patternProperties", pattern]))))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// The kind of a named type (a component, or an inline schema that needs a name).
    fn kind_of(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        self.note_unmapped(s);
        if !s.properties.is_empty() || !s.all_of.is_empty() {
            let members: Vec<&'a SchemaOrRef> = s.all_of.iter().collect();
            return self.all_of(&members, s, name, ptr);
        }
        if s.types.is_empty() || s.types == [Type::String] {
            if let Some(kind) = self.string_enum(s) {
                return kind;
            }
        }
        if s.types == [Type::Integer] {
            let values = int_values(s);
            if !values.is_empty() {
                return int_enum(&values);
            }
        }
        if !s.one_of.is_empty() {
            return self.union(&s.one_of, s.discriminator.as_ref(), name, ptr, "oneOf");
        }
        if !s.any_of.is_empty() {
            return self.union(&s.any_of, s.discriminator.as_ref(), name, ptr, "anyOf");
        }
        if s.types.len() > 1 {
            return self.type_union(s, name, ptr);
        }
        if s.types.is_empty() && (s.items.is_some() || !s.prefix_items.is_empty()) {
            return TypeKind::Alias(self.array(s, name, ptr));
        }
        match s.single_type() {
            Some(t @ (Type::String | Type::Integer | Type::Number | Type::Boolean | Type::Array | Type::Null)) => {
                TypeKind::Alias(self.inline_as(s, t, name, ptr))
            }
            Some(Type::Object) => TypeKind::Alias(self.map_of(s, name, ptr)),
            None if s.additional_properties.is_some() || !s.pattern_properties.is_empty() => {
                TypeKind::Alias(self.map_of(s, name, ptr))
            }
            None => TypeKind::Alias(TypeRef::Json),
        }
    }
}


/// A schema that constrains nothing beyond its combinators: only annotations (docs, examples,
/// `readOnly`, …) besides them.
fn plain(s: &Schema) -> bool {
    s.has_no_own_shape()
        && s.required.is_empty()
        && s.format.is_none()
        && s.not.is_none()
        && s.minimum.is_none()
        && s.maximum.is_none()
        && s.min_length.is_none()
        && s.max_length.is_none()
        && s.min_items.is_none()
        && s.max_items.is_none()
        && s.pattern.is_none()
}

/// An inline `allOf` member that adds no constraint (`{description: …}`), so it changes no type;
/// `{nullable: true}` (OpenAI's way to make a `$ref` nullable) only makes it nullable, which
/// [`Lowering::nullable`](super::Lowering) reads.
pub(super) fn only_annotates(m: &SchemaOrRef) -> bool {
    matches!(m, SchemaOrRef::Inline(i) if plain(i) && i.has_no_combinators())
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{field, fields, id, lower30, lower31, messages, named};
    use crate::ir::model::{IntKind, TypeKind, TypeRef};

    #[test]
    fn an_object_becomes_a_struct_with_its_required_and_nullable_fields() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: integer, format: int64}
                    name: {type: string, nullable: true}
                    tag: {type: string, description: A label.}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let wires: Vec<&str> = fields(&api, "Pet").iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(wires, ["id", "name", "tag"]);
        let id = field(&api, "Pet", "id");
        assert_eq!((&id.ty, id.required, id.nullable, id.optional()), (&TypeRef::Int(IntKind::I64), true, false, false));
        let name = field(&api, "Pet", "name");
        assert_eq!((&name.ty, name.required, name.nullable, name.optional()), (&TypeRef::String, true, true, true));
        let tag = field(&api, "Pet", "tag");
        assert_eq!((tag.required, tag.optional(), tag.doc.as_deref()), (false, true, Some("A label.")));
    }

    #[test]
    fn an_all_of_of_a_ref_and_a_description_is_the_referenced_type() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Ids: {type: array, items: {type: string}}
                Owner: {type: object, properties: {name: {type: string}}}
                Holder:
                  type: object
                  properties:
                    ids: {allOf: [{$ref: '#/components/schemas/Ids'}, {description: The ids.}]}
                    count: {allOf: [{type: integer}, {description: How many.}]}
                    owner: {allOf: [{$ref: '#/components/schemas/Owner'}, {description: Who.}]}
                    bounded: {allOf: [{$ref: '#/components/schemas/Ids'}, {maxItems: 3}]}
                    maybe: {allOf: [{$ref: '#/components/schemas/Owner'}, {nullable: true}]}
            ",
        );
        let maybe = field(&api, "Holder", "maybe");
        assert_eq!((&maybe.ty, maybe.nullable), (&TypeRef::Named(id(&api, "Owner")), true), "OpenAI's nullable ref");
        // Only the two that stay merged warn that a non-object member is not reflected.
        let at: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        assert!(at.iter().all(|p| p.contains("/count/") || p.contains("/bounded/")), "{at:?}");
        assert_eq!(field(&api, "Holder", "ids").ty, TypeRef::Named(id(&api, "Ids")));
        assert_eq!(field(&api, "Holder", "owner").ty, TypeRef::Named(id(&api, "Owner")));
        // An inline member is not a reference, and a member that constrains is not an annotation:
        // both keep the merged type.
        assert!(matches!(field(&api, "Holder", "count").ty, TypeRef::Named(_)));
        assert_ne!(field(&api, "Holder", "bounded").ty, TypeRef::Named(id(&api, "Ids")));
    }

    #[test]
    fn inline_shapes_are_named_after_where_they_sit_and_refs_point_at_components() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Owner: {type: object, properties: {name: {type: string}}}
                Pet:
                  type: object
                  properties:
                    owner: {$ref: '#/components/schemas/Owner'}
                    home: {type: object, properties: {city: {type: string}}}
                    visits: {type: array, items: {type: object, properties: {at: {type: string, format: date}}}}
            ",
        );
        assert_eq!(field(&api, "Pet", "owner").ty, TypeRef::Named(id(&api, "Owner")));
        assert_eq!(field(&api, "Pet", "home").ty, TypeRef::Named(id(&api, "PetHome")));
        assert_eq!(field(&api, "Pet", "visits").ty, TypeRef::Array(Box::new(TypeRef::Named(id(&api, "PetVisitsItem")))));
        assert_eq!(named(&api, "PetHome").pointer, "/components/schemas/Pet/properties/home");
        assert_eq!(field(&api, "PetVisitsItem", "at").ty, TypeRef::Date);
    }

    #[test]
    fn arrays_maps_tuples_and_free_form_values() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Names: {type: array, items: {type: [string, 'null']}}
                Counts: {type: object, additionalProperties: {type: integer, format: int32}}
                Flags: {type: object, patternProperties: {'^x-': {type: boolean}}}
                Pair: {type: array, prefixItems: [{type: string}, {type: number}]}
                Anything: {}
                Untyped: {type: array}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let alias = |name: &str| match &named(&api, name).kind {
            TypeKind::Alias(t) => t.clone(),
            other => panic!("`{name}` is not an alias: {other:?}"),
        };
        assert_eq!(alias("Names"), TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::String)))));
        assert_eq!(alias("Counts"), TypeRef::Map(Box::new(TypeRef::Int(IntKind::I32))));
        assert_eq!(alias("Flags"), TypeRef::Map(Box::new(TypeRef::Bool)));
        assert_eq!(alias("Pair"), TypeRef::Tuple(vec![TypeRef::String, TypeRef::Float(64)]));
        assert_eq!(alias("Anything"), TypeRef::Json);
        assert_eq!(alias("Untyped"), TypeRef::Array(Box::new(TypeRef::Json)));
    }

    #[test]
    fn a_wrapper_that_adds_only_annotations_stands_for_its_member() {
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Pet: {type: object, properties: {id: {type: string}}}
                Holder:
                  type: object
                  properties:
                    plain: {allOf: [{$ref: '#/components/schemas/Pet'}], description: The pet.}
                    extended:
                      allOf: [{$ref: '#/components/schemas/Pet'}]
                      properties: {age: {type: integer}}
            ",
        );
        let pet = TypeRef::Named(id(&api, "Pet"));
        let plain = field(&api, "Holder", "plain");
        assert_eq!((&plain.ty, plain.doc.as_deref()), (&pet, Some("The pet.")));
        // With a property of its own it is a struct of both.
        let extended = &field(&api, "Holder", "extended").ty;
        assert_eq!(extended, &TypeRef::Named(id(&api, "HolderExtended")));
        let wires: Vec<&str> = fields(&api, "HolderExtended").iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(wires, ["id", "age"]);
    }

    #[test]
    fn schemas_that_share_a_rust_name_are_renamed_with_a_warning() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                pet_owner: {type: string}
                PetOwner: {type: integer}
            ",
        );
        assert_eq!(named(&api, "PetOwner").kind, TypeKind::Alias(TypeRef::String));
        assert_eq!(named(&api, "PetOwner2").kind, TypeKind::Alias(TypeRef::Int(IntKind::I64)));
        assert_eq!(
            messages(&diags),
            ["schemas `pet_owner` and `PetOwner` both become the Rust type `PetOwner`; this one is renamed"]
        );
        assert_eq!(diags[0].pointer, "/components/schemas/PetOwner");
    }

    #[test]
    fn keywords_the_types_do_not_enforce_are_reported_once_per_keyword() {
        let (_, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                A: {type: array, items: {type: string}, contains: {const: x}}
                B: {type: array, items: {type: integer}, contains: {const: 1}}
                C: {type: object, properties: {a: {type: string}}, dependentRequired: {a: [b]}}
            ",
        );
        assert_eq!(
            messages(&diags),
            [
                "`contains` is not reflected in the generated types (here and in 1 more schemas)",
                "`dependentRequired` is not reflected in the generated types",
            ]
        );
        assert_eq!(diags[0].pointer, "/components/schemas/A/contains");
    }

    #[test]
    fn nesting_beyond_the_limit_is_free_form_json() {
        // Reading 70 levels of flow YAML takes more stack than a test thread has in a debug build.
        let run = std::thread::Builder::new().stack_size(32 << 20).spawn(|| {
            let depth = 70;
            let schema = format!("{}{{type: string}}{}", "{type: array, items: ".repeat(depth), "}".repeat(depth));
            let (api, diags) = lower30(&format!("paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"));
            assert_eq!(messages(&diags), ["schema nesting is too deep; treated as free-form JSON"]);
            let mut t = match &named(&api, "Deep").kind {
                TypeKind::Alias(t) => t.clone(),
                other => panic!("{other:?}"),
            };
            let mut arrays = 0;
            while let TypeRef::Array(inner) = t {
                arrays += 1;
                t = *inner;
            }
            // The component and 64 inline levels below it are lowered; the rest is JSON.
            assert_eq!((arrays, t), (66, TypeRef::Json));
        });
        run.expect("spawns").join().expect("passes");
    }
}
