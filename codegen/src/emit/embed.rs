//! Tokens of an API module made fit for inclusion into a module of another crate (the build
//! API and the `generate_api!` macro), rather than for a standalone crate of its own.
//!
//! A standalone crate reaches its runtime as `crate::runtime` and gates the second serde impl on
//! its own `full-serde` feature. Included into a user's module, `crate::` is the user's crate
//! root and the feature is undeclared there, so both are rewritten: the runtime path becomes
//! the one the user names (by default `::codegen_runtime`), and the feature gates are decided
//! at generation time.

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};

/// How included code differs from a standalone crate's.
#[derive(Debug, Clone)]
pub struct Embedding {
    // Text, not tokens: the format stage rewrites on several threads, and tokens are not `Sync`.
    runtime: String,
    full_serde: Option<bool>,
}

impl Embedding {
    /// Code that reaches the runtime through `runtime_path` (a Rust path such as
    /// `::codegen_runtime` or `crate::runtime`). With `full_serde` `Some`, every
    /// `full-serde` gate is resolved as on or off; with `None` they stay (the crate declares the
    /// feature). Errs when `runtime_path` is not a path.
    pub fn new(runtime_path: &str, full_serde: Option<bool>) -> Result<Self, String> {
        let path: syn::Path = syn::parse_str(runtime_path).map_err(|e| format!("`{runtime_path}` is not a Rust path: {e}"))?;
        let runtime = quote::ToTokens::to_token_stream(&path).to_string().replace(' ', "");
        Ok(Embedding { runtime, full_serde })
    }

    /// `tokens` with the runtime path and the feature gates rewritten.
    pub fn rewrite(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while i < trees.len() {
            if is_crate_runtime(&trees[i..]) {
                out.extend(self.runtime.parse::<TokenStream>().unwrap_or_default());
                i += 4;
                continue;
            }
            match (&trees[i], trees.get(i + 1)) {
                (TokenTree::Punct(p), Some(TokenTree::Group(g))) if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket => {
                    out.extend(self.attribute(&trees[i], g));
                    i += 2;
                }
                (TokenTree::Group(g), _) => {
                    let mut inner = Group::new(g.delimiter(), self.rewrite(g.stream()));
                    inner.set_span(g.span());
                    out.extend([TokenTree::Group(inner)]);
                    i += 1;
                }
                (tree, _) => {
                    out.extend([tree.clone()]);
                    i += 1;
                }
            }
        }
        out
    }

    /// One outer attribute `#[…]` (`pound` and its bracket group), rewritten.
    fn attribute(&self, pound: &TokenTree, group: &Group) -> TokenStream {
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        let keep = |stream: TokenStream| {
            let mut g = Group::new(Delimiter::Bracket, stream);
            g.set_span(group.span());
            TokenStream::from_iter([pound.clone(), TokenTree::Group(g)])
        };
        match (inner.first(), inner.get(1), inner.get(2)) {
            // An intra-doc link to the runtime: `[`ClientConfig`](crate::runtime::ClientConfig)`.
            (Some(TokenTree::Ident(doc)), Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(text))) if doc == "doc" && eq.as_char() == '=' => {
                let repr = text.to_string();
                if !repr.contains("crate::runtime::") {
                    return keep(group.stream());
                }
                let Ok(mut literal) = repr.replace("crate::runtime::", &format!("{}::", self.runtime)).parse::<Literal>() else {
                    return keep(group.stream());
                };
                literal.set_span(text.span());
                keep(TokenStream::from_iter([inner[0].clone(), inner[1].clone(), TokenTree::Literal(literal)]))
            }
            (Some(TokenTree::Ident(name)), Some(TokenTree::Group(args)), None) if name == "cfg" => match self.gate(&args.stream()) {
                Some(true) => TokenStream::new(),
                // An item the crate would compile only with the feature: compiled never.
                Some(false) => keep(quote::quote!(cfg(any()))),
                None => keep(self.rewrite(group.stream())),
            },
            (Some(TokenTree::Ident(name)), Some(TokenTree::Group(args)), None) if name == "cfg_attr" => {
                let parts: Vec<TokenTree> = args.stream().into_iter().collect();
                let condition: TokenStream = parts.iter().take(3).cloned().collect();
                match (self.gate(&condition), parts.get(3)) {
                    (Some(true), Some(TokenTree::Punct(comma))) if comma.as_char() == ',' => keep(self.rewrite(parts[4..].iter().cloned().collect())),
                    (Some(false), _) => TokenStream::new(),
                    _ => keep(self.rewrite(group.stream())),
                }
            }
            _ => keep(self.rewrite(group.stream())),
        }
    }

    /// Whether `condition` is exactly `feature = "full-serde"` or `feature = "mock"`, and then its
    /// resolved value. When the gates are decided (the including crate declares neither
    /// feature), the `mock` module is left out: it needs the runtime's `mock` feature.
    fn gate(&self, condition: &TokenStream) -> Option<bool> {
        let parts: Vec<TokenTree> = condition.clone().into_iter().collect();
        match parts.as_slice() {
            [TokenTree::Ident(f), TokenTree::Punct(eq), TokenTree::Literal(name)] if f == "feature" && eq.as_char() == '=' => {
                match name.to_string().as_str() {
                    "\"full-serde\"" => self.full_serde,
                    "\"mock\"" => self.full_serde.map(|_| false),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Whether `trees` starts with `crate::runtime`.
fn is_crate_runtime(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Ident(k), TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(r), ..]
            if k == "crate" && a.as_char() == ':' && b.as_char() == ':' && r == "runtime"
    )
}

#[cfg(test)]
mod tests {
    use super::Embedding;
    use quote::quote;

    fn text(tokens: proc_macro2::TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn the_runtime_path_is_replaced_in_code_and_doc_links_but_not_in_strings() {
        let e = Embedding::new("::codegen_runtime", None).expect("a path");
        let out = e.rewrite(quote! {
            /// See [`ClientConfig`](crate::runtime::ClientConfig).
            pub fn f(c: &crate::runtime::ClientConfig) -> Vec<crate::runtime::Error<()>> { let _ = "crate::runtime::x"; vec![] }
        });
        let out = text(out);
        assert!(out.contains("(::codegen_runtime::ClientConfig)"), "{out}");
        assert!(out.contains("& :: codegen_runtime :: ClientConfig"), "{out}");
        assert!(out.contains("Vec < :: codegen_runtime :: Error"), "{out}");
        assert!(out.contains("\"crate::runtime::x\""), "{out}");
    }

    #[test]
    fn full_serde_gates_are_decided_or_kept() {
        let item = quote! {
            #[cfg_attr(feature = "full-serde", derive(serde::Deserialize))]
            pub struct A;
            #[cfg(feature = "full-serde")]
            impl A {}
            #[cfg(feature = "other")]
            impl A {}
        };
        let on = text(Embedding::new("x", Some(true)).expect("path").rewrite(item.clone()));
        assert_eq!(on, text(quote! { #[derive(serde::Deserialize)] pub struct A; impl A {} #[cfg(feature = "other")] impl A {} }));
        let off = text(Embedding::new("x", Some(false)).expect("path").rewrite(item.clone()));
        assert_eq!(off, text(quote! { pub struct A; #[cfg(any())] impl A {} #[cfg(feature = "other")] impl A {} }));
        let kept = text(Embedding::new("x", None).expect("path").rewrite(item.clone()));
        assert_eq!(kept, text(item));
    }

    #[test]
    fn a_runtime_path_that_is_not_a_path_is_an_error() {
        assert!(Embedding::new("not a path", None).is_err());
    }
}
