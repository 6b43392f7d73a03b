//! The methods of a mock's `<Op>Then`: one per documented response, named after its status,
//! taking the value the client returns for it and writing the wire form the client decodes
//! (the envelope around a success, `success-field: false` in an error, the media type).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::{ident, rust_type, Scope};
use crate::ir::*;

/// Every answer method of an operation's `Then`.
pub(super) fn answers(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let arms: Vec<(&Arm, bool)> = op.success.arms.iter().map(|a| (a, false)).chain(op.failure.arms.iter().map(|a| (a, true))).collect();
    // `default` and ranges share one `status(code, …)` when they carry the same body (TADA's
    // `4XX` and `5XX`); else each range has its own (`status_4xx`).
    let open: Vec<&(&Arm, bool)> = arms.iter().filter(|(a, _)| !matches!(a.status, StatusKey::Code(_))).collect();
    let shared = open.windows(2).all(|w| w[0].0.payload == w[1].0.payload && w[0].1 == w[1].1);
    let mut out = Vec::new();
    let mut taken = vec!["pages".to_owned(), "ok".to_owned()];
    let mut status_done = false;
    for &(arm, failure) in &arms {
        let (name, fixed) = match arm.status {
            StatusKey::Code(c) => (status_name(c), Some(c)),
            _ if shared && status_done => continue,
            _ if shared => ("status".to_owned(), None),
            StatusKey::Default => ("status".to_owned(), None),
            StatusKey::Range(r) => (format!("status_{r}xx"), None),
        };
        status_done |= fixed.is_none();
        out.push(answer(api, op, arm, failure, &name, fixed));
        taken.push(name);
    }
    out.extend(pages(api, op));
    out.extend(header_setters(api, op, &taken));
    if op.success.arms.is_empty() {
        out.push(quote! {
            /// Answers `200` with no body (the spec documents no success).
            pub fn ok(&mut self) -> &mut Self {
                self.0.empty(200);
                self
            }
        });
    }
    out
}

