//! `x-pagination`: take/skip paging of a list operation, checked against its parameters and
//! its success body; anything that does not fit is a warning and no stream is generated.

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::pointer::pointer;
use crate::document;
use crate::ir::model::{
    Outcome, OutcomeShape, PageField, Pagination, Param, ParamLocation, Payload, TypeKind, TypeRef,
};

impl<'a> Lowering<'a> {
    /// `x-pagination: {take: NAME, skip: NAME, items: FIELD, total: FIELD}` (wire names): the
    /// parameters that size and offset a page, and where the page's items and the total are in
    /// the success value (without `items`, the value is the list).
    pub(super) fn pagination(
        &mut self,
        op: &'a document::Operation,
        params: &[Param],
        success: &Outcome,
    ) -> Option<Pagination> {
        let spec = op.extensions.get("x-pagination")?;
        let at = pointer(&op.pointer, &["x-pagination"]);
        let text = |key: &str| spec.get(key).and_then(|v| v.as_str());
        let (Some(take), Some(skip)) = (page_param(params, text("take")), page_param(params, text("skip"))) else {
            self.diags.push(Diagnostic::warning(
                at,
                "x-pagination needs `take` and `skip` naming optional integer query parameters of the operation; no stream is generated",
            ));
            return None;
        };
        let value = self.page_value(success, &at)?;
        let (items, item) = self.page_items(text("items"), &value, &at)?;
        let total = self.page_total(text("total"), &value, &at);
        let (page_size, max_page_size) = self.page_size(op, &params[take]);
        Some(Pagination {
            take,
            skip,
            items,
            total,
            item,
            page_size,
            max_page_size,
        })
    }

    /// The value a page decodes into: the one JSON success body, or the field an envelope
    /// takes out of it.
    fn page_value(&mut self, success: &Outcome, at: &str) -> Option<TypeRef> {
        let value = match &success.shape {
            OutcomeShape::Single(Some(Payload::Json(t))) => t.clone(),
            _ => {
                self.diags.push(Diagnostic::warning(
                    at,
                    "x-pagination needs one JSON success body; no stream is generated",
                ));
                return None;
            }
        };
        Some(match success.arms.first().and_then(|a| a.extract.as_ref()) {
            Some(e) => e.ty.clone(),
            None => value,
        })
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
    fn page_field(&self, value: &TypeRef, wire: Option<&str>) -> Option<(PageField, TypeRef)> {
        let wire = wire?;
        let TypeRef::Named(id) = value else { return None };
        let TypeKind::Struct(s) = &self.types[*id].kind else { return None };
        let f = s.fields.iter().find(|f| f.wire == wire)?;
        Some((PageField { name: f.name.clone(), optional: f.optional() }, f.ty.clone()))
    }

    /// The default page size (the `take` parameter's `default`, else its `maximum`, else 100,
    /// within its `maximum`) and the largest page size, from the `take` parameter's schema.
    fn page_size(&self, op: &'a document::Operation, take: &Param) -> (u32, Option<u32>) {
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
        let max_page_size = max.map(|m| m.min(f64::from(u32::MAX)) as u32);
        (size as u32, max_page_size)
    }
}

/// The index of the optional integer query parameter named `wire`.
fn page_param(params: &[Param], wire: Option<&str>) -> Option<usize> {
    let wire = wire?;
    params.iter().position(|p| {
        p.wire == wire
            && p.location == ParamLocation::Query
            && !p.required
            && matches!(p.ty, TypeRef::Int(_))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{id, lower30, messages, op};
    use crate::ir::model::{PageField, Pagination, TypeRef};

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
            take: 0,
            skip: 1,
            items: Some(PageField { name: "items".into(), optional: false }),
            total: Some(PageField { name: "total".into(), optional: true }),
            item: TypeRef::Named(id(&api, "Pet")),
            page_size: 50,
            max_page_size: Some(200),
        };
        assert_eq!(op(&api, "list").pagination, Some(expected));
    }

    #[test]
    fn a_list_body_is_the_page_and_the_size_falls_back_to_the_maximum_then_100() {
        let (api, diags) = lower_list("{type: integer, maximum: 20}", LIST, "{take: Take, skip: Skip}");
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let p = op(&api, "list").pagination.clone().expect("paged");
        assert_eq!((p.items, p.total, p.item), (None, None, TypeRef::Named(id(&api, "Pet"))));
        assert_eq!((p.page_size, p.max_page_size), (20, Some(20)));
        let (api, _) = lower_list("{type: integer, default: 0}", LIST, "{take: Take, skip: Skip}");
        let p = op(&api, "list").pagination.clone().expect("paged");
        assert_eq!((p.page_size, p.max_page_size), (100, None));
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
        assert_eq!((p.items.map(|f| f.name), p.total), (Some("items".into()), None));
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
