//! One operation of the build-script client against a mock server.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use own_spec_build_script::pets::{types, Client};

#[tokio::test]
async fn gets_a_pet_through_the_included_module() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 7, "name": "Rex"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).expect("a client");
    let pet: types::Pet = client.get_pet(7).await.expect("the call succeeds");
    assert_eq!((pet.id, pet.name.as_str()), (7, "Rex"));
}
