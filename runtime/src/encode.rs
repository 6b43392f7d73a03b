//! Request encoding for generated code: header values, path segments and query parameters in
//! each OpenAPI style. Each refuses or escapes what could change the request's shape (a CR/LF in
//! a header, a `/` or `..` in a path segment).

use super::Error;

#[doc(hidden)]
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

#[doc(hidden)]
/// Percent-encodes one path parameter value.
pub fn encode_path<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    // URL parsers treat `.`/`..` (even as `%2E`) as dot-segments and would walk up the path.
    if value == "." || value == ".." || value.is_empty() {
        return Err(Error::InvalidRequest(format!("path parameter `{name}` may not be `{value}`")));
    }
    Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

#[doc(hidden)]
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

#[doc(hidden)]
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

#[doc(hidden)]
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

#[doc(hidden)]
/// Runs the steps that build a request (encoding path parameters, headers, a multipart form),
/// so that a method can build its request before returning its future and `?` stops at the
/// first step that fails; the error then comes out of the future.
pub fn prepare<E>(
    build: impl FnOnce() -> Result<reqwest::RequestBuilder, Error<E>>,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    build()
}

