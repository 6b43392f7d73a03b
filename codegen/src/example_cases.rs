//! The spec's examples, each paired with the generated Rust type it must decode into. Build
//! scripts turn the list into one test per example, so every documented request and response is
//! proven to fit the generated types.

use std::collections::HashMap;

use serde_json::Value;

use crate::document::{Document, Example, SchemaOrRef};
use crate::ir::{Api, Payload, TypeRef};
use crate::surface::{Renderer, Scope as TypeScope};
use crate::naming::{snake, Scope};

/// One example and its type.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCase {
    /// A unique snake_case name for the test.
    pub name: String,
    /// Where the example value is in the spec.
    pub pointer: String,
    /// The Rust type, relative to the API module (`types::Team`).
    pub rust_type: String,
    /// The example value.
    pub value: Value,
    /// Where the schema the example illustrates is in the spec (a component schema, or a media
    /// type's `schema`), so a validator can judge the example against it.
    pub schema_pointer: String,
}

/// Every example of component schemas, request bodies and responses whose type is known.
pub fn collect(api: &Api, doc: &Document) -> Vec<ExampleCase> {
    let mut out = Vec::new();
    let mut names = Scope::default();
    let mut push = |out: &mut Vec<ExampleCase>, name: &str, ex: &Example, ty: &TypeRef, schema_pointer: String| {
        out.push(ExampleCase {
            name: names.claim(&snake(name)),
            pointer: ex.pointer.clone(),
            rust_type: Renderer::new(api, TypeScope::Client).ty(ty).code(),
            value: ex.value.clone(),
            schema_pointer,
        });
    };
    for (id, t) in api.types.iter().enumerate() {
        let Some(named) = doc.schemas.get(&t.pointer).filter(|n| n.component) else { continue };
        let SchemaOrRef::Inline(schema) = &named.schema else { continue };
        for ex in &schema.examples {
            push(&mut out, &format!("schema {}", t.name), ex, &TypeRef::Named(id), schema.pointer.clone());
        }
    }
    let ops: HashMap<&str, &crate::document::Operation> = doc.operations.iter().map(|o| (o.pointer.as_str(), o)).collect();
    for op in &api.operations {
        let Some(spec_op) = ops.get(op.pointer.as_str()) else { continue };
        if let Some(body) = &op.body {
            let media = spec_op.request_body.as_ref().and_then(|b| b.content.get(&body.media_type));
            if let (Some(media), crate::ir::BodyKind::Json) = (media, body.kind) {
                // An optional body is the builder's `Option`: GitHub documents "send none" of
                // one as the example `null`.
                let ty = match &body.ty {
                    TypeRef::Nullable(_) => body.ty.clone(),
                    t if !body.required => TypeRef::Nullable(Box::new(t.clone())),
                    t => t.clone(),
                };
                for ex in &media.examples {
                    push(&mut out, &format!("{} request {}", op.method_name, ex.name), ex, &ty, format!("{}/schema", media.pointer));
                }
            }
        }
        for arm in op.success.arms.iter().chain(&op.failure.arms) {
            let status = arm.status;
            let Some(resp) = spec_op.responses.iter().find(|r| r.status == status) else { continue };
            let key = status.key();
            for (media, mt) in &resp.content {
                let ty = match &arm.payload {
                    Some(Payload::Json(t)) => Some(t),
                    Some(Payload::ByMediaType(_, variants)) => variants.iter().find_map(|(_, m, p)| match p.as_ref() {
                        Payload::Json(t) if m.eq_ignore_ascii_case(media) => Some(t),
                        _ => None,
                    }),
                    _ => None,
                };
                let Some(ty) = ty else { continue };
                for ex in &mt.examples {
                    push(&mut out, &format!("{} response {key} {}", op.method_name, ex.name), ex, ty, format!("{}/schema", mt.pointer));
                }
            }
        }
    }
    out
}

/// Test source: one `#[test]` per example, calling `check::<T>(pointer, json)` (which the
/// including test file defines) with the type as seen from `module` (e.g. `generated::tada`)
/// in the crate `crate_root` (e.g. `generated`).
pub fn test_source(crate_root: &str, module: &str, cases: &[ExampleCase]) -> String {
    let mut s = String::new();
    for c in cases {
        let ty = c.rust_type.replace("crate::", &format!("{crate_root}::")).replace("types::", &format!("{module}::types::"));
        let json = serde_json::to_string(&c.value).unwrap_or_default();
        s.push_str(&format!(
            "#[test]\nfn {}() {{\n    check::<{ty}>({:?}, {json:?});\n}}\n\n",
            c.name, c.pointer
        ));
    }
    s
}
