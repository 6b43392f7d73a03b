//! One operation of the CLI-generated client against a mock server.

use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn lists_notes_through_the_generated_crate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": 2, "title": "second"},
            {"id": 1, "title": "first"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let client = notes_client::Client::new(&server.uri()).expect("a client");
    let titles = own_spec_cli::newest_titles(&client, 2).await.expect("the call succeeds");
    assert_eq!(titles, ["second", "first"]);
}
