//! The generated `mock` modules (cargo feature `mock`): for each API a short user flow through
//! `MockServer` with the real generated client, answers decoded in the client's own types
//! (envelopes and documented errors included), the spec's examples served with no setup, and
//! the spec enforced on what the mock receives.

use futures_util::{FutureExt, TryStreamExt};
use generated::runtime::Error;
use serde_json::{json, Value};
use tests::spec_examples::{self, typed};

/// `verify()`'s panic message, or `None` when it does not panic.
async fn verify_failure(verify: impl std::future::Future<Output = ()>) -> Option<String> {
    let outcome = std::panic::AssertUnwindSafe(verify).catch_unwind().await;
    outcome.err().map(|panic| {
        panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned())).unwrap_or_default()
    })
}

mod tada {
    use super::*;
    use generated::tada::{mock, types};

    fn example(route: &str) -> Value {
        let spec = spec_examples::load("tada");
        spec_examples::response_example(&spec, route, "get", "200", "default")["result"].clone()
    }

    #[tokio::test]
    async fn get_me_then_get_team_in_the_envelope_then_a_documented_error() {
        let server = mock::MockServer::start().await;
        let me: types::Me = typed(example("/api/v3/me"));
        let team: types::Team = typed(example("/api/v3/teams/{team_uid}"));
        let missing = uuid::Uuid::from_u128(7);
        server.get_me(|_, then| {
            then.ok(&me);
        })
        .times(1)
        .await;
        server.get_team(|when, then| {
            when.team_uid(team.uid);
            then.ok(&team);
        })
        .await;
        server.get_team(|when, then| {
            when.team_uid(missing);
            // `ok: true` here is overwritten: an error answer says `ok: false`, as TADA does.
            then.status(404, &types::ErrorEnvelope::new(true, "team not found".into()));
        })
        .await;

        let client = server.client();
        assert_eq!(client.get_me().await.expect("me decodes"), me);
        assert_eq!(client.get_team(team.uid).await.expect("team decodes from the envelope"), team);
        match client.get_team(missing).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 404);
                assert!(!e.body.ok);
                assert_eq!(e.body.error, "team not found");
            }
            other => panic!("expected the documented error, got {other:?}"),
        }
        // The wire form: `{_time, ok: true, result}`.
        let url = format!("{}/api/v3/teams/{}", server.url(), team.uid);
        let raw = client.http_client().get(url).header("token", "t").send().await.expect("sent");
        let body: Value = raw.json().await.expect("json");
        assert_eq!(body["ok"], json!(true));
        assert!(body["_time"].is_string());
        assert_eq!(body["result"]["uid"], json!(team.uid.to_string()));
        server.verify().await;
    }

    #[tokio::test]
    async fn examples_answer_every_operation_without_a_stub_and_stubs_win() {
        let server = mock::MockServer::start().await;
        server.serve_examples().await;
        let client = server.client();
        let me = client.get_me().await.expect("the documented example decodes");
        assert_eq!(me, typed::<types::Me>(example("/api/v3/me")));
        let documented: types::Team = typed(example("/api/v3/teams/{team_uid}"));
        assert_eq!(client.get_team(documented.uid).await.expect("the example decodes"), documented);
        let mut renamed = documented.clone();
        renamed.name = "renamed".into();
        server.get_team(|_, then| {
            then.ok(&renamed);
        })
        .await;
        assert_eq!(client.get_team(documented.uid).await.expect("stubbed").name, "renamed");
        server.verify().await;
    }

    #[tokio::test]
    async fn an_unmet_call_count_and_a_request_the_spec_forbids_fail_verify() {
        let server = mock::MockServer::start().await;
        server.get_me(|_, then| {
            then.ok(&typed::<types::Me>(example("/api/v3/me")));
        })
        .times(2)
        .await;
        server.client().get_me().await.expect("me");
        // A path parameter that is not a UUID.
        let http = reqwest::Client::new();
        let raw = http.get(format!("{}/api/v3/teams/not-a-uuid", server.url())).header("token", "t").send().await.expect("sent");
        assert_eq!(raw.status().as_u16(), 400);
        let text = raw.text().await.expect("text");
        assert!(text.contains("getTeam") && text.contains("team_uid") && text.contains("not a UUID"), "{text}");
        let message = verify_failure(server.verify()).await.expect("verify panics");
        assert!(message.contains("getMe (GET /api/v3/me) expected 2 call(s), got 1"), "{message}");
        assert!(message.contains("`team_uid` is `not-a-uuid`"), "{message}");
    }

    #[tokio::test]
    async fn a_request_without_the_credentials_its_operation_needs_is_refused_with_a_401() {
        let server = mock::MockServer::start().await;
        server.serve_examples().await;
        // A client built without credentials: every TADA operation but the sign-in ones needs
        // the `token` header or the `cookie` cookie.
        let anonymous = generated::tada::Client::new(&server.url()).expect("client");
        let refused = anonymous.get_me().await.expect_err("refused");
        assert_eq!(refused.status().map(|s| s.as_u16()), Some(401), "{refused:?}");
        // The same call with a token is answered from the spec's example.
        let signed_in = generated::tada::Client::new(&server.url()).expect("client").with_token("t");
        signed_in.get_me().await.expect("an example");
        let message = verify_failure(server.verify()).await.expect("verify panics");
        assert!(message.contains("1 problem"), "{message}");
        assert!(
            message.contains("getMe (GET /api/v3/me): credentials missing: it needs the header `token` (token), or the cookie `otvauth` (cookie)"),
            "{message}"
        );
    }
}

