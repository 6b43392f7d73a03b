//! Lowering: openapiv3 structures → the IR. This is the only place that reads openapiv3 types
//! for schemas and operations; the emitter sees only the IR.

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter, ParameterSchemaOrContent,
    ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::model::*;
use crate::diagnostic::{pointer, Diagnostic};
use crate::naming::{self, Scope};

/// Names the generated module defines besides the spec's types.
const RESERVED_TYPE_NAMES: &[&str] = &["Client", "Error", "ClientConfig", "Secret", "FilePart", "ApiError", "RawResponse"];
/// Methods every generated `Client` has.
const RESERVED_METHODS: &[&str] = &["new", "with_config", "with_http_client", "base_url", "http_client", "core", "clone", "fmt"];

/// Builds the IR. Diagnostics that are errors mean the API cannot be emitted.
pub fn lower(spec: &OpenAPI) -> (Api, Vec<Diagnostic>) {
    let mut cx = Lowering::new(spec);
    cx.declare_components();
    cx.lower_components();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.mark_boxes();
    cx.check_alias_cycles();
    let servers = spec.servers.iter().map(server_url).collect();
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers,
        types: cx.types,
        operations,
        security_schemes,
    };
    super::reach::mark_usage(&mut api);
    (api, cx.diags)
}

/// The URL with each `{variable}` replaced by its default, in one pass over the template: a
/// default is inserted as text and never expanded again (re-expanding grows exponentially with
/// defaults like `a: "{b}{b}"`, `b: "{c}{c}"`, …).
fn server_url(s: &openapiv3::Server) -> String {
    let Some(vars) = &s.variables else { return s.url.clone() };
    let mut url = String::with_capacity(s.url.len());
    let mut rest = s.url.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        url.push_str(&rest[..start]);
        match vars.get(&rest[start + 1..start + len]) {
            Some(v) => url.push_str(&v.default),
            None => url.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    url.push_str(rest);
    url
}

/// A schema seen through a reference or directly.
#[derive(Clone, Copy)]
enum Node<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

fn node(r: &ReferenceOr<Schema>) -> Node<'_> {
    match r {
        ReferenceOr::Reference { reference } => Node::Ref(reference),
        ReferenceOr::Item(s) => Node::Inline(s),
    }
}

fn node_boxed(r: &ReferenceOr<Box<Schema>>) -> Node<'_> {
    match r {
        ReferenceOr::Reference { reference } => Node::Ref(reference),
        ReferenceOr::Item(s) => Node::Inline(s),
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

struct Lowering<'a> {
    spec: &'a OpenAPI,
    types: Vec<TypeDef>,
    type_names: Scope,
    components: HashMap<&'a str, TypeId>,
    diags: Vec<Diagnostic>,
    depth: usize,
}

// Deeper nesting than this is treated as free-form JSON, so no input can exhaust the stack.
const MAX_DEPTH: usize = 64;

