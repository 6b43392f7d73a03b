//! `into_stream()` on the request builder of a paged list: a `Stream` of every item, one page
//! fetched at a time as it is read, in the operation's [`PageStyle`]. Every page is the builder
//! cloned (so the caller's other inputs are kept) with only the paging inputs changed; the loop
//! itself is the runtime's (`paginate_with` and the take/skip and page-number helpers over it).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type, Scope};
use crate::ir::*;

/// `into_stream()` for the operation's paging.
pub(super) fn into_stream(api: &Api, op: &Operation, p: &Pagination, err: &TokenStream) -> TokenStream {
    let item = rust_type(api, &p.item, Scope::Client);
    let items = items(p);
    let (doc, body) = match &p.style {
        PageStyle::Offset { take, skip, total, size } => offset(op, *take, *skip, total.as_ref(), *size, &items),
        PageStyle::PageNumber { page, per_page, size } => page_number(op, *page, *per_page, *size, &items),
        PageStyle::Link => link(&items),
        PageStyle::Cursor { param, next, has_more } => cursor(op, *param, next, has_more.as_ref(), &items),
        PageStyle::Token { param, next } => cursor(op, *param, &CursorSource::Page(next.clone()), None, &items),
    };
    quote! {
        #[doc = #doc]
        pub fn into_stream(self) -> crate::runtime::ItemStream<'a, #item, #err> {
            #body
        }
    }
}