mod signal_cli {
    use super::*;
    use generated::signal_cli_rest_api::{mock, types};

    #[tokio::test]
    async fn about_then_send_then_a_documented_error() {
        let server = mock::MockServer::start().await;
        let about: types::About = typed(json!({"mode": "json-rpc", "versions": ["v1", "v2"], "signal_cli": "0.13.4"}));
        let message = types::SendMessageRequest::new(vec!["+4915100000002".into()], "Hello".into()).with_number("+4915100000001".into());
        let sent: types::SendResponse = typed(json!({"timestamps": {"1666000000000": {"recipients": ["+4915100000002"]}}}));
        server.get_about(|_, then| {
            then.ok(&about);
        })
        .await;
        server.send_message(|when, then| {
            when.body(&message);
            then.created(&sent);
        })
        .times(1)
        .await;
        server.list_groups(|when, then| {
            when.number("+4915100000009");
            then.bad_request(&types::ErrorResponse::new("unknown".into(), 400, "not registered".into()));
        })
        .await;

        let client = server.client();
        assert_eq!(client.get_about().await.expect("about"), about);
        assert_eq!(client.send_message(&message).await.expect("sent"), sent);
        match client.list_groups("+4915100000009").await {
            Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 400),
            other => panic!("expected the documented error, got {other:?}"),
        }
        let received = server.received(&mock::SEND_MESSAGE).await;
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].body.as_ref(), Some(&message));
        server.verify().await;
    }

    #[tokio::test]
    async fn a_body_that_does_not_decode_is_refused_with_a_400_naming_the_operation() {
        let server = mock::MockServer::start().await;
        server.send_message(|_, then| {
            then.created(&typed::<types::SendResponse>(json!({"timestamps": {}})));
        })
        .await;
        // `recipients` must be a list of strings.
        let raw = reqwest::Client::new()
            .post(format!("{}/v2/send", server.url()))
            .json(&json!({"recipients": "+4915100000002", "message": "Hello"}))
            .send()
            .await
            .expect("sent");
        assert_eq!(raw.status().as_u16(), 400);
        let text = raw.text().await.expect("text");
        assert!(text.starts_with("sendMessage (POST /v2/send): the request body does not decode"), "{text}");
        assert!(text.contains("recipients"), "{text}");
        // A request no operation has.
        let raw = reqwest::get(format!("{}/v9/nothing", server.url())).await.expect("sent");
        assert_eq!(raw.status().as_u16(), 400);
        let message = verify_failure(server.verify()).await.expect("verify panics");
        assert!(message.contains("sendMessage (POST /v2/send): the request body does not decode"), "{message}");
        assert!(message.contains("GET /v9/nothing: no operation"), "{message}");
        assert!(server.received(&mock::SEND_MESSAGE).await[0].body.is_none());
    }
}

mod squadus {
    use super::*;
    use generated::squadus::{mock, types};

    fn example(route: &str, verb: &str) -> Value {
        let spec = spec_examples::load("squadus");
        spec_examples::response_example(&spec, route, verb, "200", "default")
    }

