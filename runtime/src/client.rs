//! [`ClientCore`], the transport shared by a generated `Client` and its clones: its state
//! (base URL, HTTP client, retry policy, hooks, credentials, token sources) and its setters.
//! Sending lives in `client/send.rs`, credentials and tokens on requests in `client/auth.rs`,
//! following next-page links (same origin only) in `client/link.rs`.

mod auth;
mod link;
mod send;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use super::token::TokenCache;
use super::{ClientConfig, Hook, RetryPolicy, Secret};

/// The transport shared by a generated `Client` and its clones.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    max_response_bytes: usize,
    retry: RetryPolicy,
    hooks: Arc<[Arc<dyn Hook>]>,
    credentials: Arc<RwLock<BTreeMap<&'static str, Secret>>>,
    token_sources: Arc<RwLock<BTreeMap<&'static str, Arc<TokenCache>>>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&'static str> = match self.credentials.read() {
            Ok(c) => c.keys().copied().collect(),
            Err(_) => Vec::new(),
        };
        let sources: Vec<&'static str> = match self.token_sources.read() {
            Ok(c) => c.keys().copied().collect(),
            Err(_) => Vec::new(),
        };
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .field("credentials_for", &schemes)
            .field("token_sources_for", &sources)
            .finish()
    }
}

impl ClientCore {
    /// A core with its own HTTP client built from `config`.
    pub fn new(base_url: impl Into<String>, config: &ClientConfig) -> Result<Self, reqwest::Error> {
        let http = config.build_http()?;
        let core = Self::with_http_client(base_url, http, config.max_response_bytes).with_retry(config.retry.clone());
        Ok(core.with_hooks(config.hooks.clone()))
    }

    /// The same core with these hooks (outermost first) instead of its own.
    pub fn with_hooks(mut self, hooks: Vec<Arc<dyn Hook>>) -> Self {
        self.hooks = hooks.into();
        self
    }

    /// The same core with another [`RetryPolicy`].
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// A core over a caller-provided HTTP client.
    pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client, max_response_bytes: usize) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        ClientCore {
            base_url,
            http,
            max_response_bytes,
            retry: RetryPolicy::default(),
            hooks: Arc::new([]),
            credentials: Arc::default(),
            token_sources: Arc::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Stores (or with `None` removes) the credential for a security scheme.
    pub fn set_credential(&self, scheme: &'static str, value: Option<Secret>) {
        // A poisoned lock only means another thread panicked mid-write of a whole value.
        let mut creds = self.credentials.write().unwrap_or_else(|p| p.into_inner());
        match value {
            Some(v) => creds.insert(scheme, v),
            None => creds.remove(scheme),
        };
    }

    /// Whether a credential is stored for the scheme.
    pub fn has_credential(&self, scheme: &'static str) -> bool {
        self.credentials.read().map(|c| c.contains_key(scheme)).unwrap_or(false)
    }

    #[doc(hidden)]
    /// Starts a request; `path` is already percent-encoded.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{}", self.base_url, path))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{BoxFuture, ClientConfig, RetryPolicy, Secret, Token, TokenError, TokenSource};
    use super::ClientCore;

    struct Fixed;

    impl TokenSource for Fixed {
        fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
            Box::pin(async { Ok(Token::new("tok", None)) })
        }
    }

    fn core() -> ClientCore {
        ClientCore::with_http_client("http://api.test/v1//", reqwest::Client::new(), 1024)
    }

    #[test]
    fn the_base_url_loses_trailing_slashes_and_prefixes_every_path() {
        let core = core();
        assert_eq!(core.base_url(), "http://api.test/v1");
        let request = core.request(reqwest::Method::GET, "/things/a%2Fb").build().unwrap();
        assert_eq!(request.url().as_str(), "http://api.test/v1/things/a%2Fb");
    }

    #[test]
    fn new_takes_the_config_and_with_retry_replaces_the_policy() {
        let config = ClientConfig { retry: RetryPolicy::none(), max_response_bytes: 5, ..ClientConfig::default() };
        let core = ClientCore::new("http://api.test", &config).unwrap();
        assert_eq!((core.retry.max_attempts, core.max_response_bytes), (1, 5));
        assert_eq!(core.with_retry(RetryPolicy::default()).retry, RetryPolicy::default());
    }

    #[test]
    fn credentials_and_token_sources_are_shared_by_clones() {
        let core = core();
        let clone = core.clone();
        core.set_credential("apiKey", Some(Secret::new("k")));
        assert!(clone.has_credential("apiKey"));
        clone.set_credential("apiKey", None);
        assert!(!core.has_credential("apiKey"));
        core.set_token_source("oauth", Some(Arc::new(Fixed)));
        assert!(clone.has_token_source("oauth") && !clone.has_token_source("apiKey"));
        core.set_token_source("oauth", None);
        assert!(!clone.has_token_source("oauth"));
    }

    #[test]
    fn debug_names_the_schemes_but_shows_no_credential() {
        let core = core();
        core.set_credential("apiKey", Some(Secret::new("hunter2")));
        core.set_token_source("oauth", Some(Arc::new(Fixed)));
        let shown = format!("{core:?}");
        assert!(shown.contains("credentials_for: [\"apiKey\"]"), "{shown}");
        assert!(shown.contains("token_sources_for: [\"oauth\"]"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
