//! Type definitions: structs, enums, unions, aliases, multipart forms, and the per-operation
//! outcome enums and response-header structs, all inside the `types` submodule.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::{doc, ident, rust_type, Renderer, Scope};
use crate::ir::*;

/// One item of the `types` module, named cheaply so that items can be emitted (and formatted)
/// in parallel chunks: tokens are not `Send`, so each thread makes its own.
#[derive(Debug, Clone, Copy)]
pub(super) enum TypeItem {
    /// `api.types[i]`.
    Def(usize),
    /// The typed response headers of operation `i`.
    Headers(usize),
    /// The success (`true`) or failure outcome enum of operation `i`.
    Outcome(usize, bool),
    /// The media enum of arm `arm` of operation `op` (success arms first, then failure arms).
    Media { op: usize, arm: usize },
}

/// The items of the `types` module, in output order.
pub(super) fn type_items(api: &Api) -> Vec<TypeItem> {
    let mut items: Vec<TypeItem> = (0..api.types.len()).map(TypeItem::Def).collect();
    items.extend(
        (0..api.operations.len())
            .filter(|&i| api.operations[i].response_headers.is_some())
            .map(TypeItem::Headers),
    );
    items.extend(
        (0..api.operations.len())
            .flat_map(|i| [TypeItem::Outcome(i, true), TypeItem::Outcome(i, false)]),
    );
    for (i, op) in api.operations.iter().enumerate() {
        for (arm, a) in op.success.arms.iter().chain(&op.failure.arms).enumerate() {
            // The payloads `media_enum` makes an enum of.
            if matches!(a.payload, Some(Payload::ByMediaType(..))) {
                items.push(TypeItem::Media { op: i, arm });
            }
        }
    }
    items
}

/// The operation groups an item is compiled for (`None`: every group; see `ir::split_by_tag`).
pub(super) fn item_groups(api: &Api, item: TypeItem) -> Option<&[usize]> {
    match item {
        TypeItem::Def(i) => Some(&api.types[i].groups),
        TypeItem::Headers(i) | TypeItem::Outcome(i, _) | TypeItem::Media { op: i, .. } => {
            api.operations[i].group.as_ref().map(std::slice::from_ref)
        }
    }
}

/// The tokens of one item.
pub(super) fn type_item(api: &Api, item: TypeItem) -> TokenStream {
    match item {
        TypeItem::Def(i) => type_def(api, &api.types[i]),
        TypeItem::Headers(i) => headers_struct(api, &api.operations[i]).unwrap_or_default(),
        TypeItem::Outcome(i, success) => {
            let op = &api.operations[i];
            outcome_enum(api, op, if success { &op.success } else { &op.failure }, success)
        }
        TypeItem::Media { op, arm } => {
            let op = &api.operations[op];
            op.success.arms.iter().chain(&op.failure.arms).nth(arm).and_then(|a| media_enum(api, a.payload.as_ref()?)).unwrap_or_default()
        }
    }
}

/// The `types` module around already emitted items.
pub(super) fn types_block(items: TokenStream) -> TokenStream {
    quote! {
        /// The types of the API's schemas, parameters and responses.
        pub mod types {
            #items
        }
    }
}

fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc(t.doc.as_deref());
    let docs = if t.usage.wrapper { quote!(#[doc(hidden)] #docs) } else { docs };
    match &t.kind {
        TypeKind::Struct(s) => struct_def(api, &name, &docs, s, t.usage),
        TypeKind::StringEnum(values) => string_enum(&name, &docs, values, t.usage),
        TypeKind::IntEnum(values) => int_enum(&name, &docs, values, t.usage),
        TypeKind::Union(u) => super::unions::union(api, &name, &docs, u, t.usage),
        TypeKind::Alias(target) => {
            let target = rust_type(api, target, Scope::Types);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Multipart(fields) => multipart(api, &name, &docs, fields),
    }
}

/// The serde directions a type implements: `Serialize` when the API sends it, `Deserialize`
/// when it receives it, both when it does both or neither (a schema no operation uses). The
/// other direction is still there behind the generated crate's `full-serde` feature.
#[derive(Clone, Copy)]
pub(super) struct SerdeImpls {
    serialize: bool,
    deserialize: bool,
}

impl SerdeImpls {
    pub(super) fn of(u: Usage) -> Self {
        let unused = !u.sent && !u.received;
        SerdeImpls { serialize: u.sent || unused, deserialize: u.received || unused }
    }

    /// `#[cfg(feature = "full-serde")]` before a hand-written impl the API does not need.
    pub(super) fn gate(needed: bool) -> TokenStream {
        if needed {
            TokenStream::new()
        } else {
            quote!(#[cfg(feature = "full-serde")])
        }
    }

    /// The gates of the `Serialize` and `Deserialize` impls.
    pub(super) fn gates(self) -> (TokenStream, TokenStream) {
        (Self::gate(self.serialize), Self::gate(self.deserialize))
    }

    /// The serde derives: the needed ones for the `derive` list, the optional one as a
    /// `cfg_attr` attribute to follow it.
    pub(super) fn derives(self) -> (TokenStream, TokenStream) {
        match (self.serialize, self.deserialize) {
            (true, false) => (quote!(serde::Serialize), quote!(#[cfg_attr(feature = "full-serde", derive(serde::Deserialize))])),
            (false, true) => (quote!(serde::Deserialize), quote!(#[cfg_attr(feature = "full-serde", derive(serde::Serialize))])),
            _ => (quote!(serde::Serialize, serde::Deserialize), TokenStream::new()),
        }
    }
}

fn field_type(api: &Api, f: &Field) -> TokenStream {
    let base = Renderer::new(api, Scope::Types).boxed(&f.ty, f.boxed);
    if f.optional() { base.optional() } else { base }.into_token_stream()
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, docs: &TokenStream, s: &StructDef, usage: Usage) -> TokenStream {
    let impls = SerdeImpls::of(usage);
    let types: Vec<TokenStream> = s.fields.iter().map(|f| field_type(api, f)).collect();
    let lean = super::deserialize::struct_impl(name, s, &types);
    let written_out = lean.is_some();
    let all_optional = s.fields.iter().all(Field::optional);
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().enumerate().map(|(i, f)| {
        let fname = ident(&f.name);
        let ty = &types[i];
        let fdoc = doc(f.doc.as_deref());
        let serde_attr = if written_out { serialize_attr(f, impls) } else { derived_attr(f) };
        quote! { #fdoc #serde_attr pub #fname: #ty, }
    });
    let extra = s.additional.as_ref().map(|t| {
        let ty = Renderer::new(api, Scope::Types).map(t);
        quote! {
            /// Properties the schema does not name (it allows additional properties).
            #[serde(flatten)]
            pub additional_properties: #ty,
        }
    });
    // Builders are for values the caller makes: a type the client only receives gets them only
    // with `full-serde` (the feature for tests and mocks, which build responses), which on
    // GitHub's spec leaves a third of the crate's functions out of a default build.
    let ctor = constructor(api, s);
    let gate = (usage.received && !usage.sent).then(|| quote!(#[cfg(feature = "full-serde")]));
    let builders = quote! {
        #gate
        impl #name {
            #ctor
        }
    };
    let (serde, optional_serde, deserialize) = match lean {
        Some(de) => {
            let de_gate = SerdeImpls::gate(impls.deserialize);
            let derive = if impls.serialize { quote!(serde::Serialize) } else { TokenStream::new() };
            let optional = (!impls.serialize).then(|| quote!(#[cfg_attr(feature = "full-serde", derive(serde::Serialize))]));
            (derive, optional.unwrap_or_default(), quote!(#de_gate #de))
        }
        None => {
            let (serde, optional) = impls.derives();
            (serde, optional, TokenStream::new())
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #serde)]
        #optional_serde
        pub struct #name {
            #(#fields)*
            #extra
        }
        #deserialize
        #builders
    }
}

/// A field's serde attribute when serde derives both directions (a struct with `flatten`).
fn derived_attr(f: &Field) -> TokenStream {
    let wire = &f.wire;
    let rename = (f.name != f.wire).then(|| quote!(rename = #wire,));
    if !f.required {
        quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])
    } else if f.nullable {
        quote!(#[serde(#rename default)])
    } else if rename.is_some() {
        quote!(#[serde(rename = #wire)])
    } else {
        TokenStream::new()
    }
}

/// A field's serde attribute for the derived `Serialize` alone (the `Deserialize` is written
/// out); behind `full-serde` when the `Serialize` is.
fn serialize_attr(f: &Field, impls: SerdeImpls) -> TokenStream {
    let wire = &f.wire;
    let mut parts = Vec::new();
    if f.name != f.wire {
        parts.push(quote!(rename = #wire));
    }
    if !f.required {
        parts.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    match (parts.is_empty(), impls.serialize) {
        (true, _) => TokenStream::new(),
        (false, true) => quote!(#[serde(#(#parts),*)]),
        (false, false) => quote!(#[cfg_attr(feature = "full-serde", serde(#(#parts),*))]),
    }
}

/// `new(required…)` plus a `with_<field>` setter for each optional field: required fields are
/// checked by the compiler, optional ones read as a builder.
fn constructor(api: &Api, s: &StructDef) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional()).collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = field_type(api, f);
        quote!(#n: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.optional() {
            quote!(#n: None)
        } else {
            quote!(#n)
        }
    });
    let extra_init = s.additional.as_ref().map(|_| quote!(additional_properties: Default::default(),));
    let setters = s.fields.iter().filter(|f| f.optional()).map(|f| {
        let n = ident(&f.name);
        let setter = format_ident!("with_{}", f.name.trim_end_matches('_'));
        let base = rust_type(api, &f.ty, Scope::Types);
        let (arg_ty, value) = if f.boxed { (base, quote!(Box::new(value))) } else { (base, quote!(value)) };
        let text = format!(" Sets `{}`.", f.wire);
        quote! {
            #[doc = #text]
            #[must_use]
            pub fn #setter(mut self, value: #arg_ty) -> Self {
                self.#n = Some(#value);
                self
            }
        }
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        /// A value with the required fields set and the optional ones empty.
        #many
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #extra_init }
        }
        #(#setters)*
    }
}

fn string_enum(name: &proc_macro2::Ident, docs: &TokenStream, values: &[EnumValue<String>], usage: Usage) -> TokenStream {
    let (ser_gate, de_gate) = SerdeImpls::of(usage).gates();
    let variants = values.iter().map(|v| {
        let n = ident(&v.name);
        let d = format!(" `{}`", v.wire);
        quote!(#[doc = #d] #n,)
    });
    let as_str = values.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#n => #wire,)
    });
    let from = values.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#n,)
    });
    // Serde impls by hand rather than derived: a derived enum with an `untagged` fallback
    // buffers every value and tries each variant in turn, which is slow at run time and, over
    // the thousands of enums of a big spec, the largest part of the crate's compile time.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list.
            Unknown(String),
        }
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(other) => other,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #ser_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #de_gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_str_enum(deserializer)
            }
        }
    }
}

fn int_enum(name: &proc_macro2::Ident, docs: &TokenStream, values: &[EnumValue<i64>], usage: Usage) -> TokenStream {
    let (ser_gate, de_gate) = SerdeImpls::of(usage).gates();
    let variants = values.iter().map(|v| {
        let n = ident(&v.name);
        let d = format!(" `{}`", v.wire);
        quote!(#[doc = #d] #n,)
    });
    let to = values.iter().map(|v| {
        let n = ident(&v.name);
        let w = Literal::i64_unsuffixed(v.wire);
        quote!(Self::#n => #w,)
    });
    let from = values.iter().map(|v| {
        let n = ident(&v.name);
        let w = Literal::i64_unsuffixed(v.wire);
        quote!(#w => Self::#n,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list.
            Unknown(i64),
        }
        impl #name {
            /// The value on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(#to)*
                    Self::Unknown(other) => *other,
                }
            }
        }
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other),
                }
            }
        }
        #ser_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        #de_gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn multipart(api: &Api, name: &proc_macro2::Ident, docs: &TokenStream, fields: &[MultipartField]) -> TokenStream {
    let ty = |f: &MultipartField| -> TokenStream {
        let base = Renderer::new(api, Scope::Types).part(&f.kind);
        if f.required { base } else { base.optional() }.into_token_stream()
    };
    let decls = fields.iter().map(|f| {
        let n = ident(&f.name);
        let t = ty(f);
        let d = doc(f.doc.as_deref());
        quote!(#d pub #n: #t,)
    });
    let required: Vec<&MultipartField> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = ty(f);
        quote!(#n: #t)
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.required {
            quote!(#n)
        } else {
            quote!(#n: None)
        }
    });
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.name);
        let setter = format_ident!("with_{}", f.name.trim_end_matches('_'));
        let base = Renderer::new(api, Scope::Types).part(&f.kind);
        let text = format!(" Sets the `{}` part.", f.wire);
        quote! {
            #[doc = #text]
            #[must_use]
            pub fn #setter(mut self, value: #base) -> Self {
                self.#n = Some(value);
                self
            }
        }
    });
    let parts = fields.iter().map(|f| form_part(api, f));
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mutable = if fields.is_empty() { quote!() } else { quote!(mut) };
    let default = required.is_empty().then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#decls)*
        }
        impl #name {
            /// A form with the required parts set.
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
            #(#setters)*
            /// The `multipart/form-data` body; every part carries a `Content-Type`.
            pub fn into_form<E>(self) -> Result<reqwest::multipart::Form, crate::runtime::Error<E>> {
                let #mutable form = reqwest::multipart::Form::new();
                #(#parts)*
                Ok(form)
            }
        }
    }
}

/// The statement adding one field to the form (skipped when an optional one is unset). A value
/// part is JSON when it is structured, else plain text, unless the spec names a content type.
fn form_part(api: &Api, f: &MultipartField) -> TokenStream {
    let n = ident(&f.name);
    let wire = &f.wire;
    let part = |v: TokenStream| match &f.kind {
        MultipartKind::File => {
            let ct = f.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
            quote!(form = form.part(#wire, crate::runtime::file_part(#v, #ct)?);)
        }
        MultipartKind::Files => {
            let ct = f.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
            quote! {
                for file in #v {
                    form = form.part(#wire, crate::runtime::file_part(file, #ct)?);
                }
            }
        }
        MultipartKind::Value(t) => {
            let structured = matches!(t, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json)
                || matches!(t, TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Struct(_) | TypeKind::Union(_)));
            let default_ct = if structured { "application/json" } else { "text/plain" };
            let ct = f.content_type.clone().unwrap_or_else(|| default_ct.into());
            quote!(form = form.part(#wire, crate::runtime::text_part(crate::runtime::param_text(&#v), #ct)?);)
        }
    };
    if f.required {
        part(quote!(self.#n))
    } else {
        let inner = part(quote!(value));
        quote!(if let Some(value) = self.#n { #inner })
    }
}

/// The typed view of the response headers an operation's success declares.
fn headers_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let h = op.response_headers.as_ref()?;
    let name = ident(&h.name);
    let fields = h.headers.iter().map(|f| {
        let n = ident(&f.name);
        let t = rust_type(api, &f.ty, Scope::Types);
        let text = match f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => format!("`{}`: {d}", f.wire),
            None => format!("`{}`.", f.wire),
        };
        let d = doc(Some(&text));
        quote!(#d pub #n: Option<#t>,)
    });
    let reads = h.headers.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        quote!(#n: crate::runtime::typed_header(headers, #wire),)
    });
    let text = format!(
        " The response headers [`Client::{0}`](super::Client::{0}) declares, from [`Response::typed_headers`](crate::runtime::Response::typed_headers) (a missing or malformed one is `None`).",
        op.method_name
    );
    Some(quote! {
        #[doc = #text]
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        impl crate::runtime::FromHeaders for #name {
            fn from_headers(headers: &crate::runtime::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    })
}

fn outcome_enum(api: &Api, op: &Operation, o: &Outcome, success: bool) -> TokenStream {
    let OutcomeShape::Enum(name) = &o.shape else { return TokenStream::new() };
    let name = ident(name);
    let variants = o.arms.iter().map(|a| {
        let v = ident(&a.variant);
        let d = doc(Some(&arm_doc(a)));
        match Renderer::new(api, Scope::Types).arm(a) {
            Some(t) => quote!(#d #v(#t),),
            None => quote!(#d #v,),
        }
    });
    let what = if success {
        "What"
    } else {
        "The documented errors"
    };
    let text = format!(
        " {what} [`Client::{}`](super::Client::{}) returns, by status.",
        op.method_name, op.method_name
    );
    let derives = derives_for(o.arms.iter().filter_map(|a| a.payload.as_ref()));
    quote! {
        #[doc = #text]
        #derives
        pub enum #name {
            #(#variants)*
        }
    }
}

fn arm_doc(a: &Arm) -> String {
    let status = a.status.label();
    match &a.doc {
        Some(d) => format!("{status}: {d}"),
        None => format!("{status}."),
    }
}

fn media_enum(api: &Api, p: &Payload) -> Option<TokenStream> {
    let Payload::ByMediaType(name, variants) = p else { return None };
    let name = ident(name);
    let vs = variants.iter().map(|(v, media, payload)| {
        let v = ident(v);
        let t = Renderer::new(api, Scope::Types).payload(payload);
        let d = format!(" The `{media}` body.");
        quote!(#[doc = #d] #v(#t),)
    });
    let derives = derives_for(std::iter::once(p));
    Some(quote! {
        /// A body that comes in several media types, chosen by the response's `Content-Type`.
        #derives
        pub enum #name {
            #(#vs)*
        }
    })
}

/// An event stream is read once, so an enum holding one is only `Debug`.
fn derives_for<'p>(mut payloads: impl Iterator<Item = &'p Payload>) -> TokenStream {
    if payloads.any(Payload::streams) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    }
}
