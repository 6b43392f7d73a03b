//! One test per normalisation of the document model, each checking the pointer it keeps.

use super::*;
use crate::ir::{TypeKind, TypeRef};
use crate::Diagnostic;

fn read_yaml(text: &str) -> (Document, Vec<Diagnostic>) {
    let spec = crate::parse::parse("t.yaml", text).expect("parses");
    (spec.document, spec.reading)
}

fn doc(version: &str, components: &str) -> String {
    format!("openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}")
}

fn schema<'d>(d: &'d Document, name: &str) -> &'d Schema {
    match &d.schemas[&format!("/components/schemas/{name}")].schema {
        SchemaOrRef::Inline(s) => s,
        SchemaOrRef::Ref(r) => panic!("{name} is a ref to {}", r.target),
    }
}

fn prop<'d>(s: &'d Schema, name: &str) -> &'d Schema {
    match &s.properties[name] {
        SchemaOrRef::Inline(s) => s,
        SchemaOrRef::Ref(r) => panic!("{name} is a ref to {}", r.target),
    }
}

#[test]
fn the_three_nullable_forms_read_alike() {
    let (d30, w30) = read_yaml(&doc("3.0.3", "    A: {type: string, nullable: true}\n"));
    let (d31, w31) = read_yaml(&doc(
        "3.1.0",
        "    A: {type: [string, 'null']}\n    B: {anyOf: [{type: string}, {type: 'null'}], description: d}\n",
    ));
    assert!(w30.is_empty() && w31.is_empty(), "{w30:?} {w31:?}");
    for s in [schema(&d30, "A"), schema(&d31, "A"), schema(&d31, "B")] {
        assert_eq!(s.types, [Type::String]);
        assert!(s.nullable);
        assert!(s.any_of.is_empty());
    }
    // The folded schema keeps its own pointer and description.
    assert_eq!(schema(&d31, "B").pointer, "/components/schemas/B");
    assert_eq!(schema(&d31, "B").description.as_deref(), Some("d"));
}

