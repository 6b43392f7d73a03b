//! Behaviour of the SIGNAL client (`generated::sgnl`, from `specs/sgnl.yaml`) and its hand-written
//! support (`generated::sgnl_auth`) against a wiremock server: the client-credentials token flow
//! (fetch, reuse, renewal before expiry, one renewal and one retry after a 401, one fetch for
//! concurrent calls), take/skip paging, the non-standard 450 status, one call per tag of the spec,
//! and `Debug` output that never shows the secret or the token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use generated::runtime::{self, Error, Secret, Token, TokenSource};
use generated::sgnl::{types, Client};
use generated::sgnl_auth::{self, ClientCredentials, TokenExchange};
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN_PATH: &str = "/public/v1/auth/token";
const SECRET: &str = "s3cr3t-client-secret";

fn credentials() -> ClientCredentials {
    ClientCredentials::new("client-42", Secret::new(SECRET), ["project:list", "docs:item:list"])
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x1111_2222_3333_4444_5555_0000_0000_0000 + n)
}

/// Answers token requests with `tok-1`, `tok-2`, … living `expires_in` seconds.
fn token_responder(expires_in: u64) -> impl Fn(&Request) -> ResponseTemplate + Send + Sync {
    let issued = AtomicUsize::new(0);
    move |_: &Request| {
        let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(json!({ "token": format!("tok-{n}"), "expiresIn": expires_in }))
    }
}

async fn mount_token_endpoint(server: &MockServer, expires_in: u64) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_responder(expires_in))
        .mount(server)
        .await;
}

fn client_for(server: &MockServer) -> Client {
    sgnl_auth::client(&server.uri(), credentials()).expect("client builds")
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    let all = server.received_requests().await.expect("request recording is on");
    all.into_iter().filter(|r| r.url.path() == route).collect()
}

fn bearer(r: &Request) -> String {
    r.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

fn projects(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "code": format!("P{i}") })).collect())
}

// ---------------------------------------------------------------------------------------------
// The token flow

#[tokio::test]
async fn first_call_fetches_a_token_and_later_calls_reuse_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(json!({
            "clientId": "client-42",
            "clientSecret": SECRET,
            "scopes": ["project:list", "docs:item:list"]
        })))
        .respond_with(token_responder(3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(1)))
        .expect(3)
        .mount(&server)
        .await;
    let client = client_for(&server);
    for _ in 0..3 {
        let page = client.list_projects().await.expect("listed");
        assert_eq!(page[0].code.as_deref(), Some("P0"));
    }
    // The token request itself carries no bearer token.
    let token_requests = requests_to(&server, TOKEN_PATH).await;
    assert_eq!(bearer(&token_requests[0]), "");
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let server = MockServer::start().await;
    // Tokens live 2 s: renewed once less than a tenth (0.2 s) is left, i.e. 1.8 s after the fetch.
    mount_token_endpoint(&server, 2).await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(0)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.list_projects().await.expect("first call");
    client.list_projects().await.expect("second call");
    tokio::time::sleep(Duration::from_millis(1900)).await;
    client.list_projects().await.expect("call after 1.9 s");
    client.list_projects().await.expect("call right after");

    let seen: Vec<String> = requests_to(&server, "/public/v1/projects")
        .await
        .iter()
        .map(bearer)
        .collect();
    assert_eq!(
        seen,
        [
            "Bearer tok-1",
            "Bearer tok-1",
            "Bearer tok-2",
            "Bearer tok-2"
        ]
    );
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    Mock::given(method("POST"))
        .and(path("/public/v1/issues"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "message": "token revoked" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/public/v1/issues"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "id": id(1) }])))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let find = types::IssueFind::new().with_project_id(id(7));
    let issues = client
        .list_issues(&find)
        .take(10)
        .await
        .expect("retried with a new token");
    assert_eq!(issues.len(), 1);

    // The retry re-sent the same query and body.
    let sent = requests_to(&server, "/public/v1/issues").await;
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.url.query(), Some("Take=10"));
        assert_eq!(r.body_json::<Value>().expect("JSON body"), json!({ "projectId": id(7) }));
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);

    // The renewed token is kept.
    client
        .list_issues(&find)
        .take(10)
        .await
        .expect("third call");
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_as_an_error() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "message": "no access" })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    match client.list_projects().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 401);
            assert_eq!(e.body["message"], "no access");
        }
        other => panic!("expected the 401 as an API error, got {other:?}"),
    }
    let seen: Vec<String> = requests_to(&server, "/public/v1/projects").await.iter().map(bearer).collect();
    assert_eq!(seen, ["Bearer tok-1", "Bearer tok-2"]);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "token": "tok-shared" }))
                .set_delay(Duration::from_millis(300)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer tok-shared"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(1)))
        .expect(20)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_projects().await })
    });
    for outcome in futures_util::future::join_all(calls).await {
        outcome.expect("task ran").expect("call succeeded");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_share_one_renewal() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    // All ten calls go out with tok-1 (one fetch), all get a 401, and the renewal after the
    // first 401 serves the others too: two token requests in all.
    let calls = (0..10).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_projects().await })
    });
    for outcome in futures_util::future::join_all(calls).await {
        outcome.expect("task ran").expect("call succeeded after one retry");
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_failed_token_request_is_a_typed_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "message": "invalid client" })))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(0)))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);
    for _ in 0..2 {
        // A failed fetch is not cached: the next call asks again.
        let err = client.list_projects().await.expect_err("no token");
        let Error::Auth(message) = &err else {
            panic!("expected Error::Auth, got {err:?}")
        };
        assert!(message.contains("bearer"), "{message}");
        assert!(message.contains("401"), "{message}");
        for text in [message.clone(), err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(SECRET), "secret leaked: {text}");
        }
        assert_eq!(err.status(), None);
    }
}

