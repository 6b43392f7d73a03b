//! Each class of bad spec gets a clear diagnostic naming its line and JSON pointer.

use codegen::{Diagnostic, Severity};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn errors(text: &str) -> Vec<Diagnostic> {
    match codegen::analyze("spec.yaml", text) {
        Ok((_, _, diags)) => panic!("expected errors, got success with {diags:?}"),
        Err(diags) => diags.into_iter().filter(|d| d.severity == Severity::Error).collect(),
    }
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    match codegen::analyze("spec.yaml", text) {
        Ok((_, _, diags)) => diags,
        Err(diags) => panic!("expected success, got {diags:?}"),
    }
}

fn line(d: &Diagnostic) -> usize {
    d.location.map(|l| l.line).unwrap_or(0)
}

#[test]
fn yaml_syntax_error() {
    let e = errors("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n");
    assert!(e[0].message.contains("not valid YAML"), "{}", e[0]);
    assert!(line(&e[0]) >= 3, "{}", e[0]);
    assert!(e[0].to_string().contains("spec.yaml:"), "{}", e[0]);
}

#[test]
fn json_syntax_error() {
    let e = errors("{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\",, \"version\": \"1\"}}");
    assert!(e[0].message.contains("not valid JSON"), "{}", e[0]);
    assert_eq!(line(&e[0]), 2, "{}", e[0]);
    // A YAML flow mapping is still YAML.
    assert!(codegen::parse::parse("flow.yaml", "{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {}}").is_ok());
}

#[test]
fn swagger_2_and_unknown_versions_have_their_own_messages() {
    let e = errors("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(e[0].message.contains("Swagger 2.0"), "{}", e[0]);
    assert_eq!(e[0].pointer, "/swagger");
    let e = errors("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(e[0].message.contains("unsupported OpenAPI version 4.0.0"), "{}", e[0]);
    assert_eq!(line(&e[0]), 1);
    // 3.1 and 3.2 are read; 3.1 made `paths` optional.
    for v in ["3.1.0", "3.2.0"] {
        let text = format!("openapi: {v}\ninfo: {{title: t, version: '1'}}\n");
        assert!(codegen::analyze("spec.yaml", &text).is_ok(), "{v}");
    }
}

#[test]
fn empty_file() {
    let e = errors("\n  \n");
    assert!(e[0].message.contains("empty"), "{}", e[0]);
}

#[test]
fn dangling_ref_with_did_you_mean() {
    let text = format!(
        "{HEAD}paths:\n  /t:\n    get:\n      operationId: getT\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Tema'\ncomponents:\n  schemas:\n    Team: {{type: object, properties: {{a: {{type: string}}}}}}\n"
    );
    let e = errors(&text);
    let d = e.iter().find(|d| d.message.contains("points to nothing")).expect("dangling ref reported");
    assert_eq!(line(d), 13, "{d}");
    assert!(d.pointer.ends_with("/schema/$ref"), "{}", d.pointer);
    assert!(d.hint.as_deref().unwrap_or("").contains("#/components/schemas/Team"), "{d}");
}

#[test]
fn ref_cycle_without_a_concrete_type() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let e = errors(&text);
    let d = e.iter().find(|d| d.message.contains("cycle")).expect("cycle reported");
    assert!(d.pointer.starts_with("/components/schemas/"), "{}", d.pointer);
    assert!(line(d) >= 6, "{d}");
}

#[test]
fn unknown_type_with_did_you_mean() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: strng\n");
    let e = errors(&text);
    let d = e.iter().find(|d| d.message.contains("strng")).expect("unknown type reported");
    assert_eq!(d.pointer, "/components/schemas/A/type");
    assert_eq!(line(d), 7, "{d}");
    assert!(d.hint.as_deref().unwrap_or("").contains("`string`"), "{d}");
}

#[test]
fn path_parameter_not_declared_and_declared_but_absent() {
    let text = format!(
        "{HEAD}paths:\n  /groups/{{id}}:\n    get:\n      operationId: getGroup\n      parameters:\n        - {{name: other, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let e = errors(&text);
    let undeclared = e.iter().find(|d| d.message.contains("`{id}` is not declared")).expect("undeclared reported");
    assert_eq!(line(undeclared), 4, "{undeclared}");
    let absent = e.iter().find(|d| d.message.contains("does not appear in the path")).expect("absent reported");
    assert_eq!(absent.pointer, "/paths/~1groups~1{id}/get/parameters/0");
    assert_eq!(line(absent), 8, "{absent}");
}

#[test]
fn duplicate_operation_ids() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      operationId: same\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("duplicate operationId `same`"));
    assert_eq!(e[0].pointer, "/paths/~1b/get/operationId");
    assert_eq!(line(&e[0]), 10);
}

#[test]
fn identifiers_colliding_after_case_conversion_are_renamed_with_a_warning() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    user_info: {{type: object, properties: {{a: {{type: string}}}}}}\n    UserInfo: {{type: object, properties: {{b: {{type: string}}}}}}\n"
    );
    let w = warnings(&text);
    let d = w.iter().find(|d| d.message.contains("both become the Rust type `UserInfo`")).expect("collision warned");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(line(d), 7, "{d}");
    let (api, _, _) = codegen::analyze("spec.yaml", &text).expect("still generates");
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["UserInfo", "UserInfo2"]);
}

#[test]
fn missing_operation_id_gets_a_derived_name_and_a_note() {
    let text = format!("{HEAD}paths:\n  /v1/groups/{{number}}:\n    get:\n      parameters:\n        - {{name: number, in: path, required: true, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n");
    let w = warnings(&text);
    let d = w.iter().find(|d| d.severity == Severity::Note).expect("note given");
    assert!(d.message.contains("`get_v1_groups_number`"), "{d}");
    assert_eq!(line(d), 5, "{d}");
    let (api, _, _) = codegen::analyze("spec.yaml", &text).expect("generates");
    assert_eq!(api.operations[0].method_name, "get_v1_groups_number");
}

#[test]
fn external_refs_are_refused() {
    for target in ["other.yaml#/components/schemas/A", "https://example.com/spec.yaml#/A", "/etc/passwd"] {
        let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '{target}'}}\n");
        let e = errors(&text);
        assert!(e.iter().any(|d| d.message.contains("external references are refused")), "{target}: {e:?}");
    }
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let text = format!(
        "{HEAD}paths:\n  /a/{{x}}:\n    get:\n      operationId: a\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Nope'}}}}}}\n"
    );
    let e = errors(&text);
    assert!(e.len() >= 3, "undeclared param, duplicate id and dangling ref all reported: {e:?}");
}

#[test]
fn rendering_looks_like_rustc() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: strng\n");
    let e = errors(&text);
    let shown = e[0].to_string();
    assert!(shown.starts_with("error: unknown type `strng`"), "{shown}");
    assert!(shown.contains("--> spec.yaml:7:"), "{shown}");
    assert!(shown.contains("7 |       type: strng"), "{shown}");
    assert!(shown.contains("= help: did you mean `string`?"), "{shown}");
}
