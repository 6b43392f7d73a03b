//! The machinery under every generated `mock` module (cargo feature `mock`): an in-process
//! [wiremock] server that knows the API's operations, answers stubs and examples, and refuses
//! (with a `401` or `400`) and records every request the spec does not allow.
//!
//! Generated code describes each operation with an [`OpSpec`] and wraps [`When`] and [`Then`]
//! in types with one method per parameter and per documented response; everything generic is
//! here, compiled once.

mod check;
mod pages;
mod stub;

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

pub use pages::{LinkStep, PageLayout, PageQuery};
pub use stub::{SseEvent, Stub, Then, When};

use check::{refusal, route, Seen};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    /// In the path.
    Path,
    /// In the query.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// What text a parameter (or each item of a list parameter) must parse as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything (strings, enums, objects).
    Any,
    /// `true` or `false`.
    Bool,
    /// An integer.
    Int,
    /// A number.
    Number,
    /// A UUID.
    Uuid,
    /// `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 date-time.
    DateTime,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The name on the wire.
    pub wire: &'static str,
    /// Where it goes.
    pub loc: Loc,
    /// Whether a request must have it.
    pub required: bool,
    /// What its text (or each item's) must be.
    pub kind: Kind,
    /// Whether it is a list.
    pub list: bool,
    /// The separator of a list's items in one value (`None`: one item per repeated key).
    pub sep: Option<char>,
}

/// A function that says why a request body does not decode into the operation's body type.
pub type BodyCheck = fn(&[u8]) -> Result<(), String>;

/// An operation's request body.
#[derive(Debug, Clone, Copy)]
pub struct BodySpec {
    /// Whether a request must have one.
    pub required: bool,
    /// Checks that it decodes (JSON bodies; others are not checked).
    pub check: Option<BodyCheck>,
}

/// A credential an operation's `security` asks for, and where a request carries it.
#[derive(Debug, Clone, Copy)]
pub struct CredentialSpec {
    /// The security scheme's key.
    pub scheme: &'static str,
    /// Where it goes (HTTP bearer and basic: the `Authorization` header).
    pub loc: Loc,
    /// The header, query parameter or cookie name.
    pub name: &'static str,
}

/// A documented response example.
#[derive(Debug, Clone, Copy)]
pub struct ExampleSpec {
    /// The status.
    pub status: u16,
    /// The media type.
    pub media_type: &'static str,
    /// The body.
    pub body: &'static str,
}

/// What the mock knows of one operation.
#[derive(Debug, Clone, Copy)]
pub struct OpSpec {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, with the parameters' wire names in braces.
    pub path: &'static str,
    /// Its parameters.
    pub params: &'static [ParamSpec],
    /// The credentials a request must carry: every one of one of these sets (the spec's
    /// `security` alternatives). Empty when none is needed.
    pub credentials: &'static [&'static [CredentialSpec]],
    /// Its request body.
    pub body: Option<BodySpec>,
    /// Its first documented success example.
    pub example: Option<ExampleSpec>,
}

impl OpSpec {
    fn label(&self) -> String {
        format!("{} ({} {})", self.id, self.method, self.path)
    }
}

/// An operation, typed by its request body (`serde_json::Value` when it has no JSON body):
/// pass it to [`MockCore::received`].
pub struct Op<B> {
    /// What the mock knows of it.
    pub spec: OpSpec,
    body: PhantomData<fn() -> B>,
}

impl<B> Op<B> {
    /// Types an operation.
    pub const fn new(spec: OpSpec) -> Self {
        Op { spec, body: PhantomData }
    }
}

/// Whether `body` decodes into `T` (the [`BodyCheck`] of a JSON body).
pub fn check_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    super::decode_json::<T>(body).map(drop)
}

/// One request an operation received.
#[derive(Debug, Clone)]
pub struct Received<B> {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query pairs, decoded.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body, when it decodes into the operation's body type.
    pub body: Option<B>,
    /// The body as sent.
    pub raw_body: bytes::Bytes,
}

/// Requests the spec forbids, and stubs whose call count was set.
#[derive(Default)]
struct Ledger {
    violations: Mutex<Vec<String>>,
    counted: Mutex<Vec<stub::Counted>>,
}

/// The mock server of one API: the generated `MockServer` derefs to it.
pub struct MockCore {
    server: wiremock::MockServer,
    ops: Arc<Vec<&'static OpSpec>>,
    ledger: Arc<Ledger>,
}

impl std::fmt::Debug for MockCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockCore").field("url", &self.url()).field("operations", &self.ops.len()).finish()
    }
}

