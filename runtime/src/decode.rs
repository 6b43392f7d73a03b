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
/// A key of a JSON object, borrowed from the input when it can be. Generated structs decode
/// their fields with one `match` on it instead of serde's derived field enum and visitors:
/// about a third of the compile time for the same result, and `serde_path_to_error` still sees
/// every key, so decode errors keep their path.
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[doc(hidden)]
/// Reads the value of the key just read into a required field's slot (generated `Deserialize`).
pub fn fill<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

#[doc(hidden)]
/// Reads the value of the key just read into an optional field's slot, `null` as `None`.
pub fn fill_optional<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

#[doc(hidden)]
/// Skips the value of a key the struct does not name.
pub fn skip_value<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(drop)
}

#[doc(hidden)]
/// serde's `missing field` error for the first of a struct's required keys whose flag in
/// `missing` is set (generated `Deserialize`, which checks them all at once).
pub fn missing_field<E: serde::de::Error>(missing: &[bool], keys: &[&'static str]) -> E {
    let key = missing.iter().zip(keys).find(|(m, _)| **m).map_or("", |(_, k)| *k);
    E::missing_field(key)
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

#[cfg(test)]
mod tests {
    use super::super::{Bytes, Error, HeaderMap, RawResponse, StatusCode};
    use super::{
        api_error, decode_error, decode_json, decode_success, decode_text, deserialize_str_enum, envelope_failed, media_type,
        missing_field, unexpected,
    };

    #[test]
    fn missing_field_names_the_first_missing_key() {
        let e: serde_json::Error = missing_field(&[false, true, true], &["a", "b", "c"]);
        assert_eq!(e.to_string(), "missing field `b`");
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        inner: Inner,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Inner {
        n: u32,
    }

    fn raw(status: u16, content_type: Option<&str>, body: &[u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(t) = content_type {
            headers.insert("content-type", t.parse().unwrap());
        }
        RawResponse { status: StatusCode::from_u16(status).unwrap(), headers, body: Bytes::copy_from_slice(body) }
    }

    #[test]
    fn json_decodes_or_names_the_path_to_the_mismatch() {
        assert_eq!(decode_json::<Outer>(br#"{"inner":{"n":3}}"#), Ok(Outer { inner: Inner { n: 3 } }));
        let message = decode_json::<Outer>(br#"{"inner":{"n":"3"}}"#).unwrap_err();
        assert!(message.starts_with("inner.n: invalid type: string \"3\""), "{message}");
        let message = decode_json::<Outer>(br#"{"inner":{}}"#).unwrap_err();
        assert!(message.starts_with("inner: missing field `n`"), "{message}");
        // A mismatch at the top has no path to name.
        let message = decode_json::<Outer>(b"\"text\"").unwrap_err();
        assert!(message.starts_with("invalid type: string \"text\", expected struct Outer"), "{message}");
        assert!(decode_json::<Outer>(b"{not json").is_err());
    }

    #[test]
    fn an_empty_body_decodes_as_null() {
        assert_eq!(decode_json::<Option<Inner>>(b""), Ok(None));
        assert_eq!(decode_json::<()>(b" \r\n"), Ok(()));
        assert!(decode_json::<Inner>(b"").is_err());
    }

    #[test]
    fn a_success_body_that_does_not_decode_is_a_decode_error_with_a_snippet() {
        let ok = raw(200, None, br#"{"n":1}"#);
        assert_eq!(decode_success::<Inner, ()>(&ok).unwrap(), Inner { n: 1 });
        match decode_success::<Inner, ()>(&raw(201, None, br#"{"n":-1}"#)) {
            Err(Error::Decode { status, message, snippet }) => {
                assert_eq!(status, StatusCode::CREATED);
                assert!(message.starts_with("n: invalid value"), "{message}");
                assert_eq!(snippet, r#"{"n":-1}"#);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_documented_error_body_is_wrapped_or_kept_raw() {
        match decode_error::<Inner, String>(raw(404, None, br#"{"n":9}"#), |i| format!("wrapped {}", i.n)) {
            Error::Api(e) => {
                assert_eq!(e.status, StatusCode::NOT_FOUND);
                assert_eq!(e.body, "wrapped 9");
            }
            other => panic!("{other:?}"),
        }
        match decode_error::<Inner, String>(raw(404, Some("text/html"), b"<h1>Not Found</h1>"), |_| unreachable!()) {
            Error::UnexpectedResponse(r) => {
                assert_eq!(r.status, StatusCode::NOT_FOUND);
                assert_eq!(r.text(), "<h1>Not Found</h1>");
                assert_eq!(r.headers["content-type"], "text/html");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn api_error_and_unexpected_keep_the_response() {
        let mut r = raw(409, None, b"");
        r.headers.insert("x-request-id", "r1".parse().unwrap());
        match api_error(r.clone(), 7u8) {
            Error::Api(e) => {
                assert_eq!((e.status, e.body), (StatusCode::CONFLICT, 7));
                assert_eq!(e.headers["x-request-id"], "r1");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(unexpected::<()>(r), Error::UnexpectedResponse(r) if r.status == StatusCode::CONFLICT));
    }

    #[test]
    fn an_envelope_fails_only_on_a_top_level_false() {
        assert!(envelope_failed(br#"{"success": false, "error": "no"}"#, "success"));
        assert!(envelope_failed(br#"{"data": {"success": true}, "ok":false}"#, "ok"));
        assert!(!envelope_failed(br#"{"success": true, "data": false}"#, "success"));
        assert!(!envelope_failed(br#"{"success": "false"}"#, "success"));
        assert!(!envelope_failed(br#"{"data": {"success": false}}"#, "success"));
        assert!(!envelope_failed(br#"{"other": false}"#, "success"));
        assert!(!envelope_failed(br#"[{"success": false}]"#, "success"));
        assert!(!envelope_failed(b"false", "success"));
        assert!(!envelope_failed(br#"{"success": false"#, "success"), "not JSON");
    }

    #[test]
    fn text_must_be_utf8() {
        assert_eq!(decode_text::<()>(&raw(200, None, "grüß".as_bytes())).unwrap(), "grüß");
        match decode_text::<()>(&raw(200, None, b"a\xffb")) {
            Err(Error::Decode { message, snippet, .. }) => {
                assert!(message.contains("invalid utf-8"), "{message}");
                assert_eq!(snippet, "a\u{fffd}b");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_media_type_is_the_lower_cased_essence() {
        assert_eq!(media_type(&raw(200, Some("Application/JSON; charset=utf-8"), b"")), "application/json");
        assert_eq!(media_type(&raw(200, Some(" text/plain "), b"")), "text/plain");
        assert_eq!(media_type(&raw(200, None, b"")), "");
    }

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl From<&str> for Color {
        fn from(s: &str) -> Self {
            match s {
                "red" => Color::Red,
                other => Color::Unknown(other.to_owned()),
            }
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Paint {
        #[serde(deserialize_with = "deserialize_str_enum")]
        color: Color,
    }

    #[test]
    fn string_enums_keep_unknown_values_and_refuse_non_strings() {
        assert_eq!(decode_json::<Paint>(br#"{"color":"red"}"#).unwrap().color, Color::Red);
        assert_eq!(decode_json::<Paint>(br#"{"color":"teal"}"#).unwrap().color, Color::Unknown("teal".into()));
        let message = decode_json::<Paint>(br#"{"color":1}"#).unwrap_err();
        assert!(message.starts_with("color: invalid type: integer `1`, expected a string"), "{message}");
    }
}
