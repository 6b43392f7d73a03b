//! The naming rule of `docs/spec-conventions.md`: what a union member, and the inline type it
//! may need, is called. A member is named by what the spec says about it, in this order: its
//! `x-rust-name`, its `title`, the schema it refers to (or the first `$ref` of its `allOf`), its
//! tag (a `const` or one-value `enum`, its discriminator value, or a property it pins), its
//! type, and last its role (`Value`). Members that would share a name get a word that says what
//! differs (`Known` for a string enum beside a plain string, the format of a string, the item
//! type of a list, a property only one object has); a number is the last resort and is reported
//! as a note. An inline type whose name is taken gets a word for its kind (`Union`, `Enum`,
//! `Object`) before a number. Only what a member itself says decides its name, so adding a
//! schema elsewhere renames nothing.

use indexmap::IndexMap;

use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::document::{SchemaOrRef, SchemaRef, Type};
use crate::ir::model::TypeKind;
use crate::naming::{self, Scope};
use crate::pointer::last_token;

/// The extension that names a schema's type, or a union member's variant.
pub(super) const RUST_NAME: &str = "x-rust-name";

/// A schema's `x-rust-name`, as an UpperCamelCase identifier.
pub(super) fn rust_name(s: &Schema) -> Option<String> {
    s.extensions.get(RUST_NAME).and_then(|v| v.as_str()).map(naming::camel)
}

impl<'a> Lowering<'a> {
    /// The variant name of each member of a union at `ptr` (`keyword` is `oneOf` or `anyOf`),
    /// given the tags that select each member (empty when the union has none).
    pub(super) fn member_labels(&mut self, members: &'a [SchemaOrRef], tags: &[Vec<String>], ptr: &str, keyword: &str) -> Vec<String> {
        let mut labels: Vec<String> =
            members.iter().enumerate().map(|(i, m)| self.member_label(m, tags.get(i).map_or(&[][..], Vec::as_slice))).collect();
        let mut groups: IndexMap<String, Vec<usize>> = IndexMap::new();
        for (i, l) in labels.iter().enumerate() {
            groups.entry(l.clone()).or_default().push(i);
        }
        for group in groups.values().filter(|g| g.len() > 1) {
            for &i in group {
                if let Some(word) = self.distinguishing_word(members, group, i) {
                    labels[i] = word;
                }
            }
        }
        let mut scope = Scope::default();
        for (i, label) in labels.iter_mut().enumerate() {
            let claimed = scope.claim(label);
            if claimed != *label {
                self.diags.push(
                    Diagnostic::note(
                        format!("{ptr}/{keyword}/{i}"),
                        format!("union member named `{claimed}`: nothing tells it apart from another `{label}`"),
                    )
                    .with_hint(format!("give the member a `title` or an `{RUST_NAME}`")),
                );
                *label = claimed;
            }
        }
        labels
    }

    /// One member's name, before collisions are resolved.
    fn member_label(&self, m: &'a SchemaOrRef, tags: &[String]) -> String {
        let s = match m {
            SchemaOrRef::Ref(r) => return r.rust_name.as_deref().map_or_else(|| self.ref_label(r), naming::camel),
            SchemaOrRef::Inline(s) => s,
        };
        if let Some(name) = rust_name(s) {
            return name;
        }
        if let Some(t) = &s.title {
            return naming::camel(t);
        }
        if let Some(r) = s.all_of.iter().find_map(as_ref) {
            return self.ref_label(r);
        }
        if let Some(tag) = own_tag(s).or_else(|| tags.first().cloned()).or_else(|| self.pinned_property(s)) {
            return tag_label(&tag);
        }
        type_word(s).to_owned()
    }

    /// A referenced schema's name: its `x-rust-name`, else its key.
    fn ref_label(&self, r: &SchemaRef) -> String {
        let named = self.doc.schemas.get(&r.target).and_then(|n| match &n.schema {
            SchemaOrRef::Inline(s) => rust_name(s),
            SchemaOrRef::Ref(_) => None,
        });
        named.unwrap_or_else(|| naming::camel(&last_token(&r.target)))
    }

