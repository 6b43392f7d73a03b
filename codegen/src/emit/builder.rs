//! One request builder per operation (in the module's `builder` module): the required inputs
//! the `Client` method took, a setter per optional one, and the call itself (`send`,
//! `send_with_response`, `IntoFuture`, and `into_stream` for paginated lists). The statements
//! that build the request are in [`super::request`], the status match in [`super::response`].

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::paging::into_stream;
use super::{doc, ident, Renderer, Scope};
use super::request::{body_stmt, header_stmts, path_expr, query_stmts, security_schemes};
use super::response::{envelope_check, response_arms};
use crate::ir::*;
use crate::surface::{self, Input, OperationSurface, Pass, Source};

/// The `pub mod builder { … }` around already emitted builders.
pub(super) fn builders_block(items: TokenStream) -> TokenStream {
    quote! {
        /// The request builders the `Client` methods return: set optional inputs, then `.await`.
        pub mod builder {
            #[allow(unused_imports)]
            use super::types;
            #items
        }
    }
}

/// The type of a method argument; borrowed ones live as long as the builder (`'a`).
pub(super) fn arg_type(api: &Api, pass: &Pass, named_lifetime: bool) -> TokenStream {
    let life = if named_lifetime { quote!('a) } else { TokenStream::new() };
    Renderer::new(api, Scope::Client).pass(pass).tokens_with(&life)
}

/// The type a builder field holds for an input.
fn field_type(api: &Api, input: &Input, positional: bool) -> TokenStream {
    // Bodies taken as `impl Into<…>` are converted when the builder is made; borrowed arguments
    // stay borrowed: the builder lives no longer than they do.
    let t = match Renderer::new(api, Scope::Client).converted(&input.pass) {
        Some(t) => t.into_token_stream(),
        None => arg_type(api, &input.pass, true),
    };
    if positional {
        t
    } else {
        quote!(Option<#t>)
    }
}

/// The field initialisers of the struct literal in the `Client` method.
pub(super) fn field_inits(s: &OperationSurface) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = s
        .args
        .iter()
        .map(|a| {
            let n = ident(&a.name);
            match a.pass {
                Pass::IntoBytes | Pass::IntoString => quote!(#n: #n.into()),
                _ => quote!(#n),
            }
        })
        .collect();
    out.extend(s.setters.iter().map(|a| {
        let n = ident(&a.name);
        quote!(#n: None)
    }));
    out
}

/// The builder of one operation.
pub(super) fn builder(api: &Api, op: &Operation) -> TokenStream {
    let s = surface::operation(op);
    let name = ident(&s.builder);
    let method = &s.method;
    let fields = s
        .args
        .iter()
        .map(|a| (a, true))
        .chain(s.setters.iter().map(|a| (a, false)))
        .map(|(a, positional)| {
            let n = ident(&a.name);
            let t = field_type(api, a, positional);
            quote!(pub(super) #n: #t,)
        });
    let setters = s.setters.iter().map(|a| setter(api, op, a));
    let ok = outcome_type(api, &op.success);
    let err = outcome_type(api, &op.failure);
    let response_call = match &op.response_headers {
        Some(h) => {
            let n = ident(&h.name);
            quote!(crate::runtime::ResponseCall<'a, #ok, #err, types::#n>)
        }
        None => quote!(crate::runtime::ResponseCall<'a, #ok, #err>),
    };
    let follows_links = op.pagination.as_ref().is_some_and(|p| p.style == PageStyle::Link);
    let call = call_body(api, op, follows_links);
    let stream = op
        .pagination
        .as_ref()
        .map(|p| into_stream(api, op, p, &err));
    let clone = op.pagination.is_some().then(|| quote!(#[derive(Clone)]));
    let send_with_response = if follows_links {
        quote! {
            /// Sends the request; resolves to the decoded body with the status and headers.
            pub fn send_with_response(self) -> #response_call {
                self.send_page(None)
            }

            /// Sends the request, or with `next` a `GET` of that next-page link (on the client's
            /// origin only, see `ClientCore::follow_link`).
            fn send_page(self, next: Option<String>) -> #response_call {
                #call
            }
        }
    } else {
        quote! {
            /// Sends the request; resolves to the decoded body with the status and headers.
            pub fn send_with_response(self) -> #response_call {
                #call
            }
        }
    };
    let text = format!(
        " The request of [`Client::{method}`](super::Client::{method}): set optional inputs, then `.await` it \
         (or call [`send`](Self::send) or [`send_with_response`](Self::send_with_response))."
    );
    quote! {
        #[doc = #text]
        #[must_use = "a request does nothing until it is awaited or sent"]
        #clone
        pub struct #name<'a> {
            pub(super) client: &'a super::Client,
            #(#fields)*
        }

        impl<'a> #name<'a> {
            #(#setters)*

            /// Sends the request; resolves to the decoded body.
            pub fn send(self) -> crate::runtime::Call<'a, #ok, #err> {
                crate::runtime::into_value(self.send_with_response())
            }

            #send_with_response

            #stream
        }

        impl<'a> std::future::IntoFuture for #name<'a> {
            type Output = Result<#ok, crate::runtime::Error<#err>>;
            type IntoFuture = crate::runtime::Call<'a, #ok, #err>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

fn setter(api: &Api, op: &Operation, a: &Input) -> TokenStream {
    let n = ident(&a.name);
    let t = arg_type(api, &a.pass, false);
    let text = match a.source {
        Source::Param(i) => {
            let p = &op.params[i];
            let mut text = format!("Sets `{}`.", p.wire);
            if let Some(d) = p.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                text.push_str("\n\n");
                text.push_str(d);
            }
            text
        }
        Source::Body => "Sets the request body.".to_owned(),
    };
    let d = doc(Some(&text));
    quote! {
        #d
        pub fn #n(mut self, value: #t) -> Self {
            self.#n = Some(value.into());
            self
        }
    }
}

/// The type a caller gets back for an outcome.
pub(super) fn outcome_type(api: &Api, o: &Outcome) -> TokenStream {
    Renderer::new(api, Scope::Client).outcome(o).into_token_stream()
}

/// Whether any answer of the operation may be an event stream.
fn streams_events(op: &Operation) -> bool {
    op.success.arms.iter().chain(&op.failure.arms).any(|a| a.payload.as_ref().is_some_and(Payload::streams))
}

/// The body of `send_with_response`: builds the request, then hands it to the runtime. With
/// `follows_links`, a `next` link (a variable in scope) is requested instead, when there is one.
fn call_body(api: &Api, op: &Operation, follows_links: bool) -> TokenStream {
    let (path_bindings, path) = path_expr(op);
    // reqwest has constants for the common methods; 3.2's `QUERY` and `additionalOperations`
    // are built from their token (checked by the reader, so this cannot fail in practice).
    let standard = [
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ]
    .contains(&op.http_method.as_str());
    let (method, method_stmt) = if standard {
        let m = ident(&op.http_method);
        (quote!(reqwest::Method::#m), TokenStream::new())
    } else {
        let token = proc_macro2::Literal::byte_string(op.http_method.as_bytes());
        (
            quote!(method),
            quote!(let method = reqwest::Method::from_bytes(#token).map_err(|e| crate::runtime::Error::InvalidRequest(e.to_string()))?;),
        )
    };
    let query = query_stmts(op);
    let headers = header_stmts(op);
    let body = body_stmt(op);
    let schemes = security_schemes(api, op);
    let envelope = envelope_check(api, op);
    let arms = response_arms(api, op);
    let (operation_id, http_method, path_template, idempotent) =
        (&op.operation_id, &op.http_method, &op.path, op.idempotent);
    let new_request = quote!(client.core.request(#method, #path));
    let adds_to_request = !(query.is_empty() && headers.is_empty() && body.is_empty());
    let mutable = |m: bool| if m { quote!(mut) } else { TokenStream::new() };
    let request = if follows_links {
        // A next link replaces the path and query; headers (and a body) are the builder's still.
        let (outer, inner) = (mutable(!(headers.is_empty() && body.is_empty())), mutable(!query.is_empty()));
        quote! {
            crate::runtime::prepare(move || {
                let #outer request = match next {
                    Some(link) => client.core.follow_link(&link)?,
                    None => {
                        #path_bindings
                        #method_stmt
                        let #inner request = #new_request;
                        #query
                        request
                    }
                };
                #headers
                #body
                Ok(request)
            })
        }
    } else if path_bindings.is_empty() && !adds_to_request && standard {
        quote!(Ok(#new_request))
    } else {
        let m = mutable(adds_to_request);
        quote! {
            crate::runtime::prepare(move || {
                #path_bindings
                #method_stmt
                let #m request = #new_request;
                #query
                #headers
                #body
                Ok(request)
            })
        }
    };
    let info = quote!(&crate::runtime::OperationInfo { operation_id: #operation_id, method: #http_method, path_template: #path_template, idempotent: #idempotent });
    // An operation that may answer with a stream gets its body unread (`stream`).
    let (send, decode_args) = if streams_events(op) { (quote!(send_streaming), quote!(raw, stream)) } else { (quote!(send), quote!(raw)) };
    // The request is built before the future is returned, so the future borrows only the client.
    quote! {
        let client = self.client;
        let request = #request;
        client.core.#send(request, #info, #schemes, |#decode_args| {
            #envelope
            match raw.status.as_u16() {
                #(#arms)*
            }
        })
    }
}
