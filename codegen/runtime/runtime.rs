// Support code shared by every generated client. The generator copies this file verbatim into
// each crate it writes (as `runtime.rs`), so a generated crate depends only on published crates.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

/// A credential or other sensitive string. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a sensitive value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself: call this only where it must leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// A file to upload as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The part's file name, sent in its `Content-Disposition`.
    pub file_name: String,
    /// The part's `Content-Type`; the spec's encoding (or `application/octet-stream`) when `None`.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Bytes,
}

impl FilePart {
    /// A part named `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FilePart { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
    }

    /// Sets the part's `Content-Type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// What came back when the response was not what the spec documents for that status,
/// or a documented error body did not decode. The raw body is kept.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body (up to the client's size limit).
    pub body: Bytes,
}

impl RawResponse {
    /// The body as text, lossily decoded, for logs and messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body", &snippet(&self.body))
            .finish()
    }
}

/// A documented error response, its body decoded into the spec's type.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded error body.
    pub body: E,
}

/// Everything a generated call can fail with. `E` is the operation's documented error body.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be built from the given values (e.g. a header value with CR/LF).
    InvalidRequest(String),
    /// Connecting, sending or receiving failed, or timed out.
    Transport(reqwest::Error),
    /// The server answered with a status the spec documents as an error.
    Api(Box<ApiError<E>>),
    /// The status is not in the spec, or an error body did not match its documented type.
    UnexpectedResponse(Box<RawResponse>),
    /// A success body did not match its documented type.
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// What did not match, with the path to it (`result.members[0].jid: missing field`).
        message: String,
        /// The start of the body.
        snippet: String,
    },
    /// The body was larger than the client's limit.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A [`TokenSource`] could not provide a token for the request; the message names the scheme.
    Auth(String),
}

impl<E> Error<E> {
    /// The HTTP status, where a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(r) => Some(r.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::BodyTooLarge { .. } | Error::Auth(_) => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Api(e) => write!(f, "API error {}: {:?}", e.status, e.body),
            Error::UnexpectedResponse(r) => {
                write!(f, "unexpected response {}: {}", r.status, snippet(&r.body))
            }
            Error::Decode { status, message, snippet } => {
                write!(f, "could not decode the {status} response: {message}; body starts: {snippet}")
            }
            Error::BodyTooLarge { limit } => write!(f, "response body larger than {limit} bytes"),
            Error::Auth(m) => write!(f, "could not get a token: {m}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        // reqwest puts the URL in its messages; a URL can carry an API key in its query.
        Error::Transport(e.without_url())
    }
}

const SNIPPET_CHARS: usize = 200;

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// How to build the HTTP client behind a generated `Client`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Whole-request timeout (default 30 s).
    pub timeout: Option<Duration>,
    /// Connect timeout (default 10 s).
    pub connect_timeout: Option<Duration>,
    /// Bodies larger than this fail with [`Error::BodyTooLarge`] (default 32 MiB).
    pub max_response_bytes: usize,
    /// Keep cookies the server sets, for cookie-based sessions.
    pub cookie_store: bool,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            max_response_bytes: 32 * 1024 * 1024,
            cookie_store: false,
            user_agent: concat!("openapi-bindings/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl ClientConfig {
    fn build_http(&self) -> Result<reqwest::Client, reqwest::Error> {
        let mut b = reqwest::Client::builder()
            .user_agent(self.user_agent.clone())
            .cookie_store(self.cookie_store)
            .use_rustls_tls();
        if let Some(t) = self.timeout {
            b = b.timeout(t);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(t);
        }
        b.build()
    }
}

/// Where a security scheme puts its credential.
#[derive(Debug, Clone, Copy)]
pub enum AuthPlacement {
    /// An API key in the named header.
    Header(&'static str),
    /// An API key in the named query parameter.
    Query(&'static str),
    /// An API key in the named cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password>`; the credential is `user:password`.
    Basic,
}

/// The transport shared by a generated `Client` and its clones.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    max_response_bytes: usize,
    credentials: Arc<RwLock<BTreeMap<&'static str, Secret>>>,
    token_sources: Arc<RwLock<BTreeMap<&'static str, Arc<TokenCache>>>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&'static str> = match self.credentials.read() {
            Ok(c) => c.keys().copied().collect(),
            Err(_) => Vec::new(),
        };
        let sources: Vec<&'static str> = match self.token_sources.read() {
            Ok(c) => c.keys().copied().collect(),
            Err(_) => Vec::new(),
        };
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("credentials_for", &schemes)
            .field("token_sources_for", &sources)
            .finish()
    }
}

