//! The build-script API, in the style of `prost-build`: generate a client from a spec into
//! `OUT_DIR` at build time, and include it with `codegen_runtime::include_api!`.
//!
//! ```no_run
//! // build.rs (with `codegen` as a build-dependency, default features off)
//! fn main() -> Result<(), codegen::build::Error> {
//!     codegen::build::Config::new().split_by_tag(false).compile("api/petstore.yaml")?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate: `pub mod petstore { codegen_runtime::include_api!("petstore"); }`.
//!
//! The crate needs the dependencies generated code names: `codegen-runtime`, `serde` (with
//! `derive`), `serde_json`, `reqwest` (with `json`), `chrono` (with `serde`) and `uuid` (with
//! `serde`); see the README's "Use it on your own spec".
//!
//! [`Config::compile`] prints `cargo:rerun-if-changed` for the spec and the generator's warnings
//! as `cargo:warning`. A bad spec is an [`Error`] whose text is the rustc-style diagnostics
//! (file, line, JSON pointer); returned from `main`, it is printed and the build fails, with no
//! panic.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Diagnostic, Generated, Options, Severity};

/// What to generate and where (see the module docs).
#[derive(Debug, Clone)]
pub struct Config {
    module_name: Option<String>,
    out_dir: Option<PathBuf>,
    options: Options,
    runtime_path: String,
    full_serde: Option<bool>,
    cargo_output: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            module_name: None,
            out_dir: None,
            options: Options { only_used_schemas: true, split_by_tag: false },
            runtime_path: "::codegen_runtime".to_owned(),
            full_serde: Some(false),
            cargo_output: true,
        }
    }
}

/// A generated client: where it was written, and what was generated.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The file written, `<out_dir>/<module name>.rs`.
    pub path: PathBuf,
    /// The module name, the argument of `include_api!`.
    pub module_name: String,
    /// The source, the model it came from and the warnings.
    pub generated: Generated,
}

impl Config {
    /// The defaults: the module named after the spec's file stem, written to `OUT_DIR`, schemas
    /// no operation uses left out, one module without tag features, the runtime reached as
    /// `::codegen_runtime`, each type with the serde impls of the direction the API moves it in.
    pub fn new() -> Self {
        Self::default()
    }

    /// The module's name: the file `<name>.rs` and the argument of `include_api!` (default: the
    /// spec's file stem in snake case, `petstore-v2.yaml` → `petstore_v2`).
    pub fn module_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.module_name = Some(name.into());
        self
    }

    /// The folder to write to (default: `OUT_DIR`, which cargo sets for build scripts).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Puts each tag's operations behind a cargo feature named after the tag, which the crate
    /// must declare (default: off). See [`Options::split_by_tag`].
    pub fn split_by_tag(&mut self, on: bool) -> &mut Self {
        self.options.split_by_tag = on;
        self
    }

    /// Leaves out component schemas no operation uses (default: on). See
    /// [`Options::only_used_schemas`].
    pub fn only_used_schemas(&mut self, on: bool) -> &mut Self {
        self.options.only_used_schemas = on;
        self
    }

    /// The Rust path generated code reaches the runtime by (default: `::codegen_runtime`; for a
    /// renamed dependency, e.g. `::rt`, or a re-export, e.g. `crate::runtime`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// Gives every type both serde impls, and builders to types the API only returns (for
    /// tests and mocks; default: off, each type implements the direction the API moves it in).
    pub fn full_serde(&mut self, on: bool) -> &mut Self {
        self.full_serde = Some(on);
        self
    }

    /// Leaves the choice of [`Config::full_serde`] to the crate's own `full-serde` feature,
    /// which it must then declare (as `codegen generate` crates and `generated/` do).
    pub fn full_serde_feature(&mut self) -> &mut Self {
        self.full_serde = None;
        self
    }

    /// Whether to print `cargo:` lines (default: on; off for use outside a build script).
    pub fn cargo_output(&mut self, on: bool) -> &mut Self {
        self.cargo_output = on;
        self
    }

    /// Generates the client of `spec` (a path relative to the crate's folder, where cargo runs
    /// build scripts) into `<out_dir>/<module name>.rs`.
    pub fn compile(&self, spec: impl AsRef<Path>) -> Result<Compiled, Error> {
        let spec = spec.as_ref();
        if self.cargo_output {
            // Before reading: a spec that fails now reruns the script once it is fixed.
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let module_name = match &self.module_name {
            Some(name) => name.clone(),
            None => crate::naming::snake(spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default()),
        };
        if module_name.is_empty() || !module_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(Error::Other(format!("`{module_name}` is not a module name (letters, digits, `_` and `-` only)")));
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => match std::env::var_os("OUT_DIR") {
                Some(dir) if !dir.is_empty() => PathBuf::from(dir),
                _ => return Err(Error::Other("OUT_DIR is not set: call this from a build script, or set `out_dir`".to_owned())),
            },
        };
        let text = std::fs::read_to_string(spec).map_err(|e| Error::Other(format!("cannot read {}: {e}", spec.display())))?;
        let generated = self.generate(&spec.display().to_string(), &text)?;
        let path = out_dir.join(format!("{module_name}.rs"));
        std::fs::write(&path, &generated.source).map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
        Ok(Compiled { path, module_name, generated })
    }
}

impl Config {
    /// The module's source for the spec text `text` of the file `file` (as diagnostics name it),
    /// without writing it anywhere (the `generate_api!` macro calls this). Prints warnings as
    /// `cargo:warning` unless [`Config::cargo_output`] is off.
    pub fn generate(&self, file: &str, text: &str) -> Result<Generated, Error> {
        let embedding = crate::emit::Embedding::new(&self.runtime_path, self.full_serde).map_err(Error::Other)?;
        let generated = crate::generate_embedded(file, text, self.options, &embedding)
            .map_err(|diagnostics| Error::Spec { file: file.to_owned(), diagnostics })?;
        if self.cargo_output {
            for d in generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning) {
                println!("cargo:warning={}", one_line(d));
            }
        }
        Ok(generated)
    }
}

/// [`Config::new`]`.compile(spec)`: the spec's client with the defaults, like
/// `tonic_build::compile_protos`.
pub fn compile(spec: impl AsRef<Path>) -> Result<Compiled, Error> {
    Config::new().compile(spec)
}

/// A diagnostic on one line, as `cargo:warning` needs: `file:line:column: message (at pointer)`.
pub fn one_line(d: &Diagnostic) -> String {
    let place = d.location.map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
    let pointer = if d.pointer.is_empty() { "/" } else { &d.pointer };
    format!("{}{place}: {} (at {pointer})", d.file, d.message.replace('\n', " "))
}

/// Why [`Config::compile`] failed.
pub enum Error {
    /// The spec has errors (each with file, line and JSON pointer).
    Spec {
        /// The spec, as named to [`Config::compile`].
        file: String,
        /// Its diagnostics: at least one error, maybe warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// Anything else: a file that cannot be read or written, a bad option.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec { file, diagnostics } => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{file} has {}:", crate::count(errors, "error"))?;
                for d in diagnostics.iter().filter(|d| d.severity > Severity::Note) {
                    write!(f, "\n{}", d.to_string().trim_end())?;
                }
                Ok(())
            }
            Error::Other(message) => write!(f, "{message}"),
        }
    }
}

// `main` returning `Err` prints the error with `Debug`: show the diagnostics, not a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
