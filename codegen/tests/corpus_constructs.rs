//! Constructs met in public specs (the corpus benchmark, `tests/corpus/`), each reduced to a
//! small spec: what the generator must make of it.

fn generate(spec: &str) -> codegen::Generated {
    match codegen::generate("corpus.json", spec) {
        Ok(g) => g,
        Err(diags) => panic!("generation failed:\n{}", diags.iter().map(ToString::to_string).collect::<String>()),
    }
}

const HEAD: &str = r#""openapi": "3.0.0", "info": {"title": "t", "version": "1"}"#;

#[test]
fn a_property_named_dollar_ref_is_a_property() {
    // googleapis.com/discovery.json: JSON Schema's own `$ref` is a field of its schema type.
    let spec = format!(
        r#"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{"JsonSchema": {{"type": "object",
            "properties": {{"$ref": {{"type": "string"}}, "id": {{"type": "string"}}}}}}}}}}}}"#
    );
    let g = generate(&spec);
    assert!(g.source.contains(r#"rename = "$ref""#), "{}", g.source);
}

#[test]
fn refs_are_percent_decoded_uri_fragments() {
    // opensuse.org/obs.json: `#/paths/.../content/application~1xml;%20charset=utf-8/schema`.
    let spec = format!(
        r##"{{{HEAD}, "paths": {{"/a": {{"get": {{"operationId": "getA", "responses": {{"200": {{"description": "ok",
            "content": {{"application/json; charset=utf-8": {{"schema": {{"$ref": "#/components/schemas/A%20B"}}}}}}}}}}}}}}}},
            "components": {{"schemas": {{"A B": {{"type": "object", "properties": {{"x": {{"type": "integer"}}}}}}}}}}}}"##
    );
    let g = generate(&spec);
    assert!(g.source.contains("pub struct AB"), "{}", g.source);
    assert!(g.source.contains("crate::runtime::Error<()>") || g.source.contains("types::AB"), "{}", g.source);
}

#[test]
fn json_numbers_beyond_64_bits_are_read() {
    // netbox.dev.json: `"minimum": -9223372036854776000` (an i64 bound printed as a float).
    let spec = format!(
        r#"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{"L": {{"type": "integer", "format": "int64",
            "minimum": -9223372036854776000, "maximum": 9223372036854776000}}}}}}}}"#
    );
    let g = generate(&spec);
    assert!(g.source.contains("pub type L = i64;") || g.source.contains("pub struct L(pub i64)"), "{}", g.source);
}

#[test]
fn a_json_syntax_error_names_line_and_column() {
    let e = codegen::generate("bad.json", "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {]\n}").unwrap_err();
    assert!(e[0].message.contains("not valid JSON"), "{}", e[0]);
    assert_eq!(e[0].location.map(|l| l.line), Some(3));
}

#[test]
fn an_annotation_that_is_not_a_string_is_dropped_with_a_warning() {
    // api.video.json: `"pattern": 0`.
    let spec = format!(
        r#"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{"P": {{"type": "object",
            "properties": {{"timecode": {{"type": "string", "pattern": 0}}, "pattern": {{"type": "string"}}}}}}}}}}}}"#
    );
    let g = generate(&spec);
    let w: Vec<_> = g.diagnostics.iter().filter(|d| d.message.contains("`pattern: 0`")).collect();
    assert_eq!(w.len(), 1, "{:?}", g.diagnostics);
    assert_eq!(w[0].pointer, "/components/schemas/P/properties/timecode/pattern");
    // A property named `pattern` is a property, not an annotation.
    assert!(g.source.contains("pub pattern: Option<String>"), "{}", g.source);
}

#[test]
fn refs_into_operations_are_hoisted_into_components() {
    // digitalocean.com.json: responses and schemas shared by pointing into another operation,
    // including pointers that run through a `default` response.
    let spec = format!(
        r##"{{{HEAD}, "paths": {{
            "/a": {{"get": {{"operationId": "getA", "responses": {{
                "401": {{"description": "no", "content": {{"application/json": {{"schema": {{"type": "object", "title": "Problem",
                    "properties": {{"id": {{"type": "string"}}}}}}}}}}}},
                "default": {{"description": "err", "content": {{"application/json": {{
                    "schema": {{"$ref": "#/paths/~1a/get/responses/401/content/application~1json/schema"}}}}}}}}}}}}}},
            "/b": {{"get": {{"operationId": "getB", "responses": {{
                "401": {{"$ref": "#/paths/~1a/get/responses/401"}},
                "default": {{"$ref": "#/paths/~1a/get/responses/default"}}}}}}}}}}}}"##
    );
    let g = generate(&spec);
    // One type for the shared schema, named by its title, used by both operations.
    assert_eq!(g.source.matches("pub struct Problem ").count(), 1, "{}", g.source);
    assert!(g.diagnostics.iter().any(|d| d.message.contains("moved to `#/components/schemas/Problem`")), "{:?}", g.diagnostics);
    let b = g.api.operations.iter().find(|o| o.operation_id == "getB").expect("getB");
    assert!(!b.failure.arms.is_empty(), "getB lost its error responses");
}

