//! Sending: the one future behind every operation (a `tracing` span, credentials, decoding), the
//! retry loop of the client's `RetryPolicy`, the hook chain, and reading a body up to the size
//! limit or leaving an event stream's body to be read as it arrives.

use super::super::decode::media_essence;
use super::super::retry::{retry_after, retryable_status};
use super::super::sse::EventBody;
use super::super::{
    AuthPlacement, Bytes, Error, FromHeaders, HeaderMap, Next, OperationInfo, RawResponse, Response,
    ResponseCall,
};
use super::ClientCore;

impl ClientCore {
    /// The future of one operation: sends the built request (with the credentials of
    /// `schemes`, if any) and hands the response to `decode`. Every operation method is a call to
    /// this, so the async machinery exists once rather than once per operation: on GitHub's
    /// 1223 operations that was a sixth of the crate's compile time and memory. It comes boxed,
    /// so an operation's crate proves nothing about the future's type (`Send` included).
    #[doc(hidden)]
    pub fn send<'a, T, H, E, D>(
        &'a self,
        request: Result<reqwest::RequestBuilder, Error<E>>,
        operation: &'static OperationInfo,
        schemes: &'static [(&'static str, AuthPlacement)],
        decode: D,
    ) -> ResponseCall<'a, T, E, H>
    where
        D: FnOnce(RawResponse) -> Result<T, Error<E>> + Send + 'a,
        T: Send + 'a,
        H: FromHeaders + Send + 'a,
        E: Send + 'a,
    {
        Box::pin(self.call(request, operation, schemes, false, move |raw, _| decode(raw)))
    }

    /// [`ClientCore::send`] for an operation that may answer with an event stream: a 2xx
    /// `text/event-stream` answer's body is left unread and handed to `decode` as an
    /// [`EventBody`], to become an [`EventStream`](super::super::EventStream) read as it arrives;
    /// any other answer is read whole as usual.
    #[doc(hidden)]
    pub fn send_streaming<'a, T, H, E, D>(
        &'a self,
        request: Result<reqwest::RequestBuilder, Error<E>>,
        operation: &'static OperationInfo,
        schemes: &'static [(&'static str, AuthPlacement)],
        decode: D,
    ) -> ResponseCall<'a, T, E, H>
    where
        D: FnOnce(RawResponse, Option<EventBody>) -> Result<T, Error<E>> + Send + 'a,
        T: Send + 'a,
        H: FromHeaders + Send + 'a,
        E: Send + 'a,
    {
        Box::pin(self.call(request, operation, schemes, true, decode))
    }

    /// The one future behind [`ClientCore::send`] and [`ClientCore::send_streaming`].
    #[allow(clippy::manual_async_fn)]
    fn call<'a, T, H, E, D>(
        &'a self,
        request: Result<reqwest::RequestBuilder, Error<E>>,
        operation: &'static OperationInfo,
        schemes: &'static [(&'static str, AuthPlacement)],
        stream_success: bool,
        decode: D,
    ) -> impl std::future::Future<Output = Result<Response<T, H>, Error<E>>> + Send + 'a
    where
        D: FnOnce(RawResponse, Option<EventBody>) -> Result<T, Error<E>> + Send + 'a,
        T: Send + 'a,
        H: FromHeaders + Send + 'a,
        E: Send + 'a,
    {
        use tracing::Instrument as _;
        // One span per call, around its attempts; fields as OpenTelemetry's HTTP conventions name
        // them. The path template, not the URL: a URL can carry an API key in its query.
        let span = tracing::info_span!(
            "http.request",
            operation_id = operation.operation_id,
            http.request.method = operation.method,
            url.template = operation.path_template,
            http.response.status_code = tracing::field::Empty,
        );
        let recorder = span.clone();
        async move {
            let received = self.exchange(request, schemes, operation, stream_success).await;
            let status = match &received {
                Ok(r) => Some(r.raw.status),
                Err(e) => e.status(),
            };
            if let Some(status) = status {
                recorder.record("http.response.status_code", status.as_u16());
            }
            let Received { raw, stream } = received?;
            let (status, headers) = (raw.status, raw.headers.clone());
            let body = stream.map(|response| EventBody { response, limit: self.max_response_bytes });
            let value = decode(raw, body)?;
            Ok(Response { typed: H::from_headers(&headers), status, headers, value })
        }
        .instrument(span)
    }

    /// Sends with the credentials of `schemes` and the client's retry policy. With
    /// `stream_success`, a 2xx body is left unread in [`Received::stream`].
    async fn exchange<E>(
        &self,
        request: Result<reqwest::RequestBuilder, Error<E>>,
        schemes: &[(&'static str, AuthPlacement)],
        operation: &OperationInfo,
        stream_success: bool,
    ) -> Result<Received, Error<E>> {
        let request = request?;
        if schemes.is_empty() {
            self.execute_for(request, operation, stream_success).await
        } else {
            self.execute_authorized_for(request, schemes, operation, stream_success)
                .await
        }
    }

    /// Sends the request and reads the whole body, up to the size limit; an idempotent request
    /// that fails in a retryable way is sent again as the client's
    /// [`RetryPolicy`](super::super::RetryPolicy) says.
    pub async fn execute<E>(&self, req: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
        self.execute_for(req, &OperationInfo::UNNAMED, false)
            .await
            .map(|r| r.raw)
    }

    /// [`ClientCore::execute`] for a request of `operation` (which the hooks see).
    pub(super) async fn execute_for<E>(
        &self,
        req: reqwest::RequestBuilder,
        operation: &OperationInfo,
        stream_success: bool,
    ) -> Result<Received, Error<E>> {
        let mut request = req.build()?;
        let retries = if operation.may_retry(request.method()) { self.retry.max_attempts.max(1) } else { 1 };
        let started = std::time::Instant::now();
        let mut attempt = 1;
        loop {
            // A body that is a stream cannot be cloned: such a request gets one attempt.
            let next = if attempt < retries {
                request.try_clone()
            } else {
                None
            };
            let result = self.execute_once(request, operation, stream_success).await;
            let wait = match &result {
                Ok(Received { raw, .. }) if retryable_status(raw.status) => {
                    Some(retry_after(&raw.headers).unwrap_or_else(|| self.retry.backoff(attempt)))
                }
                Err(e) if e.is_retryable() => Some(self.retry.backoff(attempt)),
                _ => None,
            };
            match (wait, next) {
                (Some(wait), Some(next)) if started.elapsed().saturating_add(wait) <= self.retry.max_elapsed => {
                    tokio::time::sleep(wait).await;
                    request = next;
                    attempt += 1;
                }
                _ => return result,
            }
        }
    }

    /// One attempt: sends the request and reads the whole body, up to the size limit.
    async fn execute_once<E>(
        &self,
        req: reqwest::Request,
        operation: &OperationInfo,
        stream_success: bool,
    ) -> Result<Received, Error<E>> {
        let sent = if self.hooks.is_empty() {
            self.http.execute(req).await.map_err(Error::from)
        } else {
            Next { http: &self.http, hooks: &self.hooks, operation }.run(req).await.map_err(|e| match e.downcast::<reqwest::Error>() {
                Ok(transport) => Error::from(*transport),
                Err(other) => Error::Hook(other),
            })
        };
        let mut resp = sent?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if stream_success && status.is_success() && is_event_stream(&headers) {
            let raw = RawResponse {
                status,
                headers,
                body: Bytes::new(),
            };
            return Ok(Received {
                raw,
                stream: Some(resp),
            });
        }
        let limit = self.max_response_bytes;
        if resp.content_length().is_some_and(|len| len > limit as u64) {
            return Err(Error::BodyTooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received {
            raw: RawResponse {
                status,
                headers,
                body: Bytes::from(body),
            },
            stream: None,
        })
    }
}

fn is_event_stream(headers: &HeaderMap) -> bool {
    media_essence(headers) == "text/event-stream"
}

/// An answer as the transport hands it on: read whole, or (a 2xx of an event-stream operation)
/// with its body still to be read from `stream`.
pub(super) struct Received {
    pub(super) raw: RawResponse,
    stream: Option<reqwest::Response>,
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use futures_util::FutureExt as _;

    use super::super::super::{BoxFuture, Error, HeaderMap, Hook, HookError, Next, OperationInfo, Response};
    use super::super::ClientCore;
    use super::is_event_stream;

    const OP: OperationInfo =
        OperationInfo { operation_id: "listThings", method: "GET", path_template: "/things", idempotent: true };

    /// Answers every attempt itself, with `fail`'s error, counting attempts: no request leaves.
    struct Refuse {
        attempts: AtomicU32,
        fail: fn(&OperationInfo) -> HookError,
    }

    impl Hook for Refuse {
        fn handle<'a>(
            &'a self,
            _: reqwest::Request,
            operation: &'a OperationInfo,
            _: Next<'a>,
        ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
            self.attempts.fetch_add(1, Ordering::SeqCst);
            let error = (self.fail)(operation);
            Box::pin(async move { Err(error) })
        }
    }

    fn refusing(fail: fn(&OperationInfo) -> HookError) -> (Arc<Refuse>, ClientCore) {
        let hook = Arc::new(Refuse { attempts: AtomicU32::new(0), fail });
        let core = ClientCore::with_http_client("http://api.test", reqwest::Client::new(), 1024)
            .with_hooks(vec![Arc::clone(&hook) as Arc<dyn Hook>]);
        (hook, core)
    }

    type Sent = Result<Response<(), ()>, Error<()>>;

    #[test]
    fn a_request_that_could_not_be_built_fails_without_sending_or_decoding() {
        let (hook, core) = refusing(|_| "sent".into());
        let sent: Sent = core
            .send(Err(Error::InvalidRequest("bad path".into())), &OP, &[], |_| panic!("decoded"))
            .now_or_never()
            .expect("nothing waits");
        assert!(matches!(sent, Err(Error::InvalidRequest(m)) if m == "bad path"));
        assert_eq!(hook.attempts.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_hook_error_fails_the_call_once_and_hooks_see_the_operation() {
        let (hook, core) = refusing(|op| format!("no {}", op.operation_id).into());
        let request = core.request(reqwest::Method::GET, "/things");
        let sent: Sent = core.send(Ok(request), &OP, &[], |_| panic!("decoded")).now_or_never().expect("nothing waits");
        match sent {
            Err(Error::Hook(e)) => assert_eq!(e.to_string(), "no listThings"),
            other => panic!("{other:?}"),
        }
        // Not a retryable failure, so there is one attempt.
        assert_eq!(hook.attempts.load(Ordering::SeqCst), 1);
        let unnamed = core.execute::<()>(core.request(reqwest::Method::GET, "/")).now_or_never().expect("nothing waits");
        assert!(matches!(unnamed, Err(Error::Hook(e)) if e.to_string() == "no "));
    }

    #[test]
    fn a_transport_error_passed_on_by_a_hook_stays_a_transport_error() {
        let (_, core) = refusing(|_| {
            let builder_error = reqwest::Client::new().get("not a url").build().expect_err("no URL");
            Box::new(builder_error)
        });
        let sent = core.execute::<()>(core.request(reqwest::Method::GET, "/")).now_or_never().expect("nothing waits");
        assert!(matches!(sent, Err(Error::Transport(e)) if e.is_builder()));
    }

    #[test]
    fn an_event_stream_is_known_by_its_media_type_essence() {
        let with = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert("content-type", value.parse().unwrap());
            is_event_stream(&h)
        };
        assert!(with("text/event-stream"));
        assert!(with("Text/Event-Stream; charset=utf-8"));
        assert!(!with("application/json"));
        assert!(!with("text/event-streams"));
        assert!(!is_event_stream(&HeaderMap::new()));
    }
}
