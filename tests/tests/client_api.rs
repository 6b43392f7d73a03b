//! The call styles of a generated client, against a local server: positional required inputs
//! and setters for every parameter location, `send_with_response` with typed headers,
//! `into_stream` over pages, and event streams. The client is generated from
//! `tests/fixtures/client-api.yaml` by `tests/build.rs`.

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What the generated code reaches as `crate::runtime`.
pub use generated::runtime;

#[allow(clippy::all, dead_code)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/client_api.rs"));
}

use api::{types, Client};
use runtime::Error;

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "one request: {all:?}");
    all.remove(0)
}

fn page_body() -> Value {
    json!({ "items": [{ "id": 1, "name": "a" }], "total": 1 })
}

#[tokio::test]
async fn required_inputs_are_positional_and_optional_ones_setters_in_every_location() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body()))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    let page = client
        .list_items("a b/c", &types::Kind::File, "acme")
        .limit(3)
        .offset(0)
        .tags(vec!["x".to_owned(), "y".to_owned()])
        .x_trace("t-1")
        .session("s-1")
        .await
        .expect("listed");
    assert_eq!(page.items[0].name, "a");

    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.path(),
        "/folders/a%20b%2Fc/items",
        "the path parameter is percent-encoded"
    );
    assert_eq!(
        sent.url.query(),
        Some("kind=file&limit=3&offset=0&tags=x%2Cy"),
        "query in spec order"
    );
    assert_eq!(
        sent.headers.get("x-tenant").map(|v| v.to_str().unwrap()),
        Some("acme")
    );
    assert_eq!(
        sent.headers.get("x-trace").map(|v| v.to_str().unwrap()),
        Some("t-1")
    );
    assert_eq!(
        sent.headers.get("cookie").map(|v| v.to_str().unwrap()),
        Some("session=s-1")
    );
}

#[tokio::test]
async fn unset_optional_inputs_are_not_sent_and_send_is_the_same_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body()))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    let page = client
        .list_items("f", &types::Kind::Link, "t")
        .send()
        .await
        .expect("sent");
    assert_eq!(page.total, 1);
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("kind=link"));
    assert!(sent.headers.get("x-trace").is_none());
    assert!(sent.headers.get("cookie").is_none());
}

#[tokio::test]
async fn a_path_integer_a_json_body_and_a_boolean_setter() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/items/7"))
        .respond_with(|r: &Request| {
            ResponseTemplate::new(200).set_body_raw(r.body.clone(), "application/json")
        })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let item = types::Item::new(7, "seven".into());
    let stored = client
        .put_item(7, &item)
        .dry_run(true)
        .await
        .expect("stored");
    assert_eq!(stored, item);
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("dryRun=true"));
    assert_eq!(
        sent.body_json::<Value>().expect("json"),
        json!({ "id": 7, "name": "seven" })
    );
}

#[tokio::test]
async fn an_optional_text_body_is_a_setter() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    client.add_note().body("hello").await.expect("with a body");
    client.add_note().await.expect("without one");
    let sent = server.received_requests().await.expect("recording");
    assert_eq!(sent[0].body, b"hello");
    assert_eq!(
        sent[0]
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("text/plain")
    );
    assert!(sent[1].body.is_empty());
}

#[tokio::test]
async fn send_with_response_keeps_status_and_headers_and_types_the_declared_ones() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page_body())
                .insert_header("X-Rate-Limit-Remaining", "42")
                .insert_header("X-Request-Id", "req-9")
                .insert_header("X-Other", "kept"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let response = client
        .list_items("f", &types::Kind::File, "t")
        .send_with_response()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response
            .headers()
            .get("x-other")
            .map(|v| v.to_str().unwrap()),
        Some("kept")
    );
    let typed: &types::ListItemsHeaders = response.typed_headers();
    assert_eq!(typed.x_rate_limit_remaining, Some(42));
    assert_eq!(typed.x_request_id.as_deref(), Some("req-9"));
    assert_eq!(response.into_inner().items.len(), 1);
}