/// The page's items out of `value`.
fn items(p: &Pagination) -> TokenStream {
    match &p.items {
        None => quote!(value),
        Some(f) => {
            let n = ident(&f.name);
            if f.optional {
                quote!(value.#n.unwrap_or_default())
            } else {
                quote!(value.#n)
            }
        }
    }
}

/// `v` (a `u32`) as the integer parameter's type.
fn as_param(ty: &TypeRef, v: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Int(IntKind::I32) => quote!(i32::try_from(#v).unwrap_or(i32::MAX)),
        TypeRef::Int(IntKind::I64) => quote!(i64::from(#v)),
        TypeRef::Int(IntKind::U64) => quote!(u64::from(#v)),
        _ => v,
    }
}

/// The page size: the caller's, else the spec's, within its maximum.
fn size_expr(field: &proc_macro2::Ident, size: PageSize) -> TokenStream {
    let default = Literal::u32_unsuffixed(size.default);
    let clamp = size.max.map(|m| {
        let m = Literal::u32_unsuffixed(m);
        quote!(.min(#m))
    });
    quote!(self.#field.map_or(#default, |t| u32::try_from(t).unwrap_or(u32::MAX))#clamp)
}

fn at_most(size: PageSize) -> String {
    size.max.map(|m| format!(" (at most {m})")).unwrap_or_default()
}

fn offset(op: &Operation, take: usize, skip: usize, total: Option<&PageField>, size: PageSize, items: &TokenStream) -> (String, TokenStream) {
    let (take_p, skip_p) = (&op.params[take], &op.params[skip]);
    let (take_f, skip_f) = (ident(&take_p.name), ident(&skip_p.name));
    let take_expr = size_expr(&take_f, size);
    let take_value = as_param(&take_p.ty, quote!(page.take));
    let skip_value = as_param(&skip_p.ty, quote!(page.skip));
    let total_expr = match total {
        None => quote!(None),
        Some(f) => {
            let n = ident(&f.name);
            if f.optional {
                quote!(value.#n.and_then(|t| u64::try_from(t).ok()))
            } else {
                quote!(u64::try_from(value.#n).ok())
            }
        }
    };
    let doc = format!(
        " Every item of the list, fetched lazily a page at a time (`{}`/`{}`): the page size set \
         with the setter{}, else {}; from the `{}` set, else the start. The stream ends after a short \
         page{}, or after yielding the first error.",
        take_p.wire,
        skip_p.wire,
        at_most(size),
        size.default,
        skip_p.wire,
        if total.is_some() { " or once the reported total is reached" } else { "" },
    );
    let body = quote! {
        let take = #take_expr;
        let skip = self.#skip_f.map_or(0, |s| u32::try_from(s).unwrap_or(0));
        crate::runtime::paginate_pages(take, skip, move |page| {
            let call = self.clone().#take_f(#take_value).#skip_f(#skip_value).send();
            crate::runtime::read_page(call, |value| {
                let total = #total_expr;
                crate::runtime::Page { items: #items, total }
            })
        })
    };
    (doc, body)
}

fn page_number(op: &Operation, page: usize, per_page: usize, size: PageSize, items: &TokenStream) -> (String, TokenStream) {
    let (page_p, size_p) = (&op.params[page], &op.params[per_page]);
    let (page_f, size_f) = (ident(&page_p.name), ident(&size_p.name));
    let size_expr = size_expr(&size_f, size);
    let size_value = as_param(&size_p.ty, quote!(per_page));
    let page_value = as_param(&page_p.ty, quote!(page));
    let doc = format!(
        " Every item of the list, fetched lazily a page at a time (`{}`/`{}`): the page size set \
         with the setter{}, else {}; from the `{}` set, else 1. The stream ends after a short page \
         or after yielding the first error.",
        page_p.wire,
        size_p.wire,
        at_most(size),
        size.default,
        page_p.wire,
    );
    let body = quote! {
        let per_page = #size_expr;
        let first = self.#page_f.map_or(1, |p| u32::try_from(p).unwrap_or(1));
        crate::runtime::paginate_numbered(per_page, first, move |per_page, page| {
            let call = self.clone().#size_f(#size_value).#page_f(#page_value).send();
            crate::runtime::read_page(call, |value| #items)
        })
    };
    (doc, body)
}

fn link(items: &TokenStream) -> (String, TokenStream) {
    let doc = " Every item of the list, fetched lazily a page at a time: the first page with the \
               inputs set, then each page the `Link` header's `rel=\"next\"` names, followed as \
               given. The stream ends at a page without a next link, or after yielding the first \
               error; a next link on another origin than the client's base URL is such an error \
               (it is not sent the client's credentials)."
        .to_owned();
    let body = quote! {
        crate::runtime::paginate_with(None, move |next: Option<String>| {
            let call = self.clone().send_page(next);
            crate::runtime::read_page(call, |response| {
                let (_, headers, value) = response.into_parts();
                let next = crate::runtime::next_link(&headers).map(Some);
                crate::runtime::Paged { items: #items, next }
            })
        })
    };
    (doc, body)
}

/// The cursor and page-token styles: the next page is the builder with the cursor parameter
/// set to the next cursor, while `has_more` (if any) says there are more.
fn cursor(op: &Operation, param: usize, next: &CursorSource, has_more: Option<&PageField>, items: &TokenStream) -> (String, TokenStream) {
    let p = &op.params[param];
    let field = ident(&p.name);
    let optional = |f: &PageField, v: TokenStream| if f.optional { v } else { quote!(Some(#v)) };
    let (next_expr, from) = match next {
        CursorSource::Page(f) => {
            let n = ident(&f.name);
            (optional(f, quote!(value.#n)), format!("the page's `{}`", f.name))
        }
        CursorSource::LastItem(f) => {
            let n = ident(&f.name);
            let last = if f.optional { quote!(items.last().and_then(|i| i.#n.clone())) } else { quote!(items.last().map(|i| i.#n.clone())) };
            (last, format!("the last item's `{}`", f.name))
        }
    };
    let (more, while_more) = match has_more {
        None => (quote!(true), String::new()),
        Some(f) => {
            let n = ident(&f.name);
            let v = if f.optional { quote!(value.#n.unwrap_or(false)) } else { quote!(value.#n) };
            (v, format!(" while `{}` says there are more", f.name))
        }
    };
    let doc = format!(
        " Every item of the list, fetched lazily a page at a time: from the `{}` set, else the \
         start, each next page asked for with `{}` set to {from}{while_more}. The stream ends at \
         the last page, at an empty page, or after yielding the first error.",
        p.wire, p.wire
    );
    // The next cursor is read before the items leave the page.
    let (read_next, read_items) = match next {
        CursorSource::Page(_) => (quote!(let next = #next_expr;), quote!(let items = #items;)),
        CursorSource::LastItem(_) => (TokenStream::new(), quote!(let items = #items; let next = #next_expr;)),
    };
    let body = quote! {
        let first = self.#field.clone();
        crate::runtime::paginate_with(first, move |cursor: Option<String>| {
            let mut page = self.clone();
            page.#field = cursor;
            crate::runtime::read_page(page.send(), |value| {
                let more = #more;
                #read_next
                #read_items
                let next = next.filter(|c: &String| more && !c.is_empty()).map(Some);
                crate::runtime::Paged { items, next }
            })
        })
    };
    (doc, body)
}
