//! Behaviour of the generated TADA client (`generated::tada`, from `specs/tada.yaml`) against a
//! wiremock server: the `{ok, result}` envelope, the error envelope, token and cookie auth,
//! multipart upload, the PNG-or-JSON response of `qr-login.png`, and path parameter encoding.
//! Response bodies come from the spec's own examples.

use std::sync::OnceLock;

use generated::runtime::{ClientConfig, Error, FilePart, Secret};
use generated::tada::{types, Client};
use serde_json::{json, Value};
use tests::recorded::{header_text, json_response, multipart_parts, only_request, requests};
use tests::spec_examples::{self, typed, without_nulls};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// The spec and its examples

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| spec_examples::load("tada"))
}

fn response_example(route: &str, verb: &str, status: &str, name: &str) -> Value {
    spec_examples::response_example(spec(), route, verb, status, name)
}

fn request_example(route: &str, verb: &str, name: &str) -> Value {
    spec_examples::request_example(spec(), route, verb, name)
}

// ---------------------------------------------------------------------------------------------
// Helpers

const TEAM_UID: &str = "3525d76d-cfe0-469f-b46e-cbb79ae5491e";

fn team_uid() -> uuid::Uuid {
    uuid::Uuid::parse_str(TEAM_UID).expect("valid uuid")
}

/// Bytes that are not text: a PNG signature, every byte value, and CRLF/`--` sequences that
/// a careless multipart writer could mangle.
fn binary_payload() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(0u8..=255);
    bytes.extend_from_slice(b"\r\n--not-a-boundary\r\n\r\n\0end");
    bytes
}

// ---------------------------------------------------------------------------------------------
// The envelope: success

