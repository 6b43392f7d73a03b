//! Paging detected from the spec, for list operations without `x-pagination`: a `GET` whose
//! success body is a list, or an object with one list field, and whose query parameters name a
//! known style. Tried in order: a cursor (`starting_after`, `after`, `cursor`), a page token
//! (`pageToken`/`page_token`), a declared `Link` header (with `page`, `after`, `cursor` or
//! `offset`), page numbers (`page`/`per_page`) and `limit`/`offset`. A list that has paging parameters but fits no
//! style is a warning, so a spec author knows to name the parts with `x-pagination`. A style
//! whose parts are not all there gives way to the next one.

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

/// Fields of a page that hold the next cursor for an `after`/`cursor` parameter; for `after`,
/// also `next` (elsewhere, as in Django REST framework's cursor paging, `next` is a URL).
const NEXT_CURSOR_FIELDS: &[&str] = &["last_id", "next_cursor", "nextCursor", "next_after"];

/// Page-token parameters and the fields of a page that hold the next token (Stripe's and
/// OpenAI's search and usage lists take a string `page` and answer `next_page`).
const TOKEN_PARAMS: &[&str] = &["pageToken", "page_token", "page"];
const NEXT_TOKEN_FIELDS: &[&str] = &["nextPageToken", "next_page_token", "next_page"];

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
        // Stripe's lists declare an empty form body on `GET`: a body does not stop paging.
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
        // Warned about: a list for sure (a list body, or a `data`, `items` or `results` field of
        // one) with a parameter that moves through it; a size alone does not page.
        let sure = items.as_ref().is_none_or(|_| self.items_field(&value).is_some());
        if sure && paging.iter().any(|n| !matches!(*n, "limit" | "per_page")) {
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
        let last_id = |has_more: Option<PageField>| Some((has_more?, string_field(item, "id")?));
        if let Some((param, (has_more, id))) = string("starting_after").zip(last_id(has_more.clone())) {
            return Some(PageStyle::Cursor { param, next: CursorSource::LastItem(id), has_more: Some(has_more) });
        }
        // OpenAI and others: the page names the next cursor; else the last item's id, while
        // `has_more`.
        if let Some(param) = string("after").or_else(|| string("cursor")) {
            let after = params[param].wire == "after";
            let next = NEXT_CURSOR_FIELDS.iter().find_map(|w| string_field(value, w));
            if let Some(f) = next.or_else(|| string_field(value, "next").filter(|_| after)) {
                return Some(PageStyle::Cursor { param, next: CursorSource::Page(f), has_more });
            }
            if let Some((has_more, id)) = last_id(has_more.clone()) {
                return Some(PageStyle::Cursor { param, next: CursorSource::LastItem(id), has_more: Some(has_more) });
            }
        }
        let token = TOKEN_PARAMS.iter().find_map(|w| string(w));
        let next_token = || NEXT_TOKEN_FIELDS.iter().find_map(|w| string_field(value, w));
        if let Some((param, next)) = token.zip(next_token()) {
            return Some(PageStyle::Token { param, next });
        }
        // GitHub: a declared `Link` header leads through pages of numbers or cursors alike.
        let moves = ["page", "after", "cursor", "offset"].iter().any(|w| params.iter().any(|p| p.wire == *w && p.location == ParamLocation::Query));
        if moves && declares_link(headers) {
            return Some(PageStyle::Link);
        }
        if let (Some(page), Some(per_page)) = (int("page"), int("per_page")) {
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
        // A named list schema (GitHub's `rule-suites`) is an alias of the list.
        if let TypeKind::Alias(TypeRef::Array(item)) = &self.types[*id].kind {
            return Some((None, item.as_ref().clone()));
        }
        let TypeKind::Struct(s) = &self.types[*id].kind else { return None };
        let lists: Vec<_> = s.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
        let field = match lists.as_slice() {
            [one] => *one,
            _ => self.items_field(value)?,
        };
        let TypeRef::Array(item) = &field.ty else { return None };
        Some((Some(PageField { name: field.name.clone(), optional: field.optional() }), item.as_ref().clone()))
    }

    /// The list field of an object body named `data`, `items` or `results`.
    fn items_field(&self, value: &TypeRef) -> Option<&crate::ir::model::Field> {
        let TypeRef::Named(id) = value else { return None };
        let TypeKind::Struct(s) = &self.types[*id].kind else { return None };
        s.fields.iter().find(|f| matches!(f.ty, TypeRef::Array(_)) && ITEMS_FIELDS.contains(&f.wire.as_str()))
    }
}

/// Detection, and the extended `x-pagination` forms it shares its fixtures with.
#[cfg(test)]
mod tests {
    use super::super::super::test_util::{lower30, messages, op};
    use crate::ir::model::{CursorSource, PageField, PageSize, PageStyle, Pagination};

