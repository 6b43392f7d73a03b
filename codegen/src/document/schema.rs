//! Reading one schema into its normalised form (see the module doc of [`super`]).

use serde_json::{Map, Value};

use super::read::Reader;
use super::*;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;

/// Annotations that may stand beside a 3.1 `$ref` without changing what it describes.
const REF_ANNOTATIONS: &[&str] =
    &["$ref", "description", "title", "summary", "readOnly", "writeOnly", "deprecated", "example", "examples", "default", "$comment"];

/// Keywords that constrain values without shaping a Rust type; kept for the diff.
pub(crate) const UNMAPPED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
];

const KNOWN_TYPES: &[&str] = &["object", "array", "string", "integer", "number", "boolean", "null"];

// Deeper nesting than this is read as an empty schema, so no input can exhaust the stack.
const MAX_DEPTH: usize = 128;

impl<'a> Reader<'a> {
    /// Reads the schema at `v` (whose pointer is `at`).
    pub(super) fn schema(&mut self, v: &'a Value, at: &str) -> SchemaOrRef {
        if self.depth >= MAX_DEPTH {
            self.diags.push(Diagnostic::warning(at, "schema nesting is too deep; read as an empty schema (any value)"));
            return SchemaOrRef::Inline(Box::new(Schema { pointer: at.to_owned(), ..Schema::default() }));
        }
        self.depth += 1;
        let s = self.schema_inner(v, at);
        self.depth -= 1;
        s
    }