impl ClientCore {
    /// A core with its own HTTP client built from `config`.
    pub fn new(base_url: impl Into<String>, config: &ClientConfig) -> Result<Self, reqwest::Error> {
        let http = config.build_http()?;
        Ok(Self::with_http_client(base_url, http, config.max_response_bytes))
    }

    /// A core over a caller-provided HTTP client.
    pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client, max_response_bytes: usize) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        ClientCore {
            base_url,
            http,
            max_response_bytes,
            credentials: Arc::default(),
            token_sources: Arc::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Stores (or with `None` removes) the credential for a security scheme.
    pub fn set_credential(&self, scheme: &'static str, value: Option<Secret>) {
        // A poisoned lock only means another thread panicked mid-write of a whole value.
        let mut creds = self.credentials.write().unwrap_or_else(|p| p.into_inner());
        match value {
            Some(v) => creds.insert(scheme, v),
            None => creds.remove(scheme),
        };
    }

    /// Whether a credential is stored for the scheme.
    pub fn has_credential(&self, scheme: &'static str) -> bool {
        self.credentials.read().map(|c| c.contains_key(scheme)).unwrap_or(false)
    }

    /// Starts a request; `path` is already percent-encoded.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{}", self.base_url, path))
    }

    /// Adds the stored credentials of the given schemes. Tokens from a [`TokenSource`] are not
    /// added here (fetching one is async): [`ClientCore::execute_authorized`] does both.
    pub fn authorize<E>(
        &self,
        req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        self.authorize_with(req, schemes, &BTreeMap::new())
    }

    /// Like [`ClientCore::authorize`]; a scheme with an entry in `tokens` uses that token instead of
    /// its stored credential.
    fn authorize_with<E>(
        &self,
        mut req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
        tokens: &BTreeMap<&'static str, CachedToken>,
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        let creds = self.credentials.read().unwrap_or_else(|p| p.into_inner());
        let mut cookies = Vec::new();
        for (scheme, placement) in schemes {
            let secret = match tokens.get(scheme) {
                Some(token) => &token.value,
                None => match creds.get(scheme) {
                    Some(secret) => secret,
                    None => continue,
                },
            };
            let value = secret.expose();
            req = match placement {
                AuthPlacement::Header(name) => req.header(*name, sensitive_header(value, scheme)?),
                AuthPlacement::Query(name) => req.query(&[(*name, value)]),
                AuthPlacement::Cookie(name) => {
                    cookies.push(format!("{name}={value}"));
                    req
                }
                AuthPlacement::Bearer => req.header(
                    reqwest::header::AUTHORIZATION,
                    sensitive_header(&format!("Bearer {value}"), scheme)?,
                ),
                AuthPlacement::Basic => {
                    let (user, password) = value.split_once(':').unwrap_or((value, ""));
                    req.basic_auth(user, Some(password))
                }
            };
        }
        if !cookies.is_empty() {
            req = req.header(reqwest::header::COOKIE, sensitive_header(&cookies.join("; "), "cookie")?);
        }
        Ok(req)
    }

    /// The future of one operation: sends the built request (with the credentials of
    /// `schemes`, if any) and hands the response to `decode`. Every operation method is a call to
    /// this, so the async machinery exists once rather than once per operation: on GitHub's
    /// 1223 operations that was a sixth of the crate's compile time and memory.
    // Not an `async fn`: the signature promises `Send`, which callers spawning it rely on.
    #[allow(clippy::manual_async_fn)]
    pub fn send<'a, T, E, D>(
        &'a self,
        request: Result<reqwest::RequestBuilder, Error<E>>,
        schemes: &'static [(&'static str, AuthPlacement)],
        decode: D,
    ) -> impl std::future::Future<Output = Result<T, Error<E>>> + Send + 'a
    where
        D: FnOnce(RawResponse) -> Result<T, Error<E>> + Send + 'a,
        T: Send + 'a,
        E: Send + 'a,
    {
        async move {
            let request = request?;
            let raw = if schemes.is_empty() {
                self.execute(request).await?
            } else {
                self.execute_authorized(request, schemes).await?
            };
            decode(raw)
        }
    }

    /// Sends the request and reads the whole body, up to the size limit.
    pub async fn execute<E>(&self, req: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
        let mut resp = req.send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let limit = self.max_response_bytes;
        if resp.content_length().is_some_and(|len| len > limit as u64) {
            return Err(Error::BodyTooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers, body: Bytes::from(body) })
    }

    /// Registers (or with `None` removes) a [`TokenSource`] for a security scheme, for this core
    /// and its clones. While one is registered, the scheme's token comes from it (cached and
    /// renewed as [`ClientCore::execute_authorized`] describes) instead of the stored credential.
    pub fn set_token_source(&self, scheme: &'static str, source: Option<Arc<dyn TokenSource>>) {
        let mut sources = self.token_sources.write().unwrap_or_else(|p| p.into_inner());
        match source {
            Some(s) => sources.insert(scheme, Arc::new(TokenCache::new(s))),
            None => sources.remove(scheme),
        };
    }

    /// Whether a [`TokenSource`] is registered for the scheme.
    pub fn has_token_source(&self, scheme: &'static str) -> bool {
        self.token_sources.read().map(|s| s.contains_key(scheme)).unwrap_or(false)
    }

    /// Adds the credentials of the given schemes and sends the request.
    ///
    /// For a scheme with a [`TokenSource`], the token is fetched on first use, cached, and
    /// renewed before it expires (once less than a tenth of its lifetime, at most 60 s, is left);
    /// concurrent calls share one fetch. If the server answers `401 Unauthorized` to a request
    /// that carried such a token, the token is renewed once and the request re-sent once; the
    /// second answer is returned whatever it is. A request whose body is a stream cannot be
    /// re-sent, so its `401` is returned as is.
    pub async fn execute_authorized<E>(
        &self,
        req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
    ) -> Result<RawResponse, Error<E>> {
        let caches: Vec<(&'static str, Arc<TokenCache>)> = {
            let sources = self.token_sources.read().unwrap_or_else(|p| p.into_inner());
            schemes
                .iter()
                .filter_map(|(scheme, _)| sources.get(scheme).map(|c| (*scheme, Arc::clone(c))))
                .collect()
        };
        if caches.is_empty() {
            let req = self.authorize(req, schemes)?;
            return self.execute(req).await;
        }
        let mut tokens = BTreeMap::new();
        for (scheme, cache) in &caches {
            tokens.insert(*scheme, cache.token(None).await.map_err(|m| token_error(scheme, m))?);
        }
        let retry = req.try_clone();
        let raw = self.execute(self.authorize_with(req, schemes, &tokens)?).await?;
        if raw.status != StatusCode::UNAUTHORIZED {
            return Ok(raw);
        }
        let Some(retry) = retry else { return Ok(raw) };
        for (scheme, cache) in &caches {
            let rejected = tokens.get(scheme).map(|t| t.generation);
            let fresh = cache.token(rejected).await.map_err(|m| token_error(scheme, m))?;
            tokens.insert(*scheme, fresh);
        }
        self.execute(self.authorize_with(retry, schemes, &tokens)?).await
    }
}

