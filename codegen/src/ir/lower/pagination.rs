//! Paging of list operations: `x-pagination` names a style and its parts (checked against
//! the operation's parameters and success body; what does not fit is a warning and no stream),
//! `x-pagination: false` turns paging off, and without the extension the style is detected
//! from the spec ([`detect`]).

mod detect;

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document;
use crate::ir::model::{
    CursorSource, Outcome, OutcomeShape, PageField, PageSize, PageStyle, Pagination, Param, ParamLocation, Payload,
    ResponseHeaders, TypeKind, TypeRef,
};

impl<'a> Lowering<'a> {
    /// How the operation's list is paged: as `x-pagination` says, else as detected.
    pub(super) fn pagination(
        &mut self,
        op: &'a document::Operation,
        params: &[Param],
        success: &Outcome,
        headers: Option<&ResponseHeaders>,
    ) -> Option<Pagination> {
        match op.extensions.get("x-pagination") {
            Some(serde_json::Value::Bool(false)) => None,
            Some(spec) => self.explicit_pagination(op, spec, params, success, headers),
            None => self.detect_pagination(op, params, success, headers),
        }
    }

    /// `x-pagination` (wire names throughout; `items` is the field that holds the page, absent
    /// when the value is the list):
    /// - `{take, skip, total?}` or `style: offset`: size and offset parameters;
    /// - `{style: page, page, per-page}`: page-number and page-size parameters;
    /// - `{style: link}`: the `Link` response header's `rel="next"`;
    /// - `{style: cursor, cursor, next | next-item, has-more?}`: the cursor parameter and the
    ///   field of the page (`next`) or of its last item (`next-item`) that holds the next cursor;
    /// - `{style: token, token, next}`: the page-token parameter and the next token's field.
    fn explicit_pagination(
        &mut self,
        op: &'a document::Operation,
        spec: &serde_json::Value,
        params: &[Param],
        success: &Outcome,
        headers: Option<&ResponseHeaders>,
    ) -> Option<Pagination> {
        let at = pointer(&op.pointer, &["x-pagination"]);
        let text = |key: &str| spec.get(key).and_then(|v| v.as_str());
        let style = text("style").unwrap_or("offset");
        let int = |key: &str| page_param(params, text(key), true);
        let string = |key: &str| page_param(params, text(key), false);
        let parts = match style {
            "offset" => int("take").zip(int("skip")).map(|(t, s)| Parts::Offset(t, s)),
            "page" => int("page").zip(int("per-page")).map(|(p, n)| Parts::PageNumber(p, n)),
            "link" => Some(Parts::Link),
            "cursor" | "token" => string(if style == "cursor" { "cursor" } else { "token" }).map(Parts::Cursor),
            _ => None,
        };
        let Some(parts) = parts else {
            let needs = match style {
                "offset" => "`take` and `skip` naming optional integer query parameters",
                "page" => "`page` and `per-page` naming optional integer query parameters",
                "cursor" => "`cursor` naming an optional string query parameter",
                "token" => "`token` naming an optional string query parameter",
                _ => "a `style` of offset, page, link, cursor or token",
            };
            self.diags.push(Diagnostic::warning(at, format!("x-pagination needs {needs} of the operation; no stream is generated")));
            return None;
        };
        let value = self.page_value(success, &at)?;
        let (items, item) = self.page_items(text("items"), &value, &at)?;
        let style = match parts {
            Parts::Offset(take, skip) => PageStyle::Offset {
                take,
                skip,
                total: self.page_total(text("total"), &value, &at),
                size: self.page_size(op, &params[take]),
            },
            Parts::PageNumber(page, per_page) => PageStyle::PageNumber { page, per_page, size: self.page_size(op, &params[per_page]) },
            Parts::Link => {
                if !declares_link(headers) {
                    self.diags.push(Diagnostic::warning(&at, "x-pagination `style: link`: no success response declares a `Link` header; the stream follows it where one is sent"));
                }
                PageStyle::Link
            }
            Parts::Cursor(param) => self.explicit_cursor(style, param, spec, &value, &item, &at)?,
        };
        Some(Pagination { style, items, item })
    }

