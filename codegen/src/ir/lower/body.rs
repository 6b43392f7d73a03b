//! Request bodies: which of the declared media types is sent, how it is encoded, and the
//! multipart form type with its file and value parts.

use indexmap::IndexMap;

use super::media::body_kind;
use super::{Lowering, Schema};
use crate::diagnostic::{pointer, Diagnostic};
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
