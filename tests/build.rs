//! Generates one driver per spec in `../specs/` into OUT_DIR (`drivers_<module>.rs`, included by
//! `src/drivers.rs`): a function per operation that calls the generated client once, with every
//! argument built from the spec's examples (request body `example`/`examples`, parameter
//! `example`/`examples`, schema `example`/`examples`/`default`) or, failing those, from a value
//! synthesised from the schema (first enum value, required properties, formats, bounds).
//!
//! Values are embedded as JSON text and decoded at run time with `serde_json` into whatever type
//! the generated signature wants, so the emitted code stays generic; a sample that does not decode
//! becomes a reported `Outcome::BadSample`, not a compile error.
//!
//! Everything is read from what `codegen::analyze` returns: the operations and signatures from
//! the IR, the examples and schemas from the resolved document model (`build/driver.rs`,
//! `build/sample.rs`).

#[path = "build/driver.rs"]
mod driver;
#[path = "build/sample.rs"]
mod sample;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let specs_dir = manifest.join("../specs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed={}", specs_dir.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    if let Err(message) = run(&specs_dir, &out) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

fn run(specs_dir: &Path, out: &Path) -> Result<(), String> {
    let specs = codegen::spec_files(specs_dir)?;
    let mut index = String::new();
    // `(type, size_of, estimate, bound)` of every type of every spec, for `tests/sizes.rs`.
    let mut sizes = String::new();
    for spec in specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let module = codegen::naming::snake(&stem);
        let text = std::fs::read_to_string(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let (api, parsed, _) = codegen::analyze(&spec.display().to_string(), &text).map_err(|diags| {
            let mut msg = format!("error: {} has errors:\n", spec.display());
            for d in diags {
                let _ = writeln!(msg, "{d}");
            }
            msg
        })?;
        for (id, estimate, bound) in codegen::ir::size::sizes(&api.types) {
            let name = &api.types[id].name;
            let _ = writeln!(
                sizes,
                "    (\"{module}::{name}\", std::mem::size_of::<generated::{module}::types::{name}>(), {estimate}, {bound}),"
            );
        }
        let source = driver::Driver::new(&api, &parsed.document, &module).emit()?;
        std::fs::write(out.join(format!("drivers_{module}.rs")), source).map_err(|e| e.to_string())?;
        let _ = writeln!(
            index,
            "/// Driver for `generated::{module}` (`specs/{stem}.{ext}`).\npub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/drivers_{module}.rs\"));\n}}\n",
            ext = spec.extension().and_then(|e| e.to_str()).unwrap_or_default(),
        );
    }
    std::fs::write(out.join("drivers.rs"), index).map_err(|e| e.to_string())?;
    std::fs::write(out.join("sizes.rs"), format!("&[\n{sizes}]\n")).map_err(|e| e.to_string())?;
    for fixture in codegen::spec_files(&specs_dir.join("../tests/fixtures"))? {
        fixture_client(&fixture, out)?;
    }
    readme_tests(&specs_dir.join("../README.md"), out)
}

/// The README's Rust blocks that are tests (`#[tokio::test]`), each as a module of
/// `$OUT_DIR/readme_tests.rs` for `tests/readme.rs`. A doctest does not compile them: a `#[test]`
/// function inside the doctest's `main` is dropped before type checking.
fn readme_tests(readme: &Path, out: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-changed={}", readme.display());
    let text = std::fs::read_to_string(readme).map_err(|e| format!("cannot read {}: {e}", readme.display()))?;
    let mut tests = String::new();
    for (n, block) in text.split("```rust").skip(1).filter_map(|b| b.split_once("\n```")).enumerate() {
        let (fence, code) = block.0.split_once('\n').unwrap_or_default();
        if code.contains("#[tokio::test]") && !fence.contains("ignore") {
            let _ = writeln!(tests, "mod readme_block_{n} {{\n{code}\n}}");
        }
    }
    if tests.is_empty() {
        return Err(format!("{} has no Rust block with a #[tokio::test] for tests/readme.rs", readme.display()));
    }
    std::fs::write(out.join("readme_tests.rs"), tests).map_err(|e| e.to_string())
}

/// The client of a spec in `tests/fixtures/`, as `$OUT_DIR/<snake stem>.rs` for the test that
/// includes it (`client-api.yaml` → `client_api.rs`, for `tests/client_api.rs`), and as
/// `<snake stem>_mock.rs` with its `mock` module.
fn fixture_client(spec: &Path, out: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let generated = codegen::generate(&spec.display().to_string(), &text).map_err(|diags| {
        let mut msg = format!("error: {} has errors:\n", spec.display());
        for d in diags {
            let _ = writeln!(msg, "{d}");
        }
        msg
    })?;
    let stem = codegen::naming::snake(spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default());
    // The same client with its `mock` module and both serde directions compiled in, for the
    // mock tests (`tests/mock_styles.rs`): this crate declares neither feature, so the gates are
    // turned on in the text.
    let mocked = generated.source.replace("feature = \"mock\"", "all()").replace("feature = \"full-serde\"", "all()");
    std::fs::write(out.join(format!("{stem}_mock.rs")), mocked).map_err(|e| e.to_string())?;
    std::fs::write(out.join(format!("{stem}.rs")), generated.source).map_err(|e| e.to_string())
}
