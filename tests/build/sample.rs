//! Sample values for the drivers, read from the document model (`codegen::document`): an example
//! written in the spec, else a value synthesised from the schema (its own example or default, its
//! first enum value, the required properties of objects, formats, bounds).

use codegen::document::{Additional, Document, Example, Parameter, Schema, SchemaOrRef, Type};
use serde_json::{json, Map, Value};

/// How deep synthesis follows properties, items and combinators; deeper (recursive) schemas
/// give `null`.
const MAX_DEPTH: usize = 10;

/// An example written in the spec: `example`, else the first of `examples` (the document model
/// lists them in that order, refs to `components.examples` followed).
pub fn written(examples: &[Example]) -> Option<Value> {
    examples.first().map(|e| e.value.clone())
}

/// Builds values valid for the schemas of one document.
pub struct Sampler<'a> {
    doc: &'a Document,
}

impl<'a> Sampler<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Sampler { doc }
    }

    /// A parameter's written example, else a value for its schema; `None` when it has neither.
    pub fn param(&self, p: &Parameter) -> Option<Value> {
        written(&p.examples).or_else(|| p.schema.as_ref().map(|s| self.value(s, 0)))
    }

    /// A value valid for a schema: its own example (`example`, else the first of 3.1's
    /// `examples`) or default, else built from its constraints.
    pub fn value(&self, schema: &SchemaOrRef, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        // A dangling ref (or a cycle of refs) says nothing about the value.
        let Some(s) = self.doc.resolve(schema) else { return json!("sample") };
        if let Some(v) = written(&s.examples).or_else(|| s.default.clone()) {
            return v;
        }
        if let Some(first) = s.enumeration.first() {
            return first.clone();
        }
        if !s.all_of.is_empty() {
            return self.all_of(s, depth);
        }
        if let Some(v) = self.alternative(s, depth) {
            return v;
        }
        match shape(s) {
            Some(Type::String) => Value::String(string(s)),
            Some(Type::Integer) => json!(number(s) as i64),
            Some(Type::Number) => json!(number(s)),
            Some(Type::Boolean) => Value::Bool(true),
            Some(Type::Array) => self.array(s, depth),
            Some(Type::Object) => Value::Object(self.object(s, depth)),
            _ if s.nullable => Value::Null,
            _ => json!("sample"),
        }
    }

    /// `allOf`: the members' objects merged, then the schema's own required properties; a
    /// member that is no object stands for the whole when nothing else is.
    fn all_of(&self, s: &Schema, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut other = None;
        for part in &s.all_of {
            match self.value(part, depth + 1) {
                Value::Object(o) => merged.extend(o),
                v => other = Some(v),
            }
        }
        merged.extend(self.object(s, depth));
        if merged.is_empty() {
            other.unwrap_or(Value::Object(merged))
        } else {
            Value::Object(merged)
        }
    }

    /// `oneOf`, else `anyOf`: a value of the first alternative, naming it in the discriminator's
    /// property when there is one.
    fn alternative(&self, s: &Schema, depth: usize) -> Option<Value> {
        let first = s.one_of.first().or_else(|| s.any_of.first())?;
        let mut v = self.value(first, depth + 1);
        if let (Some(d), Value::Object(o)) = (&s.discriminator, &mut v) {
            // The mapping names alternatives by their refs as written.
            let target = match first {
                SchemaOrRef::Ref(r) => r.text.as_str(),
                SchemaOrRef::Inline(_) => "",
            };
            match d.mapping.iter().find(|(_, r)| r.as_str() == target) {
                Some((tag, _)) => {
                    o.insert(d.property_name.clone(), Value::String(tag.clone()));
                }
                None if !o.contains_key(&d.property_name) => {
                    let name = target.rsplit('/').next().unwrap_or_default();
                    o.insert(d.property_name.clone(), Value::String(name.to_owned()));
                }
                None => {}
            }
        }
        Some(v)
    }

    /// As many copies of an item as `minItems` asks for, at least one.
    fn array(&self, s: &Schema, depth: usize) -> Value {
        let item = s.items.as_ref().map_or(Value::Null, |i| self.value(i, depth + 1));
        let n = s.min_items.unwrap_or(1).max(1) as usize;
        Value::Array(vec![item; n])
    }

    /// The required properties of an object schema (plus one entry if it needs at least one).
    fn object(&self, s: &Schema, depth: usize) -> Map<String, Value> {
        let mut out = Map::new();
        for name in &s.required {
            let v = s.properties.get(name).map_or_else(|| json!("sample"), |p| self.value(p, depth + 1));
            out.insert(name.clone(), v);
        }
        if out.is_empty() && s.min_properties.unwrap_or(0) > 0 {
            if let Some(Additional::Schema(add)) = &s.additional_properties {
                out.insert("key".to_owned(), self.value(add, depth + 1));
            }
        }
        out
    }
}

/// The schema's type (the first of several: a value of it is valid), or the one its keywords
/// imply (`properties` or `additionalProperties`: an object; `items`: an array).
fn shape(s: &Schema) -> Option<Type> {
    if let Some(t) = s.types.first() {
        return Some(*t);
    }
    if !s.properties.is_empty() || s.additional_properties.is_some() {
        Some(Type::Object)
    } else if s.items.is_some() {
        Some(Type::Array)
    } else {
        None
    }
}

/// A string of the schema's format, padded to `minLength` and cut to `maxLength`.
fn string(s: &Schema) -> String {
    let mut text = match s.format.as_deref().unwrap_or("") {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "byte" => "aGVsbG8=",
        _ => "sample",
    }
    .to_owned();
    if let Some(min) = s.min_length {
        while (text.chars().count() as u64) < min {
            text.push('x');
        }
    }
    if let Some(max) = s.max_length {
        text = text.chars().take(max as usize).collect();
    }
    text
}

/// 1, else the minimum (one more when exclusive), lowered to the maximum (one less when
/// exclusive).
fn number(s: &Schema) -> f64 {
    let mut n = 1.0_f64;
    if let Some(min) = s.minimum {
        n = if min.exclusive { min.value + 1.0 } else { min.value };
    }
    if let Some(max) = s.maximum {
        let top = if max.exclusive { max.value - 1.0 } else { max.value };
        if n > top {
            n = top;
        }
    }
    n
}
