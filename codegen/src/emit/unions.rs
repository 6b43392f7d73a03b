//! Unions: untagged ones derive serde's `untagged`; discriminated ones (de)serialize through a
//! JSON value, matching on the tag, with a catch-all for tags the spec does not list and the
//! members tried in turn for a value without the tag.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::SerdeImpls;
use super::{ident, rust_type, Renderer, Scope};
use crate::ir::*;

pub(super) fn union(api: &Api, name: &proc_macro2::Ident, docs: &TokenStream, u: &UnionDef, usage: Usage) -> TokenStream {
    let impls = SerdeImpls::of(usage);
    let variant_ty = |v: &UnionVariant| Renderer::new(api, Scope::Types).boxed(&v.ty, v.boxed);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = variant_ty(v);
        quote!(#n(#t),)
    });
    let Some(prop) = &u.discriminator else {
        let (serde, optional_serde) = impls.derives();
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #serde)]
            #optional_serde
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
        };
    };
    // Members keep the discriminator property themselves, so (de)serialize through a JSON value
    // rather than serde's internal tagging, which would strip it.
    let ser_arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        quote! {
            Self::#n(inner) => {
                let mut value = serde_json::to_value(inner).map_err(serde::ser::Error::custom)?;
                if let serde_json::Value::Object(map) = &mut value {
                    map.entry(#prop).or_insert_with(|| serde_json::Value::String(#tag.to_owned()));
                }
                serde::Serialize::serialize(&value, serializer)
            }
        }
    });
    let de_arms = tag_arms(u);
    let missing_arm = missing_tag_arm(u, prop);
    let (catch_all, catch_ser, catch_de) = catch_all_parts(api, u, prop);
    let (ser_gate, de_gate) = impls.gates();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #catch_all
        }
        #ser_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    #catch_ser
                }
            }
        }
        #de_gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#prop).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#de_arms)*
                    #missing_arm
                    #catch_de
                }
            }
        }
    }
}

/// The catch-all variant of a discriminated union, its `Serialize` arm and the `Deserialize` arms
/// after the known tags. A tag no member has keeps the whole value, so a kind the server added
/// later still decodes, and is written back unchanged.
fn catch_all_parts(api: &Api, u: &UnionDef, prop: &str) -> (TokenStream, TokenStream, TokenStream) {
    match &u.catch_all {
        Some(name) => {
            let n = ident(name);
            let json = rust_type(api, &TypeRef::Json, Scope::Types);
            let text = format!(" A `{prop}` value this version of the spec does not list, with the whole value as received.");
            (
                quote!(#[doc = #text] #n(#json),),
                quote!(Self::#n(value) => serde::Serialize::serialize(value, serializer),),
                quote!(Some(_) => Ok(Self::#n(value)),),
            )
        }
        None => {
            let msg = format!("unknown `{prop}` value {{:?}}");
            (TokenStream::new(), TokenStream::new(), quote!(Some(other) => Err(serde::de::Error::custom(format!(#msg, other))),))
        }
    }
}

/// The arm for a value without the tag. The discriminator property is optional in JSON Schema
/// terms (GitHub's `/user` example has no `user_view_type`), so such a value is decoded as an
/// untagged union would, stricter members first, and the error names the last member's problem.
fn missing_tag_arm(u: &UnionDef, prop: &str) -> TokenStream {
    let order: Vec<&UnionVariant> = if u.untagged_order.len() == u.variants.len() {
        u.untagged_order.iter().map(|&i| &u.variants[i]).collect()
    } else {
        u.variants.iter().collect()
    };
    let Some((last, earlier)) = order.split_last() else {
        let missing = format!("missing `{prop}` value");
        return quote!(None => Err(serde::de::Error::custom(#missing)),);
    };
    let tries = try_in_turn(earlier);
    let n = ident(&last.name);
    let msg = format!("missing `{prop}` value, and not a {}: {{}}", last.name);
    quote! {
        None => {
            #tries
            serde_json::from_value(value).map(Self::#n).map_err(|e| serde::de::Error::custom(format!(#msg, e)))
        }
    }
}

/// One `match` arm per tag value, in the order the tags first appear. A tag several members
/// share (OpenAI's input and output messages are both `message`) tries them in turn, as an
/// untagged union would, and reports the last one's error.
fn tag_arms(u: &UnionDef) -> Vec<TokenStream> {
    let mut tags: Vec<(&str, Vec<&UnionVariant>)> = Vec::new();
    for v in &u.variants {
        for t in &v.tags {
            match tags.iter_mut().find(|(tag, _)| tag == t) {
                Some((_, members)) => members.push(v),
                None => tags.push((t, vec![v])),
            }
        }
    }
    tags.iter()
        .map(|(tag, members)| {
            let (last, earlier) = members.split_last().expect("a tag has a member");
            let tries = try_in_turn(earlier);
            let n = ident(&last.name);
            quote! {
                Some(#tag) => {
                    #tries
                    serde_json::from_value(value).map(Self::#n).map_err(serde::de::Error::custom)
                }
            }
        })
        .collect()
}

/// Statements that return the first of `members` the JSON `value` decodes into, as an untagged
/// union would; the caller decodes the last member itself, so its error is the one reported.
fn try_in_turn(members: &[&UnionVariant]) -> TokenStream {
    members
        .iter()
        .map(|v| {
            let n = ident(&v.name);
            quote! {
                if let Ok(inner) = serde_json::from_value(value.clone()) {
                    return Ok(Self::#n(inner));
                }
            }
        })
        .collect()
}
