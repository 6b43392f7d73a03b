//! Stage 5 — format: tokens → pretty Rust source with prettyplease.

use proc_macro2::TokenStream;

/// Formats a token stream of items. An error here means the emitter produced invalid Rust:
/// a bug in this crate, reported as text rather than a panic.
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
