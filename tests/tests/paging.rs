//! Every paging style's `into_stream()` against a local server: the next page asked for as the
//! style says with the caller's other inputs kept, the end of the list, an empty first page, an
//! error on page 2 (yielded, then the stream ends), and for the `Link` style a next link on
//! another origin (not followed, so the credentials stay home). The client is generated from
//! `tests/fixtures/paging.yaml` by `tests/build.rs`.

use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What the generated code reaches as `crate::runtime`.
pub use generated::runtime;

#[allow(clippy::all, dead_code)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/paging.rs"));
}

use api::Client;

/// The lists, one per style (and two cursors: from the last item and from the page).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Linked,
    Numbered,
    Stripe,
    Openai,
    Tokens,
    Offset,
    Explicit,
}

const STYLES: [Style; 7] =
    [Style::Linked, Style::Numbered, Style::Stripe, Style::Openai, Style::Tokens, Style::Offset, Style::Explicit];

/// What the server holds: `len` items `i0`, `i1`, …, served two a page; with `fail_second`, the
/// second page is a 400 (not retried).
#[derive(Debug, Clone, Copy)]
struct Scenario {
    len: usize,
    fail_second: bool,
    /// Where the `Link` style's next link points instead of this server.
    elsewhere: Option<&'static str>,
}

const PAGE: usize = 2;

fn query(req: &Request, name: &str) -> Option<String> {
    req.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn index_after(id: Option<String>) -> usize {
    id.and_then(|id| id.strip_prefix('i')?.parse::<usize>().ok()).map_or(0, |i| i + 1)
}

fn number(req: &Request, name: &str, default: usize) -> usize {
    query(req, name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The page a request asks for, answered as the style answers; `home` is the server's URI
/// (wiremock's recorded URL names `localhost`, not the address the client used).
fn respond(style: Style, s: Scenario, home: &str, req: &Request) -> ResponseTemplate {
    let start = match style {
        Style::Linked | Style::Numbered => (number(req, "page", 1) - 1) * number(req, "per_page", PAGE),
        Style::Stripe => index_after(query(req, "starting_after")),
        Style::Openai => index_after(query(req, "after")),
        Style::Explicit => index_after(query(req, "from")),
        Style::Tokens => query(req, "pageToken").and_then(|t| t.strip_prefix('t')?.parse().ok()).unwrap_or(0),
        Style::Offset => number(req, "offset", 0),
    };
    if s.fail_second && start > 0 {
        return ResponseTemplate::new(400).set_body_json(json!({ "message": "no second page" }));
    }
    let end = (start + PAGE).min(s.len);
    let ids: Vec<String> = (start.min(end)..end).map(|i| format!("i{i}")).collect();
    let data: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    let more = end < s.len;
    let body = match style {
        Style::Linked => json!(data),
        Style::Numbered => json!({ "total_count": s.len, "entries": data }),
        Style::Stripe => json!({ "object": "list", "data": data, "has_more": more }),
        Style::Openai => json!({ "data": data, "first_id": ids.first(), "last_id": ids.last(), "has_more": more }),
        Style::Tokens => json!({ "items": data, "nextPageToken": if more { format!("t{end}") } else { String::new() } }),
        Style::Offset => json!({ "results": data, "total": s.len }),
        Style::Explicit => json!({ "entries": data, "continuation": ids.last(), "more": more }),
    };
    let mut template = ResponseTemplate::new(200).set_body_json(body);
    if style == Style::Linked && (more || s.elsewhere.is_some()) {
        let origin = s.elsewhere.unwrap_or(home);
        let mut next: reqwest::Url = format!("{origin}/linked").parse().expect("a URL");
        let kept: Vec<(String, String)> = req.url.query_pairs().filter(|(k, _)| k != "page").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        next.query_pairs_mut().clear().extend_pairs(kept).append_pair("page", &(number(req, "page", 1) + 1).to_string());
        template = template.insert_header("link", format!("<{next}>; rel=\"next\", <{}>; rel=\"first\"", req.url).as_str());
    }
    template
}

type Items<'a> = BoxStream<'a, Result<String, String>>;

/// The style's stream, with the filter `q` set, as ids or error messages.
fn stream(client: &Client, style: Style) -> Items<'_> {
    fn ids<'a, T: 'a, E: std::fmt::Debug + 'a>(
        s: impl futures_util::Stream<Item = Result<T, runtime::Error<E>>> + Send + 'a,
        id: fn(T) -> String,
    ) -> Items<'a> {
        s.map(move |r| r.map(id).map_err(|e| format!("{e} ({e:?})"))).boxed()
    }
    match style {
        Style::Linked => ids(client.list_linked().q("kept").x_trace("kept").into_stream(), |i| i.id),
        Style::Numbered => ids(client.list_numbered().q("kept").into_stream(), |i| i.id),
        Style::Stripe => ids(client.list_stripe().q("kept").into_stream(), |i| i.id),
        Style::Openai => ids(client.list_openai().q("kept").into_stream(), |i| i.id),
        Style::Tokens => ids(client.list_tokens().q("kept").into_stream(), |i| i.id),
        Style::Offset => ids(client.list_offset().q("kept").into_stream(), |i| i.id),
        Style::Explicit => ids(client.list_explicit().q("kept").into_stream(), |i| i.id),
    }
}