    /// A `GET /things` (operation `list`) with the query parameters `params` (a YAML flow list),
    /// the success body `schema`, the `extra` keys of the operation and of its 200 response.
    fn lower_list(params: &str, schema: &str, extra: &str, response_extra: &str) -> (crate::ir::Api, Vec<crate::Diagnostic>) {
        lower30(&format!(
            "
            paths:
              /things:
                get:
                  operationId: list
                  {extra}
                  parameters: {params}
                  responses:
                    '200':
                      description: a page
                      {response_extra}
                      content: {{application/json: {{schema: {schema}}}}}
            components:
              schemas:
                Thing: {{type: object, required: [id], properties: {{id: {{type: string}}}}}}
            "
        ))
    }

    const THINGS: &str = "{type: array, items: {$ref: '#/components/schemas/Thing'}}";
    const LINK: &str = "headers: {Link: {schema: {type: string}}}";

    fn q(name: &str, ty: &str) -> String {
        format!("{{name: {name}, in: query, schema: {{type: {ty}}}}}")
    }

    fn field(name: &str, optional: bool) -> PageField {
        PageField { name: name.into(), optional }
    }

    fn style(api: &crate::ir::Api) -> Option<PageStyle> {
        op(api, "list").pagination.as_ref().map(|p: &Pagination| p.style.clone())
    }

    #[test]
    fn github_page_lists_follow_a_declared_link_header_else_count_pages() {
        let params = format!("[{}, {}]", q("page", "integer"), "{name: per_page, in: query, schema: {type: integer, default: 30, maximum: 100}}");
        let (api, diags) = lower_list(&params, THINGS, "", LINK);
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(style(&api), Some(PageStyle::Link));
        let (api, _) = lower_list(&params, THINGS, "", "");
        let size = PageSize { default: 30, max: Some(100) };
        assert_eq!(style(&api), Some(PageStyle::PageNumber { page: 0, per_page: 1, size }));
        // A cursor list that declares the header follows it too.
        let (api, _) = lower_list(&format!("[{}, {}]", q("per_page", "integer"), q("after", "string")), THINGS, "", LINK);
        assert_eq!(style(&api), Some(PageStyle::Link));
    }

