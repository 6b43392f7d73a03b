//! When a request is sent again: [`RetryPolicy`], which statuses and methods qualify, the
//! jittered backoff and `Retry-After`. The loop that applies them is in `client/send.rs`.

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

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::super::HeaderMap;
    use super::{idempotent, jitter, retry_after, retryable_status, RetryPolicy};

    fn policy(initial_ms: u64, max_ms: u64) -> RetryPolicy {
        RetryPolicy {
            initial_backoff: Duration::from_millis(initial_ms),
            max_backoff: Duration::from_millis(max_ms),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn the_default_retries_three_times_and_none_once() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts, 3);
        assert_eq!(p.initial_backoff, Duration::from_millis(100));
        assert_eq!(p.max_backoff, Duration::from_secs(5));
        assert_eq!(p.max_elapsed, Duration::from_secs(30));
        assert_eq!(RetryPolicy::none(), RetryPolicy { max_attempts: 1, ..p });
    }

    #[test]
    fn backoff_doubles_per_attempt_with_jitter_down_to_half() {
        let p = policy(100, 1_000);
        for _ in 0..50 {
            for (attempt, cap_ms) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1_000), (9, 1_000)] {
                let cap = Duration::from_millis(cap_ms);
                let wait = p.backoff(attempt);
                assert!(wait >= cap / 2 && wait <= cap, "attempt {attempt}: {wait:?} not in [{:?}, {cap:?}]", cap / 2);
            }
        }
    }

    #[test]
    fn backoff_does_not_overflow_on_late_attempts_or_huge_bases() {
        let p = policy(100, 2_000);
        assert!(p.backoff(u32::MAX) <= Duration::from_secs(2));
        assert!(p.backoff(0) <= Duration::from_millis(100), "attempt 0 counts as the first");
        let huge = RetryPolicy { initial_backoff: Duration::MAX, max_backoff: Duration::from_secs(1), ..p };
        assert!(huge.backoff(30) <= Duration::from_secs(1));
    }

    #[test]
    fn jitter_is_in_the_unit_interval_and_varies() {
        let draws: Vec<f64> = (0..20).map(|_| jitter()).collect();
        assert!(draws.iter().all(|j| (0.0..1.0).contains(j)), "{draws:?}");
        assert!(draws.iter().any(|j| *j != draws[0]), "{draws:?}");
    }

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("retry-after", retry_after.parse().unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_or_an_http_date() {
        assert_eq!(retry_after(&headers("3")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&headers(" 7 ")), Some(Duration::from_secs(7)));
        let in_a_minute = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        let wait = retry_after(&headers(&in_a_minute)).expect("a date");
        assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(60), "{wait:?}");
        // A date in the past means now.
        assert_eq!(retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_ignores_what_it_cannot_read() {
        assert_eq!(retry_after(&HeaderMap::new()), None);
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&headers("-1")), None);
        assert_eq!(retry_after(&headers("1.5")), None);
    }

    #[test]
    fn only_throttling_and_transient_server_statuses_are_retryable() {
        let retryable: Vec<u16> =
            (100..600).filter(|s| retryable_status(reqwest::StatusCode::from_u16(*s).unwrap())).collect();
        assert_eq!(retryable, [429, 500, 502, 503, 504]);
    }

    #[test]
    fn idempotent_methods_are_the_rfc_ones_and_query() {
        for m in ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "QUERY"] {
            assert!(idempotent(&reqwest::Method::from_bytes(m.as_bytes()).unwrap()), "{m}");
        }
        for m in ["POST", "PATCH", "CONNECT", "get"] {
            assert!(!idempotent(&reqwest::Method::from_bytes(m.as_bytes()).unwrap()), "{m}");
        }
    }
}
