//! One operation of the macro-generated client against a mock server.

use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use own_spec_macro::todos::{types, Client};

#[tokio::test]
async fn creates_a_todo_through_the_macro_module() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/todos"))
        .and(body_json(serde_json::json!({"title": "write docs"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1, "title": "write docs"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("a client");
    let created = client.create_todo(&types::NewTodo::new("write docs".to_owned())).await.expect("the call succeeds");
    assert_eq!((created.id, created.title.as_str()), (1, "write docs"));
}
