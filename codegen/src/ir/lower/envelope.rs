//! `x-envelope`: responses wrapped in a success flag and a payload field. Reads the extension
//! (per operation, else document-wide) and finds the payload field the caller gets instead of
//! the whole body.

use super::Lowering;
use crate::diagnostic::{pointer, Diagnostic};
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
