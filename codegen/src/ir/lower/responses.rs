//! Responses → the two outcomes of an operation (success and failure): one arm per status,
//! each arm's payload by media type (JSON, text, bytes, event streams), the caller-facing shape,
//! and the headers the success responses declare.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::envelope::caller_payload;
use super::media::{body_kind, is_event_stream};
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
        let has_success = op.documents_2xx();
        let mut success_arms = Vec::new();
        let mut failure_arms = Vec::new();
        for resp in entries {
            let m = resp.status;
            let success = m.counts_as_success(has_success);
            let word = m.word();
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
        let has_success = op.documents_2xx();
        let mut names = Scope::default();
        let mut seen = BTreeSet::new();
        let mut headers = Vec::new();
        for r in &op.responses {
            if !r.status.counts_as_success(has_success) {
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
                    required: h.required,
                    example: h.schema.as_ref().and_then(|s| self.header_example(s)),
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

    /// A header's value as sent, from its schema: the first example, else the default, else the
    /// first enum value; a string as it is, anything else as JSON text.
    fn header_example(&self, schema: &document::SchemaOrRef) -> Option<String> {
        let s = self.resolve(schema)?;
        let value = s.examples.first().map(|e| &e.value).or(s.default.as_ref()).or(s.enumeration.first())?;
        Some(match value {
            serde_json::Value::String(text) => text.clone(),
            v => v.to_string(),
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

#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, lower_yaml, messages, op};
    use crate::ir::model::{IntKind, OutcomeShape, Payload, StatusKey, TypeRef};

    const SCHEMAS: &str = "
            components:
              schemas:
                Pet: {type: object, properties: {id: {type: string}}}
                Problem: {type: object, properties: {detail: {type: string}}}
    ";

    fn statuses(arms: &[crate::ir::Arm]) -> Vec<(StatusKey, &str)> {
        arms.iter().map(|a| (a.status, a.variant.as_str())).collect()
    }

    #[test]
    fn responses_split_into_success_and_failure_arms_by_status() {
        let (api, diags) = lower30(&format!(
            "
            paths:
              /pets:
                get:
                  operationId: getPet
                  responses:
                    default: {{description: other, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}
                    4XX: {{description: bad, content: {{application/json: {{schema: {{type: object, properties: {{a: {{type: string}}}}}}}}}}}}
                    '404': {{description: missing, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}}}
                    '200': {{description: the pet, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
            {SCHEMAS}"
        ));
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let o = op(&api, "get_pet");
        assert_eq!(statuses(&o.success.arms), [(StatusKey::Code(200), "Ok")]);
        assert_eq!(o.success.arms[0].doc.as_deref(), Some("the pet"));
        assert_eq!(o.success.shape, OutcomeShape::Single(Some(Payload::Json(TypeRef::Named(id(&api, "Pet"))))));
        // Sorted by status, `default` last; the inline body of 4XX is named after its arm.
        assert_eq!(
            statuses(&o.failure.arms),
            [(StatusKey::Code(404), "NotFound"), (StatusKey::Range(4), "Status4xx"), (StatusKey::Default, "Default")]
        );
        assert_eq!(o.failure.arms[1].payload, Some(Payload::Json(TypeRef::Named(id(&api, "GetPetStatus4xxError")))));
        assert_eq!(o.failure.shape, OutcomeShape::Enum("GetPetError".into()));
    }

    #[test]
    fn the_outcome_shape_is_one_payload_an_enum_or_nothing() {
        let (api, _) = lower30(&format!(
            "
            paths:
              /a:
                post:
                  operationId: create
                  responses:
                    '202': {{description: queued}}
                    '201': {{description: made, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
              /b:
                delete:
                  operationId: remove
                  responses: {{'204': {{description: gone}}}}
              /c:
                get:
                  operationId: fallback
                  responses:
                    default: {{description: anything, content: {{text/plain: {{schema: {{type: string}}}}}}}}
            {SCHEMAS}"
        ));
        let create = op(&api, "create");
        assert_eq!(statuses(&create.success.arms), [(StatusKey::Code(201), "Created"), (StatusKey::Code(202), "Accepted")]);
        assert_eq!(create.success.shape, OutcomeShape::Enum("CreateResponse".into()));
        assert_eq!(create.failure.shape, OutcomeShape::Nothing);
        let remove = op(&api, "remove");
        assert_eq!((&remove.success.shape, remove.success.arms[0].payload.as_ref()), (&OutcomeShape::Single(None), None));
        // With no 2xx, `default` is the success.
        let fallback = op(&api, "fallback");
        assert_eq!(statuses(&fallback.success.arms), [(StatusKey::Default, "Default")]);
        assert_eq!(fallback.success.shape, OutcomeShape::Single(Some(Payload::Text)));
        assert!(fallback.failure.arms.is_empty());
    }

    #[test]
    fn payloads_follow_the_media_type() {
        let (api, _) = lower30(&format!(
            "
            paths:
              /a:
                get:
                  operationId: pick
                  responses:
                    '200':
                      description: either
                      content:
                        application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}
                        text/plain: {{}}
                    '201': {{description: bytes, content: {{application/pdf: {{}}}}}}
                    '202': {{description: maybe, content: {{application/json: {{schema: {{type: integer, nullable: true}}}}}}}}
                    '203': {{description: events, content: {{text/event-stream: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
            {SCHEMAS}"
        ));
        let payloads: Vec<Option<&Payload>> = op(&api, "pick").success.arms.iter().map(|a| a.payload.as_ref()).collect();
        let pet = TypeRef::Named(id(&api, "Pet"));
        let either = Payload::ByMediaType(
            "PickOkBody".into(),
            vec![
                ("ApplicationJson".into(), "application/json".into(), Box::new(Payload::Json(pet.clone()))),
                ("TextPlain".into(), "text/plain".into(), Box::new(Payload::Text)),
            ],
        );
        assert_eq!(payloads[0], Some(&either));
        assert_eq!(payloads[1], Some(&Payload::Binary));
        assert_eq!(payloads[2], Some(&Payload::Json(TypeRef::Nullable(Box::new(TypeRef::Int(IntKind::I64))))));
        assert_eq!(payloads[3], Some(&Payload::EventStream(pet)));
    }

    #[test]
    fn an_event_stream_item_schema_types_each_events_data() {
        let (api, _) = lower_yaml(
            "openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /events:
    get:
      operationId: watch
      responses:
        '200':
          description: events
          content:
            text/event-stream:
              itemSchema:
                type: object
                properties: {event: {type: string}, data: {type: integer, format: int32}}
",
        );
        let payload = op(&api, "watch").success.arms[0].payload.clone();
        assert_eq!(payload, Some(Payload::EventStream(TypeRef::Int(IntKind::I32))));
    }

    #[test]
    fn success_headers_become_one_struct_of_scalar_fields() {
        let (api, _) = lower30(
            "
            paths:
              /a:
                get:
                  operationId: list
                  responses:
                    '200':
                      description: ok
                      headers:
                        X-Rate-Limit: {schema: {type: integer, format: int32, example: 60}, required: true, description: Calls left.}
                        X-Mode: {schema: {type: string, enum: [fast, slow]}}
                        X-Meta: {schema: {type: object, properties: {a: {type: string}}}}
                        Content-Type: {schema: {type: string}}
                    '206':
                      description: partial
                      headers:
                        x-rate-limit: {schema: {type: string}}
                        X-Next: {}
                    '500':
                      description: failed
                      headers: {X-Error: {schema: {type: string}}}
            ",
        );
        let headers = op(&api, "list").response_headers.clone().expect("headers");
        assert_eq!(headers.name, "ListHeaders");
        let fields: Vec<(&str, &str, &TypeRef)> = headers.headers.iter().map(|h| (h.name.as_str(), h.wire.as_str(), &h.ty)).collect();
        let mode = TypeRef::Named(id(&api, "ListXModeHeader"));
        assert_eq!(
            fields,
            [
                ("x_rate_limit", "X-Rate-Limit", &TypeRef::Int(IntKind::I32)),
                ("x_mode", "X-Mode", &mode),
                ("x_meta", "X-Meta", &TypeRef::String),
                ("x_next", "X-Next", &TypeRef::String),
            ]
        );
        assert_eq!(headers.headers[0].doc.as_deref(), Some("Calls left."));
        // What a mock sends when a test sets none: the example, else the first enum value.
        let sent: Vec<(bool, Option<&str>)> = headers.headers.iter().map(|h| (h.required, h.example.as_deref())).collect();
        assert_eq!(sent, [(true, Some("60")), (false, Some("fast")), (false, None), (false, None)]);
    }
}
