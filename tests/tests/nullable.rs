//! Nullable request bodies and parameters, against a local server: a nullable JSON body is an
//! `Option` (`Option<&T>` when required, `impl Into<Option<T>>` as a setter), `None` goes on the
//! wire as `null` and an unset optional body as nothing; a nullable parameter's `None` is left
//! out. The client is generated from `tests/fixtures/nullable.yaml` by `tests/build.rs`.

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What the generated code reaches as `crate::runtime`.
pub use generated::runtime;

#[allow(clippy::all, dead_code)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/nullable.rs"));
}

use api::{types, Client};

/// Runs `call` against a server that answers `status` to anything; returns the one request.
async fn sent<F, Fut>(status: u16, call: F) -> Request
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    call(Client::new(&server.uri()).expect("client")).await;
    let mut all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "one request: {all:?}");
    all.remove(0)
}

fn content_type(r: &Request) -> Option<&str> {
    r.headers.get("content-type").map(|v| v.to_str().expect("ascii"))
}

#[tokio::test]
async fn an_optional_nullable_body_set_to_none_is_sent_as_null() {
    let r = sent(201, |c| async move { c.rerun(7).body(None).await.expect("rerun") }).await;
    assert_eq!(r.body, b"null");
    assert_eq!(content_type(&r), Some("application/json"));
}

#[tokio::test]
async fn an_optional_nullable_body_set_to_a_value_is_sent_as_the_value() {
    let options = types::RerunOptions { enable_debug_logging: Some(true) };
    let r = sent(201, |c| async move { c.rerun(7).body(options).await.expect("rerun") }).await;
    assert_eq!(r.body, br#"{"enable_debug_logging":true}"#);
}

#[tokio::test]
async fn an_unset_optional_nullable_body_and_unset_nullable_parameters_send_nothing() {
    let r = sent(201, |c| async move { c.rerun(7).await.expect("rerun") }).await;
    assert!(r.body.is_empty(), "no body: {:?}", String::from_utf8_lossy(&r.body));
    assert_eq!(content_type(&r), None);
    assert_eq!((r.url.path(), r.url.query()), ("/runs/7/rerun", None));
    assert!(r.headers.get("x-note").is_none());
}

#[tokio::test]
async fn nullable_parameters_that_are_set_are_sent_as_usual() {
    let r = sent(201, |c| async move { c.rerun(7).reason("flaky").x_note("n").await.expect("rerun") }).await;
    assert_eq!(r.url.query(), Some("reason=flaky"));
    assert_eq!(r.headers.get("x-note").map(|v| v.to_str().expect("ascii")), Some("n"));
}

#[tokio::test]
async fn a_required_nullable_body_is_lent_as_an_option_and_none_is_sent_as_null() {
    // A required nullable parameter still takes a value: it has no `null` on the wire.
    let r = sent(204, |c| async move { c.update_gist("g1", 3, None).await.expect("update") }).await;
    assert_eq!(r.body, b"null");
    assert_eq!(content_type(&r), Some("application/json"));
    assert_eq!(r.url.query(), Some("revision=3"));

    let body = types::UpdateGistBody { description: Some("new".into()) };
    let r = sent(204, |c| async move { c.update_gist("g1", 3, Some(&body)).await.expect("update") }).await;
    assert_eq!(r.body, br#"{"description":"new"}"#);
}

#[tokio::test]
async fn a_body_that_is_not_nullable_is_taken_by_reference_as_before() {
    let note = types::AddNoteBody { text: Some("hi".into()) };
    let r = sent(204, |c| async move { c.add_note(&note).await.expect("added") }).await;
    assert_eq!(r.body, br#"{"text":"hi"}"#);
}

#[test]
fn the_null_examples_of_nullable_bodies_are_paired_with_option_types_and_decode() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/nullable.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let (api, parsed, _) = codegen::analyze(path, &text).expect("lowers");
    let cases = codegen::example_cases::collect(&api, &parsed.document);
    let pairs: Vec<(&str, &str, String)> =
        cases.iter().map(|c| (c.name.as_str(), c.rust_type.as_str(), c.value.to_string())).collect();
    assert_eq!(
        pairs,
        [
            ("rerun_request_none", "Option<types::RerunOptions>", "null".to_owned()),
            ("rerun_request_debug", "Option<types::RerunOptions>", r#"{"enable_debug_logging":true}"#.to_owned()),
            ("update_gist_request_none", "Option<types::UpdateGistBody>", "null".to_owned()),
        ]
    );
    // The body type decodes its examples (`RerunOptions` is received too, so it derives
    // `Deserialize` here; `UpdateGistBody` is only sent).
    for (_, _, json) in &pairs[..2] {
        serde_json::from_str::<Option<types::RerunOptions>>(json).expect(json);
    }
}
