//! Which named types the operations use, directly or through other types.

use super::model::*;

/// `used[id]` is true when an operation's parameters, body or responses reach type `id`.
pub fn types_used_by_operations(api: &Api) -> Vec<bool> {
    let mut used = vec![false; api.types.len()];
    let mut todo: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        todo.extend(op.params.iter().map(|p| &p.ty));
        todo.extend(op.body.iter().map(|b| &b.ty));
        for arm in op.success.arms.iter().chain(&op.failure.arms) {
            todo.extend(arm.extract.iter().map(|e| &e.ty));
            let mut payloads: Vec<&Payload> = arm.payload.iter().collect();
            while let Some(p) = payloads.pop() {
                match p {
                    Payload::Json(t) => todo.push(t),
                    Payload::ByMediaType(_, alternatives) => payloads.extend(alternatives.iter().map(|(_, _, p)| p.as_ref())),
                    Payload::Text | Payload::Binary => {}
                }
            }
        }
    }
    while let Some(t) = todo.pop() {
        match t {
            TypeRef::Named(id) => {
                if used.get(*id).copied().unwrap_or(true) {
                    continue;
                }
                used[*id] = true;
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
            _ => {}
        }
    }
    used
}
