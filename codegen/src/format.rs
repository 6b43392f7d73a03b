//! Stage 5 — format: tokens → pretty Rust source with prettyplease.

use proc_macro2::TokenStream;

/// Formats a token stream of items. An error here means the emitter produced invalid Rust:
/// a bug in this crate, reported as text rather than a panic.
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    // prettyplease prints `#[doc = "…"]` as `///` or `/** */` comments, copying the text as it
    // is, and rustc rejects a bare CR in a doc comment. Literals escape CR, so a raw one can only
    // sit in such a comment (its text comes from spec names and descriptions): make it a space.
    Ok(prettyplease::unparse(&file).replace('\r', " "))
}
