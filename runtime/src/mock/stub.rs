//! Stubs: what a request must have ([`When`]), what the mock answers ([`Then`]), and the
//! [`Stub`] that mounts the pair.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::check::{path_params, refusal, route, Seen};
use super::pages::{PageLayout, PageQuery, Pager};
use super::{MockCore, OpSpec, STUB_PRIORITY};

/// What a request must have for a stub to answer it; only what is set is matched. The
/// generated `<Operation>When` types set it in the operation's own types.
#[derive(Debug, Clone, Default)]
pub struct When {
    path: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Option<serde_json::Value>,
}

impl When {
    /// The path parameter `wire` must be `value` (as the client writes it).
    pub fn path<T: serde::Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
        self.path.push((wire, super::super::param_text(value)));
    }

    /// The query parameter `wire` must be `value`, written in `style`.
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, wire: &'static str, value: &T, style: super::super::QueryStyle) {
        super::super::query_pairs(wire, value, style, &mut self.query);
    }

    /// The header `wire` must be `value`.
    pub fn header<T: serde::Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
        self.headers.push((wire, super::super::param_text(value)));
    }

    /// The cookie `wire` must be `value`.
    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
        self.cookies.push((wire, super::super::param_text(value)));
    }

    /// The JSON body must equal `value`.
    pub fn body<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        self.body = Some(serde_json::to_value(value).unwrap_or(serde_json::Value::Null));
    }

    fn matches(&self, op: &OpSpec, seen: &Seen<'_>) -> bool {
        let path_ok = self.path.is_empty()
            || path_params(op.path, seen.path)
                .is_some_and(|(_, got)| self.path.iter().all(|want| got.iter().any(|(k, v)| k == &want.0 && *v == want.1)));
        let query_ok = self.query.iter().all(|(key, _)| {
            let want = self.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
            let got = seen.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
            want.eq(got)
        });
        let headers_ok = self
            .headers
            .iter()
            .all(|(k, v)| seen.headers.get_all(*k).iter().any(|h| h.as_bytes() == v.as_bytes()));
        let cookies_ok = self.cookies.iter().all(|(k, v)| {
            let spec = super::ParamSpec { wire: k, loc: super::Loc::Cookie, required: false, kind: super::Kind::Any, list: false, sep: None };
            seen.values(op, &spec).contains(v)
        });
        let body_ok = match &self.body {
            None => true,
            Some(want) => serde_json::from_slice::<serde_json::Value>(seen.body).is_ok_and(|got| got == *want),
        };
        path_ok && query_ok && headers_ok && cookies_ok && body_ok
    }
}

/// What a stub answers. The generated `<Operation>Then` types write it from the operation's
/// own types, in the wire form its client expects.
#[derive(Debug, Clone)]
pub struct Then {
    status: u16,
    media_type: Option<String>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    pager: Option<Arc<Pager>>,
}

impl Default for Then {
    fn default() -> Self {
        // A stub whose answer was never set answers as a server with nothing to say would.
        Then { status: 204, media_type: None, body: Vec::new(), headers: Vec::new(), pager: None }
    }
}

impl Then {
    fn set(&mut self, status: u16, media_type: &str, body: Vec<u8>) {
        self.pager = None;
        self.status = status;
        self.media_type = Some(media_type.to_owned());
        self.body = body;
    }

    /// Answers `status` with no body.
    pub fn empty(&mut self, status: u16) {
        self.pager = None;
        self.status = status;
        self.media_type = None;
        self.body.clear();
    }

