//! Parameters: the declared ones checked against the path template (path parameters first, in
//! template order), each given a Rust name, a type and a query style; the path template split
//! into literal text and parameter references.

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document::{self, ParamIn};
use crate::ir::model::{Param, ParamLocation, PathPart, QueryStyle, TypeRef};
use crate::naming::{self, Scope};

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

// Path parameters become locals of the generated method body, so they must not shadow
// its own locals; the others are fields of the params struct and only avoid each other.
const LOCALS: &[&str] = &["path", "request", "raw", "query", "cookies", "value"];

impl<'a> Lowering<'a> {
    /// The operation's parameters: path parameters first, in template order, then the rest in
    /// spec order; those that cannot be sent as declared are reported and left out.
    pub(super) fn params(&mut self, op: &'a document::Operation, type_base: &str) -> Vec<Param> {
        let template: Vec<&str> = op.path.names().collect();
        let declared = self.declared_params(op, &template);
        let mut names = Scope::with_reserved(RESERVED_PARAM_NAMES);
        let mut params = Vec::new();
        for p in declared {
            if let Some(param) = self.param(p, op, &template, type_base, &mut names) {
                params.push(param);
            }
        }
        params
    }

    /// The declared parameters, path parameters first in template order; a template name no
    /// parameter declares is an error.
    fn declared_params(&mut self, op: &'a document::Operation, template: &[&str]) -> Vec<&'a document::Parameter> {
        let path = op.path.raw.as_str();
        let mut declared: Vec<&'a document::Parameter> = op.parameters.iter().collect();
        // Path parameters first, in template order.
        for name in template {
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
        declared
    }

    /// One parameter, or `None` for a path parameter the template lacks (an error) and for the
    /// headers the client sets itself.
    fn param(
        &mut self,
        p: &'a document::Parameter,
        op: &'a document::Operation,
        template: &[&str],
        type_base: &str,
        names: &mut Scope,
    ) -> Option<Param> {
        let path = op.path.raw.as_str();
        let location = param_location(p.location);
        if location == ParamLocation::Path && !template.contains(&p.name.as_str()) {
            self.diags.push(
                Diagnostic::error(p.pointer.clone(), format!("path parameter `{}` does not appear in the path `{path}`", p.name))
                    .with_hint("remove it, or add it to the path template"),
            );
            return None;
        }
        if location == ParamLocation::Header && ["accept", "content-type", "authorization"].contains(&p.name.to_ascii_lowercase().as_str()) {
            // OpenAPI says these are ignored as parameters; the client sets them itself.
            return None;
        }
        let hint = format!("{type_base}{}", naming::camel(&p.name));
        let ty = match &p.schema {
            Some(s) => self.type_ref(s, &hint, &pointer(&p.pointer, &["schema"])),
            None => TypeRef::Json,
        };
        let style = query_style(location, p);
        Some(Param {
            name: param_name(names, &p.name, location),
            wire: p.name.clone(),
            location,
            ty,
            required: p.required,
            style,
            doc: p.description.clone(),
        })
    }
}

fn param_location(location: ParamIn) -> ParamLocation {
    match location {
        ParamIn::Path => ParamLocation::Path,
        ParamIn::Query => ParamLocation::Query,
        ParamIn::Header => ParamLocation::Header,
        ParamIn::Cookie => ParamLocation::Cookie,
    }
}

/// How a value is written into the query (`explode` defaults to true for the `form` style of
/// query parameters only).
fn query_style(location: ParamLocation, p: &document::Parameter) -> QueryStyle {
    match location {
        ParamLocation::Query => match p.style.as_deref() {
            Some("spaceDelimited") => QueryStyle::Space,
            Some("pipeDelimited") => QueryStyle::Pipe,
            Some("deepObject") => QueryStyle::DeepObject,
            _ => QueryStyle::Form(p.explode.unwrap_or(true)),
        },
        _ => QueryStyle::Form(p.explode.unwrap_or(false)),
    }
}

/// A unique snake_case name; a path parameter also keeps clear of the method body's locals.
fn param_name(names: &mut Scope, wire: &str, location: ParamLocation) -> String {
    let base = naming::snake(wire);
    if location == ParamLocation::Path && LOCALS.contains(&base.as_str()) {
        names.claim(&format!("{base}_param"))
    } else {
        names.claim(&base)
    }
}

/// The path template as literal text and references to `params`; a name no parameter
/// matches stays literal (the missing declaration is an error already).
pub(super) fn path_parts(path: &document::PathTemplate, params: &[Param]) -> Vec<PathPart> {
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

#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, messages, op};
    use crate::diagnostic::Severity;
    use crate::ir::model::{IntKind, ParamLocation, PathPart, QueryStyle, TypeRef};

    #[test]
    fn path_parameters_come_first_in_template_order_each_with_location_type_and_style() {
        let (api, diags) = lower30(
            "
            paths:
              /orgs/{org}/items/{item}:
                parameters: [{name: item, in: path, required: true, schema: {type: integer, format: int32}}]
                get:
                  operationId: getItem
                  parameters:
                    - {name: limit, in: query, schema: {type: integer}}
                    - {name: org, in: path, required: true, schema: {type: string}}
                    - {name: X-Trace, in: header, required: true, schema: {type: string, format: uuid}}
                    - {name: session, in: cookie, schema: {type: string}}
                    - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
                    - {name: ids, in: query, style: pipeDelimited, schema: {type: array, items: {type: integer}}}
                    - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
                  responses: {'204': {description: done}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let o = op(&api, "get_item");
        let params: Vec<(&str, &str, ParamLocation, bool, QueryStyle)> =
            o.params.iter().map(|p| (p.name.as_str(), p.wire.as_str(), p.location, p.required, p.style)).collect();
        assert_eq!(
            params,
            [
                ("org", "org", ParamLocation::Path, true, QueryStyle::Form(false)),
                ("item", "item", ParamLocation::Path, true, QueryStyle::Form(false)),
                ("limit", "limit", ParamLocation::Query, false, QueryStyle::Form(true)),
                ("x_trace", "X-Trace", ParamLocation::Header, true, QueryStyle::Form(false)),
                ("session", "session", ParamLocation::Cookie, false, QueryStyle::Form(false)),
                ("filter", "filter", ParamLocation::Query, false, QueryStyle::DeepObject),
                ("ids", "ids", ParamLocation::Query, false, QueryStyle::Pipe),
                ("tags", "tags", ParamLocation::Query, false, QueryStyle::Form(false)),
            ]
        );
        let types: Vec<&TypeRef> = o.params.iter().map(|p| &p.ty).collect();
        assert_eq!(types[1], &TypeRef::Int(IntKind::I32));
        assert_eq!(types[3], &TypeRef::Uuid);
        // An inline object is named after the operation and the parameter.
        assert_eq!(types[5], &TypeRef::Named(id(&api, "GetItemFilter")));
        assert_eq!(types[6], &TypeRef::Array(Box::new(TypeRef::Int(IntKind::I64))));
        assert_eq!(
            o.path_parts,
            [PathPart::Literal("/orgs/".into()), PathPart::Param(0), PathPart::Literal("/items/".into()), PathPart::Param(1)]
        );
    }

    #[test]
    fn a_path_parameter_and_the_template_must_agree() {
        let (api, diags) = lower30(
            "
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters: [{name: other, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: done}}
            ",
        );
        let errors: Vec<(&str, &str)> =
            diags.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.message.as_str(), d.pointer.as_str())).collect();
        assert_eq!(
            errors,
            [
                ("path parameter `{id}` is not declared", "/paths/~1items~1{id}"),
                ("path parameter `other` does not appear in the path `/items/{id}`", "/paths/~1items~1{id}/get/parameters/0"),
            ]
        );
        let o = op(&api, "get_item");
        assert!(o.params.is_empty());
        assert_eq!(o.path_parts, [PathPart::Literal("/items/".into()), PathPart::Literal("{id}".into())]);
    }

    #[test]
    fn headers_the_client_sets_are_dropped_and_names_keep_clear_of_the_builders() {
        let (api, _) = lower30(
            "
            paths:
              /files/{path}:
                get:
                  operationId: getFile
                  parameters:
                    - {name: path, in: path, required: true, schema: {type: string}}
                    - {name: Accept, in: header, schema: {type: string}}
                    - {name: content-type, in: header, schema: {type: string}}
                    - {name: Authorization, in: header, schema: {type: string}}
                    - {name: body, in: query, schema: {type: string}}
                    - {name: query, in: query, schema: {type: string}}
                    - {name: type, in: query, schema: {type: string}}
                  responses: {'204': {description: done}}
            ",
        );
        let names: Vec<&str> = op(&api, "get_file").params.iter().map(|p| p.name.as_str()).collect();
        // Only a path parameter avoids the generated method's locals (`path`, `query`, …).
        assert_eq!(names, ["path_param", "body_2", "query", "type_"]);
    }
}
