//! The `tracing` span of a call carries the operationId, method, path template and status, and
//! no secret.
//!
//! A test binary of its own: `tracing` caches whether a callsite is enabled when the callsite is
//! first hit. Beside other tests that make requests with no subscriber, the request span's
//! callsite could be cached as disabled before this test installs its subscriber, and the span
//! would never be recorded (seen once in CI as "no request span in []").

use std::sync::{Arc, Mutex};

use generated::runtime::Secret;
use generated::squadus;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A `tracing` subscriber that keeps the name and fields of every span, as text.
#[derive(Default, Clone)]
struct Spans(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = self.0.lock().expect("lock");
        let mut text = span.metadata().name().to_owned();
        span.record(&mut Fields(&mut text));
        spans.push(text);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().expect("lock");
        if let Some(text) = spans.get_mut(id.into_u64() as usize - 1) {
            values.record(&mut Fields(text));
        }
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn the_span_of_a_call_names_the_operation_and_status_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users.info"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "status": "error", "message": "You must be logged in to do this." })))
        .mount(&server)
        .await;
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let client = squadus::Client::new(&format!("{}/api/v1", server.uri()))
        .expect("client")
        .with_auth_token(Secret::new("pat-Yk3v0Jx"))
        .with_user_id("owner-id");
    let err = client
        .get_user_info()
        .user_id("owner-id")
        .await
        .expect_err("401");
    assert!(!err.to_string().contains("pat-Yk3v0Jx"), "{err}");

    let recorded = spans.0.lock().expect("lock").clone();
    let call = recorded.iter().find(|s| s.starts_with("http.request")).unwrap_or_else(|| panic!("no request span in {recorded:?}"));
    for field in [
        "operation_id=\"getUserInfo\"",
        "http.request.method=\"GET\"",
        "url.template=\"/users.info\"",
        "http.response.status_code=401",
    ] {
        assert!(call.contains(field), "{field} missing from {call}");
    }
    assert!(recorded.iter().all(|s| !s.contains("pat-Yk3v0Jx") && !s.contains("owner-id")), "{recorded:?}");
}
