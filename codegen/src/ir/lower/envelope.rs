//! `x-envelope`: responses wrapped in a success flag and a payload field. Reads the extension
//! (per operation, else document-wide) and finds the payload field the caller gets instead of
//! the whole body.

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document;
use crate::ir::model::{Arm, Envelope, Extract, Payload, TypeKind, TypeRef};

impl<'a> Lowering<'a> {
    pub(super) fn envelope(&mut self, op: &'a document::Operation) -> Option<Envelope> {
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

    pub(super) fn extract(&mut self, t: &TypeRef, field: &str, at: &str) -> Option<Extract> {
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
}

pub(super) fn caller_payload(a: &Arm) -> Option<Payload> {
    match &a.extract {
        Some(e) => Some(Payload::Json(if e.optional { TypeRef::Nullable(Box::new(e.ty.clone())) } else { e.ty.clone() })),
        None => a.payload.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, messages, op};
    use crate::diagnostic::Severity;
    use crate::ir::model::{Envelope, Extract, OutcomeShape, Payload, TypeRef};

    fn lower_enveloped(document_level: &str, operation_level: &str) -> (crate::ir::Api, Vec<crate::Diagnostic>) {
        lower30(&format!(
            "
            {document_level}
            paths:
              /a:
                get:
                  operationId: wrapped
                  {operation_level}
                  responses:
                    '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Wrapper'}}}}}}}}
            components:
              schemas:
                Wrapper:
                  type: object
                  required: [ok]
                  properties: {{ok: {{type: boolean}}, data: {{type: array, items: {{type: string}}}}}}
            "
        ))
    }

    #[test]
    fn the_payload_field_is_what_the_caller_gets() {
        let (api, diags) = lower_enveloped("x-envelope: {success-field: ok, payload-field: data}", "");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let o = op(&api, "wrapped");
        assert_eq!(o.envelope, Some(Envelope { success_field: Some("ok".into()), payload_field: Some("data".into()) }));
        let list = TypeRef::Array(Box::new(TypeRef::String));
        assert_eq!(o.success.arms[0].extract, Some(Extract { field: "data".into(), ty: list.clone(), optional: true }));
        // The arm still decodes the whole body; the caller sees the (optional) field.
        assert_eq!(o.success.arms[0].payload, Some(Payload::Json(TypeRef::Named(id(&api, "Wrapper")))));
        assert_eq!(o.success.shape, OutcomeShape::Single(Some(Payload::Json(TypeRef::Nullable(Box::new(list))))));
    }

    #[test]
    fn an_operation_can_opt_out_or_set_its_own() {
        let (api, _) = lower_enveloped("x-envelope: {payload-field: data}", "x-envelope: false");
        assert_eq!(op(&api, "wrapped").envelope, None);
        assert_eq!(op(&api, "wrapped").success.arms[0].extract, None);
        let (api, _) = lower_enveloped("", "x-envelope: {success-field: ok}");
        assert_eq!(op(&api, "wrapped").envelope, Some(Envelope { success_field: Some("ok".into()), payload_field: None }));
    }

    #[test]
    fn a_malformed_envelope_is_reported() {
        let (_, diags) = lower_enveloped("", "x-envelope: {payload-field: data, result: x}");
        assert_eq!(messages(&diags), ["unknown `x-envelope` key `result`"]);
        assert_eq!((diags[0].severity, diags[0].pointer.as_str()), (Severity::Warning, "/paths/~1a/get/x-envelope/result"));
        let (api, diags) = lower_enveloped("x-envelope: data", "");
        assert_eq!(messages(&diags), ["`x-envelope` must be a mapping or `false`"]);
        assert_eq!((diags[0].severity, diags[0].pointer.as_str()), (Severity::Error, "/x-envelope"));
        assert_eq!(op(&api, "wrapped").envelope, None);
        let (api, diags) = lower_enveloped("x-envelope: {payload-field: result}", "");
        assert_eq!(
            messages(&diags),
            ["x-envelope payload field `result` is not in this response's schema; the whole body is returned"]
        );
        assert_eq!(op(&api, "wrapped").success.arms[0].extract, None);
    }
}