    /// The cursor or token style's fields, from `next`/`next-item` and `has-more`.
    fn explicit_cursor(
        &mut self,
        style: &str,
        param: usize,
        spec: &serde_json::Value,
        value: &TypeRef,
        item: &TypeRef,
        at: &str,
    ) -> Option<PageStyle> {
        let text = |key: &str| spec.get(key).and_then(|v| v.as_str());
        let string_field = |t: &TypeRef, key: &str| match self.page_field(t, text(key)) {
            Some((f, TypeRef::String)) => Some(f),
            _ => None,
        };
        let next = match (string_field(value, "next"), string_field(item, "next-item")) {
            (Some(f), _) => CursorSource::Page(f),
            (None, Some(f)) if style == "cursor" => CursorSource::LastItem(f),
            _ => {
                let needs = if style == "cursor" { "`next` naming a string field of the page, or `next-item` one of an item" } else { "`next` naming a string field of the page" };
                self.diags.push(Diagnostic::warning(at, format!("x-pagination needs {needs}; no stream is generated")));
                return None;
            }
        };
        let has_more = match text("has-more") {
            None => None,
            Some(wire) => match self.page_field(value, Some(wire)) {
                Some((f, TypeRef::Bool)) => Some(f),
                _ => {
                    self.diags.push(Diagnostic::warning(at, "x-pagination `has-more` is not a boolean field of the success body; no stream is generated"));
                    return None;
                }
            },
        };
        Some(match (style, next) {
            ("token", CursorSource::Page(next)) => PageStyle::Token { param, next },
            (_, next) => PageStyle::Cursor { param, next, has_more },
        })
    }

    /// The value a page decodes into: the one JSON success body, or the field an envelope
    /// takes out of it.
    fn page_value(&mut self, success: &Outcome, at: &str) -> Option<TypeRef> {
        let value = json_value(success);
        if value.is_none() {
            self.diags.push(Diagnostic::warning(at, "x-pagination needs one JSON success body; no stream is generated"));
        }
        value
    }

    /// The field that holds the page's items (none when the value is the list) and the type
    /// of one item.
    fn page_items(&mut self, items: Option<&str>, value: &TypeRef, at: &str) -> Option<(Option<PageField>, TypeRef)> {
        match (items, value) {
            (None, TypeRef::Array(item)) => Some((None, item.as_ref().clone())),
            (Some(_), _) => match self.page_field(value, items) {
                Some((f, TypeRef::Array(item))) => Some((Some(f), *item)),
                _ => {
                    self.diags.push(Diagnostic::warning(at, "x-pagination `items` is not an array field of the success body; no stream is generated"));
                    None
                }
            },
            (None, _) => {
                self.diags.push(Diagnostic::warning(at, "the success body is not a list: x-pagination needs `items`, the field that holds the page; no stream is generated"));
                None
            }
        }
    }

    /// The field that reports the total; one that is not an integer is ignored, with a warning.
    fn page_total(&mut self, total: Option<&str>, value: &TypeRef, at: &str) -> Option<PageField> {
        let wire = total?;
        match self.page_field(value, Some(wire)) {
            Some((f, TypeRef::Int(_))) => Some(f),
            _ => {
                self.diags.push(Diagnostic::warning(at, "x-pagination `total` is not an integer field of the success body; it is ignored"));
                None
            }
        }
    }

    /// A field of the success value (a struct) by wire name, and its type.
    pub(super) fn page_field(&self, value: &TypeRef, wire: Option<&str>) -> Option<(PageField, TypeRef)> {
        let wire = wire?;
        let TypeRef::Named(id) = value else { return None };
        let TypeKind::Struct(s) = &self.types[*id].kind else { return None };
        let f = s.fields.iter().find(|f| f.wire == wire)?;
        Some((PageField { name: f.name.clone(), optional: f.optional() }, f.ty.clone()))
    }

