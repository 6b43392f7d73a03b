//! A recording HTTP forwarding proxy for contract tests: the client under test talks to the
//! proxy, the proxy forwards every request unchanged to the upstream (Prism) and records the
//! request line, the answer's status and its `sl-violations` header, which the generated client
//! never shows its callers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// One forwarded request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Request method.
    pub method: String,
    /// Request path, as sent (percent-encoding kept).
    pub path: String,
    /// Request query string, as sent.
    pub query: Option<String>,
    /// Request headers (name, value), lower-case names.
    pub request_headers: Vec<(String, String)>,
    /// Request body.
    pub request_body: Bytes,
    /// The upstream's status; `None` if the upstream could not be reached or reset the connection.
    pub status: Option<u16>,
    /// Prism's `sl-violations` header, if present.
    pub violations: Option<String>,
    /// The start of the upstream's answer body (or the forwarding error).
    pub body: String,
}

impl Exchange {
    /// A request header's value.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        self.request_headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The proxy; it stops when dropped.
#[derive(Debug)]
pub struct RecordingProxy {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RecordingProxy {
    /// Starts a proxy on a free loopback port forwarding to `upstream` (`http://127.0.0.1:PORT`).
    /// Must be called inside a Tokio runtime.
    pub async fn start(upstream: &str) -> RecordingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let log: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("proxy http client");
        let upstream = upstream.trim_end_matches('/').to_owned();
        let task_log = log.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let http = http.clone();
                let upstream = upstream.clone();
                let log = task_log.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| forward(req, http.clone(), upstream.clone(), log.clone()));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        RecordingProxy { addr, log, task }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many exchanges were recorded so far.
    pub fn len(&self) -> usize {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether nothing was recorded yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The exchanges recorded from index `start` on.
    pub fn since(&self, start: usize) -> Vec<Exchange> {
        self.log.lock().unwrap_or_else(|p| p.into_inner())[start..].to_vec()
    }

    /// Every exchange so far.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.since(0)
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(
    req: Request<Incoming>,
    http: reqwest::Client,
    upstream: String,
    log: Arc<Mutex<Vec<Exchange>>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let request_body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let target = match &query {
        Some(q) => format!("{upstream}{path}?{q}"),
        None => format!("{upstream}{path}"),
    };
    let request_headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let method = reqwest::Method::from_bytes(parts.method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut out = http.request(method, target).body(request_body.clone());
    for (name, value) in parts.headers.iter() {
        if !matches!(name.as_str(), "host" | "connection" | "content-length" | "transfer-encoding" | "keep-alive") {
            out = out.header(name.as_str(), value.as_bytes());
        }
    }
    let mut exchange = Exchange {
        method: parts.method.to_string(),
        path,
        query,
        request_headers,
        request_body,
        status: None,
        violations: None,
        body: String::new(),
    };
    let response = match out.send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            match resp.bytes().await {
                Ok(body) => {
                    exchange.status = Some(status);
                    exchange.violations =
                        headers.get("sl-violations").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                    exchange.body = String::from_utf8_lossy(&body[..body.len().min(2000)]).into_owned();
                    let mut r = Response::builder().status(status);
                    for (name, value) in headers.iter() {
                        if !matches!(name.as_str(), "connection" | "content-length" | "transfer-encoding" | "keep-alive") {
                            r = r.header(name.as_str(), value.as_bytes());
                        }
                    }
                    r.body(Full::new(body)).unwrap_or_else(|e| bad_gateway(&format!("cannot relay: {e}")))
                }
                Err(e) => {
                    exchange.body = format!("upstream body failed: {}", chain(&e));
                    bad_gateway(&exchange.body)
                }
            }
        }
        Err(e) => {
            exchange.body = format!("upstream request failed: {}", chain(&e));
            bad_gateway(&exchange.body)
        }
    };
    log.lock().unwrap_or_else(|p| p.into_inner()).push(exchange);
    Ok(response)
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    s
}

fn bad_gateway(message: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(format!("recording proxy: {message}"))));
    *r.status_mut() = StatusCode::BAD_GATEWAY;
    r
}
