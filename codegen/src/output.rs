//! Writing results: the standalone crate that `codegen generate` produces.

use std::path::Path;

/// The runtime's source, for crates that carry their own copy (`--runtime vendored`).
pub const RUNTIME_SOURCE: &str = include_str!("../../runtime/src/lib.rs");

/// The runtime crate's name and version.
pub const RUNTIME_CRATE: &str = "codegen-runtime";
/// The version of the runtime this generator emits code for.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The runtime crate in this generator's own source tree, if it is still there (a CLI installed
/// from a checkout finds it; one whose checkout is gone falls back to [`Runtime::Vendored`]).
pub fn bundled_runtime_dir() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    dir.join("Cargo.toml").is_file().then(|| dir.canonicalize().unwrap_or(dir))
}

/// Where a generated crate gets its runtime from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A path dependency on the `codegen-runtime` crate in this folder.
    Path(std::path::PathBuf),
    /// A registry dependency on this version of `codegen-runtime`.
    Version(String),
    /// A copy of the runtime's source as `src/runtime.rs`: one self-contained crate.
    Vendored,
}

impl Runtime {
    /// Parses `path=DIR`, `version=X` or `vendored`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            Some(("path", dir)) if !dir.is_empty() => Ok(Runtime::Path(dir.into())),
            Some(("version", v)) if !v.is_empty() => Ok(Runtime::Version(v.to_owned())),
            None if text == "vendored" => Ok(Runtime::Vendored),
            _ => Err(format!("`{text}` is not a runtime; use `path=DIR`, `version=X` or `vendored`")),
        }
    }

    /// The shared runtime crate of this source tree when there is one, else a vendored copy.
    pub fn default_for_cli() -> Self {
        bundled_runtime_dir().map_or(Runtime::Vendored, Runtime::Path)
    }
}