    /// Answers `status` with `body` as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, status: u16, body: &T) {
        self.set(status, "application/json", serde_json::to_vec(body).unwrap_or_default());
    }

    /// Answers `status` with `body` as JSON in an envelope: the fields of `skeleton` (a JSON
    /// object with placeholders for the envelope's other required fields), and `body` under
    /// `payload_field`.
    pub fn enveloped<T: serde::Serialize + ?Sized>(&mut self, status: u16, body: &T, skeleton: &str, payload_field: &str) {
        let mut envelope: serde_json::Map<String, serde_json::Value> = serde_json::from_str(skeleton).unwrap_or_default();
        envelope.insert(payload_field.to_owned(), serde_json::to_value(body).unwrap_or(serde_json::Value::Null));
        self.json(status, &envelope);
    }

    /// Answers an error `status` with `body` as JSON, its envelope's `success_field` set to
    /// `false` as the API does.
    pub fn failure<T: serde::Serialize + ?Sized>(&mut self, status: u16, body: &T, success_field: &str) {
        let mut value = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
        if let Some(object) = value.as_object_mut() {
            object.insert(success_field.to_owned(), serde_json::Value::Bool(false));
        }
        self.json(status, &value);
    }

    /// Answers `status` with `body` as `text/plain` (or `media_type`).
    pub fn text(&mut self, status: u16, body: &str, media_type: &str) {
        self.set(status, media_type, body.as_bytes().to_vec());
    }

    /// Answers `status` with raw bytes of `media_type`.
    pub fn bytes(&mut self, status: u16, body: impl Into<bytes::Bytes>, media_type: &str) {
        self.set(status, media_type, body.into().to_vec());
    }

    /// Answers `status` with a `text/event-stream` of one event per item: its data alone (as
    /// JSON), or a whole [`Event`](super::super::Event) with its name, id and retry.
    pub fn events<T, E: SseEvent<T>>(&mut self, status: u16, events: &[E]) {
        let mut body = String::new();
        for e in events {
            e.write_to(&mut body);
        }
        self.set(status, "text/event-stream", body.into_bytes());
    }

    /// Answers `status` with every item of a list, one page per request: the page the
    /// request's query asks for, laid out as `layout` says, with what asks for the next page
    /// (a next cursor or token in the body, or a `Link` header).
    pub fn pages<T: serde::Serialize>(&mut self, status: u16, items: &[T], query: PageQuery, layout: PageLayout) {
        let items = items.iter().map(|i| serde_json::to_value(i).unwrap_or(serde_json::Value::Null)).collect();
        self.set(status, "application/json", Vec::new());
        self.pager = Some(Arc::new(Pager { items, query, layout }));
    }

    /// Sets the answer's media type (after the body is set).
    pub fn media_type(&mut self, media_type: &str) {
        self.media_type = Some(media_type.to_owned());
    }

    /// Adds a response header.
    pub fn header(&mut self, name: &str, value: impl std::fmt::Display) {
        self.headers.push((name.to_owned(), value.to_string()));
    }

    /// Sets the response header `name` to `value` as the client's typed headers read it back:
    /// a string as it is, anything else (numbers, booleans) as JSON text. It replaces a header
    /// of that name set before.
    pub fn typed_header<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), super::super::param_text(value)));
    }

    /// Adds each `(name, value)` whose header is not set, when the answer is a success: the
    /// headers the spec's success responses must send, so that an answer has them even when
    /// the test set none.
    pub fn required_headers(&mut self, headers: &[(&str, &str)]) {
        if !(200..300).contains(&self.status) {
            return;
        }
        for (name, value) in headers {
            if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                self.headers.push(((*name).to_owned(), (*value).to_owned()));
            }
        }
    }

    fn template(&self, seen: &Seen<'_>) -> wiremock::ResponseTemplate {
        let mut t = wiremock::ResponseTemplate::new(self.status);
        for (k, v) in &self.headers {
            t = t.append_header(k.as_str(), v.as_str());
        }
        let body = match &self.pager {
            Some(pager) => {
                let served = pager.page(&request_url(seen), &seen.query);
                if let Some(link) = served.link {
                    t = t.append_header("link", link.as_str());
                }
                served.body
            }
            None => self.body.clone(),
        };
        match &self.media_type {
            Some(media) => t.set_body_raw(body, media),
            None => t,
        }
    }
}

/// The URL a request was sent to, without its query: absolute on the host the client named
/// (a next-page link there is on the client's origin), else the path alone.
fn request_url(seen: &Seen<'_>) -> String {
    match seen.headers.get(reqwest::header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}{}", seen.path),
        None => seen.path.to_owned(),
    }
}

/// One event of a mocked `text/event-stream` answer: its data alone (any `T`), or a whole
/// [`Event`](super::super::Event) with its `event` name, `id` and `retry`, as the client's
/// `EventStream` yields them.
pub trait SseEvent<T> {
    /// Writes the event's fields, ending with the blank line that ends an event.
    fn write_to(&self, out: &mut String);
}

impl<T: serde::Serialize> SseEvent<T> for T {
    fn write_to(&self, out: &mut String) {
        write_data(out, self);
    }
}