impl<'a> Lowering<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        Lowering {
            spec,
            types: Vec::new(),
            type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            components: HashMap::new(),
            diags: Vec::new(),
            depth: 0,
        }
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn declare_components(&mut self) {
        let mut lowered_names: HashMap<String, String> = HashMap::new();
        for (key, _) in self.component_schemas() {
            let base = naming::type_name(key);
            if let Some(other) = lowered_names.get(&base) {
                self.diags.push(
                    Diagnostic::warning(
                        pointer("/components/schemas", &[key]),
                        format!("schemas `{other}` and `{key}` both become the Rust type `{base}`; this one is renamed"),
                    )
                    .with_hint("rename one of the schemas so the generated names stay stable"),
                );
            }
            lowered_names.entry(base.clone()).or_insert_with(|| key.clone());
            let name = self.type_names.claim(&base);
            let id = self.types.len();
            self.types.push(TypeDef {
                name,
                doc: None,
                pointer: pointer("/components/schemas", &[key]),
                kind: TypeKind::Alias(TypeRef::Json),
                usage: Usage::default(),
            });
            self.components.insert(key.as_str(), id);
        }
    }

    fn lower_components(&mut self) {
        let items: Vec<_> = self.component_schemas().collect();
        for (key, schema) in items {
            let id = self.components[key.as_str()];
            let ptr = pointer("/components/schemas", &[key]);
            let name = self.types[id].name.clone();
            let (kind, doc) = match schema {
                ReferenceOr::Reference { reference } => (TypeKind::Alias(self.reference(reference, &ptr)), None),
                ReferenceOr::Item(s) => (self.kind_of(s, &name, &ptr), doc_of(s)),
            };
            self.types[id].kind = kind;
            self.types[id].doc = doc;
        }
    }

    fn new_type(&mut self, hint: &str, ptr: &str, doc: Option<String>, kind: TypeKind) -> TypeRef {
        let name = self.type_names.claim(&naming::type_name(hint));
        self.types.push(TypeDef { name, doc, pointer: ptr.to_owned(), kind, usage: Usage::default() });
        TypeRef::Named(self.types.len() - 1)
    }

    /// A reserved slot for a type whose body refers to itself while being lowered.
    fn reserve_type(&mut self, hint: &str, ptr: &str, doc: Option<String>) -> TypeId {
        match self.new_type(hint, ptr, doc, TypeKind::Alias(TypeRef::Json)) {
            TypeRef::Named(id) => id,
            _ => unreachable!("new_type always returns a named type"),
        }
    }

    fn reference(&mut self, reference: &str, ptr: &str) -> TypeRef {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            // A ref that names no schema, or points outside the file, was reported by `resolve`.
            Some(name) => self.components.get(unescape(name).as_str()).map_or(TypeRef::Json, |id| TypeRef::Named(*id)),
            None => {
                if reference.starts_with('#') {
                    self.diags.push(
                        Diagnostic::error(ptr, format!("schema `$ref: {reference}` must point into `#/components/schemas/`"))
                            .with_hint("move the schema into components.schemas and refer to it there"),
                    );
                }
                TypeRef::Json
            }
        }
    }

    fn resolve(&self, n: Node<'a>) -> Option<&'a Schema> {
        let mut current = n;
        for _ in 0..32 {
            match current {
                Node::Inline(s) => return Some(s),
                Node::Ref(r) => {
                    let name = unescape(r.strip_prefix(SCHEMA_PREFIX)?);
                    let (_, next) = self.spec.components.as_ref()?.schemas.get_key_value(name.as_str())?;
                    current = node(next);
                }
            }
        }
        None
    }

    fn nullable(&self, n: Node<'a>) -> bool {
        self.resolve(n).is_some_and(|s| s.schema_data.nullable)
    }

    /// The type of a schema used somewhere (field, item, body…); inline shapes get named types.
    fn type_ref(&mut self, n: Node<'a>, hint: &str, ptr: &str) -> TypeRef {
        match n {
            Node::Ref(r) => self.reference(r, ptr),
            Node::Inline(s) => {
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
        match &s.schema_kind {
            SchemaKind::Type(t) => match t {
                Type::String(st) => {
                    let values: Vec<&String> = st.enumeration.iter().flatten().collect();
                    if !values.is_empty() {
                        let kind = self.string_enum(values);
                        return self.new_type(hint, ptr, doc_of(s), kind);
                    }
                    string_format(&st.format)
                }
                Type::Integer(it) => {
                    let values: Vec<i64> = it.enumeration.iter().flatten().copied().collect();
                    if !values.is_empty() {
                        let kind = int_enum(&values);
                        return self.new_type(hint, ptr, doc_of(s), kind);
                    }
                    TypeRef::Int(int_kind(&it.format, it.minimum))
                }
                Type::Number(nt) => match nt.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Float(32),
                    _ => TypeRef::Float(64),
                },
                Type::Boolean(_) => TypeRef::Bool,
                Type::Array(at) => self.array(at.items.as_ref(), hint, ptr),
                Type::Object(ot) => {
                    if ot.properties.is_empty() {
                        return self.map_of(ot.additional_properties.as_ref(), hint, ptr);
                    }
                    let kind = self.object_kind(&ot.properties, &ot.required, ot.additional_properties.as_ref(), hint, ptr);
                    self.new_type(hint, ptr, doc_of(s), kind)
                }
            },
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Any(_) => {
                if let Some(t) = self.transparent(s, ptr) {
                    return t;
                }
                let id = self.reserve_type(hint, ptr, doc_of(s));
                let name = self.types[id].name.clone();
                let kind = self.kind_of(s, &name, ptr);
                self.types[id].kind = kind;
                TypeRef::Named(id)
            }
            SchemaKind::Not { .. } => TypeRef::Json,
        }
    }

    /// Schemas that are just another type: a lone `allOf: [$ref]`, or `oneOf` with one member,
    /// or a schema-less `{}`.
    fn transparent(&mut self, s: &'a Schema, ptr: &str) -> Option<TypeRef> {
        match &s.schema_kind {
            SchemaKind::AllOf { all_of: v } | SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v }
                if v.len() == 1 =>
            {
                if let ReferenceOr::Reference { reference } = &v[0] {
                    return Some(self.reference(reference, &format!("{ptr}/0")));
                }
                None
            }
            SchemaKind::Any(a)
                if a.typ.is_none()
                    && a.properties.is_empty()
                    && a.items.is_none()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.enumeration.is_empty()
                    && a.additional_properties.is_none() =>
            {
                Some(TypeRef::Json)
            }
            _ => None,
        }
    }

    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, hint: &str, ptr: &str) -> TypeRef {
        match items {
            None => TypeRef::Array(Box::new(TypeRef::Json)),
            Some(items) => {
                let n = node_boxed(items);
                let inner = self.type_ref(n, &format!("{hint}Item"), &format!("{ptr}/items"));
                let inner = if self.nullable(n) { TypeRef::Nullable(Box::new(inner)) } else { inner };
                TypeRef::Array(Box::new(inner))
            }
        }
    }

    fn map_of(&mut self, ap: Option<&'a AdditionalProperties>, hint: &str, ptr: &str) -> TypeRef {
        match ap {
            Some(AdditionalProperties::Schema(s)) => {
                let n = node(s);
                let inner = self.type_ref(n, &format!("{hint}Value"), &format!("{ptr}/additionalProperties"));
                let inner = if self.nullable(n) { TypeRef::Nullable(Box::new(inner)) } else { inner };
                TypeRef::Map(Box::new(inner))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// The kind of a named type (a component, or an inline schema that needs a name).
    fn kind_of(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeKind {
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(ot)) if !ot.properties.is_empty() => {
                self.object_kind(&ot.properties, &ot.required, ot.additional_properties.as_ref(), name, ptr)
            }
            SchemaKind::Type(Type::String(st)) if st.enumeration.iter().flatten().next().is_some() => {
                self.string_enum(st.enumeration.iter().flatten().collect())
            }
            SchemaKind::Type(Type::Integer(it)) if it.enumeration.iter().flatten().next().is_some() => {
                int_enum(&it.enumeration.iter().flatten().copied().collect::<Vec<_>>())
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of.iter().map(node).collect(), &[], &[], None, name, ptr),
            SchemaKind::OneOf { one_of } => self.union(one_of, s.schema_data.discriminator.as_ref(), name, ptr, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.union(any_of, s.schema_data.discriminator.as_ref(), name, ptr, "anyOf"),
            SchemaKind::Any(a) => {
                if !a.all_of.is_empty() || !a.properties.is_empty() {
                    let own: Vec<_> = a.properties.iter().collect();
                    return self.all_of(a.all_of.iter().map(node).collect(), &own, &a.required, a.additional_properties.as_ref(), name, ptr);
                }
                if !a.one_of.is_empty() {
                    return self.union(&a.one_of, s.schema_data.discriminator.as_ref(), name, ptr, "oneOf");
                }
                if !a.any_of.is_empty() {
                    return self.union(&a.any_of, s.schema_data.discriminator.as_ref(), name, ptr, "anyOf");
                }
                if let Some(items) = &a.items {
                    return TypeKind::Alias(self.array(Some(items), name, ptr));
                }
                if let Some(t) = &a.typ {
                    if !matches!(t.as_str(), "object" | "array" | "string" | "integer" | "number" | "boolean") {
                        self.diags.push(unknown_type(ptr, t));
                    }
                }
                match a.typ.as_deref() {
                    Some("string") => TypeKind::Alias(TypeRef::String),
                    Some("integer") => TypeKind::Alias(TypeRef::Int(IntKind::I64)),
                    Some("number") => TypeKind::Alias(TypeRef::Float(64)),
                    Some("boolean") => TypeKind::Alias(TypeRef::Bool),
                    _ => TypeKind::Alias(self.map_or_json(a.additional_properties.as_ref(), name, ptr, a.typ.as_deref())),
                }
            }
            _ => {
                let t = self.inline_unnamed(s, name, ptr);
                TypeKind::Alias(t)
            }
        }
    }

    fn map_or_json(&mut self, ap: Option<&'a AdditionalProperties>, name: &str, ptr: &str, typ: Option<&str>) -> TypeRef {
        if ap.is_some() || typ == Some("object") {
            self.map_of(ap, name, ptr)
        } else {
            TypeRef::Json
        }
    }

    /// A component that is a plain type (`type: string`, an array, a map…) becomes an alias;
    /// its item types are named after it.
    fn inline_unnamed(&mut self, s: &'a Schema, name: &str, ptr: &str) -> TypeRef {
        self.inline(s, name, ptr)
    }

    fn string_enum(&mut self, values: Vec<&String>) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            if seen.insert(v.clone()) {
                out.push(EnumValue { name: scope.claim(&naming::camel(v)), wire: v.clone() });
            }
        }
        TypeKind::StringEnum(out)
    }

    fn object_kind(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ap: Option<&'a AdditionalProperties>,
        name: &str,
        ptr: &str,
    ) -> TypeKind {
        let props: Vec<_> = properties.iter().collect();
        self.all_of(Vec::new(), &props, required, ap, name, ptr)
    }

    /// Merges `allOf` members and own properties into one struct.
    fn all_of(
        &mut self,
        members: Vec<Node<'a>>,
        own: &[(&'a String, &'a ReferenceOr<Box<Schema>>)],
        own_required: &[String],
        own_ap: Option<&'a AdditionalProperties>,
        name: &str,
        ptr: &str,
    ) -> TypeKind {
        let mut props: IndexMap<&'a str, (Node<'a>, String)> = IndexMap::new();
        let mut required: BTreeSet<String> = own_required.iter().cloned().collect();
        let mut ap = own_ap;
        let mut stack: Vec<(Node<'a>, String)> =
            members.into_iter().enumerate().rev().map(|(i, n)| (n, format!("{ptr}/allOf/{i}"))).collect();
        let mut visited = 0usize;
        while let Some((n, at)) = stack.pop() {
            visited += 1;
            if visited > 256 {
                self.diags.push(Diagnostic::error(ptr, "`allOf` nesting is too deep or cyclic"));
                break;
            }
            let Some(s) = self.resolve(n) else {
                if let Node::Ref(r) = n {
                    self.reference(r, &at);
                }
                continue;
            };
            let base = match n {
                Node::Ref(r) => ref_pointer(r),
                Node::Inline(_) => at.clone(),
            };
            match &s.schema_kind {
                SchemaKind::Type(Type::Object(ot)) => {
                    for (k, v) in &ot.properties {
                        props.insert(k, (node_boxed(v), pointer(&format!("{base}/properties"), &[k])));
                    }
                    required.extend(ot.required.iter().cloned());
                    if ot.additional_properties.is_some() {
                        ap = ot.additional_properties.as_ref().or(ap);
                    }
                }
                SchemaKind::AllOf { all_of } => {
                    for (i, m) in all_of.iter().enumerate().rev() {
                        stack.push((node(m), format!("{base}/allOf/{i}")));
                    }
                }
                SchemaKind::Any(a) => {
                    for (k, v) in &a.properties {
                        props.insert(k, (node_boxed(v), pointer(&format!("{base}/properties"), &[k])));
                    }
                    required.extend(a.required.iter().cloned());
                    for (i, m) in a.all_of.iter().enumerate().rev() {
                        stack.push((node(m), format!("{base}/allOf/{i}")));
                    }
                }
                _ => {
                    self.diags.push(Diagnostic::warning(
                        at.clone(),
                        "this `allOf` member is not an object schema; its constraints are not reflected in the generated type",
                    ));
                }
            }
        }
        for (k, v) in own {
            props.insert(k.as_str(), (node_boxed(v), pointer(&format!("{ptr}/properties"), &[k])));
        }
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, (n, at)) in props {
            let hint = format!("{name}{}", naming::camel(wire));
            let ty = self.type_ref(n, &hint, &at);
            let doc = self.resolve(n).and_then(doc_of);
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
            Some(AdditionalProperties::Any(true)) if !fields.is_empty() => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(s)) if !fields.is_empty() => {
                Some(self.type_ref(node(s), &format!("{name}Extra"), &format!("{ptr}/additionalProperties")))
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
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        name: &str,
        ptr: &str,
        keyword: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = format!("{ptr}/{keyword}/{i}");
            let n = node(m);
            let label = match n {
                Node::Ref(r) => naming::camel(&unescape(r.rsplit('/').next().unwrap_or("Variant"))),
                Node::Inline(s) => variant_label(s, i),
            };
            let ty = self.type_ref(n, &format!("{name}{label}"), &at);
            let mut tags = Vec::new();
            if let (Some(d), Node::Ref(r)) = (discriminator, n) {
                let explicit: Vec<String> =
                    d.mapping.iter().filter(|(_, target)| target.as_str() == r).map(|(k, _)| k.clone()).collect();
                if explicit.is_empty() {
                    tags.push(unescape(r.rsplit('/').next().unwrap_or_default()));
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
        let Some(components) = &self.spec.components else { return out };
        for (key, s) in &components.security_schemes {
            let ptr = pointer("/components/securitySchemes", &[key]);
            let ReferenceOr::Item(s) = s else {
                self.diags.push(Diagnostic::warning(ptr, "referenced security schemes are not supported; ignored"));
                continue;
            };
            use openapiv3::{APIKeyLocation, SecurityScheme as S};
            let (placement, doc) = match s {
                S::APIKey { location, name, description, .. } => (
                    match location {
                        APIKeyLocation::Header => Placement::Header(name.clone()),
                        APIKeyLocation::Query => Placement::Query(name.clone()),
                        APIKeyLocation::Cookie => Placement::Cookie(name.clone()),
                    },
                    description.clone(),
                ),
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (Placement::Bearer, description.clone())
                }
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (Placement::Basic, description.clone())
                }
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                    (Placement::Bearer, description.clone())
                }
                S::HTTP { scheme, .. } => {
                    self.diags.push(Diagnostic::warning(ptr, format!("HTTP auth scheme `{scheme}` is not supported; ignored")));
                    continue;
                }
            };
            out.push(SecurityScheme { key: key.clone(), name: names.claim(&naming::snake(key)), placement, doc });
        }
        out
    }

    fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut methods = Scope::with_reserved(RESERVED_METHODS);
        for s in schemes {
            methods.claim(&format!("with_{}", s.name));
            methods.claim(&format!("set_{}", s.name));
        }
        let mut out = Vec::new();
        for (path, item) in self.spec.paths.paths.iter() {
            let item_ptr = pointer("/paths", &[path]);
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { .. } => {
                    self.diags.push(Diagnostic::error(item_ptr, "path item `$ref`s are not supported"));
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let op_ptr = pointer(&item_ptr, &[method]);
                let op_id = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => {
                        let derived = derive_operation_id(method, path);
                        self.diags.push(
                            Diagnostic::note(op_ptr.clone(), format!("no operationId; the method is named `{}`", naming::snake(&derived)))
                                .with_hint(format!("add `operationId: {derived}` to keep the name stable")),
                        );
                        derived
                    }
                };
                let base = naming::snake(&op_id);
                if methods.contains(&base) {
                    self.diags.push(Diagnostic::warning(
                        pointer(&op_ptr, &["operationId"]),
                        format!("operationId `{op_id}` becomes the method `{base}`, which is already taken; it is renamed"),
                    ));
                }
                let method_name = methods.claim(&base);
                let lowered = self.operation(method, path, item, op, op_id, method_name, &op_ptr, schemes);
                out.push(lowered);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        method: &str,
        path: &str,
        item: &'a openapiv3::PathItem,
        op: &'a openapiv3::Operation,
        operation_id: String,
        method_name: String,
        op_ptr: &str,
        schemes: &[SecurityScheme],
    ) -> Operation {
        let type_base = naming::type_name(&operation_id);
        // Path-level parameters apply unless the operation redefines the same (name, in).
        let mut declared: Vec<(&'a Parameter, String)> = Vec::new();
        let sources = [(&item.parameters, pointer("/paths", &[path, "parameters"])), (&op.parameters, pointer(op_ptr, &["parameters"]))];
        for (list, base) in sources {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                let Some(p) = self.parameter(p, &at) else { continue };
                let key = (p.parameter_data_ref().name.clone(), location_of(p));
                declared.retain(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
                declared.push((p, at));
            }
        }
        // Path parameters first, in template order.
        let template = template_names(path);
        for name in &template {
            if !declared.iter().any(|(p, _)| matches!(p, Parameter::Path { .. }) && &p.parameter_data_ref().name == name) {
                self.diags.push(
                    Diagnostic::error(pointer("/paths", &[path]), format!("path parameter `{{{name}}}` is not declared"))
                        .with_hint(format!("add a parameter `{{name: {name}, in: path, required: true, schema: {{type: string}}}}`")),
                );
            }
        }
        declared.sort_by_key(|(p, _)| match p {
            Parameter::Path { parameter_data, .. } => {
                (0, template.iter().position(|n| n == &parameter_data.name).unwrap_or(usize::MAX))
            }
            _ => (1, 0),
        });
        // Path parameters become locals of the generated method body, so they must not shadow
        // its own locals; the others are fields of the params struct and only avoid each other.
        const LOCALS: &[&str] = &["path", "request", "raw", "query", "cookies", "value"];
        let mut names = Scope::with_reserved(&["body", "params", "self"]);
        let mut params = Vec::new();
        for (p, at) in declared {
            let data = p.parameter_data_ref();
            let location = location_of(p);
            if location == ParamLocation::Path && !template.contains(&data.name) {
                self.diags.push(
                    Diagnostic::error(at.clone(), format!("path parameter `{}` does not appear in the path `{path}`", data.name))
                        .with_hint("remove it, or add it to the path template"),
                );
                continue;
            }
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"].contains(&data.name.to_ascii_lowercase().as_str())
            {
                // OpenAPI says these are ignored as parameters; the client sets them itself.
                continue;
            }
            let hint = format!("{type_base}{}", naming::camel(&data.name));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.type_ref(node(s), &hint, &format!("{at}/schema")),
                ParameterSchemaOrContent::Content(_) => TypeRef::Json,
            };
            let style = match p {
                Parameter::Query { style, .. } => match style {
                    openapiv3::QueryStyle::Form => QueryStyle::Form(data.explode.unwrap_or(true)),
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::Space,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::Pipe,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                },
                _ => QueryStyle::Form(data.explode.unwrap_or(false)),
            };
            params.push(Param {
                name: {
                    let base = naming::snake(&data.name);
                    if location == ParamLocation::Path && LOCALS.contains(&base.as_str()) {
                        names.claim(&format!("{base}_param"))
                    } else {
                        names.claim(&base)
                    }
                },
                wire: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                style,
                doc: data.description.clone(),
            });
        }
        let path_parts = path_parts(path, &params);
        let params_struct = params
            .iter()
            .any(|p| p.location != ParamLocation::Path)
            .then(|| self.type_names.claim(&format!("{type_base}Params")));
        let body = self.request_body(op, &type_base, op_ptr);
        let envelope = self.envelope(op, op_ptr);
        let (success, failure) = self.outcomes(op, &type_base, op_ptr, envelope.as_ref());
        let requirements = op.security.as_ref().or(self.spec.security.as_ref());
        let mut security = Vec::new();
        for req in requirements.into_iter().flatten() {
            for key in req.keys() {
                match schemes.iter().position(|s| &s.key == key) {
                    Some(i) if !security.contains(&i) => security.push(i),
                    Some(_) => {}
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
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            pointer: op_ptr.to_owned(),
            params,
            params_struct,
            body,
            success,
            failure,
            security,
            envelope,
        }
    }

    fn parameter(&mut self, p: &'a ReferenceOr<Parameter>, at: &str) -> Option<&'a Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|n| self.spec.components.as_ref()?.parameters.get(unescape(n).as_str()));
                match found {
                    Some(ReferenceOr::Item(p)) => Some(p),
                    _ => {
                        self.diags.push(Diagnostic::error(at, format!("`$ref: {reference}` points to no parameter")));
                        None
                    }
                }
            }
        }
    }

    fn request_body(&mut self, op: &'a openapiv3::Operation, type_base: &str, op_ptr: &str) -> Option<RequestBody> {
        let at = pointer(op_ptr, &["requestBody"]);
        let body = match op.request_body.as_ref()? {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|n| self.spec.components.as_ref()?.request_bodies.get(unescape(n).as_str()));
                match found {
                    Some(ReferenceOr::Item(b)) => b,
                    _ => {
                        self.diags.push(Diagnostic::error(at, format!("`$ref: {reference}` points to no request body")));
                        return None;
                    }
                }
            }
        };
        let (media, content) = pick_request_media(&body.content)?;
        let content_ptr = pointer(&at, &["content", media]);
        let kind = body_kind(media);
        let hint = format!("{type_base}Body");
        let ty = match (kind, &content.schema) {
            (BodyKind::Multipart, Some(s)) => self.multipart(node(s), &content.encoding, &format!("{type_base}Form"), &content_ptr),
            (BodyKind::Binary, _) => TypeRef::Bytes,
            (BodyKind::Text, _) => TypeRef::String,
            (_, Some(s)) => self.type_ref(node(s), &hint, &format!("{content_ptr}/schema")),
            (_, None) => TypeRef::Json,
        };
        Some(RequestBody { media_type: media.to_owned(), kind, ty, required: body.required })
    }

    fn multipart(
        &mut self,
        n: Node<'a>,
        encoding: &'a IndexMap<String, openapiv3::Encoding>,
        hint: &str,
        ptr: &str,
    ) -> TypeRef {
        let Some(s) = self.resolve(n) else { return TypeRef::Json };
        type Props<'s> = Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>;
        let (props, required): (Props<'a>, &[String]) = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (o.properties.iter().collect(), &o.required),
            SchemaKind::Any(a) => (a.properties.iter().collect(), &a.required),
            _ => {
                self.diags.push(Diagnostic::warning(ptr, "multipart body schema is not an object; sent as one JSON part"));
                (Vec::new(), &[])
            }
        };
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, p) in props {
            let pn = node_boxed(p);
            let at = pointer(&format!("{ptr}/schema/properties"), &[wire]);
            let kind = match self.resolve(pn).map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::String(st))) if is_binary(&st.format) => MultipartKind::File,
                Some(SchemaKind::Type(Type::Array(a)))
                    if a.items.as_ref().and_then(|i| self.resolve(node_boxed(i))).is_some_and(|i| {
                        matches!(&i.schema_kind, SchemaKind::Type(Type::String(st)) if is_binary(&st.format))
                    }) =>
                {
                    MultipartKind::Files
                }
                _ => MultipartKind::Value(self.type_ref(pn, &format!("{hint}{}", naming::camel(wire)), &at)),
            };
            let content_type = encoding.get(wire).and_then(|e| e.content_type.clone()).map(|ct| {
                // `encoding.contentType` may list several types; the first is what we send.
                ct.split(',').next().unwrap_or_default().trim().to_owned()
            });
            fields.push(MultipartField {
                name: scope.claim(&naming::snake(wire)),
                wire: wire.clone(),
                kind,
                required: required.contains(wire),
                content_type,
                doc: self.resolve(pn).and_then(doc_of),
            });
        }
        self.new_type(hint, ptr, None, TypeKind::Multipart(fields))
    }

    fn envelope(&mut self, op: &'a openapiv3::Operation, op_ptr: &str) -> Option<Envelope> {
        let (value, at) = match op.extensions.get("x-envelope") {
            Some(v) => (v, pointer(op_ptr, &["x-envelope"])),
            None => (self.spec.extensions.get("x-envelope")?, "/x-envelope".to_owned()),
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

    fn outcomes(
        &mut self,
        op: &'a openapiv3::Operation,
        type_base: &str,
        op_ptr: &str,
        envelope: Option<&Envelope>,
    ) -> (Outcome, Outcome) {
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let (m, key) = match code {
                    StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                    StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
                };
                (m, r, pointer(op_ptr, &["responses", &key]))
            })
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push((StatusMatch::Default, d, pointer(op_ptr, &["responses", "default"])));
        }
        let has_success = entries.iter().any(|(m, ..)| is_success(*m));
        let mut success_arms = Vec::new();
        let mut failure_arms = Vec::new();
        for (m, r, at) in entries {
            let success = is_success(m) || (m == StatusMatch::Default && !has_success);
            let word = status_word(m);
            let Some(resp) = self.response(r, &at) else { continue };
            let hint = if success { format!("{type_base}{word}") } else { format!("{type_base}{word}Error") };
            let payload = self.payload(&resp.content, &hint, &at);
            let extract = match (&payload, envelope.and_then(|e| e.payload_field.as_ref())) {
                (Some(Payload::Json(t)), Some(field)) if success => self.extract(t, field, &at),
                _ => None,
            };
            let arm = Arm { status: m, variant: word, payload, doc: Some(resp.description.clone()).filter(|d| !d.is_empty()), extract };
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

    fn response(&mut self, r: &'a ReferenceOr<openapiv3::Response>, at: &str) -> Option<&'a openapiv3::Response> {
        match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.spec.components.as_ref()?.responses.get(unescape(n).as_str()));
                match found {
                    Some(ReferenceOr::Item(r)) => Some(r),
                    _ => {
                        self.diags.push(Diagnostic::error(at, format!("`$ref: {reference}` points to no response")));
                        None
                    }
                }
            }
        }
    }

    fn payload(&mut self, content: &'a IndexMap<String, openapiv3::MediaType>, hint: &str, at: &str) -> Option<Payload> {
        let mut alternatives = Vec::new();
        let mut seen = BTreeSet::new();
        for (media, mt) in content {
            let p = match body_kind(media) {
                BodyKind::Json | BodyKind::Form => {
                    let ptr = pointer(at, &["content", media, "schema"]);
                    Payload::Json(match &mt.schema {
                        // A nullable body (`null` on the wire) decodes into an `Option`.
                        Some(s) if self.nullable(node(s)) => {
                            TypeRef::Nullable(Box::new(self.type_ref(node(s), hint, &ptr)))
                        }
                        Some(s) => self.type_ref(node(s), hint, &ptr),
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

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// `{name}` placeholders of a path template, in order.
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

fn path_parts(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(PathPart::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..start + len];
        match params.iter().position(|p| p.location == ParamLocation::Path && p.wire == name) {
            Some(i) => out.push(PathPart::Param(i)),
            None => out.push(PathPart::Literal(rest[start..start + len + 1].to_owned())),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(PathPart::Literal(rest.to_owned()));
    }
    out
}

fn derive_operation_id(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_owned())
        .collect();
    format!("{method} {}", words.join(" "))
}

fn doc_of(s: &Schema) -> Option<String> {
    let d = &s.schema_data;
    match (&d.title, &d.description) {
        (Some(t), Some(desc)) if !desc.starts_with(t.as_str()) => Some(format!("{t}\n\n{desc}")),
        (_, Some(desc)) => Some(desc.clone()),
        (Some(t), None) => Some(t.clone()),
        (None, None) => None,
    }
}

fn string_format(f: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match f {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
        VariantOrUnknownOrEmpty::Unknown(u) if u == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn is_binary(f: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(f, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

fn int_kind(f: &VariantOrUnknownOrEmpty<IntegerFormat>, _minimum: Option<i64>) -> IntKind {
    match f {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
        VariantOrUnknownOrEmpty::Unknown(u) if u == "uint32" => IntKind::U32,
        VariantOrUnknownOrEmpty::Unknown(u) if u == "uint64" => IntKind::U64,
        _ => IntKind::I64,
    }
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

fn variant_label(s: &Schema, i: usize) -> String {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.is_empty() => "String".into(),
        SchemaKind::Type(Type::Integer(_)) => "Integer".into(),
        SchemaKind::Type(Type::Number(_)) => "Number".into(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".into(),
        SchemaKind::Type(Type::Array(_)) => "Array".into(),
        _ => s.schema_data.title.as_deref().map(naming::camel).unwrap_or_else(|| format!("Variant{i}")),
    }
}

fn body_kind(media: &str) -> BodyKind {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
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

fn pick_request_media(content: &IndexMap<String, openapiv3::MediaType>) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |m: &str| match body_kind(m) {
        BodyKind::Json => 0,
        BodyKind::Multipart => 1,
        BodyKind::Form => 2,
        BodyKind::Text => 3,
        BodyKind::Binary => 4,
    };
    content.iter().min_by_key(|(m, _)| rank(m)).map(|(m, t)| (m.as_str(), t))
}

/// A JSON-pointer token of a `$ref`: the ref is a URI fragment, so percent-decoding comes first
/// (RFC 6901 §6; `application~1xml;%20charset=utf-8`), then `~1` and `~0`.
fn unescape(token: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(token).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

fn ref_pointer(reference: &str) -> String {
    reference.strip_prefix('#').unwrap_or(reference).to_owned()
}

fn unknown_type(ptr: &str, t: &str) -> Diagnostic {
    const KNOWN: &[&str] = &["object", "array", "string", "integer", "number", "boolean"];
    let best = KNOWN.iter().map(|k| (edit_distance(k, t), *k)).min().filter(|(d, _)| *d <= 3);
    let hint = match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!("`type` is one of {}", KNOWN.join(", ")),
    };
    Diagnostic::error(pointer(ptr, &["type"]), format!("unknown type `{t}`")).with_hint(hint)
}

/// Levenshtein distance, for did-you-mean hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
