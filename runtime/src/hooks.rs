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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures_util::FutureExt as _;

    use super::super::BoxFuture;
    use super::{Hook, HookError, Next, OperationInfo};

    const OP: OperationInfo =
        OperationInfo { operation_id: "getThing", method: "GET", path_template: "/things/{id}", idempotent: true };

    /// Notes what it sees and adds a header, then passes the request on, or answers itself with
    /// an error naming the header values it got (so that no test needs a server).
    struct Note {
        name: &'static str,
        seen: Arc<Mutex<Vec<String>>>,
        refuse: bool,
    }

    impl Hook for Note {
        fn handle<'a>(
            &'a self,
            mut request: reqwest::Request,
            operation: &'a OperationInfo,
            next: Next<'a>,
        ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
            self.seen.lock().unwrap().push(format!("{} {}", self.name, operation.operation_id));
            request.headers_mut().append("x-hooks", self.name.parse().unwrap());
            if !self.refuse {
                return next.run(request);
            }
            let values: Vec<&str> = request.headers().get_all("x-hooks").iter().map(|v| v.to_str().unwrap()).collect();
            let message = format!("refused after {}", values.join(","));
            Box::pin(async move { Err(message.into()) })
        }
    }

    #[test]
    fn hooks_run_outermost_first_and_each_sees_what_the_previous_did() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let hook = |name, refuse| Arc::new(Note { name, seen: Arc::clone(&seen), refuse }) as Arc<dyn Hook>;
        let hooks = [hook("outer", false), hook("inner", true), hook("never", false)];
        let http = reqwest::Client::new();
        let request = reqwest::Request::new(reqwest::Method::GET, "http://localhost/things/1".parse().unwrap());
        let next = Next { http: &http, hooks: &hooks, operation: &OP };
        let result = next.run(request).now_or_never().expect("no hook waits");
        assert_eq!(result.expect_err("refused").to_string(), "refused after outer,inner");
        assert_eq!(*seen.lock().unwrap(), ["outer getThing", "inner getThing"]);
    }

    #[test]
    fn unnamed_requests_retry_by_method_and_operations_by_their_flag() {
        let get = reqwest::Method::GET;
        let post = reqwest::Method::POST;
        assert!(OperationInfo::UNNAMED.may_retry(&get));
        assert!(!OperationInfo::UNNAMED.may_retry(&post));
        // An operation's flag already says what the spec and its method allow.
        let not_idempotent = OperationInfo { idempotent: false, ..OP };
        assert!(!not_idempotent.may_retry(&get));
        let marked = OperationInfo { operation_id: "createThing", method: "POST", idempotent: true, ..OP };
        assert!(marked.may_retry(&post));
    }
}
