//! The methods of a mock's `<Op>Then`: one per documented response, named after its status,
//! taking the value the client returns for it and writing the wire form the client decodes
//! (the envelope around a success, `success-field: false` in an error, the media type).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::{ident, rust_type, Scope};
use crate::ir::*;

/// Every answer method of an operation's `Then`.
pub(super) fn answers(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let arms: Vec<(&Arm, bool)> = op.success.arms.iter().map(|a| (a, false)).chain(op.failure.arms.iter().map(|a| (a, true))).collect();
    // `default` and ranges share one `status(code, …)` when they carry the same body (TADA's
    // `4XX` and `5XX`); else each range has its own (`status_4xx`).
    let open: Vec<&(&Arm, bool)> = arms.iter().filter(|(a, _)| !matches!(a.status, StatusKey::Code(_))).collect();
    let shared = open.windows(2).all(|w| w[0].0.payload == w[1].0.payload && w[0].1 == w[1].1);
    let mut out = Vec::new();
    let mut status_done = false;
    for &(arm, failure) in &arms {
        let (name, fixed) = match arm.status {
            StatusKey::Code(c) => (status_name(c), Some(c)),
            _ if shared && status_done => continue,
            _ if shared => ("status".to_owned(), None),
            StatusKey::Default => ("status".to_owned(), None),
            StatusKey::Range(r) => (format!("status_{r}xx"), None),
        };
        status_done |= fixed.is_none();
        out.push(answer(api, op, arm, failure, &name, fixed));
    }
    if op.success.arms.is_empty() {
        out.push(quote! {
            /// Answers `200` with no body (the spec documents no success).
            pub fn ok(&mut self) -> &mut Self {
                self.0.empty(200);
                self
            }
        });
    }
    out
}

