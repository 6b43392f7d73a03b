//! Stage 4, emit — IR and surface → Rust tokens with quote. Reads only the IR and the surface
//! model, never the document.

mod builder;
mod embed;
mod client;
mod deserialize;
mod mock;
mod mock_answers;
mod paging;
mod request;
mod response;
mod types;
mod unions;

pub use mock::mock_doc;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::{Api, TypeRef};
pub(crate) use crate::surface::{Renderer, Scope};
pub use embed::Embedding;

/// The contents of one API module: a `types` submodule and the `Client`.
pub fn api_module(api: &Api) -> TokenStream {
    let blocks = blocks(api, None);
    let all = blocks.iter().map(|b| b.tokens(api, 0..b.len()));
    quote!(#(#all)*)
}

/// The blocks of an API module, in output order. A block is a wrapper (`pub mod types { … }`,
/// `impl Client { … }`) around items that format independently of each other, so the format
/// stage can emit and format a block in chunks, in parallel, and join the texts.
///
/// With `keep`, only the named types it marks are emitted (see
/// [`crate::ir::types_used_by_operations`]); parameter, outcome and media types always are.
pub fn blocks(api: &Api, keep: Option<&[bool]>) -> Vec<Block> {
    let types = types::type_items(api)
        .into_iter()
        .filter(|item| match (item, keep) {
            (types::TypeItem::Def(id), Some(keep)) => keep.get(*id).copied().unwrap_or(true),
            _ => true,
        })
        .map(Item::Type)
        .collect();
    let mut client = vec![Item::ClientFixed];
    client.extend(
        (0..api.operations.len())
            .filter(|&i| api.operations[i].group.is_none())
            .map(Item::Operation),
    );
    let builders = (0..api.operations.len()).map(Item::Builder).collect();
    let mut mock = vec![Item::MockFixed];
    mock.extend((0..api.operations.len()).map(Item::Mock));
    let mut out = vec![
        Block {
            kind: BlockKind::Types,
            items: types,
        },
        Block {
            kind: BlockKind::Builders,
            items: builders,
        },
        Block {
            kind: BlockKind::Client,
            items: client,
        },
    ];
    // A split API: one `impl Client` per group, behind its feature.
    for g in 0..api.groups.len() {
        let items = (0..api.operations.len())
            .filter(|&i| api.operations[i].group == Some(g))
            .map(Item::Operation)
            .collect();
        out.push(Block {
            kind: BlockKind::Group(g),
            items,
        });
    }
    // Last: the test support comes after the whole client.
    out.push(Block {
        kind: BlockKind::Mock,
        items: mock,
    });
    out
}

/// See [`blocks`].
#[derive(Debug, Clone)]
pub struct Block {
    kind: BlockKind,
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy)]
enum BlockKind {
    Types,
    Builders,
    Client,
    Mock,
    Group(usize),
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Type(types::TypeItem),
    ClientFixed,
    Operation(usize),
    Builder(usize),
    MockFixed,
    Mock(usize),
}

impl Block {
    /// How many items the block has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the block has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The line of the formatted block that opens its body; text up to it is the wrapper's head.
    pub fn opening_line(&self) -> &'static str {
        match self.kind {
            BlockKind::Types => "pub mod types {",
            // The module's `use` comes with its head.
            BlockKind::Builders | BlockKind::Mock => "    use super::types;",
            BlockKind::Client | BlockKind::Group(_) => "impl Client {",
        }
    }

    /// The whole block (wrapper included) holding the items in `range`.
    pub fn tokens(&self, api: &Api, range: std::ops::Range<usize>) -> TokenStream {
        let items = self.items[range].iter().map(|item| match *item {
            Item::Type(t) => match types::item_groups(api, t) {
                Some(groups) if !groups.is_empty() => {
                    gate(types::type_item(api, t), &group_cfg(api, groups))
                }
                _ => types::type_item(api, t),
            },
            Item::ClientFixed => client::client_fixed_items(api),
            Item::Operation(i) => client::operation(api, &api.operations[i]),
            Item::Builder(i) => {
                let op = &api.operations[i];
                match op.group {
                    Some(g) => gate(builder::builder(api, op), &group_cfg(api, &[g])),
                    None => builder::builder(api, op),
                }
            }
            Item::MockFixed => mock::mock_fixed(api),
            Item::Mock(i) => {
                let op = &api.operations[i];
                match op.group {
                    Some(g) => gate(mock::mock_operation(api, op), &group_cfg(api, &[g])),
                    None => mock::mock_operation(api, op),
                }
            }
        });
        let items = quote!(#(#items)*);
        match self.kind {
            BlockKind::Types => types::types_block(items),
            BlockKind::Builders => builder::builders_block(items),
            BlockKind::Client => client::client_block(api, items),
            BlockKind::Mock => mock::mock_block(items),
            BlockKind::Group(g) => {
                let group = &api.groups[g];
                let cfg = group_cfg(api, &[g]);
                let text = format!(
                    " The operations tagged `{}` (cargo feature `{}`).",
                    group.tag, group.feature
                );
                quote! {
                    #[doc = #text]
                    #cfg
                    impl Client {
                        #items
                    }
                }
            }
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", …))]`, for operation groups.
fn group_cfg(api: &Api, groups: &[usize]) -> TokenStream {
    let features: Vec<&str> = groups
        .iter()
        .map(|g| api.groups[*g].feature.as_str())
        .collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `cfg` on every item of `tokens` (a type comes with its impls, and each needs the gate).
fn gate(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    let Ok(attr) = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone()) else {
        return tokens;
    };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            attrs.splice(0..0, attr.iter().cloned());
        }
    }
    quote!(#file)
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        _ => return None,
    })
}

/// An identifier from an IR name (already valid Rust).
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "…"]` lines for a text, one attribute a line, so rustdoc keeps paragraphs.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|l| {
        let l = format!(" {}", l.trim_end());
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The Rust type of a type reference, as tokens (see [`Renderer`]).
pub(crate) fn rust_type(api: &Api, t: &TypeRef, scope: Scope) -> TokenStream {
    Renderer::new(api, scope).ty(t).into_token_stream()
}