    /// The default page size (the `take` parameter's `default`, else its `maximum`, else 100,
    /// within its `maximum`) and the largest page size, from the `take` parameter's schema.
    fn page_size(&self, op: &'a document::Operation, take: &Param) -> PageSize {
        let take_schema = op
            .parameters
            .iter()
            .find(|p| p.name == take.wire)
            .and_then(|p| p.schema.as_ref())
            .and_then(|s| self.resolve(s));
        let max = take_schema
            .and_then(|s| s.maximum.as_ref())
            .map(|b| b.value)
            .filter(|v| *v >= 1.0);
        let default = take_schema
            .and_then(|s| s.default.as_ref())
            .and_then(|d| d.as_f64())
            .filter(|v| *v >= 1.0);
        let size = default
            .or(max)
            .unwrap_or(100.0)
            .min(max.unwrap_or(f64::MAX))
            .min(f64::from(u32::MAX));
        let max = max.map(|m| m.min(f64::from(u32::MAX)) as u32);
        PageSize { default: size as u32, max }
    }
}

/// The parts `x-pagination` names, before the success body is looked at.
enum Parts {
    Offset(usize, usize),
    PageNumber(usize, usize),
    Link,
    Cursor(usize),
}

/// The index of the optional query parameter named `wire`: an integer one, or a string one.
fn page_param(params: &[Param], wire: Option<&str>, integer: bool) -> Option<usize> {
    let wire = wire?;
    params.iter().position(|p| {
        p.wire == wire
            && p.location == ParamLocation::Query
            && !p.required
            && if integer { matches!(p.ty, TypeRef::Int(_)) } else { p.ty == TypeRef::String }
    })
}

/// Whether a success response declares a `Link` header.
fn declares_link(headers: Option<&ResponseHeaders>) -> bool {
    headers.is_some_and(|h| h.headers.iter().any(|h| h.wire.eq_ignore_ascii_case("link")))
}

/// The value a page decodes into, if the success body is one JSON value: the body, or the field
/// an envelope takes out of it.
fn json_value(success: &Outcome) -> Option<TypeRef> {
    let OutcomeShape::Single(Some(Payload::Json(value))) = &success.shape else { return None };
    Some(match success.arms.first().and_then(|a| a.extract.as_ref()) {
        Some(e) => e.ty.clone(),
        None => value.clone(),
    })
}


