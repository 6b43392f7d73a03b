//! Writing results: the standalone crate that `codegen generate` produces.

use std::path::{Path, PathBuf};

/// The runtime's source files, for crates that carry their own copy (`--runtime vendored`): each
/// path relative to the generated crate's `src/runtime/` folder, with its text. They come from
/// the runtime crate itself (its module tree: `mod.rs` and the files beside it), so this package
/// reads no file outside itself. A test checks that this lists every `.rs` file of that tree.
#[cfg(feature = "vendored-runtime")]
pub const RUNTIME_FILES: &[(&str, &str)] = codegen_runtime::SOURCES;

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
    /// A copy of the runtime's source files (see [`RUNTIME_FILES`]) in the folder `src/runtime/`:
    /// one self-contained crate. Needs the feature `vendored-runtime` (on with `cli`), which
    /// depends on the runtime crate for its sources.
    #[cfg(feature = "vendored-runtime")]
    Vendored,
}

impl Runtime {
    /// Parses `path=DIR`, `version=X` or `vendored`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            Some(("path", dir)) if !dir.is_empty() => Ok(Runtime::Path(dir.into())),
            Some(("version", v)) if !v.is_empty() => Ok(Runtime::Version(v.to_owned())),
            #[cfg(feature = "vendored-runtime")]
            None if text == "vendored" => Ok(Runtime::Vendored),
            _ => Err(format!("`{text}` is not a runtime; use `path=DIR`, `version=X` or `vendored`")),
        }
    }

    /// The shared runtime crate of this source tree when there is one, else a vendored copy.
    #[cfg(feature = "vendored-runtime")]
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
wiremock = { version = "0.6", optional = true }
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

/// The files of a generated crate named `name`: `Cargo.toml`, `src/lib.rs`, and with a vendored
/// runtime every file of `src/runtime/`. Paths are relative to the crate's folder, in writing
/// order. Generated code reaches the runtime as `crate::runtime` either way.
pub fn crate_files(name: &str, module_source: &str, api: &crate::ir::Api, runtime: &Runtime) -> Vec<(PathBuf, String)> {
    let mut files = vec![(PathBuf::from("Cargo.toml"), manifest(name, api, runtime))];
    let runtime_item = match runtime {
        #[cfg(feature = "vendored-runtime")]
        Runtime::Vendored => {
            "/// Transport, errors and helpers shared by the generated client (a vendored copy of\n/// `codegen-runtime`).\npub mod runtime;\n"
        }
        _ => "/// Transport, errors and helpers shared by the generated client.\npub use codegen_runtime as runtime;\n",
    };
    let title = api.title.as_str();
    let allows = MODULE_ALLOWS.replacen("#[", "#![", 1);
    let usage: String = usage_doc(api, &name.replace('-', "_")).lines().map(|l| format!("//!{}{l}\n", if l.is_empty() { "" } else { " " })).collect();
    let lib = format!(
        "//! Generated by `codegen` from the OpenAPI spec of {title}. Do not edit.\n//!\n{usage}{allows}\n\n{runtime_item}\n{module_source}"
    );
    files.push((PathBuf::from("src/lib.rs"), lib));
    #[cfg(feature = "vendored-runtime")]
    if *runtime == Runtime::Vendored {
        files.extend(RUNTIME_FILES.iter().map(|(path, text)| (Path::new("src/runtime").join(path), (*text).to_owned())));
    }
    files
}

