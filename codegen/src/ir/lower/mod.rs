//! Lowering: the resolved document model → the IR. The emitter sees only the IR, and this is
//! the only reader of [`crate::document`] schemas and operations for code generation.

use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;

use super::model::*;
use crate::diagnostic::{last_token, pointer, Diagnostic};
use crate::document::{
    self, Additional, Document, ParamIn, SchemaOrRef, SchemaRef, SchemeKind, StatusKey, Type,
};
use crate::naming::{self, Scope};

/// Names the generated module defines besides the spec's types.
const RESERVED_TYPE_NAMES: &[&str] = &["Client", "Error", "ClientConfig", "Secret", "FilePart", "ApiError", "RawResponse"];
/// Methods every generated `Client` has.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "with_config",
    "with_http_client",
    "base_url",
    "http_client",
    "core",
    "clone",
    "fmt",
];
/// Names a request builder must not take: it sits in `builder` beside these, and the
/// prelude's names would be shadowed in it.
const RESERVED_BUILDER_NAMES: &[&str] = &[
    "Option", "Result", "Box", "Vec", "String", "Send", "Sync", "Some", "None", "Ok", "Err",
    "Client",
];
/// Names no parameter may take: the builder's own field and methods.
const RESERVED_PARAM_NAMES: &[&str] = &[
    "body",
    "params",
    "self",
    "client",
    "send",
    "send_with_response",
    "into_stream",
    "into_future",
];

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

    fn declare_components(&mut self) {
        let mut lowered_names: HashMap<String, String> = HashMap::new();
        for (target, named) in &self.doc.schemas {
            let key = &named.name;
            let base = naming::type_name(key);
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

    fn lower_components(&mut self) {
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

    fn note_unmapped(&mut self, s: &'a Schema) {
        for k in s.unmapped.keys() {
            let e = self.unmapped.entry(k.clone()).or_insert_with(|| (s.pointer.clone(), HashSet::new()));
            e.1.insert(s.pointer.as_str());
        }
    }

    /// One warning per keyword kind the generated types do not enforce.
    fn report_unmapped(&mut self) {
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
    fn type_ref(&mut self, n: &'a SchemaOrRef, hint: &str, ptr: &str) -> TypeRef {
        match n {
            SchemaOrRef::Ref(r) => self.reference(r),
            SchemaOrRef::Inline(s) => {
                if self.depth > MAX_DEPTH {
                    self.diags.push(Diagnostic::warning(ptr, "schema nesting is too deep; treated as free-form JSON"));
                    return TypeRef::Json;
                }
                self.depth += 1;
                let t = self.inline(s, hint, ptr);
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
            let id = self.reserve_type(hint, ptr, doc_of(s));
            let name = self.types[id].name.clone();
            let kind = self.kind_of(s, &name, ptr);
            self.types[id].kind = kind;
            return TypeRef::Named(id);
        }
        self.inline_as(s, s.types[0], hint, ptr)
    }

    /// The schema read as having the one type `t`.
    fn inline_as(&mut self, s: &'a Schema, t: Type, hint: &str, ptr: &str) -> TypeRef {
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

    /// Schemas that are just another type: a lone `allOf: [$ref]`, or `oneOf` with one member,
    /// or a schema-less `{}`.
    fn transparent(&mut self, s: &'a Schema) -> Option<TypeRef> {
        let lone = |v: &'a [SchemaOrRef]| match v {
            [SchemaOrRef::Ref(r)] => Some(r),
            _ => None,
        };
        let others_empty = |which: usize| {
            [&s.all_of, &s.one_of, &s.any_of].iter().enumerate().all(|(i, v)| i == which || v.is_empty())
        };
        // Only a wrapper that adds nothing but annotations stands for its member.
        let plain = s.has_no_own_shape()
            && s.required.is_empty()
            && s.format.is_none()
            && s.not.is_none()
            && s.minimum.is_none()
            && s.maximum.is_none()
            && s.min_length.is_none()
            && s.max_length.is_none()
            && s.min_items.is_none()
            && s.max_items.is_none()
            && s.pattern.is_none();
        for (i, v) in [&s.all_of, &s.one_of, &s.any_of].into_iter().enumerate() {
            if let Some(r) = lone(v) {
                if others_empty(i) && plain {
                    return Some(self.reference(r));
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

    /// `type: [string, integer]`: an untagged enum with one variant per type.
    fn type_union(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        let mut scope = Scope::default();
        let variants = s
            .types
            .iter()
            .map(|t| {
                let label = naming::camel(t.as_str());
                let ty = self.inline_as(s, *t, &format!("{name}{label}"), ptr);
                UnionVariant { name: scope.claim(&label), ty, boxed: false, tags: Vec::new() }
            })
            .collect();
        TypeKind::Union(UnionDef { variants, discriminator: None })
    }

    /// A string `enum` (or `const`) as an enum type.
    fn string_enum(&mut self, s: &'a Schema) -> Option<TypeKind> {
        let values: Vec<&str> = match &s.constant {
            Some(serde_json::Value::String(c)) if s.enumeration.is_empty() => vec![c.as_str()],
            _ => s.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        };
        if values.is_empty() {
            return None;
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            if seen.insert(v) {
                out.push(EnumValue { name: scope.claim(&naming::camel(v)), wire: v.to_owned() });
            }
        }
        Some(TypeKind::StringEnum(out))
    }

    /// An `enum` without `type` whose values are all strings.
    fn untyped_enum(&mut self, s: &'a Schema) -> Option<TypeKind> {
        let all_strings = s.enumeration.iter().all(serde_json::Value::is_string) || s.constant.as_ref().is_some_and(|c| c.is_string());
        if all_strings && (!s.enumeration.is_empty() || s.constant.is_some()) {
            return self.string_enum(s);
        }
        None
    }

    fn check_int_bounds(&mut self, s: &'a Schema, kind: IntKind) {
        let (lo, hi) = match kind {
            IntKind::I32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
            IntKind::U32 => (0.0, f64::from(u32::MAX)),
            IntKind::I64 => (i64::MIN as f64, i64::MAX as f64),
            IntKind::U64 => (0.0, u64::MAX as f64),
        };
        for (key, b) in [("minimum", s.minimum), ("maximum", s.maximum)] {
            if let Some(b) = b {
                if b.value < lo || b.value > hi {
                    self.diags.push(Diagnostic::warning(
                        pointer(&s.pointer, &[key]),
                        format!("`{key}: {}` is beyond what the Rust integer type holds; the bound is not enforced", b.value),
                    ));
                }
            }
        }
    }

    /// Merges `allOf` members and own properties into one struct.
    fn all_of(&mut self, members: &[&'a SchemaOrRef], own: &'a Schema, name: &str, ptr: &str) -> TypeKind {
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
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, (n, at)) in props {
            let hint = format!("{name}{}", naming::camel(wire));
            let ty = self.type_ref(n, &hint, &at);
            let doc = self.doc_at(n);
            fields.push(Field {
                name: scope.claim(&naming::snake(wire)),
                wire: wire.to_owned(),
                ty,
                required: required.contains(wire),
                nullable: self.nullable(n),
                boxed: false,
                doc,
            });
        }
        let additional = match ap {
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

    fn union(
        &mut self,
        members: &'a [SchemaOrRef],
        discriminator: Option<&'a document::Discriminator>,
        name: &str,
        ptr: &str,
        keyword: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = format!("{ptr}/{keyword}/{i}");
            let label = match m {
                SchemaOrRef::Ref(r) => naming::camel(&last_token(&r.target)),
                SchemaOrRef::Inline(s) => variant_label(s, i),
            };
            let ty = self.type_ref(m, &format!("{name}{label}"), &at);
            let mut tags = Vec::new();
            if let (Some(d), SchemaOrRef::Ref(r)) = (discriminator, m) {
                let explicit: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| mapping_names(target, r))
                    .map(|(k, _)| k.clone())
                    .collect();
                if explicit.is_empty() {
                    tags.push(last_token(&r.target));
                } else {
                    tags = explicit;
                }
            }
            variants.push(UnionVariant { name: scope.claim(&label), ty, boxed: false, tags });
        }
        if variants.is_empty() {
            self.diags.push(Diagnostic::warning(ptr, format!("`{keyword}` has no members; treated as free-form JSON")));
            return TypeKind::Alias(TypeRef::Json);
        }
        let discriminator = discriminator.map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.diags.push(Diagnostic::warning(
                ptr,
                "a discriminated union member is inline, so it has no tag value; decoding tries members in order",
            ));
            return TypeKind::Union(UnionDef { variants, discriminator: None });
        }
        TypeKind::Union(UnionDef { variants, discriminator })
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let mut names = Scope::default();
        for s in &self.doc.security_schemes {
            let placement = match &s.kind {
                SchemeKind::ApiKey { location, name } => match location {
                    ParamIn::Header => Placement::Header(name.clone()),
                    ParamIn::Query => Placement::Query(name.clone()),
                    ParamIn::Cookie => Placement::Cookie(name.clone()),
                    ParamIn::Path => continue,
                },
                SchemeKind::Http(scheme) if scheme == "bearer" => Placement::Bearer,
                SchemeKind::Http(scheme) if scheme == "basic" => Placement::Basic,
                SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => Placement::Bearer,
                SchemeKind::Http(scheme) => {
                    self.diags.push(Diagnostic::warning(
                        s.pointer.clone(),
                        format!("HTTP auth scheme `{scheme}` is not supported; operations that use it are sent without it"),
                    ));
                    continue;
                }
                SchemeKind::MutualTls | SchemeKind::Other(_) => {
                    self.diags.push(Diagnostic::warning(
                        s.pointer.clone(),
                        "this kind of security scheme is not supported; configure it on the HTTP client (`Client::with_http_client`)",
                    ));
                    continue;
                }
            };
            out.push(SecurityScheme { key: s.key.clone(), name: names.claim(&naming::snake(&s.key)), placement, doc: s.description.clone() });
        }
        out
    }

    fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut methods = Scope::with_reserved(RESERVED_METHODS);
        for s in schemes {
            methods.claim(&format!("with_{}", s.name));
            methods.claim(&format!("set_{}", s.name));
        }
        let mut builders = Scope::with_reserved(RESERVED_BUILDER_NAMES);
        let mut out = Vec::new();
        for op in &self.doc.operations {
            let op_ptr = op.pointer.as_str();
            let op_id = match &op.operation_id {
                Some(id) if !id.trim().is_empty() => id.clone(),
                _ => {
                    let derived = derive_operation_id(&op.method, &op.path.raw);
                    self.diags.push(
                        Diagnostic::note(op_ptr, format!("no operationId; the method is named `{}`", naming::snake(&derived)))
                            .with_hint(format!("add `operationId: {derived}` to keep the name stable")),
                    );
                    derived
                }
            };
            let base = naming::snake(&op_id);
            if methods.contains(&base) {
                self.diags.push(Diagnostic::warning(
                    pointer(op_ptr, &["operationId"]),
                    format!("operationId `{op_id}` becomes the method `{base}`, which is already taken; it is renamed"),
                ));
            }
            let method_name = methods.claim(&base);
            let builder = builders.claim(&naming::type_name(&method_name));
            out.push(self.operation(op, op_id, method_name, builder, schemes));
        }
        out
    }

    fn operation(
        &mut self,
        op: &'a document::Operation,
        operation_id: String,
        method_name: String,
        builder: String,
        schemes: &[SecurityScheme],
    ) -> Operation {
        let op_ptr = op.pointer.as_str();
        let path = op.path.raw.as_str();
        let type_base = naming::type_name(&operation_id);
        let mut declared: Vec<&'a document::Parameter> = op.parameters.iter().collect();
        // Path parameters first, in template order.
        let template: Vec<&str> = op.path.names().collect();
        for name in &template {
            if !declared.iter().any(|p| p.location == ParamIn::Path && p.name == *name) {
                self.diags.push(
                    Diagnostic::error(pointer("/paths", &[path]), format!("path parameter `{{{name}}}` is not declared"))
                        .with_hint(format!("add a parameter `{{name: {name}, in: path, required: true, schema: {{type: string}}}}`")),
                );
            }
        }
        declared.sort_by_key(|p| match p.location {
            ParamIn::Path => (0, template.iter().position(|n| *n == p.name).unwrap_or(usize::MAX)),
            _ => (1, 0),
        });
        // Path parameters become locals of the generated method body, so they must not shadow
        // its own locals; the others are fields of the params struct and only avoid each other.
        const LOCALS: &[&str] = &["path", "request", "raw", "query", "cookies", "value"];
        let mut names = Scope::with_reserved(RESERVED_PARAM_NAMES);
        let mut params = Vec::new();
        for p in declared {
            let location = match p.location {
                ParamIn::Path => ParamLocation::Path,
                ParamIn::Query => ParamLocation::Query,
                ParamIn::Header => ParamLocation::Header,
                ParamIn::Cookie => ParamLocation::Cookie,
            };
            if location == ParamLocation::Path && !template.contains(&p.name.as_str()) {
                self.diags.push(
                    Diagnostic::error(p.pointer.clone(), format!("path parameter `{}` does not appear in the path `{path}`", p.name))
                        .with_hint("remove it, or add it to the path template"),
                );
                continue;
            }
            if location == ParamLocation::Header && ["accept", "content-type", "authorization"].contains(&p.name.to_ascii_lowercase().as_str()) {
                // OpenAPI says these are ignored as parameters; the client sets them itself.
                continue;
            }
            let hint = format!("{type_base}{}", naming::camel(&p.name));
            let ty = match &p.schema {
                Some(s) => self.type_ref(s, &hint, &pointer(&p.pointer, &["schema"])),
                None => TypeRef::Json,
            };
            let style = match location {
                ParamLocation::Query => match p.style.as_deref() {
                    Some("spaceDelimited") => QueryStyle::Space,
                    Some("pipeDelimited") => QueryStyle::Pipe,
                    Some("deepObject") => QueryStyle::DeepObject,
                    _ => QueryStyle::Form(p.explode.unwrap_or(true)),
                },
                _ => QueryStyle::Form(p.explode.unwrap_or(false)),
            };
            params.push(Param {
                name: {
                    let base = naming::snake(&p.name);
                    if location == ParamLocation::Path && LOCALS.contains(&base.as_str()) {
                        names.claim(&format!("{base}_param"))
                    } else {
                        names.claim(&base)
                    }
                },
                wire: p.name.clone(),
                location,
                ty,
                required: p.required,
                style,
                doc: p.description.clone(),
            });
        }
        let path_parts = path_parts(&op.path, &params);
        let body = self.request_body(op, &type_base);
        let envelope = self.envelope(op);
        let (success, failure) = self.outcomes(op, &type_base, envelope.as_ref());
        let response_headers = self.response_headers(op, &type_base);
        let pagination = self.pagination(op, &params, &success);
        let requirements = op.security.as_ref().or(self.doc.security.as_ref());
        let mut security = Vec::new();
        for req in requirements.into_iter().flatten() {
            for key in req.keys() {
                match schemes.iter().position(|s| &s.key == key) {
                    Some(i) if !security.contains(&i) => security.push(i),
                    Some(_) => {}
                    // Declared but of a kind the client cannot send: warned about once, above.
                    None if self.doc.security_schemes.iter().any(|s| &s.key == key) => {}
                    None => self.diags.push(Diagnostic::error(
                        pointer(op_ptr, &["security"]),
                        format!("security requirement names `{key}`, which is not in components.securitySchemes"),
                    )),
                }
            }
        }
        Operation {
            method_name,
            operation_id,
            http_method: op.method.to_ascii_uppercase(),
            path: path.to_owned(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            pointer: op_ptr.to_owned(),
            params,
            builder,
            response_headers,
            pagination,
            body,
            success,
            failure,
            security,
            envelope,
            group: None,
            idempotent: idempotent(op),
        }
    }

    fn request_body(&mut self, op: &'a document::Operation, type_base: &str) -> Option<RequestBody> {
        let body = op.request_body.as_ref()?;
        let (media, content) = pick_request_media(&body.content)?;
        let kind = body_kind(media);
        let hint = format!("{type_base}Body");
        let ty = match (kind, &content.schema) {
            (BodyKind::Multipart, Some(s)) => self.multipart(s, &content.encoding, &format!("{type_base}Form"), &content.pointer),
            (BodyKind::Binary, _) => TypeRef::Bytes,
            (BodyKind::Text, _) => TypeRef::String,
            (_, Some(s)) => self.type_ref(s, &hint, &format!("{}/schema", content.pointer)),
            (_, None) => TypeRef::Json,
        };
        Some(RequestBody { media_type: media.to_owned(), kind, ty, required: body.required })
    }

    fn multipart(&mut self, n: &'a SchemaOrRef, encoding: &'a IndexMap<String, Option<String>>, hint: &str, ptr: &str) -> TypeRef {
        let Some(s) = self.resolve(n) else { return TypeRef::Json };
        if !(s.types.is_empty() || s.types == [Type::Object]) {
            self.diags.push(Diagnostic::warning(ptr, "multipart body schema is not an object; sent as one JSON part"));
        }
        let is_binary = |s: Option<&Schema>| s.is_some_and(|s| s.types == [Type::String] && s.format.as_deref() == Some("binary"));
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, pn) in &s.properties {
            let at = pointer(&format!("{ptr}/schema/properties"), &[wire]);
            let resolved = self.resolve(pn);
            let kind = if is_binary(resolved) {
                MultipartKind::File
            } else if resolved.is_some_and(|a| a.types == [Type::Array] && is_binary(a.items.as_ref().and_then(|i| self.resolve(i)))) {
                MultipartKind::Files
            } else {
                MultipartKind::Value(self.type_ref(pn, &format!("{hint}{}", naming::camel(wire)), &at))
            };
            let content_type = encoding.get(wire).cloned().flatten().map(|ct| {
                // `encoding.contentType` may list several types; the first is what we send.
                ct.split(',').next().unwrap_or_default().trim().to_owned()
            });
            fields.push(MultipartField {
                name: scope.claim(&naming::snake(wire)),
                wire: wire.clone(),
                kind,
                required: s.required.contains(wire),
                content_type,
                doc: self.doc_at(pn),
            });
        }
        self.new_type(hint, ptr, None, TypeKind::Multipart(fields))
    }

    fn envelope(&mut self, op: &'a document::Operation) -> Option<Envelope> {
        let (value, at) = match op.extensions.get("x-envelope") {
            Some(v) => (v, pointer(&op.pointer, &["x-envelope"])),
            None => (self.doc.extensions.get("x-envelope")?, "/x-envelope".to_owned()),
        };
        match value {
            serde_json::Value::Bool(false) | serde_json::Value::Null => None,
            serde_json::Value::Object(m) => {
                let field = |k: &str| m.get(k).and_then(|v| v.as_str()).map(str::to_owned);
                for k in m.keys() {
                    if k != "success-field" && k != "payload-field" {
                        self.diags.push(
                            Diagnostic::warning(pointer(&at, &[k]), format!("unknown `x-envelope` key `{k}`"))
                                .with_hint("known keys: `success-field`, `payload-field`"),
                        );
                    }
                }
                Some(Envelope { success_field: field("success-field"), payload_field: field("payload-field") })
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(at, "`x-envelope` must be a mapping or `false`")
                        .with_hint("e.g. `x-envelope: {success-field: ok, payload-field: result}`"),
                );
                None
            }
        }
    }

    fn outcomes(&mut self, op: &'a document::Operation, type_base: &str, envelope: Option<&Envelope>) -> (Outcome, Outcome) {
        // `default` last: the types of the other responses are named first.
        let mut entries: Vec<&'a document::Response> = op.responses.iter().filter(|r| r.status != StatusKey::Default).collect();
        entries.extend(op.responses.iter().filter(|r| r.status == StatusKey::Default));
        let has_success = has_success_status(&op.responses);
        let mut success_arms = Vec::new();
        let mut failure_arms = Vec::new();
        for resp in entries {
            let m = status_match(resp.status);
            let success = counts_as_success(m, has_success);
            let word = status_word(m);
            let hint = if success { format!("{type_base}{word}") } else { format!("{type_base}{word}Error") };
            let payload = self.payload(&resp.content, &hint);
            let extract = match (&payload, envelope.and_then(|e| e.payload_field.as_ref())) {
                (Some(Payload::Json(t)), Some(field)) if success => self.extract(t, field, &resp.pointer),
                _ => None,
            };
            let doc = Some(resp.description.clone()).filter(|d| !d.is_empty());
            let arm = Arm { status: m, variant: word, payload, doc, extract };
            if success {
                success_arms.push(arm);
            } else {
                failure_arms.push(arm);
            }
        }
        let success = self.outcome(success_arms, &format!("{type_base}Response"), true);
        let failure = self.outcome(failure_arms, &format!("{type_base}Error"), false);
        (success, failure)
    }

    fn extract(&mut self, t: &TypeRef, field: &str, at: &str) -> Option<Extract> {
        let mut t = t.clone();
        for _ in 0..16 {
            match t {
                TypeRef::Named(id) => match &self.types[id].kind {
                    TypeKind::Alias(inner) => t = inner.clone(),
                    TypeKind::Struct(s) => {
                        let found = s.fields.iter().find(|f| f.wire == field);
                        return match found {
                            Some(f) => Some(Extract { field: f.name.clone(), ty: f.ty.clone(), optional: f.optional() }),
                            None => {
                                self.diags.push(Diagnostic::warning(
                                    at,
                                    format!("x-envelope payload field `{field}` is not in this response's schema; the whole body is returned"),
                                ));
                                None
                            }
                        };
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    fn outcome(&mut self, mut arms: Vec<Arm>, enum_name: &str, success: bool) -> Outcome {
        arms.sort_by_key(|a| a.status);
        let mut scope = Scope::default();
        for a in &mut arms {
            a.variant = scope.claim(&a.variant);
        }
        let visible: Vec<Option<Payload>> = arms.iter().map(caller_payload).collect();
        let shape = if arms.is_empty() {
            if success { OutcomeShape::Single(None) } else { OutcomeShape::Nothing }
        } else if visible.windows(2).all(|w| w[0] == w[1]) {
            OutcomeShape::Single(visible[0].clone())
        } else {
            OutcomeShape::Enum(self.type_names.claim(enum_name))
        };
        Outcome { shape, arms }
    }

    fn payload(&mut self, content: &'a IndexMap<String, document::MediaType>, hint: &str) -> Option<Payload> {
        let mut alternatives = Vec::new();
        let mut seen = BTreeSet::new();
        for (media, mt) in content {
            if is_event_stream(media) {
                let data = self.event_data_type(mt, hint);
                if seen.insert(media.to_ascii_lowercase()) {
                    alternatives.push((media.clone(), Payload::EventStream(data)));
                }
                continue;
            }
            let p = match body_kind(media) {
                BodyKind::Json | BodyKind::Form => {
                    let ptr = format!("{}/schema", mt.pointer);
                    Payload::Json(match &mt.schema {
                        // A nullable body (`null` on the wire) decodes into an `Option`.
                        Some(s) if self.nullable(s) => TypeRef::Nullable(Box::new(self.type_ref(s, hint, &ptr))),
                        Some(s) => self.type_ref(s, hint, &ptr),
                        None => TypeRef::Json,
                    })
                }
                BodyKind::Text => Payload::Text,
                BodyKind::Binary | BodyKind::Multipart => Payload::Binary,
            };
            if seen.insert(media.to_ascii_lowercase()) {
                alternatives.push((media.clone(), p));
            }
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop().map(|(_, p)| p),
            _ => {
                let mut scope = Scope::default();
                let variants = alternatives
                    .into_iter()
                    .map(|(m, p)| (scope.claim(&naming::camel(&m)), m.to_ascii_lowercase(), Box::new(p)))
                    .collect();
                let name = self.type_names.claim(&format!("{hint}Body"));
                Some(Payload::ByMediaType(name, variants))
            }
        }
    }

    /// The type of an event's `data`: 3.2's `itemSchema` describes one event (its `data`
    /// property, or the item itself when it has none); earlier specs put the data's schema in
    /// `schema`.
    fn event_data_type(&mut self, mt: &'a document::MediaType, hint: &str) -> TypeRef {
        let hint = format!("{hint}Event");
        if let Some(item) = &mt.item_schema {
            let ptr = format!("{}/itemSchema", mt.pointer);
            return match self.resolve(item).and_then(|s| s.properties.get("data")) {
                Some(d) => self.type_ref(d, &hint, &format!("{ptr}/properties/data")),
                None => self.type_ref(item, &hint, &ptr),
            };
        }
        match &mt.schema {
            Some(s) => self.type_ref(s, &hint, &format!("{}/schema", mt.pointer)),
            None => TypeRef::Json,
        }
    }

    /// The headers the success responses declare (`Content-Type` aside, which OpenAPI says is
    /// ignored there), as one struct per operation.
    fn response_headers(
        &mut self,
        op: &'a document::Operation,
        type_base: &str,
    ) -> Option<ResponseHeaders> {
        let has_success = has_success_status(&op.responses);
        let mut names = Scope::default();
        let mut seen = BTreeSet::new();
        let mut headers = Vec::new();
        for r in &op.responses {
            if !counts_as_success(status_match(r.status), has_success) {
                continue;
            }
            for (wire, h) in &r.headers {
                if wire.eq_ignore_ascii_case("content-type")
                    || !seen.insert(wire.to_ascii_lowercase())
                {
                    continue;
                }
                let hint = format!("{type_base}{}Header", naming::camel(wire));
                let ty = match &h.schema {
                    Some(s) => self.type_ref(s, &hint, &format!("{}/schema", h.pointer)),
                    None => TypeRef::String,
                };
                let ty = match ty {
                    TypeRef::Named(id)
                        if !matches!(
                            self.types[id].kind,
                            TypeKind::StringEnum(_) | TypeKind::IntEnum(_)
                        ) =>
                    {
                        TypeRef::String
                    }
                    TypeRef::Array(_)
                    | TypeRef::Map(_)
                    | TypeRef::Json
                    | TypeRef::Tuple(_)
                    | TypeRef::Nullable(_)
                    | TypeRef::Secret => TypeRef::String,
                    t => t,
                };
                headers.push(ResponseHeader {
                    name: names.claim(&naming::snake(wire)),
                    wire: wire.clone(),
                    ty,
                    doc: h.description.clone(),
                });
            }
        }
        if headers.is_empty() {
            return None;
        }
        Some(ResponseHeaders {
            name: self.type_names.claim(&format!("{type_base}Headers")),
            headers,
        })
    }

    /// `x-pagination: {take: NAME, skip: NAME, items: FIELD, total: FIELD}` (wire names): the
    /// parameters that size and offset a page, and where the page's items and the total are in
    /// the success value (without `items`, the value is the list).
    fn pagination(
        &mut self,
        op: &'a document::Operation,
        params: &[Param],
        success: &Outcome,
    ) -> Option<Pagination> {
        let spec = op.extensions.get("x-pagination")?;
        let at = pointer(&op.pointer, &["x-pagination"]);
        let text = |key: &str| spec.get(key).and_then(|v| v.as_str());
        let param = |key: &str| {
            let wire = text(key)?;
            params.iter().position(|p| {
                p.wire == wire
                    && p.location == ParamLocation::Query
                    && !p.required
                    && matches!(p.ty, TypeRef::Int(_))
            })
        };
        let (Some(take), Some(skip)) = (param("take"), param("skip")) else {
            self.diags.push(Diagnostic::warning(
                at,
                "x-pagination needs `take` and `skip` naming optional integer query parameters of the operation; no stream is generated",
            ));
            return None;
        };
        let value = match &success.shape {
            OutcomeShape::Single(Some(Payload::Json(t))) => t.clone(),
            _ => {
                self.diags.push(Diagnostic::warning(
                    at,
                    "x-pagination needs one JSON success body; no stream is generated",
                ));
                return None;
            }
        };
        let value = match success.arms.first().and_then(|a| a.extract.as_ref()) {
            Some(e) => e.ty.clone(),
            None => value,
        };
        let fields = |t: &TypeRef| match t {
            TypeRef::Named(id) => match &self.types[*id].kind {
                TypeKind::Struct(s) => Some(s.fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let field = |key: &str| {
            let wire = text(key)?;
            let f = fields(&value)?.into_iter().find(|f| f.wire == wire)?;
            Some((
                PageField {
                    name: f.name.clone(),
                    optional: f.optional(),
                },
                f.ty,
            ))
        };
        let (items, item) = match (text("items"), &value) {
            (None, TypeRef::Array(item)) => (None, item.as_ref().clone()),
            (Some(_), _) => match field("items") {
                Some((f, TypeRef::Array(item))) => (Some(f), *item),
                _ => {
                    self.diags.push(Diagnostic::warning(at, "x-pagination `items` is not an array field of the success body; no stream is generated"));
                    return None;
                }
            },
            (None, _) => {
                self.diags.push(Diagnostic::warning(at, "the success body is not a list: x-pagination needs `items`, the field that holds the page; no stream is generated"));
                return None;
            }
        };
        let total = match text("total") {
            Some(_) => match field("total") {
                Some((f, TypeRef::Int(_))) => Some(f),
                _ => {
                    self.diags.push(Diagnostic::warning(at.clone(), "x-pagination `total` is not an integer field of the success body; it is ignored"));
                    None
                }
            },
            None => None,
        };
        let take_schema = op
            .parameters
            .iter()
            .find(|p| p.name == params[take].wire)
            .and_then(|p| p.schema.as_ref())
            .and_then(|s| self.resolve(s));
        let max = take_schema
            .and_then(|s| s.maximum.as_ref())
            .map(|b| b.value)
            .filter(|v| *v >= 1.0);
        let default = take_schema
            .and_then(|s| s.default.as_ref())
            .and_then(|d| d.as_f64())
            .filter(|v| *v >= 1.0);
        let size = default
            .or(max)
            .unwrap_or(100.0)
            .min(max.unwrap_or(f64::MAX))
            .min(f64::from(u32::MAX));
        let max_page_size = max.map(|m| m.min(f64::from(u32::MAX)) as u32);
        Some(Pagination {
            take,
            skip,
            items,
            total,
            item,
            page_size: size as u32,
            max_page_size,
        })
    }

    /// Boxes fields and variants whose type contains the type they sit in.
    fn mark_boxes(&mut self) {
        let n = self.types.len();
        let edges: Vec<Vec<TypeId>> = self.types.iter().map(|t| direct_children(&t.kind)).collect();
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut seen = vec![false; n];
            let mut stack = vec![from];
            while let Some(x) = stack.pop() {
                if x == to {
                    return true;
                }
                if std::mem::replace(&mut seen[x], true) {
                    continue;
                }
                stack.extend(edges[x].iter().copied());
            }
            false
        };
        let mut updates: Vec<(TypeId, usize)> = Vec::new();
        for (id, t) in self.types.iter().enumerate() {
            match &t.kind {
                TypeKind::Struct(s) => {
                    for (i, f) in s.fields.iter().enumerate() {
                        if let Some(child) = direct_named(&f.ty) {
                            if reaches(child, id) {
                                updates.push((id, i));
                            }
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for (i, v) in u.variants.iter().enumerate() {
                        if let Some(child) = direct_named(&v.ty) {
                            if reaches(child, id) {
                                updates.push((id, i));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (id, i) in updates {
            match &mut self.types[id].kind {
                TypeKind::Struct(s) => s.fields[i].boxed = true,
                TypeKind::Union(u) => u.variants[i].boxed = true,
                _ => {}
            }
        }
    }

    /// Aliases that lead back to themselves have no concrete type at all.
    fn check_alias_cycles(&mut self) {
        for id in 0..self.types.len() {
            let mut current = id;
            let mut steps = 0;
            while let TypeKind::Alias(TypeRef::Named(next)) = &self.types[current].kind {
                current = *next;
                steps += 1;
                if current == id || steps > self.types.len() {
                    let ptr = self.types[id].pointer.clone();
                    self.diags.push(
                        Diagnostic::error(ptr, format!("`$ref` cycle: `{}` refers back to itself with no concrete type", self.types[id].name))
                            .with_hint("give one schema in the cycle a real type (an object, array or scalar)"),
                    );
                    self.types[id].kind = TypeKind::Alias(TypeRef::Json);
                    break;
                }
            }
        }
    }
}

/// Named types a type holds by value (not behind a `Vec` or map, which already allocate).
fn direct_children(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_named(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct_named(&v.ty)).collect(),
        TypeKind::Alias(t) => direct_named(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn direct_named(t: &TypeRef) -> Option<TypeId> {
    match t {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct_named(inner),
        _ => None,
    }
}

fn caller_payload(a: &Arm) -> Option<Payload> {
    match &a.extract {
        Some(e) => Some(Payload::Json(if e.optional { TypeRef::Nullable(Box::new(e.ty.clone())) } else { e.ty.clone() })),
        None => a.payload.clone(),
    }
}

fn status_match(key: StatusKey) -> StatusMatch {
    match key {
        StatusKey::Code(c) => StatusMatch::Code(c),
        StatusKey::Range(d) => StatusMatch::Range(d),
        StatusKey::Default => StatusMatch::Default,
    }
}

/// Whether some response has a 2xx status (else `default` is the success).
fn has_success_status(responses: &[document::Response]) -> bool {
    responses.iter().any(|r| is_success(status_match(r.status)))
}

/// Whether a response is a success of its operation: a 2xx, or `default` when there is none.
fn counts_as_success(m: StatusMatch, has_success: bool) -> bool {
    is_success(m) || (m == StatusMatch::Default && !has_success)
}

fn is_success(m: StatusMatch) -> bool {
    match m {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

fn status_word(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => match c {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            409 => "Conflict".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            503 => "ServiceUnavailable".into(),
            c => format!("Status{c}"),
        },
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn path_parts(path: &document::PathTemplate, params: &[Param]) -> Vec<PathPart> {
    path.segments
        .iter()
        .map(|s| match s {
            document::PathSegment::Literal(l) => PathPart::Literal(l.clone()),
            document::PathSegment::Param(name) => match params.iter().position(|p| p.location == ParamLocation::Path && &p.wire == name) {
                Some(i) => PathPart::Param(i),
                None => PathPart::Literal(format!("{{{name}}}")),
            },
        })
        .collect()
}

fn doc_of(s: &Schema) -> Option<String> {
    match (&s.title, &s.description) {
        (Some(t), Some(desc)) if !desc.starts_with(t.as_str()) => Some(format!("{t}\n\n{desc}")),
        (_, Some(desc)) => Some(desc.clone()),
        (Some(t), None) => Some(t.clone()),
        (None, None) => None,
    }
}

fn string_format(f: Option<&str>) -> TypeRef {
    match f {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("binary") => TypeRef::Bytes,
        Some("password") => TypeRef::Secret,
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn int_kind(f: Option<&str>) -> IntKind {
    match f {
        Some("int32") => IntKind::I32,
        Some("uint32") => IntKind::U32,
        Some("uint64") => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// The integer values of `enum` (or `const`).
fn int_values(s: &Schema) -> Vec<i64> {
    match &s.constant {
        Some(c) if s.enumeration.is_empty() => c.as_i64().into_iter().collect(),
        _ => s.enumeration.iter().filter_map(serde_json::Value::as_i64).collect(),
    }
}

/// Whether a discriminator `mapping` value (a ref, or a bare schema name) names `r`'s target.
fn mapping_names(value: &str, r: &SchemaRef) -> bool {
    value == r.text
        || crate::diagnostic::ref_pointer(value).is_some_and(|p| p == r.target)
        || pointer("/components/schemas", &[value]) == r.target
}

fn variant_label(s: &Schema, i: usize) -> String {
    match s.single_type() {
        Some(Type::String) if s.enumeration.is_empty() && s.constant.is_none() => "String".into(),
        Some(Type::Integer) => "Integer".into(),
        Some(Type::Number) => "Number".into(),
        Some(Type::Boolean) => "Boolean".into(),
        Some(Type::Array) => "Array".into(),
        _ => s.title.as_deref().map(naming::camel).unwrap_or_else(|| format!("Variant{i}")),
    }
}

fn pick_request_media(content: &IndexMap<String, document::MediaType>) -> Option<(&str, &document::MediaType)> {
    let rank = |m: &str| match body_kind(m) {
        BodyKind::Json => 0,
        BodyKind::Multipart => 1,
        BodyKind::Form => 2,
        BodyKind::Text => 3,
        BodyKind::Binary => 4,
    };
    content.iter().min_by_key(|(m, _)| rank(m)).map(|(m, t)| (m.as_str(), t))
}

fn derive_operation_id(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_owned())
        .collect();
    format!("{method} {}", words.join(" "))
}

fn int_enum(values: &[i64]) -> TypeKind {
    let mut seen = BTreeSet::new();
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let out = values
        .iter()
        .filter(|v| seen.insert(**v))
        .map(|v| EnumValue { name: scope.claim(&naming::camel(&v.to_string())), wire: *v })
        .collect();
    TypeKind::IntEnum(out)
}

/// A media type without parameters, lower-cased (`Text/Plain; charset=utf-8` → `text/plain`).
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn is_event_stream(media: &str) -> bool {
    essence(media) == "text/event-stream"
}

fn body_kind(media: &str) -> BodyKind {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") {
        BodyKind::Json
    } else if m == "multipart/form-data" || m.starts_with("multipart/") {
        BodyKind::Multipart
    } else if m == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if m.starts_with("text/") {
        BodyKind::Text
    } else if m.contains("json") {
        BodyKind::Json
    } else {
        BodyKind::Binary
    }
}

/// Whether an operation may be retried: `x-idempotent` if it is a boolean, else by its method
/// (RFC 9110 §9.2.2; `QUERY` as OpenAPI 3.2 defines it).
fn idempotent(op: &document::Operation) -> bool {
    match op.extensions.get("x-idempotent").and_then(serde_json::Value::as_bool) {
        Some(flag) => flag,
        None => matches!(op.method.to_ascii_uppercase().as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE" | "QUERY"),
    }
}