    /// The one value a property of `s` (or of its `allOf` parts) pins, the first such property
    /// in spec order: `{type: {const: text}}` names the member `Text`.
    fn pinned_property(&self, s: &'a Schema) -> Option<String> {
        let parts = s.all_of.iter().filter_map(|p| self.resolve(p));
        std::iter::once(s).chain(parts).flat_map(|s| s.properties.values()).find_map(|p| match self.pinned_values(p, 0) {
            Some(v) if v.len() == 1 => v.into_iter().next(),
            _ => None,
        })
    }

    /// A word that tells member `i` apart from the others of `group`, which share its name.
    /// A `$ref` member keeps the schema's name.
    fn distinguishing_word(&self, members: &'a [SchemaOrRef], group: &[usize], i: usize) -> Option<String> {
        let SchemaOrRef::Inline(s) = &members[i] else { return None };
        match s.single_type() {
            Some(Type::String) | None if !s.enumeration.is_empty() => Some("Known".to_owned()),
            // A formatted string beside a plain one: `DateTime` beside `String`.
            Some(Type::String) => s.format.as_deref().map(naming::camel),
            Some(Type::Array) => Some(self.shape_word(&members[i])),
            _ if !s.properties.is_empty() => {
                let others: Vec<&Schema> = group.iter().filter(|j| **j != i).filter_map(|j| self.resolve(&members[*j])).collect();
                if let Some(own) = s.properties.keys().find(|k| others.iter().all(|o| !o.properties.contains_key(*k))) {
                    return Some(format!("With{}", naming::camel(own)));
                }
                // Every property is shared: one whose shape differs (GitHub's labels, a list of
                // strings or of objects, are `WithLabelsStringList` and `WithLabelsObjectList`).
                s.properties.iter().find_map(|(k, p)| {
                    let shape = self.shape_word(p);
                    let differs = others.iter().all(|o| o.properties.get(k).is_some_and(|q| self.shape_word(q) != shape));
                    differs.then(|| format!("With{}{shape}", naming::camel(k)))
                })
            }
            _ => None,
        }
    }

    /// A schema's name, lists named by their items (`StringList`).
    fn shape_word(&self, n: &'a SchemaOrRef) -> String {
        match self.resolve(n) {
            Some(s) if s.single_type() == Some(Type::Array) && matches!(n, SchemaOrRef::Inline(_)) => {
                let item = s.items.as_ref().map_or_else(|| "Value".to_owned(), |n| self.member_label(n, &[]));
                format!("{}List", item.trim_end_matches("List"))
            }
            _ => self.member_label(n, &[]),
        }
    }
}

fn as_ref(m: &SchemaOrRef) -> Option<&SchemaRef> {
    match m {
        SchemaOrRef::Ref(r) => Some(r),
        SchemaOrRef::Inline(_) => None,
    }
}

/// The value a schema pins itself: a string `const`, or an `enum` of one string.
fn own_tag(s: &Schema) -> Option<String> {
    if let Some(c) = &s.constant {
        return c.as_str().map(str::to_owned);
    }
    match s.enumeration.iter().filter(|v| !v.is_null()).collect::<Vec<_>>().as_slice() {
        [one] => one.as_str().map(str::to_owned),
        _ => None,
    }
}

/// A tag value as a name; Stripe's `enum: [""]` (the value that clears a field) is `Empty`.
fn tag_label(tag: &str) -> String {
    if tag.trim().is_empty() {
        "Empty".to_owned()
    } else {
        naming::camel(tag)
    }
}

/// A member's name from its type; `Value` when it has none, or several.
pub(super) fn type_word(s: &Schema) -> &'static str {
    match s.single_type() {
        Some(t) => type_label(t),
        None if !s.properties.is_empty() || !s.all_of.is_empty() => "Object",
        None if !s.enumeration.is_empty() && s.enumeration.iter().all(|v| v.is_string() || v.is_null()) => "String",
        None => "Value",
    }
}

/// The name of a JSON type.
pub(super) fn type_label(t: Type) -> &'static str {
    match t {
        Type::String => "String",
        Type::Integer => "Integer",
        Type::Number => "Number",
        Type::Boolean => "Boolean",
        Type::Array => "List",
        Type::Object => "Object",
        Type::Null => "Null",
    }
}

/// The word an inline type whose name is taken gets, by what kind of type it is.
pub(super) fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Union(_) => "Union",
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => "Enum",
        TypeKind::Struct(_) => "Object",
        TypeKind::Multipart(_) => "Form",
        _ => "Value",
    }
}

