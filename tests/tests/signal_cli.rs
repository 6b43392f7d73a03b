//! Behaviour of the generated signal-cli-rest-api client against a local mock server:
//! method, path, query, headers and body of what it sends, and what it makes of each answer.

use generated::runtime::Error;
use generated::signal_cli_rest_api::{types, Client};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri()).expect("client builds");
    (server, client)
}

fn received(server_requests: &[Request]) -> &Request {
    assert_eq!(server_requests.len(), 1, "exactly one request was sent");
    &server_requests[0]
}

#[tokio::test]
async fn get_about_decodes_the_documented_shape() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "mode": "json-rpc", "versions": ["v1", "v2"], "signal_cli": "0.11.3"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let about = client.get_about().await.expect("about decodes");
    assert_eq!(about.mode, "json-rpc");
    assert_eq!(about.versions, vec!["v1", "v2"]);
    assert_eq!(about.signal_cli, "0.11.3");
}

#[tokio::test]
async fn send_message_posts_json_and_decodes_timestamps() {
    let (server, client) = setup().await;
    let body = types::SendMessageRequest::new(vec!["+4915100000002".into()], "Hello".into())
        .with_number("+4915100000001".into());
    Mock::given(method("POST"))
        .and(path("/v2/send"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "recipients": ["+4915100000002"], "message": "Hello", "number": "+4915100000001"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "timestamps": {"1666000000000": {"recipients": ["+4915100000002"]}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let sent = client.send_message(&body).await.expect("send decodes");
    assert_eq!(sent.timestamps["1666000000000"].recipients, vec!["+4915100000002"]);
}

#[tokio::test]
async fn search_repeats_the_query_parameter_and_encodes_plus() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"number": "+4915100000002", "registered": true}
        ])))
        .mount(&server)
        .await;
    let numbers = vec!["+4915100000002".to_owned(), "+4915100000003".to_owned()];
    let found = client
        .search_numbers(&numbers)
        .await
        .expect("search decodes");
    assert_eq!(found[0].number, "+4915100000002");
    let requests = server.received_requests().await.unwrap_or_default();
    let req = received(&requests);
    // `+` must be %2B in a query string, or the server reads a space.
    assert_eq!(req.url.query(), Some("numbers=%2B4915100000002&numbers=%2B4915100000003"));
    let pairs: Vec<(String, String)> = req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs[1], ("numbers".to_owned(), "+4915100000003".to_owned()));
}

#[tokio::test]
async fn hostile_path_parameters_never_change_the_route() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "x", "name": "n", "internal_id": "i", "members": [], "blocked": false,
            "pending_invites": [], "pending_requests": [], "message_expiration_timer": null,
            "admins": [], "description": "", "invite_link": null
        })))
        .mount(&server)
        .await;
    // A base64 group id contains `/` and `+`; add `?`, `#`, `%`, `../` and non-ASCII on top.
    let hostile = "ab/cd+e=?x=1#frag%2F../ü";
    let _ = client.get_group("+4915100000001", hostile).await;
    let requests = server.received_requests().await.unwrap_or_default();
    let req = received(&requests);
    assert_eq!(req.url.path(), "/v1/groups/+4915100000001/ab%2Fcd+e=%3Fx=1%23frag%252F..%2F%C3%BC");
    assert_eq!(req.url.query(), None, "`?` inside a value must not start a query");
    assert_eq!(req.url.fragment(), None);
    let segments: Vec<&str> = req.url.path_segments().map(|s| s.collect()).unwrap_or_default();
    assert_eq!(segments.len(), 4, "the value stays one path segment: {segments:?}");
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let (server, client) = setup().await;
    for bad in ["..", ".", ""] {
        match client.delete_group("+4915100000001", bad).await {
            Err(Error::InvalidRequest(msg)) => assert!(msg.contains("groupid"), "{msg}"),
            other => panic!("`{bad}` must be refused, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn documented_error_status_gives_the_typed_error() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/groups/+4915100000001/abc"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "group not found"})))
        .mount(&server)
        .await;
    match client.delete_group("+4915100000001", "abc").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 400);
            assert_eq!(e.body.error, "group not found");
        }
        other => panic!("expected the typed 400, got {other:?}"),
    }
}

