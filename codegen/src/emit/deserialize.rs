//! The `Deserialize` impl of a struct, written out instead of derived. serde's derive makes a
//! field enum with its own `Deserialize` and visitor, a sequence visitor and duplicate checks for
//! every struct; for JSON objects one `match` on the key does the same work, and type checking
//! and borrow checking it costs about a third as much (GitHub's crate has 2,700 structs).
//! Decode errors read as the derive's (`missing field \`x\``, `expected struct X`), and
//! `serde_path_to_error` still sees each key, so they keep their path. A repeated key keeps its
//! last value, as `serde_json::Value` does.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Field, StructDef};

/// The impl for struct `name`, or `None` when it needs serde's own (`flatten` of additional
/// properties), which the derive then provides.
/// `types` are the fields' Rust types, in order.
pub(super) fn struct_impl(name: &Ident, s: &StructDef, types: &[TokenStream]) -> Option<TokenStream> {
    if s.additional.is_some() {
        return None;
    }
    let expecting = format!("struct {name}");
    let body = if s.fields.is_empty() {
        quote! {
            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok(#name {})
        }
    } else {
        fields_body(name, &s.fields, types)
    };
    Some(quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        #body
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    })
}

/// One `Option` local per field (prefixed, so a field named `map` or `key` shadows nothing),
/// filled by key, then the struct: a missing required field is an error, an optional or
/// nullable one `None`. The required ones are checked together, in one `let … else`: a `?` per
/// field made a return path per field, each dropping every other local. The locals are typed
/// and each key's arm is one runtime call with one `?` after the `match`: left to inference,
/// each local stayed an open type variable to the end of the function, which made type checking
/// the widest structs cost the most.
fn fields_body(name: &Ident, fields: &[Field], types: &[TokenStream]) -> TokenStream {
    let local = |f: &Field| -> Ident { format_ident!("f_{}", f.name.trim_start_matches("r#")) };
    let lets = fields.iter().zip(types).map(|(f, t)| {
        let l = local(f);
        if f.optional() {
            quote!(let mut #l: #t = None;)
        } else {
            quote!(let mut #l: Option<#t> = None;)
        }
    });
    let arms = fields.iter().map(|f| {
        let (l, wire) = (local(f), &f.wire);
        if f.optional() {
            quote!(#wire => crate::runtime::fill_optional(&mut map, &mut #l),)
        } else {
            quote!(#wire => crate::runtime::fill(&mut map, &mut #l),)
        }
    });
    let inits = fields.iter().map(|f| {
        let (l, n) = (local(f), ident(&f.name));
        quote!(#n: #l,)
    });
    let required: Vec<&Field> = fields.iter().filter(|f| !f.optional()).collect();
    let check = (!required.is_empty()).then(|| {
        let locals: Vec<Ident> = required.iter().map(|f| local(f)).collect();
        let wires = required.iter().map(|f| &f.wire);
        quote! {
            let missing = [#(#locals.is_none()),*];
            let (#(Some(#locals),)*) = (#(#locals,)*) else {
                return Err(crate::runtime::missing_field(&missing, &[#(#wires),*]));
            };
        }
    });
    quote! {
        #(#lets)*
        while let Some(key) = map.next_key::<crate::runtime::FieldName<'de>>()? {
            match key.as_str() {
                #(#arms)*
                _ => crate::runtime::skip_value(&mut map),
            }?;
        }
        #check
        Ok(#name { #(#inits)* })
    }
}
