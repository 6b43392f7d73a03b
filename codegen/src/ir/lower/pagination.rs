//! `x-pagination`: take/skip paging of a list operation, checked against its parameters and
//! its success body; anything that does not fit is a warning and no stream is generated.

use super::Lowering;
use crate::diagnostic::{pointer, Diagnostic};
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
        let param = |key: &str| {
            let wire = text(key)?;
            params.iter().position(|p| {
                p.wire == wire
                    && p.location == ParamLocation::Query
                    && !p.required
                    && matches!(p.ty, TypeRef::Int(_))
            })
        };
        let (Some(take), Some(skip)) = (param("take"), param("skip")) else {
            self.diags.push(Diagnostic::warning(
                at,
                "x-pagination needs `take` and `skip` naming optional integer query parameters of the operation; no stream is generated",
            ));
            return None;
        };
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
        let value = match success.arms.first().and_then(|a| a.extract.as_ref()) {
            Some(e) => e.ty.clone(),
            None => value,
        };
        let fields = |t: &TypeRef| match t {
            TypeRef::Named(id) => match &self.types[*id].kind {
                TypeKind::Struct(s) => Some(s.fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let field = |key: &str| {
            let wire = text(key)?;
            let f = fields(&value)?.into_iter().find(|f| f.wire == wire)?;
            Some((
                PageField {
                    name: f.name.clone(),
                    optional: f.optional(),
                },
                f.ty,
            ))
        };
        let (items, item) = match (text("items"), &value) {
            (None, TypeRef::Array(item)) => (None, item.as_ref().clone()),
            (Some(_), _) => match field("items") {
                Some((f, TypeRef::Array(item))) => (Some(f), *item),
                _ => {
                    self.diags.push(Diagnostic::warning(at, "x-pagination `items` is not an array field of the success body; no stream is generated"));
                    return None;
                }
            },
            (None, _) => {
                self.diags.push(Diagnostic::warning(at, "the success body is not a list: x-pagination needs `items`, the field that holds the page; no stream is generated"));
                return None;
            }
        };
        let total = match text("total") {
            Some(_) => match field("total") {
                Some((f, TypeRef::Int(_))) => Some(f),
                _ => {
                    self.diags.push(Diagnostic::warning(at.clone(), "x-pagination `total` is not an integer field of the success body; it is ignored"));
                    None
                }
            },
            None => None,
        };
        let take_schema = op
            .parameters
            .iter()
            .find(|p| p.name == params[take].wire)
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
        Some(Pagination {
            take,
            skip,
            items,
            total,
            item,
            page_size: size as u32,
            max_page_size,
        })
    }
}
