//! The `Client` struct, its constructors and credential setters, and one async method per
//! operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::arm_type;
use super::{doc, ident, is_copy_scalar, rust_type, Scope};
use crate::ir::*;

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

fn placement(p: &Placement) -> TokenStream {
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

/// The type a caller gets back for an outcome.
fn outcome_type(api: &Api, o: &Outcome) -> TokenStream {
    match &o.shape {
        OutcomeShape::Nothing => quote!(std::convert::Infallible),
        OutcomeShape::Single(None) => quote!(()),
        OutcomeShape::Single(Some(_)) => o
            .arms
            .first()
            .and_then(|a| arm_type(api, a, Scope::Client))
            .unwrap_or_else(|| quote!(())),
        OutcomeShape::Enum(name) => {
            let n = ident(name);
            quote!(types::#n)
        }
    }
}

/// The method of one operation.
pub(super) fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let ok = outcome_type(api, &op.success);
    let err = outcome_type(api, &op.failure);
    let docs = operation_doc(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        let n = ident(&p.name);
        let t = match &p.ty {
            TypeRef::String => quote!(&str),
            t if is_copy_scalar(t) => rust_type(api, t, Scope::Client),
            t => {
                let t = rust_type(api, t, Scope::Client);
                quote!(&#t)
            }
        };
        args.push(quote!(#n: #t));
    }
    if let Some(ps) = &op.params_struct {
        let t = ident(ps);
        args.push(quote!(params: &types::#t));
    }
    if let Some(b) = &op.body {
        let t = match b.kind {
            BodyKind::Multipart => rust_type(api, &b.ty, Scope::Client),
            BodyKind::Binary => quote!(impl Into<crate::runtime::Bytes>),
            BodyKind::Text => quote!(impl Into<String>),
            BodyKind::Json | BodyKind::Form => {
                let t = rust_type(api, &b.ty, Scope::Client);
                quote!(&#t)
            }
        };
        let t = if b.required { t } else if matches!(b.kind, BodyKind::Binary | BodyKind::Text) {
            let inner = match b.kind {
                BodyKind::Binary => quote!(crate::runtime::Bytes),
                _ => quote!(String),
            };
            quote!(Option<#inner>)
        } else {
            quote!(Option<#t>)
        };
        args.push(quote!(body: #t));
    }

    let (path_bindings, path) = path_expr(op);
    // reqwest has constants for the common methods; 3.2's `QUERY` and `additionalOperations`
    // are built from their token (checked by the reader, so this cannot fail in practice).
    let standard = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"].contains(&op.http_method.as_str());
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
    let many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let (operation_id, http_method, path_template, idempotent) = (&op.operation_id, &op.http_method, &op.path, op.idempotent);
    let new_request = quote!(self.core.request(#method, #path));
    let adds_to_request = !(query.is_empty() && headers.is_empty() && body.is_empty());
    let request = if path_bindings.is_empty() && !adds_to_request && standard {
        quote!(Ok(#new_request))
    } else {
        let mutable = if adds_to_request { quote!(mut) } else { TokenStream::new() };
        quote! {
            crate::runtime::prepare(|| {
                #path_bindings
                #method_stmt
                let #mutable request = #new_request;
                #query
                #headers
                #body
                Ok(request)
            })
        }
    };
    // A plain `fn` returning the runtime's future rather than an `async fn`: see
    // `ClientCore::send`. The request is built before the future is returned, so the future
    // borrows only the client.
    quote! {
        #docs
        #deprecated
        #many
        pub fn #name(&self, #(#args),*) -> impl std::future::Future<Output = Result<#ok, crate::runtime::Error<#err>>> + Send + '_ {
            let request = #request;
            self.core.send(request, &crate::runtime::OperationInfo { operation_id: #operation_id, method: #http_method, path_template: #path_template, idempotent: #idempotent }, #schemes, |raw| {
                #envelope
                match raw.status.as_u16() {
                    #(#arms)*
                }
            })
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

/// Binds each path parameter to its encoded text, then formats the path from those bindings.
fn path_expr(op: &Operation) -> (TokenStream, TokenStream) {
    let mut fmt = String::new();
    let mut bindings = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) => fmt.push_str(&l.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                fmt.push_str(&format!("{{{}}}", p.name));
                let n = ident(&p.name);
                let wire = &p.wire;
                let text = match p.ty {
                    TypeRef::String => quote!(#n),
                    _ => quote!(&crate::runtime::param_text(&#n)),
                };
                bindings.push(quote!(let #n = crate::runtime::encode_path(#wire, #text)?;));
            }
        }
    }
    if bindings.is_empty() {
        (TokenStream::new(), quote!(#fmt))
    } else {
        (quote!(#(#bindings)* let path = format!(#fmt);), quote!(&path))
    }
}

fn query_style(s: QueryStyle) -> TokenStream {
    match s {
        QueryStyle::Form(explode) => quote!(crate::runtime::QueryStyle::Form { explode: #explode }),
        QueryStyle::Space => quote!(crate::runtime::QueryStyle::Delimited(" ")),
        QueryStyle::Pipe => quote!(crate::runtime::QueryStyle::Delimited("|")),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

fn query_stmts(op: &Operation) -> TokenStream {
    let qs: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Query).collect();
    if qs.is_empty() {
        return TokenStream::new();
    }
    let pushes = qs.iter().map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire;
        let style = query_style(p.style);
        quote!(crate::runtime::query_pairs(#wire, &params.#n, #style, &mut query);)
    });
    quote! {
        let mut query: Vec<(String, String)> = Vec::new();
        #(#pushes)*
        if !query.is_empty() {
            request = request.query(&query);
        }
    }
}

fn header_stmts(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Header) {
        let n = ident(&p.name);
        let wire = &p.wire;
        let set = quote! {
            request = request.header(#wire, crate::runtime::header_value(#wire, &crate::runtime::param_text(value))?);
        };
        out.extend(if p.required {
            quote! { { let value = &params.#n; #set } }
        } else {
            quote! { if let Some(value) = &params.#n { #set } }
        });
    }
    let cookies: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Cookie).collect();
    if !cookies.is_empty() {
        let pushes = cookies.iter().map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            if p.required {
                quote!(cookies.push(format!("{}={}", #wire, crate::runtime::param_text(&params.#n)));)
            } else {
                quote!(if let Some(value) = &params.#n { cookies.push(format!("{}={}", #wire, crate::runtime::param_text(value))); })
            }
        });
        out.extend(quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            if !cookies.is_empty() {
                request = request.header(reqwest::header::COOKIE, crate::runtime::header_value("Cookie", &cookies.join("; "))?);
            }
        });
    }
    out
}

fn body_stmt(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else { return TokenStream::new() };
    let media = &b.media_type;
    let apply = |v: TokenStream| match b.kind {
        BodyKind::Json => quote!(request = request.json(#v);),
        BodyKind::Form => quote!(request = request.form(#v);),
        BodyKind::Multipart => quote!(request = request.multipart(#v.into_form()?);),
        BodyKind::Binary => quote! {
            request = request.header(reqwest::header::CONTENT_TYPE, #media).body(reqwest::Body::from(#v));
        },
        BodyKind::Text => quote! {
            request = request.header(reqwest::header::CONTENT_TYPE, #media).body(#v);
        },
    };
    if b.required {
        let v = match b.kind {
            BodyKind::Binary => quote!(Into::<crate::runtime::Bytes>::into(body)),
            BodyKind::Text => quote!(Into::<String>::into(body)),
            _ => quote!(body),
        };
        apply(v)
    } else {
        let inner = apply(quote!(body));
        quote!(if let Some(body) = body { #inner })
    }
}

/// The security schemes whose credentials the operation sends (stored or from a token source).
fn security_schemes(api: &Api, op: &Operation) -> TokenStream {
    let entries = op.security.iter().map(|i| {
        let s = &api.security_schemes[*i];
        let key = &s.key;
        let p = placement(&s.placement);
        quote!((#key, #p))
    });
    quote!(&[#(#entries),*])
}

/// The expression a success arm yields, before wrapping in the outcome enum.
fn success_value(api: &Api, arm: &Arm) -> TokenStream {
    let value = match &arm.payload {
        None => quote!(()),
        Some(p) => decode_payload(api, p),
    };
    match &arm.extract {
        Some(e) => {
            let f = ident(&e.field);
            quote!({ let body = #value; body.#f })
        }
        None => value,
    }
}

fn decode_payload(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Json(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(crate::runtime::decode_success::<#t, _>(&raw)?)
        }
        Payload::Text => quote!(crate::runtime::decode_text(&raw)?),
        Payload::Binary => quote!(raw.body.clone()),
        Payload::ByMediaType(name, variants) => {
            let n = ident(name);
            let arms = variants.iter().map(|(v, media, inner)| {
                let v = ident(v);
                let value = decode_payload(api, inner);
                quote!(#media => types::#n::#v(#value),)
            });
            quote! {
                match crate::runtime::media_type(&raw).as_str() {
                    #(#arms)*
                    _ => return Err(crate::runtime::unexpected(raw)),
                }
            }
        }
    }
}

/// Patterns for a run of statuses, with consecutive `NXX` ranges fused into one range.
fn fused_patterns(statuses: &[StatusMatch]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < statuses.len() {
        if let StatusMatch::Range(first) = statuses[i] {
            let mut last = first;
            while let Some(StatusMatch::Range(next)) = statuses.get(i + 1) {
                if *next != last + 1 {
                    break;
                }
                last = *next;
                i += 1;
            }
            let lo = Literal::u16_unsuffixed(first * 100);
            let hi = Literal::u16_unsuffixed(last * 100 + 99);
            out.push(quote!(#lo..=#hi));
        } else {
            out.push(status_pattern(statuses[i]));
        }
        i += 1;
    }
    out
}

fn status_pattern(m: StatusMatch) -> TokenStream {
    match m {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn response_arms(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut arms = Vec::new();
    let success_enum = match &op.success.shape {
        OutcomeShape::Enum(n) => Some(ident(n)),
        _ => None,
    };
    for a in &op.success.arms {
        let value = success_value(api, a);
        let wrapped = match &success_enum {
            Some(e) => {
                let v = ident(&a.variant);
                if a.payload.is_some() {
                    quote!(types::#e::#v(#value))
                } else {
                    quote!(types::#e::#v)
                }
            }
            None => value,
        };
        // `default` as the only success arm still only covers 2xx here; other statuses fall through.
        let pat = match a.status {
            StatusMatch::Default => quote!(200..=299),
            s => status_pattern(s),
        };
        arms.push(quote!(#pat => Ok(#wrapped),));
    }
    if op.success.arms.is_empty() {
        arms.push(quote!(200..=299 => Ok(()),));
    }
    // Adjacent arms with the same body share one arm (only adjacent ones: moving a range before
    // a code it contains would change which arm matches); adjacent ranges fuse (`400..=599`).
    let mut merged: Vec<(Vec<StatusMatch>, String, TokenStream)> = Vec::new();
    for a in &op.failure.arms {
        let err = failure_value(api, op, a);
        let key = err.to_string();
        match merged.last_mut() {
            Some((statuses, last, _)) if *last == key && a.status != StatusMatch::Default => statuses.push(a.status),
            _ => merged.push((vec![a.status], key, err)),
        }
    }
    for (statuses, _, err) in merged {
        let pats = fused_patterns(&statuses);
        arms.push(quote!(#(#pats)|* => Err(#err),));
    }
    if !op.failure.arms.iter().any(|a| a.status == StatusMatch::Default) {
        arms.push(quote!(_ => Err(crate::runtime::unexpected(raw)),));
    }
    arms
}

/// The error for a documented failure arm.
fn failure_value(api: &Api, op: &Operation, a: &Arm) -> TokenStream {
    let wrap = match &op.failure.shape {
        OutcomeShape::Enum(n) => {
            let e = ident(n);
            let v = ident(&a.variant);
            quote!(types::#e::#v)
        }
        _ => quote!(std::convert::identity),
    };
    match &a.payload {
        Some(Payload::Json(t)) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(crate::runtime::decode_error::<#t, _>(raw, #wrap))
        }
        Some(p @ (Payload::Text | Payload::Binary)) => {
            let v = match p {
                Payload::Text => quote!(String::from_utf8_lossy(&raw.body).into_owned()),
                _ => quote!(raw.body.clone()),
            };
            quote!({ let body = #v; crate::runtime::api_error(raw, #wrap(body)) })
        }
        Some(Payload::ByMediaType(..)) => quote!(crate::runtime::unexpected(raw)),
        None => {
            let body = match &op.failure.shape {
                OutcomeShape::Enum(_) => wrap,
                _ => quote!(()),
            };
            quote!(crate::runtime::api_error(raw, #body))
        }
    }
}

/// With `x-envelope: {success-field}`, a 2xx body whose flag is `false` is an error: decoded as
/// the operation's `default` (else first) documented error, or kept raw.
fn envelope_check(api: &Api, op: &Operation) -> TokenStream {
    let Some(field) = op.envelope.as_ref().and_then(|e| e.success_field.as_ref()) else {
        return TokenStream::new();
    };
    let arm = op
        .failure
        .arms
        .iter()
        .find(|a| a.status == StatusMatch::Default)
        .or_else(|| op.failure.arms.first());
    let err = match arm {
        Some(a) if matches!(a.payload, Some(Payload::Json(_))) => failure_value(api, op, a),
        _ => quote!(crate::runtime::unexpected(raw)),
    };
    quote! {
        if raw.status.is_success() && crate::runtime::envelope_failed(&raw.body, #field) {
            return Err(#err);
        }
    }
}
