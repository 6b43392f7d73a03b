//! Response decoding for generated code: JSON bodies (with the path to what did not match),
//! documented and undocumented errors, envelopes, text, media types and string enums.

use super::{ApiError, Error, HeaderMap, RawResponse};
use super::error::snippet;

#[doc(hidden)]
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

#[doc(hidden)]
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

#[doc(hidden)]
/// Decodes a success body, or explains why it did not decode.
pub fn decode_success<T: serde::de::DeserializeOwned, E>(raw: &RawResponse) -> Result<T, Error<E>> {
    decode_json(&raw.body).map_err(|message| Error::Decode {
        status: raw.status,
        message,
        snippet: snippet(&raw.body),
    })
}

#[doc(hidden)]
/// An error for a documented status whose body is already in hand.
pub fn api_error<E>(raw: RawResponse, body: E) -> Error<E> {
    Error::Api(Box::new(ApiError { status: raw.status, headers: raw.headers, body }))
}

#[doc(hidden)]
/// An error for a response the spec does not describe; the raw body is kept.
pub fn unexpected<E>(raw: RawResponse) -> Error<E> {
    Error::UnexpectedResponse(Box::new(raw))
}

#[doc(hidden)]
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

#[doc(hidden)]
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

#[doc(hidden)]
/// The body as UTF-8 text.
pub fn decode_text<E>(raw: &RawResponse) -> Result<String, Error<E>> {
    String::from_utf8(raw.body.to_vec()).map_err(|e| Error::Decode {
        status: raw.status,
        message: e.to_string(),
        snippet: snippet(&raw.body),
    })
}

#[doc(hidden)]
/// The response's media type, without parameters, lower-cased.
pub fn media_type(raw: &RawResponse) -> String {
    media_essence(&raw.headers)
}

/// The `Content-Type` without parameters, lower-cased.
pub(super) fn media_essence(headers: &HeaderMap) -> String {
    let media = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