    #[test]
    fn a_named_list_schema_is_a_list() {
        let params = format!("[{}, {}]", q("page", "integer"), q("per_page", "integer"));
        let (api, diags) = lower30(&format!(
            "
            paths:
              /things:
                get:
                  operationId: list
                  parameters: {params}
                  responses: {{'200': {{description: a page, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Things'}}}}}}}}}}
            components:
              schemas:
                Things: {{type: array, items: {{type: string}}}}
            "
        ));
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let p = op(&api, "list").pagination.clone().expect("paged");
        assert_eq!((p.items, p.item), (None, crate::ir::model::TypeRef::String));
    }

    #[test]
    fn stripe_lists_start_after_the_last_items_id_while_has_more() {
        let page = "{type: object, required: [data, has_more], properties: {data: {type: array, items: {$ref: '#/components/schemas/Thing'}}, has_more: {type: boolean}, url: {type: string}}}";
        let params = format!("[{}, {}, {}]", q("limit", "integer"), q("starting_after", "string"), q("ending_before", "string"));
        let (api, diags) = lower_list(&params, page, "", "");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let expected = PageStyle::Cursor { param: 1, next: CursorSource::LastItem(field("id", false)), has_more: Some(field("has_more", false)) };
        assert_eq!(style(&api), Some(expected));
        assert_eq!(op(&api, "list").pagination.as_ref().and_then(|p| p.items.clone()), Some(field("data", false)));
    }

    #[test]
    fn openai_lists_start_after_the_pages_last_id() {
        let page = "{type: object, properties: {object: {type: string}, data: {type: array, items: {$ref: '#/components/schemas/Thing'}}, first_id: {type: string}, last_id: {type: string, nullable: true}, has_more: {type: boolean}}}";
        let params = format!("[{}, {}]", q("limit", "integer"), q("after", "string"));
        let (api, _) = lower_list(&params, page, "", "");
        let expected = PageStyle::Cursor { param: 1, next: CursorSource::Page(field("last_id", true)), has_more: Some(field("has_more", true)) };
        assert_eq!(style(&api), Some(expected));
    }

    #[test]
    fn page_tokens_in_camel_and_snake_case() {
        for (param, next) in [("pageToken", "nextPageToken"), ("page_token", "next_page_token"), ("page", "next_page")] {
            let page = format!("{{type: object, properties: {{items: {THINGS}, {next}: {{type: string}}}}}}");
            let (api, diags) = lower_list(&format!("[{}]", q(param, "string")), &page, "", "");
            assert!(diags.is_empty(), "{:?}", messages(&diags));
            let next = crate::naming::snake(next);
            assert_eq!(style(&api), Some(PageStyle::Token { param: 0, next: field(&next, true) }), "{param}");
        }
    }

    #[test]
    fn limit_and_offset_with_a_total() {
        let page = format!("{{type: object, properties: {{results: {THINGS}, total_count: {{type: integer}}, others: {THINGS}}}}}");
        let (api, _) = lower_list(&format!("[{}, {}]", q("limit", "integer"), q("offset", "integer")), &page, "", "");
        let size = PageSize { default: 100, max: None };
        assert_eq!(style(&api), Some(PageStyle::Offset { take: 0, skip: 1, total: Some(field("total_count", true)), size }));
    }

    #[test]
    fn x_pagination_false_turns_detection_off() {
        let params = format!("[{}, {}]", q("page", "integer"), q("per_page", "integer"));
        let (api, diags) = lower_list(&params, THINGS, "x-pagination: false", LINK);
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(style(&api), None);
    }

    #[test]
    fn a_list_whose_paging_fits_no_style_is_a_warning_with_its_pointer() {
        let (api, diags) = lower_list(&format!("[{}, {}]", q("limit", "integer"), q("cursor", "string")), THINGS, "", "");
        assert_eq!(messages(&diags), ["this list takes `limit`, `cursor` but its paging fits no known style; no stream is generated"]);
        assert_eq!(diags[0].pointer, "/paths/~1things/get");
        assert_eq!(style(&api), None);
    }

    #[test]
    fn what_is_not_a_list_or_not_paged_is_left_alone_quietly() {
        let cases = [
            (format!("[{}]", q("limit", "integer")), THINGS.to_owned()),
            (format!("[{}]", q("page", "integer")), "{$ref: '#/components/schemas/Thing'}".to_owned()),
            (format!("[{}]", q("q", "string")), THINGS.to_owned()),
        ];
        for (params, schema) in cases {
            let (api, diags) = lower_list(&params, &schema, "", "");
            assert!(diags.is_empty(), "{params}: {:?}", messages(&diags));
            assert_eq!(style(&api), None, "{params}");
        }
    }

    #[test]
    fn x_pagination_names_each_styles_parts() {
        let page = "{type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/Thing'}}, continuation: {type: string}, more: {type: boolean}}}";
        let params = format!("[{}, {}, {}]", q("from", "string"), q("n", "integer"), q("p", "integer"));
        let cases = [
            ("{style: cursor, cursor: from, next: continuation, has-more: more, items: entries}", Some(PageStyle::Cursor { param: 0, next: CursorSource::Page(field("continuation", true)), has_more: Some(field("more", true)) })),
            ("{style: cursor, cursor: from, next-item: id, items: entries}", Some(PageStyle::Cursor { param: 0, next: CursorSource::LastItem(field("id", false)), has_more: None })),
            ("{style: token, token: from, next: continuation, items: entries}", Some(PageStyle::Token { param: 0, next: field("continuation", true) })),
            ("{style: page, page: p, per-page: n, items: entries}", Some(PageStyle::PageNumber { page: 2, per_page: 1, size: PageSize { default: 100, max: None } })),
            ("{style: link, items: entries}", Some(PageStyle::Link)),
        ];
        for (spec, expected) in cases {
            let (api, diags) = lower_list(&params, page, &format!("x-pagination: {spec}"), LINK);
            assert!(diags.is_empty(), "{spec}: {:?}", messages(&diags));
            assert_eq!(style(&api), expected, "{spec}");
        }
        let bad = [
            ("{style: scroll}", "x-pagination needs a `style` of offset, page, link, cursor or token of the operation; no stream is generated"),
            ("{style: cursor, cursor: n, next: continuation}", "x-pagination needs `cursor` naming an optional string query parameter of the operation; no stream is generated"),
            ("{style: cursor, cursor: from, items: entries}", "x-pagination needs `next` naming a string field of the page, or `next-item` one of an item; no stream is generated"),
            ("{style: cursor, cursor: from, next: continuation, has-more: entries, items: entries}", "x-pagination `has-more` is not a boolean field of the success body; no stream is generated"),
        ];
        for (spec, warning) in bad {
            let (api, diags) = lower_list(&params, page, &format!("x-pagination: {spec}"), LINK);
            assert_eq!(messages(&diags), [warning], "{spec}");
            assert_eq!(style(&api), None, "{spec}");
        }
        let (_, diags) = lower_list(&params, page, "x-pagination: {style: link, items: entries}", "");
        assert_eq!(messages(&diags), ["x-pagination `style: link`: no success response declares a `Link` header; the stream follows it where one is sent"]);
    }
}