#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, messages, op};
    use crate::ir::model::{PageField, PageSize, PageStyle, Pagination, TypeRef};

    /// The offset style's total and page size.
    fn offset(p: &Pagination) -> (Option<PageField>, PageSize) {
        match &p.style {
            PageStyle::Offset { total, size, .. } => (total.clone(), *size),
            other => panic!("not offset: {other:?}"),
        }
    }

    /// An operation `list` with `Take` and `Skip` query parameters, the success `response`
    /// (a media type object) and `x-pagination: {pagination}`.
    fn lower_list(take: &str, response: &str, pagination: &str) -> (crate::ir::Api, Vec<crate::Diagnostic>) {
        lower30(&format!(
            "
            paths:
              /pets:
                get:
                  operationId: list
                  x-pagination: {pagination}
                  parameters:
                    - {{name: Take, in: query, schema: {take}}}
                    - {{name: Skip, in: query, schema: {{type: integer, format: int32}}}}
                    - {{name: q, in: query, required: true, schema: {{type: integer}}}}
                  responses:
                    '200': {{description: a page, content: {{application/json: {response}}}}}
            components:
              schemas:
                Pet: {{type: object, properties: {{id: {{type: string}}}}}}
                Page:
                  type: object
                  required: [items]
                  properties:
                    items: {{type: array, items: {{$ref: '#/components/schemas/Pet'}}}}
                    total: {{type: integer}}
                    next: {{type: string}}
            "
        ))
    }

    const PAGE: &str = "{schema: {$ref: '#/components/schemas/Page'}}";
    const LIST: &str = "{schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}";

    #[test]
    fn a_page_of_items_with_a_total() {
        let (api, diags) = lower_list(
            "{type: integer, default: 50, maximum: 200}",
            PAGE,
            "{take: Take, skip: Skip, items: items, total: total}",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let expected = Pagination {
            style: PageStyle::Offset {
                take: 0,
                skip: 1,
                total: Some(PageField { name: "total".into(), optional: true }),
                size: PageSize { default: 50, max: Some(200) },
            },
            items: Some(PageField { name: "items".into(), optional: false }),
            item: TypeRef::Named(id(&api, "Pet")),
        };
        assert_eq!(op(&api, "list").pagination, Some(expected));
    }

    #[test]
    fn a_list_body_is_the_page_and_the_size_falls_back_to_the_maximum_then_100() {
        let (api, diags) = lower_list("{type: integer, maximum: 20}", LIST, "{take: Take, skip: Skip}");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let p = op(&api, "list").pagination.clone().expect("paged");
        assert_eq!((offset(&p), p.items, p.item), ((None, PageSize { default: 20, max: Some(20) }), None, TypeRef::Named(id(&api, "Pet"))));
        let (api, _) = lower_list("{type: integer, default: 0}", LIST, "{take: Take, skip: Skip}");
        let p = op(&api, "list").pagination.clone().expect("paged");
        assert_eq!(offset(&p).1, PageSize { default: 100, max: None });
    }

    #[test]
    fn what_does_not_fit_is_a_warning_and_no_stream() {
        let cases = [
            (
                "{type: string}",
                LIST,
                "{take: Take, skip: Skip}",
                "x-pagination needs `take` and `skip` naming optional integer query parameters of the operation; no stream is generated",
            ),
            (
                "{type: integer}",
                LIST,
                "{take: q, skip: Skip}",
                "x-pagination needs `take` and `skip` naming optional integer query parameters of the operation; no stream is generated",
            ),
            ("{type: integer}", "{schema: {type: string}}", "{take: Take, skip: Skip}", "the success body is not a list: x-pagination needs `items`, the field that holds the page; no stream is generated"),
            ("{type: integer}", PAGE, "{take: Take, skip: Skip, items: next}", "x-pagination `items` is not an array field of the success body; no stream is generated"),
            ("{type: integer}", PAGE, "{take: Take, skip: Skip, items: nothing}", "x-pagination `items` is not an array field of the success body; no stream is generated"),
        ];
        for (take, response, pagination, warning) in cases {
            let (api, diags) = lower_list(take, response, pagination);
            assert_eq!(messages(&diags), [warning], "{pagination}");
            assert_eq!(diags[0].pointer, "/paths/~1pets/get/x-pagination");
            assert_eq!(op(&api, "list").pagination, None, "{pagination}");
        }
    }

    #[test]
    fn a_text_body_cannot_be_paged() {
        let (api, diags) = lower30(
            "
            paths:
              /pets:
                get:
                  operationId: list
                  x-pagination: {take: Take, skip: Skip}
                  parameters:
                    - {name: Take, in: query, schema: {type: integer}}
                    - {name: Skip, in: query, schema: {type: integer}}
                  responses: {'200': {description: text, content: {text/plain: {}}}}
            ",
        );
        assert_eq!(messages(&diags), ["x-pagination needs one JSON success body; no stream is generated"]);
        assert_eq!(op(&api, "list").pagination, None);
    }

    #[test]
    fn a_total_that_is_not_an_integer_is_ignored_with_a_warning() {
        let (api, diags) = lower_list("{type: integer}", PAGE, "{take: Take, skip: Skip, items: items, total: next}");
        assert_eq!(messages(&diags), ["x-pagination `total` is not an integer field of the success body; it is ignored"]);
        let p = op(&api, "list").pagination.clone().expect("still paged");
        assert_eq!((p.items.clone().map(|f| f.name), offset(&p).0), (Some("items".into()), None));
    }

    #[test]
    fn an_envelope_payload_is_the_page() {
        let (api, diags) = lower30(
            "
            paths:
              /pets:
                get:
                  operationId: list
                  x-envelope: {payload-field: data}
                  x-pagination: {take: Take, skip: Skip}
                  parameters:
                    - {name: Take, in: query, schema: {type: integer}}
                    - {name: Skip, in: query, schema: {type: integer}}
                  responses:
                    '200':
                      description: a page
                      content:
                        application/json:
                          schema: {type: object, properties: {data: {type: array, items: {type: boolean}}}}
            ",
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(op(&api, "list").pagination.as_ref().map(|p| &p.item), Some(&TypeRef::Bool));
    }
}
