//! Lowering: the resolved document model → the IR. The emitter sees only the IR, and this is
//! the only reader of [`crate::document`] schemas and operations for code generation.
//!
//! This module holds the entry point, [`lower`], and the [`Lowering`] state every pass shares
//! (the types built so far, their names, the diagnostics); the passes are spread over one module
//! per concern, each adding its own `impl Lowering` block:
//!
//! - schemas: [`schema`] sorts a schema into a type, [`objects`] (structs and `allOf`),
//!   [`unions`] (`oneOf`/`anyOf`, multi-type schemas), [`enums`], [`formats`] (scalars),
//!   [`names`] (the names of union members and inline types, `x-rust-name`);
//! - operations: [`operation`] (names and assembly), [`params`], [`security`], [`body`],
//!   [`responses`], [`envelope`] (`x-envelope`), [`pagination`] (`x-pagination`, or detected);
//! - helpers: [`media`] (media types; status keys are [`crate::status::StatusKey`]);
//! - after every type exists: [`untagged`] (the decode order of untagged unions), [`boxing`]
//!   (recursive types, alias cycles), then [`super::size`] (fields and variants too large to
//!   hold by value).

mod body;
mod boxing;
mod enums;
mod envelope;
mod formats;
mod media;
mod names;
mod objects;
mod operation;
mod pagination;
mod params;
mod responses;
mod schema;
mod security;
mod unions;
mod untagged;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::model::{Api, TypeDef, TypeId, TypeKind, TypeRef, Usage};
use crate::diagnostic::Diagnostic;
use crate::document::{self, Document, SchemaOrRef, SchemaRef};
use crate::naming::{self, Scope};

/// Builds the IR. Diagnostics that are errors mean the API cannot be emitted.
pub fn lower(doc: &Document) -> (Api, Vec<Diagnostic>) {
    let mut cx = Lowering::new(doc);
    cx.declare_components();
    cx.lower_components();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.order_untagged_unions();
    cx.mark_boxes();
    cx.check_alias_cycles();
    // After recursion is boxed, so what is left held by value has no cycle.
    super::size::box_large(&mut cx.types);
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

/// What every lowering pass shares: the document, the types built so far and their names, and
/// the diagnostics.
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
            // The `types` module names everything else by its full path (`crate::runtime::Error`),
            // so a schema may be called `Error` or `Client`.
            type_names: Scope::default(),
            components: HashMap::new(),
            diags: Vec::new(),
            depth: 0,
            unmapped: IndexMap::new(),
        }
    }

    fn new_type(&mut self, hint: &str, ptr: &str, doc: Option<String>, kind: TypeKind) -> TypeRef {
        let name = self.claim_type_name(hint, names::kind_word(&kind), ptr);
        self.types.push(TypeDef { name, doc, pointer: ptr.to_owned(), kind, usage: Usage::default(), groups: Vec::new() });
        TypeRef::Named(self.types.len() - 1)
    }

    /// A reserved slot for a type whose body refers to itself while being lowered; `word` says
    /// what kind of type it will be, should its name be taken.
    fn reserve_type(&mut self, hint: &str, word: &str, ptr: &str, doc: Option<String>) -> TypeId {
        let name = self.claim_type_name(hint, word, ptr);
        let kind = TypeKind::Alias(TypeRef::Json);
        self.types.push(TypeDef { name, doc, pointer: ptr.to_owned(), kind, usage: Usage::default(), groups: Vec::new() });
        self.types.len() - 1
    }

    /// The name of an inline type: `hint`, else `hint` and the word for its kind when another
    /// type has the name (a property `phase` of `Message` beside a schema `MessagePhase`), else
    /// a number, reported as a note.
    fn claim_type_name(&mut self, hint: &str, word: &str, ptr: &str) -> String {
        let base = naming::type_name(hint);
        let worded = format!("{base}{word}");
        if !self.type_names.contains(&base) {
            return self.type_names.claim(&base);
        }
        if !base.ends_with(word) && !self.type_names.contains(&worded) {
            return self.type_names.claim(&worded);
        }
        let name = self.type_names.claim(&base);
        self.diags.push(
            Diagnostic::note(ptr, format!("type named `{name}`: `{base}` and `{worded}` are taken"))
                .with_hint(format!("give the schema an `{}`", names::RUST_NAME)),
        );
        name
    }

    /// A ref's named type. A dangling or external ref was reported by `resolve`.
    fn reference(&mut self, r: &SchemaRef) -> TypeRef {
        self.components.get(r.target.as_str()).map_or(TypeRef::Json, |id| TypeRef::Named(*id))
    }

    fn resolve(&self, n: &'a SchemaOrRef) -> Option<&'a Schema> {
        self.doc.resolve(n)
    }

    fn nullable(&self, n: &'a SchemaOrRef) -> bool {
        let annotated = |m: &SchemaOrRef| matches!(m, SchemaOrRef::Inline(i) if i.nullable) && schema::only_annotates(m);
        self.resolve(n).is_some_and(|s| s.nullable || s.all_of.iter().any(annotated))
    }

    /// The doc text of a field or part: a 3.1 `$ref`'s own description, else the schema's.
    fn doc_at(&self, n: &'a SchemaOrRef) -> Option<String> {
        match n {
            SchemaOrRef::Ref(SchemaRef { description: Some(d), .. }) => Some(d.clone()),
            _ => self.resolve(n).and_then(doc_of),
        }
    }
}

