//! Hooks (`ClientConfig::hooks`) see and may change every attempt of every request, with the
//! operation it belongs to; the `tracing` span of a call carries the operationId, method, path
//! template and status, and no secret.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::runtime::{BoxFuture, ClientConfig, Error, Hook, HookError, Next, OperationInfo, RetryPolicy, Secret};
use generated::{signal_cli_rest_api, squadus};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Records each attempt's operation and adds a header to it.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(OperationInfo, String)>>,
}

impl Hook for Recorder {
    fn handle<'a>(
        &'a self,
        mut request: reqwest::Request,
        operation: &'a OperationInfo,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
        self.seen.lock().expect("lock").push((*operation, request.url().path().to_owned()));
        request.headers_mut().insert("x-request-hook", reqwest::header::HeaderValue::from_static("seen"));
        Box::pin(async move {
            let response = next.run(request).await?;
            Ok(response)
        })
    }
}

/// Refuses every request.
struct Refuse;

impl Hook for Refuse {
    fn handle<'a>(
        &'a self,
        _request: reqwest::Request,
        operation: &'a OperationInfo,
        _next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
        let message = format!("{} is not allowed here", operation.operation_id);
        Box::pin(async move { Err(message.into()) })
    }
}

fn config(hooks: Vec<Arc<dyn Hook>>) -> ClientConfig {
    let retry = RetryPolicy { initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(10), ..RetryPolicy::default() };
    ClientConfig { hooks, retry, ..ClientConfig::default() }
}

#[tokio::test]
async fn a_hook_sees_every_attempt_and_its_changes_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .and(header("x-request-hook", "seen"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "mode": "normal", "versions": [], "signal_cli": "0.11" })))
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = signal_cli_rest_api::Client::with_config(&server.uri(), &config(vec![recorder.clone()])).expect("client");
    client.get_about().await.expect("the retried attempt passes the header matcher");
    client.list_groups("+4915100000001").await.expect_err("nothing mounted: 404");

    let seen = recorder.seen.lock().expect("lock").clone();
    let ids: Vec<(&str, &str, &str, &str)> =
        seen.iter().map(|(op, url)| (op.operation_id, op.method, op.path_template, url.as_str())).collect();
    assert_eq!(
        ids,
        vec![
            ("getAbout", "GET", "/v1/about", "/v1/about"),
            ("getAbout", "GET", "/v1/about", "/v1/about"),
            ("listGroups", "GET", "/v1/groups/{number}", "/v1/groups/+4915100000001"),
        ]
    );
}

#[tokio::test]
async fn a_hook_can_refuse_a_request_before_it_is_sent() {
    let server = MockServer::start().await;
    let client = signal_cli_rest_api::Client::with_config(&server.uri(), &config(vec![Arc::new(Refuse)])).expect("client");
    match client.get_about().await {
        Err(Error::Hook(e)) => assert_eq!(e.to_string(), "getAbout is not allowed here"),
        other => panic!("expected a hook error, got {other:?}"),
    }
    assert!(server.received_requests().await.expect("recording").is_empty());
}

/// A `tracing` subscriber that keeps the name and fields of every span, as text.
#[derive(Default, Clone)]
struct Spans(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = self.0.lock().expect("lock");
        let mut text = span.metadata().name().to_owned();
        span.record(&mut Fields(&mut text));
        spans.push(text);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().expect("lock");
        if let Some(text) = spans.get_mut(id.into_u64() as usize - 1) {
            values.record(&mut Fields(text));
        }
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn the_span_of_a_call_names_the_operation_and_status_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users.info"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "status": "error", "message": "You must be logged in to do this." })))
        .mount(&server)
        .await;
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let client = squadus::Client::new(&format!("{}/api/v1", server.uri()))
        .expect("client")
        .with_auth_token(Secret::new("pat-Yk3v0Jx"))
        .with_user_id("owner-id");
    let params = squadus::types::GetUserInfoParams::new().with_user_id("owner-id".to_owned());
    let err = client.get_user_info(&params).await.expect_err("401");
    assert!(!err.to_string().contains("pat-Yk3v0Jx"), "{err}");

    let recorded = spans.0.lock().expect("lock").clone();
    let call = recorded.iter().find(|s| s.starts_with("http.request")).unwrap_or_else(|| panic!("no request span in {recorded:?}"));
    for field in [
        "operation_id=\"getUserInfo\"",
        "http.request.method=\"GET\"",
        "url.template=\"/users.info\"",
        "http.response.status_code=401",
    ] {
        assert!(call.contains(field), "{field} missing from {call}");
    }
    assert!(recorded.iter().all(|s| !s.contains("pat-Yk3v0Jx") && !s.contains("owner-id")), "{recorded:?}");
}
