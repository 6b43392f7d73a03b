//! Parameters: the declared ones checked against the path template (path parameters first, in
//! template order), each given a Rust name, a type and a query style; the path template split
//! into literal text and parameter references.

use super::Lowering;
use crate::diagnostic::{pointer, Diagnostic};
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