fn path_of(style: Style) -> &'static str {
    match style {
        Style::Linked => "/linked",
        Style::Numbered => "/numbered",
        Style::Stripe => "/stripe",
        Style::Openai => "/openai",
        Style::Tokens => "/tokens",
        Style::Offset => "/offset",
        Style::Explicit => "/explicit",
    }
}

/// Streams the style's list from a server in the scenario: what the stream yielded, and the
/// query of every request the server received.
async fn run(style: Style, s: Scenario) -> (Vec<Result<String, String>>, Vec<String>) {
    let server = MockServer::start().await;
    let home = server.uri();
    Mock::given(method("GET"))
        .and(path(path_of(style)))
        .respond_with(move |req: &Request| respond(style, s, &home, req))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_key("secret");
    let items: Vec<_> = stream(&client, style).collect().await;
    let requests = server.received_requests().await.expect("recording");
    assert!(requests.iter().all(|r| r.headers.get("x-api-key").is_some_and(|v| v == "secret")), "{style:?}: credentials on every page");
    if style == Style::Linked {
        // A followed link replaces the path and query, not the header parameters.
        assert!(requests.iter().all(|r| r.headers.get("x-trace").is_some_and(|v| v == "kept")), "a header on every page");
    }
    (items, requests.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect())
}

fn ok(ids: &[&str]) -> Vec<Result<String, String>> {
    ids.iter().map(|i| Ok((*i).to_owned())).collect()
}

#[tokio::test]
async fn every_style_walks_the_list_with_the_other_inputs_kept_and_ends_at_its_end() {
    let s = Scenario { len: 5, fail_second: false, elsewhere: None };
    for style in STYLES {
        let (items, queries) = run(style, s).await;
        assert_eq!(items, ok(&["i0", "i1", "i2", "i3", "i4"]), "{style:?}");
        let expected: [&str; 3] = match style {
            Style::Linked => ["q=kept", "q=kept&page=2", "q=kept&page=3"],
            Style::Numbered => ["q=kept&page=1&per_page=2", "q=kept&page=2&per_page=2", "q=kept&page=3&per_page=2"],
            Style::Stripe => ["q=kept", "q=kept&starting_after=i1", "q=kept&starting_after=i3"],
            Style::Openai => ["q=kept", "q=kept&after=i1", "q=kept&after=i3"],
            Style::Tokens => ["q=kept", "q=kept&pageToken=t2", "q=kept&pageToken=t4"],
            Style::Offset => ["q=kept&limit=2&offset=0", "q=kept&limit=2&offset=2", "q=kept&limit=2&offset=4"],
            Style::Explicit => ["q=kept", "q=kept&from=i1", "q=kept&from=i3"],
        };
        assert_eq!(queries, expected, "{style:?}: three pages, and none after the last");
    }
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream() {
    for style in STYLES {
        let (items, queries) = run(style, Scenario { len: 0, fail_second: false, elsewhere: None }).await;
        assert_eq!((items, queries.len()), (Vec::new(), 1), "{style:?}");
    }
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_and_ends_the_stream() {
    for style in STYLES {
        let (items, queries) = run(style, Scenario { len: 5, fail_second: true, elsewhere: None }).await;
        assert_eq!(items.len(), 3, "{style:?}: {items:?}");
        assert_eq!(items[..2], ok(&["i0", "i1"]), "{style:?}");
        let error = items[2].as_ref().expect_err("page two fails");
        assert!(error.contains("400"), "{style:?}: {error}");
        assert_eq!(queries.len(), 2, "{style:?}: nothing after the error");
    }
}

#[tokio::test]
async fn a_next_link_on_another_origin_is_not_followed() {
    let other = MockServer::start().await;
    let elsewhere: &'static str = Box::leak(other.uri().into_boxed_str());
    let (items, queries) = run(Style::Linked, Scenario { len: 5, fail_second: false, elsewhere: Some(elsewhere) }).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[..2], ok(&["i0", "i1"]));
    let error = items[2].as_ref().expect_err("the link is refused");
    assert!(error.contains("another origin") && error.contains(elsewhere), "{error}");
    assert_eq!(queries, ["q=kept"]);
    assert!(other.received_requests().await.expect("recording").is_empty(), "nothing, and no credential, went elsewhere");
}

#[tokio::test]
async fn a_link_header_without_a_next_link_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/linked"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "id": "only" }])).insert_header("link", "<http://x.test/?page=1>; rel=\"first\""))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let items: Vec<_> = stream(&client, Style::Linked).collect().await;
    assert_eq!(items, ok(&["only"]));
    assert_eq!(server.received_requests().await.expect("recording").len(), 1);
}
