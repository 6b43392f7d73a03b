//! Hooks (`ClientConfig::hooks`) see and may change every attempt of every request, with the
//! operation it belongs to. (The `tracing` span of a call is checked in `spans.rs`.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::runtime::{BoxFuture, ClientConfig, Error, Hook, HookError, Next, OperationInfo, RetryPolicy};
use generated::signal_cli_rest_api;
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