/// One answer method; `fixed` is its status, or `None` when the caller passes one (`default`
/// and ranges).
fn answer(api: &Api, op: &Operation, arm: &Arm, failure: bool, name: &str, fixed: Option<u16>) -> TokenStream {
    let n = ident(name);
    let (code_arg, code) = match fixed {
        Some(c) => (TokenStream::new(), Literal::u16_unsuffixed(c).into_token_stream()),
        None => (quote!(code: u16,), quote!(code)),
    };
    let success_field = op.envelope.as_ref().and_then(|e| e.success_field.as_deref());
    let (arg, write) = match (&arm.payload, &arm.extract) {
        (None, _) => (TokenStream::new(), quote!(self.0.empty(#code))),
        (Some(Payload::Json(t)), Some(e)) if !failure => {
            let ty = rust_type(api, &e.ty, Scope::Client);
            let ty = if e.optional { quote!(Option<#ty>) } else { ty };
            match skeleton(api, t, &e.field, success_field) {
                Some((skeleton, payload)) => (quote!(body: &#ty), quote!(self.0.enveloped(#code, body, #skeleton, #payload))),
                None => (quote!(body: &#ty), quote!(self.0.json(#code, body))),
            }
        }
        (Some(p), _) => {
            let arg = payload_arg(api, p);
            let write = match (p, success_field) {
                (Payload::Json(_), Some(field)) if failure => quote!(self.0.failure(#code, body, #field)),
                _ => write_payload(p, &code, &quote!(body)),
            };
            (quote!(body: #arg), write)
        }
    };
    let status = match fixed {
        Some(c) => format!("`{c}`"),
        None => "the status given".to_owned(),
    };
    let what = arm.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()).map_or(String::new(), |d| format!(": {}", d.lines().next().unwrap_or(d)));
    let text = format!(" Answers {status}{what}");
    quote! {
        #[doc = #text]
        pub fn #n(&mut self, #code_arg #arg) -> &mut Self {
            #write;
            self
        }
    }
}

/// What an answer method takes for a payload: what the client hands back for it.
fn payload_arg(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Json(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(&#t)
        }
        Payload::Text => quote!(&str),
        Payload::Binary => quote!(impl Into<crate::runtime::Bytes>),
        Payload::EventStream(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(&[#t])
        }
        Payload::ByMediaType(name, _) => {
            let n = ident(name);
            quote!(&types::#n)
        }
    }
}

/// The call that writes a payload held (by reference) in `v`.
fn write_payload(p: &Payload, code: &TokenStream, v: &TokenStream) -> TokenStream {
    match p {
        Payload::Json(_) => quote!(self.0.json(#code, #v)),
        Payload::Text => quote!(self.0.text(#code, #v, "text/plain")),
        Payload::Binary => quote!(self.0.bytes(#code, #v, "application/octet-stream")),
        Payload::EventStream(_) => quote!(self.0.events(#code, #v)),
        Payload::ByMediaType(name, variants) => {
            let n = ident(name);
            let arms = variants.iter().map(|(variant, media, inner)| {
                let var = ident(variant);
                let write = match inner.as_ref() {
                    Payload::Json(_) => quote!({ self.0.json(#code, value); self.0.media_type(#media) }),
                    Payload::Text => quote!(self.0.text(#code, value, #media)),
                    Payload::Binary => quote!(self.0.bytes(#code, value.clone(), #media)),
                    // A stream the client already reads cannot be written back; the events of a
                    // stream-only response go through the operation's own method.
                    _ => quote!(self.0.text(#code, "", #media)),
                };
                quote!(types::#n::#var(value) => #write,)
            });
            quote!(match #v { #(#arms)* })
        }
    }
}

/// An envelope's other required fields as a JSON object of placeholders (the success flag
/// `true`), and the wire name of its payload field; `None` when the type is not a struct.
fn skeleton(api: &Api, t: &TypeRef, payload: &str, success_field: Option<&str>) -> Option<(String, String)> {
    let TypeRef::Named(id) = super::mock::strip(api, t) else { return None };
    let TypeKind::Struct(s) = &api.types[*id].kind else { return None };
    let mut object = serde_json::Map::new();
    let mut payload_wire = None;
    for f in &s.fields {
        if f.name == payload {
            payload_wire = Some(f.wire.clone());
        } else if Some(f.wire.as_str()) == success_field {
            object.insert(f.wire.clone(), serde_json::Value::Bool(true));
        } else if f.required && !f.nullable {
            object.insert(f.wire.clone(), placeholder(api, &f.ty));
        }
    }
    Some((serde_json::Value::Object(object).to_string(), payload_wire?))
}

/// A value of the type for a required envelope field the caller does not give.
fn placeholder(api: &Api, t: &TypeRef) -> serde_json::Value {
    use serde_json::json;
    match super::mock::strip(api, t) {
        TypeRef::String | TypeRef::Secret => json!(""),
        TypeRef::Bool => json!(false),
        TypeRef::Int(_) | TypeRef::Float(_) => json!(0),
        TypeRef::DateTime => json!("1970-01-01T00:00:00Z"),
        TypeRef::Date => json!("1970-01-01"),
        TypeRef::Uuid => json!("00000000-0000-0000-0000-000000000000"),
        TypeRef::Array(_) | TypeRef::Tuple(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::StringEnum(values) => values.first().map_or(json!(""), |v| json!(v.wire)),
            TypeKind::IntEnum(values) => values.first().map_or(json!(0), |v| json!(v.wire)),
            TypeKind::Struct(_) => json!({}),
            _ => serde_json::Value::Null,
        },
        _ => serde_json::Value::Null,
    }
}

/// A method name for a status code: its reason phrase in snake case (`404` → `not_found`).
fn status_name(code: u16) -> String {
    let name = match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non_authoritative_information",
        204 => "no_content",
        205 => "reset_content",
        206 => "partial_content",
        207 => "multi_status",
        300 => "multiple_choices",
        301 => "moved_permanently",
        302 => "found",
        303 => "see_other",
        304 => "not_modified",
        307 => "temporary_redirect",
        308 => "permanent_redirect",
        400 => "bad_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        416 => "range_not_satisfiable",
        417 => "expectation_failed",
        418 => "im_a_teapot",
        421 => "misdirected_request",
        422 => "unprocessable_entity",
        423 => "locked",
        424 => "failed_dependency",
        425 => "too_early",
        426 => "upgrade_required",
        428 => "precondition_required",
        429 => "too_many_requests",
        431 => "request_header_fields_too_large",
        451 => "unavailable_for_legal_reasons",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        505 => "http_version_not_supported",
        507 => "insufficient_storage",
        _ => return format_ident!("status_{}", code).to_string(),
    };
    name.to_owned()
}