/// A schema's doc text: its title, then its description (just the description when it starts
/// with the title).
fn doc_of(s: &Schema) -> Option<String> {
    match (&s.title, &s.description) {
        (Some(t), Some(desc)) if !desc.starts_with(t.as_str()) => Some(format!("{t}\n\n{desc}")),
        (_, Some(desc)) => Some(desc.clone()),
        (Some(t), None) => Some(t.clone()),
        (None, None) => None,
    }
}

/// What the unit tests of the lowering modules share: a spec written as a few lines of YAML,
/// read by the real reader and lowered, and lookups in the result.
#[cfg(test)]
mod test_util {
    use super::*;
    use crate::ir::model::{Field, Operation};

    /// Lowers a whole spec; panics if it does not parse.
    pub fn lower_yaml(text: &str) -> (Api, Vec<Diagnostic>) {
        let spec = crate::parse::parse("t.yaml", text).unwrap_or_else(|d| panic!("the spec does not parse: {d:?}"));
        lower(&spec.document)
    }

    /// Lowers an OpenAPI 3.0.3 spec whose `paths` and `components` are `body` (indented as
    /// the test likes: the common indent is removed).
    pub fn lower30(body: &str) -> (Api, Vec<Diagnostic>) {
        lower_yaml(&format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{}", dedent(body)))
    }

    /// Like [`lower30`], for OpenAPI 3.1.0.
    pub fn lower31(body: &str) -> (Api, Vec<Diagnostic>) {
        lower_yaml(&format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{}", dedent(body)))
    }

    fn dedent(text: &str) -> String {
        let indent = text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
        text.lines().map(|l| l.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n") + "\n"
    }

    /// The named type called `name`.
    pub fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type `{name}` among {names:?}"))
    }

    /// The id of the named type called `name`.
    pub fn id(api: &Api, name: &str) -> TypeId {
        api.types.iter().position(|t| t.name == name).unwrap_or_else(|| panic!("no type `{name}`"))
    }

    /// The fields of the struct called `name`.
    pub fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
        match &named(api, name).kind {
            TypeKind::Struct(s) => &s.fields,
            other => panic!("`{name}` is not a struct: {other:?}"),
        }
    }

    /// The field `field` of the struct called `name`.
    pub fn field<'a>(api: &'a Api, name: &str, field: &str) -> &'a Field {
        fields(api, name).iter().find(|f| f.name == field).unwrap_or_else(|| panic!("`{name}` has no field `{field}`"))
    }

    /// The operation whose Rust method is `method`.
    pub fn op<'a>(api: &'a Api, method: &str) -> &'a Operation {
        api.operations.iter().find(|o| o.method_name == method).unwrap_or_else(|| panic!("no operation `{method}`"))
    }

    /// The messages of the diagnostics.
    pub fn messages(diags: &[Diagnostic]) -> Vec<&str> {
        diags.iter().map(|d| d.message.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{lower30, messages, named};
    use super::*;

    fn server(url: &str, variables: &[(&str, &str)]) -> document::Server {
        document::Server {
            url: url.to_owned(),
            variables: variables.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn server_variables_are_replaced_by_their_defaults_once() {
        assert_eq!(server_url(&server("https://x.test/v1", &[])), "https://x.test/v1");
        assert_eq!(
            server_url(&server("https://{host}:{port}/{base}", &[("host", "api.test"), ("port", "8443"), ("base", "v2")])),
            "https://api.test:8443/v2"
        );
        // A default is inserted as text, never expanded again; an unknown variable stays.
        assert_eq!(server_url(&server("{a}/{zzz}", &[("a", "{b}{b}"), ("b", "x")])), "{b}{b}/{zzz}");
        // An unclosed brace ends the substitution.
        assert_eq!(server_url(&server("{a}/{b", &[("a", "1"), ("b", "2")])), "1/{b");
    }

    #[test]
    fn the_api_carries_info_and_servers() {
        let (api, diags) = lower30(
            "
            servers:
              - url: 'https://{region}.example.test'
                variables: {region: {default: eu}}
            paths: {}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!((api.title.as_str(), api.version.as_str()), ("t", "1"));
        assert_eq!(api.servers, ["https://eu.example.test"]);
        assert!(api.operations.is_empty() && api.types.is_empty() && api.groups.is_empty());
    }

    #[test]
    fn components_may_take_the_names_of_runtime_items() {
        // The `types` module names runtime items by their full path, so Stripe's and OpenAI's
        // `error` schema is `types::Error`.
        let (api, _) = lower30(
            "
            paths: {}
            components:
              schemas:
                Client: {type: object, properties: {id: {type: string}}}
                Error: {type: string, title: Failure, description: What went wrong.}
            ",
        );
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Client", "Error"]);
        assert_eq!(named(&api, "Client").pointer, "/components/schemas/Client");
        // The title and the description both make the doc.
        assert_eq!(named(&api, "Error").doc.as_deref(), Some("Failure\n\nWhat went wrong."));
    }
}
