//! Retries (`ClientConfig::retry`): idempotent requests are sent again after a transient
//! failure, with backoff or the server's `Retry-After`, within the attempt and time caps; a
//! `POST` never is. Also the error helpers `is_retryable` and `into_untyped`.

use std::time::{Duration, Instant};

use generated::runtime::{ClientConfig, Error, RetryPolicy};
use generated::signal_cli_rest_api::{types, Client};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn about() -> serde_json::Value {
    json!({ "mode": "json-rpc", "versions": ["v1", "v2"], "signal_cli": "0.11.3" })
}

/// A policy with short waits, so the tests spend little time sleeping.
fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        max_elapsed: Duration::from_secs(10),
    }
}

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::with_config(&server.uri(), &ClientConfig { retry, ..ClientConfig::default() }).expect("client builds")
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

#[tokio::test]
async fn a_get_is_retried_after_503s_until_it_succeeds() {
    let server = MockServer::start().await;
    // wiremock tries mocks in mount order: the 503 answers twice, then the 200 takes over.
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(200).set_body_json(about())).mount(&server).await;
    let about = client(&server, quick(3)).get_about().await.expect("the third attempt succeeds");
    assert_eq!(about.mode, "json-rpc");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn attempts_are_capped_and_the_last_answer_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = client(&server, quick(4)).get_about().await.expect_err("every attempt fails");
    assert_eq!(requests(&server).await, 4);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(200).set_body_json(about())).mount(&server).await;
    let started = Instant::now();
    client(&server, quick(3)).get_about().await.expect("the second attempt succeeds");
    // The policy's own waits are at most 50 ms: only the header explains a wait of a second.
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_cap_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "18446744073709551615"))
        .mount(&server)
        .await;
    let err = client(&server, quick(3)).get_about().await.expect_err("not retried");
    assert_eq!(requests(&server).await, 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/v2/send")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let body = types::SendMessageRequest::new(vec!["+4915100000002".into()], "Hello".into());
    let err = client(&server, quick(5)).send_message(&body).await.expect_err("503");
    assert_eq!(requests(&server).await, 1, "a POST may have taken effect: it is sent once");
    assert!(err.is_retryable(), "the error itself is transient; only the method forbids the retry");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    client(&server, RetryPolicy::none()).get_about().await.expect_err("503");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn the_default_policy_retries_idempotent_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(502)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(200).set_body_json(about())).mount(&server).await;
    Client::new(&server.uri()).expect("client builds").get_about().await.expect("retried once");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_documented_error_is_not_retried_and_untyped_keeps_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "error": "bad" })))
        .mount(&server)
        .await;
    let err = client(&server, quick(3)).get_about().await.expect_err("400");
    assert_eq!(requests(&server).await, 1);
    assert!(!err.is_retryable());
    let untyped: Error<()> = err.into_untyped();
    assert_eq!(untyped.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn a_refused_connection_is_retryable() {
    // Bind and drop a listener: nothing listens on that port afterwards.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let client = Client::with_config(
        &format!("http://127.0.0.1:{port}"),
        &ClientConfig { retry: quick(2), ..ClientConfig::default() },
    )
    .expect("client builds");
    let err = client.get_about().await.expect_err("nothing listens");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
}

/// Sends one request through the runtime core as a generated method would, for `operation`.
async fn send_as(core: &generated::runtime::ClientCore, http_method: reqwest::Method, operation: &'static generated::runtime::OperationInfo) -> u16 {
    let request = Ok::<_, Error<()>>(core.request(http_method, "/op"));
    match core
        .send::<u16, (), (), _>(request, operation, &[], |raw| Ok(raw.status.as_u16()))
        .await
    {
        Ok(response) => response.into_inner(),
        Err(e) => e.status().map_or(0, |s| s.as_u16()),
    }
}

#[tokio::test]
async fn x_idempotent_opts_a_post_in_and_a_delete_out() {
    use generated::runtime::{ClientCore, OperationInfo};
    static POST_OPTED_IN: OperationInfo = OperationInfo { operation_id: "createCharge", method: "POST", path_template: "/op", idempotent: true };
    static DELETE_OPTED_OUT: OperationInfo = OperationInfo { operation_id: "deleteCharge", method: "DELETE", path_template: "/op", idempotent: false };
    let server = MockServer::start().await;
    Mock::given(path("/op")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let core = ClientCore::new(server.uri(), &ClientConfig { retry: quick(3), ..ClientConfig::default() }).expect("core");

    assert_eq!(send_as(&core, reqwest::Method::POST, &POST_OPTED_IN).await, 503);
    assert_eq!(requests(&server).await, 3, "an opted-in POST is retried");
    assert_eq!(send_as(&core, reqwest::Method::DELETE, &DELETE_OPTED_OUT).await, 503);
    assert_eq!(requests(&server).await, 4, "an opted-out DELETE is sent once");
}
