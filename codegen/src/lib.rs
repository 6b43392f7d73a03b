//! `codegen`: typed async Rust clients from OpenAPI 3.0, 3.1 and 3.2 specs.
//!
//! The pipeline has five stages, each a function from one stage's data to the next:
//! 1. read: [`parse`] (text → JSON value + source positions), [`repair`] (fixes for what
//!    published specs get wrong), [`document`] (the one resolved document model) and
//!    [`validate`] (refs and operationIds);
//! 2. lower: [`ir`] (the typed intermediate model);
//! 3. surface: [`surface`] (each operation's Rust signature and each type's fields, with the
//!    one renderer of IR types as Rust types);
//! 4. emit: [`emit`] (tokens with quote);
//! 5. format: [`format`](mod@format) (prettyplease).
//!
//! The diff ([`diff`]) reads the document model, the IR and the surface model. Beside the
//! stages: [`naming`] (identifiers), [`status`] (response status keys), [`diagnostic`]
//! (rustc-style messages), [`example_cases`] (spec examples paired with their types, for tests)
//! and [`output`] (writes crates); I/O stays at the edges (the CLI, [`build`], the build-script
//! API, and the `generate_api!` macro of `codegen-openapi-macros`).

pub mod build;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod emit;
pub mod example_cases;
pub mod format;
pub mod ir;
pub mod naming;
pub mod output;
pub mod parse;
pub mod pointer;
pub mod repair;
pub mod stack;
pub mod status;
pub mod surface;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};

/// The spec files (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted, so every build script
/// and tool that walks a specs folder sees the same specs in the same order.
pub fn spec_files(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut specs: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    Ok(specs)
}

/// A spec turned into Rust.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted contents of the API module (a `types` module and the `Client`).
    pub source: String,
    /// The model it was emitted from.
    pub api: ir::Api,
    /// Warnings and notes (errors stop generation instead).
    pub diagnostics: Vec<Diagnostic>,
    /// Component schemas left out because no operation uses them (see [`Options`]).
    pub left_out: Vec<String>,
    /// How many named types the source defines.
    pub emitted_types: usize,
}

/// Parses, validates and lowers a spec. Errors come back with file, line and pointer.
pub fn analyze(file: &str, text: &str) -> Result<(ir::Api, parse::ParsedSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    stack::with_room(|| analyze_here(file, text))
}

fn analyze_here(file: &str, text: &str) -> Result<(ir::Api, parse::ParsedSpec, Vec<Diagnostic>), Vec<Diagnostic>> {
    let spec = parse::parse(file, text)?;
    let mut diags = spec.repairs.clone();
    diags.extend(validate::spec(&spec));
    diags.extend(spec.reading.iter().cloned());
    let (api, lowering) = ir::lower(&spec.document);
    diags.extend(lowering);
    let diags = spec.source.place_all(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((api, spec, diags))
}

/// Choices a user makes about the generated code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Emit only the component schemas that some operation uses, directly or through other
    /// types. A spec can carry many more (GitHub's describes its webhook payloads, three
    /// quarters of its schema text): leaving them out keeps the crate small and its build fast.
    pub only_used_schemas: bool,
    /// Put the operations of each tag behind a cargo feature of the tag's name, and each type
    /// behind the features of the tags that use it (`codegen generate --split tags`). The crate
    /// must declare the features: [`output::write_crate`] does, with `default = ["full"]`.
    pub split_by_tag: bool,
}

/// The component schemas (top-level ones: the inline types inside them go with them) that no
/// operation uses, given [`ir::types_used_by_operations`].
pub fn unused_schemas<'a>(api: &'a ir::Api, used: &[bool]) -> Vec<&'a str> {
    api.types
        .iter()
        .zip(used)
        .filter(|(t, used)| !**used && t.pointer.starts_with("/components/schemas/") && t.pointer.matches('/').count() == 3)
        .map(|(t, _)| t.name.as_str())
        .collect()
}

/// `1 operation`, `2 operations`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Runs the whole pipeline on one spec's text, emitting every schema.
pub fn generate(file: &str, text: &str) -> Result<Generated, Vec<Diagnostic>> {
    generate_with(file, text, Options::default())
}

/// Runs the whole pipeline on one spec's text.
pub fn generate_with(file: &str, text: &str, options: Options) -> Result<Generated, Vec<Diagnostic>> {
    generate_inner(file, text, options, None)
}

/// Runs the whole pipeline on one spec's text, for code included into a module of another crate
/// (see [`emit::Embedding`]; [`build::Config`] and the `generate_api!` macro call this).
pub fn generate_embedded(file: &str, text: &str, options: Options, embedding: &emit::Embedding) -> Result<Generated, Vec<Diagnostic>> {
    generate_inner(file, text, options, Some(embedding))
}

fn generate_inner(file: &str, text: &str, options: Options, embedding: Option<&emit::Embedding>) -> Result<Generated, Vec<Diagnostic>> {
    stack::with_room(|| generate_here(file, text, options, embedding))
}

fn generate_here(file: &str, text: &str, options: Options, embedding: Option<&emit::Embedding>) -> Result<Generated, Vec<Diagnostic>> {
    let (mut api, spec, mut diagnostics) = analyze_here(file, text)?;
    if options.split_by_tag {
        ir::split_by_tag(&mut api);
    }
    let used = options.only_used_schemas.then(|| ir::types_used_by_operations(&api));
    let mut left_out = Vec::new();
    if let Some(used) = &used {
        let unused = unused_schemas(&api, used);
        if !unused.is_empty() {
            let listed = unused.iter().take(5).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            let more = if unused.len() > 5 { format!(" and {} more", unused.len() - 5) } else { String::new() };
            let what = if unused.len() == 1 { "schema is" } else { "schemas are" };
            diagnostics.extend(spec.source.place_all(vec![
                Diagnostic::note("/components/schemas", format!("{} {what} used by no operation and were left out: {listed}{more}", unused.len()))
                    .with_hint("generate with `--all-schemas` to keep them"),
            ]));
        }
        left_out = unused.iter().map(|n| (*n).to_owned()).collect();
    }
    let blocks = emit::blocks(&api, used.as_deref());
    let rewrite = |tokens: proc_macro2::TokenStream| match embedding {
        Some(e) => e.rewrite(tokens),
        None => tokens,
    };
    let source = format::format_blocks_with(&api, &blocks, &rewrite).map_err(|e| vec![spec.source.place(Diagnostic::error("", e))])?;
    let emitted_types = used.as_ref().map_or(api.types.len(), |u| u.iter().filter(|u| **u).count());
    Ok(Generated { source, api, diagnostics, left_out, emitted_types })
}