    fn schema_inner(&mut self, v: &'a Value, at: &str) -> SchemaOrRef {
        let map = match v {
            Value::Object(map) => map,
            // 3.1 boolean schemas: `true` allows anything, `false` nothing.
            Value::Bool(b) => {
                let mut s = Schema { pointer: at.to_owned(), ..Schema::default() };
                if !b {
                    s.not = Some(SchemaOrRef::Inline(Box::new(Schema { pointer: at.to_owned(), ..Schema::default() })));
                }
                return SchemaOrRef::Inline(Box::new(s));
            }
            _ => {
                self.diags.push(Diagnostic::error(at, "a schema must be a mapping").with_hint("e.g. `{type: string}`"));
                return SchemaOrRef::Inline(Box::new(Schema { pointer: at.to_owned(), ..Schema::default() }));
            }
        };
        if let Some(Value::String(text)) = map.get("$ref") {
            let reference = self.schema_ref(text, map, at);
            let shaping = map.keys().any(|k| !REF_ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));
            // 3.0 ignores everything beside a `$ref`; 3.1 lets siblings narrow it.
            if self.version == SpecVersion::V3_0 || !shaping {
                return SchemaOrRef::Ref(reference);
            }
            let mut s = self.schema_object(map, at);
            s.all_of.insert(0, SchemaOrRef::Ref(reference));
            return SchemaOrRef::Inline(Box::new(s));
        }
        SchemaOrRef::Inline(Box::new(self.schema_object(map, at)))
    }

    fn schema_ref(&mut self, text: &str, map: &'a Map<String, Value>, at: &str) -> SchemaRef {
        let target = self.ref_target(text).unwrap_or_default();
        if !target.is_empty() {
            self.want_schema(&target);
        }
        let sibling = self.version != SpecVersion::V3_0;
        let flag = |k: &str| sibling && map.get(k).and_then(Value::as_bool).unwrap_or(false);
        SchemaRef {
            target,
            text: text.to_owned(),
            pointer: pointer(at, &["$ref"]),
            description: map.get("description").and_then(Value::as_str).filter(|_| sibling).map(str::to_owned),
            read_only: flag("readOnly"),
            write_only: flag("writeOnly"),
            deprecated: flag("deprecated"),
            rust_name: map.get("x-rust-name").and_then(Value::as_str).map(str::to_owned),
        }
    }

    fn schema_object(&mut self, map: &'a Map<String, Value>, at: &str) -> Schema {
        let mut s = Schema { pointer: at.to_owned(), ..Schema::default() };
        self.read_types(&mut s, map, at);
        read_annotations(&mut s, map, at);
        self.read_object_keywords(&mut s, map, at);
        self.read_array_keywords(&mut s, map, at);
        self.read_composition(&mut s, map, at);
        self.read_constraints(&mut s, map, at);
        for (k, v) in map {
            if k.starts_with("x-") {
                s.extensions.insert(k.clone(), v.clone());
            } else if UNMAPPED.contains(&k.as_str()) {
                s.unmapped.insert(k.clone(), v.clone());
            }
        }
        normalise_binary(&mut s);
        self.fold_null_members(&mut s);
        s
    }

    /// `type` (a string, or a 3.1 list) and 3.0's `nullable`.
    fn read_types(&mut self, s: &mut Schema, map: &'a Map<String, Value>, at: &str) {
        match map.get("type") {
            None => {}
            Some(Value::String(t)) => self.push_type(s, t, &pointer(at, &["type"])),
            Some(Value::Array(ts)) => {
                if self.version == SpecVersion::V3_0 {
                    self.mixed(at, "a `type` array is OpenAPI 3.1; 3.0 has one type and `nullable`");
                }
                for (i, t) in ts.iter().enumerate() {
                    match t.as_str() {
                        Some(t) => self.push_type(s, t, &pointer(at, &["type", &i.to_string()])),
                        None => self.diags.push(Diagnostic::error(pointer(at, &["type", &i.to_string()]), "a type must be a string")),
                    }
                }
            }
            Some(_) => self.diags.push(Diagnostic::error(pointer(at, &["type"]), "`type` must be a string or a list of strings")),
        }
        if let Some(n) = map.get("nullable") {
            if self.version != SpecVersion::V3_0 {
                self.mixed(at, "`nullable` is OpenAPI 3.0; 3.1 writes `type: [T, \"null\"]`");
            }
            s.nullable |= n.as_bool().unwrap_or(false);
        }
    }

    /// `properties`, `required`, `additionalProperties` and `patternProperties`.
    fn read_object_keywords(&mut self, s: &mut Schema, map: &'a Map<String, Value>, at: &str) {
        if let Some(Value::Object(props)) = map.get("properties") {
            for (k, v) in props {
                let child = self.schema(v, &pointer(at, &["properties", k]));
                s.properties.insert(k.clone(), child);
            }
        }
        if let Some(Value::Array(req)) = map.get("required") {
            s.required = req.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        }
        s.additional_properties = match map.get("additionalProperties") {
            None => None,
            Some(Value::Bool(b)) => Some(Additional::Bool(*b)),
            Some(v) => Some(Additional::Schema(self.schema(v, &pointer(at, &["additionalProperties"])))),
        };
        if let Some(Value::Object(pp)) = map.get("patternProperties") {
            for (k, v) in pp {
                let child = self.schema(v, &pointer(at, &["patternProperties", k]));
                s.pattern_properties.insert(k.clone(), child);
            }
        }
    }

    /// `items` (a list of schemas is the draft-4 tuple form) and `prefixItems`.
    fn read_array_keywords(&mut self, s: &mut Schema, map: &'a Map<String, Value>, at: &str) {
        match map.get("items") {
            None => {}
            // Draft-4 tuple form: an array of schemas is `prefixItems`.
            Some(Value::Array(list)) => s.prefix_items = self.schema_list(list, &pointer(at, &["items"])),
            Some(v) => s.items = Some(self.schema(v, &pointer(at, &["items"]))),
        }
        if let Some(Value::Array(list)) = map.get("prefixItems") {
            s.prefix_items = self.schema_list(list, &pointer(at, &["prefixItems"]));
        }
    }

    /// `allOf`, `oneOf`, `anyOf`, `not` and `discriminator`.
    fn read_composition(&mut self, s: &mut Schema, map: &'a Map<String, Value>, at: &str) {
        for (key, slot) in [("allOf", 0), ("oneOf", 1), ("anyOf", 2)] {
            let Some(v) = map.get(key) else { continue };
            let Value::Array(list) = v else {
                self.diags.push(Diagnostic::error(pointer(at, &[key]), format!("`{key}` must be a list of schemas")));
                continue;
            };
            let members = self.schema_list(list, &pointer(at, &[key]));
            match slot {
                0 => s.all_of = members,
                1 => s.one_of = members,
                _ => s.any_of = members,
            }
        }
        if let Some(v) = map.get("not") {
            s.not = Some(self.schema(v, &pointer(at, &["not"])));
        }
        if let Some(Value::Object(d)) = map.get("discriminator") {
            if let Some(property_name) = d.get("propertyName").and_then(Value::as_str) {
                let mapping = d
                    .get("mapping")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
                    .unwrap_or_default();
                s.discriminator = Some(Discriminator { property_name: property_name.to_owned(), mapping });
            }
        }
    }

    /// Bounds, lengths, counts and the boolean flags.
    fn read_constraints(&mut self, s: &mut Schema, map: &'a Map<String, Value>, at: &str) {
        let u64_of = |k: &str| map.get(k).and_then(Value::as_u64);
        let bool_of = |k: &str| map.get(k).and_then(Value::as_bool).unwrap_or(false);
        s.minimum = self.bound(map, "minimum", "exclusiveMinimum", at);
        s.maximum = self.bound(map, "maximum", "exclusiveMaximum", at);
        s.multiple_of = map.get("multipleOf").and_then(Value::as_f64);
        s.min_length = u64_of("minLength");
        s.max_length = u64_of("maxLength");
        s.min_items = u64_of("minItems");
        s.max_items = u64_of("maxItems");
        s.min_properties = u64_of("minProperties");
        s.max_properties = u64_of("maxProperties");
        s.unique_items = bool_of("uniqueItems");
        s.read_only = bool_of("readOnly");
        s.write_only = bool_of("writeOnly");
        s.deprecated = bool_of("deprecated");
    }

    fn schema_list(&mut self, list: &'a [Value], at: &str) -> Vec<SchemaOrRef> {
        list.iter().enumerate().map(|(i, v)| self.schema(v, &pointer(at, &[&i.to_string()]))).collect()
    }

    fn push_type(&mut self, s: &mut Schema, t: &str, at: &str) {
        let ty = match t {
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "array" => Type::Array,
            "object" => Type::Object,
            "null" => {
                s.nullable = true;
                return;
            }
            other => {
                self.diags.push(unknown_type(at, other));
                return;
            }
        };
        if !s.types.contains(&ty) {
            s.types.push(ty);
        }
    }

    /// `minimum` with 3.0's boolean or 3.1's numeric `exclusiveMinimum` (likewise maximum).
    fn bound(&mut self, map: &Map<String, Value>, inclusive: &str, exclusive: &str, at: &str) -> Option<Bound> {
        let plain = map.get(inclusive).and_then(Value::as_f64);
        match map.get(exclusive) {
            Some(Value::Bool(b)) => {
                if self.version != SpecVersion::V3_0 {
                    self.mixed(at, &format!("a boolean `{exclusive}` is OpenAPI 3.0; 3.1 gives the bound itself"));
                }
                plain.map(|value| Bound { value, exclusive: *b })
            }
            Some(Value::Number(n)) => {
                if self.version == SpecVersion::V3_0 {
                    self.mixed(at, &format!("a numeric `{exclusive}` is OpenAPI 3.1; 3.0 writes `{inclusive}` and `{exclusive}: true`"));
                }
                let value = n.as_f64()?;
                // Both given: the tighter one wins.
                let lower = inclusive == "minimum";
                match plain {
                    Some(p) if (lower && p > value) || (!lower && p < value) => Some(Bound { value: p, exclusive: false }),
                    _ => Some(Bound { value, exclusive: true }),
                }
            }
            _ => plain.map(|value| Bound { value, exclusive: false }),
        }
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member is the other members, nullable.
    fn fold_null_members(&mut self, s: &mut Schema) {
        for which in [0, 1] {
            let list = if which == 0 { &mut s.any_of } else { &mut s.one_of };
            let before = list.len();
            list.retain(|m| !is_null_only(m));
            if list.len() == before {
                continue;
            }
            s.nullable = true;
            if list.len() != 1 {
                continue;
            }
            let only = list.pop().expect("one member");
            match only {
                // `anyOf: [$ref, null]` is a nullable `allOf: [$ref]`, as 3.0 writes it.
                SchemaOrRef::Ref(_) => s.all_of.insert(0, only),
                SchemaOrRef::Inline(member) if is_bare(s) => {
                    let (title, description, pointer) = (s.title.take(), s.description.take(), std::mem::take(&mut s.pointer));
                    let examples = std::mem::take(&mut s.examples);
                    *s = *member;
                    s.nullable = true;
                    s.pointer = pointer;
                    s.title = title.or(s.title.take());
                    s.description = description.or(s.description.take());
                    if !examples.is_empty() {
                        s.examples = examples;
                    }
                }
                member => s.all_of.push(member),
            }
        }
    }
}

