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

#[cfg(test)]
mod tests {
    use super::super::Error;
    use super::{encode_path, header_value, param_text, prepare, query_pairs, QueryStyle};

    fn pairs<T: serde::Serialize + ?Sized>(name: &str, value: &T, style: QueryStyle) -> Vec<(String, String)> {
        let mut out = Vec::new();
        query_pairs(name, value, style, &mut out);
        out
    }

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    fn invalid<T: std::fmt::Debug>(r: Result<T, Error<()>>) -> String {
        match r {
            Err(Error::InvalidRequest(m)) => m,
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn header_values_are_visible_ascii_or_tab() {
        assert_eq!(header_value::<()>("x-a", "v 1\tB~").unwrap(), "v 1\tB~");
        for bad in ["a\r\nX-Injected: 1", "a\nb", "nul\0", "del\x7f", "café"] {
            let message = invalid(header_value("x-a", bad));
            assert_eq!(message, "header `x-a` may hold only visible ASCII characters", "{bad:?}");
        }
    }

    #[test]
    fn path_values_cannot_change_the_route() {
        assert_eq!(encode_path::<()>("p", "a/b?c#d e%f").unwrap(), "a%2Fb%3Fc%23d%20e%25f");
        assert_eq!(encode_path::<()>("p", "Zürich 東京").unwrap(), "Z%C3%BCrich%20%E6%9D%B1%E4%BA%AC");
        assert_eq!(encode_path::<()>("p", "\\\"<>[]{}|^`").unwrap(), "%5C%22%3C%3E%5B%5D%7B%7D%7C%5E%60");
        // What a segment allows stays as it is: a phone number keeps its `+`.
        assert_eq!(encode_path::<()>("p", "+4930:x@y!$&'()*,;=-._~").unwrap(), "+4930:x@y!$&'()*,;=-._~");
        assert_eq!(encode_path::<()>("p", "...").unwrap(), "...");
    }

    #[test]
    fn dot_segments_and_empty_path_values_are_refused() {
        assert_eq!(invalid(encode_path("id", "..")), "path parameter `id` may not be `..`");
        assert_eq!(invalid(encode_path("id", ".")), "path parameter `id` may not be `.`");
        assert_eq!(invalid(encode_path("id", "")), "path parameter `id` may not be ``");
    }

    #[test]
    fn param_text_is_bare_for_scalars_and_json_for_structures() {
        assert_eq!(param_text("a b"), "a b");
        assert_eq!(param_text(&42), "42");
        assert_eq!(param_text(&-1.5), "-1.5");
        assert_eq!(param_text(&true), "true");
        assert_eq!(param_text(&None::<u8>), "");
        assert_eq!(param_text(&[1, 2]), "[1,2]");
        assert_eq!(param_text(&serde_json::json!({"a": 1})), "{\"a\":1}");
    }

    #[test]
    fn form_arrays_repeat_or_join_by_explode() {
        let v = ["a", "b c"];
        assert_eq!(pairs("t", &v, QueryStyle::Form { explode: true }), owned(&[("t", "a"), ("t", "b c")]));
        assert_eq!(pairs("t", &v, QueryStyle::Form { explode: false }), owned(&[("t", "a,b c")]));
        assert_eq!(pairs("t", &[1, 2], QueryStyle::Form { explode: false }), owned(&[("t", "1,2")]));
        assert_eq!(pairs("t", &Vec::<u8>::new(), QueryStyle::Form { explode: true }), owned(&[]));
    }

    #[test]
    fn delimited_arrays_join_with_their_delimiter() {
        assert_eq!(pairs("t", &["a", "b"], QueryStyle::Delimited(" ")), owned(&[("t", "a b")]));
        assert_eq!(pairs("t", &["a", "b"], QueryStyle::Delimited("|")), owned(&[("t", "a|b")]));
    }

    #[test]
    fn form_objects_explode_into_their_own_keys_or_stay_json() {
        // Keys in order: serde_json's map keeps insertion order here but sorts in a vendored copy.
        let v = serde_json::json!({"a": 1, "b": "x"});
        assert_eq!(pairs("o", &v, QueryStyle::Form { explode: true }), owned(&[("a", "1"), ("b", "x")]));
        assert_eq!(pairs("o", &v, QueryStyle::Form { explode: false }), owned(&[("o", "{\"a\":1,\"b\":\"x\"}")]));
    }

    #[test]
    fn deep_objects_nest_keys_and_skip_nulls() {
        let v = serde_json::json!({
            "a": {"gte": 1, "lt": 2},
            "b": ["x", "y"],
            "c": [{"k": 1}],
            "d": null,
            "e": "plain",
        });
        let expected = [
            ("f[a][gte]", "1"),
            ("f[a][lt]", "2"),
            ("f[b][]", "x"),
            ("f[b][]", "y"),
            ("f[c][0][k]", "1"),
            ("f[e]", "plain"),
        ];
        assert_eq!(pairs("f", &v, QueryStyle::DeepObject), owned(&expected));
    }

    #[test]
    fn scalars_are_one_pair_in_any_style_and_nulls_none() {
        for style in [QueryStyle::Form { explode: true }, QueryStyle::Delimited(","), QueryStyle::DeepObject] {
            assert_eq!(pairs("n", &5, style), owned(&[("n", "5")]));
            assert_eq!(pairs("n", &None::<u8>, style), owned(&[]));
        }
        let mut out = owned(&[("kept", "1")]);
        query_pairs("n", "v", QueryStyle::Form { explode: true }, &mut out);
        assert_eq!(out, owned(&[("kept", "1"), ("n", "v")]), "appends");
    }

    #[test]
    fn prepare_returns_the_first_failing_step() {
        let http = reqwest::Client::new();
        let built = prepare::<()>(|| {
            let path = encode_path("id", "..")?;
            Ok(http.get(format!("http://localhost/{path}")))
        });
        assert!(matches!(built, Err(Error::InvalidRequest(_))));
        assert!(prepare::<()>(|| Ok(http.get("http://localhost/"))).is_ok());
    }
}