#[test]
fn schemas_no_operation_uses_can_be_left_out() {
    let spec = format!(
        r##"{{{HEAD}, "paths": {{"/a": {{"get": {{"operationId": "getA", "responses": {{"200": {{"description": "ok",
            "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Used"}}}}}}}}}}}}}}}},
            "components": {{"schemas": {{
                "Used": {{"type": "object", "properties": {{"inner": {{"$ref": "#/components/schemas/Inner"}}}}}},
                "Inner": {{"type": "string"}},
                "Webhook": {{"type": "object", "properties": {{"nested": {{"type": "object", "properties": {{"x": {{"type": "string"}}}}}}}}}}}}}}}}"##
    );
    let all = generate(&spec);
    assert!(all.source.contains("pub struct Webhook "), "{}", all.source);
    let lean = codegen::generate_with("corpus.json", &spec, codegen::Options { only_used_schemas: true, ..codegen::Options::default() }).expect("generates");
    assert!(lean.source.contains("pub struct Used ") && lean.source.contains("pub type Inner"), "{}", lean.source);
    assert!(!lean.source.contains("Webhook"), "{}", lean.source);
    assert_eq!(lean.left_out, vec!["Webhook".to_owned()]);
}

#[test]
fn a_path_item_ref_to_another_path_is_inlined() {
    // surevoip.co.uk.json: `"/support/ip-address": {"$ref": "#/paths/~1ip-address"}`.
    let spec = format!(
        r##"{{{HEAD}, "paths": {{
            "/ip-address": {{"get": {{"operationId": "getIp", "responses": {{"200": {{"description": "ok"}}}}}}}},
            "/support/ip-address": {{"$ref": "#/paths/~1ip-address"}}}}}}"##
    );
    let g = generate(&spec);
    let paths: Vec<&str> = g.api.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(paths, ["/ip-address", "/support/ip-address"]);
    assert!(g.diagnostics.iter().any(|d| d.message.contains("is inlined")), "{:?}", g.diagnostics);
}

#[test]
fn serde_impls_follow_the_direction_the_api_moves_a_type() {
    // GitHub's crate: deriving both directions on ~3000 response types doubled its build.
    let spec = format!(
        r##"{{{HEAD}, "paths": {{"/a": {{"post": {{"operationId": "postA",
            "requestBody": {{"content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Sent"}}}}}}}},
            "responses": {{"200": {{"description": "ok",
            "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Received"}}}}}}}}}}}}}}}},
            "components": {{"schemas": {{
                "Sent": {{"type": "object", "properties": {{"mode": {{"$ref": "#/components/schemas/Mode"}}, "shared": {{"$ref": "#/components/schemas/Shared"}}}}}},
                "Received": {{"type": "object", "properties": {{"state": {{"$ref": "#/components/schemas/State"}}, "shared": {{"$ref": "#/components/schemas/Shared"}}}}}},
                "Shared": {{"type": "object", "properties": {{"x": {{"type": "string"}}}}}},
                "Mode": {{"type": "string", "enum": ["a", "b"]}},
                "State": {{"type": "string", "enum": ["on", "off"]}},
                "Unused": {{"type": "object", "properties": {{"y": {{"type": "string"}}}}}}}}}}}}"##
    );
    let g = generate(&spec);
    let usage = |name: &str| g.api.types.iter().find(|t| t.name == name).map(|t| (t.usage.sent, t.usage.received));
    assert_eq!(usage("Sent"), Some((true, false)));
    assert_eq!(usage("Mode"), Some((true, false)));
    assert_eq!(usage("Received"), Some((false, true)));
    assert_eq!(usage("State"), Some((false, true)));
    assert_eq!(usage("Shared"), Some((true, true)));
    assert_eq!(usage("Unused"), Some((false, false)));

    // The text of the item that declares `name`, from its attributes to the next item.
    let item = |name: &str| -> String {
        let at = g.source.find(&format!(" {name} {{")).unwrap_or_else(|| panic!("no {name}:\n{}", g.source));
        let start = g.source[..at].rfind("\n    #[derive").expect("derive before the item");
        g.source[start..].split("\n    }\n").next().unwrap_or_default().to_owned()
    };
    // Structs derive `Serialize` and write their `Deserialize` out (emit/deserialize.rs).
    let sent = item("Sent");
    assert!(sent.contains("serde::Serialize)]") && !sent.contains("cfg_attr"), "{sent}");
    let received = item("Received");
    assert!(!received.contains("serde::Serialize)]") && received.contains(r#"#[cfg_attr(feature = "full-serde", derive(serde::Serialize))]"#), "{received}");
    for both in ["Shared", "Unused"] {
        let text = item(both);
        assert!(text.contains("serde::Serialize)]") && !text.contains("cfg_attr"), "{text}");
    }
    // Hand-written impls: the one direction not needed is behind the feature.
    let written = |name: &str, trait_: &str| format!("impl{} serde::{trait_}{} for {name} {{", if trait_ == "Serialize" { "" } else { "<'de>" }, if trait_ == "Serialize" { "" } else { "<'de>" });
    let gated = |name: &str, trait_: &str| g.source.contains(&format!("#[cfg(feature = \"full-serde\")]\n    {}", written(name, trait_)));
    let ungated = |name: &str, trait_: &str| g.source.contains(&written(name, trait_)) && !gated(name, trait_);
    assert!(gated("Mode", "Deserialize") && !gated("Mode", "Serialize"), "{}", g.source);
    assert!(gated("State", "Serialize") && !gated("State", "Deserialize"), "{}", g.source);
    assert!(gated("Sent", "Deserialize"), "{}", g.source);
    for name in ["Received", "Shared", "Unused"] {
        assert!(ungated(name, "Deserialize"), "{name}: {}", g.source);
    }
}