/// The priority of stubs, of served examples, and of the catch-all that enforces the spec
/// (wiremock tries lower numbers first).
const STUB_PRIORITY: u8 = 1;
const EXAMPLE_PRIORITY: u8 = 100;
const FALLBACK_PRIORITY: u8 = u8::MAX;

impl MockCore {
    /// Starts a server for these operations.
    pub async fn start(ops: Vec<&'static OpSpec>) -> Self {
        let core = MockCore { server: wiremock::MockServer::start().await, ops: Arc::new(ops), ledger: Arc::default() };
        let fallback = Fallback { ops: core.ops.clone(), ledger: core.ledger.clone() };
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(fallback)
            .with_priority(FALLBACK_PRIORITY)
            .mount(&core.server)
            .await;
        core
    }

    /// The base URL of the server (`http://127.0.0.1:<port>`).
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// The underlying wiremock server, for anything the typed methods do not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Answers every operation that has a documented success example with it, at a lower
    /// priority than stubs: an operation with a stub that matches gets the stub's answer.
    pub async fn serve_examples(&self) {
        for (i, op) in self.ops.iter().enumerate() {
            let Some(ex) = op.example else { continue };
            let template = wiremock::ResponseTemplate::new(ex.status).set_body_raw(ex.body.as_bytes().to_vec(), ex.media_type);
            wiremock::Mock::given(stub::OpMatch { ops: self.ops.clone(), op: i, when: When::default() })
                .respond_with(template)
                .with_priority(EXAMPLE_PRIORITY)
                .mount(&self.server)
                .await;
        }
    }

    /// Panics listing every request the spec forbids that the server got, and every stub whose
    /// call count ([`Stub::times`]) was not met.
    pub async fn verify(&self) {
        let mut problems: Vec<String> = self.ledger.violations.lock().map(|v| v.clone()).unwrap_or_default();
        if let Ok(counted) = self.ledger.counted.lock() {
            problems.extend(counted.iter().filter_map(stub::Counted::unmet));
        }
        if !problems.is_empty() {
            panic!("the mock server found {} problem(s):\n- {}", problems.len(), problems.join("\n- "));
        }
    }

    /// The requests `op` received (valid or not), in order, with their bodies decoded.
    pub async fn received<B: serde::de::DeserializeOwned>(&self, op: &Op<B>) -> Vec<Received<B>> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter(|r| {
                let seen = Seen::of(r);
                route(&self.ops, seen.method, seen.path).is_some_and(|i| self.ops[i].id == op.spec.id)
            })
            .map(|r| Received {
                method: r.method.to_string(),
                path: r.url.path().to_owned(),
                query: Seen::of(r).query,
                headers: r.headers.clone(),
                body: super::decode_json::<B>(&r.body).ok(),
                raw_body: bytes::Bytes::from(r.body.clone()),
            })
            .collect()
    }

    /// A `When` for the generated per-operation wrapper.
    #[doc(hidden)]
    pub fn when(&self) -> When {
        When::default()
    }

    /// A `Then` for the generated per-operation wrapper.
    #[doc(hidden)]
    pub fn then(&self) -> Then {
        Then::default()
    }

    /// A stub of `op` (mounted when awaited).
    #[doc(hidden)]
    pub fn stub<B>(&self, op: &'static Op<B>, when: When, then: Then) -> Stub<'_> {
        let index = self.ops.iter().position(|o| o.id == op.spec.id).unwrap_or(usize::MAX);
        Stub::new(self, index, when, then)
    }
}

/// The lowest-priority answer: a `401` naming the credentials a request lacks or a `400` naming
/// what else it got wrong (both recorded for [`MockCore::verify`]), or a `404` for a valid
/// request nothing was set up to answer.
struct Fallback {
    ops: Arc<Vec<&'static OpSpec>>,
    ledger: Arc<Ledger>,
}

impl wiremock::Respond for Fallback {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let seen = Seen::of(request);
        let found = route(&self.ops, seen.method, seen.path);
        let refused = match found {
            None => Some((400, format!("{} {}: no operation of the API has this method and path", seen.method, seen.path))),
            Some(i) => refusal(self.ops[i], &seen).map(|(status, p)| (status, format!("{}: {p}", self.ops[i].label()))),
        };
        match (refused, found) {
            (Some((status, message)), _) => {
                if let Ok(mut v) = self.ledger.violations.lock() {
                    v.push(message.clone());
                }
                wiremock::ResponseTemplate::new(status).set_body_raw(message, "text/plain")
            }
            (None, Some(i)) => wiremock::ResponseTemplate::new(404)
                .set_body_raw(format!("{}: no stub matches this request", self.ops[i].label()), "text/plain"),
            (None, None) => wiremock::ResponseTemplate::new(404),
        }
    }
}