    #[tokio::test]
    async fn login_then_a_session_call_then_a_documented_error() {
        let server = mock::MockServer::start().await;
        let request = types::LoginRequest::new("alice".into(), "secret".into());
        let mut session: types::LoginResponse = typed(example("/login", "post"));
        session.data.auth_token = "token-1".into();
        session.data.user_id = "user-1".into();
        let sessions: types::ActiveSessionsResponse = typed(example("/users.active-sessions", "get"));
        server.login(|when, then| {
            when.body(&request);
            then.ok(&session);
        })
        .await;
        server.list_active_sessions(|_, then| {
            then.ok(&sessions);
        })
        .await;
        server.get_user_info(|_, then| {
            then.status(403, &types::ErrorResponse::new().with_error("forbidden".into()));
        })
        .await;

        let client = generated::squadus::Client::new(&server.url()).expect("client");
        let login = client.login(&request).await.expect("logged in");
        client.set_auth_token(Some(login.data.auth_token.clone().into()));
        client.set_user_id(Some(login.data.user_id.clone().into()));
        assert_eq!(client.list_active_sessions().await.expect("sessions"), sessions);
        match client.get_user_info().user_id("x").await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 403);
                assert_eq!(e.body.success, Some(false));
            }
            other => panic!("expected the documented error, got {other:?}"),
        }
        let calls = server.received(&mock::LIST_ACTIVE_SESSIONS).await;
        assert_eq!(calls[0].headers.get("x-auth-token").and_then(|v| v.to_str().ok()), Some("token-1"));
        server.verify().await;
    }

    #[tokio::test]
    async fn a_list_is_served_in_count_and_offset_pages_with_its_total() {
        let server = mock::MockServer::start().await;
        let file: types::FileInfo = typed(example("/channels.files", "get")["files"][0].clone());
        let files: Vec<types::FileInfo> = (0..5).map(|i| types::FileInfo { id: format!("f{i}"), ..file.clone() }).collect();
        server.list_channel_files(|when, then| {
            when.room_id("GENERAL");
            then.pages(&files);
        })
        .await;
        let client = server.client();
        let all: Vec<types::FileInfo> = client.list_channel_files().room_id("GENERAL").count(2).into_stream().try_collect().await.expect("pages");
        assert_eq!(all, files);
        let page = client.list_channel_files().room_id("GENERAL").count(2).offset(4).await.expect("a page");
        assert_eq!((page.files.len(), page.total), (1, 5));
        let queries: Vec<String> = server.received(&mock::LIST_CHANNEL_FILES).await.iter().map(|r| format!("{:?}", r.query)).collect();
        assert_eq!(queries.len(), 4, "{queries:?}");
        server.verify().await;
    }
}

mod sgnl {
    use super::*;
    use generated::sgnl::{mock, types};

    #[tokio::test]
    async fn list_projects_then_get_one_then_a_documented_error() {
        let server = mock::MockServer::start().await;
        let projects = vec![types::Project::new().with_code("P1".into()), types::Project::new().with_code("P2".into())];
        let id = uuid::Uuid::from_u128(42);
        server.list_projects(|when, then| {
            when.take(10);
            then.ok(&projects);
        })
        .await;
        server.get_project(|when, then| {
            when.project_id(id);
            then.ok(&projects[0]);
        })
        .await;
        server.get_project(|_, then| {
            then.unauthorized(&typed(json!({"message": "token expired"})));
        })
        .await;

        let client = server.client();
        assert_eq!(client.list_projects().take(10).await.expect("projects"), projects);
        assert_eq!(client.get_project(id).await.expect("project"), projects[0]);
        match client.get_project(uuid::Uuid::from_u128(1)).await {
            Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 401),
            other => panic!("expected the documented error, got {other:?}"),
        }
        assert_eq!(server.received(&mock::GET_PROJECT).await.len(), 2);
        server.verify().await;
    }

    #[tokio::test]
    async fn a_list_is_served_in_take_and_skip_pages() {
        let server = mock::MockServer::start().await;
        let projects: Vec<types::Project> = (0..450).map(|i| types::Project::new().with_code(format!("P{i}"))).collect();
        server.list_projects(|_, then| {
            then.pages(&projects);
        })
        .await;
        let client = server.client();
        let all: Vec<types::Project> = client.list_projects().take(200).into_stream().try_collect().await.expect("pages");
        assert_eq!(all, projects);
        let skips: Vec<String> = server
            .received(&mock::LIST_PROJECTS)
            .await
            .iter()
            .flat_map(|r| r.query.iter().filter(|(k, _)| k == "Skip").map(|(_, v)| v.clone()))
            .collect();
        assert_eq!(skips, ["0", "200", "400"]);
        server.verify().await;
    }
}
