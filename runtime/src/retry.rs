//! When a request is sent again: [`RetryPolicy`], which statuses and methods qualify, the
//! jittered backoff and `Retry-After`. The loop that applies it is `ClientCore`'s (`client/send.rs`).

use std::time::Duration;

use super::{HeaderMap, StatusCode};

/// The statuses a retry may help with: throttling (429) and transient server failures.
pub(super) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Whether a method may be sent twice with the effect of once (RFC 9110 §9.2.2; `QUERY` is
/// safe by the OpenAPI 3.2 / IETF draft definition).
pub(super) fn idempotent(method: &reqwest::Method) -> bool {
    matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE" | "QUERY")
}

/// When and how often a request is sent again after a retryable failure (see
/// [`Error::is_retryable`](super::Error::is_retryable)).
///
/// On by default, and only for idempotent methods (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`,
/// `DELETE`, `QUERY`), as the AWS SDK for Rust does: a transient 503 or a dropped connection on a
/// read is the common case, and sending such a request again cannot do anything twice. A `POST`
/// or `PATCH` is not retried, since the first attempt may have taken effect, unless the spec marks
/// its operation `x-idempotent: true` (`x-idempotent: false` likewise keeps an idempotent method
/// from being retried). A request whose body is a stream (multipart uploads) cannot be re-sent
/// and is not retried either.
///
/// The wait before attempt *n* + 1 is a random ("full jitter") share of
/// `initial_backoff * 2^(n-1)`, at least half of it, capped at `max_backoff`; a `Retry-After`
/// header (seconds or an HTTP date) replaces it. No attempt starts once `max_elapsed` has passed
/// since the first, and a `Retry-After` that points beyond that ends the retries at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` turns retries off.
    pub max_attempts: u32,
    /// The base of the exponential backoff.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// The longest time from the first attempt to the start of the last one.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 100 ms base, 5 s longest wait, 30 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1) without a `Retry-After`.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let cap = exp.min(self.max_backoff);
        // Full jitter in [cap/2, cap]: spreads clients that failed together.
        cap / 2 + cap.mul_f64(jitter() / 2.0)
    }
}

/// A number in [0, 1) that differs from call to call; std's hasher keys are random per process
/// and advance per `RandomState`, which is all jitter needs.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

