//! JSON value → [`Document`]: refs followed once, parameters merged, idioms normalised. Problems
//! are diagnostics at the node at fault; the document is always read as far as it goes, so the
//! diff can review a spec that `check` refuses.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::*;
use crate::diagnostic::Diagnostic;
use crate::pointer::{last_token, local_ref_pointer, pointer};

/// Reads a parsed document. Errors among the diagnostics mean code cannot be generated from it.
pub fn read(root: &Value) -> (Document, Vec<Diagnostic>) {
    let version = match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.1") => SpecVersion::V3_1,
        Some(v) if v.starts_with("3.2") => SpecVersion::V3_2,
        _ => SpecVersion::V3_0,
    };
    let mut r = Reader {
        root,
        version,
        self_uri: root.get("$self").and_then(Value::as_str).map(str::to_owned),
        diags: Vec::new(),
        wanted: Vec::new(),
        known: HashSet::new(),
        depth: 0,
        mixed: None,
    };
    let doc = r.document();
    if let Some((at, what, more)) = r.mixed.take() {
        let more = if more > 0 { format!(" (and {more} more mixed idioms)") } else { String::new() };
        r.diags.push(
            Diagnostic::warning(at, format!("this document mixes OpenAPI 3.0 and 3.1 idioms: {what}{more}; both are read"))
                .with_hint("write the idioms of the version the document declares"),
        );
    }
    (doc, r.diags)
}

pub(super) struct Reader<'a> {
    pub(super) root: &'a Value,
    pub(super) version: SpecVersion,
    /// 3.2's `$self`: a `$ref` starting with it is local.
    self_uri: Option<String>,
    pub(super) diags: Vec<Diagnostic>,
    /// Schema ref targets still to read.
    wanted: Vec<String>,
    known: HashSet<String>,
    pub(super) depth: usize,
    /// The first idiom of the other version met, and how many more.
    mixed: Option<(String, String, usize)>,
}

