//! Operations: method and builder names (unique, clear of the client's own), and one
//! [`Operation`] assembled from its parameters, body, outcomes, headers, pagination and
//! security (each lowered in its own module); also whether a call may be retried.

use super::params::path_parts;
use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document;
use crate::ir::model::{Operation, SecurityScheme};
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

impl<'a> Lowering<'a> {
    /// Every operation, in spec order, named after its operationId.
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut methods = Scope::with_reserved(RESERVED_METHODS);
        for s in schemes {
            methods.claim(&format!("with_{}", s.name));
            methods.claim(&format!("set_{}", s.name));
        }
        let mut builders = Scope::with_reserved(RESERVED_BUILDER_NAMES);
        let mut out = Vec::new();
        for op in &self.doc.operations {
            let op_id = self.operation_id(op);
            let base = naming::snake(&op_id);
            if methods.contains(&base) {
                self.diags.push(Diagnostic::warning(
                    pointer(&op.pointer, &["operationId"]),
                    format!("operationId `{op_id}` becomes the method `{base}`, which is already taken; it is renamed"),
                ));
            }
            let method_name = methods.claim(&base);
            let builder = builders.claim(&naming::type_name(&method_name));
            out.push(self.operation(op, op_id, method_name, builder, schemes));
        }
        out
    }

    /// The operationId, or one derived from the method and path (with a note).
    fn operation_id(&mut self, op: &'a document::Operation) -> String {
        match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let derived = derive_operation_id(&op.method, &op.path.raw);
                self.diags.push(
                    Diagnostic::note(op.pointer.as_str(), format!("no operationId; the method is named `{}`", naming::snake(&derived)))
                        .with_hint(format!("add `operationId: {derived}` to keep the name stable")),
                );
                derived
            }
        }
    }

    /// One operation. The order of the steps is the order its inline types are named in.
    fn operation(
        &mut self,
        op: &'a document::Operation,
        operation_id: String,
        method_name: String,
        builder: String,
        schemes: &[SecurityScheme],
    ) -> Operation {
        let type_base = naming::type_name(&operation_id);
        let params = self.params(op, &type_base);
        let path_parts = path_parts(&op.path, &params);
        let body = self.request_body(op, &type_base);
        let envelope = self.envelope(op);
        let (success, failure) = self.outcomes(op, &type_base, envelope.as_ref());
        let response_headers = self.response_headers(op, &type_base);
        let pagination = self.pagination(op, &params, &success, response_headers.as_ref());
        let security = self.operation_security(op, schemes);
        let required_credentials = self.required_credentials(op, schemes);
        Operation {
            method_name,
            operation_id,
            http_method: op.method.to_ascii_uppercase(),
            path: op.path.raw.clone(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            pointer: op.pointer.clone(),
            params,
            builder,
            response_headers,
            pagination,
            body,
            success,
            failure,
            security,
            required_credentials,
            envelope,
            group: None,
            idempotent: idempotent(op),
            example: first_success_example(op),
        }
    }
}

/// The first example of the first success response that has one: JSON as JSON text, a string
/// example of another media type as its text (event streams and binary bodies have none).
fn first_success_example(op: &document::Operation) -> Option<crate::ir::model::ResponseExample> {
    use crate::status::StatusKey;
    op.responses.iter().find_map(|r| {
        let status = match r.status {
            StatusKey::Code(c) if (200..300).contains(&c) => c,
            StatusKey::Range(2) => 200,
            _ => return None,
        };
        r.content.iter().find_map(|(media, mt)| {
            let ex = mt.examples.first()?;
            let lower = media.to_ascii_lowercase();
            let body = if lower.contains("json") {
                serde_json::to_string(&ex.value).ok()?
            } else if lower.starts_with("text/") && !lower.starts_with("text/event-stream") {
                ex.value.as_str()?.to_owned()
            } else {
                return None;
            };
            Some(crate::ir::model::ResponseExample { status, media_type: media.clone(), body })
        })
    })
}

