//! Reading a spec's own examples in tests, so expected bodies come from the spec rather than
//! from JSON copied by hand.

use serde_json::{json, Value};

/// Loads `specs/<name>.yaml` as JSON.
pub fn load(name: &str) -> Value {
    let file = format!("{}/../specs/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {file}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file} parses as YAML: {e}"))
}

/// Follows a local `$ref` (`#/components/...`), as often as needed.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = r.strip_prefix('#').expect("only local $refs");
            resolve(spec, spec.pointer(target).unwrap_or_else(|| panic!("dangling $ref {r}")))
        }
        None => value,
    }
}

/// The operation object at `route` and `verb`.
pub fn operation<'a>(spec: &'a Value, route: &str, verb: &str) -> &'a Value {
    let op = &spec["paths"][route][verb];
    assert!(op.is_object(), "the spec has no {verb} {route}");
    op
}

/// The named JSON example of a response (`status` as written in the spec: `200`, `4XX`, `default`).
pub fn response_example(spec: &Value, route: &str, verb: &str, status: &str, name: &str) -> Value {
    let response = resolve(spec, &operation(spec, route, verb)["responses"][status]);
    let value = &response["content"]["application/json"]["examples"][name]["value"];
    assert!(!value.is_null(), "no example {name} for {verb} {route} {status}");
    value.clone()
}

/// The named JSON example of a request body.
pub fn request_example(spec: &Value, route: &str, verb: &str, name: &str) -> Value {
    let body = resolve(spec, &operation(spec, route, verb)["requestBody"]);
    let value = &body["content"]["application/json"]["examples"][name]["value"];
    assert!(!value.is_null(), "no request example {name} for {verb} {route}");
    value.clone()
}

/// Decodes an example into a generated type.
pub fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the spec's example fits the generated type")
}

/// JSON with every `null`-valued member removed (an absent optional field and an explicit
/// `null` mean the same to the generated types) and whole floats written as integers (a
/// `type: number` field holding `0` comes back as `0.0`).
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => json!(f as i64),
            _ => value.clone(),
        },
        Value::Object(map) => Value::Object(
            map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}
