//! `oneOf`/`anyOf` and multi-type schemas → unions: variant names, discriminator tags (from
//! `mapping`, else the values a member declares for the property, else the ref's name), the
//! catch-all variant of a discriminated union, and when a discriminator cannot be used.

use serde_json::Value;

use super::names;
use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::pointer::{last_token, pointer};
use crate::document::{self, SchemaOrRef, SchemaRef, Type};
use crate::ir::model::{TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::naming::Scope;

impl<'a> Lowering<'a> {
    /// `type: [string, integer]`: an untagged enum with one variant per type.
    pub(super) fn type_union(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        let mut scope = Scope::default();
        let variants = s
            .types
            .iter()
            .map(|t| {
                let label = names::type_label(*t);
                let ty = self.inline_as(s, *t, &format!("{name}{label}"), ptr);
                UnionVariant { name: scope.claim(label), ty, boxed: false, tags: Vec::new() }
            })
            .collect();
        TypeKind::Union(UnionDef { variants, discriminator: None, catch_all: None, untagged_order: Vec::new() })
    }

    pub(super) fn union(
        &mut self,
        members: &'a [SchemaOrRef],
        discriminator: Option<&'a document::Discriminator>,
        name: &str,
        ptr: &str,
        keyword: &str,
    ) -> TypeKind {
        if members.is_empty() {
            self.diags.push(Diagnostic::warning(ptr, format!("`{keyword}` has no members; treated as free-form JSON")));
            return TypeKind::Alias(TypeRef::Json);
        }
        // Tags first: they name members that have no name of their own.
        let (prop, tags) = match discriminator {
            Some(d) => (Some(d.property_name.clone()), members.iter().map(|m| self.member_tags(d, m)).collect()),
            None => match self.implicit_tags(members) {
                Some((prop, tags)) => (Some(prop), tags),
                None => (None, vec![Vec::new(); members.len()]),
            },
        };
        let labels = self.member_labels(members, &tags, ptr, keyword);
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, ((m, label), tags)) in members.iter().zip(labels).zip(tags).enumerate() {
            let ty = self.type_ref(m, &format!("{name}{label}"), &format!("{ptr}/{keyword}/{i}"));
            variants.push(UnionVariant { name: scope.claim(&label), ty, boxed: false, tags });
        }
        let untagged = |variants| TypeKind::Union(UnionDef { variants, discriminator: None, catch_all: None, untagged_order: Vec::new() });
        let Some(prop) = prop else { return untagged(variants) };
        if let Some(i) = variants.iter().position(|v| v.tags.is_empty()).filter(|_| discriminator.is_some()) {
            self.diags.push(Diagnostic::warning(
                format!("{ptr}/{keyword}/{i}"),
                format!(
                    "discriminated union member `{}` has no tag: it is inline and declares no `{prop}` value (a \
                     `const` or an `enum`); decoding tries members in order",
                    variants[i].name
                ),
            ));
            for v in &mut variants {
                v.tags.clear();
            }
            return untagged(variants);
        }
        let catch_all = Some(scope.claim("Unknown"));
        TypeKind::Union(UnionDef { variants, discriminator: Some(prop), catch_all, untagged_order: Vec::new() })
    }

    /// A union without a `discriminator` whose object members each pin a different value of the
    /// same property (OpenAI's `ToolChoiceParam`: `type` is `function`, `custom`, `mcp`, …) is
    /// decoded by that property as if the spec named it: untagged, those members' one-value
    /// enums are open (`Unknown`), so `{"type": "custom", …}` would decode into whichever object
    /// member comes first. Members that cannot be objects need no tag.
    ///
    /// The property and each member's tags, when every member that may be an object pins
    /// values of one property, no value twice, and at least two members do.
    fn implicit_tags(&self, members: &'a [SchemaOrRef]) -> Option<(String, Vec<Vec<String>>)> {
        let objects: Vec<bool> = members.iter().map(|m| self.may_be_object(m)).collect();
        let first = members.iter().zip(&objects).find(|(_, o)| **o)?.0;
        let first = self.resolve(first)?;
        let parts = first.all_of.iter().filter_map(|p| self.resolve(p));
        let candidates: Vec<&String> = std::iter::once(first).chain(parts).flat_map(|s| s.properties.keys()).collect();
        candidates.into_iter().find_map(|prop| {
            let mut seen = std::collections::HashSet::new();
            let mut tags = Vec::new();
            for (m, object) in members.iter().zip(&objects) {
                let t = if *object { self.declared_tags(m, prop, 0)? } else { Vec::new() };
                if !t.iter().all(|v| seen.insert(v.clone())) {
                    return None;
                }
                tags.push(t);
            }
            (tags.iter().filter(|t| !t.is_empty()).count() >= 2).then(|| (prop.clone(), tags))
        })
    }

    /// Whether a member may accept a JSON object: it says `type: object`, has properties or
    /// combinators, or names no type at all.
    fn may_be_object(&self, m: &'a SchemaOrRef) -> bool {
        self.resolve(m).is_none_or(|s| {
            s.types.is_empty() && (s.enumeration.is_empty() && s.constant.is_none()) || s.types.contains(&Type::Object)
        })
    }

    /// The discriminator values that select member `m`: the `mapping` keys that name it, else
    /// the values it declares for the property (so a spec without a mapping still decodes what
    /// the API sends), else a ref's schema name (the spec's implicit mapping). None for an
    /// inline member that declares no value.
    fn member_tags(&self, d: &document::Discriminator, m: &'a SchemaOrRef) -> Vec<String> {
        if let SchemaOrRef::Ref(r) = m {
            let explicit: Vec<String> =
                d.mapping.iter().filter(|(_, target)| mapping_names(target, r)).map(|(k, _)| k.clone()).collect();
            if !explicit.is_empty() {
                return explicit;
            }
        }
        if let Some(mut tags) = self.declared_tags(m, &d.property_name, 0) {
            let mut seen = std::collections::HashSet::new();
            tags.retain(|t| seen.insert(t.clone()));
            return tags;
        }
        match m {
            SchemaOrRef::Ref(r) => vec![last_token(&r.target)],
            SchemaOrRef::Inline(_) => Vec::new(),
        }
    }

    /// The string values schema `m` allows for property `prop`, looked up in its own
    /// `properties`, then in its `allOf` parts, following refs; for a member that is itself a
    /// union (OpenAI's `InputItem` has a member `Item`, a union of item kinds), the values of all
    /// its members, when each declares some.
    fn declared_tags(&self, m: &'a SchemaOrRef, prop: &str, depth: usize) -> Option<Vec<String>> {
        let s = self.resolve(m).filter(|_| depth < MAX_TAG_DEPTH)?;
        s.properties
            .get(prop)
            .and_then(|p| self.pinned_values(p, depth + 1))
            .or_else(|| s.all_of.iter().find_map(|part| self.declared_tags(part, prop, depth + 1)))
            .or_else(|| {
                let members = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
                let nested: Option<Vec<Vec<String>>> =
                    members.iter().map(|n| self.declared_tags(n, prop, depth + 1)).collect();
                nested.filter(|n| !n.is_empty()).map(|n| n.concat())
            })
    }

    /// The values a property schema pins: a string `const`, or the strings of an `enum` (usually
    /// one; OpenAI's web search tool lists a dated alias too; a `null` beside them is
    /// nullability, not a value); also through refs and `allOf` (a 3.1 `$ref` with siblings
    /// reads as one).
    pub(super) fn pinned_values(&self, p: &'a SchemaOrRef, depth: usize) -> Option<Vec<String>> {
        let s = self.resolve(p).filter(|_| depth < MAX_TAG_DEPTH)?;
        if let Some(c) = &s.constant {
            return c.as_str().map(|c| vec![c.to_owned()]);
        }
        let values: Vec<&Value> = s.enumeration.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return s.all_of.iter().find_map(|part| self.pinned_values(part, depth + 1));
        }
        values.iter().map(|v| v.as_str().map(str::to_owned)).collect()
    }
}

