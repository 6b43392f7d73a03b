//! Which named types the operations use, and in which direction: sent (parameters, request
//! bodies) or received (responses), directly or through other types.

use super::model::*;

/// `used[id]` is true when an operation's parameters, body or responses reach type `id`.
pub fn types_used_by_operations(api: &Api) -> Vec<bool> {
    api.types.iter().map(|t| t.usage.sent || t.usage.received).collect()
}

/// The type references an operation sends (parameters, body) and receives (responses).
pub(super) fn operation_roots(op: &Operation) -> (Vec<&TypeRef>, Vec<&TypeRef>) {
    let mut sent: Vec<&TypeRef> = Vec::new();
    sent.extend(op.params.iter().map(|p| &p.ty));
    sent.extend(op.body.iter().map(|b| &b.ty));
    (sent, received_roots(op, false))
}

/// What an operation's responses are decoded into: bodies and declared headers. With
/// `unwrapped`, an enveloped body counts only as the payload the caller gets, not the envelope.
fn received_roots(op: &Operation, unwrapped: bool) -> Vec<&TypeRef> {
    let mut received: Vec<&TypeRef> = Vec::new();
    for arm in op.success.arms.iter().chain(&op.failure.arms) {
        received.extend(arm.extract.iter().map(|e| &e.ty));
        if !(unwrapped && arm.extract.is_some()) {
            received.extend(arm_roots(arm));
        }
    }
    if let Some(h) = &op.response_headers {
        received.extend(h.headers.iter().map(|h| &h.ty));
    }
    // `into_stream` yields the item type by its own name, which may be an alias of another
    // operation's item type once identical inline types are merged: it must still be emitted.
    received.extend(op.pagination.iter().map(|p| &p.item));
    received
}

/// The types an arm's body is decoded into.
fn arm_roots(arm: &Arm) -> Vec<&TypeRef> {
    let mut out = Vec::new();
    let mut payloads: Vec<&Payload> = arm.payload.iter().collect();
    while let Some(p) = payloads.pop() {
        match p {
            Payload::Json(t) | Payload::EventStream(t) => out.push(t),
            Payload::ByMediaType(_, alternatives) => payloads.extend(alternatives.iter().map(|(_, _, p)| p.as_ref())),
            Payload::Text | Payload::Binary => {}
        }
    }
    out
}

/// Fills in every type's [`Usage`].
pub(super) fn mark_usage(api: &mut Api) {
    let mut sent: Vec<&TypeRef> = Vec::new();
    let mut received: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        let (s, r) = operation_roots(op);
        sent.extend(s);
        received.extend(r);
    }
    // What callers see: everything, except that an unwrapped envelope shows only its payload.
    let mut visible: Vec<&TypeRef> = sent.clone();
    let mut wrappers: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        visible.extend(received_roots(op, true));
        for arm in op.success.arms.iter().chain(&op.failure.arms).filter(|a| a.extract.is_some()) {
            wrappers.extend(arm_roots(arm));
        }
    }
    let sent = reach(api, sent);
    let received = reach(api, received);
    let visible = reach(api, visible);
    let mut wrapper = vec![false; api.types.len()];
    for t in wrappers {
        if let TypeRef::Named(id) = t {
            if let Some(w) = wrapper.get_mut(*id) {
                *w = !visible[*id];
            }
        }
    }
    for (i, t) in api.types.iter_mut().enumerate() {
        t.usage = Usage { sent: sent[i], received: received[i], wrapper: wrapper[i] };
    }
}

/// The types `roots` reach, through fields, variants, aliases and containers.
pub(super) fn reach<'a>(api: &'a Api, mut todo: Vec<&'a TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    while let Some(t) = todo.pop() {
        match t {
            TypeRef::Named(id) => {
                if seen.get(*id).copied().unwrap_or(true) {
                    continue;
                }
                seen[*id] = true;
                match &api.types[*id].kind {
                    TypeKind::Struct(s) => {
                        todo.extend(s.fields.iter().map(|f| &f.ty));
                        todo.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => todo.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(t) => todo.push(t),
                    TypeKind::Multipart(fields) => todo.extend(fields.iter().filter_map(|f| match &f.kind {
                        MultipartKind::Value(t) => Some(t),
                        MultipartKind::File | MultipartKind::Files => None,
                    })),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => todo.push(inner),
            TypeRef::Tuple(items) => todo.extend(items),
            _ => {}
        }
    }
    seen
}
