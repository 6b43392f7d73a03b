//! OpenAPI 3.1: the same API written in 3.1 idioms generates the same Rust as its 3.0 spec, and
//! the diff reads 3.1 documents (and percent-encoded refs) through the one document model.

use codegen::diff::{diff_specs, Input, Level, Verdict};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("read")
}

#[test]
fn signal_cli_in_3_1_idioms_generates_byte_identical_rust() {
    let v30 = codegen::generate("signal-cli-rest-api.yaml", &read("../specs/signal-cli-rest-api.yaml")).expect("3.0 spec generates");
    let v31 = codegen::generate("signal-cli-rest-api.3.1.yaml", &read("tests/fixtures/signal-cli-rest-api.3.1.yaml")).expect("3.1 fixture generates");
    // The fixture really is 3.1: it declares it, and uses type arrays and a path-item ref.
    let fixture = read("tests/fixtures/signal-cli-rest-api.3.1.yaml");
    assert!(fixture.contains("openapi: 3.1.0") && fixture.contains("\"null\"]") && fixture.contains("#/components/pathItems/"));
    assert!(v31.diagnostics.iter().all(|d| d.severity < codegen::Severity::Warning), "{:?}", v31.diagnostics);
    assert_eq!(v30.api.operations.len(), v31.api.operations.len());
    if v30.source != v31.source {
        let first = v30.source.lines().zip(v31.source.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "the 3.1 fixture generates different Rust, first at line {}:\n3.0: {}\n3.1: {}",
            first + 1,
            v30.source.lines().nth(first).unwrap_or(""),
            v31.source.lines().nth(first).unwrap_or("")
        );
    }
}

const SPACED: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/My%20Thing'}
components:
  schemas:
    My Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
";

#[test]
fn a_percent_encoded_ref_is_followed_by_the_wire_diff() {
    let optional = SPACED.replace("      required: [id]\n", "");
    let diff = diff_specs("t.yaml", Input { file: "old.yaml", text: SPACED }, Input { file: "new.yaml", text: &optional }).expect("both read");
    let wire: Vec<_> = diff.changes.iter().filter(|c| c.level == Level::Wire).collect();
    let hit = wire.iter().find(|c| c.rule == "response-property-became-optional").unwrap_or_else(|| panic!("{wire:?}"));
    assert_eq!(hit.verdict, Verdict::Breaking);
    assert_eq!(hit.pointer, "/components/schemas/My Thing/properties/id");
    assert_eq!(diff.wire_verdict, Some(Verdict::Breaking));
}

#[test]
fn the_diff_compares_3_1_type_arrays_and_const() {
    let old = SPACED.replace("id: {type: string}", "id: {type: [string, 'null']}");
    let diff = diff_specs("t.yaml", Input { file: "old.yaml", text: &old }, Input { file: "new.yaml", text: SPACED }).expect("both read");
    assert!(diff.changes.iter().any(|c| c.rule == "response-nullable-removed"), "{:?}", diff.changes);
    let old = SPACED.replace("id: {type: string}", "id: {type: string, const: a}");
    let new = SPACED.replace("id: {type: string}", "id: {type: string, const: b}");
    let diff = diff_specs("t.yaml", Input { file: "old.yaml", text: &old }, Input { file: "new.yaml", text: &new }).expect("both read");
    let rules: Vec<&str> = diff.changes.iter().map(|c| c.rule).collect();
    assert!(rules.contains(&"response-enum-value-added") && rules.contains(&"response-enum-value-removed"), "{rules:?}");
}

#[test]
fn an_http_digest_scheme_is_a_warning_not_a_refusal() {
    let spec = "openapi: 3.1.0
info: {title: t, version: '1'}
security: [{digest: []}]
paths:
  /a:
    get:
      operationId: getA
      responses: {'204': {description: none}}
components:
  securitySchemes:
    digest: {type: http, scheme: digest}
";
    let (api, _, diags) = codegen::analyze("t.yaml", spec).expect("a valid spec is read");
    assert!(api.security_schemes.is_empty());
    let w = diags.iter().find(|d| d.message.contains("`digest` is not supported")).expect("a warning");
    assert_eq!(w.severity, codegen::Severity::Warning);
    assert_eq!(w.pointer, "/components/securitySchemes/digest");
    let other = spec.replace("operationId: getA", "operationId: getB");
    assert!(diff_specs("t.yaml", Input { file: "old.yaml", text: spec }, Input { file: "new.yaml", text: &other }).is_ok());
}

#[test]
fn a_3_2_item_schema_event_stream_is_a_typed_stream_of_its_data() {
    let spec = r#"openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /ticks:
    get:
      operationId: watchTicks
      responses:
        '200':
          description: ticks
          content:
            text/event-stream:
              itemSchema:
                type: object
                required: [data]
                properties:
                  event: {type: string}
                  data: {$ref: '#/components/schemas/Tick'}
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Tick'}}
components:
  schemas:
    Tick:
      type: object
      properties:
        n: {type: integer}
"#;
    let generated = codegen::generate("ticks.yaml", spec).expect("generates");
    let source: String = generated.source.chars().filter(|c| !c.is_whitespace()).collect();
    // The event's `data` property is the event type; the status offers JSON or a stream.
    assert!(source.contains("TextEventStream(crate::runtime::EventStream<Tick>)"), "{}", generated.source);
    assert!(source.contains("ApplicationJson(Vec<Tick>)"), "{}", generated.source);
    assert!(source.contains("crate::runtime::event_stream::<types::Tick,_"), "{}", generated.source);
    assert!(source.contains(".send_streaming("), "an operation that may stream reads its body lazily");
}

#[test]
fn a_malformed_x_pagination_is_a_warning_and_no_stream() {
    let spec = |pagination: &str, take_required: bool| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      x-pagination: {pagination}\n      parameters:\n        - {{name: take, in: query, required: {take_required}, schema: {{type: integer}}}}\n        - {{name: skip, in: query, schema: {{type: integer}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{items: {{type: array, items: {{type: string}}}}}}}}}}}}}}\n"
        )
    };
    let ok = codegen::generate("p.yaml", &spec("{take: take, skip: skip, items: items}", false)).expect("generates");
    assert!(ok.source.contains("pub fn into_stream("), "a well-formed x-pagination streams");
    assert!(ok.diagnostics.iter().all(|d| !d.message.contains("x-pagination")));
    for (pagination, take_required, says) in [
        ("{take: take, skip: skip}", false, "x-pagination needs `items`"),
        ("{take: take, skip: skip, items: nope}", false, "`items` is not an array field"),
        ("{take: limit, skip: skip, items: items}", false, "optional integer query parameters"),
        ("{take: take, skip: skip, items: items}", true, "optional integer query parameters"),
    ] {
        let g = codegen::generate("p.yaml", &spec(pagination, take_required)).expect("still generates");
        assert!(!g.source.contains("pub fn into_stream("), "{pagination}: no stream");
        let warned = g.diagnostics.iter().any(|d| d.severity == codegen::Severity::Warning && d.message.contains(says));
        assert!(warned, "{pagination} (take required: {take_required}): a warning saying {says:?}: {:?}", g.diagnostics);
    }
}