#[tokio::test]
async fn a_static_bearer_token_is_sent_as_before_and_a_401_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer static"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri())
        .expect("client")
        .with_bearer("static");
    let err = client.list_projects().await.expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}

/// A source that is not an HTTP call: the runtime's token cache works with any `TokenSource`.
struct CountingSource {
    fetches: AtomicUsize,
}

impl TokenSource for CountingSource {
    fn fetch_token(&self) -> runtime::BoxFuture<'_, Result<Token, runtime::TokenError>> {
        Box::pin(async move {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Token::new(format!("custom-{n}"), None))
        })
    }
}

#[tokio::test]
async fn any_token_source_can_be_attached_and_one_without_lifetime_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(header("authorization", "Bearer custom-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(0)))
        .expect(5)
        .mount(&server)
        .await;
    let source = Arc::new(CountingSource {
        fetches: AtomicUsize::new(0),
    });
    let client = Client::new(&server.uri())
        .expect("client")
        .with_token_source(source.clone());
    let calls = (0..5).map(|_| client.list_projects().send());
    for outcome in futures_util::future::join_all(calls).await {
        outcome.expect("listed");
    }
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1);

    // Removing the source stops sending its token.
    client.set_token_source(None);
    assert!(!format!("{client:?}").contains("bearer"));
}

// ---------------------------------------------------------------------------------------------
// Paging

/// Serves `total` projects, honouring `Take` and `Skip` (and capping `Take` at 200 as the API does).
async fn mount_project_pages(server: &MockServer, total: usize) {
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .respond_with(move |r: &Request| {
            let q = |name: &str| {
                r.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok())
            };
            let take = q("Take").unwrap_or(100).min(200);
            let skip = q("Skip").unwrap_or(0);
            let items: Vec<Value> =
                (skip..total.min(skip + take)).map(|i| json!({ "code": format!("P{i}") })).collect();
            ResponseTemplate::new(200).set_body_json(items)
        })
        .mount(server)
        .await;
}

fn list_all_projects(
    client: &Client,
    take: i32,
) -> impl futures_util::Stream<Item = Result<types::Project, Error<types::Error>>> + Unpin + '_ {
    client.list_projects().take(take).into_stream()
}

async fn page_queries(server: &MockServer) -> Vec<String> {
    requests_to(server, "/public/v1/projects").await.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn paging_streams_every_item_in_order() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    mount_project_pages(&server, 450).await;
    let client = client_for(&server);
    let all: Vec<types::Project> = list_all_projects(&client, 200).try_collect().await.expect("all pages");
    assert_eq!(all.len(), 450);
    for (i, p) in all.iter().enumerate() {
        assert_eq!(p.code.as_deref(), Some(format!("P{i}").as_str()));
    }
    assert_eq!(page_queries(&server).await, ["Take=200&Skip=0", "Take=200&Skip=200", "Take=200&Skip=400"]);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test]
async fn paging_stops_at_an_empty_page_and_caps_take_at_200() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    mount_project_pages(&server, 400).await;
    let client = client_for(&server);
    let all: Vec<types::Project> = list_all_projects(&client, 1000).try_collect().await.expect("all pages");
    assert_eq!(all.len(), 400);
    assert_eq!(page_queries(&server).await, ["Take=200&Skip=0", "Take=200&Skip=200", "Take=200&Skip=400"]);
}

