//! Unions decode what the API sends: discriminated unions without a `mapping` pick the member by
//! the tag it declares (a one-value `enum`, a `const`, or one inside an `allOf` part; members
//! sharing a tag are tried in order), keep an unknown tag's raw value and send it back unchanged;
//! untagged unions whose permissive member comes first still decode into the stricter member. The client is generated from
//! `tests/fixtures/unions.yaml` by `tests/build.rs`.

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What the generated code reaches as `crate::runtime`.
pub use generated::runtime;

#[allow(clippy::all, dead_code)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/unions.rs"));
}

use api::{types, Client};

/// A server that answers `GET route` with `body`.
async fn serving(route: &str, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A server that answers `POST route` with the body it received.
async fn echoing(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(|r: &Request| {
            ResponseTemplate::new(200).set_body_raw(r.body.clone(), "application/json")
        })
        .mount(&server)
        .await;
    server
}

async fn sent_body(server: &MockServer) -> Value {
    let all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "one request: {all:?}");
    serde_json::from_slice(&all[0].body).expect("a JSON body")
}

#[tokio::test]
async fn conversation_items_decode_by_the_tag_each_member_declares() {
    let server = serving(
        "/conversations/c1/items",
        json!({
            "data": [
                {"type": "message", "id": "m1", "role": "user", "content": ["hi"]},
                {"type": "message", "id": "o1", "status": "completed"},
                {"type": "function_call", "name": "lookup", "arguments": "{}"},
                {"type": "reasoning", "summary": "thought"},
            ],
            "has_more": false,
        }),
    )
    .await;
    let client = Client::new(&server.uri()).expect("client");
    let list = client
        .list_conversation_items("c1")
        .await
        .expect("the documented payload decodes");
    match &list.data[..] {
        [types::Item::Message(m), types::Item::OutputMessage(o), types::Item::FunctionCall(f), types::Item::Reasoning(r)] =>
        {
            assert_eq!(o.status, "completed", "a shared tag tries the next member");
            assert_eq!(
                (m.id.as_str(), m.content.as_slice()),
                ("m1", &["hi".to_owned()][..])
            );
            assert_eq!(f.name, "lookup");
            assert_eq!(r.summary.as_deref(), Some("thought"));
        }
        other => panic!("wrong members: {other:?}"),
    }
}