fn token_error<E>(scheme: &str, message: String) -> Error<E> {
    Error::Auth(format!("token for `{scheme}`: {message}"))
}

fn sensitive_header<E>(value: &str, what: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    let mut v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!("the credential for `{what}` is not a valid header value"))
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// A header value from a parameter; CR, LF and other non-visible bytes are refused, so a value
/// can never start another header.
pub fn header_value<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    // HTTP allows opaque non-ASCII bytes in headers, but servers disagree on their charset:
    // refuse them rather than send something the server reads differently.
    let refused = || Error::InvalidRequest(format!("header `{name}` may hold only visible ASCII characters"));
    if !value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) {
        return Err(refused());
    }
    reqwest::header::HeaderValue::from_str(value).map_err(|_| refused())
}

// A path segment keeps what RFC 3986 allows in it unencoded (unreserved, sub-delims, `:`, `@`,
// so a phone number's `+` stays `+`) and encodes the rest: `/`, `?`, `#` and `%` inside a value
// can never change the route.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes one path parameter value.
pub fn encode_path<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    // URL parsers treat `.`/`..` (even as `%2E`) as dot-segments and would walk up the path.
    if value == "." || value == ".." || value.is_empty() {
        return Err(Error::InvalidRequest(format!("path parameter `{name}` may not be `{value}`")));
    }
    Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

