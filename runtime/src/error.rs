//! What a call fails with: [`Error`], the documented [`ApiError`], and the [`RawResponse`] kept
//! when an answer is not what the spec says. Their `Display`/`Debug` show at most a snippet of a
//! body and never a URL.

use std::fmt;

use super::retry::retryable_status;
use super::{Bytes, HeaderMap, HookError, StatusCode};

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
    /// A [`TokenSource`](super::TokenSource) could not provide a token for the request; the
    /// message names the scheme.
    Auth(String),
    /// A [`Hook`](super::Hook) refused or failed the request.
    Hook(HookError),
}

impl<E> Error<E> {
    /// The HTTP status, where a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(r) => Some(r.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::BodyTooLarge { .. } | Error::Auth(_) | Error::Hook(_) => None,
        }
    }

    /// Whether sending the same request again may succeed: a connection failure or timeout, or a
    /// status that says the server is overloaded or briefly unavailable (429, 500, 502, 503, 504).
    /// These are the failures a [`RetryPolicy`](super::RetryPolicy) retries for idempotent requests.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_connect() || e.is_timeout(),
            other => other.status().is_some_and(retryable_status),
        }
    }

    /// The same error without the typed body, so that errors of operations with different error
    /// types fit one `Error<()>` (status and headers are kept).
    pub fn into_untyped(self) -> Error<()> {
        match self {
            Error::Api(e) => Error::Api(Box::new(ApiError { status: e.status, headers: e.headers, body: () })),
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Transport(e) => Error::Transport(e),
            Error::UnexpectedResponse(r) => Error::UnexpectedResponse(r),
            Error::Decode { status, message, snippet } => Error::Decode { status, message, snippet },
            Error::BodyTooLarge { limit } => Error::BodyTooLarge { limit },
            Error::Auth(m) => Error::Auth(m),
            Error::Hook(e) => Error::Hook(e),
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
            Error::Hook(e) => write!(f, "a hook failed the request: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Hook(e) => Some(e.as_ref()),
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

pub(super) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{snippet, ApiError, Error, RawResponse, SNIPPET_CHARS};
    use super::super::{Bytes, HeaderMap, StatusCode};

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        RawResponse { status: StatusCode::from_u16(status).unwrap(), headers, body: Bytes::from(body.to_owned()) }
    }

    fn api(status: u16) -> Error<String> {
        let raw = raw(status, "");
        Error::Api(Box::new(ApiError { status: raw.status, headers: raw.headers, body: "nope".to_owned() }))
    }

    #[test]
    fn status_is_there_only_where_a_response_came() {
        assert_eq!(api(404).status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(Error::<()>::UnexpectedResponse(Box::new(raw(418, ""))).status().map(|s| s.as_u16()), Some(418));
        let decode = Error::<()>::Decode { status: StatusCode::OK, message: "m".into(), snippet: "s".into() };
        assert_eq!(decode.status(), Some(StatusCode::OK));
        assert_eq!(Error::<()>::InvalidRequest("x".into()).status(), None);
        assert_eq!(Error::<()>::BodyTooLarge { limit: 1 }.status(), None);
        assert_eq!(Error::<()>::Auth("x".into()).status(), None);
    }

    #[test]
    fn throttling_and_transient_server_statuses_are_retryable() {
        for status in [429, 500, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
            assert!(Error::<()>::UnexpectedResponse(Box::new(raw(status, ""))).is_retryable(), "{status}");
        }
        for status in [400, 401, 404, 409, 501, 505] {
            assert!(!api(status).is_retryable(), "{status}");
        }
        assert!(!Error::<()>::InvalidRequest("x".into()).is_retryable());
        assert!(!Error::<()>::Hook("refused".into()).is_retryable());
    }

    #[test]
    fn into_untyped_keeps_status_headers_and_kind() {
        let untyped = api(409).into_untyped();
        match &untyped {
            Error::Api(e) => {
                assert_eq!(e.status, StatusCode::CONFLICT);
                assert_eq!(e.headers["content-type"], "application/json");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(Error::<u8>::BodyTooLarge { limit: 7 }.into_untyped(), Error::BodyTooLarge { limit: 7 }));
        assert!(matches!(Error::<u8>::Auth("m".into()).into_untyped(), Error::Auth(m) if m == "m"));
    }

    #[test]
    fn display_names_the_kind_and_shows_only_the_start_of_a_body() {
        assert_eq!(api(404).to_string(), "API error 404 Not Found: \"nope\"");
        let long = "é".repeat(SNIPPET_CHARS + 5);
        let shown = Error::<()>::UnexpectedResponse(Box::new(raw(500, &long))).to_string();
        assert_eq!(shown, format!("unexpected response 500 Internal Server Error: {}…", "é".repeat(SNIPPET_CHARS)));
        assert_eq!(Error::<()>::BodyTooLarge { limit: 10 }.to_string(), "response body larger than 10 bytes");
        assert_eq!(Error::<()>::InvalidRequest("bad".into()).to_string(), "invalid request: bad");
    }

    #[test]
    fn a_hook_error_is_the_source() {
        use std::error::Error as _;
        let e = Error::<()>::Hook(Box::new(std::io::Error::other("signing failed")));
        assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("signing failed"));
        assert!(Error::<()>::Auth("x".into()).source().is_none());
    }

    #[test]
    fn snippet_cuts_at_a_char_count_and_decodes_lossily() {
        assert_eq!(snippet(b"short"), "short");
        let exact = "a".repeat(SNIPPET_CHARS);
        assert_eq!(snippet(exact.as_bytes()), exact);
        assert_eq!(snippet(format!("{exact}b").as_bytes()), format!("{exact}…"));
        assert_eq!(snippet(&[b'a', 0xff, b'b']), "a\u{fffd}b");
    }

    #[test]
    fn a_raw_response_shows_its_type_and_text() {
        let r = raw(500, "{\"error\":\"boom\"}");
        assert_eq!(r.text(), "{\"error\":\"boom\"}");
        let shown = format!("{r:?}");
        assert!(shown.contains("content_type: \"application/json\""), "{shown}");
        assert!(shown.contains("boom"), "{shown}");
    }
}