fn is_null_only(m: &SchemaOrRef) -> bool {
    matches!(m, SchemaOrRef::Inline(s) if s.nullable && s.has_no_own_shape() && s.has_no_combinators())
}

/// A schema with nothing but annotations besides the members being folded.
fn is_bare(s: &Schema) -> bool {
    s.has_no_own_shape() && s.has_no_combinators() && s.format.is_none() && s.discriminator.is_none()
}

/// 3.1 describes binary strings by their content: an encoded string is `format: byte`, a
/// string of some non-text media type is raw bytes, `format: binary`.
fn normalise_binary(s: &mut Schema) {
    if s.format.is_some() || !(s.types.is_empty() || s.types == [Type::String]) {
        return;
    }
    if s.content_encoding.as_deref().is_some_and(|e| e.starts_with("base64")) {
        s.format = Some("byte".into());
    } else if let Some(media) = &s.content_media_type {
        let m = media.to_ascii_lowercase();
        if !(m.starts_with("text/") || m.contains("json") || m.contains("xml")) && s.content_encoding.is_none() {
            s.format = Some("binary".into());
            if s.types.is_empty() {
                s.types.push(Type::String);
            }
        }
    }
}

/// `unknown type` with a did-you-mean hint.
pub(crate) fn unknown_type(at: &str, t: &str) -> Diagnostic {
    let best = KNOWN_TYPES.iter().map(|k| (crate::naming::edit_distance(k, t), *k)).min().filter(|(d, _)| *d <= 3);
    let hint = match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!("`type` is one of {}", KNOWN_TYPES.join(", ")),
    };
    Diagnostic::error(at, format!("unknown type `{t}`")).with_hint(hint)
}

