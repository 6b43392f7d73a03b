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

/// What `send_with_response()` gives: the decoded body with the status and headers, or the
/// error. A named boxed future rather than `impl Future`, which is cheaper to compile.
pub type ResponseCall<'a, T, E, H = ()> = BoxFuture<'a, Result<Response<T, H>, Error<E>>>;

#[doc(hidden)]
/// `send()`: the call of `send_with_response()` without the metadata. A `map` combinator rather
/// than an `async` block, so no second state machine per operation.
pub fn into_value<'a, T: 'a, H: 'a, E: 'a>(call: ResponseCall<'a, T, E, H>) -> Call<'a, T, E> {
    use futures_util::FutureExt as _;
    Box::pin(call.map(|result| result.map(Response::into_inner)))
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt as _;

    use super::super::{Error, HeaderMap, StatusCode};
    use super::{into_value, typed_header, FromHeaders, Response};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, value.parse().unwrap());
        }
        h
    }

    #[test]
    fn typed_headers_read_numbers_and_booleans_from_text_and_the_rest_as_strings() {
        let h = headers(&[("x-count", " 42 "), ("x-flag", "true"), ("x-name", "abc"), ("x-date", "2024-01-02")]);
        assert_eq!(typed_header::<u32>(&h, "x-count"), Some(42));
        assert_eq!(typed_header::<bool>(&h, "x-flag"), Some(true));
        assert_eq!(typed_header::<String>(&h, "x-name"), Some("abc".to_owned()));
        // A number-looking value still reads as a string where the schema says string.
        assert_eq!(typed_header::<String>(&h, "x-count"), Some("42".to_owned()));
        assert_eq!(typed_header::<String>(&h, "X-Date"), Some("2024-01-02".to_owned()), "names are case-insensitive");
    }

    #[test]
    fn a_missing_or_malformed_typed_header_is_none() {
        let mut h = headers(&[("x-count", "many"), ("x-big", "300")]);
        h.insert("x-bytes", reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap());
        assert_eq!(typed_header::<u32>(&h, "x-count"), None);
        assert_eq!(typed_header::<u8>(&h, "x-big"), None);
        assert_eq!(typed_header::<u32>(&h, "x-absent"), None);
        assert_eq!(typed_header::<String>(&h, "x-bytes"), None);
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Limits {
        remaining: Option<u32>,
    }

    impl FromHeaders for Limits {
        fn from_headers(headers: &HeaderMap) -> Self {
            Limits { remaining: typed_header(headers, "x-remaining") }
        }
    }

    fn response() -> Response<&'static str, Limits> {
        let headers = headers(&[("x-remaining", "9")]);
        Response { status: StatusCode::CREATED, typed: Limits::from_headers(&headers), headers, value: "body" }
    }

    #[test]
    fn a_response_gives_its_parts() {
        let r = response();
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.headers()["x-remaining"], "9");
        assert_eq!(r.typed_headers(), &Limits { remaining: Some(9) });
        assert_eq!(*r.value(), "body");
        let (status, headers, value) = r.clone().into_parts();
        assert_eq!((status, headers.len(), value), (StatusCode::CREATED, 1, "body"));
        assert_eq!(r.into_inner(), "body");
    }

    #[test]
    fn into_value_keeps_the_body_or_the_error() {
        let ok = into_value::<_, _, ()>(Box::pin(std::future::ready(Ok(response()))));
        assert_eq!(ok.now_or_never().expect("ready").unwrap(), "body");
        let failed = into_value::<&str, (), ()>(Box::pin(std::future::ready(Err(Error::Auth("no token".into())))));
        assert!(matches!(failed.now_or_never().expect("ready"), Err(Error::Auth(m)) if m == "no token"));
    }
}
