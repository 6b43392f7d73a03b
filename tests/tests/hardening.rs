//! Hardening of generated clients: header injection is impossible, secrets stay out of Debug
//! output and error messages.

use generated::runtime::{header_value, Error, Secret};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn header_values_with_cr_lf_or_non_ascii_are_refused() {
    for bad in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "tab\x00null", "ключ"] {
        match header_value::<()>("X-Test", bad) {
            Err(Error::InvalidRequest(msg)) => assert!(msg.contains("X-Test"), "{msg}"),
            other => panic!("{bad:?} must be refused, got {other:?}"),
        }
    }
    assert!(header_value::<()>("X-Test", "plain value 123").is_ok());
}

#[tokio::test]
async fn a_credential_with_cr_lf_cannot_inject_a_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = generated::tada::Client::new(&server.uri()).expect("client").with_token("abc\r\nX-Injected: 1");
    match client.get_me().await {
        Err(Error::InvalidRequest(msg)) => {
            assert!(msg.contains("token"), "{msg}");
            assert!(!msg.contains("abc"), "the secret must not appear in the message: {msg}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let secret = "s3cr3t-token-value";
    let s = Secret::new(secret);
    assert!(!format!("{s:?}").contains(secret));
    assert!(!format!("{s}").contains(secret));
    assert_eq!(s.expose(), secret);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/me"))
        .respond_with(ResponseTemplate::new(401).set_body_string("denied"))
        .mount(&server)
        .await;
    let client = generated::tada::Client::new(&server.uri()).expect("client").with_token(secret);
    assert!(!format!("{client:?}").contains(secret), "{client:?}");
    let err = client.get_me().await.expect_err("401 is an error");
    assert!(!format!("{err:?}").contains(secret));
    assert!(!format!("{err}").contains(secret));
    // The token really was sent (so the redaction above is not vacuous).
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].headers.get("token").and_then(|v| v.to_str().ok()), Some(secret));
}

#[tokio::test]
async fn query_api_keys_do_not_leak_through_transport_errors() {
    // Nothing listens on port 9 of loopback: the connection fails and reqwest reports it.
    let client = generated::tada::Client::new("http://127.0.0.1:9").expect("client").with_token("k3y");
    let err = client.get_me().await.expect_err("connection refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!format!("{err}").contains("127.0.0.1:9/api"), "no URL in the message: {err}");
}

#[tokio::test]
async fn multipart_file_names_cannot_inject_part_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = generated::tada::Client::new(&server.uri()).expect("client").with_token("t");
    let file = generated::runtime::FilePart::new("icon.png\r\nContent-Type: text/html", vec![1u8, 2, 3]);
    let form = generated::tada::types::UploadTeamIconForm::new(file);
    let team = "00000000-0000-0000-0000-000000000001".parse().expect("uuid");
    match client.upload_team_icon(team, form).await {
        Err(Error::InvalidRequest(msg)) => assert!(msg.contains("file name"), "{msg}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was sent");
}
