//! Hooks around every attempt of a request: the [`Hook`] trait, the rest of the chain ([`Next`])
//! and the [`OperationInfo`] hooks and `tracing` spans see.

use std::sync::Arc;

use super::retry::idempotent;
use super::BoxFuture;

/// The operation a request belongs to, as hooks and `tracing` spans see it. It holds the path
/// template, never the URL: a URL can carry an API key in its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path template, e.g. `/v1/groups/{number}`.
    pub path_template: &'static str,
    /// Whether a [`RetryPolicy`](super::RetryPolicy) may send it again: its method is
    /// idempotent, or the spec says so with `x-idempotent` (which can also turn it off).
    pub idempotent: bool,
}

impl OperationInfo {
    /// The info of a request that no generated operation made (e.g. a token exchange).
    /// Such a request is retried when its method is idempotent.
    pub const UNNAMED: OperationInfo = OperationInfo { operation_id: "", method: "", path_template: "", idempotent: false };

    /// Whether a request of this operation with `method` may be retried.
    pub(super) fn may_retry(&self, method: &reqwest::Method) -> bool {
        if self.operation_id.is_empty() {
            idempotent(method)
        } else {
            self.idempotent
        }
    }
}

/// What a [`Hook`] fails a request with; it reaches the caller as
/// [`Error::Hook`](super::Error::Hook) (a `reqwest::Error` from [`Next::run`] passed on unchanged
/// becomes [`Error::Transport`](super::Error::Transport)).
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps every attempt of every request of a client: for tracing, metrics, signing, or
/// refusing requests. Register hooks in [`ClientConfig::hooks`](super::ClientConfig::hooks); the
/// first registered is the outermost. A hook sees the request with its credentials added, so it
/// must not log headers.
///
/// A small trait of our own rather than `reqwest-middleware`: generated clients keep a plain
/// `reqwest::Client` (users pass their own), hooks get the [`OperationInfo`] without a lookup in
/// request extensions, and there is no extra dependency in every user's build.
pub trait Hook: Send + Sync {
    /// Handles one attempt: usually looks at or changes `request`, calls `next.run(request)`,
    /// and looks at the response.
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        operation: &'a OperationInfo,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, HookError>>;
}

/// The rest of the hook chain, ending in the HTTP client.
pub struct Next<'a> {
    pub(super) http: &'a reqwest::Client,
    pub(super) hooks: &'a [Arc<dyn Hook>],
    pub(super) operation: &'a OperationInfo,
}

impl<'a> Next<'a> {
    /// Passes the request to the next hook, or sends it.
    pub fn run(self, request: reqwest::Request) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
        match self.hooks.split_first() {
            Some((hook, rest)) => hook.handle(request, self.operation, Next { hooks: rest, ..self }),
            None => {
                let sent = self.http.execute(request);
                Box::pin(async move { sent.await.map_err(|e| Box::new(e.without_url()) as HookError) })
            }
        }
    }
}