/// A setter per header the success responses declare, named after it (`<name>_header` where
/// an answer has the name), writing it as the client's typed headers read it back.
fn header_setters(api: &Api, op: &Operation, taken: &[String]) -> Vec<TokenStream> {
    let Some(h) = &op.response_headers else { return Vec::new() };
    h.headers
        .iter()
        .map(|header| {
            let name = if taken.contains(&header.name) { format!("{}_header", header.name) } else { header.name.clone() };
            let n = ident(&name);
            let t = rust_type(api, &header.ty, Scope::Client);
            let wire = &header.wire;
            let text = match header.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => format!(" Sends the `{wire}` header: {}", d.lines().next().unwrap_or(d)),
                None => format!(" Sends the `{wire}` header."),
            };
            let required = header.required.then(|| quote!(#[doc = ""] #[doc = " Required: a success answer the test sets none on sends its schema's example, default or first enum value, else a placeholder of its type."]));
            quote! {
                #[doc = #text]
                #required
                pub fn #n(&mut self, value: impl Into<#t>) -> &mut Self {
                    self.0.typed_header(#wire, &Into::<#t>::into(value));
                    self
                }
            }
        })
        .collect()
}

/// The `(name, value)` of every header the success responses declare `required`, for the
/// answers whose test set none: the spec's example, else a placeholder of its type.
pub(super) fn required_headers(api: &Api, op: &Operation) -> Option<TokenStream> {
    let h = op.response_headers.as_ref()?;
    let pairs: Vec<TokenStream> = h
        .headers
        .iter()
        .filter(|header| header.required)
        .map(|header| {
            let value = header.example.clone().unwrap_or_else(|| match placeholder(api, &header.ty) {
                serde_json::Value::String(s) => s,
                v => v.to_string(),
            });
            let wire = &header.wire;
            quote!((#wire, #value))
        })
        .collect();
    (!pairs.is_empty()).then(|| quote!(then.0.required_headers(&[#(#pairs),*]);))
}

/// One answer method; `fixed` is its status, or `None` when the caller passes one (`default`
/// and ranges).
fn answer(api: &Api, op: &Operation, arm: &Arm, failure: bool, name: &str, fixed: Option<u16>) -> TokenStream {
    let n = ident(name);
    let (code_arg, code) = match fixed {
        Some(c) => (TokenStream::new(), Literal::u16_unsuffixed(c).into_token_stream()),
        None => (quote!(code: u16,), quote!(code)),
    };
    let success_field = op.envelope.as_ref().and_then(|e| e.success_field.as_deref());
    let (arg, write) = match (&arm.payload, &arm.extract) {
        (None, _) => (TokenStream::new(), quote!(self.0.empty(#code))),
        (Some(Payload::Json(t)), Some(e)) if !failure => {
            let ty = rust_type(api, &e.ty, Scope::Client);
            let ty = if e.optional { quote!(Option<#ty>) } else { ty };
            match skeleton(api, t, &e.field, success_field) {
                Some((skeleton, payload)) => (quote!(body: &#ty), quote!(self.0.enveloped(#code, body, #skeleton, #payload))),
                None => (quote!(body: &#ty), quote!(self.0.json(#code, body))),
            }
        }
        (Some(p), _) => {
            let arg = payload_arg(api, p);
            let write = match (p, success_field) {
                (Payload::Json(_), Some(field)) if failure => quote!(self.0.failure(#code, body, #field)),
                _ => write_payload(p, &code, &quote!(body)),
            };
            (quote!(body: #arg), write)
        }
    };
    let status = match fixed {
        Some(c) => format!("`{c}`"),
        None => "the status given".to_owned(),
    };
    let what = arm.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()).map_or(String::new(), |d| format!(": {}", d.lines().next().unwrap_or(d)));
    let text = format!(" Answers {status}{what}");
    // An event is its data alone, or a whole `runtime::Event` with its name and id.
    let (generics, events_doc) = match &arm.payload {
        Some(Payload::EventStream(t)) => {
            let t = rust_type(api, t, Scope::Client);
            let doc = quote!(#[doc = ""] #[doc = " One event per item: its data, or a [`runtime::Event`](crate::runtime::Event) with its `event` name, `id` and `retry` as well."]);
            (quote!(<E: crate::runtime::mock::SseEvent<#t>>), doc)
        }
        _ => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #[doc = #text]
        #events_doc
        pub fn #n #generics(&mut self, #code_arg #arg) -> &mut Self {
            #write;
            self
        }
    }
}

/// What an answer method takes for a payload: what the client hands back for it.
fn payload_arg(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Json(t) => {
            let t = rust_type(api, t, Scope::Client);
            quote!(&#t)
        }
        Payload::Text => quote!(&str),
        Payload::Binary => quote!(impl Into<crate::runtime::Bytes>),
        Payload::EventStream(_) => quote!(&[E]),
        Payload::ByMediaType(name, _) => {
            let n = ident(name);
            quote!(&types::#n)
        }
    }
}

/// The call that writes a payload held (by reference) in `v`.
fn write_payload(p: &Payload, code: &TokenStream, v: &TokenStream) -> TokenStream {
    match p {
        Payload::Json(_) => quote!(self.0.json(#code, #v)),
        Payload::Text => quote!(self.0.text(#code, #v, "text/plain")),
        Payload::Binary => quote!(self.0.bytes(#code, #v, "application/octet-stream")),
        Payload::EventStream(_) => quote!(self.0.events(#code, #v)),
        Payload::ByMediaType(name, variants) => {
            let n = ident(name);
            let arms = variants.iter().map(|(variant, media, inner)| {
                let var = ident(variant);
                let write = match inner.as_ref() {
                    Payload::Json(_) => quote!({ self.0.json(#code, value); self.0.media_type(#media) }),
                    Payload::Text => quote!(self.0.text(#code, value, #media)),
                    Payload::Binary => quote!(self.0.bytes(#code, value.clone(), #media)),
                    // A stream the client already reads cannot be written back; the events of a
                    // stream-only response go through the operation's own method.
                    _ => return quote!(types::#n::#var(_) => self.0.text(#code, "", #media),),
                };
                quote!(types::#n::#var(value) => #write,)
            });
            quote!(match #v { #(#arms)* })
        }
    }
}

/// An envelope's other required fields as a JSON object of placeholders (the success flag
/// `true`), and the wire name of its payload field; `None` when the type is not a struct.
fn skeleton(api: &Api, t: &TypeRef, payload: &str, success_field: Option<&str>) -> Option<(String, String)> {
    let fields = struct_fields(api, t)?;
    let payload_wire = fields.iter().find(|f| f.name == payload)?.wire.clone();
    Some((placeholders(api, fields, &[payload], success_field), payload_wire))
}

fn struct_fields<'a>(api: &'a Api, t: &TypeRef) -> Option<&'a [Field]> {
    let TypeRef::Named(id) = super::mock::strip(api, t) else { return None };
    match &api.types[*id].kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// The required fields of a struct but those named (Rust names) in `skip`, as a JSON object of
/// placeholders; the success flag, if the struct has it, is `true`.
fn placeholders(api: &Api, fields: &[Field], skip: &[&str], success_field: Option<&str>) -> String {
    let mut object = serde_json::Map::new();
    for f in fields.iter().filter(|f| !skip.contains(&f.name.as_str())) {
        if Some(f.wire.as_str()) == success_field {
            object.insert(f.wire.clone(), serde_json::Value::Bool(true));
        } else if f.required && !f.nullable {
            object.insert(f.wire.clone(), placeholder(api, &f.ty));
        }
    }
    serde_json::Value::Object(object).to_string()
}

/// `pages(&[Item])` for a paged list: every item, served a page per request as the request
/// asks, with what the style reads to ask for the next page (a cursor or token in the page,
/// `has_more`, a `Link` header).
fn pages(api: &Api, op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let arm = op.success.arms.iter().find(|a| matches!(a.payload, Some(Payload::Json(_))))?;
    let Some(Payload::Json(body)) = &arm.payload else { return None };
    let success_field = op.envelope.as_ref().and_then(|e| e.success_field.as_deref());
    let (page_type, envelope) = match &arm.extract {
        Some(e) => {
            let (skeleton, payload) = skeleton(api, body, &e.field, success_field)?;
            (&e.ty, quote!(Some((#skeleton, #payload))))
        }
        None => (body, quote!(None)),
    };
    let query = page_query(api, op, p);
    let page_fields = struct_fields(api, page_type).unwrap_or_default();
    let wire_of = |f: Option<&PageField>| f.and_then(|f| page_fields.iter().find(|x| x.name == f.name)).map(|x| x.wire.clone());
    let (total, next, has_more) = match &p.style {
        PageStyle::Offset { total, .. } => (total.as_ref(), None, None),
        PageStyle::Cursor { next: CursorSource::Page(next), has_more, .. } => (None, Some(next), has_more.as_ref()),
        PageStyle::Cursor { has_more, .. } => (None, None, has_more.as_ref()),
        PageStyle::Token { next, .. } => (None, Some(next), None),
        _ => (None, None, None),
    };
    // OpenAI's pages name their first item's id beside the next cursor (`last_id`).
    let first = page_fields.iter().find(|f| f.wire == "first_id").filter(|_| item_key(api, p).is_some()).map(|f| f.wire.clone());
    let (items, skeleton) = match &p.items {
        None => (None, "{}".to_owned()),
        Some(items) => {
            struct_fields(api, page_type)?;
            let skip: Vec<&str> = [Some(items), total].into_iter().flatten().map(|f| f.name.as_str()).collect();
            (Some(wire_of(Some(items))?), placeholders(api, page_fields, &skip, success_field))
        }
    };
    let [items, total, next, has_more, first] = [items, wire_of(total), wire_of(next), wire_of(has_more), first].map(|f| match f {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    });
    let size = Literal::u32_unsuffixed(match &p.style {
        PageStyle::Offset { size, .. } | PageStyle::PageNumber { size, .. } => size.default,
        _ => DEFAULT_PAGE_SIZE,
    });
    let code = match arm.status {
        StatusKey::Code(c) => c,
        _ => 200,
    };
    let code = Literal::u16_unsuffixed(code);
    let item = rust_type(api, &p.item, Scope::Client);
    let text = format!(
        " Answers `{code}` with every item of the list, one page per request: {}; {size} items a page unless the request sets the size.",
        page_how(&p.style)
    );
    Some(quote! {
        #[doc = #text]
        pub fn pages(&mut self, items: &[#item]) -> &mut Self {
            self.0.pages(#code, items, #query, crate::runtime::mock::PageLayout {
                items: #items, total: #total, next: #next, has_more: #has_more, first: #first,
                skeleton: #skeleton, size: #size, envelope: #envelope,
            });
            self
        }
    })
}

/// A page's size when the request sets none and the spec gives no default (cursor, token and
/// `Link` paging): small, so that a test's few items already span pages.
const DEFAULT_PAGE_SIZE: u32 = 10;

/// Page-size parameters of the cursor, token and `Link` styles, which the IR does not name.
const SIZE_PARAMS: &[&str] = &["limit", "per_page", "pageSize", "page_size", "maxResults", "max_results"];

/// Parameters a `Link` style's next link moves on, in the order detection tries them.
const LINK_PARAMS: &[&str] = &["page", "after", "cursor", "offset"];

/// How the page is chosen, for the docs.
fn page_how(style: &PageStyle) -> &'static str {
    match style {
        PageStyle::Offset { .. } | PageStyle::PageNumber { .. } => "the page its query asks for",
        PageStyle::Link => "the page its query asks for, each but the last linking the next in a `Link` header",
        PageStyle::Cursor { .. } => "the items after its cursor, each page saying where the next starts",
        PageStyle::Token { .. } => "the page its token asks for, each but the last handing out the next page's token",
    }
}

/// The `PageQuery` of the operation's paging style.
fn page_query(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    let wire = |i: usize| op.params[i].wire.clone();
    let query_param = |w: &str| op.params.iter().find(|x| x.location == ParamLocation::Query && x.wire == w);
    let size = match SIZE_PARAMS.iter().filter_map(|w| query_param(w)).find(|x| matches!(super::mock::strip(api, &x.ty), TypeRef::Int(_))) {
        Some(x) => {
            let w = &x.wire;
            quote!(Some(#w))
        }
        None => quote!(None),
    };
    match &p.style {
        PageStyle::Offset { take, skip, .. } => {
            let (take, skip) = (wire(*take), wire(*skip));
            quote!(crate::runtime::mock::PageQuery::Offset { take: #take, skip: #skip })
        }
        PageStyle::PageNumber { page, per_page, .. } => {
            let (page, per_page) = (wire(*page), wire(*per_page));
            quote!(crate::runtime::mock::PageQuery::Number { page: #page, per_page: #per_page })
        }
        PageStyle::Cursor { param, .. } => {
            let param = wire(*param);
            let key = match item_key(api, p) {
                Some(k) => quote!(Some(#k)),
                None => quote!(None),
            };
            quote!(crate::runtime::mock::PageQuery::Cursor { param: #param, size: #size, key: #key })
        }
        PageStyle::Token { param, .. } => {
            let param = wire(*param);
            quote!(crate::runtime::mock::PageQuery::Token { param: #param, size: #size })
        }
        PageStyle::Link => {
            // Without a parameter of its own to move on, the mock's links count pages in `page`.
            let (param, step) = match LINK_PARAMS.iter().find_map(|w| query_param(w)) {
                None => ("page".to_owned(), quote!(Page)),
                Some(x) => match (x.wire.as_str(), super::mock::strip(api, &x.ty)) {
                    ("page", TypeRef::Int(_)) => (x.wire.clone(), quote!(Page)),
                    ("offset", TypeRef::Int(_)) => (x.wire.clone(), quote!(Offset)),
                    _ => (x.wire.clone(), quote!(Cursor)),
                },
            };
            quote!(crate::runtime::mock::PageQuery::Link { param: #param, step: crate::runtime::mock::LinkStep::#step, size: #size })
        }
    }
}

/// The wire name of the item field a cursor holds: the last item's field the client reads
/// (Stripe's `id`), or for a cursor the page hands out, the items' string `id` if they have
/// one (OpenAI's `last_id` is the last item's `id`); `None`: cursors are positions.
fn item_key(api: &Api, p: &Pagination) -> Option<String> {
    let PageStyle::Cursor { next, .. } = &p.style else { return None };
    let fields = struct_fields(api, &p.item)?;
    match next {
        CursorSource::LastItem(f) => fields.iter().find(|x| x.name == f.name).map(|x| x.wire.clone()),
        CursorSource::Page(_) => fields
            .iter()
            .find(|x| x.wire == "id" && matches!(super::mock::strip(api, &x.ty), TypeRef::String))
            .map(|x| x.wire.clone()),
    }
}

/// A value of the type for a required envelope field the caller does not give.
fn placeholder(api: &Api, t: &TypeRef) -> serde_json::Value {
    use serde_json::json;
    match super::mock::strip(api, t) {
        TypeRef::String | TypeRef::Secret => json!(""),
        TypeRef::Bool => json!(false),
        TypeRef::Int(_) | TypeRef::Float(_) => json!(0),
        TypeRef::DateTime => json!("1970-01-01T00:00:00Z"),
        TypeRef::Date => json!("1970-01-01"),
        TypeRef::Uuid => json!("00000000-0000-0000-0000-000000000000"),
        TypeRef::Array(_) | TypeRef::Tuple(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::StringEnum(values) => values.first().map_or(json!(""), |v| json!(v.wire)),
            TypeKind::IntEnum(values) => values.first().map_or(json!(0), |v| json!(v.wire)),
            TypeKind::Struct(_) => json!({}),
            _ => serde_json::Value::Null,
        },
        _ => serde_json::Value::Null,
    }
}

/// A method name for a status code: its reason phrase in snake case (`404` → `not_found`).
fn status_name(code: u16) -> String {
    let name = match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non_authoritative_information",
        204 => "no_content",
        205 => "reset_content",
        206 => "partial_content",
        207 => "multi_status",
        300 => "multiple_choices",
        301 => "moved_permanently",
        302 => "found",
        303 => "see_other",
        304 => "not_modified",
        307 => "temporary_redirect",
        308 => "permanent_redirect",
        400 => "bad_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        416 => "range_not_satisfiable",
        417 => "expectation_failed",
        418 => "im_a_teapot",
        421 => "misdirected_request",
        422 => "unprocessable_entity",
        423 => "locked",
        424 => "failed_dependency",
        425 => "too_early",
        426 => "upgrade_required",
        428 => "precondition_required",
        429 => "too_many_requests",
        431 => "request_header_fields_too_large",
        451 => "unavailable_for_legal_reasons",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        505 => "http_version_not_supported",
        507 => "insufficient_storage",
        _ => return format_ident!("status_{}", code).to_string(),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    fn mock_of(spec: &str) -> String {
        let source = crate::generate("spec.yaml", spec).expect("generates").source;
        source[source.find("pub mod mock {").expect("a mock module")..].to_owned()
    }

    #[test]
    fn every_paging_style_gets_pages_in_its_own_query() {
        let mock = mock_of(include_str!("../../../tests/fixtures/paging.yaml"));
        // Compared without whitespace: the formatter decides where the lines break.
        let flat: String = mock.split_whitespace().collect();
        for query in [
            r#"PageQuery::Link{param:"page",step:crate::runtime::mock::LinkStep::Page,size:Some("per_page"),}"#,
            r#"PageQuery::Cursor{param:"starting_after",size:Some("limit"),key:Some("id"),}"#,
            r#"PageQuery::Cursor{param:"after",size:Some("limit"),key:Some("id"),}"#,
            r#"PageQuery::Token{param:"pageToken",size:Some("pageSize"),}"#,
            r#"PageQuery::Cursor{param:"from",size:None,key:Some("id")"#,
            r#"next:Some("last_id"),has_more:Some("has_more"),first:Some("first_id")"#,
        ] {
            assert!(flat.contains(query), "{query} in {mock}");
        }
        assert_eq!(mock.matches("pub fn pages(").count(), 7, "every paged list but the unpaged one");
    }

    #[test]
    fn a_link_list_with_nothing_to_move_on_counts_pages_in_its_own_parameter() {
        let mock = mock_of(
            r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      x-pagination: {style: link}
      responses:
        "200":
          description: ok
          headers: {Link: {schema: {type: string}}}
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"#,
        );
        assert!(mock.contains(r#"param: "page""#) && mock.contains("LinkStep::Page") && mock.contains("size: None"), "{mock}");
    }

    #[test]
    fn a_declared_header_gets_a_typed_setter_unless_an_answer_has_its_name() {
        let mock = mock_of(
            r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        "200":
          description: ok
          headers:
            X-Count: {required: true, schema: {type: integer}}
            Ok: {schema: {type: boolean}}
        default: {description: failed}
"#,
        );
        let flat: String = mock.split_whitespace().collect();
        assert!(flat.contains("pubfnx_count(&mutself,value:implInto<i64>)->&mutSelf{self.0.typed_header(\"X-Count\""), "{mock}");
        assert!(flat.contains("pubfnok_header(&mutself,value:implInto<bool>)"), "{mock}");
        assert!(flat.contains("then.0.required_headers(&[(\"X-Count\",\"0\")]);"), "{mock}");
    }
}
