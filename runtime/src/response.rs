//! What a successful call gives: [`Response`] with its status, headers and typed headers, the
//! boxed futures calls return ([`BoxFuture`], [`Call`]), and reading declared headers.

use super::{Error, HeaderMap, StatusCode};

/// A boxed, `Send` future, as [`TokenSource::fetch_token`](super::TokenSource::fetch_token) returns.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A successful answer with its metadata: what `send_with_response()` gives.
///
/// `H` is the operation's typed view of the response headers the spec declares (`()` when it
/// declares none); the raw [`HeaderMap`] has them all.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) typed: H,
    pub(super) value: T,
}

impl<T, H> Response<T, H> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the spec declares for this operation's success, decoded into their types (a
    /// missing or malformed one is `None`).
    pub fn typed_headers(&self) -> &H {
        &self.typed
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded body, without the metadata.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

/// A typed view of response headers, built once when the answer arrives.
pub trait FromHeaders: Sized {
    /// Reads the declared headers out of `headers`.
    fn from_headers(headers: &HeaderMap) -> Self;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Self {}
}

#[doc(hidden)]
/// One declared response header in its schema's type: numbers and booleans from their text,
/// anything else (strings, enums, dates) as a JSON string. `None` when absent or not of the type.
pub fn typed_header<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?.trim();
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok())
}

/// What `send()` and `.await` on a request builder give: the decoded body, or the error.
pub type Call<'a, T, E> = BoxFuture<'a, Result<T, Error<E>>>;

#[doc(hidden)]
/// `send()`: the call of `send_with_response()` without the metadata. A `map` combinator rather
/// than an `async` block, so no second state machine per operation.
pub fn into_value<'a, T, H, E>(
    call: impl std::future::Future<Output = Result<Response<T, H>, Error<E>>> + Send + 'a,
) -> Call<'a, T, E> {
    use futures_util::FutureExt as _;
    Box::pin(call.map(|result| result.map(Response::into_inner)))
}

