//! A schema flattened for comparison: its `$ref`s followed, `allOf` merged into one set of
//! properties, required names, alternatives and enum values, and the constraint keywords
//! gathered into [`Limits`]. Every schema check reads both sides through a [`View`].

use std::collections::BTreeSet;

use super::resolve;
use crate::pointer::pointer;
use crate::document::{Additional, Document, Schema, SchemaOrRef};

/// A bound: its value and whether it is exclusive.
pub(super) type Limit = Option<(f64, bool)>;

/// Limits that matter to what a value may be.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Limits {
    pub(super) min_length: Option<u64>,
    pub(super) max_length: Option<u64>,
    pub(super) pattern: Option<String>,
    pub(super) minimum: Limit,
    pub(super) maximum: Limit,
    pub(super) min_items: Option<u64>,
    pub(super) max_items: Option<u64>,
    pub(super) min_properties: Option<u64>,
    pub(super) max_properties: Option<u64>,
    pub(super) multiple_of: Option<f64>,
    pub(super) unique_items: bool,
    /// `additionalProperties: false`.
    pub(super) closed: bool,
}

/// A schema flattened for comparison (`allOf` merged).
#[derive(Default)]
pub(super) struct View<'a> {
    pub(super) ty: Option<String>,
    pub(super) format: Option<String>,
    pub(super) nullable: bool,
    pub(super) enumeration: Vec<serde_json::Value>,
    pub(super) props: Vec<(String, &'a SchemaOrRef, String)>,
    pub(super) required: BTreeSet<String>,
    pub(super) items: Option<(&'a SchemaOrRef, String)>,
    pub(super) union: Vec<(&'a SchemaOrRef, String)>,
    pub(super) limits: Limits,
    /// `patternProperties`: pattern, schema, pointer.
    pub(super) pattern_props: Vec<(String, &'a SchemaOrRef, String)>,
    /// `additionalProperties` as a schema.
    pub(super) additional: Option<(&'a SchemaOrRef, String)>,
    /// `prefixItems`, by position.
    pub(super) prefix: Vec<(&'a SchemaOrRef, String)>,
    /// Admits no value: `false`, `not: {}`, `enum: []`.
    pub(super) never: bool,
    /// `x-extensible-enum`: the values named so far (others may come).
    pub(super) extensible: Vec<serde_json::Value>,
    /// `const`, when the schema has one.
    pub(super) constant: Option<serde_json::Value>,
    /// Constraint keywords compared as written (`dependentRequired`, `if`, `propertyNames`, …).
    pub(super) unmapped: Vec<(String, serde_json::Value)>,
    /// Its alternatives come from `oneOf` (exactly one must match), not only `anyOf`.
    pub(super) one_of: bool,
    /// `contentMediaType` and `contentEncoding` (3.1): what a string carries, and how.
    pub(super) content: (Option<String>, Option<String>),
}

/// The type keyword(s) as one word: `string`, or `integer|string` for a 3.1 type list.
fn type_word(s: &Schema) -> Option<String> {
    match s.types.as_slice() {
        [] => None,
        ts => {
            let mut words: Vec<&str> = ts.iter().map(|t| t.as_str()).collect();
            words.sort_unstable();
            Some(words.join("|"))
        }
    }
}

pub(super) fn view<'a>(doc: &'a Document, r: &'a SchemaOrRef, depth: usize) -> View<'a> {
    let mut v = View::default();
    let Some((s, ptr)) = resolve(doc, r) else { return v };
    v.nullable = s.nullable;
    v.ty = type_word(s).or_else(|| (!s.properties.is_empty()).then(|| "object".to_owned()));
    v.format = s.format.clone();
    v.enumeration = match &s.constant {
        Some(c) if s.enumeration.is_empty() => vec![c.clone()],
        _ => s.enumeration.clone(),
    };
    v.constant = s.constant.clone();
    v.content = (s.content_media_type.clone(), s.content_encoding.clone());
    v.unmapped = s.unmapped.iter().map(|(k, x)| (k.clone(), x.clone())).collect();
    if let Some(serde_json::Value::Array(values)) = s.extensions.get("x-extensible-enum") {
        v.extensible = values.clone();
    }
    for (k, p) in &s.properties {
        v.props.push((k.clone(), p, pointer(&format!("{ptr}/properties"), &[k])));
    }
    for (k, p) in &s.pattern_properties {
        v.pattern_props.push((k.clone(), p, pointer(&format!("{ptr}/patternProperties"), &[k])));
    }
    v.required.extend(s.required.iter().cloned());
    v.items = s.items.as_ref().map(|i| (i, format!("{ptr}/items")));
    v.limits = Limits {
        min_length: s.min_length,
        max_length: s.max_length,
        pattern: s.pattern.clone(),
        minimum: s.minimum.map(|b| (b.value, b.exclusive)),
        maximum: s.maximum.map(|b| (b.value, b.exclusive)),
        min_items: s.min_items,
        max_items: s.max_items,
        min_properties: s.min_properties,
        max_properties: s.max_properties,
        multiple_of: s.multiple_of,
        unique_items: s.unique_items,
        closed: matches!(s.additional_properties, Some(Additional::Bool(false))),
    };
    if let Some(Additional::Schema(a)) = &s.additional_properties {
        v.additional = Some((a, format!("{ptr}/additionalProperties")));
    }
    v.prefix = s.prefix_items.iter().enumerate().map(|(i, p)| (p, format!("{ptr}/prefixItems/{i}"))).collect();
    v.never = matches!(&s.not, Some(SchemaOrRef::Inline(n)) if n.has_no_own_shape() && n.has_no_combinators() && n.not.is_none());
    v.one_of = !s.one_of.is_empty();
    for (key, list) in [("oneOf", &s.one_of), ("anyOf", &s.any_of)] {
        for (i, m) in list.iter().enumerate() {
            v.union.push((m, format!("{ptr}/{key}/{i}")));
        }
    }
    if depth <= 16 {
        for m in &s.all_of {
            let inner = view(doc, m, depth + 1);
            v.ty = v.ty.take().or(inner.ty);
            v.format = v.format.take().or(inner.format);
            v.nullable |= inner.nullable && s.types.is_empty() && s.properties.is_empty() && s.all_of.len() == 1;
            for p in inner.props {
                if !v.props.iter().any(|(n, ..)| n == &p.0) {
                    v.props.push(p);
                }
            }
            for p in inner.pattern_props {
                if !v.pattern_props.iter().any(|(n, ..)| n == &p.0) {
                    v.pattern_props.push(p);
                }
            }
            v.required.extend(inner.required);
            v.union.extend(inner.union);
            if v.enumeration.is_empty() {
                v.enumeration = inner.enumeration;
            }
        }
    }
    v
}
