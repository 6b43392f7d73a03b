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
