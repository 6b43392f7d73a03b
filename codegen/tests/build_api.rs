//! The ways to use the generator outside this repository: the build-script API
//! (`codegen::build::Config`) and the committed CLI crate of `tests/own-spec/cli`.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items/{id}:
    get:
      operationId: getItem
      summary: Gets an item; see [`ClientConfig`](crate::runtime::ClientConfig).
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: integer}
";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-build-api-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn compile_writes_a_module_that_reaches_the_runtime_crate() {
    let dir = temp("ok");
    let spec = dir.join("my-api.yaml");
    std::fs::write(&spec, SPEC).expect("spec written");
    let compiled = codegen::build::Config::new().out_dir(&dir).cargo_output(false).compile(&spec).expect("compiles");
    assert_eq!(compiled.module_name, "my_api");
    assert_eq!(compiled.path, dir.join("my_api.rs"));
    let source = std::fs::read_to_string(&compiled.path).expect("written");
    assert_eq!(source, compiled.generated.source);
    // Included into any module of any crate: no `crate::` path, no feature the crate lacks.
    assert!(!source.contains("crate::runtime") && !source.contains("full-serde"), "{source}");
    assert!(source.contains("::codegen_runtime::ClientCore"), "{source}");
    assert!(source.contains("(::codegen_runtime::ClientConfig)"), "the spec's doc link is retargeted too");
    // `full_serde`: the types the API only returns get Serialize as well.
    let full = codegen::build::Config::new().out_dir(&dir).cargo_output(false).full_serde(true).runtime_path("::rt").compile(&spec).expect("compiles");
    let both = &full.generated.source;
    assert!(both.contains("#[derive(serde::Serialize)]") && !source.contains("#[derive(serde::Serialize)]"), "{both}");
    assert!(both.contains("::rt::ClientCore"), "{both}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_spec_is_an_error_with_file_line_and_pointer() {
    let dir = temp("bad");
    let spec = dir.join("bad.yaml");
    // Line 9: a `$ref` to a schema that does not exist.
    std::fs::write(&spec, SPEC.replace("$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Missing'")).expect("spec written");
    let err = codegen::build::Config::new().out_dir(&dir).cargo_output(false).compile(&spec).expect_err("a bad spec fails");
    let text = err.to_string();
    let file = spec.display().to_string();
    assert!(text.starts_with(&format!("{file} has 1 error:")), "{text}");
    assert!(text.contains(&format!("--> {file}:15:")), "file and line: {text}");
    assert!(text.contains("at /paths/~1items~1{id}/get/responses/200/content/application~1json/schema"), "pointer: {text}");
    // `main` returning the error prints it with Debug: the same rustc-style text.
    assert_eq!(format!("{err:?}"), text);
    assert!(!dir.join("bad.rs").exists(), "nothing is written for a bad spec");
    let missing = codegen::build::Config::new().out_dir(&dir).compile(dir.join("missing.yaml")).expect_err("no such file");
    assert!(missing.to_string().starts_with("cannot read"), "{missing}");
    let good = dir.join("good.yaml");
    std::fs::write(&good, SPEC).expect("spec written");
    let path = codegen::build::Config::new().out_dir(&dir).cargo_output(false).runtime_path("not a path").compile(&good).expect_err("not a path");
    assert!(path.to_string().contains("is not a Rust path"), "{path}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's CLI way: `examples/notes-client` is exactly what the documented command writes.
#[test]
fn the_committed_cli_crate_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let run = |spec: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .current_dir(&root)
            .args(["generate", spec, "--out", "examples/notes-client", "--name", "notes-client", "--runtime", "path=../../runtime", "--check"])
            .output()
            .expect("codegen runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let (code, output) = run("tests/own-spec/cli/notes.yaml");
    assert_eq!(code, Some(0), "regenerate with the command in tests/own-spec/cli/Cargo.toml: {output}");
    // One change to the spec, and the committed crate is stale.
    let dir = temp("notes");
    let changed = dir.join("notes.yaml");
    let text = std::fs::read_to_string(root.join("tests/own-spec/cli/notes.yaml")).expect("spec");
    std::fs::write(&changed, text.replace("Gets one note.", "Gets a note.")).expect("written");
    let (code, output) = run(&changed.display().to_string());
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("src/lib.rs"), "{output}");
    let _ = std::fs::remove_dir_all(&dir);
}