/// `get /users/{id}` → `get users id`, which names the method `get_users_id`.
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

#[cfg(test)]
mod tests {
    use super::super::test_util::{lower30, messages, op};
    use crate::diagnostic::Severity;

    #[test]
    fn an_operation_carries_what_the_spec_says_of_it() {
        let (api, diags) = lower30(
            "
            paths:
              /pets/{id}:
                put:
                  operationId: replacePet
                  summary: Replace a pet
                  description: All of it.
                  deprecated: true
                  tags: [pets]
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: done}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let o = op(&api, "replace_pet");
        assert_eq!((o.operation_id.as_str(), o.builder.as_str()), ("replacePet", "ReplacePet"));
        assert_eq!((o.http_method.as_str(), o.path.as_str()), ("PUT", "/pets/{id}"));
        assert_eq!((o.summary.as_deref(), o.description.as_deref()), (Some("Replace a pet"), Some("All of it.")));
        assert_eq!((o.deprecated, o.tags.as_slice(), o.pointer.as_str()), (true, ["pets".to_owned()].as_slice(), "/paths/~1pets~1{id}/put"));
        assert!(o.idempotent);
        assert_eq!((o.group, o.envelope.as_ref(), o.pagination.as_ref()), (None, None, None));
    }

    #[test]
    fn without_an_operation_id_the_name_comes_from_method_and_path() {
        let (api, diags) = lower30(
            "
            paths:
              /pets/{id}/toys:
                get:
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: done}}
            ",
        );
        let o = op(&api, "get_pets_id_toys");
        assert_eq!((o.operation_id.as_str(), o.builder.as_str()), ("get pets id toys", "GetPetsIdToys"));
        assert_eq!(messages(&diags), ["no operationId; the method is named `get_pets_id_toys`"]);
        assert_eq!(diags[0].severity, Severity::Note);
        assert_eq!(diags[0].hint.as_deref(), Some("add `operationId: get pets id toys` to keep the name stable"));
    }

    #[test]
    fn a_method_name_already_taken_is_renamed_with_a_warning() {
        let (api, diags) = lower30(
            "
            paths:
              /a: {get: {operationId: new, responses: {'204': {description: done}}}}
              /b: {get: {operationId: with_key, responses: {'204': {description: done}}}}
              /c: {get: {operationId: client, responses: {'204': {description: done}}}}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            ",
        );
        let names: Vec<(&str, &str)> = api.operations.iter().map(|o| (o.method_name.as_str(), o.builder.as_str())).collect();
        // `client` is free as a method, but not as a builder's name.
        assert_eq!(names, [("new_2", "New2"), ("with_key_2", "WithKey2"), ("client", "Client2")]);
        assert_eq!(
            messages(&diags),
            [
                "operationId `new` becomes the method `new`, which is already taken; it is renamed",
                "operationId `with_key` becomes the method `with_key`, which is already taken; it is renamed",
            ]
        );
        assert_eq!(diags[0].pointer, "/paths/~1a/get/operationId");
    }

    #[test]
    fn retries_follow_the_method_unless_x_idempotent_says_otherwise() {
        let (api, _) = lower30(
            "
            paths:
              /a:
                get: {operationId: read, responses: {'204': {description: done}}}
                post: {operationId: create, responses: {'204': {description: done}}}
                put: {operationId: replace, x-idempotent: false, responses: {'204': {description: done}}}
                patch: {operationId: patch, x-idempotent: true, responses: {'204': {description: done}}}
                delete: {operationId: remove, x-idempotent: maybe, responses: {'204': {description: done}}}
            ",
        );
        let idempotent: Vec<(&str, bool)> = api.operations.iter().map(|o| (o.method_name.as_str(), o.idempotent)).collect();
        assert_eq!(idempotent, [("read", true), ("replace", false), ("create", false), ("remove", true), ("patch", true)]);
    }
}