impl<T: serde::Serialize> SseEvent<T> for super::super::Event<T> {
    fn write_to(&self, out: &mut String) {
        let retry = self.retry.map(|r| r.to_string());
        for (field, value) in [("event", &self.event), ("id", &self.id), ("retry", &retry)] {
            if let Some(value) = value {
                // A line break would end the field early; the format has no escape for one.
                out.push_str(&format!("{field}: {}\n", value.replace(['\r', '\n'], "")));
            }
        }
        write_data(out, &self.data);
    }
}

/// An event's `data:` line (one line: JSON has no raw line breaks) and the blank line.
fn write_data<T: serde::Serialize + ?Sized>(out: &mut String, data: &T) {
    out.push_str("data: ");
    out.push_str(&serde_json::to_string(data).unwrap_or_default());
    out.push_str("\n\n");
}

/// Matches the requests of one operation that the spec allows and that satisfy a [`When`].
pub(super) struct OpMatch {
    pub ops: Arc<Vec<&'static OpSpec>>,
    pub op: usize,
    pub when: When,
}

impl wiremock::Match for OpMatch {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let seen = Seen::of(request);
        let Some(op) = self.ops.get(self.op) else { return false };
        // A request the spec forbids falls through to the fallback, which refuses and records it.
        route(&self.ops, seen.method, seen.path) == Some(self.op) && refusal(op, &seen).is_none() && self.when.matches(op, &seen)
    }
}

/// A stub whose call count is checked by `verify`.
pub(super) struct Counted {
    label: String,
    expected: u64,
    calls: Arc<AtomicU64>,
}

impl Counted {
    pub fn unmet(&self) -> Option<String> {
        let calls = self.calls.load(Ordering::SeqCst);
        (calls != self.expected).then(|| format!("a stub of {} expected {} call(s), got {calls}", self.label, self.expected))
    }
}

struct CountingResponder {
    then: Then,
    calls: Arc<AtomicU64>,
}

impl wiremock::Respond for CountingResponder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.then.template(&Seen::of(request))
    }
}

/// A stub of one operation, mounted when awaited. Stubs are tried in the order they were
/// mounted, all before served examples.
#[must_use = "a stub is mounted when it is awaited"]
pub struct Stub<'a> {
    core: &'a MockCore,
    op: usize,
    when: When,
    then: Then,
    times: Option<u64>,
}

impl<'a> Stub<'a> {
    pub(super) fn new(core: &'a MockCore, op: usize, when: When, then: Then) -> Self {
        Stub { core, op, when, then, times: None }
    }

    /// Expects exactly `n` calls: `verify` panics otherwise.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    async fn mount(self) {
        let calls = Arc::new(AtomicU64::new(0));
        if let (Some(expected), Some(op)) = (self.times, self.core.ops.get(self.op)) {
            if let Ok(mut counted) = self.core.ledger.counted.lock() {
                counted.push(Counted { label: op.label(), expected, calls: calls.clone() });
            }
        }
        let matcher = OpMatch { ops: self.core.ops.clone(), op: self.op, when: self.when };
        wiremock::Mock::given(matcher)
            .respond_with(CountingResponder { then: self.then, calls })
            .with_priority(STUB_PRIORITY)
            .mount(&self.core.server)
            .await;
    }
}

impl<'a> IntoFuture for Stub<'a> {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.mount())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::{Event, RawEvent, SseParser};
    use super::SseEvent;

    fn written<T, E: SseEvent<T>>(events: &[E]) -> Vec<RawEvent> {
        let mut body = String::new();
        for e in events {
            e.write_to(&mut body);
        }
        SseParser::default().feed(body.as_bytes())
    }

    #[test]
    fn events_with_a_name_and_id_read_back_as_the_client_parses_them() {
        let named = Event { event: Some("created".into()), id: Some("7\nx".into()), retry: Some(500), data: vec![1, 2] };
        let read = written(&[named, Event { event: None, id: None, retry: None, data: vec![3] }]);
        let first = RawEvent { event: Some("created".into()), id: Some("7x".into()), retry: Some(500), data: "[1,2]".into() };
        // The id carries over to later events, as the format says.
        let second = RawEvent { event: None, id: Some("7x".into()), retry: None, data: "[3]".into() };
        assert_eq!(read, [first, second]);
    }

    #[test]
    fn data_alone_is_an_event_of_data() {
        let read = written(&["a\nb".to_owned()]);
        assert_eq!(read, [RawEvent { data: "\"a\\nb\"".into(), ..RawEvent::default() }]);
    }
}