#[tokio::test]
async fn a_malformed_declared_header_is_none_not_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page_body())
                .insert_header("X-Rate-Limit-Remaining", "lots"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let response = client
        .list_items("f", &types::Kind::File, "t")
        .send_with_response()
        .await
        .expect("sent");
    assert_eq!(response.typed_headers().x_rate_limit_remaining, None);
    assert_eq!(response.typed_headers().x_request_id, None);
}

/// Serves `total` items, `limit` (default 2) from `offset`; `fail_at` answers 404 there.
async fn mount_pages(server: &MockServer, total: i64, fail_at: Option<&'static str>) {
    if let Some(offset) = fail_at {
        Mock::given(method("GET"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "detail": "gone" })))
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(move |r: &Request| {
            let q = |name: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse::<i64>().ok())
            };
            let (limit, offset) = (q("limit").unwrap_or(2), q("offset").unwrap_or(0));
            let items: Vec<Value> = (offset..total.min(offset + limit))
                .map(|i| json!({ "id": i, "name": format!("n{i}") }))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "items": items, "total": total }))
        })
        .with_priority(2)
        .mount(server)
        .await;
}

async fn queries(server: &MockServer) -> Vec<String> {
    let all = server.received_requests().await.expect("recording");
    all.iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn into_stream_reads_three_pages_lazily_with_the_other_inputs_kept() {
    let server = MockServer::start().await;
    mount_pages(&server, 7, None).await;
    let client = Client::new(&server.uri()).expect("client");
    let mut stream = client
        .list_items("f", &types::Kind::File, "t")
        .limit(3)
        .x_trace("kept")
        .into_stream();
    // Lazy: nothing is fetched before the first item is asked for.
    assert!(queries(&server).await.is_empty());
    let first = stream.next().await.expect("an item").expect("ok");
    assert_eq!(first.id, 0);
    assert_eq!(queries(&server).await.len(), 1);
    let rest: Vec<types::Item> = stream.try_collect().await.expect("every page");
    assert_eq!(
        rest.iter().map(|i| i.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(
        queries(&server).await,
        [
            "kind=file&limit=3&offset=0",
            "kind=file&limit=3&offset=3",
            "kind=file&limit=3&offset=6"
        ]
    );
    let all = server.received_requests().await.expect("recording");
    assert!(all
        .iter()
        .all(|r| r.headers.get("x-trace").is_some_and(|v| v == "kept")));
}

#[tokio::test]
async fn into_stream_stops_at_the_total_and_keeps_the_page_size_within_the_maximum() {
    let server = MockServer::start().await;
    mount_pages(&server, 6, None).await;
    let client = Client::new(&server.uri()).expect("client");
    // `limit` has `maximum: 3`: a larger page size is lowered to it.
    let all: Vec<types::Item> = client
        .list_items("f", &types::Kind::File, "t")
        .limit(50)
        .into_stream()
        .try_collect()
        .await
        .expect("all");
    assert_eq!(all.len(), 6);
    // Two full pages reach the reported total: no third request for an empty page.
    assert_eq!(
        queries(&server).await,
        ["kind=file&limit=3&offset=0", "kind=file&limit=3&offset=3"]
    );
}

#[tokio::test]
async fn into_stream_uses_the_spec_default_page_size_and_the_offset_set() {
    let server = MockServer::start().await;
    mount_pages(&server, 5, None).await;
    let client = Client::new(&server.uri()).expect("client");
    let all: Vec<types::Item> = client
        .list_items("f", &types::Kind::File, "t")
        .offset(1)
        .into_stream()
        .try_collect()
        .await
        .expect("all");
    assert_eq!(all.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(
        queries(&server).await,
        ["kind=file&limit=2&offset=1", "kind=file&limit=2&offset=3"],
        "limit defaults to the schema's default (2); the second page reaches the total"
    );
}

#[tokio::test]
async fn into_stream_yields_the_error_of_page_two_and_ends() {
    let server = MockServer::start().await;
    mount_pages(&server, 9, Some("3")).await;
    let client = Client::new(&server.uri()).expect("client");
    let results: Vec<Result<types::Item, Error<types::Problem>>> = client
        .list_items("f", &types::Kind::File, "t")
        .limit(3)
        .into_stream()
        .collect()
        .await;
    assert_eq!(
        results.len(),
        4,
        "three items, then the error, then the end: {results:?}"
    );
    assert!(results[..3].iter().all(Result::is_ok));
    match &results[3] {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 404);
            assert_eq!(e.body.detail.as_deref(), Some("gone"));
        }
        other => panic!("expected the 404 of page two, got {other:?}"),
    }
    assert_eq!(
        queries(&server).await.len(),
        2,
        "nothing is fetched after the error"
    );
}

const EVENTS: &str = ": a comment, ignored\n\
event: change\n\
id: 1\n\
data: {\"item\": 1,\n\
data:  \"text\": \"two lines\"}\n\
\n\
data: not json\n\
\n\
: the next event keeps the last id\n\
retry: 3000\n\
data: {\"item\": 3}\n\
\n\
data: [DONE]\n\
\n\
data: {\"item\": 4}\n\
\n";

#[tokio::test]
async fn an_event_stream_decodes_each_event_and_a_malformed_one_is_an_error_item() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(EVENTS.as_bytes().to_vec(), "text/event-stream"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let events = client
        .watch_events()
        .since("0")
        .await
        .expect("the stream opens");
    let items: Vec<_> = events.collect().await;
    assert_eq!(
        items.len(),
        3,
        "two events and one error item; `[DONE]` ends the stream: {items:?}"
    );

    let first = items[0].as_ref().expect("first event");
    assert_eq!(first.event.as_deref(), Some("change"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(
        (first.data.item, first.data.text.as_deref()),
        (1, Some("two lines")),
        "multi-line data is joined"
    );

    match &items[1] {
        Err(Error::Decode {
            message, snippet, ..
        }) => {
            assert!(!message.is_empty());
            assert_eq!(snippet, "not json");
        }
        other => panic!("expected a decode error item, got {other:?}"),
    }

    let third = items[2].as_ref().expect("third event");
    assert_eq!(
        (third.id.as_deref(), third.retry, third.event.as_deref()),
        (Some("1"), Some(3000), None)
    );
    assert_eq!(third.data.item, 3);
}

#[tokio::test]
async fn an_event_stream_operation_answered_with_json_is_an_unexpected_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "item": 1 })))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    match client.watch_events().await {
        Err(Error::UnexpectedResponse(raw)) => assert_eq!(raw.status.as_u16(), 200),
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

#[tokio::test]
async fn one_status_with_json_or_a_stream_decodes_by_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"data: {\"item\": 5}\n\n".to_vec(), "text/event-stream"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "item": 1 }, { "item": 2 }])))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    match client.read_feed().await.expect("json") {
        types::ReadFeedOkBody::ApplicationJson(changes) => assert_eq!(changes.iter().map(|c| c.item).collect::<Vec<_>>(), [1, 2]),
        types::ReadFeedOkBody::TextEventStream(_) => panic!("a JSON answer is the JSON variant"),
    }
    // The client asks for a stream with its own request header (a hook or reqwest default).
    let http = reqwest::Client::builder()
        .default_headers([(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("text/event-stream"))].into_iter().collect())
        .build()
        .expect("http client");
    let streaming = Client::with_http_client(&server.uri(), http);
    match streaming.read_feed().await.expect("stream") {
        types::ReadFeedOkBody::TextEventStream(events) => {
            let events: Vec<_> = events.collect().await;
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].as_ref().expect("event").data.item, 5);
        }
        types::ReadFeedOkBody::ApplicationJson(_) => panic!("an event-stream answer is the stream variant"),
    }
}
