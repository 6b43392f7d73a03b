//! Operations: method and builder names (unique, clear of the client's own), and one
//! [`Operation`] assembled from its parameters, body, outcomes, headers, pagination and
//! security; also the path template split into parts, and whether a call may be retried.

use super::Lowering;
use crate::diagnostic::{pointer, Diagnostic};
use crate::document::{self, ParamIn};
use crate::ir::model::{
    Operation, Param, ParamLocation, PathPart, QueryStyle, SecurityScheme, TypeRef,
};
use crate::naming::{self, Scope};

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

impl<'a> Lowering<'a> {
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
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

fn derive_operation_id(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_owned())
        .collect();
    format!("{method} {}", words.join(" "))
}

/// Whether an operation may be retried: `x-idempotent` if it is a boolean, else by its method
/// (RFC 9110 §9.2.2; `QUERY` as OpenAPI 3.2 defines it).
fn idempotent(op: &document::Operation) -> bool {
    match op.extensions.get("x-idempotent").and_then(serde_json::Value::as_bool) {
        Some(flag) => flag,
        None => matches!(op.method.to_ascii_uppercase().as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE" | "QUERY"),
    }
}
