//! `generate_api!`: a typed async client from an OpenAPI spec, generated at compile time.
//!
//! ```ignore
//! pub mod petstore {
//!     codegen_openapi_macros::generate_api!("api/petstore.yaml");
//! }
//! ```
//!
//! The path is relative to the calling crate's folder (its `CARGO_MANIFEST_DIR`). Options, as
//! `key = value` after the path, are the build API's (`codegen::build::Config`):
//! `split_by_tag = bool` (default `false`), `only_used_schemas = bool` (default `true`),
//! `runtime_path = "path"` (default `"::codegen_runtime"`), `full_serde = bool` (default
//! `false`).
//!
//! The crate needs the dependencies generated code names: `codegen-runtime`, `serde` (with
//! `derive`), `serde_json`, `reqwest` (with `json`), `chrono` (with `serde`) and `uuid` (with
//! `serde`).
//!
//! The crate recompiles when the spec changes. A bad spec is a compile error that shows the
//! spec's diagnostics (file, line, JSON pointer).
//!
//! Prefer the build script (`codegen::build::Config`) for big specs and when you want to read
//! the code: the macro regenerates on every compilation of the calling crate, and its output
//! cannot be opened as a file (`cargo expand` shows it); the build script writes
//! `OUT_DIR/<name>.rs` and reruns only when the spec changes.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Lit, LitStr, Token};

/// Generates the client of an OpenAPI spec in place: its `Client` and `types` module (in a
/// private module whose items are re-exported: keep one API per module). See the crate docs.
#[proc_macro]
pub fn generate_api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(args) => args,
        Err(e) => return e.to_compile_error().into(),
    };
    match expand(&args) {
        Ok(tokens) => tokens.into(),
        Err(message) => syn::Error::new(args.spec.span(), message).to_compile_error().into(),
    }
}

/// The macro's arguments: the spec's path, then `key = value` options.
struct Args {
    spec: LitStr,
    options: Vec<(Ident, Lit)>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let spec: LitStr = input.parse()?;
        let mut options = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            options.push((key, input.parse()?));
        }
        Ok(Args { spec, options })
    }
}

fn expand(args: &Args) -> Result<TokenStream, String> {
    let mut config = codegen::build::Config::new();
    config.cargo_output(false);
    for (key, value) in &args.options {
        match (key.to_string().as_str(), value) {
            ("split_by_tag", Lit::Bool(b)) => config.split_by_tag(b.value),
            ("only_used_schemas", Lit::Bool(b)) => config.only_used_schemas(b.value),
            ("full_serde", Lit::Bool(b)) => config.full_serde(b.value),
            ("runtime_path", Lit::Str(s)) => config.runtime_path(s.value()),
            (other, _) => {
                return Err(format!(
                    "`{other} = …` is not an option here; use `split_by_tag = bool`, `only_used_schemas = bool`, `full_serde = bool` or `runtime_path = \"path\"`"
                ))
            }
        };
    }
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set: compile with cargo")?;
    let relative = args.spec.value();
    let path = std::path::Path::new(&manifest_dir).join(&relative);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Diagnostics name the spec as the user wrote it, relative to the crate.
    let generated = config.generate(&relative, &text).map_err(|e| e.to_string())?;
    let source: TokenStream = generated.source.parse().map_err(|e| format!("generated code does not lex: {e}"))?;
    // The lints a spec's text can trip in doc comments and types, as in every generated module.
    let allows: TokenStream = codegen::output::MODULE_ALLOWS.parse().map_err(|e| format!("MODULE_ALLOWS does not lex: {e}"))?;
    let tracked = LitStr::new(&path.display().to_string(), Span::call_site());
    Ok(quote! {
        // Recompiles the crate when the spec changes.
        const _: &[u8] = include_bytes!(#tracked);
        #allows
        mod __codegen_api {
            #source
        }
        pub use self::__codegen_api::*;
    })
}
