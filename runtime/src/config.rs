//! How a client is set up: [`ClientConfig`] (timeouts, limits, retries, hooks) and where each
//! security scheme puts its credential ([`AuthPlacement`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Hook, RetryPolicy};

/// How to build the HTTP client behind a generated `Client`.
#[derive(Clone)]
pub struct ClientConfig {
    /// Whole-request timeout (default 30 s).
    pub timeout: Option<Duration>,
    /// Connect timeout (default 10 s).
    pub connect_timeout: Option<Duration>,
    /// Bodies larger than this fail with [`Error::BodyTooLarge`](super::Error::BodyTooLarge)
    /// (default 32 MiB).
    pub max_response_bytes: usize,
    /// Keep cookies the server sets, for cookie-based sessions.
    pub cookie_store: bool,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Retries of idempotent requests after transient failures (default: up to 3 attempts).
    pub retry: RetryPolicy,
    /// Hooks around every attempt of every request, outermost first (default: none).
    pub hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("cookie_store", &self.cookie_store)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            max_response_bytes: 32 * 1024 * 1024,
            cookie_store: false,
            user_agent: concat!("openapi-bindings/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            hooks: Vec::new(),
        }
    }
}

impl ClientConfig {
    pub(super) fn build_http(&self) -> Result<reqwest::Client, reqwest::Error> {
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