#[tokio::test]
async fn get_team_returns_the_envelope_result_as_a_team() {
    let server = MockServer::start().await;
    let example = response_example("/api/v3/teams/{team_uid}", "get", "200", "default");
    Mock::given(method("GET"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}")))
        .respond_with(json_response(200, &example))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_token("t0ken");

    let team: types::Team = client.get_team(team_uid()).await.expect("get_team succeeds");

    let result = &example["result"];
    assert_eq!(team.uid, team_uid());
    assert_eq!(team.name, result["name"].as_str().unwrap());
    assert_eq!(team.name, "третий отдельный особый конный полк Чапаевской дивизии");
    assert_eq!(team.me.jid, result["me"]["jid"].as_str().unwrap());
    assert_eq!(team.uploads_size_limit, Some(1_073_741_824));
    assert_eq!(team.icons.stub.as_deref(), result["icons"]["stub"].as_str());
    assert_eq!(team.max_message_update_age, 86400);
    // Nothing of `result` was lost or altered on the way in.
    assert_eq!(without_nulls(&serde_json::to_value(&team).unwrap()), without_nulls(result));
}

#[tokio::test]
async fn scalar_and_list_results_are_unwrapped_too() {
    let server = MockServer::start().await;
    for (route, verb) in [("/api/v3/ping", "get"), ("/api/v3/time", "get"), ("/api/v3/countries", "get")] {
        Mock::given(method(verb.to_uppercase().as_str()))
            .and(path(route))
            .respond_with(json_response(200, &response_example(route, verb, "200", "default")))
            .mount(&server)
            .await;
    }
    let client = Client::new(&server.uri()).expect("client");

    let pong: String = client.get_ping().await.expect("ping");
    assert_eq!(pong, "pong");

    let time = client.get_time().await.expect("time");
    assert_eq!(time.timestamp(), 1_569_545_990);
    assert_eq!(time.timestamp_subsec_micros(), 898_951);

    let countries: Vec<types::Country> = client.list_countries().await.expect("countries");
    let example = response_example("/api/v3/countries", "get", "200", "default");
    assert_eq!(countries.len(), example["result"].as_array().unwrap().len());
    assert_eq!(countries[0].code, "+998");
    assert_eq!(countries[0].name, "Узбекистан");
    let defaults: Vec<&types::Country> = countries.iter().filter(|c| c.default == Some(true)).collect();
    assert_eq!(defaults.len(), 1, "exactly one default country");
}

// ---------------------------------------------------------------------------------------------
// The envelope: errors

#[tokio::test]
async fn a_4xx_error_envelope_is_a_typed_api_error() {
    let server = MockServer::start().await;
    let body = json!({
        "_time": "1.1 ms",
        "ok": false,
        "error": "Команда не найдена",
        "details": {"team_uid": "unknown", "hint": ["join first"]},
    });
    Mock::given(method("GET"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}")))
        .respond_with(json_response(404, &body).insert_header("x-request-id", "r-1"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    let err = client.get_team(team_uid()).await.expect_err("a 404 is an error");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let Error::Api(api) = err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.headers.get("x-request-id").unwrap(), "r-1");
    let envelope: &types::ErrorEnvelope = &api.body;
    assert!(!envelope.ok);
    assert_eq!(envelope.error, "Команда не найдена");
    assert_eq!(envelope.time.as_deref(), Some("1.1 ms"));
    let details = envelope.details.as_ref().expect("details kept");
    assert_eq!(details["team_uid"], "unknown");
    assert_eq!(details["hint"], json!(["join first"]));
}

#[tokio::test]
async fn the_specs_error_example_decodes_for_4xx_and_5xx() {
    let server = MockServer::start().await;
    let example = response_example("/api/v3/teams", "get", "4XX", "default");
    assert_eq!(example["ok"], false);
    Mock::given(method("GET"))
        .and(path("/api/v3/teams"))
        .respond_with(json_response(403, &example))
        .mount(&server)
        .await;
    // ping's `error` parameter asks the server for a server error.
    Mock::given(method("GET"))
        .and(path("/api/v3/ping"))
        .and(query_param("error", "1"))
        .respond_with(json_response(500, &example))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    match client.list_teams().await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 403);
            assert_eq!(api.body.error, example["error"].as_str().unwrap());
            assert_eq!(api.body.details, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    match client.get_ping().error("1").await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 500);
            assert_eq!(api.body.error, "Описание ошибки");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_200_with_ok_false_is_the_typed_error() {
    let server = MockServer::start().await;
    let body = json!({"_time": "3 ms", "ok": false, "error": "Неверный код", "details": {"code": "expired"}});
    Mock::given(method("POST"))
        .and(path("/api/v3/sms-auth"))
        .respond_with(json_response(200, &body))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");
    let request: types::SmsAuthRequest = typed(request_example("/api/v3/sms-auth", "post", "default"));

    match client.sms_auth(&request).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 200);
            assert_eq!(api.body.error, "Неверный код");
            assert_eq!(api.body.details.as_ref().unwrap()["code"], "expired");
        }
        other => panic!("expected Error::Api for ok:false, got {other:?}"),
    }
}

