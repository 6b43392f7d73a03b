//! The `codegen` command line. It never panics on input: every failure is a message and exit 1.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::{Diagnostic, Severity};

#[derive(Parser)]
#[command(name = "codegen", version, about = "Typed async Rust clients from OpenAPI 3.0, 3.1 and 3.2 specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate specs and print diagnostics; exit 1 if any has an error.
    Check {
        /// Spec files (YAML or JSON).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Show notes as well as warnings and errors.
        #[arg(long)]
        verbose: bool,
    },
    /// Write a standalone crate (Cargo.toml, src/lib.rs; the folder src/runtime/ with a vendored
    /// runtime) for one spec.
    Generate {
        /// The spec file.
        spec: PathBuf,
        /// The crate's folder (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The crate's name (default: from the spec's file name).
        #[arg(long)]
        name: Option<String>,
        /// Also emit component schemas that no operation uses (left out by default, with a note).
        #[arg(long)]
        all_schemas: bool,
        /// Where the crate gets its runtime: `path=DIR` (a path dependency on the
        /// `codegen-runtime` crate), `version=X` (from a registry) or `vendored` (a copy in
        /// `src/runtime/`). Default: the `runtime/` crate of this generator's source tree when
        /// it is still there, else vendored.
        #[arg(long, value_parser = codegen::output::Runtime::parse, value_name = "path=DIR|version=X|vendored")]
        runtime: Option<codegen::output::Runtime>,
        /// `tags`: the operations of each OpenAPI tag behind a cargo feature named after it (all
        /// on by default; `default-features = false, features = ["repos"]` compiles one tag),
        /// untagged ones behind `untagged`.
        #[arg(long, value_enum)]
        split: Option<Split>,
        /// Write nothing: exit 0 when `--out` already holds exactly what generation would
        /// write, else list the files that differ and exit 1 (for CI on a committed crate).
        #[arg(long)]
        check: bool,
    },
    /// Review a spec change at wire and generated-Rust-API level (exit 0 ok, 1 `--fail-on` hit,
    /// 2 bad input); see docs/diff-rules.md.
    Diff(codegen::diff::cli::DiffArgs),
}

/// How `generate --split` divides an API.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Split {
    /// By each operation's first tag.
    Tags,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Check { specs, verbose } => {
            // Check every spec, even after one fails, so all diagnostics show in one run.
            let results: Vec<bool> = specs.iter().map(|s| check(s, verbose)).collect();
            results.into_iter().all(|ok| ok)
        },
        Command::Generate { spec, out, name, all_schemas, runtime, split, check } => {
            let options = codegen::Options { only_used_schemas: !all_schemas, split_by_tag: matches!(split, Some(Split::Tags)) };
            let runtime = runtime.unwrap_or_else(codegen::output::Runtime::default_for_cli);
            generate(&spec, &out, name.as_deref(), options, &runtime, check)
        }
        Command::Diff(args) => return codegen::diff::cli::run(&args),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn read(path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                eprintln!("error: {} is not UTF-8 text", path.display());
                None
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            None
        }
    }
}

fn print(diags: &[Diagnostic], verbose: bool) {
    for d in diags.iter().filter(|d| verbose || d.severity > Severity::Note) {
        eprintln!("{d}");
    }
}

fn summary(diags: &[Diagnostic]) -> String {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    format!("{}, {}", codegen::count(n(Severity::Error), "error"), codegen::count(n(Severity::Warning), "warning"))
}

/// What `check` and `generate` both say about a spec's size, in the same words.
fn shape(api: &codegen::ir::Api, emitted_types: usize, left_out: usize) -> String {
    let left_out = match left_out {
        0 => String::new(),
        n => format!(" ({} no operation uses left out; `--all-schemas` keeps them)", codegen::count(n, "schema")),
    };
    format!(
        "{}, {}, {}{left_out}",
        codegen::count(api.operations.len(), "operation"),
        codegen::count(emitted_types, "type"),
        codegen::count(api.security_schemes.len(), "security scheme")
    )
}