#[tokio::test]
async fn one_of_error_bodies_pick_the_matching_shape() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v2/send"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "description": "Bad Request", "status": 400, "message": "recipients missing"
        })))
        .mount(&server)
        .await;
    let body = types::SendMessageRequest::new(vec![], "x".into());
    match client.send_message(&body).await {
        Err(Error::Api(e)) => match &e.body {
            types::SendMessageBadRequestError::ErrorResponse(r) => assert_eq!(r.message, "recipients missing"),
            other => panic!("wrong shape: {other:?}"),
        },
        other => panic!("expected the typed 400, got {other:?}"),
    }
}

#[tokio::test]
async fn undecodable_error_body_is_kept_raw() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/groups/+4915100000001"))
        .respond_with(ResponseTemplate::new(400).set_body_string("<html>proxy error</html>"))
        .mount(&server)
        .await;
    match client.list_groups("+4915100000001").await {
        Err(Error::UnexpectedResponse(raw)) => {
            assert_eq!(raw.status.as_u16(), 400);
            assert_eq!(raw.text(), "<html>proxy error</html>");
        }
        other => panic!("expected the raw body, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_status_and_empty_body_are_kept_raw() {
    let (server, client) = setup().await;
    Mock::given(method("GET")).and(path("/v1/about")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    match client.get_about().await {
        Err(Error::UnexpectedResponse(raw)) => {
            assert_eq!(raw.status.as_u16(), 503);
            assert!(raw.body.is_empty());
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_that_does_not_match_names_the_field() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"mode": "json-rpc", "versions": ["v1"]})))
        .mount(&server)
        .await;
    match client.get_about().await {
        Err(Error::Decode { status, message, snippet }) => {
            assert_eq!(status.as_u16(), 200);
            assert!(message.contains("signal_cli"), "the missing field is named: {message}");
            assert!(snippet.contains("json-rpc"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_enum_values_decode_into_the_catch_all() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"logging": {"level": "TRACE"}})))
        .mount(&server)
        .await;
    let config = types::Configuration::default();
    let got = client.set_configuration(&config).await.expect("decodes");
    let level = got.logging.and_then(|l| l.level);
    assert_eq!(level, Some(types::LogLevel::Unknown("TRACE".into())));
    assert_eq!(level.map(|l| l.to_string()), Some("TRACE".to_owned()));
}

#[tokio::test]
async fn null_body_decodes_into_none() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/register/+4915100000009"))
        .respond_with(ResponseTemplate::new(201).set_body_raw("null", "application/json"))
        .mount(&server)
        .await;
    let got = client
        .register_number("+4915100000009")
        .await
        .expect("null is a valid answer");
    assert_eq!(got, None);
}

#[tokio::test]
async fn oversized_responses_are_cut_off() {
    let server = MockServer::start().await;
    let config = generated::runtime::ClientConfig { max_response_bytes: 1024, ..Default::default() };
    let client = Client::with_config(&server.uri(), &config).expect("client builds");
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(10_000)))
        .mount(&server)
        .await;
    match client.get_about().await {
        Err(Error::BodyTooLarge { limit }) => assert_eq!(limit, 1024),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn timeouts_are_configurable() {
    let server = MockServer::start().await;
    let config = generated::runtime::ClientConfig {
        timeout: Some(std::time::Duration::from_millis(200)),
        ..Default::default()
    };
    let client = Client::with_config(&server.uri(), &config).expect("client builds");
    Mock::given(method("GET"))
        .and(path("/v1/about"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    match client.get_about().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn query_values_with_hostile_characters_are_encoded() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/search"))
        .and(query_param("numbers", "a&b=c#d\r\nX-Injected: 1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    client
        .search_numbers(&["a&b=c#d\r\nX-Injected: 1".to_owned()])
        .await
        .expect("sent and decoded");
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(received(&requests).headers.get("x-injected").is_none());
}

#[tokio::test]
async fn client_debug_shows_no_internals_worth_hiding() {
    let client = Client::new("http://127.0.0.1:1").expect("client builds");
    let shown = format!("{client:?}");
    assert!(shown.contains("127.0.0.1:1"), "{shown}");
}
