//! Responses → the two outcomes of an operation (success and failure): one arm per status,
//! each arm's payload by media type (JSON, text, bytes, event streams), the caller-facing shape,
//! and the headers the success responses declare.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::envelope::caller_payload;
use super::media::{body_kind, is_event_stream};
use super::status::{counts_as_success, has_success_status, status_match, status_word};
use super::Lowering;
use crate::document::{self, StatusKey};
use crate::ir::model::{
    Arm, BodyKind, Envelope, Outcome, OutcomeShape, Payload, ResponseHeader, ResponseHeaders, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};

impl<'a> Lowering<'a> {
    pub(super) fn outcomes(&mut self, op: &'a document::Operation, type_base: &str, envelope: Option<&Envelope>) -> (Outcome, Outcome) {
        // `default` last: the types of the other responses are named first.
        let mut entries: Vec<&'a document::Response> = op.responses.iter().filter(|r| r.status != StatusKey::Default).collect();
        entries.extend(op.responses.iter().filter(|r| r.status == StatusKey::Default));
        let has_success = has_success_status(&op.responses);
        let mut success_arms = Vec::new();
        let mut failure_arms = Vec::new();
        for resp in entries {
            let m = status_match(resp.status);
            let success = counts_as_success(m, has_success);
            let word = status_word(m);
            let hint = if success { format!("{type_base}{word}") } else { format!("{type_base}{word}Error") };
            let payload = self.payload(&resp.content, &hint);
            let extract = match (&payload, envelope.and_then(|e| e.payload_field.as_ref())) {
                (Some(Payload::Json(t)), Some(field)) if success => self.extract(t, field, &resp.pointer),
                _ => None,
            };
            let doc = Some(resp.description.clone()).filter(|d| !d.is_empty());
            let arm = Arm { status: m, variant: word, payload, doc, extract };
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

    fn payload(&mut self, content: &'a IndexMap<String, document::MediaType>, hint: &str) -> Option<Payload> {
        let mut alternatives = Vec::new();
        let mut seen = BTreeSet::new();
        for (media, mt) in content {
            if is_event_stream(media) {
                let data = self.event_data_type(mt, hint);
                if seen.insert(media.to_ascii_lowercase()) {
                    alternatives.push((media.clone(), Payload::EventStream(data)));
                }
                continue;
            }
            let p = match body_kind(media) {
                BodyKind::Json | BodyKind::Form => {
                    let ptr = format!("{}/schema", mt.pointer);
                    Payload::Json(match &mt.schema {
                        // A nullable body (`null` on the wire) decodes into an `Option`.
                        Some(s) if self.nullable(s) => TypeRef::Nullable(Box::new(self.type_ref(s, hint, &ptr))),
                        Some(s) => self.type_ref(s, hint, &ptr),
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

    /// The type of an event's `data`: 3.2's `itemSchema` describes one event (its `data`
    /// property, or the item itself when it has none); earlier specs put the data's schema in
    /// `schema`.
    fn event_data_type(&mut self, mt: &'a document::MediaType, hint: &str) -> TypeRef {
        let hint = format!("{hint}Event");
        if let Some(item) = &mt.item_schema {
            let ptr = format!("{}/itemSchema", mt.pointer);
            return match self.resolve(item).and_then(|s| s.properties.get("data")) {
                Some(d) => self.type_ref(d, &hint, &format!("{ptr}/properties/data")),
                None => self.type_ref(item, &hint, &ptr),
            };
        }
        match &mt.schema {
            Some(s) => self.type_ref(s, &hint, &format!("{}/schema", mt.pointer)),
            None => TypeRef::Json,
        }
    }

    /// The headers the success responses declare (`Content-Type` aside, which OpenAPI says is
    /// ignored there), as one struct per operation.
    pub(super) fn response_headers(
        &mut self,
        op: &'a document::Operation,
        type_base: &str,
    ) -> Option<ResponseHeaders> {
        let has_success = has_success_status(&op.responses);
        let mut names = Scope::default();
        let mut seen = BTreeSet::new();
        let mut headers = Vec::new();
        for r in &op.responses {
            if !counts_as_success(status_match(r.status), has_success) {
                continue;
            }
            for (wire, h) in &r.headers {
                if wire.eq_ignore_ascii_case("content-type")
                    || !seen.insert(wire.to_ascii_lowercase())
                {
                    continue;
                }
                let hint = format!("{type_base}{}Header", naming::camel(wire));
                let ty = match &h.schema {
                    Some(s) => self.type_ref(s, &hint, &format!("{}/schema", h.pointer)),
                    None => TypeRef::String,
                };
                headers.push(ResponseHeader {
                    name: names.claim(&naming::snake(wire)),
                    wire: wire.clone(),
                    ty: self.header_type(ty),
                    doc: h.description.clone(),
                });
            }
        }
        if headers.is_empty() {
            return None;
        }
        Some(ResponseHeaders {
            name: self.type_names.claim(&format!("{type_base}Headers")),
            headers,
        })
    }

    /// What a header's value is read as: scalars and enums parse from its text; anything else
    /// (objects, lists, JSON, secrets) is kept as the text itself.
    fn header_type(&self, ty: TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(id)
                if !matches!(
                    self.types[id].kind,
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_)
                ) =>
            {
                TypeRef::String
            }
            TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Json
            | TypeRef::Tuple(_)
            | TypeRef::Nullable(_)
            | TypeRef::Secret => TypeRef::String,
            t => t,
        }
    }
}
