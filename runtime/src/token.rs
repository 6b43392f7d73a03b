//! Tokens fetched at run time: the [`TokenSource`] users implement, and the cache that renews a
//! token before it expires and lets concurrent requests share one fetch.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::{BoxFuture, Secret};

/// Why a [`TokenSource`] could not provide a token. Its text ends up in
/// [`Error::Auth`](super::Error::Auth), so it must not contain the credentials used to fetch the
/// token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// A token and how long it stays valid. `Debug` never shows the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token itself.
    pub value: Secret,
    /// How long it stays valid from the moment it was fetched; `None` if unknown (it is then
    /// renewed only when the server answers `401`).
    pub expires_in: Option<Duration>,
}

impl Token {
    /// A token valid for `expires_in` (or, with `None`, until the server rejects it).
    pub fn new(value: impl Into<Secret>, expires_in: Option<Duration>) -> Self {
        Token { value: value.into(), expires_in }
    }
}

/// Fetches tokens for a security scheme, e.g. by exchanging client credentials at a token
/// endpoint. Register one with `ClientCore::set_token_source` (generated clients: with their
/// `with_token_source`); the client caches the token and asks for a new one before it expires or
/// after a `401`.
pub trait TokenSource: Send + Sync {
    /// Fetches a fresh token.
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>>;
}

/// Most time kept in reserve: a token is renewed once less than this is left of it.
const RENEW_MARGIN_MAX: Duration = Duration::from_secs(60);

/// When to renew a token fetched at `fetched` that lives `lifetime`: with a tenth of the
/// lifetime, at most [`RENEW_MARGIN_MAX`], left. `None` (never) if that overflows.
fn renew_at(fetched: std::time::Instant, lifetime: Duration) -> Option<std::time::Instant> {
    let margin = (lifetime / 10).min(RENEW_MARGIN_MAX);
    fetched.checked_add(lifetime.saturating_sub(margin))
}

#[derive(Clone)]
pub(super) struct CachedToken {
    pub(super) value: Secret,
    renew_at: Option<std::time::Instant>,
    /// Counts fetches, so a `401` renews only the token it was sent with.
    pub(super) generation: u64,
}

/// One scheme's token: the source, the current token, and a lock so one fetch runs at a time.
pub(super) struct TokenCache {
    source: Arc<dyn TokenSource>,
    current: RwLock<Option<CachedToken>>,
    renewal: tokio::sync::Mutex<()>,
}

impl TokenCache {
    pub(super) fn new(source: Arc<dyn TokenSource>) -> Self {
        TokenCache { source, current: RwLock::new(None), renewal: tokio::sync::Mutex::new(()) }
    }

    /// The cached token if it is still fresh and is not the `rejected` generation.
    fn usable(&self, rejected: Option<u64>) -> Option<CachedToken> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| Some(t.generation) != rejected)
            .filter(|t| t.renew_at.is_none_or(|at| std::time::Instant::now() < at))
            .cloned()
    }

    /// A usable token, fetching one if needed. Callers that find none queue on `renewal`; the
    /// first fetches, the others then find its token.
    pub(super) async fn token(&self, rejected: Option<u64>) -> Result<CachedToken, String> {
        if let Some(t) = self.usable(rejected) {
            return Ok(t);
        }
        let _renewing = self.renewal.lock().await;
        if let Some(t) = self.usable(rejected) {
            return Ok(t);
        }
        let token = self.source.fetch_token().await.map_err(|e| e.to_string())?;
        let fetched = std::time::Instant::now();
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        let generation = current.as_ref().map_or(0, |t| t.generation.wrapping_add(1));
        let cached = CachedToken {
            value: token.value,
            renew_at: token.expires_in.and_then(|life| renew_at(fetched, life)),
            generation,
        };
        *current = Some(cached.clone());
        Ok(cached)
    }
}

