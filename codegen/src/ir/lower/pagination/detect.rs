//! Paging detected from the spec, for list operations without `x-pagination`: a `GET` whose
//! success body is a list, or an object with one list field, and whose query parameters name a
//! known style. Tried in order: a cursor (`starting_after`, `after`, `cursor`), a page token
//! (`pageToken`/`page_token`), page numbers (`page`/`per_page`, following the `Link` header
//! where one is declared) and `limit`/`offset`. A list that has paging parameters but fits no
//! style is a warning, so a spec author knows to name the parts with `x-pagination`.

use super::super::Lowering;
use super::{declares_link, json_value, page_param};
use crate::diagnostic::Diagnostic;
use crate::document;
use crate::ir::model::{
    CursorSource, Outcome, PageField, PageStyle, Pagination, Param, ParamLocation, ResponseHeaders, TypeKind, TypeRef,
};

/// Query parameters whose presence makes a list operation look paged.
const PAGING_PARAMS: &[&str] = &[
    "page", "per_page", "limit", "offset", "cursor", "after", "starting_after", "pageToken", "page_token",
];

/// Fields of a page that hold the next cursor for an `after`/`cursor` parameter.
const NEXT_CURSOR_FIELDS: &[&str] = &["last_id", "next_cursor", "nextCursor", "next_after"];

/// Fields of an object body that hold the items when it has more than one list field.
const ITEMS_FIELDS: &[&str] = &["data", "items", "results"];

impl<'a> Lowering<'a> {
    /// The paging detected for `op`, if it is a list operation in a known style.
    pub(super) fn detect_pagination(
        &mut self,
        op: &'a document::Operation,
        params: &[Param],
        success: &Outcome,
        headers: Option<&ResponseHeaders>,
    ) -> Option<Pagination> {
        if !op.method.eq_ignore_ascii_case("get") {
            return None;
        }
        let paging: Vec<&str> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Query && PAGING_PARAMS.contains(&p.wire.as_str()))
            .map(|p| p.wire.as_str())
            .collect();
        if paging.is_empty() {
            return None;
        }
        let value = json_value(success)?;
        let (items, item) = self.list_items(&value)?;
        if let Some(style) = self.detect_style(op, params, &value, &item, headers) {
            return Some(Pagination { style, items, item });
        }
        // A size alone does not page; a parameter that moves through the list does.
        if paging.iter().any(|n| !matches!(*n, "limit" | "per_page")) {
            let names = paging.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            self.diags.push(
                Diagnostic::warning(
                    op.pointer.as_str(),
                    format!("this list takes {names} but its paging fits no known style; no stream is generated"),
                )
                .with_hint("name its parts with `x-pagination`, or turn detection off with `x-pagination: false`"),
            );
        }
        None
    }

    /// The style the parameters and the page's fields name.
    fn detect_style(
        &mut self,
        op: &'a document::Operation,
        params: &[Param],
        value: &TypeRef,
        item: &TypeRef,
        headers: Option<&ResponseHeaders>,
    ) -> Option<PageStyle> {
        let string = |wire: &str| page_param(params, Some(wire), false);
        let int = |wire: &str| page_param(params, Some(wire), true);
        let string_field = |t: &TypeRef, wire: &str| match self.page_field(t, Some(wire)) {
            Some((f, TypeRef::String)) => Some(f),
            _ => None,
        };
        let has_more = match self.page_field(value, Some("has_more")) {
            Some((f, TypeRef::Bool)) => Some(f),
            _ => None,
        };
        // Stripe: the next page starts after the last item's id, while `has_more`.
        if let (Some(param), Some(has_more)) = (string("starting_after"), has_more.clone()) {
            let id = string_field(item, "id")?;
            return Some(PageStyle::Cursor { param, next: CursorSource::LastItem(id), has_more: Some(has_more) });
        }
        // OpenAI and others: the page names the next cursor; else the last item's id, while
        // `has_more`.
        if let Some(param) = string("after").or_else(|| string("cursor")) {
            if let Some(f) = NEXT_CURSOR_FIELDS.iter().find_map(|w| string_field(value, w)) {
                return Some(PageStyle::Cursor { param, next: CursorSource::Page(f), has_more });
            }
            let has_more = has_more?;
            let id = string_field(item, "id")?;
            return Some(PageStyle::Cursor { param, next: CursorSource::LastItem(id), has_more: Some(has_more) });
        }
        if let Some(param) = string("pageToken").or_else(|| string("page_token")) {
            let next = string_field(value, "nextPageToken").or_else(|| string_field(value, "next_page_token"))?;
            return Some(PageStyle::Token { param, next });
        }
        if let (Some(page), Some(per_page)) = (int("page"), int("per_page")) {
            if declares_link(headers) {
                return Some(PageStyle::Link);
            }
            return Some(PageStyle::PageNumber { page, per_page, size: self.page_size(op, &params[per_page]) });
        }
        if let (Some(take), Some(skip)) = (int("limit"), int("offset")) {
            let total = ["total", "total_count"].iter().find_map(|w| match self.page_field(value, Some(w)) {
                Some((f, TypeRef::Int(_))) => Some(f),
                _ => None,
            });
            return Some(PageStyle::Offset { take, skip, total, size: self.page_size(op, &params[take]) });
        }
        None
    }

    /// Where a page's items are: the body itself when it is a list, else its one list field (or,
    /// of several, the one named `data`, `items` or `results`).
    fn list_items(&self, value: &TypeRef) -> Option<(Option<PageField>, TypeRef)> {
        if let TypeRef::Array(item) = value {
            return Some((None, item.as_ref().clone()));
        }
        let TypeRef::Named(id) = value else { return None };
        let TypeKind::Struct(s) = &self.types[*id].kind else { return None };
        let lists: Vec<_> = s.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
        let field = match lists.as_slice() {
            [one] => *one,
            _ => *lists.iter().find(|f| ITEMS_FIELDS.contains(&f.wire.as_str()))?,
        };
        let TypeRef::Array(item) = &field.ty else { return None };
        Some((Some(PageField { name: field.name.clone(), optional: field.optional() }), item.as_ref().clone()))
    }
}