fn str_of(map: &Map<String, Value>, k: &str) -> Option<String> {
    map.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn bool_of(map: &Map<String, Value>, k: &str) -> bool {
    map.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn extensions(map: &Map<String, Value>) -> IndexMap<String, Value> {
    map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect()
}

impl<'a> Reader<'a> {
    pub(super) fn mixed(&mut self, at: &str, what: &str) {
        match &mut self.mixed {
            Some((_, _, more)) => *more += 1,
            None => self.mixed = Some((at.to_owned(), what.to_owned(), 0)),
        }
    }

    /// The decoded local pointer a `$ref` names (`None` outside the file).
    pub(super) fn ref_target(&self, text: &str) -> Option<String> {
        local_ref_pointer(self.self_uri.as_deref(), text)
    }

    pub(super) fn want_schema(&mut self, target: &str) {
        if self.known.insert(target.to_owned()) {
            self.wanted.push(target.to_owned());
        }
    }

    /// Follows a chain of `$ref`s to the object it ends at, with that object's pointer.
    /// Dangling and external refs were reported by [`crate::validate`]; a cycle is reported here.
    fn deref(&mut self, v: &'a Value, at: &str) -> Option<(&'a Map<String, Value>, String)> {
        let mut current = v;
        let mut ptr = at.to_owned();
        let mut seen = HashSet::new();
        loop {
            let map = current.as_object()?;
            let Some(text) = map.get("$ref").and_then(Value::as_str) else { return Some((map, ptr)) };
            let target = self.ref_target(text)?;
            if !seen.insert(target.clone()) {
                self.diags.push(Diagnostic::error(pointer(at, &["$ref"]), format!("`$ref: {text}` is part of a cycle of refs")));
                return None;
            }
            current = self.root.pointer(&target)?;
            ptr = target;
        }
    }

    fn document(&mut self) -> Document {
        let root = self.root;
        let mut doc = Document { version: Some(self.version), ..Document::default() };
        let Some(top) = root.as_object() else { return doc };
        doc.info = self.info(top.get("info"));
        doc.servers = servers(top.get("servers"));
        doc.extensions = extensions(top);
        doc.security = top.get("security").map(|s| self.security(s, "/security"));
        let components = top.get("components").and_then(Value::as_object);
        if let Some(Value::Object(schemas)) = components.and_then(|c| c.get("schemas")) {
            for (name, v) in schemas {
                let target = pointer("/components/schemas", &[name]);
                self.known.insert(target.clone());
                let schema = self.schema(v, &target);
                doc.schemas.insert(target, NamedSchema { name: name.clone(), component: true, schema });
            }
        }
        if let Some(Value::Object(schemes)) = components.and_then(|c| c.get("securitySchemes")) {
            for (key, v) in schemes {
                let at = pointer("/components/securitySchemes", &[key]);
                if let Some(s) = self.security_scheme(key, v, &at) {
                    doc.security_schemes.push(s);
                }
            }
        }
        match top.get("paths") {
            Some(Value::Object(paths)) => {
                for (path, item) in paths {
                    let at = pointer("/paths", &[path]);
                    let template = PathTemplate::parse(path);
                    doc.operations.extend(self.path_item(&template, item, &at));
                }
            }
            Some(_) => self.diags.push(Diagnostic::error("/paths", "`paths` must be a mapping")),
            // 3.1 made `paths` optional (a document of webhooks or components only).
            None if self.version == SpecVersion::V3_0 => {
                self.diags.push(Diagnostic::error("", "the document has no `paths`").with_hint("add `paths: {}`"))
            }
            None => {}
        }
        if let Some(Value::Object(hooks)) = top.get("webhooks") {
            for (name, item) in hooks {
                let at = pointer("/webhooks", &[name]);
                let template = PathTemplate::parse(name);
                doc.webhooks.extend(self.path_item(&template, item, &at));
            }
        }
        // Schemas reached only through refs elsewhere (`$defs`, deep pointers), until none is left.
        while let Some(target) = self.wanted.pop() {
            if doc.schemas.contains_key(&target) {
                continue;
            }
            let Some(v) = root.pointer(&target) else { continue };
            let schema = self.schema(v, &target);
            let name = last_token(&target);
            doc.schemas.insert(target, NamedSchema { name, component: false, schema });
        }
        doc
    }

    /// `info`: its title and version must be strings.
    fn info(&mut self, info: Option<&Value>) -> Info {
        let Some(info) = info.and_then(Value::as_object) else {
            self.diags.push(Diagnostic::error("/info", "the document has no `info` mapping").with_hint("add `info: {title: …, version: …}`"));
            return Info::default();
        };
        for k in ["title", "version"] {
            if !info.get(k).is_some_and(Value::is_string) {
                self.diags.push(Diagnostic::error(pointer("/info", &[k]), format!("`info.{k}` must be a string")));
            }
        }
        Info { title: str_of(info, "title").unwrap_or_default(), version: str_of(info, "version").unwrap_or_default(), description: str_of(info, "description") }
    }

    fn path_item(&mut self, template: &PathTemplate, item: &'a Value, at: &str) -> Vec<Operation> {
        let Some((item, item_ptr)) = self.deref(item, at) else {
            if !item.is_object() {
                self.diags.push(Diagnostic::error(at, "a path item must be a mapping"));
            }
            return Vec::new();
        };
        let shared = self.parameters(item.get("parameters"), &pointer(&item_ptr, &["parameters"]));
        let mut ops: Vec<(String, &'a Value, String)> = Vec::new();
        for m in STANDARD_METHODS {
            if *m == "query" && self.version < SpecVersion::V3_2 {
                continue;
            }
            if let Some(op) = item.get(*m) {
                ops.push(((*m).to_owned(), op, pointer(&item_ptr, &[m])));
            }
        }
        if let Some(Value::Object(extra)) = item.get("additionalOperations") {
            for (m, op) in extra {
                let at = pointer(&item_ptr, &["additionalOperations", m]);
                let token = !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !token {
                    self.diags.push(Diagnostic::error(at, format!("`{m}` is not an HTTP method name")).with_hint("a method is a token such as `COPY` or `LINK`"));
                } else if STANDARD_METHODS.iter().any(|s| s.eq_ignore_ascii_case(m)) {
                    self.diags.push(
                        Diagnostic::error(at, format!("`{m}` belongs in the path item itself, not in `additionalOperations`"))
                            .with_hint(format!("move it to `{}:`", m.to_ascii_lowercase())),
                    );
                } else {
                    ops.push((m.clone(), op, at));
                }
            }
        }
        ops.into_iter().filter_map(|(method, op, ptr)| self.operation(method, template, op, &ptr, &shared)).collect()
    }

    fn operation(
        &mut self,
        method: String,
        template: &PathTemplate,
        v: &'a Value,
        at: &str,
        shared: &[Parameter],
    ) -> Option<Operation> {
        let Some(op) = v.as_object() else {
            self.diags.push(Diagnostic::error(at, "an operation must be a mapping"));
            return None;
        };
        let mut parameters: Vec<Parameter> = shared.to_vec();
        for p in self.parameters(op.get("parameters"), &pointer(at, &["parameters"])) {
            parameters.retain(|q| !(q.name == p.name && q.location == p.location));
            parameters.push(p);
        }
        let request_body = op.get("requestBody").and_then(|b| self.request_body(b, &pointer(at, &["requestBody"])));
        let responses = match op.get("responses") {
            Some(Value::Object(rs)) => {
                let mut out = Vec::new();
                for (key, r) in rs {
                    let rat = pointer(at, &["responses", key]);
                    if key.starts_with("x-") {
                        continue;
                    }
                    let Some(status) = StatusKey::parse(key) else {
                        self.diags.push(
                            Diagnostic::error(rat, format!("`{key}` is not a status code"))
                                .with_hint("response keys are codes (`200`), ranges (`2XX`) or `default`"),
                        );
                        continue;
                    };
                    if let Some(resp) = self.response(status, key, r, &rat) {
                        out.push(resp);
                    }
                }
                out
            }
            Some(_) => {
                self.diags.push(Diagnostic::error(pointer(at, &["responses"]), "`responses` must be a mapping"));
                Vec::new()
            }
            None => {
                if self.version == SpecVersion::V3_0 {
                    self.diags.push(Diagnostic::warning(at, "the operation has no `responses` (OpenAPI 3.0 requires them); it returns nothing"));
                }
                Vec::new()
            }
        };
        let tags = op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        Some(Operation {
            method,
            path: template.clone(),
            pointer: at.to_owned(),
            operation_id: str_of(op, "operationId"),
            summary: str_of(op, "summary"),
            description: str_of(op, "description"),
            deprecated: bool_of(op, "deprecated"),
            tags,
            parameters,
            request_body,
            responses,
            security: op.get("security").map(|s| self.security(s, &pointer(at, &["security"]))),
            extensions: extensions(op),
        })
    }

    fn parameters(&mut self, list: Option<&'a Value>, at: &str) -> Vec<Parameter> {
        let Some(list) = list else { return Vec::new() };
        let Value::Array(list) = list else {
            self.diags.push(Diagnostic::error(at, "`parameters` must be a list"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let pat = pointer(at, &[&i.to_string()]);
            if let Some(p) = self.parameter(p, &pat) {
                out.push(p);
            }
        }
        out
    }

    fn parameter(&mut self, v: &'a Value, at: &str) -> Option<Parameter> {
        let (map, ptr) = self.deref(v, at)?;
        let Some(name) = str_of(map, "name") else {
            self.diags.push(Diagnostic::error(ptr, "the parameter has no `name`"));
            return None;
        };
        let location = match map.get("in").and_then(Value::as_str) {
            Some("path") => ParamIn::Path,
            Some("query") | Some("querystring") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            Some("cookie") => ParamIn::Cookie,
            Some(other) => {
                self.diags.push(
                    Diagnostic::error(pointer(&ptr, &["in"]), format!("`in: {other}` is not a parameter location"))
                        .with_hint("one of `path`, `query`, `header`, `cookie`"),
                );
                return None;
            }
            None => {
                self.diags.push(Diagnostic::error(ptr, format!("parameter `{name}` has no `in`")).with_hint("add `in: query` (or path, header, cookie)"));
                return None;
            }
        };
        let schema = map.get("schema").map(|s| self.schema(s, &pointer(&ptr, &["schema"])));
        let content = match map.get("content") {
            Some(Value::Object(c)) => c.iter().next().map(|(m, mt)| (m.clone(), self.media_type(mt, &pointer(&ptr, &["content", m])))),
            _ => None,
        };
        if schema.is_none() && content.is_none() {
            self.diags.push(
                Diagnostic::error(ptr.clone(), format!("parameter `{name}` has neither `schema` nor `content`"))
                    .with_hint("add `schema: {type: string}` (or the parameter's type)"),
            );
        }
        let examples = self.examples(map, &ptr);
        Some(Parameter {
            name,
            location,
            required: bool_of(map, "required") || location == ParamIn::Path,
            description: str_of(map, "description"),
            deprecated: bool_of(map, "deprecated"),
            schema,
            content,
            style: str_of(map, "style"),
            explode: map.get("explode").and_then(Value::as_bool),
            examples,
            pointer: ptr,
            extensions: extensions(map),
        })
    }

    fn request_body(&mut self, v: &'a Value, at: &str) -> Option<RequestBody> {
        let (map, ptr) = self.deref(v, at)?;
        let content = self.content(map, &ptr);
        Some(RequestBody { description: str_of(map, "description"), content, required: bool_of(map, "required"), pointer: ptr })
    }

    fn content(&mut self, map: &'a Map<String, Value>, at: &str) -> IndexMap<String, MediaType> {
        let mut out = IndexMap::new();
        if let Some(Value::Object(c)) = map.get("content") {
            for (media, mt) in c {
                let mat = pointer(at, &["content", media]);
                out.insert(media.clone(), self.media_type(mt, &mat));
            }
        }
        out
    }

    fn media_type(&mut self, v: &'a Value, at: &str) -> MediaType {
        let Some(map) = v.as_object() else { return MediaType { pointer: at.to_owned(), ..MediaType::default() } };
        let schema = map.get("schema").map(|s| self.schema(s, &pointer(at, &["schema"])));
        let item_schema = map.get("itemSchema").map(|s| self.schema(s, &pointer(at, &["itemSchema"])));
        let examples = self.examples(map, at);
        let encoding = map
            .get("encoding")
            .and_then(Value::as_object)
            .map(|e| e.iter().map(|(k, v)| (k.clone(), v.get("contentType").and_then(Value::as_str).map(str::to_owned))).collect())
            .unwrap_or_default();
        MediaType { pointer: at.to_owned(), schema, item_schema, examples, encoding }
    }

    /// `example` and the `examples` map (refs to `components.examples` followed; 3.2's
    /// `dataValue` read as the value).
    fn examples(&mut self, map: &'a Map<String, Value>, at: &str) -> Vec<Example> {
        let mut out = Vec::new();
        if let Some(v) = map.get("example") {
            out.push(Example { name: "example".into(), pointer: pointer(at, &["example"]), value: v.clone() });
        }
        if let Some(Value::Object(ex)) = map.get("examples") {
            for (name, e) in ex {
                let eat = pointer(at, &["examples", name]);
                let Some((e, ptr)) = self.deref(e, &eat) else { continue };
                for key in ["value", "dataValue"] {
                    if let Some(v) = e.get(key) {
                        out.push(Example { name: name.clone(), pointer: pointer(&ptr, &[key]), value: v.clone() });
                        break;
                    }
                }
            }
        }
        out
    }

    fn response(&mut self, status: StatusKey, key: &str, v: &'a Value, at: &str) -> Option<Response> {
        let Some((map, ptr)) = self.deref(v, at) else {
            if !v.is_object() {
                self.diags.push(Diagnostic::error(at, "a response must be a mapping"));
            }
            return None;
        };
        let description = str_of(map, "description").unwrap_or_default();
        let mut headers = IndexMap::new();
        if let Some(Value::Object(hs)) = map.get("headers") {
            for (name, h) in hs {
                let hat = pointer(&ptr, &["headers", name]);
                let Some((h, hptr)) = self.deref(h, &hat) else { continue };
                let schema = match (h.get("schema"), h.get("content").and_then(Value::as_object)) {
                    (Some(s), _) => Some(self.schema(s, &pointer(&hptr, &["schema"]))),
                    (None, Some(c)) => c.iter().next().and_then(|(m, mt)| {
                        mt.get("schema").map(|s| self.schema(s, &pointer(&hptr, &["content", m, "schema"])))
                    }),
                    _ => None,
                };
                headers.insert(
                    name.clone(),
                    Header { required: bool_of(h, "required"), deprecated: bool_of(h, "deprecated"), description: str_of(h, "description"), schema, pointer: hptr },
                );
            }
        }
        let content = self.content(map, &ptr);
        Some(Response { status, key: key.to_owned(), pointer: ptr, description, content, headers })
    }

    fn security(&mut self, v: &Value, at: &str) -> Vec<SecurityRequirement> {
        let Value::Array(list) = v else {
            self.diags.push(Diagnostic::error(at, "`security` must be a list of requirements"));
            return Vec::new();
        };
        list.iter()
            .filter_map(Value::as_object)
            .map(|req| {
                req.iter()
                    .map(|(k, scopes)| {
                        let scopes = scopes.as_array().map(|s| s.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default();
                        (k.clone(), scopes)
                    })
                    .collect()
            })
            .collect()
    }

    fn security_scheme(&mut self, key: &str, v: &'a Value, at: &str) -> Option<SecurityScheme> {
        let (map, ptr) = self.deref(v, at)?;
        let kind = match map.get("type").and_then(Value::as_str) {
            Some("apiKey") => {
                let location = match map.get("in").and_then(Value::as_str) {
                    Some("header") => ParamIn::Header,
                    Some("query") => ParamIn::Query,
                    Some("cookie") => ParamIn::Cookie,
                    other => {
                        self.diags.push(Diagnostic::error(
                            pointer(&ptr, &["in"]),
                            format!("an apiKey scheme goes in `header`, `query` or `cookie`, not {}", other.unwrap_or("nowhere")),
                        ));
                        return None;
                    }
                };
                SchemeKind::ApiKey { location, name: str_of(map, "name").unwrap_or_default() }
            }
            Some("http") => SchemeKind::Http(str_of(map, "scheme").unwrap_or_default().to_ascii_lowercase()),
            Some("oauth2") => SchemeKind::OAuth2,
            Some("openIdConnect") => SchemeKind::OpenIdConnect,
            Some("mutualTLS") => SchemeKind::MutualTls,
            Some(other) => SchemeKind::Other(other.to_owned()),
            None => {
                self.diags.push(Diagnostic::error(ptr, format!("security scheme `{key}` has no `type`")));
                return None;
            }
        };
        Some(SecurityScheme { key: key.to_owned(), pointer: ptr, kind, description: str_of(map, "description") })
    }
}

/// `servers`: each URL with its variables' defaults.
fn servers(servers: Option<&Value>) -> Vec<Server> {
    let Some(Value::Array(servers)) = servers else { return Vec::new() };
    servers
        .iter()
        .filter_map(|s| {
            let url = s.get("url").and_then(Value::as_str)?;
            let variables = s
                .get("variables")
                .and_then(Value::as_object)
                .map(|vars| vars.iter().map(|(k, v)| (k.clone(), v.get("default").and_then(Value::as_str).unwrap_or_default().to_owned())).collect())
                .unwrap_or_default();
            Some(Server { url: url.to_owned(), variables })
        })
        .collect()
}