#[tokio::test]
async fn a_non_json_502_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
    Mock::given(method("GET"))
        .and(path("/api/v3/me"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_token("t");

    let err = client.get_me().await.expect_err("502");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.to_string().contains("502 Bad Gateway"), "Display shows the body: {err}");
    let Error::UnexpectedResponse(raw) = err else { panic!("expected UnexpectedResponse, got {err:?}") };
    assert_eq!(raw.status.as_u16(), 502);
    assert_eq!(raw.body.as_ref(), html.as_bytes());
    assert_eq!(raw.text(), html);
    assert_eq!(raw.headers.get("content-type").unwrap(), "text/html");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut example = response_example("/api/v3/teams/{team_uid}", "get", "200", "default");
    example["result"]["me"]["jid"] = json!(42);
    Mock::given(method("GET"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}")))
        .respond_with(json_response(200, &example))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    match client.get_team(team_uid()).await {
        Err(Error::Decode { status, message, snippet }) => {
            assert_eq!(status.as_u16(), 200);
            assert!(message.contains("result.me.jid"), "the path is named: {message}");
            assert!(snippet.starts_with('{'), "snippet is the start of the body: {snippet}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Auth

#[tokio::test]
async fn the_token_header_goes_only_to_authenticated_operations() {
    let server = MockServer::start().await;
    for (route, verb) in [
        ("/api/v3/me", "get"),
        ("/api/v3/ping", "get"),
        ("/api/v3/sms-login", "post"),
        ("/api/v3/cookieauth-logout", "get"),
    ] {
        Mock::given(method(verb.to_uppercase().as_str()))
            .and(path(route))
            .respond_with(json_response(200, &response_example(route, verb, "200", "default")))
            .mount(&server)
            .await;
    }
    let client = Client::new(&server.uri()).expect("client").with_token("s3cret-token");

    client.get_me().await.expect("me");
    client.get_ping().await.expect("ping");
    let login: types::SmsLoginRequest =
        typed(request_example("/api/v3/sms-login", "post", "default"));
    client.sms_login(&login).await.expect("sms-login");
    // cookieauth-logout accepts the cookie scheme only (or nothing): no token header.
    client.cookie_auth_logout().await.expect("logout");

    let sent = requests(&server).await;
    let token_of = |route: &str| {
        let r = sent.iter().find(|r| r.url.path() == route).expect("request was sent");
        header_text(r, "token").map(str::to_owned)
    };
    assert_eq!(token_of("/api/v3/me").as_deref(), Some("s3cret-token"));
    assert_eq!(token_of("/api/v3/ping"), None, "ping has security: []");
    assert_eq!(token_of("/api/v3/sms-login"), None, "sms-login has security: []");
    assert_eq!(token_of("/api/v3/cookieauth-logout"), None, "logout takes only the cookie");
    assert!(sent.iter().all(|r| r.headers.get("cookie").is_none()), "no cookie was configured");
}

#[tokio::test]
async fn sms_login_flow_hands_out_a_token_that_the_next_call_sends() {
    let server = MockServer::start().await;
    let login_request = request_example("/api/v3/sms-login", "post", "default");
    let auth_request = request_example("/api/v3/sms-auth", "post", "default");
    let auth_example = response_example("/api/v3/sms-auth", "post", "200", "default");
    let token = auth_example["result"]["token"].as_str().unwrap().to_owned();
    Mock::given(method("POST"))
        .and(path("/api/v3/sms-login"))
        .and(wiremock::matchers::body_json(&login_request))
        .respond_with(json_response(200, &response_example("/api/v3/sms-login", "post", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/sms-auth"))
        .and(wiremock::matchers::body_json(&auth_request))
        .respond_with(json_response(200, &auth_example))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/me"))
        .and(header("token", token.as_str()))
        .respond_with(json_response(200, &response_example("/api/v3/me", "get", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    let sent = client
        .sms_login(&types::SmsLoginRequest::new("+7 (916) 6660002".to_owned()))
        .await
        .expect("code sent");
    assert_eq!(sent.phone, "+79166660002");
    assert_eq!(sent.code_length, 4);

    let request = types::SmsAuthRequest::new(
        "+7 (916) 6660002".to_owned(),
        "5555".to_owned(),
        types::DeviceType::Ios,
        "a6a6d308730f27ce32d1".to_owned(),
    )
    .with_name("ойпад".to_owned());
    let auth = client.sms_auth(&request).await.expect("logged in");
    assert_eq!(auth.me.phone, "+79166660002");
    assert_eq!(auth.me.devices[0].type_, types::DeviceType::Ios);

    // A clone shares the credentials: setting the token on the original reaches it.
    let clone = client.clone();
    client.set_token(Some(auth.token.clone().into()));
    assert_eq!(Secret::from(auth.token.clone()).expose(), token);
    let me = clone.get_me().await.expect("me with the new token");
    assert_eq!(me.phone, "+79166660002");

    // Removing the token stops sending it (the mock above no longer matches).
    client.set_token(None);
    let err = client.get_me().await.expect_err("no token, no matching mock");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let last = requests(&server).await.pop().unwrap();
    assert_eq!(header_text(&last, "token"), None);
}

#[tokio::test]
async fn cookie_session_from_sms_cookieauth_is_sent_on_the_next_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/sms-cookieauth"))
        .respond_with(
            json_response(200, &response_example("/api/v3/sms-cookieauth", "post", "200", "default"))
                .insert_header("set-cookie", "otvauth=sess-42; Path=/; HttpOnly"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/me"))
        .and(header("cookie", "otvauth=sess-42"))
        .respond_with(json_response(200, &response_example("/api/v3/me", "get", "200", "default")))
        .expect(1)
        .mount(&server)
        .await;
    let config = ClientConfig { cookie_store: true, ..ClientConfig::default() };
    let client = Client::with_config(&server.uri(), &config).expect("client");

    let request: types::SmsCookieAuthRequest = typed(request_example("/api/v3/sms-cookieauth", "post", "default"));
    let session = client.sms_cookie_auth(&request).await.expect("cookie login");
    assert_eq!(session.me.phone, "+79166660002");
    let me = client.get_me().await.expect("me with the session cookie");
    assert_eq!(me.devices.len(), 2);

    // Without a cookie store the cookie is not kept.
    let forgetful = Client::new(&server.uri()).expect("client");
    forgetful.sms_cookie_auth(&request).await.expect("cookie login");
    assert!(forgetful.get_me().await.is_err(), "no cookie, no matching mock");
    let last = requests(&server).await.pop().unwrap();
    assert_eq!(last.url.path(), "/api/v3/me");
    assert_eq!(header_text(&last, "cookie"), None);
}

#[tokio::test]
async fn an_explicit_cookie_credential_is_sent_as_the_otvauth_cookie() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/cookieauth-logout"))
        .and(header("cookie", "otvauth=from-browser"))
        .respond_with(json_response(
            200,
            &response_example("/api/v3/cookieauth-logout", "get", "200", "default"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_cookie("from-browser");

    let out = client.cookie_auth_logout().await.expect("logged out");
    assert_eq!(out.location, "/");
}

#[tokio::test]
async fn a_credential_that_is_not_a_header_value_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri()).expect("client").with_token("abc\r\nx-evil: 1");

    match client.get_me().await {
        Err(Error::InvalidRequest(message)) => assert!(!message.contains("abc"), "secret leaked: {message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------------------------------------
// Multipart

#[tokio::test]
async fn team_icon_upload_sends_a_real_file_part() {
    let server = MockServer::start().await;
    let example = response_example("/api/v3/teams/{team_uid}/icons", "post", "200", "default");
    Mock::given(method("POST"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}/icons")))
        .respond_with(json_response(200, &example))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_token("t");
    let bytes = binary_payload();
    let file = FilePart::new("логотип icon.png", bytes.clone()).with_content_type("image/png");

    let icons: types::Icons =
        client.upload_team_icon(team_uid(), types::UploadTeamIconForm::new(file)).await.expect("uploaded");

    let lg = icons.lg.expect("lg");
    assert_eq!((lg.width, lg.height), (1736, 1024));
    assert_eq!(lg.url, example["result"]["lg"]["url"].as_str().unwrap());
    assert_eq!(icons.sm.expect("sm").width, 256);

    let request = only_request(&server).await;
    assert_eq!(header_text(&request, "token"), Some("t"));
    let parts = multipart_parts(&request);
    assert_eq!(parts.len(), 1, "{parts:?}");
    let part = &parts[0];
    let disposition = part.header("content-disposition").expect("Content-Disposition");
    assert!(disposition.starts_with("form-data;"), "{disposition}");
    assert!(disposition.contains("name=\"file\""), "{disposition}");
    assert!(disposition.contains("filename="), "{disposition}");
    assert!(disposition.contains("icon.png"), "the file name is sent: {disposition}");
    assert_eq!(part.header("content-type"), Some("image/png"));
    assert_eq!(part.body, bytes, "the exact bytes");
}

#[tokio::test]
async fn a_file_part_without_its_own_type_gets_the_specs_encoding() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}/icons")))
        .respond_with(json_response(
            200,
            &response_example("/api/v3/teams/{team_uid}/icons", "post", "200", "default"),
        ))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    let form = types::UploadTeamIconForm::new(FilePart::new("a.jpg", vec![0xff, 0xd8, 0xff]));
    client.upload_team_icon(team_uid(), form).await.expect("uploaded");

    let parts = multipart_parts(&only_request(&server).await);
    // specs/tada.yaml: encoding.file.contentType is image/*.
    assert_eq!(parts[0].header("content-type"), Some("image/*"));
    assert_eq!(parts[0].body, [0xff, 0xd8, 0xff]);
    assert!(parts[0].header("content-disposition").unwrap().contains("filename=\"a.jpg\""));
}

// ---------------------------------------------------------------------------------------------
// One response, two media types

#[tokio::test]
async fn qr_login_png_is_the_png_variant_with_the_bytes() {
    let server = MockServer::start().await;
    let png = binary_payload();
    Mock::given(method("GET"))
        .and(path("/api/v3/qr-login.png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_token("t");

    match client.get_qr_login().await.expect("qr") {
        types::GetQrLoginOkBody::ImagePng(bytes) => assert_eq!(bytes.as_ref(), png.as_slice()),
        other => panic!("expected the PNG variant, got {other:?}"),
    }
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None, "no debug/value unless asked");
    assert_eq!(header_text(&request, "token"), Some("t"), "qr-login keeps the root security");
}

#[tokio::test]
async fn qr_login_with_debug_is_the_json_variant() {
    let server = MockServer::start().await;
    let example = response_example("/api/v3/qr-login.png", "get", "200", "default");
    Mock::given(method("GET"))
        .and(path("/api/v3/qr-login.png"))
        .and(query_param("debug", "True"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(example.to_string(), "application/json; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    match client.get_qr_login().debug("True").await.expect("qr debug") {
        types::GetQrLoginOkBody::ApplicationJson(body) => {
            assert_eq!(body.result.lifetime_sec, 60);
            assert_eq!(body.result.url, "otv://qr-login/127.0.0.1%3A8000/Sqt9O7toIgw-ud-G");
        }
        other => panic!("expected the JSON variant, got {other:?}"),
    }
    assert_eq!(only_request(&server).await.url.query(), Some("debug=True"));
}

#[tokio::test]
async fn qr_login_with_an_undocumented_media_type_is_unexpected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/qr-login.png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<svg/>", "image/svg+xml"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    match client.get_qr_login().await {
        Err(Error::UnexpectedResponse(raw)) => assert_eq!(raw.text(), "<svg/>"),
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn qr_login_json_error_envelope_is_still_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/qr-login.png"))
        .respond_with(json_response(200, &json!({"ok": false, "error": "Нет сессии"})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client");

    match client.get_qr_login().debug("True").await {
        Err(Error::Api(api)) => assert_eq!(api.body.error, "Нет сессии"),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Path parameters

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_cannot_change_the_route() {
    let server = MockServer::start().await;
    let device = response_example("/api/v3/devices/{device_id}", "get", "200", "default");
    let book = response_example("/api/v3/devices/{device_id}/address-book", "get", "200", "default");
    let message = response_example("/api/v3/teams/{team_uid}/ws/{client_event_name}", "post", "200", "default");
    Mock::given(method("GET"))
        .and(path("/api/v3/devices/a%2Fb%3Fc%23d%25e%20f"))
        .respond_with(json_response(200, &device))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/devices/..%2Fteams/address-book"))
        .respond_with(json_response(200, &book))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v3/teams/{TEAM_UID}/ws/message%2Fnew%3Fx=1")))
        .respond_with(json_response(200, &message))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/devices/+7:ok@host"))
        .respond_with(json_response(200, &device))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_token("t");

    let got = client.get_device("a/b?c#d%e f").await.expect("device");
    assert_eq!(got.device_id, "ABA-f923727d4093");
    let contacts = client.get_address_book("../teams").await.expect("address book");
    assert!(contacts.is_empty());
    let body: types::ClientEventRequest =
        typed(request_example("/api/v3/teams/{team_uid}/ws/{client_event_name}", "post", "default"));
    let sent = client.send_client_event(team_uid(), "message/new?x=1", &body).await.expect("event");
    assert_eq!(serde_json::to_value(&sent).unwrap()["chat"], message["result"]["chat"]);
    // `+`, `:` and `@` are allowed in a path segment and stay as they are.
    client.get_device("+7:ok@host").await.expect("device");

    for request in requests(&server).await {
        assert_eq!(request.url.query(), None, "nothing leaked into the query: {}", request.url);
        assert_eq!(request.url.fragment(), None);
    }
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused() {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri()).expect("client");

    for bad in [".", "..", ""] {
        match client.get_device(bad).await {
            Err(Error::InvalidRequest(message)) => assert!(message.contains("device_id"), "{message}"),
            other => panic!("expected InvalidRequest for {bad:?}, got {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}