#[test]
fn a_nullable_ref_is_a_nullable_all_of_in_both_versions() {
    let (d30, _) = read_yaml(&doc("3.0.3", "    T: {type: object}\n    A: {allOf: [{$ref: '#/components/schemas/T'}], nullable: true}\n"));
    let (d31, _) = read_yaml(&doc("3.1.0", "    T: {type: object}\n    A: {anyOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}]}\n"));
    for d in [&d30, &d31] {
        let a = schema(d, "A");
        assert!(a.nullable);
        assert!(a.any_of.is_empty());
        match a.all_of.as_slice() {
            [SchemaOrRef::Ref(r)] => assert_eq!(r.target, "/components/schemas/T"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn example_and_examples_are_one_list_with_pointers() {
    let (d30, _) = read_yaml(&doc("3.0.3", "    A: {type: string, example: x}\n"));
    let (d31, _) = read_yaml(&doc("3.1.0", "    A: {type: string, examples: [x, y]}\n"));
    let e30 = &schema(&d30, "A").examples;
    assert_eq!((e30[0].pointer.as_str(), &e30[0].value), ("/components/schemas/A/example", &serde_json::json!("x")));
    let e31 = &schema(&d31, "A").examples;
    assert_eq!(e31.len(), 2);
    assert_eq!(e31[1].pointer, "/components/schemas/A/examples/1");
    // Media-type examples: a ref to components.examples is followed to its definition.
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: string}\n              example: inline\n              examples:\n                named: {$ref: '#/components/examples/E'}\ncomponents:\n  examples:\n    E: {value: shared}\n";
    let (d, _) = read_yaml(text);
    let mt = &d.operations[0].responses[0].content["application/json"];
    let got: Vec<(&str, &str)> = mt.examples.iter().map(|e| (e.name.as_str(), e.pointer.as_str())).collect();
    assert_eq!(got, [("example", "/paths/~1a/get/responses/200/content/application~1json/example"), ("named", "/components/examples/E/value")]);
}

#[test]
fn boolean_and_numeric_exclusive_bounds_read_alike() {
    let (d30, _) = read_yaml(&doc("3.0.3", "    A: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 9}\n"));
    let (d31, _) = read_yaml(&doc("3.1.0", "    A: {type: integer, exclusiveMinimum: 1, maximum: 9}\n"));
    for d in [&d30, &d31] {
        let a = schema(d, "A");
        assert_eq!(a.minimum, Some(Bound { value: 1.0, exclusive: true }));
        assert_eq!(a.maximum, Some(Bound { value: 9.0, exclusive: false }));
    }
}

#[test]
fn a_mixed_document_is_read_with_one_warning_at_the_first_idiom() {
    let (d, w) = read_yaml(&doc("3.1.0", "    A: {type: string, nullable: true}\n    B: {type: integer, minimum: 0, exclusiveMinimum: true}\n"));
    assert!(schema(&d, "A").nullable);
    assert_eq!(schema(&d, "B").minimum, Some(Bound { value: 0.0, exclusive: true }));
    let mixed: Vec<&Diagnostic> = w.iter().filter(|d| d.message.contains("mixes OpenAPI 3.0 and 3.1")).collect();
    assert_eq!(mixed.len(), 1, "{w:?}");
    assert_eq!(mixed[0].pointer, "/components/schemas/A");
    assert!(mixed[0].message.contains("1 more"), "{}", mixed[0].message);
}

#[test]
fn const_reads_and_lowers_to_a_one_value_enum() {
    let g = crate::generate("t.yaml", &doc("3.1.0", "    Kind: {type: string, const: message}\n")).expect("generates");
    assert_eq!(g.api.types[0].name, "Kind");
    match &g.api.types[0].kind {
        TypeKind::StringEnum(values) => assert_eq!(values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>(), ["message"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn refs_into_defs_and_deep_pointers_are_named_schemas() {
    let text = doc(
        "3.1.0",
        "    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/A/$defs/Inner'}\n      $defs:\n        Inner: {type: object, properties: {x: {type: string}}}\n",
    );
    let (d, w) = read_yaml(&text);
    assert!(w.is_empty(), "{w:?}");
    let inner = &d.schemas["/components/schemas/A/$defs/Inner"];
    assert_eq!(inner.name, "Inner");
    assert!(!inner.component);
    let g = crate::generate("t.yaml", &text).expect("generates");
    let names: Vec<&str> = g.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["A", "Inner"]);
}

#[test]
fn prefix_items_lower_to_a_tuple() {
    let g = crate::generate("t.yaml", &doc("3.1.0", "    Pair: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}\n"))
        .expect("generates");
    assert_eq!(g.api.types[0].kind, TypeKind::Alias(TypeRef::Tuple(vec![TypeRef::String, TypeRef::Int(crate::ir::IntKind::I64)])));
    assert!(g.source.contains("pub type Pair = (String, i64);"), "{}", g.source);
}

#[test]
fn type_arrays_lower_to_untagged_unions_and_option() {
    let g = crate::generate("t.yaml", &doc("3.1.0", "    Id: {type: [string, integer]}\n    O:\n      type: object\n      required: [n]\n      properties:\n        n: {type: [integer, 'null']}\n"))
        .expect("generates");
    match &g.api.types[0].kind {
        TypeKind::Union(u) => assert_eq!(u.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["String", "Integer"]),
        other => panic!("{other:?}"),
    }
    assert!(g.source.contains("pub n: Option<i64>"), "{}", g.source);
}

#[test]
fn content_media_type_and_encoding_are_binary_and_byte() {
    let (d, _) = read_yaml(&doc(
        "3.1.0",
        "    F:\n      type: object\n      properties:\n        file: {type: string, contentMediaType: image/png}\n        b64: {type: string, contentEncoding: base64}\n        text: {type: string, contentMediaType: text/plain}\n",
    ));
    let f = schema(&d, "F");
    assert_eq!(prop(f, "file").format.as_deref(), Some("binary"));
    assert_eq!(prop(f, "b64").format.as_deref(), Some("byte"));
    assert_eq!(prop(f, "text").format, None);
}

#[test]
fn pattern_properties_are_a_map() {
    let g = crate::generate("t.yaml", &doc("3.1.0", "    Labels: {type: object, patternProperties: {'^x-': {type: integer}}}\n")).expect("generates");
    assert_eq!(g.api.types[0].kind, TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Int(crate::ir::IntKind::I64)))));
}

#[test]
fn keywords_that_shape_no_type_are_kept_and_warned_about_once_per_kind() {
    let text = doc(
        "3.1.0",
        "    A: {type: object, properties: {a: {type: string}}, dependentRequired: {a: [b]}, if: {required: [a]}, then: {required: [b]}}\n    B: {type: object, properties: {b: {type: string}}, dependentRequired: {b: [a]}}\n",
    );
    let (d, _) = read_yaml(&text);
    assert!(schema(&d, "A").unmapped.contains_key("if"));
    let g = crate::generate("t.yaml", &text).expect("generates");
    let warned: Vec<&Diagnostic> = g.diagnostics.iter().filter(|d| d.message.contains("not reflected in the generated types")).collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    let dep = warned.iter().find(|d| d.message.contains("dependentRequired")).expect("dependentRequired");
    assert_eq!(dep.pointer, "/components/schemas/A/dependentRequired");
    assert!(dep.message.contains("1 more"), "{}", dep.message);
}

#[test]
fn webhooks_are_read_apart_from_operations() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses: {'200': {description: ok}}\n";
    let (d, w) = read_yaml(text);
    assert!(w.is_empty(), "{w:?}");
    assert!(d.operations.is_empty());
    assert_eq!(d.webhooks.len(), 1);
    assert_eq!(d.webhooks[0].pointer, "/webhooks/ping/post");
}

#[test]
fn path_item_refs_and_parameter_inheritance_resolve_once() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    $ref: '#/components/pathItems/A'\ncomponents:\n  parameters:\n    Id: {name: id, in: path, required: true, schema: {type: string}}\n  pathItems:\n    A:\n      parameters:\n        - $ref: '#/components/parameters/Id'\n        - {name: q, in: query, schema: {type: string}}\n      get:\n        parameters:\n          - {name: q, in: query, required: true, schema: {type: integer}}\n        responses: {'204': {description: none}}\n";
    let (d, w) = read_yaml(text);
    assert!(w.is_empty(), "{w:?}");
    let op = &d.operations[0];
    assert_eq!(op.path.raw, "/a/{id}");
    assert_eq!(op.pointer, "/components/pathItems/A/get");
    let params: Vec<(&str, bool, &str)> = op.parameters.iter().map(|p| (p.name.as_str(), p.required, p.pointer.as_str())).collect();
    assert_eq!(params, [("id", true, "/components/parameters/Id"), ("q", true, "/components/pathItems/A/get/parameters/0")]);
}

#[test]
fn percent_encoded_refs_are_decoded() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    My Thing: {type: object, properties: {a: {type: string}}}\n    B: {$ref: '#/components/schemas/My%20Thing'}\n";
    let (d, _) = read_yaml(text);
    match &d.schemas["/components/schemas/B"].schema {
        SchemaOrRef::Ref(r) => assert_eq!(r.target, "/components/schemas/My Thing"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn query_method_additional_operations_item_schema_and_self() {
    let text = "openapi: 3.2.0\n$self: https://example.com/api.yaml\ninfo: {title: t, version: '1'}\npaths:\n  /search:\n    query:\n      operationId: search\n      responses:\n        '200':\n          description: events\n          content:\n            text/event-stream:\n              itemSchema: {$ref: 'https://example.com/api.yaml#/components/schemas/Event'}\n    additionalOperations:\n      COPY: {operationId: copyIt, responses: {'204': {description: copied}}}\n      get: {responses: {'200': {description: wrong place}}}\ncomponents:\n  schemas:\n    Event: {type: object, properties: {data: {type: string}}}\n";
    let (d, w) = read_yaml(text);
    let methods: Vec<&str> = d.operations.iter().map(|o| o.method.as_str()).collect();
    assert_eq!(methods, ["query", "COPY"]);
    match &d.operations[0].responses[0].content["text/event-stream"].item_schema {
        Some(SchemaOrRef::Ref(r)) => assert_eq!(r.target, "/components/schemas/Event"),
        other => panic!("{other:?}"),
    }
    let misplaced: Vec<&Diagnostic> = w.iter().filter(|d| d.message.contains("not in `additionalOperations`")).collect();
    assert_eq!(misplaced.len(), 1, "{w:?}");
    assert_eq!(misplaced[0].pointer, "/paths/~1search/additionalOperations/get");
    // The `$self` ref is local for the ref check too: the only error is the misplaced `get`.
    let e = crate::analyze("t.yaml", text).expect_err("the misplaced method is an error");
    assert_eq!(e.iter().filter(|d| d.is_error()).count(), 1, "{e:?}");
}

#[test]
fn a_query_operation_generates_a_method_built_from_its_token() {
    let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /search:\n    query:\n      operationId: search\n      responses: {'204': {description: none}}\n";
    let g = crate::generate("t.yaml", text).expect("generates");
    assert_eq!(g.api.operations[0].http_method, "QUERY");
    assert!(g.source.contains("reqwest::Method::from_bytes(b\"QUERY\")"), "{}", g.source);
}

#[test]
fn integers_beyond_64_bits_survive_as_numbers() {
    let (d, _) = read_yaml(&doc("3.1.0", "    Big: {type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999}\n"));
    let big = schema(&d, "Big");
    assert_eq!(big.minimum.map(|b| b.value), Some(-9_223_372_036_854_776_000.0));
    assert_eq!(big.maximum.map(|b| b.value), Some(1e20));
    let g = crate::generate("t.yaml", &doc("3.1.0", "    Big: {type: integer, maximum: 99999999999999999999}\n")).expect("generates");
    let warned = g.diagnostics.iter().find(|d| d.message.contains("beyond what the Rust integer type holds")).expect("a warning");
    assert_eq!(warned.pointer, "/components/schemas/Big/maximum");
}

#[test]
fn an_unknown_type_is_refused_wherever_it_is() {
    for (schemas, at) in [
        ("    A: {type: objetc, properties: {a: {type: string}}}\n", "/components/schemas/A/type"),
        ("    A: {type: object, properties: {a: {type: strng}}}\n", "/components/schemas/A/properties/a/type"),
        ("    A: {type: [string, nul]}\n", "/components/schemas/A/type/1"),
    ] {
        let e = crate::analyze("t.yaml", &doc("3.1.0", schemas)).expect_err("refused");
        let d = e.iter().find(|d| d.message.starts_with("unknown type")).unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(d.pointer, at);
        assert!(d.location.is_some(), "{d:?}");
    }
}

#[test]
fn structural_errors_point_at_the_node_at_fault() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n        - {name: r, in: body, schema: {type: string}}\n      responses: {'2XY': {description: x}}\n";
    let e = crate::analyze("t.yaml", text).expect_err("refused");
    let at = |needle: &str| e.iter().find(|d| d.message.contains(needle)).map(|d| d.pointer.clone()).unwrap_or_else(|| panic!("{needle}: {e:?}"));
    assert_eq!(at("neither `schema` nor `content`"), "/paths/~1a/get/parameters/0");
    assert_eq!(at("not a parameter location"), "/paths/~1a/get/parameters/1/in");
    assert_eq!(at("not a status code"), "/paths/~1a/get/responses/2XY");
}