// Refs and `allOf` parts followed when looking for a member's tag; real specs need two or three.
const MAX_TAG_DEPTH: usize = 16;

/// Whether a discriminator `mapping` value (a ref, or a bare schema name) names `r`'s target.
fn mapping_names(value: &str, r: &SchemaRef) -> bool {
    value == r.text
        || crate::pointer::ref_pointer(value).is_some_and(|p| p == r.target)
        || pointer("/components/schemas", &[value]) == r.target
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
    fn an_untagged_union_whose_objects_pin_one_property_is_decoded_by_it() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Mode: {type: string, enum: [none, auto]}
                Function: {type: object, required: [type, name], properties: {type: {type: string, enum: [function]}, name: {type: string}}}
                Custom: {type: object, required: [type, name], properties: {type: {const: custom}, name: {type: string}}}
                Shell:
                  allOf:
                    - {type: object, properties: {type: {type: string, enum: [shell]}}}
                ToolChoice:
                  oneOf: [{$ref: '#/components/schemas/Mode'}, {$ref: '#/components/schemas/Function'}, {$ref: '#/components/schemas/Custom'}, {$ref: '#/components/schemas/Shell'}]
                Clash:
                  oneOf: [{$ref: '#/components/schemas/Function'}, {type: object, properties: {type: {const: function}}}]
                Loose:
                  oneOf: [{$ref: '#/components/schemas/Function'}, {type: object, properties: {name: {type: string}}}]
            ",
        );
        // `Clash`'s members are both named by `function`.
        assert_eq!(messages(&diags), ["union member named `Function2`: nothing tells it apart from another `Function`"]);
        let u = union(&api, "ToolChoice");
        assert_eq!((u.discriminator.as_deref(), u.catch_all.as_deref()), (Some("type"), Some("Unknown")));
        let tags: Vec<Vec<&str>> = u.variants.iter().map(|v| v.tags.iter().map(String::as_str).collect()).collect();
        assert_eq!(tags, [vec![], vec!["function"], vec!["custom"], vec!["shell"]]);
        // A value pinned twice, or an object member without the property: no implicit tag.
        assert_eq!(union(&api, "Clash").discriminator, None);
        assert_eq!(union(&api, "Loose").discriminator, None);
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
            ["discriminated union member `WildThing` has no tag: it is inline and declares no `kind` value (a `const` \
              or an `enum`); decoding tries members in order"]
        );
        assert_eq!(diags[0].pointer, "/components/schemas/Pet/anyOf/1");
        let u = union(&api, "Pet");
        assert_eq!(u.discriminator, None);
        let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Cat", "WildThing", "String", "Integer", "Object"]);
        assert_eq!(u.variants[1].ty, TypeRef::Named(id(&api, "PetWildThing")));
        assert_eq!(u.variants[2].ty, TypeRef::String);
        assert_eq!(u.variants[4].ty, TypeRef::Named(id(&api, "PetObject")));
    }

    /// `(variant, tags)` of each variant.
    type Tags<'a> = Vec<(&'a str, Vec<&'a str>)>;

    /// The variants and tags of union `name`, and its discriminator and catch-all.
    fn tagged<'a>(api: &'a crate::ir::Api, name: &str) -> (Tags<'a>, Option<&'a str>, Option<&'a str>) {
        let u = union(api, name);
        let variants = u.variants.iter().map(|v| (v.name.as_str(), v.tags.iter().map(String::as_str).collect())).collect();
        (variants, u.discriminator.as_deref(), u.catch_all.as_deref())
    }

    #[test]
    fn without_a_mapping_a_member_is_tagged_by_its_const_or_enum_values() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Message: {type: object, required: [type], properties: {type: {type: string, enum: [message]}}}
                Call: {type: object, properties: {type: {const: function_call}}}
                Nullable: {type: object, properties: {type: {type: [string, 'null'], enum: [reasoning, null]}}}
                Plain: {type: object, properties: {type: {type: string}}}
                Search: {type: object, properties: {type: {type: string, enum: [web_search, web_search_2025_08_26]}}}
                Item:
                  oneOf:
                    - $ref: '#/components/schemas/Message'
                    - $ref: '#/components/schemas/Call'
                    - $ref: '#/components/schemas/Nullable'
                    - $ref: '#/components/schemas/Plain'
                    - $ref: '#/components/schemas/Search'
                  discriminator: {propertyName: type}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, prop, catch_all) = tagged(&api, "Item");
        assert_eq!(
            variants,
            [
                ("Message", vec!["message"]),
                ("Call", vec!["function_call"]),
                ("Nullable", vec!["reasoning"]),
                // No value of its own: the schema name, as the spec's implicit mapping says.
                ("Plain", vec!["Plain"]),
                // Each value of a longer `enum` selects it.
                ("Search", vec!["web_search", "web_search_2025_08_26"]),
            ]
        );
        assert_eq!((prop, catch_all), (Some("type"), Some("Unknown")));
    }

    #[test]
    fn a_tag_is_found_through_all_of_parts_and_refs() {
        // GitHub's `repository-rule-detailed`: each member is an `allOf` of a ref to the rule
        // (whose `type` is a `const`) and the ruleset's fields; OpenAI refs an enum schema.
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Creation: {type: object, properties: {type: {type: string, const: creation}}}
                Detailed: {allOf: [{$ref: '#/components/schemas/Creation'}, {type: object, properties: {ruleset_id: {type: integer}}}]}
                DeletionType: {type: string, enum: [deletion]}
                Deletion: {type: object, properties: {type: {$ref: '#/components/schemas/DeletionType', description: the kind}}}
                Rule:
                  oneOf: [{$ref: '#/components/schemas/Detailed'}, {$ref: '#/components/schemas/Deletion'}]
                  discriminator: {propertyName: type}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, prop, _) = tagged(&api, "Rule");
        assert_eq!(variants, [("Detailed", vec!["creation"]), ("Deletion", vec!["deletion"])]);
        assert_eq!(prop, Some("type"));
    }

    #[test]
    fn a_member_that_is_a_union_is_selected_by_each_of_its_members_tags() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Easy: {type: object, properties: {type: {type: string, enum: [message]}}}
                Message: {type: object, properties: {type: {const: message}, id: {type: string}}}
                Call: {type: object, properties: {type: {const: call}}}
                Item: {oneOf: [{$ref: '#/components/schemas/Message'}, {$ref: '#/components/schemas/Call'}]}
                Untagged: {oneOf: [{$ref: '#/components/schemas/Call'}, {type: string}]}
                Input:
                  oneOf: [{$ref: '#/components/schemas/Easy'}, {$ref: '#/components/schemas/Item', title: Item}]
                  discriminator: {propertyName: type}
                Mixed:
                  oneOf: [{$ref: '#/components/schemas/Easy'}, {$ref: '#/components/schemas/Untagged'}]
                  discriminator: {propertyName: type}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, prop, _) = tagged(&api, "Input");
        assert_eq!(variants, [("Easy", vec!["message"]), ("Item", vec!["message", "call"])]);
        assert_eq!(prop, Some("type"));
        // A nested member without a value of its own: the schema name, as before.
        let (variants, _, _) = tagged(&api, "Mixed");
        assert_eq!(variants, [("Easy", vec!["message"]), ("Untagged", vec!["Untagged"])]);
    }

    #[test]
    fn an_inline_member_that_declares_its_tag_is_tagged() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Event:
                  oneOf:
                    - {type: object, title: created, properties: {type: {type: string, enum: [created]}}}
                    - {type: object, properties: {type: {type: string, enum: [deleted]}, id: {type: string}}}
                  discriminator: {propertyName: type}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, prop, catch_all) = tagged(&api, "Event");
        // Without a title, the tag names the member.
        assert_eq!(variants, [("Created", vec!["created"]), ("Deleted", vec!["deleted"])]);
        assert_eq!((prop, catch_all), (Some("type"), Some("Unknown")));
    }

    #[test]
    fn an_explicit_mapping_wins_over_the_declared_value() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Cat: {type: object, properties: {kind: {type: string, enum: [cat]}}}
                Dog: {type: object, properties: {kind: {type: string, enum: [dog]}}}
                Pet:
                  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
                  discriminator: {propertyName: kind, mapping: {kitty: Cat}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, _, _) = tagged(&api, "Pet");
        assert_eq!(variants, [("Cat", vec!["kitty"]), ("Dog", vec!["dog"])]);
    }

    #[test]
    fn the_catch_all_takes_another_name_when_a_member_is_called_unknown() {
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Unknown: {type: object, properties: {kind: {type: string, enum: [unknown]}}}
                Known: {type: object, properties: {kind: {type: string, enum: [known]}}}
                Thing:
                  oneOf: [{$ref: '#/components/schemas/Unknown'}, {$ref: '#/components/schemas/Known'}]
                  discriminator: {propertyName: kind}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, _, catch_all) = tagged(&api, "Thing");
        assert_eq!(variants, [("Unknown", vec!["unknown"]), ("Known", vec!["known"])]);
        assert_eq!(catch_all, Some("Unknown2"));
    }

    #[test]
    fn members_may_share_a_tag() {
        // OpenAI's conversation items: an input and an output message are both `message`.
        let (api, diags) = lower30(
            "
            paths: {}
            components:
              schemas:
                Input: {type: object, properties: {type: {type: string, enum: [message]}, role: {type: string}}}
                Output: {type: object, properties: {type: {type: string, enum: [message]}, status: {type: string}}}
                Call: {type: object, properties: {type: {type: string, enum: [call]}}}
                Thing:
                  oneOf: [{$ref: '#/components/schemas/Input'}, {$ref: '#/components/schemas/Output'}, {$ref: '#/components/schemas/Call'}]
                  discriminator: {propertyName: type}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let (variants, prop, catch_all) = tagged(&api, "Thing");
        assert_eq!(variants, [("Input", vec!["message"]), ("Output", vec!["message"]), ("Call", vec!["call"])]);
        assert_eq!((prop, catch_all), (Some("type"), Some("Unknown")));
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
