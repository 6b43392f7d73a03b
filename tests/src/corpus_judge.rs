//! Whose fault is an example that does not decode: the spec's, when the example breaks its own
//! schema, else the generator's. A JSON Schema validator (`jsonschema`) judges the example against
//! the schema at its pointer in the spec, with the whole document as the place `$ref`s resolve in.
//!
//! OpenAPI 3.0 schemas are JSON Schema draft 4 plus a few words of their own, so the document is
//! translated first: `nullable: true` becomes a type (or `enum`) that admits `null`, and a
//! nullable schema without `type` becomes `anyOf: [{type: null}, …]`. Draft 4 already has the
//! boolean `exclusiveMinimum`/`exclusiveMaximum` and ignores a `$ref`'s siblings, as 3.0 does.
//! 3.1 documents are draft 2020-12 (a stray `nullable` there is translated too, as the generator
//! honours it). Formats are checked (a `date-time` that is not one is the spec's fault);
//! unknown formats are not.

use std::collections::HashMap;

use jsonschema::{Draft, Validator};
use serde_json::{json, Map, Value};

use crate::corpus_examples::Verdict;

/// Judges examples against the schemas of one document, compiling each schema once.
pub struct Judge {
    doc: Value,
    draft: Draft,
    validators: HashMap<String, Result<Validator, String>>,
}

impl Judge {
    /// A judge for this raw document (JSON, YAML turned into JSON).
    pub fn new(raw: &Value) -> Self {
        let is_30 = raw.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.0"));
        let mut doc = raw.clone();
        translate_nullable(&mut doc, !is_30);
        let draft = if is_30 { Draft::Draft4 } else { Draft::Draft202012 };
        Judge { doc, draft, validators: HashMap::new() }
    }

    /// Judges `value` against the schema at the JSON pointer `schema_pointer` (`/components/…`).
    pub fn judge(&mut self, schema_pointer: &str, value: &Value) -> Verdict {
        if !self.validators.contains_key(schema_pointer) {
            let v = self.compile(schema_pointer);
            self.validators.insert(schema_pointer.to_owned(), v);
        }
        match &self.validators[schema_pointer] {
            Err(e) => Verdict::Unjudged(e.clone()),
            Ok(v) => match v.iter_errors(value).next() {
                None => Verdict::Valid,
                Some(e) => {
                    let at = e.instance_path().to_string();
                    let what: String = e.to_string().chars().take(200).collect();
                    Verdict::Invalid(if at.is_empty() { what } else { format!("{at}: {what}") })
                }
            },
        }
    }

    /// The document itself as the root schema, with a `$ref` to the pointer: every other key of
    /// the document is an unknown keyword, ignored, and every `#/…` ref resolves in it.
    fn compile(&self, schema_pointer: &str) -> Result<Validator, String> {
        if self.doc.pointer(schema_pointer).is_none() {
            return Err(format!("no schema at {schema_pointer}"));
        }
        let mut root = match &self.doc {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        root.insert("$ref".into(), json!(format!("#{}", fragment(schema_pointer))));
        // Keys that mean something to a validator at the root of a document are not schema here.
        for k in ["$schema", "$id", "id", "$defs", "definitions"] {
            root.remove(k);
        }
        jsonschema::options()
            .with_draft(self.draft)
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .map_err(|e| e.to_string().chars().take(200).collect())
    }
}

/// A JSON pointer as a URI fragment: characters a fragment cannot hold are percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Rewrites every schema object with `nullable: true` so plain JSON Schema admits `null`; with
/// `numeric_exclusive` (a 3.1 document, draft 2020-12) also the 3.0 boolean `exclusiveMinimum`/
/// `exclusiveMaximum` that some 3.1 specs still carry, which would not compile there.
fn translate_nullable(v: &mut Value, numeric_exclusive: bool) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| translate_nullable(i, numeric_exclusive)),
        Value::Object(map) => {
            map.values_mut().for_each(|i| translate_nullable(i, numeric_exclusive));
            if numeric_exclusive {
                for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
                    if let Some(Value::Bool(b)) = map.get(exclusive).cloned() {
                        map.remove(exclusive);
                        if let Some(limit) = map.get(bound).cloned().filter(|_| b) {
                            map.remove(bound);
                            map.insert(exclusive.into(), limit);
                        }
                    }
                }
            }
            if map.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            map.remove("nullable");
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
            let has_enum = map.contains_key("enum");
            match map.get_mut("type") {
                Some(Value::String(t)) => {
                    let t = std::mem::take(t);
                    map.insert("type".into(), json!([t, "null"]));
                }
                Some(Value::Array(types)) => {
                    if !types.contains(&json!("null")) {
                        types.push(json!("null"));
                    }
                }
                _ if has_enum => {}
                _ => {
                    let rest = std::mem::take(map);
                    map.insert("anyOf".into(), json!([{"type": "null"}, Value::Object(rest)]));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(version: &str) -> Value {
        json!({
            "openapi": version,
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Pet": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "tag": {"type": "string", "nullable": true},
                    "owner": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Owner"}]},
                    "born": {"type": "string", "format": "date-time"},
                    "weight": {"type": "number", "minimum": 0, "exclusiveMinimum": true}
                }},
                "Owner": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
            }}
        })
    }

    #[test]
    fn openapi_30_nullable_refs_formats_and_exclusive_bounds_are_understood() {
        let mut judge = Judge::new(&spec("3.0.3"));
        let pet = "/components/schemas/Pet";
        assert_eq!(judge.judge(pet, &json!({"name": "Rex", "tag": null, "owner": null})), Verdict::Valid);
        assert_eq!(judge.judge(pet, &json!({"name": "Rex", "owner": {"id": 1}})), Verdict::Valid);
        // A `$ref`ed schema is followed (inside the `anyOf` that `nullable` became): `id` is an integer.
        assert!(matches!(judge.judge(pet, &json!({"name": "Rex", "owner": {"id": "x"}})), Verdict::Invalid(e) if e.starts_with("/owner")));
        assert!(matches!(judge.judge(pet, &json!({"tag": "x"})), Verdict::Invalid(_)));
        assert!(matches!(judge.judge(pet, &json!({"name": "Rex", "born": "yesterday"})), Verdict::Invalid(e) if e.starts_with("/born")));
        // Draft 4's boolean `exclusiveMinimum`.
        assert!(matches!(judge.judge(pet, &json!({"name": "Rex", "weight": 0})), Verdict::Invalid(_)));
        assert_eq!(judge.judge(pet, &json!({"name": "Rex", "weight": 0.5})), Verdict::Valid);
    }

    #[test]
    fn a_pointer_with_braces_and_slashes_resolves_and_a_missing_one_is_unjudged() {
        let mut doc = spec("3.1.0");
        doc["paths"] = json!({"/pets/{id}": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Owner"}
        }}}}}}});
        let mut judge = Judge::new(&doc);
        let at = "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema";
        assert_eq!(judge.judge(at, &json!({"id": 3})), Verdict::Valid);
        assert!(matches!(judge.judge(at, &json!({})), Verdict::Invalid(_)));
        assert!(matches!(judge.judge("/components/schemas/Nope", &json!({})), Verdict::Unjudged(_)));
        // The 3.0 boolean form in a 3.1 document still means an exclusive bound.
        let pet = "/components/schemas/Pet";
        assert!(matches!(judge.judge(pet, &json!({"name": "Rex", "weight": 0})), Verdict::Invalid(e) if e.starts_with("/weight")));
        assert_eq!(judge.judge(pet, &json!({"name": "Rex", "weight": 1})), Verdict::Valid);
    }
}
