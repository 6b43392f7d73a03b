//! The request half of a call: the path with its encoded parameters, the query, the headers,
//! the body and the credentials, as the statements of `send_with_response`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::*;

/// Binds each path parameter to its encoded text, then formats the path from those bindings.
pub(super) fn path_expr(op: &Operation) -> (TokenStream, TokenStream) {
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
                    TypeRef::String => quote!(self.#n),
                    _ => quote!(&crate::runtime::param_text(&self.#n)),
                };
                bindings.push(quote!(let #n = crate::runtime::encode_path(#wire, #text)?;));
            }
        }
    }
    if bindings.is_empty() {
        (TokenStream::new(), quote!(#fmt))
    } else {
        (
            quote!(#(#bindings)* let path = format!(#fmt);),
            quote!(&path),
        )
    }
}

pub(super) fn query_style(s: QueryStyle) -> TokenStream {
    match s {
        QueryStyle::Form(explode) => quote!(crate::runtime::QueryStyle::Form { explode: #explode }),
        QueryStyle::Space => quote!(crate::runtime::QueryStyle::Delimited(" ")),
        QueryStyle::Pipe => quote!(crate::runtime::QueryStyle::Delimited("|")),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

pub(super) fn query_stmts(op: &Operation) -> TokenStream {
    let qs: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if qs.is_empty() {
        return TokenStream::new();
    }
    let pushes = qs.iter().map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire;
        let style = query_style(p.style);
        quote!(crate::runtime::query_pairs(#wire, &self.#n, #style, &mut query);)
    });
    quote! {
        let mut query: Vec<(String, String)> = Vec::new();
        #(#pushes)*
        if !query.is_empty() {
            request = request.query(&query);
        }
    }
}

pub(super) fn header_stmts(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        let n = ident(&p.name);
        let wire = &p.wire;
        let set = quote! {
            request = request.header(#wire, crate::runtime::header_value(#wire, &crate::runtime::param_text(value))?);
        };
        out.extend(if p.required {
            quote! { { let value = &self.#n; #set } }
        } else {
            quote! { if let Some(value) = &self.#n { #set } }
        });
    }
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    if !cookies.is_empty() {
        let pushes = cookies.iter().map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            if p.required {
                quote!(cookies.push(format!("{}={}", #wire, crate::runtime::param_text(&self.#n)));)
            } else {
                quote!(if let Some(value) = &self.#n { cookies.push(format!("{}={}", #wire, crate::runtime::param_text(value))); })
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

pub(super) fn body_stmt(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else {
        return TokenStream::new();
    };
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
        // A required nullable body is an `Option<&T>`: serde writes `None` as `null`.
        match b.ty {
            TypeRef::Nullable(_) => apply(quote!(&self.body)),
            _ => apply(quote!(self.body)),
        }
    } else {
        let inner = match b.kind {
            BodyKind::Json | BodyKind::Form => apply(quote!(&body)),
            _ => apply(quote!(body)),
        };
        quote!(if let Some(body) = self.body { #inner })
    }
}

/// The security schemes whose credentials the operation sends (stored or from a token source).
pub(super) fn security_schemes(api: &Api, op: &Operation) -> TokenStream {
    let entries = op.security.iter().map(|i| {
        let s = &api.security_schemes[*i];
        let key = &s.key;
        let p = super::client::placement(&s.placement);
        quote!((#key, #p))
    });
    quote!(&[#(#entries),*])
}
