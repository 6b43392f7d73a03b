//! Lowering: the resolved document model → the IR. The emitter sees only the IR, and this is
//! the only reader of [`crate::document`] schemas and operations for code generation.
//!
//! This module holds the entry point, [`lower`], and the [`Lowering`] state every pass shares
//! (the types built so far, their names, the diagnostics); the passes are spread over one module
//! per concern, each adding its own `impl Lowering` block:
//!
//! - schemas: [`schema`] sorts a schema into a type, [`objects`] (structs and `allOf`),
//!   [`unions`] (`oneOf`/`anyOf`, multi-type schemas), [`enums`], [`formats`] (scalars);
//! - operations: [`operation`] (names and assembly), [`params`], [`security`], [`body`],
//!   [`responses`], [`envelope`] (`x-envelope`), [`pagination`] (`x-pagination`);
//! - helpers: [`status`] (status keys), [`media`] (media types);
//! - after every type exists: [`boxing`] (recursive types, alias cycles).

mod body;
mod boxing;
mod enums;
mod envelope;
mod formats;
mod media;
mod objects;
mod operation;
mod pagination;
mod params;
mod responses;
mod schema;
mod security;
mod status;
mod unions;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::model::{Api, TypeDef, TypeId, TypeKind, TypeRef, Usage};
use crate::diagnostic::Diagnostic;
use crate::document::{self, Document, SchemaOrRef, SchemaRef};
use crate::naming::{self, Scope};

/// Names the generated module defines besides the spec's types.
const RESERVED_TYPE_NAMES: &[&str] = &["Client", "Error", "ClientConfig", "Secret", "FilePart", "ApiError", "RawResponse"];

/// Builds the IR. Diagnostics that are errors mean the API cannot be emitted.
pub fn lower(doc: &Document) -> (Api, Vec<Diagnostic>) {
    let mut cx = Lowering::new(doc);
    cx.declare_components();
    cx.lower_components();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.mark_boxes();
    cx.check_alias_cycles();
    cx.report_unmapped();
    super::dedupe::merge_identical_inline_types(&mut cx.types);
    let servers = doc.servers.iter().map(server_url).collect();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        types: cx.types,
        operations,
        security_schemes,
        groups: Vec::new(),
    };
    super::reach::mark_usage(&mut api);
    (api, cx.diags)
}

/// The URL with each `{variable}` replaced by its default, in one pass over the template: a
/// default is inserted as text and never expanded again (re-expanding grows exponentially with
/// defaults like `a: "{b}{b}"`, `b: "{c}{c}"`, …).
fn server_url(s: &document::Server) -> String {
    if s.variables.is_empty() {
        return s.url.clone();
    }
    let mut url = String::with_capacity(s.url.len());
    let mut rest = s.url.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        url.push_str(&rest[..start]);
        match s.variables.get(&rest[start + 1..start + len]) {
            Some(v) => url.push_str(v),
            None => url.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    url.push_str(rest);
    url
}

type Schema = document::Schema;

struct Lowering<'a> {
    doc: &'a Document,
    types: Vec<TypeDef>,
    type_names: Scope,
    /// Named types of ref targets, by the target's pointer.
    components: HashMap<&'a str, TypeId>,
    diags: Vec<Diagnostic>,
    depth: usize,
    /// Keywords read but not mapped to Rust: the first pointer, and every pointer seen.
    unmapped: IndexMap<String, (String, HashSet<&'a str>)>,
}

// Deeper nesting than this is treated as free-form JSON, so no input can exhaust the stack.
const MAX_DEPTH: usize = 64;

impl<'a> Lowering<'a> {
    fn new(doc: &'a Document) -> Self {
        Lowering {
            doc,
            types: Vec::new(),
            type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            components: HashMap::new(),
            diags: Vec::new(),
            depth: 0,
            unmapped: IndexMap::new(),
        }
    }

    fn new_type(&mut self, hint: &str, ptr: &str, doc: Option<String>, kind: TypeKind) -> TypeRef {
        let name = self.type_names.claim(&naming::type_name(hint));
        self.types.push(TypeDef { name, doc, pointer: ptr.to_owned(), kind, usage: Usage::default(), groups: Vec::new() });
        TypeRef::Named(self.types.len() - 1)
    }

    /// A reserved slot for a type whose body refers to itself while being lowered.
    fn reserve_type(&mut self, hint: &str, ptr: &str, doc: Option<String>) -> TypeId {
        match self.new_type(hint, ptr, doc, TypeKind::Alias(TypeRef::Json)) {
            TypeRef::Named(id) => id,
            _ => unreachable!("new_type always returns a named type"),
        }
    }

    /// A ref's named type. A dangling or external ref was reported by `resolve`.
    fn reference(&mut self, r: &SchemaRef) -> TypeRef {
        self.components.get(r.target.as_str()).map_or(TypeRef::Json, |id| TypeRef::Named(*id))
    }

    fn resolve(&self, n: &'a SchemaOrRef) -> Option<&'a Schema> {
        self.doc.resolve(n)
    }

    fn nullable(&self, n: &'a SchemaOrRef) -> bool {
        self.resolve(n).is_some_and(|s| s.nullable)
    }

    /// The doc text of a field or part: a 3.1 `$ref`'s own description, else the schema's.
    fn doc_at(&self, n: &'a SchemaOrRef) -> Option<String> {
        match n {
            SchemaOrRef::Ref(SchemaRef { description: Some(d), .. }) => Some(d.clone()),
            _ => self.resolve(n).and_then(doc_of),
        }
    }
}

fn doc_of(s: &Schema) -> Option<String> {
    match (&s.title, &s.description) {
        (Some(t), Some(desc)) if !desc.starts_with(t.as_str()) => Some(format!("{t}\n\n{desc}")),
        (_, Some(desc)) => Some(desc.clone()),
        (Some(t), None) => Some(t.clone()),
        (None, None) => None,
    }
}
