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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::super::{BoxFuture, Hook, HookError, Next, OperationInfo, RetryPolicy};
    use super::ClientConfig;

    struct Nothing;

    impl Hook for Nothing {
        fn handle<'a>(
            &'a self,
            request: reqwest::Request,
            _: &'a OperationInfo,
            next: Next<'a>,
        ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
            next.run(request)
        }
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = ClientConfig::default();
        assert_eq!(c.timeout, Some(Duration::from_secs(30)));
        assert_eq!(c.connect_timeout, Some(Duration::from_secs(10)));
        assert_eq!(c.max_response_bytes, 32 * 1024 * 1024);
        assert!(!c.cookie_store);
        assert!(c.user_agent.starts_with("openapi-bindings/"), "{}", c.user_agent);
        assert_eq!(c.retry, RetryPolicy::default());
        assert!(c.hooks.is_empty());
    }

    #[test]
    fn debug_counts_the_hooks() {
        let c = ClientConfig { hooks: vec![Arc::new(Nothing), Arc::new(Nothing)], ..ClientConfig::default() };
        let shown = format!("{c:?}");
        assert!(shown.contains("hooks: 2"), "{shown}");
        assert!(shown.contains("max_response_bytes: 33554432"), "{shown}");
    }

    #[test]
    fn builds_an_http_client_with_or_without_timeouts() {
        assert!(ClientConfig::default().build_http().is_ok());
        let untimed = ClientConfig { timeout: None, connect_timeout: None, cookie_store: true, ..ClientConfig::default() };
        assert!(untimed.build_http().is_ok());
        // A header value that cannot be sent is an error, not a panic.
        let bad = ClientConfig { user_agent: "agent\r\nX-Injected: 1".to_owned(), ..ClientConfig::default() };
        assert!(bad.build_http().is_err());
    }
}
