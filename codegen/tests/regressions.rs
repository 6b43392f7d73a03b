//! Inputs the fuzzers found (crashes, now fixed) and small corpus entries that reach deep into
//! lowering and emit. Each must come back as `Ok` or as `Err` with an error diagnostic: never a
//! panic or a stack overflow. Fuzz them further with `codegen/fuzz/run.sh`.

use std::path::PathBuf;

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "json" | "txt")))
        .collect();
    files.sort();
    files
}

#[test]
fn regression_inputs_do_not_panic() {
    let files = inputs();
    assert!(!files.is_empty(), "no regression inputs found");
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.display().to_string();
        // The same work as the build script of `generated/`, on a fresh thread with the default
        // test stack: a stack overflow fails the test run too.
        let handle = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || match codegen::generate(&name, &text) {
                Ok(g) => {
                    assert!(!g.source.is_empty(), "{name}: empty output");
                    // The formatted text must still be Rust (rustc's lexer rules: no bare CR in
                    // doc comments, balanced block comments).
                    if let Err(e) = syn::parse_file(&g.source) {
                        panic!("{name}: the generated source does not parse: {e}");
                    }
                    if let Ok(parsed) = codegen::parse::parse(&name, &text) {
                        let cases = codegen::example_cases::collect(&g.api, &parsed.document);
                        let _ = codegen::example_cases::test_source("generated", "generated::fuzz", &cases);
                    }
                }
                Err(diags) => {
                    assert!(diags.iter().any(codegen::Diagnostic::is_error), "{name}: Err without an error diagnostic: {diags:?}");
                    for d in &diags {
                        let _ = d.to_string();
                    }
                }
            })
            .expect("spawn");
        if let Err(e) = handle.join() {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            panic!("{}: panicked: {}", path.display(), msg.unwrap_or_default());
        }
    }
}

/// The fuzzer's exponential-time input (an invalid node under 40 levels of schemas): with the
/// document model read in one linear walk, it is refused at once, naming the node.
#[test]
fn a_deep_invalid_schema_is_refused_at_its_pointer() {
    let text = include_str!("regressions/timeout-untagged-backtracking.json");
    let e = codegen::analyze("deep.json", text).expect_err("refused");
    let d = e.iter().find(|d| d.is_error()).expect("an error");
    assert!(d.pointer.starts_with("/components/schemas/A/additionalProperties/additionalProperties/"), "{}", d.pointer);
    assert!(d.pointer.ends_with("/type"), "{}", d.pointer);
}

#[test]
fn server_variables_are_substituted_once() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers:\n  - url: 'https://{host}:{port}/{base}/{missing}'\n    variables:\n      host: {default: 'api.{port}'}\n      port: {default: '8080'}\n      base: {default: v1}\n";
    let g = codegen::generate("servers.yaml", spec).expect("generates");
    assert_eq!(g.api.servers, ["https://api.{port}:8080/v1/{missing}"]);
    let blowup = include_str!("regressions/oom-server-variables.yaml");
    let g = codegen::generate("blowup.yaml", blowup).expect("generates");
    assert_eq!(g.api.servers, ["https://{b}{b}{b}{b}{b}{b}{b}{b}{b}{b}/"]);
}