#[tokio::test]
async fn usage_results_decode_by_their_object_tag() {
    let server = serving(
        "/organization/usage",
        json!({"data": [
            {"object": "organization.usage.completions.result", "input_tokens": 7},
            {"object": "organization.usage.embeddings.result", "num_model_requests": 2},
        ]}),
    )
    .await;
    let client = Client::new(&server.uri()).expect("client");
    let usage = client
        .usage()
        .await
        .expect("the documented payload decodes");
    match &usage.data[..] {
        [types::UsageResult::CompletionsUsage(c), types::UsageResult::EmbeddingsUsage(e)] => {
            assert_eq!((c.input_tokens, e.num_model_requests), (7, 2));
        }
        other => panic!("wrong members: {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_tag_is_kept_raw_and_sent_back_unchanged() {
    let server = echoing("/items").await;
    let client = Client::new(&server.uri()).expect("client");
    let raw = json!({"type": "web_search_call", "id": "ws1", "status": {"done": true}});

    let item: types::Item = serde_json::from_value(raw.clone()).expect("an unknown tag decodes");
    assert_eq!(item, types::Item::Unknown(raw.clone()));

    let stored = client.create_item(&item).await.expect("sent and decoded");
    assert_eq!(
        sent_body(&server).await,
        raw,
        "the raw value goes back as it came"
    );
    assert_eq!(stored, types::Item::Unknown(raw));
}

#[test]
fn a_known_tag_whose_body_is_wrong_is_an_error_not_the_catch_all() {
    let bad = json!({"type": "message", "id": 5});
    let err = serde_json::from_value::<types::Item>(bad).expect_err("a message without its fields");
    assert!(err.to_string().contains("invalid type"), "{err}");
    let untagged = json!({"id": "m1"});
    let err = serde_json::from_value::<types::Item>(untagged).expect_err("no tag at all");
    assert!(err.to_string().starts_with("missing `type` value, and not a "), "{err}");
}

#[tokio::test]
async fn a_value_without_its_optional_tag_decodes_into_the_stricter_member_that_accepts_it() {
    let private = json!({"login": "octocat", "private_gists": 3});
    let server = serving("/user", private).await;
    let client = Client::new(&server.uri()).expect("client");
    match client.get_user().await.expect("a user without `user_view_type` decodes") {
        types::GetUserOk::PrivateUser(u) => assert_eq!((u.login.as_str(), u.private_gists), ("octocat", 3)),
        other => panic!("wrong member: {other:?}"),
    }
    let public: types::GetUserOk = serde_json::from_value(json!({"login": "hubot"})).expect("decodes");
    assert!(matches!(public, types::GetUserOk::PublicUser(_)), "{public:?}");
    let tagged: types::GetUserOk =
        serde_json::from_value(json!({"login": "x", "private_gists": 1, "user_view_type": "public"})).expect("decodes");
    assert!(matches!(tagged, types::GetUserOk::PublicUser(_)), "the tag wins when present: {tagged:?}");
}

#[test]
fn known_members_round_trip_with_their_tag() {
    let raw = json!({"type": "function_call", "name": "lookup", "arguments": "{}"});
    let item: types::Item = serde_json::from_value(raw.clone()).expect("decodes");
    assert!(matches!(item, types::Item::FunctionCall(_)));
    assert_eq!(serde_json::to_value(&item).expect("encodes"), raw);
}

#[tokio::test]
async fn untagged_unions_pick_the_stricter_member_that_accepts_the_value() {
    // Each union lists its permissive member first: `number`, a struct of optional fields,
    // free-form JSON. Tried in the spec's order, these payloads would all land there.
    let server = echoing("/shapes").await;
    let client = Client::new(&server.uri()).expect("client");
    let shapes = types::Shapes::new()
        .with_amount(types::ShapesAmount::Integer(5))
        .with_filter(types::ShapesFilter::RangeFilter(types::RangeFilter::new(
            1, 9,
        )))
        .with_value(types::ShapesValue::String("x".into()));

    let back = client.echo_shapes(&shapes).await.expect("echoed");
    assert_eq!(
        sent_body(&server).await,
        json!({"amount": 5, "filter": {"from": 1, "to": 9}, "value": "x"})
    );
    assert_eq!(
        back, shapes,
        "each value decodes into the member it was made from"
    );

    let loose: types::Shapes = serde_json::from_value(
        json!({"amount": 2.5, "filter": {"from": 1}, "value": {"any": [1]}}),
    )
    .expect("decodes");
    assert_eq!(loose.amount, Some(types::ShapesAmount::Number(2.5)));
    assert!(
        matches!(loose.filter, Some(types::ShapesFilter::LooseFilter(_))),
        "{loose:?}"
    );
    assert_eq!(
        loose.value,
        Some(types::ShapesValue::Value(json!({"any": [1]})))
    );
}

#[tokio::test]
async fn a_member_that_is_a_union_takes_the_tags_of_its_members() {
    let server = echoing("/inputs").await;
    let client = Client::new(&server.uri()).expect("client");
    let easy = json!({"type": "message", "role": "user", "content": "hi"});
    let full = json!({"type": "message", "id": "m1", "role": "user", "content": ["hi"]});
    let call = json!({"type": "function_call", "name": "lookup", "arguments": "{}"});

    let decode =
        |v: &Value| serde_json::from_value::<types::InputItem>(v.clone()).expect("decodes");
    assert!(matches!(decode(&easy), types::InputItem::EasyMessage(_)));
    // `message` with an array of content is not an EasyMessage: the tag's next member takes it.
    assert!(matches!(
        decode(&full),
        types::InputItem::Item(types::Item::Message(_))
    ));
    assert!(matches!(
        decode(&call),
        types::InputItem::Item(types::Item::FunctionCall(_))
    ));

    let item = decode(&call);
    let back = client.echo_input(&item).await.expect("echoed");
    assert_eq!(sent_body(&server).await, call);
    assert_eq!(back, item);
}

#[test]
fn an_untagged_union_whose_objects_pin_their_type_decodes_by_it() {
    // Without the implicit tag, `custom` would decode as a FunctionChoice whose open `type`
    // enum holds `Unknown("custom")`: the first object member with the same fields.
    let decode = |v: Value| serde_json::from_value::<types::ShapesToolChoice>(v).expect("decodes");
    assert!(matches!(
        decode(json!({"type": "custom", "name": "grep"})),
        types::ShapesToolChoice::CustomChoice(c) if c.name == "grep"
    ));
    assert!(matches!(
        decode(json!({"type": "function", "name": "lookup"})),
        types::ShapesToolChoice::FunctionChoice(_)
    ));
    assert!(matches!(
        decode(json!("auto")),
        types::ShapesToolChoice::ToolMode(types::ToolMode::Auto)
    ));
    let later = json!({"type": "shell"});
    assert_eq!(decode(later.clone()), types::ShapesToolChoice::Unknown(later));
}
