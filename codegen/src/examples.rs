//! The spec's examples, each paired with the generated Rust type it must decode into. Build
//! scripts turn the list into one test per example, so every documented request and response is
//! proven to fit the generated types.

use serde_json::Value;

use crate::diagnostic::pointer;
use crate::emit::rust_type_text;
use crate::ir::{Api, Payload, StatusMatch, TypeRef};
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
}

/// Every example of component schemas, request bodies and responses whose type is known.
pub fn collect(api: &Api, raw: &Value) -> Vec<ExampleCase> {
    let mut out = Vec::new();
    let mut names = Scope::default();
    let mut push = |out: &mut Vec<ExampleCase>, name: &str, pointer: String, ty: &TypeRef, value: Value| {
        out.push(ExampleCase { name: names.claim(&snake(name)), pointer, rust_type: rust_type_text(api, ty), value });
    };
    for (id, t) in api.types.iter().enumerate() {
        let Some(schema) = raw.pointer(&t.pointer) else { continue };
        if !t.pointer.starts_with("/components/schemas/") {
            continue;
        }
        if let Some(v) = schema.get("example") {
            push(&mut out, &format!("schema {}", t.name), format!("{}/example", t.pointer), &TypeRef::Named(id), v.clone());
        }
    }
    for op in &api.operations {
        let Some(op_raw) = raw.pointer(&op.pointer) else { continue };
        if let Some(body) = &op.body {
            if let Some(rb) = op_raw.get("requestBody").map(|b| resolve(raw, b)) {
                if let Some(media) = rb.get("content").and_then(|c| c.get(&body.media_type)) {
                    let base = pointer(&format!("{}/requestBody/content", op.pointer), &[&body.media_type]);
                    if body.kind == crate::ir::BodyKind::Json {
                        for (label, at, v) in media_examples(raw, media, &base) {
                            push(&mut out, &format!("{} request {label}", op.method_name), at, &body.ty, v);
                        }
                    }
                }
            }
        }
        for arm in op.success.arms.iter().chain(&op.failure.arms) {
            let key = match arm.status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(r) => format!("{r}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let Some(resp) = op_raw.get("responses").and_then(|r| r.get(&key)).map(|r| resolve(raw, r)) else { continue };
            let Some(content) = resp.get("content").and_then(Value::as_object) else { continue };
            for (media, mt) in content {
                let ty = match &arm.payload {
                    Some(Payload::Json(t)) => Some(t),
                    Some(Payload::ByMediaType(_, variants)) => variants.iter().find_map(|(_, m, p)| match p.as_ref() {
                        Payload::Json(t) if m.eq_ignore_ascii_case(media) => Some(t),
                        _ => None,
                    }),
                    _ => None,
                };
                let Some(ty) = ty else { continue };
                let base = pointer(&format!("{}/responses", op.pointer), &[&key, "content", media]);
                for (label, at, v) in media_examples(raw, mt, &base) {
                    push(&mut out, &format!("{} response {key} {label}", op.method_name), at, ty, v);
                }
            }
        }
    }
    out
}

/// `example` and each `examples` entry of a media type (following `$ref`s to components.examples).
fn media_examples(raw: &Value, media: &Value, base: &str) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    if let Some(v) = media.get("example") {
        out.push(("example".to_owned(), format!("{base}/example"), v.clone()));
    }
    if let Some(map) = media.get("examples").and_then(Value::as_object) {
        for (name, ex) in map {
            if let Some(v) = resolve(raw, ex).get("value") {
                out.push((name.clone(), pointer(&format!("{base}/examples"), &[name, "value"]), v.clone()));
            }
        }
    }
    out
}

/// Follows a local `$ref` (a few hops at most).
fn resolve<'a>(raw: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| raw.pointer(p)) {
            Some(next) => v = next,
            None => break,
        }
    }
    v
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
