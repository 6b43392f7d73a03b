//! The response half of a call: the match on the status that decodes each documented answer
//! into the operation's outcome types, and the envelope check for APIs that report failure in a
//! 2xx body.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type, Scope};
use crate::ir::*;

/// The expression a success arm yields, before wrapping in the outcome enum.
fn success_value(api: &Api, arm: &Arm) -> TokenStream {
    let value = match &arm.payload {
        None => quote!(()),
        Some(p) => decode_payload(api, p),
    };
    match &arm.extract {
        Some(e) => {
            let f = ident(&e.field);
            // A payload too large to hold by value is boxed in the envelope (`ir::size`); the
            // caller still gets the value itself.
            match (extracted_is_boxed(api, arm, &e.field), e.optional) {
                (false, _) => quote!({ let body = #value; body.#f }),
                (true, false) => quote!({ let body = #value; *body.#f }),
                (true, true) => quote!({ let body = #value; body.#f.map(|boxed| *boxed) }),
            }
        }
        None => value,
    }
}

/// Whether the envelope field an arm extracts is boxed in the envelope struct.
fn extracted_is_boxed(api: &Api, arm: &Arm, field: &str) -> bool {
    let Some(Payload::Json(first)) = &arm.payload else { return false };
    let mut t: &TypeRef = first;
    // Through aliases, to the envelope struct.
    for _ in 0..api.types.len() {
        match t {
            TypeRef::Named(id) => match &api.types[*id].kind {
                TypeKind::Alias(next) => t = next,
                TypeKind::Struct(s) => return s.fields.iter().any(|f| f.name == field && f.boxed),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn decode_payload(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Json(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(crate::runtime::decode_success::<#t, _>(&raw)?)
        }
        Payload::Text => quote!(crate::runtime::decode_text(&raw)?),
        Payload::Binary => quote!(raw.body.clone()),
        Payload::EventStream(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(crate::runtime::event_stream::<#t, _>(&raw, stream)?)
        }
        Payload::ByMediaType(name, variants) => {
            let n = ident(name);
            let arms = variants.iter().map(|(v, media, inner)| {
                let v = ident(v);
                let value = decode_payload(api, inner);
                quote!(#media => types::#n::#v(#value),)
            });
            quote! {
                match crate::runtime::media_type(&raw).as_str() {
                    #(#arms)*
                    _ => return Err(crate::runtime::unexpected(raw)),
                }
            }
        }
    }
}

/// Patterns for a run of statuses, with consecutive `NXX` ranges fused into one range.
fn fused_patterns(statuses: &[StatusKey]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < statuses.len() {
        if let StatusKey::Range(first) = statuses[i] {
            let mut last = first;
            while let Some(StatusKey::Range(next)) = statuses.get(i + 1) {
                if *next != last + 1 {
                    break;
                }
                last = *next;
                i += 1;
            }
            let lo = Literal::u16_unsuffixed(first * 100);
            let hi = Literal::u16_unsuffixed(last * 100 + 99);
            out.push(quote!(#lo..=#hi));
        } else {
            out.push(status_pattern(statuses[i]));
        }
        i += 1;
    }
    out
}

fn status_pattern(m: StatusKey) -> TokenStream {
    match m {
        StatusKey::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusKey::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusKey::Default => quote!(_),
    }
}

pub(super) fn response_arms(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut arms = Vec::new();
    let success_enum = match &op.success.shape {
        OutcomeShape::Enum(n) => Some(ident(n)),
        _ => None,
    };
    for a in &op.success.arms {
        let value = success_value(api, a);
        let wrapped = match &success_enum {
            Some(e) => {
                let v = ident(&a.variant);
                if a.payload.is_some() {
                    quote!(types::#e::#v(#value))
                } else {
                    quote!(types::#e::#v)
                }
            }
            None => value,
        };
        // `default` as the only success arm still only covers 2xx here; other statuses fall through.
        let pat = match a.status {
            StatusKey::Default => quote!(200..=299),
            s => status_pattern(s),
        };
        arms.push(quote!(#pat => Ok(#wrapped),));
    }
    if op.success.arms.is_empty() {
        arms.push(quote!(200..=299 => Ok(()),));
    }
    // Adjacent arms with the same body share one arm (only adjacent ones: moving a range before
    // a code it contains would change which arm matches); adjacent ranges fuse (`400..=599`).
    let mut merged: Vec<(Vec<StatusKey>, String, TokenStream)> = Vec::new();
    for a in &op.failure.arms {
        let err = failure_value(api, op, a);
        let key = err.to_string();
        match merged.last_mut() {
            Some((statuses, last, _)) if *last == key && a.status != StatusKey::Default => {
                statuses.push(a.status)
            }
            _ => merged.push((vec![a.status], key, err)),
        }
    }
    for (statuses, _, err) in merged {
        let pats = fused_patterns(&statuses);
        arms.push(quote!(#(#pats)|* => Err(#err),));
    }
    if !op
        .failure
        .arms
        .iter()
        .any(|a| a.status == StatusKey::Default)
    {
        arms.push(quote!(_ => Err(crate::runtime::unexpected(raw)),));
    }
    arms
}

/// The error for a documented failure arm.
fn failure_value(api: &Api, op: &Operation, a: &Arm) -> TokenStream {
    let wrap = match &op.failure.shape {
        OutcomeShape::Enum(n) => {
            let e = ident(n);
            let v = ident(&a.variant);
            quote!(types::#e::#v)
        }
        _ => quote!(std::convert::identity),
    };
    match &a.payload {
        Some(Payload::Json(t)) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(crate::runtime::decode_error::<#t, _>(raw, #wrap))
        }
        Some(p @ (Payload::Text | Payload::Binary)) => {
            let v = match p {
                Payload::Text => quote!(String::from_utf8_lossy(&raw.body).into_owned()),
                _ => quote!(raw.body.clone()),
            };
            quote!({ let body = #v; crate::runtime::api_error(raw, #wrap(body)) })
        }
        // An error status is never streamed, so an event-stream error body cannot be read.
        Some(Payload::ByMediaType(..) | Payload::EventStream(_)) => {
            quote!(crate::runtime::unexpected(raw))
        }
        None => {
            let body = match &op.failure.shape {
                OutcomeShape::Enum(_) => wrap,
                _ => quote!(()),
            };
            quote!(crate::runtime::api_error(raw, #body))
        }
    }
}

/// With `x-envelope: {success-field}`, a 2xx body whose flag is `false` is an error: decoded as
/// the operation's `default` (else first) documented error, or kept raw.
pub(super) fn envelope_check(api: &Api, op: &Operation) -> TokenStream {
    let Some(field) = op.envelope.as_ref().and_then(|e| e.success_field.as_ref()) else {
        return TokenStream::new();
    };
    let arm = op
        .failure
        .arms
        .iter()
        .find(|a| a.status == StatusKey::Default)
        .or_else(|| op.failure.arms.first());
    let err = match arm {
        Some(a) if matches!(a.payload, Some(Payload::Json(_))) => failure_value(api, op, a),
        _ => quote!(crate::runtime::unexpected(raw)),
    };
    quote! {
        if raw.status.is_success() && crate::runtime::envelope_failed(&raw.body, #field) {
            return Err(#err);
        }
    }
}
