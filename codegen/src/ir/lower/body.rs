//! Request bodies: which of the declared media types is sent, how it is encoded, and the
//! multipart form type with its file and value parts.

use indexmap::IndexMap;

use super::media::body_kind;
use super::{Lowering, Schema};
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document::{self, SchemaOrRef, Type};
use crate::ir::model::{BodyKind, MultipartField, MultipartKind, RequestBody, TypeKind, TypeRef};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    pub(super) fn request_body(&mut self, op: &'a document::Operation, type_base: &str) -> Option<RequestBody> {
        let body = op.request_body.as_ref()?;
        let (media, content) = pick_request_media(&body.content)?;
        let kind = body_kind(media);
        let hint = format!("{type_base}Body");
        let ty = match (kind, &content.schema) {
            (BodyKind::Multipart, Some(s)) => self.multipart(s, &content.encoding, &format!("{type_base}Form"), &content.pointer),
            (BodyKind::Binary, _) => TypeRef::Bytes,
            (BodyKind::Text, _) => TypeRef::String,
            // Only JSON can say `null`: a nullable JSON body is an `Option`, and `None` is sent
            // as `null` (see `surface::operation` for how it is taken).
            (BodyKind::Json, Some(s)) if self.nullable(s) => {
                TypeRef::Nullable(Box::new(self.type_ref(s, &hint, &format!("{}/schema", content.pointer))))
            }
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

#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, messages, named, op};
    use crate::ir::model::{BodyKind, IntKind, MultipartKind, RequestBody, TypeKind, TypeRef};

    fn body(content: &str) -> (crate::ir::Api, Vec<crate::Diagnostic>, Option<RequestBody>) {
        let (api, diags) = lower30(&format!(
            "
            paths:
              /things:
                post:
                  operationId: send_thing
                  requestBody:
                    required: true
                    content: {content}
                  responses: {{'204': {{description: done}}}}
            "
        ));
        let body = op(&api, "send_thing").body.clone();
        (api, diags, body)
    }

    #[test]
    fn a_json_body_is_sent_as_json_with_its_inline_type_named_after_the_operation() {
        let (api, diags, body) = body("{application/json: {schema: {type: object, properties: {name: {type: string}}}}}");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let body = body.expect("a body");
        assert_eq!((body.media_type.as_str(), body.kind, body.required), ("application/json", BodyKind::Json, true));
        assert_eq!(body.ty, TypeRef::Named(id(&api, "SendThingBody")));
    }

    #[test]
    fn of_several_media_types_json_is_preferred_then_multipart_form_text_binary() {
        let pick = |content: &str| {
            let b = body(content).2.expect("a body");
            (b.media_type, b.kind, b.ty)
        };
        assert_eq!(
            pick("{text/plain: {}, application/x-www-form-urlencoded: {schema: {type: object}}, application/vnd.api+json: {schema: {type: integer, format: int32}}}"),
            ("application/vnd.api+json".into(), BodyKind::Json, TypeRef::Int(IntKind::I32))
        );
        assert_eq!(
            pick("{application/octet-stream: {}, application/x-www-form-urlencoded: {schema: {type: object, additionalProperties: {type: string}}}}"),
            ("application/x-www-form-urlencoded".into(), BodyKind::Form, TypeRef::Map(Box::new(TypeRef::String)))
        );
        assert_eq!(
            pick("{application/x-www-form-urlencoded: {schema: {type: object}}, multipart/form-data: {schema: {type: object}}}").1,
            BodyKind::Multipart
        );
        assert_eq!(pick("{application/octet-stream: {}, text/plain: {schema: {type: integer}}}"), ("text/plain".into(), BodyKind::Text, TypeRef::String));
        assert_eq!(pick("{image/png: {schema: {type: string}}}"), ("image/png".into(), BodyKind::Binary, TypeRef::Bytes));
        assert_eq!(pick("{application/json: {}}"), ("application/json".into(), BodyKind::Json, TypeRef::Json));
    }

    #[test]
    fn a_nullable_json_body_is_an_option_and_a_nullable_form_body_is_not() {
        let (api, diags, json) = body("{application/json: {schema: {type: object, nullable: true, properties: {debug: {type: boolean}}}}}");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(json.map(|b| b.ty), Some(TypeRef::Nullable(Box::new(TypeRef::Named(id(&api, "SendThingBody"))))));
        // Through a `$ref` to a nullable component too.
        let (api, _) = lower30(
            "
            paths:
              /things:
                post:
                  operationId: send_thing
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Opts'}}}}
                  responses: {'204': {description: done}}
            components:
              schemas:
                Opts: {type: object, nullable: true, properties: {debug: {type: boolean}}}
            ",
        );
        let ty = op(&api, "send_thing").body.clone().map(|b| b.ty);
        assert_eq!(ty, Some(TypeRef::Nullable(Box::new(TypeRef::Named(id(&api, "Opts"))))));
        // A form has no `null`: its body stays the plain type.
        let (_, _, form) = body("{application/x-www-form-urlencoded: {schema: {type: object, nullable: true, additionalProperties: {type: string}}}}");
        assert_eq!(form.map(|b| b.ty), Some(TypeRef::Map(Box::new(TypeRef::String))));
    }

    #[test]
    fn a_multipart_body_is_a_form_of_files_and_values() {
        let (api, diags, body) = body(
            "
                      multipart/form-data:
                        schema:
                          type: object
                          required: [file]
                          properties:
                            file: {type: string, format: binary}
                            pages: {type: array, items: {type: string, format: binary}}
                            meta: {type: object, properties: {title: {type: string}}}
                            count: {type: integer, description: How many.}
                        encoding: {meta: {contentType: 'application/json, text/plain'}}",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let body = body.expect("a body");
        assert_eq!((body.kind, &body.ty), (BodyKind::Multipart, &TypeRef::Named(id(&api, "SendThingForm"))));
        let TypeKind::Multipart(fields) = &named(&api, "SendThingForm").kind else { panic!("not a form") };
        let parts: Vec<(&str, &MultipartKind, bool, Option<&str>)> =
            fields.iter().map(|f| (f.name.as_str(), &f.kind, f.required, f.content_type.as_deref())).collect();
        let meta = MultipartKind::Value(TypeRef::Named(id(&api, "SendThingFormMeta")));
        let count = MultipartKind::Value(TypeRef::Int(IntKind::I64));
        assert_eq!(
            parts,
            [
                ("file", &MultipartKind::File, true, None),
                ("pages", &MultipartKind::Files, false, None),
                ("meta", &meta, false, Some("application/json")),
                ("count", &count, false, None),
            ]
        );
        assert_eq!(fields[3].doc.as_deref(), Some("How many."));
    }

    #[test]
    fn a_multipart_schema_that_is_not_an_object_is_reported() {
        let (_, diags, body) = body("{multipart/form-data: {schema: {type: string}}}");
        assert_eq!(body.map(|b| b.kind), Some(BodyKind::Multipart));
        assert_eq!(messages(&diags), ["multipart body schema is not an object; sent as one JSON part"]);
    }
}