fn manifest(name: &str, api: &crate::ir::Api, runtime: &Runtime) -> String {
    let runtime_dep = match runtime {
        Runtime::Path(p) => format!("{RUNTIME_CRATE} = {{ path = {} }}\n", toml_string(&p.display().to_string())),
        Runtime::Version(v) => format!("{RUNTIME_CRATE} = {}\n", toml_string(v)),
        #[cfg(feature = "vendored-runtime")]
        Runtime::Vendored => String::new(),
    };
    // `mock` turns on the runtime's mock machinery (a vendored runtime is compiled here).
    let mock = match runtime {
        #[cfg(feature = "vendored-runtime")]
        Runtime::Vendored => "\"dep:wiremock\"".to_owned(),
        _ => format!("\"{RUNTIME_CRATE}/mock\""),
    };
    let mut features = format!("# The `mock` module: typed mock servers for tests.\nmock = [\"full-serde\", {mock}]\n");
    // A split API: a feature per operation group, all on by default.
    if !api.groups.is_empty() {
        let all: Vec<String> = api.groups.iter().map(|g| toml_string(&g.feature)).collect();
        features.push_str(&format!("default = [\"full\"]\n# Every operation group.\nfull = [{}]\n", all.join(", ")));
        for g in &api.groups {
            features.push_str(&format!("# Operations tagged {}.\n{} = []\n", toml_string(&g.tag), g.feature));
        }
    }
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {}\n\n{FEATURES}{features}\n[dependencies]\n{runtime_dep}{DEPENDENCIES}\n[workspace]\n",
        toml_string(&format!("Generated client for {}", api.title))
    )
}

/// Writes [`crate_files`] into `dir`, replacing a vendored runtime an earlier run left there (a
/// `src/runtime.rs` would clash with the folder, and a file of a module since removed would stay
/// behind) or removing it when the runtime is no longer vendored. Returns the number of lines
/// of `src/lib.rs`.
pub fn write_crate(dir: &Path, name: &str, module_source: &str, api: &crate::ir::Api, runtime: &Runtime) -> std::io::Result<usize> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    match runtime {
        #[cfg(feature = "vendored-runtime")]
        Runtime::Vendored => remove_runtime(&src)?,
        // Left over, a vendored copy is only unused: no reason to fail the run.
        _ => {
            let _ = remove_runtime(&src);
        }
    }
    let mut lib_lines = 0;
    for (path, text) in crate_files(name, module_source, api, runtime) {
        let file = dir.join(&path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, &text)?;
        if path == Path::new("src/lib.rs") {
            lib_lines = text.lines().count();
        }
    }
    Ok(lib_lines)
}

/// What differs between `dir` and the crate [`crate_files`] describes, as paths relative to
/// `dir`: files missing or with other contents, and generated files that writing would remove
/// (a vendored runtime the crate no longer uses). Empty when `dir` is up to date. Reads only.
pub fn stale_files(dir: &Path, files: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let mut stale: Vec<PathBuf> = files
        .iter()
        .filter(|(path, text)| std::fs::read(dir.join(path)).map_or(true, |on_disk| on_disk != text.as_bytes()))
        .map(|(path, _)| path.clone())
        .collect();
    let expected = |p: &Path| files.iter().any(|(f, _)| f == p);
    if dir.join("src/runtime.rs").is_file() {
        stale.push(PathBuf::from("src/runtime.rs"));
    }
    let mut walk = vec![dir.join("src/runtime")];
    while let Some(folder) = walk.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                if !expected(relative) {
                    stale.push(relative.to_path_buf());
                }
            }
        }
    }
    stale
}

/// Removes a vendored runtime an earlier run wrote: the folder `src/runtime/`, or the single file
/// `src/runtime.rs` of generators before the runtime had modules. Both are generated, never edited.
fn remove_runtime(src: &Path) -> std::io::Result<()> {
    let ignore_missing = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    ignore_missing(std::fs::remove_file(src.join("runtime.rs")))?;
    ignore_missing(std::fs::remove_dir_all(src.join("runtime")))
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
    if let Some(call) = &call {
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
    out.push_str(&crate::emit::mock_doc(path, call.as_deref()));
    out
}

#[cfg(all(test, feature = "vendored-runtime"))]
mod tests {
    use std::path::Path;

    /// `codegen_runtime::include_api!` wraps included code in these allowances too.
    #[test]
    fn include_api_allows_what_generated_modules_need() {
        let root = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/lib.rs")).expect("reads");
        let lints = super::MODULE_ALLOWS.trim_start_matches("#[allow(").trim_end_matches(")]");
        for lint in lints.split(", ") {
            assert!(root.contains(&format!("{lint},")) || root.contains(&format!("{lint}\n")), "include_api! does not allow {lint}");
        }
    }
}