/// Dependencies of generated code, shared by the standalone crate and `generated/`.
pub const DEPENDENCIES: &str = r#"bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
httpdate = "1"
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json", "multipart", "cookies", "http2"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
tokio = { version = "1", default-features = false, features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
uuid = { version = "1", features = ["serde"] }
"#;

/// The `[features]` of a standalone crate. `full-serde` gives every type both serde impls; by
/// default a type implements only the direction the API moves it in (see `ir::Usage`).
pub const FEATURES: &str = r#"[features]
# For tests and mocks: every type implements both Serialize and Deserialize (by default:
# Serialize for what the API sends, Deserialize for what it receives; deriving both costs
# compile time on big specs), and types the API only returns get `new`/`with_*` builders too.
full-serde = []
"#;

/// Lints allowed in generated modules, each for a reason the generator cannot fix.
pub const MODULE_ALLOWS: &str = "#[allow(\
clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_long_first_doc_paragraph, \
clippy::large_enum_variant, clippy::empty_docs, rustdoc::bare_urls, rustdoc::broken_intra_doc_links, \
rustdoc::invalid_html_tags, rustdoc::invalid_rust_codeblocks)]";

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes `Cargo.toml` and `src/lib.rs` (and with a vendored runtime `src/runtime.rs`) of a crate
/// named `name` into `dir`. Generated code reaches the runtime as `crate::runtime` either way.
/// Returns the number of lines of `src/lib.rs`.
pub fn write_crate(dir: &Path, name: &str, module_source: &str, api: &crate::ir::Api, runtime: &Runtime) -> std::io::Result<usize> {
    let title = api.title.as_str();
    std::fs::create_dir_all(dir.join("src"))?;
    let runtime_dep = match runtime {
        Runtime::Path(p) => format!("{RUNTIME_CRATE} = {{ path = {} }}\n", toml_string(&p.display().to_string())),
        Runtime::Version(v) => format!("{RUNTIME_CRATE} = {}\n", toml_string(v)),
        Runtime::Vendored => String::new(),
    };
    // A split API: a feature per operation group, all on by default.
    let mut features = String::new();
    if !api.groups.is_empty() {
        let all: Vec<String> = api.groups.iter().map(|g| toml_string(&g.feature)).collect();
        features.push_str(&format!("default = [\"full\"]\n# Every operation group.\nfull = [{}]\n", all.join(", ")));
        for g in &api.groups {
            features.push_str(&format!("# Operations tagged {}.\n{} = []\n", toml_string(&g.tag), g.feature));
        }
    }
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {}\n\n{FEATURES}{features}\n[dependencies]\n{runtime_dep}{DEPENDENCIES}\n[workspace]\n",
        toml_string(&format!("Generated client for {title}"))
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    let runtime_item = match runtime {
        Runtime::Vendored => {
            std::fs::write(dir.join("src/runtime.rs"), RUNTIME_SOURCE)?;
            "/// Transport, errors and helpers shared by the generated client (a vendored copy of\n/// `codegen-runtime`).\npub mod runtime;\n"
        }
        _ => {
            let _ = std::fs::remove_file(dir.join("src/runtime.rs"));
            "/// Transport, errors and helpers shared by the generated client.\npub use codegen_runtime as runtime;\n"
        }
    };
    let allows = MODULE_ALLOWS.replacen("#[", "#![", 1);
    let usage: String = usage_doc(api, &name.replace('-', "_")).lines().map(|l| format!("//!{}{l}\n", if l.is_empty() { "" } else { " " })).collect();
    let lib = format!(
        "//! Generated by `codegen` from the OpenAPI spec of {title}. Do not edit.\n//!\n{usage}{allows}\n\n{runtime_item}\n{module_source}"
    );
    std::fs::write(dir.join("src/lib.rs"), &lib)?;
    Ok(lib.lines().count())
}

/// A usage example for the docs of a generated module reached as `path` (a crate name, or
/// `generated::tada`): a client, one call with its required arguments and a setter, and the
/// same call with its metadata. It compiles as a doctest (`no_run`), so it is kept to
/// operations whose arguments are strings, integers or booleans; without one it shows the client.
pub fn usage_doc(api: &crate::ir::Api, path: &str) -> String {
    use crate::ir::{BodyKind, TypeRef};
    use crate::surface::{self, Pass, Source};
    let literal = |pass: &Pass| match pass {
        Pass::Str => Some("\"…\"".to_owned()),
        Pass::Value(TypeRef::Int(_)) | Pass::Into(TypeRef::Int(_)) => Some("1".to_owned()),
        Pass::Value(TypeRef::Bool) | Pass::Into(TypeRef::Bool) => Some("true".to_owned()),
        Pass::Into(TypeRef::String) => Some("\"…\"".to_owned()),
        _ => None,
    };
    let url = if api.servers.is_empty() { "\"http://localhost\"".to_owned() } else { "Client::DEFAULT_BASE_URL".to_owned() };
    let call = api.operations.iter().filter(|op| op.group.is_none() && !op.deprecated).find_map(|op| {
        let s = surface::operation(op);
        if op.body.as_ref().is_some_and(|b| b.required && b.kind != BodyKind::Text) {
            return None;
        }
        let args: Option<Vec<String>> = s.args.iter().map(|a| literal(&a.pass)).collect();
        let setter = s.setters.iter().filter(|a| a.source != Source::Body).find_map(|a| Some(format!(".{}({})", a.name, literal(&a.pass)?)));
        Some(format!("client.{}({}){}", s.method, args?.join(", "), setter.unwrap_or_default()))
    });
    let mut out = String::from("```no_run\n");
    out.push_str(&format!("use {path}::Client;\n\n"));
    out.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&format!("let client = Client::new({url})?;\n"));
    if let Some(call) = call {
        out.push_str("// Required inputs are arguments, optional ones setters; `.await` sends the request.\n");
        out.push_str(&format!("let value = {call}.await?;\n"));
        out.push_str("// The same call with its status and headers.\n");
        out.push_str(&format!("let response = {call}.send_with_response().await?;\n"));
        out.push_str("println!(\"{} {:?}\", response.status(), response.headers());\n");
        out.push_str("# let _ = value;\n");
    } else {
        out.push_str("# let _ = client;\n");
    }
    out.push_str("# Ok(())\n# }\n```\n");
    out
}