/// The text form of a parameter value: strings bare, numbers and booleans as written,
/// anything structured as JSON.
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => String::new(),
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

/// Query pairs for one parameter, following its `style` and `explode`.
pub fn query_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    out: &mut Vec<(String, String)>,
) {
    let json = match serde_json::to_value(value) {
        Ok(v) => v,
        Err(_) => return,
    };
    match (json, style) {
        (serde_json::Value::Null, _) => {}
        (serde_json::Value::Array(items), QueryStyle::Form { explode: true }) => {
            out.extend(items.iter().map(|i| (name.to_owned(), param_text(i))));
        }
        (serde_json::Value::Array(items), QueryStyle::Form { explode: false }) => {
            let joined: Vec<String> = items.iter().map(param_text).collect();
            out.push((name.to_owned(), joined.join(",")));
        }
        (serde_json::Value::Array(items), QueryStyle::Delimited(sep)) => {
            let joined: Vec<String> = items.iter().map(param_text).collect();
            out.push((name.to_owned(), joined.join(sep)));
        }
        (serde_json::Value::Object(map), QueryStyle::DeepObject) => deep_object(name, &map, out),
        (serde_json::Value::Object(map), QueryStyle::Form { explode: true }) => {
            out.extend(map.iter().map(|(k, v)| (k.clone(), param_text(v))));
        }
        (v, _) => out.push((name.to_owned(), param_text(&v))),
    }
}

fn deep_object(prefix: &str, map: &serde_json::Map<String, serde_json::Value>, out: &mut Vec<(String, String)>) {
    for (k, v) in map {
        let key = format!("{prefix}[{k}]");
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::Object(inner) => deep_object(&key, inner, out),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        serde_json::Value::Object(inner) => deep_object(&format!("{key}[{i}]"), inner, out),
                        other => out.push((format!("{key}[]"), param_text(other))),
                    }
                }
            }
            other => out.push((key, param_text(other))),
        }
    }
}

/// How a query parameter is serialized (OpenAPI `style`/`explode`).
#[derive(Debug, Clone, Copy)]
pub enum QueryStyle {
    /// `style: form`.
    Form {
        /// Arrays as repeated keys (`true`) or comma-joined (`false`).
        explode: bool,
    },
    /// `spaceDelimited` / `pipeDelimited`.
    Delimited(&'static str),
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
}

/// Runs the steps that build a request (encoding path parameters, headers, a multipart form),
/// so that a method can build its request before returning its future and `?` stops at the
/// first step that fails; the error then comes out of the future.
pub fn prepare<E>(
    build: impl FnOnce() -> Result<reqwest::RequestBuilder, Error<E>>,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    build()
}

/// Deserializes a string enum: a listed value becomes its variant, any other string `Unknown`.
/// One generic visitor shared by every enum keeps a big crate's compile time down.
pub fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
}

/// Decodes a JSON body into `T`; the error names the path to what did not match.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"null".as_slice() } else { body };
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })
}

/// Decodes a success body, or explains why it did not decode.
pub fn decode_success<T: serde::de::DeserializeOwned, E>(raw: &RawResponse) -> Result<T, Error<E>> {
    decode_json(&raw.body).map_err(|message| Error::Decode {
        status: raw.status,
        message,
        snippet: snippet(&raw.body),
    })
}

/// An error for a documented status whose body is already in hand.
pub fn api_error<E>(raw: RawResponse, body: E) -> Error<E> {
    Error::Api(Box::new(ApiError { status: raw.status, headers: raw.headers, body }))
}

