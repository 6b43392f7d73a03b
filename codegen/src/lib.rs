//! `codegen`: typed async Rust clients from OpenAPI 3.0 specs.
//!
//! The pipeline has one module per stage, each a function from one stage's data to the next:
//! [`parse`] (text → `openapiv3` + source positions) → [`resolve`] (refs and validation) →
//! [`ir`] (the typed intermediate model) → [`emit`] (tokens) → [`format`] (prettyplease).
//! [`output`] writes crates; I/O stays at the edges (the CLI and build scripts).

pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod format;
pub mod ir;
pub mod naming;
pub mod output;
pub mod parse;
pub mod resolve;

pub use diagnostic::{Diagnostic, Severity};

/// A spec turned into Rust.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted contents of the API module (a `types` module and the `Client`).
    pub source: String,
    /// The model it was emitted from.
    pub api: ir::Api,
    /// Warnings and notes (errors stop generation instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, validates and lowers a spec. Errors come back with file, line and pointer.
pub fn analyze(file: &str, text: &str) -> Result<(ir::Api, parse::ParsedSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    let spec = parse::parse(file, text)?;
    let mut diags = resolve::validate(&spec);
    let (api, lowering) = ir::lower(&spec.openapi);
    diags.extend(lowering);
    let diags: Vec<Diagnostic> = diags.into_iter().map(|d| spec.source.place(d)).collect();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((api, spec, diags))
}

/// Runs the whole pipeline on one spec's text.
pub fn generate(file: &str, text: &str) -> Result<Generated, Vec<Diagnostic>> {
    let (api, spec, diagnostics) = analyze(file, text)?;
    let blocks = emit::blocks(&api);
    let source = format::format_blocks(&api, &blocks).map_err(|e| vec![spec.source.place(Diagnostic::error("", e))])?;
    Ok(Generated { source, api, diagnostics })
}