/// How many operations stream their list, by paging style: `None` when none does.
fn paging(api: &codegen::ir::Api) -> Option<String> {
    let mut styles: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for p in api.operations.iter().filter_map(|o| o.pagination.as_ref()) {
        *styles.entry(p.style.name()).or_default() += 1;
    }
    let total: usize = styles.values().sum();
    if total == 0 {
        return None;
    }
    let each: Vec<String> = styles.iter().map(|(style, n)| format!("{n} {style}")).collect();
    Some(format!("{} stream their list ({})", codegen::count(total, "operation"), each.join(", ")))
}

fn check(path: &Path, verbose: bool) -> bool {
    let Some(text) = read(path) else { return false };
    let file = path.display().to_string();
    match codegen::analyze(&file, &text) {
        Ok((api, _, diags)) => {
            print(&diags, verbose);
            // The counts `generate` reports with its default options.
            let used = codegen::ir::types_used_by_operations(&api);
            let emitted = used.iter().filter(|u| **u).count();
            let left_out = codegen::unused_schemas(&api, &used).len();
            println!("{file}: ok — {} ({})", shape(&api, emitted, left_out), summary(&diags));
            if let Some(paged) = paging(&api) {
                println!("{file}: {paged}");
            }
            true
        }
        Err(diags) => {
            print(&diags, verbose);
            println!("{file}: failed ({})", summary(&diags));
            false
        }
    }
}

fn generate(path: &Path, out: &Path, name: Option<&str>, options: codegen::Options, runtime: &codegen::output::Runtime, check: bool) -> bool {
    let Some(text) = read(path) else { return false };
    let file = path.display().to_string();
    let generated = match codegen::generate_with(&file, &text, options) {
        Ok(g) => g,
        Err(diags) => {
            print(&diags, false);
            println!("{file}: failed ({})", summary(&diags));
            return false;
        }
    };
    print(&generated.diagnostics, false);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
    let crate_name = name.map(str::to_owned).unwrap_or_else(|| heck::ToKebabCase::to_kebab_case(stem.as_str()));
    if crate_name.is_empty() || !crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        eprintln!("error: `{crate_name}` is not a valid crate name (use letters, digits, `-` and `_`)");
        return false;
    }
    if check {
        return check_fresh(&file, out, &codegen::output::crate_files(&crate_name, &generated.source, &generated.api, runtime));
    }
    let lines = match codegen::output::write_crate(out, &crate_name, &generated.source, &generated.api, runtime) {
        Ok(lines) => lines,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            return false;
        }
    };
    let runtime = match runtime {
        codegen::output::Runtime::Path(p) => format!("runtime: path {}", p.display()),
        codegen::output::Runtime::Version(v) => format!("runtime: codegen-runtime {v}"),
        codegen::output::Runtime::Vendored => "runtime: vendored in src/runtime/".to_owned(),
    };
    let split = match generated.api.groups.len() {
        0 => String::new(),
        n => format!("; {} behind features", codegen::count(n, "tag")),
    };
    println!(
        "{file}: wrote crate `{crate_name}` to {} — {}; src/lib.rs has {} lines; {runtime}{split}",
        out.display(),
        shape(&generated.api, generated.emitted_types, generated.left_out.len()),
        lines
    );
    true
}

/// `generate --check`: whether `out` holds exactly `files`; lists what differs.
fn check_fresh(file: &str, out: &Path, files: &[(PathBuf, String)]) -> bool {
    let stale = codegen::output::stale_files(out, files);
    if stale.is_empty() {
        println!("{file}: {} is up to date", out.display());
        return true;
    }
    println!("{file}: {} is stale; generating would change {}:", out.display(), codegen::count(stale.len(), "file"));
    for path in &stale {
        println!("  {}", out.join(path).display());
    }
    false
}