/// An error for a response the spec does not describe; the raw body is kept.
pub fn unexpected<E>(raw: RawResponse) -> Error<E> {
    Error::UnexpectedResponse(Box::new(raw))
}

/// Decodes a documented error body; one that does not decode is kept raw.
pub fn decode_error<T: serde::de::DeserializeOwned, E>(
    raw: RawResponse,
    wrap: impl FnOnce(T) -> E,
) -> Error<E> {
    match decode_json::<T>(&raw.body) {
        Ok(body) => Error::Api(Box::new(ApiError { status: raw.status, headers: raw.headers, body: wrap(body) })),
        Err(_) => Error::UnexpectedResponse(Box::new(raw)),
    }
}

/// Whether an enveloped body reports failure through its boolean success field.
pub fn envelope_failed(body: &[u8], success_field: &str) -> bool {
    // Cheap check first: only bodies that mention `false` can say so.
    if !body.windows(5).any(|w| w == b"false") {
        return false;
    }
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
        Ok(map) => map.get(success_field) == Some(&serde_json::Value::Bool(false)),
        Err(_) => false,
    }
}

/// The body as UTF-8 text.
pub fn decode_text<E>(raw: &RawResponse) -> Result<String, Error<E>> {
    String::from_utf8(raw.body.to_vec()).map_err(|e| Error::Decode {
        status: raw.status,
        message: e.to_string(),
        snippet: snippet(&raw.body),
    })
}

/// The response's media type, without parameters, lower-cased.
pub fn media_type(raw: &RawResponse) -> String {
    raw.content_type().split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// A multipart text part with an explicit `Content-Type` (some servers and validators need one).
pub fn text_part<E>(value: String, content_type: &str) -> Result<reqwest::multipart::Part, Error<E>> {
    reqwest::multipart::Part::text(value)
        .mime_str(content_type)
        .map_err(|e| Error::InvalidRequest(format!("bad content type `{content_type}`: {e}")))
}

/// A multipart file part; its `Content-Type` is the file's own, else the spec's, else octet-stream.
pub fn file_part<E>(file: FilePart, default_type: &str) -> Result<reqwest::multipart::Part, Error<E>> {
    // The name goes into the part's `Content-Disposition` header: control characters there could
    // start a header of their own.
    if file.file_name.chars().any(char::is_control) {
        return Err(Error::InvalidRequest("a multipart file name may not contain control characters".to_owned()));
    }
    let content_type = file.content_type.unwrap_or_else(|| default_type.to_owned());
    reqwest::multipart::Part::stream(reqwest::Body::from(file.bytes))
        .file_name(file.file_name)
        .mime_str(&content_type)
        .map_err(|e| Error::InvalidRequest(format!("bad content type `{content_type}`: {e}")))
}

/// A boxed, `Send` future, as [`TokenSource::fetch_token`] returns.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Why a [`TokenSource`] could not provide a token. Its text ends up in [`Error::Auth`], so it
/// must not contain the credentials used to fetch the token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// A token and how long it stays valid. `Debug` never shows the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token itself.
    pub value: Secret,
    /// How long it stays valid from the moment it was fetched; `None` if unknown (it is then
    /// renewed only when the server answers `401`).
    pub expires_in: Option<Duration>,
}

impl Token {
    /// A token valid for `expires_in` (or, with `None`, until the server rejects it).
    pub fn new(value: impl Into<Secret>, expires_in: Option<Duration>) -> Self {
        Token { value: value.into(), expires_in }
    }
}

/// Fetches tokens for a security scheme, e.g. by exchanging client credentials at a token
/// endpoint. Register one with `ClientCore::set_token_source` (generated clients: with their
/// `with_token_source`); the client caches the token and asks for a new one before it expires or
/// after a `401`.
pub trait TokenSource: Send + Sync {
    /// Fetches a fresh token.
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>>;
}

/// Most time kept in reserve: a token is renewed once less than this is left of it.
const RENEW_MARGIN_MAX: Duration = Duration::from_secs(60);

