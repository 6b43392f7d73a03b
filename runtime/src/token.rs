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

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Poll, Waker};
    use std::time::{Duration, Instant};

    use super::super::BoxFuture;
    use super::{renew_at, Token, TokenCache, TokenError, TokenSource};

    /// Polls `f` until it is ready, without a runtime: every future here wakes itself or is
    /// woken by another one polled in the same loop.
    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..1_000 {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
        panic!("the future did not finish");
    }

    /// Pending once: a fetch that takes a while, so that a second caller arrives meanwhile.
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if std::mem::replace(&mut self.0, true) {
                Poll::Ready(())
            } else {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    /// Hands out `t1`, `t2`, … (or fails), counting its fetches.
    struct Counting {
        fetches: AtomicU32,
        expires_in: Option<Duration>,
        fail: bool,
    }

    impl TokenSource for Counting {
        fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
            Box::pin(async move {
                YieldOnce(false).await;
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                if self.fail {
                    return Err("the token endpoint said no".into());
                }
                Ok(Token::new(format!("t{n}"), self.expires_in))
            })
        }
    }

    fn counted(expires_in: Option<Duration>, fail: bool) -> (Arc<Counting>, TokenCache) {
        let source = Arc::new(Counting { fetches: AtomicU32::new(0), expires_in, fail });
        (Arc::clone(&source), TokenCache::new(source))
    }

    fn value(cache: &TokenCache, rejected: Option<u64>) -> (String, u64) {
        let t = block_on(cache.token(rejected)).expect("a token");
        (t.value.expose().to_owned(), t.generation)
    }

    #[test]
    fn concurrent_callers_share_one_fetch_and_later_ones_the_cached_token() {
        let (source, cache) = counted(None, false);
        let (a, b) = block_on(futures_util::future::join(cache.token(None), cache.token(None)));
        assert_eq!((a.unwrap().value.expose(), b.unwrap().value.expose()), ("t1", "t1"));
        assert_eq!(value(&cache, None), ("t1".to_owned(), 0));
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_rejected_token_is_renewed_once_per_generation() {
        let (source, cache) = counted(None, false);
        assert_eq!(value(&cache, None), ("t1".to_owned(), 0));
        assert_eq!(value(&cache, Some(0)), ("t2".to_owned(), 1));
        // Another request that was sent with generation 0 finds the renewed token.
        assert_eq!(value(&cache, Some(0)), ("t2".to_owned(), 1));
        assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_token_is_renewed_when_little_of_its_lifetime_is_left() {
        let (source, cache) = counted(Some(Duration::ZERO), false);
        assert_eq!(value(&cache, None).0, "t1");
        assert_eq!(value(&cache, None).0, "t2");
        assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
        let (source, cache) = counted(Some(Duration::from_secs(3600)), false);
        assert_eq!(value(&cache, None).0, "t1");
        assert_eq!(value(&cache, None).0, "t1");
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_failed_fetch_is_its_message_and_is_not_cached() {
        let (source, cache) = counted(None, true);
        assert_eq!(block_on(cache.token(None)).err().as_deref(), Some("the token endpoint said no"));
        assert!(block_on(cache.token(None)).is_err());
        assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn renewal_keeps_a_tenth_of_the_lifetime_at_most_a_minute() {
        let now = Instant::now();
        assert_eq!(renew_at(now, Duration::from_secs(100)), Some(now + Duration::from_secs(90)));
        assert_eq!(renew_at(now, Duration::from_secs(3600)), Some(now + Duration::from_secs(3540)));
        assert_eq!(renew_at(now, Duration::ZERO), Some(now));
        assert_eq!(renew_at(now, Duration::MAX), None, "never, rather than overflow");
    }

    #[test]
    fn debug_of_a_token_hides_it() {
        let shown = format!("{:?}", Token::new("abc123", Some(Duration::from_secs(5))));
        assert!(!shown.contains("abc123"), "{shown}");
        assert!(shown.contains("expires_in: Some(5s)"), "{shown}");
    }
}
