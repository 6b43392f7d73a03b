//! Helpers for the requests a wiremock server recorded: the one request of a test, header text,
//! and the parts of a `multipart/form-data` body, split by hand (RFC 7578) so that the tests see
//! exactly the bytes the client sent.

use serde_json::Value;
use wiremock::{MockServer, Request, ResponseTemplate};

/// A response with a JSON body.
pub fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Every request the server recorded.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The one request the server recorded (fails the test if there were more or none).
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:?}");
    all.remove(0)
}

/// A header's value as text.
pub fn header_text<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("visible ASCII header"))
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub struct Part {
    /// Its headers, in order.
    pub headers: Vec<(String, String)>,
    /// Its bytes.
    pub body: Vec<u8>,
}

impl Part {
    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack[from..].windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// Splits a multipart body by the boundary of its `Content-Type` (RFC 7578).
pub fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header_text(request, "content-type").expect("a Content-Type");
    assert!(content_type.starts_with("multipart/form-data;"), "not multipart: {content_type}");
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .expect("a boundary")
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body;
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(i) = find(body, &delimiter, at) {
        starts.push(i);
        at = i + delimiter.len();
    }
    assert!(starts.len() >= 2, "no complete part in {:?}", String::from_utf8_lossy(body));
    let last = *starts.last().unwrap_or(&0);
    assert!(body[last + delimiter.len()..].starts_with(b"--"), "missing close delimiter");
    starts
        .windows(2)
        .map(|w| {
            let chunk = &body[w[0] + delimiter.len()..w[1]];
            let chunk = chunk.strip_prefix(b"\r\n").expect("CRLF after the delimiter");
            let chunk = chunk.strip_suffix(b"\r\n").expect("CRLF before the next delimiter");
            let split = find(chunk, b"\r\n\r\n", 0).expect("part headers end with an empty line");
            let head = std::str::from_utf8(&chunk[..split]).expect("ASCII part headers");
            let headers = head
                .split("\r\n")
                .map(|line| {
                    let (n, v) = line.split_once(':').expect("a `name: value` part header");
                    (n.trim().to_owned(), v.trim().to_owned())
                })
                .collect();
            Part { headers, body: chunk[split + 4..].to_vec() }
        })
        .collect()
}