/// The annotations and values: `format`, `title`, `description`, `pattern`, content keywords,
/// `default`, `const`, `enum` (a `null` in it makes the schema nullable) and examples.
fn read_annotations(s: &mut Schema, map: &Map<String, Value>, at: &str) {
    let str_of = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
    s.format = str_of("format");
    s.title = str_of("title");
    s.description = str_of("description");
    s.pattern = str_of("pattern");
    s.content_media_type = str_of("contentMediaType");
    s.content_encoding = str_of("contentEncoding");
    s.default = map.get("default").cloned();
    s.constant = map.get("const").cloned();
    if let Some(Value::Array(values)) = map.get("enum") {
        for v in values {
            if v.is_null() {
                s.nullable = true;
            } else {
                s.enumeration.push(v.clone());
            }
        }
        // `enum: []` admits no value, like a `false` schema (an empty list would otherwise
        // read as "no enum": any value).
        if values.is_empty() {
            s.not = Some(SchemaOrRef::Inline(Box::new(Schema { pointer: pointer(at, &["enum"]), ..Schema::default() })));
        }
    }
    if let Some(v) = map.get("example") {
        s.examples.push(Example { name: "example".into(), pointer: pointer(at, &["example"]), value: v.clone() });
    }
    if let Some(Value::Array(values)) = map.get("examples") {
        for (i, v) in values.iter().enumerate() {
            let i = i.to_string();
            s.examples.push(Example { name: format!("examples {i}"), pointer: pointer(at, &["examples", &i]), value: v.clone() });
        }
    }
}