/// Like [`kind_word`], for a schema about to be lowered.
pub(super) fn schema_kind_word(s: &Schema) -> &'static str {
    if !s.one_of.is_empty() || !s.any_of.is_empty() || s.types.len() > 1 {
        "Union"
    } else if !s.properties.is_empty() || !s.all_of.is_empty() {
        "Object"
    } else if !s.enumeration.is_empty() {
        "Enum"
    } else {
        "Value"
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{lower31, messages, named};
    use crate::diagnostic::Severity;
    use crate::ir::model::{TypeKind, TypeRef};
    use crate::ir::Api;

    /// The variant names of the union called `name`.
    fn variants<'a>(api: &'a Api, name: &str) -> Vec<&'a str> {
        match &named(api, name).kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| v.name.as_str()).collect(),
            other => panic!("`{name}` is not a union: {other:?}"),
        }
    }

    #[test]
    fn a_member_is_named_by_the_first_rule_that_gives_a_name() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Cat: {type: object, properties: {purrs: {type: boolean}}}
                Thing:
                  anyOf:
                    - {type: object, title: the title, x-rust-name: chosen, properties: {a: {type: string}}}
                    - {type: object, title: the title, properties: {a: {type: string}}}
                    - $ref: '#/components/schemas/Cat'
                    - allOf: [{$ref: '#/components/schemas/Cat'}, {type: object, properties: {size: {type: integer}}}]
                    - {const: auto}
                    - {type: string, enum: ['']}
                    - {type: object, properties: {type: {const: text}, text: {type: string}}}
                    - {type: string}
                    - {type: integer}
                    - {type: number}
                    - {type: boolean}
                    - {type: array, items: {type: string}}
                    - {type: object, additionalProperties: {type: integer}}
                    - {}
            ",
        );
        // A ref and an `allOf` that extends it: nothing but a number tells them apart.
        assert_eq!(messages(&diags), ["union member named `Cat2`: nothing tells it apart from another `Cat`"]);
        assert_eq!(
            variants(&api, "Thing"),
            [
                "Chosen", "TheTitle", "Cat", "Cat2", "Auto", "Empty", "Text", "String", "Integer", "Number", "Boolean",
                "List", "Object", "Value"
            ]
        );
    }

    #[test]
    fn members_that_would_share_a_name_get_a_word_for_what_differs() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Model: {anyOf: [{type: string}, {type: string, enum: [gpt-5, gpt-4o]}]}
                When: {oneOf: [{type: string, format: date-time}, {type: string}]}
                Lists: {oneOf: [{type: array, items: {type: string}}, {type: array, items: {$ref: '#/components/schemas/Model'}}]}
                Merge:
                  oneOf:
                    - {type: object, properties: {uuid: {type: string}, state: {type: string}}}
                    - {type: object, properties: {sha: {type: string}, state: {type: string}}}
                Labels:
                  oneOf:
                    - {type: object, properties: {labels: {type: array, items: {type: string}}}}
                    - {type: object, properties: {labels: {type: array, items: {type: object, properties: {name: {type: string}}}}}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(variants(&api, "Model"), ["String", "Known"]);
        assert_eq!(named(&api, "ModelKnown").pointer, "/components/schemas/Model/anyOf/1");
        assert_eq!(variants(&api, "When"), ["DateTime", "String"]);
        assert_eq!(variants(&api, "Lists"), ["StringList", "ModelList"]);
        assert_eq!(variants(&api, "Merge"), ["WithUuid", "WithSha"]);
        assert_eq!(variants(&api, "Labels"), ["WithLabelsStringList", "WithLabelsObjectList"]);
        assert!(api.types.iter().all(|t| t.name != "MergeObject"));
    }

    #[test]
    fn a_number_is_the_last_resort_and_is_reported_as_a_note() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                Same: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, required: [a], properties: {a: {type: string}}}]}
            ",
        );
        // The second member requires `a`, so it is tried first; its name still says it is second.
        assert_eq!(variants(&api, "Same"), ["Object2", "Object"]);
        assert_eq!(named(&api, "SameObject2").pointer, "/components/schemas/Same/oneOf/1");
        assert_eq!(diags.len(), 1, "{:?}", messages(&diags));
        assert_eq!(diags[0].severity, Severity::Note);
        assert_eq!(diags[0].pointer, "/components/schemas/Same/oneOf/1");
        assert_eq!(diags[0].message, "union member named `Object2`: nothing tells it apart from another `Object`");
    }

    #[test]
    fn an_inline_type_whose_name_is_taken_gets_a_word_for_its_kind() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                MessagePhase: {type: object, properties: {at: {type: string}}}
                MessagePhaseEnum: {type: string}
                Message:
                  type: object
                  properties:
                    phase: {type: string, enum: [commentary, final]}
                    status: {anyOf: [{$ref: '#/components/schemas/MessagePhase'}, {type: string}]}
                Other: {type: object, properties: {phase: {type: string, enum: [a, b]}}}
                OtherPhase: {type: string}
                MessageStatus: {type: string}
            ",
        );
        assert_eq!(named(&api, "MessageStatusUnion").pointer, "/components/schemas/Message/properties/status");
        assert_eq!(named(&api, "OtherPhaseEnum").pointer, "/components/schemas/Other/properties/phase");
        // `MessagePhase` and `MessagePhaseEnum` are both schemas: a number, and a note.
        assert_eq!(named(&api, "MessagePhase2").pointer, "/components/schemas/Message/properties/phase");
        assert_eq!(messages(&diags), ["type named `MessagePhase2`: `MessagePhase` and `MessagePhaseEnum` are taken"]);
        assert_eq!((diags[0].severity, diags[0].pointer.as_str()), (Severity::Note, "/components/schemas/Message/properties/phase"));
    }

    #[test]
    fn x_rust_name_names_a_schema_a_property_type_and_a_member() {
        let (api, diags) = lower31(
            "
            paths: {}
            components:
              schemas:
                error: {type: object, x-rust-name: api failure, properties: {message: {type: string}}}
                Holder:
                  type: object
                  properties:
                    kind: {type: string, enum: [a, b], x-rust-name: HolderSort}
                    reason:
                      oneOf:
                        - {$ref: '#/components/schemas/error', x-rust-name: Failed}
                        - $ref: '#/components/schemas/error'
                        - {type: object, x-rust-name: Fine, properties: {ok: {type: boolean}}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(named(&api, "ApiFailure").pointer, "/components/schemas/error");
        assert_eq!(named(&api, "HolderSort").pointer, "/components/schemas/Holder/properties/kind");
        assert_eq!(variants(&api, "HolderReason"), ["Failed", "ApiFailure", "Fine"]);
        let TypeKind::Union(u) = &named(&api, "HolderReason").kind else { unreachable!() };
        assert_eq!(u.variants[2].ty, TypeRef::Named(super::super::test_util::id(&api, "Fine")));
    }

    #[test]
    fn adding_an_unrelated_schema_renames_nothing() {
        let spec = "
            paths:
              /things:
                post:
                  operationId: createThing
                  requestBody:
                    content:
                      application/json:
                        schema: {oneOf: [{type: string}, {type: object, properties: {a: {type: string}}}, {type: array, items: {type: integer}}]}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    state: {type: string, enum: [on, off]}
                    value: {anyOf: [{type: string}, {type: string, enum: ['']}, {type: object, properties: {x: {type: integer}}}]}
                Thing2: {type: object, properties: {state: {type: string}}}
                Zebra: {oneOf: [{type: string}, {type: string, enum: [a]}, {type: object, properties: {x: {type: integer}}}]}
        ";
        let names = |api: &Api| -> Vec<(String, String)> { api.types.iter().map(|t| (t.pointer.clone(), t.name.clone())).collect() };
        let (before, _) = lower31(spec);
        // A new schema first in the document, with inline types and unions of its own, and one
        // at the end.
        let grown = spec
            .replace(
                "              schemas:\n",
                "              schemas:\n                Alpha: {type: object, properties: {state: {type: string, enum: [x]}, value: {oneOf: [{type: string}, {type: object, properties: {y: {type: string}}}]}}}\n",
            )
            .replace("                Zebra:", "                Middle: {anyOf: [{type: string}, {type: integer}]}\n                Zebra:");
        let (after, _) = lower31(&grown);
        assert_eq!(after.types.len(), before.types.len() + 5, "{:?}", names(&after));
        let after_names = names(&after);
        for old in names(&before) {
            assert!(after_names.contains(&old), "`{}` at {} was renamed: {after_names:?}", old.1, old.0);
        }
    }
}
