//! The `Client` struct, its constructors and credential setters, and one async method per
//! operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, ident};
use crate::ir::*;
use crate::surface::{self, Pass};

/// The `Client` struct and its `impl` block around already emitted associated items.
pub(super) fn client_block(api: &Api, items: TokenStream) -> TokenStream {
    let title = format!(" A client for {} (version {}).", api.title, api.version);
    let api_doc = doc(api.description.as_deref());
    quote! {
        #[doc = #title]
        ///
        #api_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::ClientCore,
        }

        impl Client {
            #items
        }
    }
}

/// The associated items of `Client` that do not come from operations.
pub(super) fn client_fixed_items(api: &Api) -> TokenStream {
    let default_url = api.servers.first().map(|url| {
        quote! {
            /// The first server the spec lists.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let credentials = api.security_schemes.iter().map(credential_methods);
    let token_sources = token_source_methods(api);
    quote! {
            #default_url

            /// A client for `base_url` with the default [`ClientConfig`](crate::runtime::ClientConfig)
            /// (rustls, 30 s timeout, 32 MiB response limit).
            pub fn new(base_url: &str) -> Result<Self, reqwest::Error> {
                Self::with_config(base_url, &crate::runtime::ClientConfig::default())
            }

            /// A client for `base_url` with its own timeouts, size limit and cookie store.
            pub fn with_config(base_url: &str, config: &crate::runtime::ClientConfig) -> Result<Self, reqwest::Error> {
                Ok(Self { core: crate::runtime::ClientCore::new(base_url, config)? })
            }

            /// A client over your own `reqwest::Client` (its timeouts apply).
            pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Self {
                let limit = crate::runtime::ClientConfig::default().max_response_bytes;
                Self { core: crate::runtime::ClientCore::with_http_client(base_url, http, limit) }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// The underlying HTTP client.
            pub fn http_client(&self) -> &reqwest::Client {
                self.core.http_client()
            }

            #(#credentials)*

            #token_sources
    }
}

pub(super) fn placement(p: &Placement) -> TokenStream {
    match p {
        Placement::Header(n) => quote!(crate::runtime::AuthPlacement::Header(#n)),
        Placement::Query(n) => quote!(crate::runtime::AuthPlacement::Query(#n)),
        Placement::Cookie(n) => quote!(crate::runtime::AuthPlacement::Cookie(#n)),
        Placement::Bearer => quote!(crate::runtime::AuthPlacement::Bearer),
        Placement::Basic => quote!(crate::runtime::AuthPlacement::Basic),
    }
}

fn credential_methods(s: &SecurityScheme) -> TokenStream {
    let with = format_ident!("with_{}", s.name);
    let set = format_ident!("set_{}", s.name);
    let key = &s.key;
    let where_ = match &s.placement {
        Placement::Header(n) => format!("the `{n}` header"),
        Placement::Query(n) => format!("the `{n}` query parameter"),
        Placement::Cookie(n) => format!("the `{n}` cookie"),
        Placement::Bearer => "`Authorization: Bearer …`".to_owned(),
        Placement::Basic => "`Authorization: Basic …` (give `user:password`)".to_owned(),
    };
    let with_doc = format!(" Sends the `{key}` credential ({where_}) with every operation that accepts it.");
    let set_doc = format!(" Replaces (or with `None` removes) the `{key}` credential, for this client and its clones.");
    let scheme_doc = doc(s.doc.as_deref());
    quote! {
        #[doc = #with_doc]
        ///
        #scheme_doc
        #[must_use]
        pub fn #with(self, value: impl Into<crate::runtime::Secret>) -> Self {
            self.core.set_credential(#key, Some(value.into()));
            self
        }

        #[doc = #set_doc]
        pub fn #set(&self, value: Option<crate::runtime::Secret>) {
            self.core.set_credential(#key, value);
        }
    }
}

/// `with_token_source`/`set_token_source` for each bearer (HTTP bearer, OAuth2, OpenID Connect)
/// scheme: the runtime then fetches, caches and renews that scheme's token. With several such
/// schemes the methods carry the scheme's name (`with_<name>_token_source`).
fn token_source_methods(api: &Api) -> TokenStream {
    let bearers: Vec<&SecurityScheme> =
        api.security_schemes.iter().filter(|s| s.placement == Placement::Bearer).collect();
    let single = bearers.len() == 1;
    let methods = bearers.iter().map(|s| {
        let (with, set) = if single {
            (format_ident!("with_token_source"), format_ident!("set_token_source"))
        } else {
            (format_ident!("with_{}_token_source", s.name), format_ident!("set_{}_token_source", s.name))
        };
        let key = &s.key;
        let with_doc = format!(
            " Gets the `{key}` token from `source`: fetched on first use, cached, renewed before it \
             expires, and renewed once (with the request re-sent once) after a `401`. Concurrent \
             calls share one fetch. Overrides a token set with the credential setter."
        );
        let set_doc = format!(" Registers (or with `None` removes) the `{key}` token source, for this client and its clones.");
        quote! {
            #[doc = #with_doc]
            #[must_use]
            pub fn #with(self, source: std::sync::Arc<dyn crate::runtime::TokenSource>) -> Self {
                self.core.set_token_source(#key, Some(source));
                self
            }

            #[doc = #set_doc]
            pub fn #set(&self, source: Option<std::sync::Arc<dyn crate::runtime::TokenSource>>) {
                self.core.set_token_source(#key, source);
            }
        }
    });
    quote!(#(#methods)*)
}

/// The method of one operation: takes the required inputs, returns the request builder.
pub(super) fn operation(api: &Api, op: &Operation) -> TokenStream {
    let surface = surface::operation(op);
    let name = ident(&surface.method);
    let builder = ident(&surface.builder);
    let docs = operation_doc(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let borrows = surface
        .args
        .iter()
        .any(|a| matches!(a.pass, Pass::Str | Pass::Ref(_) | Pass::Slice(_)));
    let life = if borrows { quote!('a) } else { quote!('_) };
    let args = surface.args.iter().map(|a| {
        let n = ident(&a.name);
        let t = super::builder::arg_type(api, &a.pass, borrows);
        quote!(#n: #t)
    });
    let inits = super::builder::field_inits(&surface);
    let many = (surface.args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let (generics, receiver) = if borrows {
        (quote!(<'a>), quote!(&'a self))
    } else {
        (TokenStream::new(), quote!(&self))
    };
    quote! {
        #docs
        #deprecated
        #many
        pub fn #name #generics (#receiver, #(#args),*) -> builder::#builder<#life> {
            builder::#builder { client: self, #(#inits),* }
        }
    }
}

fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(s) = &op.summary {
        text.push_str(s.trim());
        text.push_str("\n\n");
    }
    if let Some(d) = &op.description {
        if op.summary.as_deref().map(str::trim) != Some(d.trim()) {
            text.push_str(d.trim());
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!("`{} {}`", op.http_method, op.path));
    doc(Some(&text))
}
