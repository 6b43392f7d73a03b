//! Behaviour of the generated Squadus client (`generated::squadus`, from `specs/squadus.yaml`)
//! against a wiremock server: login and carrying `X-Auth-Token`/`X-User-Id`, the
//! `{"success": false}` error bodies, multipart upload, query parameters, and one representative
//! call per group checked against the spec's request and response examples.

use std::sync::OnceLock;

use generated::runtime::{Error, FilePart, Secret};
use generated::squadus::{types, Client};
use serde_json::{json, Value};
use tests::recorded::{header_text, json_response, multipart_parts, only_request, requests};
use tests::spec_examples::{self, typed, without_nulls};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// The spec and its examples

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| spec_examples::load("squadus"))
}

fn operation(route: &str, verb: &str) -> &'static Value {
    spec_examples::operation(spec(), route, verb)
}

fn response_example(route: &str, verb: &str, status: &str, name: &str) -> Value {
    spec_examples::response_example(spec(), route, verb, status, name)
}

fn request_example(route: &str, verb: &str, name: &str) -> Value {
    spec_examples::request_example(spec(), route, verb, name)
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// Squadus lives under `/api/v1`; the client must keep that prefix.
fn base(server: &MockServer) -> String {
    format!("{}/api/v1", server.uri())
}

fn query_of(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn body_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON request body")
}

fn assert_authenticated(request: &Request, token: &str, user: &str) {
    assert_eq!(header_text(request, "x-auth-token"), Some(token), "X-Auth-Token on {}", request.url);
    assert_eq!(header_text(request, "x-user-id"), Some(user), "X-User-Id on {}", request.url);
}

fn assert_anonymous(request: &Request) {
    assert_eq!(header_text(request, "x-auth-token"), None, "X-Auth-Token on {}", request.url);
    assert_eq!(header_text(request, "x-user-id"), None, "X-User-Id on {}", request.url);
}

// ---------------------------------------------------------------------------------------------
// Authentication

#[tokio::test]
async fn login_returns_the_session_that_the_next_call_carries() {
    let server = MockServer::start().await;
    let mut session = response_example("/login", "post", "200", "default");
    session["data"]["authToken"] = json!("9HqLlyZOugoStsXCUfD_0YdwnNnunAJF8V47U3QHXSq");
    session["data"]["userId"] = json!("aobEdbYhXfu5hkeqG");
    Mock::given(method("POST"))
        .and(path("/api/v1/login"))
        .and(body_json(request_example("/login", "post", "default")))
        .respond_with(json_response(200, &session))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users.active-sessions"))
        .and(header("x-auth-token", "9HqLlyZOugoStsXCUfD_0YdwnNnunAJF8V47U3QHXSq"))
        .and(header("x-user-id", "aobEdbYhXfu5hkeqG"))
        .respond_with(json_response(200, &response_example("/users.active-sessions", "get", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client");

    let request: types::LoginRequest = typed(request_example("/login", "post", "default"));
    assert_eq!(request.code.as_deref(), Some("<CODE>"));
    let login: types::LoginResponse = client.login(&request).await.expect("logged in");
    assert_eq!(login.status, "string");
    let me = login.data.me.as_ref().expect("me");
    assert_eq!(me.emails.as_ref().expect("emails")[0].address, "string");

    client.set_auth_token(Some(login.data.auth_token.clone().into()));
    client.set_user_id(Some(login.data.user_id.clone().into()));
    let sessions = client.list_active_sessions().await.expect("sessions");
    assert!(sessions.success);
    assert_eq!(sessions.results.sessions.len(), 1);

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_anonymous(&sent[0]);
    assert_eq!(header_text(&sent[0], "content-type"), Some("application/json"));
    assert_authenticated(&sent[1], "9HqLlyZOugoStsXCUfD_0YdwnNnunAJF8V47U3QHXSq", "aobEdbYhXfu5hkeqG");
}

#[tokio::test]
async fn login_never_sends_stored_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/login"))
        .respond_with(json_response(200, &response_example("/login", "post", "200", "default")))
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("old").with_user_id("me");

    client
        .login(&types::LoginRequest::new("user@example.com".to_owned(), "pa55".to_owned()))
        .await
        .expect("logged in");

    let request = only_request(&server).await;
    assert_anonymous(&request);
    // `code` is optional and absent: not sent as null.
    assert_eq!(body_of(&request), json!({"user": "user@example.com", "password": "pa55"}));
}

#[tokio::test]
async fn a_personal_access_token_client_sends_both_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users.info"))
        .respond_with(json_response(200, &response_example("/users.info", "get", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&base(&server))
        .expect("client")
        .with_auth_token(Secret::new("pat-Yk3v0Jx"))
        .with_user_id("owner-id");
    // The token never shows in Debug output.
    assert!(!format!("{client:?}").contains("pat-Yk3v0Jx"));

    let info = client.get_user_info().user_id("owner-id".to_owned()).await;
    assert_eq!(info.expect("user").user.id, "string");
    assert_authenticated(&only_request(&server).await, "pat-Yk3v0Jx", "owner-id");
}

#[tokio::test]
async fn logout_sends_the_session_when_there_is_one_and_works_without() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/logout"))
        .respond_with(json_response(200, &response_example("/logout", "post", "200", "default")))
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client");

    let anonymous = client.logout().await.expect("logout without a token");
    assert_eq!(anonymous.status, "string");
    client.set_auth_token(Some("tok".into()));
    client.set_user_id(Some("uid".into()));
    let body: types::LogoutRequest = typed(request_example("/logout", "post", "default"));
    client
        .logout()
        .body(body.clone())
        .await
        .expect("logout with a token");

    let sent = requests(&server).await;
    assert_anonymous(&sent[0]);
    assert!(sent[0].body.is_empty(), "no body when none is given");
    assert_authenticated(&sent[1], "tok", "uid");
    assert_eq!(body_of(&sent[1]), request_example("/logout", "post", "default"));
}

#[tokio::test]
async fn login_errors_are_typed_by_status() {
    let server = MockServer::start().await;
    let unauthorized = response_example("/login", "post", "401", "default");
    let rocket_error = response_example("/login", "post", "4XX", "default");
    let client = Client::new(&base(&server)).expect("client");
    let request = types::LoginRequest::new("u".to_owned(), "wrong".to_owned());

    for status in [401u16, 429, 500] {
        server.reset().await;
        let body = if status == 401 { &unauthorized } else { &rocket_error };
        Mock::given(method("POST"))
            .and(path("/api/v1/login"))
            .respond_with(json_response(status, body))
            .mount(&server)
            .await;
        let Err(Error::Api(api)) = client.login(&request).await else { panic!("{status}: expected Error::Api") };
        assert_eq!(api.status.as_u16(), status);
        match (status, &api.body) {
            (401, types::LoginError2::Unauthorized(e)) => {
                assert_eq!(e.status, "string");
                assert_eq!(e.message.as_deref(), Some("string"));
            }
            (429, types::LoginError2::Status4xx(e)) | (500, types::LoginError2::Default(e)) => {
                assert_eq!(e.error.as_deref(), Some("error-room-not-found"));
                assert_eq!(e.success, Some(false));
            }
            (s, other) => panic!("{s}: wrong variant {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `{"success": false}` bodies

#[tokio::test]
async fn a_400_success_false_body_is_the_typed_error() {
    let server = MockServer::start().await;
    let example = response_example("/channels.messages", "get", "4XX", "default");
    Mock::given(method("GET"))
        .and(path("/api/v1/channels.messages"))
        .respond_with(json_response(400, &example))
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("t").with_user_id("u");

    let err = client
        .list_channel_messages()
        .room_id("nope")
        .await
        .expect_err("400");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let Error::Api(api) = err else { panic!("expected Error::Api, got {err:?}") };
    let body: &types::ErrorResponse = &api.body;
    assert_eq!(body.success, Some(false));
    assert_eq!(body.error.as_deref(), Some("error-room-not-found"));
    assert_eq!(body.error_type.as_deref(), Some("error-room-not-found"));
    assert_eq!(body.details.as_ref().expect("details")["method"], "string");
}

#[tokio::test]
async fn a_200_success_false_body_is_the_typed_error_too() {
    let server = MockServer::start().await;
    let body = json!({"success": false, "error": "The required \"roomId\" param is missing.", "errorType": "error-invalid-params"});
    Mock::given(method("POST"))
        .and(path("/api/v1/chat.postMessage"))
        .respond_with(json_response(200, &body))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/channels.delete"))
        .respond_with(json_response(200, &json!({"success": false, "error": "Not allowed [error-not-allowed]"})))
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("t").with_user_id("u");

    let message: types::PostMessageRequest = typed(request_example("/chat.postMessage", "post", "default"));
    match client.post_message(&message).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 200);
            assert_eq!(api.body.error.as_deref(), Some("The required \"roomId\" param is missing."));
            assert_eq!(api.body.error_type.as_deref(), Some("error-invalid-params"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let room: types::RoomIdRequest = typed(request_example("/channels.delete", "post", "default"));
    match client.delete_channel(&room).await {
        Err(Error::Api(api)) => assert_eq!(api.body.error.as_deref(), Some("Not allowed [error-not-allowed]")),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_html_error_page_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/channels.list"))
        .respond_with(ResponseTemplate::new(503).set_body_raw("<h1>Service Unavailable</h1>", "text/html"))
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client");

    match client.list_channels().await {
        Err(Error::UnexpectedResponse(raw)) => {
            assert_eq!(raw.status.as_u16(), 503);
            assert_eq!(raw.text(), "<h1>Service Unavailable</h1>");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Multipart

#[tokio::test]
async fn autoupdate_upload_sends_a_real_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/autoupdates"))
        .respond_with(json_response(200, &response_example("/autoupdates", "post", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("t").with_user_id("u");
    let mut bytes = b"{\"autoupdate\": {\"channel\": \"stable\"}}\r\n--x\r\n".to_vec();
    bytes.extend(0u8..=255);

    let form = types::UploadAutoupdateForm::new().with_file(FilePart::new("autoupdate.json", bytes.clone()));
    let saved: types::Success = client.upload_autoupdate(form).await.expect("saved");
    assert!(saved.success);

    let request = only_request(&server).await;
    assert_authenticated(&request, "t", "u");
    let parts = multipart_parts(&request);
    assert_eq!(parts.len(), 1, "{parts:?}");
    let disposition = parts[0].header("content-disposition").expect("Content-Disposition");
    assert_eq!(disposition, "form-data; name=\"file\"; filename=\"autoupdate.json\"");
    // specs/squadus.yaml: encoding.file.contentType is application/octet-stream.
    assert_eq!(parts[0].header("content-type"), Some("application/octet-stream"));
    assert_eq!(parts[0].body, bytes, "the exact bytes");
}

// ---------------------------------------------------------------------------------------------
// Query parameters

#[tokio::test]
async fn get_query_parameters_are_sent_exactly() {
    let server = MockServer::start().await;
    for route in ["/users.info", "/channels.messages", "/channels.files", "/changelog.list", "/scc.getConferenceInfo"] {
        Mock::given(method("GET"))
            .and(path(format!("/api/v1{route}")))
            .respond_with(json_response(200, &response_example(route, "get", "200", "default")))
            .mount(&server)
            .await;
    }
    let client = Client::new(&base(&server)).expect("client").with_auth_token("t").with_user_id("u");

    let user = client
        .get_user_info()
        .user_id("aobEdbYhXfu5hkeqG".to_owned())
        .await
        .expect("users.info");
    assert_eq!(user.user.username.as_deref(), Some("string"));
    client
        .get_user_info()
        .username("ivan.petrov")
        .fields(r#"{"userRooms": 1}"#)
        .await
        .expect("users.info by name");
    let messages = client
        .list_channel_messages()
        .room_id("GENERAL".to_owned())
        .await
        .expect("channels.messages");
    assert_eq!(messages.messages.len(), 1);
    client
        .list_channel_files()
        .room_name("general & co")
        .offset(50)
        .count(25)
        .sort(r#"{"uploadedAt": -1}"#)
        .await
        .expect("channels.files");
    let log = client
        .list_changelog()
        .count(10)
        .offset(0)
        .await
        .expect("changelog.list");
    assert_eq!(log.logs[0].setting.as_deref(), Some("string"));
    client
        .get_conference_info("1234567890")
        .await
        .expect("scc.getConferenceInfo");

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 6);
    assert_eq!(sent[0].url.query(), Some("userId=aobEdbYhXfu5hkeqG"));
    assert_eq!(query_of(&sent[1]), pairs(&[("username", "ivan.petrov"), ("fields", r#"{"userRooms": 1}"#)]));
    assert_eq!(sent[2].url.query(), Some("roomId=GENERAL"));
    assert_eq!(
        query_of(&sent[3]),
        pairs(&[("roomName", "general & co"), ("offset", "50"), ("count", "25"), ("sort", r#"{"uploadedAt": -1}"#)])
    );
    assert_eq!(query_of(&sent[4]), pairs(&[("offset", "0"), ("count", "10")]));
    assert_eq!(sent[5].url.query(), Some("conferenceNumber=1234567890"));
    for request in &sent {
        assert_eq!(request.method.as_str(), "GET");
        assert!(request.body.is_empty(), "GET without a body");
        assert_authenticated(request, "t", "u");
    }
}

#[tokio::test]
async fn users_delete_sends_its_required_query_on_a_post_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users.delete"))
        .respond_with(json_response(200, &response_example("/users.delete", "post", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("t").with_user_id("u");

    assert!(
        client
            .delete_user("u-1", "ivan.petrov")
            .await
            .expect("deleted")
            .success
    );

    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("userID=u-1&userName=ivan.petrov"));
    assert!(request.body.is_empty());
}

// ---------------------------------------------------------------------------------------------
// One call per group, against the spec's examples

/// Sends `call`'s request and checks it against the spec: method, path under `/api/v1`, the
/// credentials, and a JSON body equal to the spec's request example; the typed response,
/// re-serialized, equals the spec's response example.
async fn check_exchange<T, F, Fut>(route: &str, verb: &str, call: F)
where
    T: serde::Serialize + std::fmt::Debug,
    F: FnOnce(Client, Option<Value>) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error<types::ErrorResponse>>>,
{
    let server = MockServer::start().await;
    let response = response_example(route, verb, "200", "default");
    Mock::given(method(verb.to_uppercase().as_str()))
        .and(path(format!("/api/v1{route}")))
        .respond_with(json_response(200, &response))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&base(&server)).expect("client").with_auth_token("tok").with_user_id("uid");
    let has_body = !operation(route, verb)["requestBody"].is_null();
    let example = has_body.then(|| request_example(route, verb, "default"));

    let got = call(client, example.clone()).await.unwrap_or_else(|e| panic!("{verb} {route}: {e}"));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), verb.to_uppercase(), "{route}");
    assert_eq!(request.url.path(), format!("/api/v1{route}"));
    assert_authenticated(&request, "tok", "uid");
    match example {
        Some(example) => {
            assert_eq!(header_text(&request, "content-type"), Some("application/json"), "{route}");
            assert_eq!(body_of(&request), example, "{route}: the body is the spec's request example");
        }
        None => assert!(request.body.is_empty(), "{route}: no body"),
    }
    let got = serde_json::to_value(&got).expect("serializable");
    assert_eq!(without_nulls(&got), without_nulls(&response), "{route}: the response round-trips");
}

#[tokio::test]
async fn users_create_matches_the_spec_examples() {
    check_exchange("/users.create", "post", |client, body| async move {
        let body: types::CreateUserRequest = typed(body.unwrap());
        assert_eq!(body.username, "<USER_NAME>");
        client.create_user(&body).await
    })
    .await;
}

#[tokio::test]
async fn chat_post_message_matches_the_spec_examples() {
    check_exchange("/chat.postMessage", "post", |client, body| async move {
        let body: types::PostMessageRequest = typed(body.unwrap());
        client.post_message(&body).await
    })
    .await;
}

#[tokio::test]
async fn channels_create_matches_the_spec_examples() {
    check_exchange("/channels.create", "post", |client, body| async move {
        let body: types::CreateChannelRequest = typed(body.unwrap());
        client.create_channel(&body).await
    })
    .await;
}

#[tokio::test]
async fn dm_create_matches_the_spec_examples() {
    check_exchange("/dm.create", "post", |client, body| async move {
        // Built by hand this time: `new` with the one required field gives the example.
        let built = types::CreateDirectMessageRequest::new("<USERNAME>".to_owned());
        assert_eq!(built, typed::<types::CreateDirectMessageRequest>(body.unwrap()));
        client.create_direct_message(&built).await
    })
    .await;
}

#[tokio::test]
async fn changelog_list_matches_the_spec_examples() {
    check_exchange("/changelog.list", "get", |client, body| async move {
        assert!(body.is_none());
        client.list_changelog().await
    })
    .await;
}

#[tokio::test]
async fn conference_create_matches_the_spec_examples() {
    check_exchange("/scc.createConference", "post", |client, body| async move {
        let body: types::CreateConferenceRequest = typed(body.unwrap());
        client.create_conference(&body).await
    })
    .await;
}

#[tokio::test]
async fn conference_features_matches_the_spec_examples() {
    check_exchange("/conference/features", "get", |client, _| async move { client.get_conference_features().await })
        .await;
}

#[test]
fn the_default_base_url_fills_in_the_server_variables() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://im-prod.example.com/api/v1");
}