#[tokio::test]
async fn paging_yields_the_error_of_a_failed_page_and_ends() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .and(wiremock::matchers::query_param("Skip", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({ "message": "boom" })))
        .mount(&server)
        .await;
    mount_project_pages(&server, 10).await;
    let client = client_for(&server);
    let results: Vec<_> = list_all_projects(&client, 2).collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    match &results[2] {
        Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 500),
        other => panic!("expected the 500, got {other:?}"),
    }
}

#[tokio::test]
async fn paging_an_enveloped_list_and_the_generic_runtime_helper() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/public/v1/mchd/company"))
        .respond_with(|r: &Request| {
            let skip: usize = r.url.query_pairs().find(|(k, _)| k == "Skip").map_or(0, |(_, v)| v.parse().unwrap_or(0));
            let ids: Vec<Uuid> = (skip..(skip + 3).min(5)).map(|i| id(i as u128)).collect();
            ResponseTemplate::new(200).set_body_json(json!({ "data": ids }))
        })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_bearer("t");
    let ids: Vec<Uuid> = runtime::paginate(3, |page| {
        let call = client
            .list_company_mchds()
            .take(page.take_i32())
            .skip(page.skip_i32());
        async move { call.await }
    })
    .try_collect()
    .await
    .expect("all ids");
    assert_eq!(ids, (0..5).map(id).collect::<Vec<_>>());
    assert_eq!(page_queries_of(&server, "/public/v1/mchd/company").await, ["Take=3&Skip=0", "Take=3&Skip=3"]);
}