/// When to renew a token fetched at `fetched` that lives `lifetime`: with a tenth of the
/// lifetime, at most [`RENEW_MARGIN_MAX`], left. `None` (never) if that overflows.
fn renew_at(fetched: std::time::Instant, lifetime: Duration) -> Option<std::time::Instant> {
    let margin = (lifetime / 10).min(RENEW_MARGIN_MAX);
    fetched.checked_add(lifetime.saturating_sub(margin))
}

#[derive(Clone)]
struct CachedToken {
    value: Secret,
    renew_at: Option<std::time::Instant>,
    /// Counts fetches, so a `401` renews only the token it was sent with.
    generation: u64,
}

/// One scheme's token: the source, the current token, and a lock so one fetch runs at a time.
struct TokenCache {
    source: Arc<dyn TokenSource>,
    current: RwLock<Option<CachedToken>>,
    renewal: tokio::sync::Mutex<()>,
}

impl TokenCache {
    fn new(source: Arc<dyn TokenSource>) -> Self {
        TokenCache { source, current: RwLock::new(None), renewal: tokio::sync::Mutex::new(()) }
    }

    /// The cached token if it is still fresh and is not the `rejected` generation.
    fn usable(&self, rejected: Option<u64>) -> Option<CachedToken> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| Some(t.generation) != rejected)
            .filter(|t| t.renew_at.is_none_or(|at| std::time::Instant::now() < at))
            .cloned()
    }

    /// A usable token, fetching one if needed. Callers that find none queue on `renewal`; the
    /// first fetches, the others then find its token.
    async fn token(&self, rejected: Option<u64>) -> Result<CachedToken, String> {
        if let Some(t) = self.usable(rejected) {
            return Ok(t);
        }
        let _renewing = self.renewal.lock().await;
        if let Some(t) = self.usable(rejected) {
            return Ok(t);
        }
        let token = self.source.fetch_token().await.map_err(|e| e.to_string())?;
        let fetched = std::time::Instant::now();
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        let generation = current.as_ref().map_or(0, |t| t.generation.wrapping_add(1));
        let cached = CachedToken {
            value: token.value,
            renew_at: token.expires_in.and_then(|life| renew_at(fetched, life)),
            generation,
        };
        *current = Some(cached.clone());
        Ok(cached)
    }
}

/// Which page [`paginate`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items to ask for (the `take`/`limit` parameter).
    pub take: u32,
    /// How many items to skip (the `skip`/`offset` parameter).
    pub skip: u32,
}

impl PageRequest {
    /// `take` for an `int32` parameter (saturating).
    pub fn take_i32(&self) -> i32 {
        i32::try_from(self.take).unwrap_or(i32::MAX)
    }

    /// `skip` for an `int32` parameter (saturating).
    pub fn skip_i32(&self) -> i32 {
        i32::try_from(self.skip).unwrap_or(i32::MAX)
    }
}

/// Streams every item of a take/skip (limit/offset) list operation, one page at a time.
///
/// `fetch` gets the page to load and returns its items (for a response that is an object, pick
/// the list out of it). The first page has `skip` 0; each next one skips the items received so
/// far. The stream ends after a page with fewer than `take` items (an empty one included) or
/// after the first error, which it yields. `take` is sent as given (at least 1): keep it within
/// the API's maximum, or a capped page looks like the last one.
pub fn paginate<T, E, F, Fut>(
    take: u32,
    fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, Error<E>>>,
{
    struct State<T, F> {
        fetch: F,
        next_skip: Option<u32>,
        buffer: std::collections::VecDeque<T>,
    }
    let take = take.max(1);
    let state = State { fetch, next_skip: Some(0), buffer: std::collections::VecDeque::new() };
    Box::pin(futures_util::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                return Some((Ok(item), st));
            }
            let skip = st.next_skip?;
            match (st.fetch)(PageRequest { take, skip }).await {
                Err(e) => {
                    st.next_skip = None;
                    return Some((Err(e), st));
                }
                Ok(items) => {
                    let received = u32::try_from(items.len()).unwrap_or(u32::MAX);
                    st.next_skip = if received < take { None } else { skip.checked_add(received) };
                    st.buffer.extend(items);
                }
            }
        }
    }))
}
