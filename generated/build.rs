//! Generates one module per spec in `../specs/` into OUT_DIR, behind the cargo feature named
//! after the spec's file stem. Bad specs fail the build with the generator's diagnostics.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dirs = env_dir("CARGO_MANIFEST_DIR").and_then(|manifest| Ok((manifest.join("../specs"), env_dir("OUT_DIR")?)));
    let result = dirs.and_then(|(specs_dir, out)| {
        println!("cargo:rerun-if-changed={}", specs_dir.display());
        run(&specs_dir, &out)
    });
    if let Err(message) = result {
        // A failed build script shows its stderr; exit instead of panicking.
        eprintln!("{message}");
        std::process::exit(1);
    }
}

/// A folder cargo names in the environment (an empty one would write into the working directory).
fn env_dir(var: &str) -> Result<PathBuf, String> {
    match std::env::var_os(var) {
        Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
        _ => Err(format!("error: {var} is not set; this build script runs under cargo")),
    }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|e| format!("error: cannot write {}: {e}", path.display()))
}

fn run(specs_dir: &Path, out: &Path) -> Result<(), String> {
    let specs = codegen::spec_files(specs_dir)?;
    let mut apis = String::new();
    let mut example_tests = String::new();
    let mut modules = std::collections::HashMap::new();
    for spec in specs {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let feature_env = format!("CARGO_FEATURE_{}", stem.to_uppercase().replace('-', "_"));
        if std::env::var_os(&feature_env).is_none() {
            continue;
        }
        let module = codegen::naming::snake(&stem);
        if let Some(other) = modules.insert(module.clone(), spec.clone()) {
            return Err(format!(
                "error: {} and {} both become the module `{module}`; rename one of them",
                other.display(),
                spec.display()
            ));
        }
        // The build-script API users call (`codegen::build`), with this crate's choices: every
        // schema, the runtime re-exported as `crate::runtime`, `full-serde` a feature of ours.
        let compiled = codegen::build::Config::new()
            .module_name(&module)
            .only_used_schemas(false)
            .runtime_path("crate::runtime")
            .full_serde_feature()
            .out_dir(out)
            .compile(&spec)
            .map_err(|e| format!("error: {e}"))?;
        let generated = &compiled.generated;
        let file = spec.display().to_string();
        let text = std::fs::read_to_string(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let api = &generated.api;
        // Each documented example becomes a test in tests/examples.rs (which includes this file).
        if let Ok(parsed) = codegen::parse::parse(&file, &text) {
            let cases = codegen::example_cases::collect(api, &parsed.document);
            let tests = codegen::example_cases::test_source("generated", &format!("generated::{module}"), &cases);
            let _ = write!(example_tests, "#[cfg(feature = {stem:?})]\nmod {module} {{\n    use super::check;\n\n{tests}}}\n\n");
        }
        let mut doc = format!("{} (version {}).", api.title, api.version);
        if let Some(d) = &api.description {
            doc.push_str("\n\n");
            doc.push_str(d);
        }
        doc.push_str("\n\n");
        doc.push_str(&codegen::output::usage_doc(api, &format!("generated::{module}")));
        let doc_attrs: String = doc.lines().map(|l| format!("#[doc = {:?}]\n", format!(" {l}"))).collect();
        let _ = write!(
            apis,
            "{doc_attrs}#[cfg(feature = {stem:?})]\n{allows}\npub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n\n",
            allows = codegen::output::MODULE_ALLOWS,
        );
    }
    write(&out.join("example_tests.rs"), &example_tests)?;
    write(&out.join("apis.rs"), &apis)
}