async fn page_queries_of(server: &MockServer, route: &str) -> Vec<String> {
    requests_to(server, route).await.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Status 450

#[tokio::test]
async fn status_450_is_the_typed_quota_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/public/v1/folders"))
        .respond_with(
            ResponseTemplate::new(450).set_body_json(json!({ "message": "Maximum resource quota reached" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("client").with_bearer("t");
    let body = types::CreateFolderBody::new(id(1), "Drawings".into());
    match client.create_folder(&body).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 450);
            assert_eq!(e.body["message"], "Maximum resource quota reached");
        }
        other => panic!("expected the 450 quota error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// One call per tag: method, path, query, body and the bearer token as sent

async fn capture(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client").with_bearer("tag-token");
    (server, client)
}

/// Checks the one request the server got.
async fn assert_sent(server: &MockServer, verb: &str, route: &str, query: Option<&str>, body: Option<Value>) {
    let all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "exactly one request");
    let r = &all[0];
    assert_eq!(r.method.as_str(), verb);
    assert_eq!(r.url.path(), route);
    assert_eq!(r.url.query(), query);
    match body {
        Some(expected) => assert_eq!(r.body_json::<Value>().expect("JSON body"), expected),
        None => assert!(r.body.is_empty(), "no body expected"),
    }
    if route != TOKEN_PATH {
        assert_eq!(bearer(r), "Bearer tag-token");
    }
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn tag_auth_create_auth_token() {
    let (server, client) = capture(ok(json!({ "token": "eyJ.payload.sig" }))).await;
    let request = types::TokenRequest::new("client-42".into(), SECRET.into(), vec!["project:list".into()]);
    let token = client.create_auth_token(&request).await.expect("token");
    assert_eq!(token.token, "eyJ.payload.sig");
    assert_eq!(token.expires_in, None);
    let body = json!({ "clientId": "client-42", "clientSecret": SECRET, "scopes": ["project:list"] });
    assert_sent(&server, "POST", TOKEN_PATH, None, Some(body)).await;
    // `security: []`: no bearer token even though the client has one.
    assert_eq!(bearer(&server.received_requests().await.expect("recording")[0]), "");
}

#[tokio::test]
async fn tag_projects_list_project_users() {
    let (server, client) = capture(ok(json!([{ "customRoleIds": [id(2)] }]))).await;
    let users = client
        .list_project_users(id(1))
        .take(50)
        .skip(100)
        .await
        .expect("users");
    assert_eq!(users[0].custom_role_ids, Some(vec![id(2)]));
    let route = format!("/public/v1/projects/{}/users", id(1));
    assert_sent(&server, "GET", &route, Some("Take=50&Skip=100"), None).await;
}

#[tokio::test]
async fn tag_company_add_company_users() {
    let (server, client) = capture(ok(json!([{ "id": id(3) }]))).await;
    let body = types::CompanyUsersAdd::new(vec![types::CompanyUserAdd::new()
        .with_email("a@example.com".into())
        .with_first_name("Anna".into())]);
    let added = client.add_company_users(&body).await.expect("added");
    assert_eq!(added.len(), 1);
    let sent = json!({ "users": [{ "email": "a@example.com", "firstName": "Anna" }] });
    assert_sent(&server, "PUT", "/public/v1/company-users", None, Some(sent)).await;
}

#[tokio::test]
async fn tag_folders_create_folder_unwraps_data() {
    let (server, client) = capture(ok(json!({ "data": id(9) }))).await;
    let body = types::CreateFolderBody::new(id(1), "Drawings".into());
    assert_eq!(client.create_folder(&body).await.expect("created"), id(9));
    let sent = json!({ "parentId": id(1), "name": "Drawings" });
    assert_sent(&server, "PUT", "/public/v1/folders", None, Some(sent)).await;
}

#[tokio::test]
async fn tag_items_list_items() {
    let (server, client) = capture(ok(json!([{ "id": id(4), "name": "plan.pdf" }]))).await;
    let items = client
        .list_items(id(1))
        .deleted(true)
        .take(20)
        .await
        .expect("items");
    assert_eq!(items[0]["name"], "plan.pdf");
    let query = format!("folderId={}&deleted=true&Take=20", id(1));
    assert_sent(&server, "GET", "/public/v1/items", Some(&query), None).await;
}

#[tokio::test]
async fn tag_versions_count_versions_unwraps_data() {
    let (server, client) = capture(ok(json!({ "data": 7 }))).await;
    let count = client.count_versions(id(5)).await.expect("count");
    assert_eq!(count, 7);
    let query = format!("itemId={}", id(5));
    assert_sent(&server, "GET", "/public/v1/versions/count", Some(&query), None).await;
}

#[tokio::test]
async fn tag_objects_commit_object_upload() {
    let (server, client) = capture(ResponseTemplate::new(200)).await;
    client.commit_object_upload(id(6)).await.expect("committed");
    let route = format!("/public/v1/objects/{}/uploading/commit", id(6));
    assert_sent(&server, "POST", &route, None, None).await;
}

#[tokio::test]
async fn tag_attributes_list_attributes() {
    let (server, client) = capture(ok(json!([{ "id": id(8), "name": "Stage" }]))).await;
    let body = types::AttributeFind::new().with_project_id(id(1));
    let attributes = client.list_attributes(&body).await.expect("attributes");
    assert_eq!(attributes[0]["name"], "Stage");
    assert_sent(&server, "POST", "/public/v1/attributes", None, Some(json!({ "projectId": id(1) }))).await;
}

#[tokio::test]
async fn tag_issues_list_issues() {
    let (server, client) = capture(ok(json!([]))).await;
    let body = types::IssueFind::new().with_project_id(id(1));
    assert!(client
        .list_issues(&body)
        .take(200)
        .skip(0)
        .await
        .expect("issues")
        .is_empty());
    assert_sent(
        &server,
        "POST",
        "/public/v1/issues",
        Some("Take=200&Skip=0"),
        Some(json!({ "projectId": id(1) })),
    )
    .await;
}

#[tokio::test]
async fn tag_reviews_update_review() {
    let (server, client) = capture(ResponseTemplate::new(200)).await;
    let mut body = types::ReviewUpdate::new(id(2));
    body.additional_properties.insert("name".into(), json!("Round 2"));
    client.update_review(&body).await.expect("updated");
    assert_sent(&server, "PATCH", "/public/v1/reviews", None, Some(json!({ "id": id(2), "name": "Round 2" }))).await;
}

#[tokio::test]
async fn tag_shares_delete_share() {
    let (server, client) = capture(ResponseTemplate::new(200)).await;
    client.delete_share(&types::DeleteShareBody::new(id(3), true)).await.expect("deleted");
    assert_sent(&server, "DELETE", "/public/v1/shares", None, Some(json!({ "id": id(3), "deleted": true }))).await;
}

#[tokio::test]
async fn tag_storages_list_storages() {
    let (server, client) = capture(ok(json!([{ "id": id(4), "isSystem": true }]))).await;
    let storages = client.list_storages(&types::ListStoragesBody::new().with_is_system(true)).await.expect("storages");
    assert_eq!(storages[0]["isSystem"], true);
    assert_sent(&server, "POST", "/public/v1/storages", None, Some(json!({ "isSystem": true }))).await;
}

#[tokio::test]
async fn tag_signing_list_cades_signatures() {
    let (server, client) = capture(ok(json!([]))).await;
    client
        .list_cades_signatures(id(5))
        .search_mchd_ids(true)
        .await
        .expect("signatures");
    let query = format!("versionId={}&searchMchdIds=true", id(5));
    assert_sent(&server, "GET", "/public/v1/cades/signatures", Some(&query), None).await;
}

#[tokio::test]
async fn tag_documents_transfers_get_documents_transfer() {
    let (server, client) = capture(ok(json!({ "id": id(6), "name": "Package 1" }))).await;
    let transfer = client.get_documents_transfer(id(6)).await.expect("got");
    assert_eq!(transfer["name"], "Package 1");
    let query = format!("id={}", id(6));
    assert_sent(&server, "GET", "/public/v1/documents-transfers", Some(&query), None).await;
}

#[tokio::test]
async fn tag_permissions_delete_permission() {
    let (server, client) = capture(ok(json!({}))).await;
    client.delete_permission(id(7)).await.expect("deleted");
    let route = format!("/public/v1/permissions/{}", id(7));
    assert_sent(&server, "DELETE", &route, None, None).await;
}

#[tokio::test]
async fn tag_viewers_convert_forge_model() {
    let (server, client) = capture(ResponseTemplate::new(200)).await;
    client.convert_forge_model(&types::ConvertForgeModelBody::new(id(8))).await.expect("queued");
    assert_sent(&server, "POST", "/public/v1/forge/convert", None, Some(json!({ "versionId": id(8) }))).await;
}

#[tokio::test]
async fn tag_naming_patterns_find_folder_item_naming_patterns() {
    let (server, client) = capture(ok(json!({ "pattern": "{code}-{name}" }))).await;
    let found = client
        .find_folder_item_naming_patterns(id(9))
        .await
        .expect("found");
    assert_eq!(found["pattern"], "{code}-{name}");
    let query = format!("folderId={}", id(9));
    assert_sent(&server, "GET", "/public/v1/naming-patterns/folder-items/find", Some(&query), None).await;
}

#[tokio::test]
async fn tag_dashboard_regenerate_card_public_link() {
    let (server, client) = capture(ok(json!({ "pubLink": id(11) }))).await;
    let link = client
        .regenerate_card_public_link(id(10))
        .await
        .expect("regenerated");
    assert_eq!(link["pubLink"], json!(id(11)));
    let query = format!("pubLink={}", id(10));
    assert_sent(&server, "PATCH", "/public/v1/card-public-links/regenerate", Some(&query), None).await;
}

#[tokio::test]
async fn tag_user_logs_list_user_logs() {
    let (server, client) = capture(ok(json!([{ "event": "login" }]))).await;
    let body = types::UserLogFind::new().with_project_ids(vec![id(1)]).with_take(10);
    let logs = client.list_user_logs(&body).await.expect("logs");
    assert_eq!(logs[0]["event"], "login");
    assert_sent(&server, "POST", "/public/v1/user-logs", None, Some(json!({ "projectIds": [id(1)], "take": 10 }))).await;
}

/// Every tag of the spec has a `tag_*` test above.
#[test]
fn every_tag_has_a_test() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/sgnl.yaml")).expect("spec");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    let this = include_str!("sgnl.rs");
    for tag in spec["tags"].as_array().expect("tags") {
        let name = tag["name"].as_str().expect("tag name");
        let mut snake = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        }
        assert!(this.contains(&format!("async fn tag_{snake}_")), "no test for tag {name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Debug output

#[tokio::test]
async fn debug_output_never_shows_the_secret_or_the_token() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/public/v1/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(projects(0)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.list_projects().await.expect("listed");
    assert_eq!(
        bearer(&requests_to(&server, "/public/v1/projects").await[0]),
        "Bearer tok-1"
    );

    let exchange = TokenExchange::new(Client::new(&server.uri()).expect("client"), credentials());
    let fetched = exchange.fetch().await.expect("token");
    assert_eq!(fetched.value.expose(), "tok-2");
    assert_eq!(fetched.expires_in, Some(Duration::from_secs(3600)));

    let outputs = [
        format!("{:?}", credentials()),
        format!("{:#?}", credentials()),
        format!("{exchange:?}"),
        format!("{client:?}"),
        format!("{fetched:?}"),
        format!("{:?}", Token::new("tok-1", None)),
    ];
    for text in &outputs {
        assert!(!text.contains(SECRET), "secret in {text}");
        assert!(!text.contains("tok-1") && !text.contains("tok-2"), "token in {text}");
    }
    assert!(outputs[0].contains("client-42"), "the client id is not secret: {}", outputs[0]);
    assert!(outputs[3].contains("token_sources_for"), "{}", outputs[3]);
}
