//! Credentials on requests: stored ones placed as each security scheme says, and tokens from a
//! [`TokenSource`], fetched, cached and renewed once after a `401`. The header values carrying
//! them are marked sensitive so that no `Debug` of a request shows them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::super::token::{CachedToken, TokenCache};
use super::super::{AuthPlacement, Error, OperationInfo, RawResponse, StatusCode, TokenSource};
use super::send::Received;
use super::ClientCore;

impl ClientCore {
    #[doc(hidden)]
    /// Adds the stored credentials of the given schemes. Tokens from a [`TokenSource`] are not
    /// added here (fetching one is async): [`ClientCore::execute_authorized`] does both.
    pub fn authorize<E>(
        &self,
        req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        self.authorize_with(req, schemes, &BTreeMap::new())
    }

    /// Like [`ClientCore::authorize`]; a scheme with an entry in `tokens` uses that token instead of
    /// its stored credential.
    fn authorize_with<E>(
        &self,
        mut req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
        tokens: &BTreeMap<&'static str, CachedToken>,
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        let creds = self.credentials.read().unwrap_or_else(|p| p.into_inner());
        let mut cookies = Vec::new();
        for (scheme, placement) in schemes {
            let secret = match tokens.get(scheme) {
                Some(token) => &token.value,
                None => match creds.get(scheme) {
                    Some(secret) => secret,
                    None => continue,
                },
            };
            let value = secret.expose();
            req = match placement {
                AuthPlacement::Header(name) => req.header(*name, sensitive_header(value, scheme)?),
                AuthPlacement::Query(name) => req.query(&[(*name, value)]),
                AuthPlacement::Cookie(name) => {
                    cookies.push(format!("{name}={value}"));
                    req
                }
                AuthPlacement::Bearer => req.header(
                    reqwest::header::AUTHORIZATION,
                    sensitive_header(&format!("Bearer {value}"), scheme)?,
                ),
                AuthPlacement::Basic => {
                    let (user, password) = value.split_once(':').unwrap_or((value, ""));
                    req.basic_auth(user, Some(password))
                }
            };
        }
        if !cookies.is_empty() {
            req = req.header(reqwest::header::COOKIE, sensitive_header(&cookies.join("; "), "cookie")?);
        }
        Ok(req)
    }

    /// Registers (or with `None` removes) a [`TokenSource`] for a security scheme, for this core
    /// and its clones. While one is registered, the scheme's token comes from it (cached and
    /// renewed as [`ClientCore::execute_authorized`] describes) instead of the stored credential.
    pub fn set_token_source(&self, scheme: &'static str, source: Option<Arc<dyn TokenSource>>) {
        let mut sources = self.token_sources.write().unwrap_or_else(|p| p.into_inner());
        match source {
            Some(s) => sources.insert(scheme, Arc::new(TokenCache::new(s))),
            None => sources.remove(scheme),
        };
    }

    /// Whether a [`TokenSource`] is registered for the scheme.
    pub fn has_token_source(&self, scheme: &'static str) -> bool {
        self.token_sources.read().map(|s| s.contains_key(scheme)).unwrap_or(false)
    }

    #[doc(hidden)]
    /// Adds the credentials of the given schemes and sends the request.
    ///
    /// For a scheme with a [`TokenSource`], the token is fetched on first use, cached, and
    /// renewed before it expires (once less than a tenth of its lifetime, at most 60 s, is left);
    /// concurrent calls share one fetch. If the server answers `401 Unauthorized` to a request
    /// that carried such a token, the token is renewed once and the request re-sent once; the
    /// second answer is returned whatever it is. A request whose body is a stream cannot be
    /// re-sent, so its `401` is returned as is.
    pub async fn execute_authorized<E>(
        &self,
        req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
    ) -> Result<RawResponse, Error<E>> {
        self.execute_authorized_for(req, schemes, &OperationInfo::UNNAMED, false)
            .await
            .map(|r| r.raw)
    }

    /// [`ClientCore::execute_authorized`] for a request of `operation`; with `stream_success`, a
    /// 2xx body is left unread (see [`ClientCore::send_streaming`]).
    pub(super) async fn execute_authorized_for<E>(
        &self,
        req: reqwest::RequestBuilder,
        schemes: &[(&'static str, AuthPlacement)],
        operation: &OperationInfo,
        stream_success: bool,
    ) -> Result<Received, Error<E>> {
        let caches: Vec<(&'static str, Arc<TokenCache>)> = {
            let sources = self.token_sources.read().unwrap_or_else(|p| p.into_inner());
            schemes
                .iter()
                .filter_map(|(scheme, _)| sources.get(scheme).map(|c| (*scheme, Arc::clone(c))))
                .collect()
        };
        if caches.is_empty() {
            let req = self.authorize(req, schemes)?;
            return self.execute_for(req, operation, stream_success).await;
        }
        let mut tokens = BTreeMap::new();
        for (scheme, cache) in &caches {
            tokens.insert(*scheme, cache.token(None).await.map_err(|m| token_error(scheme, m))?);
        }
        let retry = req.try_clone();
        let received = self
            .execute_for(
                self.authorize_with(req, schemes, &tokens)?,
                operation,
                stream_success,
            )
            .await?;
        if received.raw.status != StatusCode::UNAUTHORIZED {
            return Ok(received);
        }
        let Some(retry) = retry else {
            return Ok(received);
        };
        for (scheme, cache) in &caches {
            let rejected = tokens.get(scheme).map(|t| t.generation);
            let fresh = cache.token(rejected).await.map_err(|m| token_error(scheme, m))?;
            tokens.insert(*scheme, fresh);
        }
        self.execute_for(
            self.authorize_with(retry, schemes, &tokens)?,
            operation,
            stream_success,
        )
        .await
    }
}

fn token_error<E>(scheme: &str, message: String) -> Error<E> {
    Error::Auth(format!("token for `{scheme}`: {message}"))
}

fn sensitive_header<E>(value: &str, what: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    let mut v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!("the credential for `{what}` is not a valid header value"))
    })?;
    v.set_sensitive(true);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use futures_util::FutureExt as _;

    use super::super::super::{
        AuthPlacement, BoxFuture, Error, Hook, HookError, Next, OperationInfo, Secret, Token, TokenError, TokenSource,
    };
    use super::super::ClientCore;

    fn with_credentials(credentials: &[(&'static str, &str)]) -> ClientCore {
        let core = ClientCore::with_http_client("http://api.test", reqwest::Client::new(), 1024);
        for (scheme, value) in credentials {
            core.set_credential(scheme, Some(Secret::new(*value)));
        }
        core
    }

    fn authorized(core: &ClientCore, schemes: &[(&'static str, AuthPlacement)]) -> Result<reqwest::Request, Error<()>> {
        let req = core.request(reqwest::Method::GET, "/x?a=1");
        Ok(core.authorize(req, schemes)?.build().unwrap())
    }

    #[test]
    fn each_placement_puts_the_credential_where_it_says() {
        let core = with_credentials(&[
            ("key", "k1"),
            ("q", "k 2"),
            ("c1", "v1"),
            ("c2", "v2"),
            ("bearer", "tok"),
            ("basic", "user:pw"),
        ]);
        let schemes = [
            ("key", AuthPlacement::Header("X-Api-Key")),
            ("q", AuthPlacement::Query("api_key")),
            ("c1", AuthPlacement::Cookie("sid")),
            ("c2", AuthPlacement::Cookie("other")),
            ("bearer", AuthPlacement::Bearer),
        ];
        let req = authorized(&core, &schemes).unwrap();
        assert_eq!(req.url().query(), Some("a=1&api_key=k+2"));
        let h = req.headers();
        assert_eq!(h["x-api-key"], "k1");
        assert_eq!(h["cookie"], "sid=v1; other=v2");
        assert_eq!(h["authorization"], "Bearer tok");
        // Marked sensitive, so that no `Debug` of the request shows them.
        assert!(h["x-api-key"].is_sensitive() && h["cookie"].is_sensitive() && h["authorization"].is_sensitive());
        let basic = authorized(&core, &[("basic", AuthPlacement::Basic)]).unwrap();
        assert_eq!(basic.headers()["authorization"], "Basic dXNlcjpwdw==");
    }

    #[test]
    fn schemes_without_a_credential_are_skipped() {
        let core = with_credentials(&[("key", "k1")]);
        let req = authorized(&core, &[("missing", AuthPlacement::Bearer), ("key", AuthPlacement::Header("X-Key"))]).unwrap();
        assert_eq!(req.headers().len(), 1);
        assert_eq!(req.headers()["x-key"], "k1");
        let basic = with_credentials(&[("basic", "no-colon")]);
        let req = authorized(&basic, &[("basic", AuthPlacement::Basic)]).unwrap();
        assert_eq!(req.headers()["authorization"], "Basic bm8tY29sb246", "user `no-colon`, empty password");
    }

    #[test]
    fn a_credential_that_is_no_header_value_names_the_scheme_not_the_value() {
        let core = with_credentials(&[("key", "bad\r\nX-Injected: 1")]);
        match authorized(&core, &[("key", AuthPlacement::Bearer)]) {
            Err(Error::InvalidRequest(m)) => {
                assert_eq!(m, "the credential for `key` is not a valid header value");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Hands out `fresh`, or fails.
    struct Source(bool);

    impl TokenSource for Source {
        fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
            let result = if self.0 { Ok(Token::new("fresh", None)) } else { Err("endpoint down".into()) };
            Box::pin(async move { result })
        }
    }

    /// Answers every attempt itself with the `Authorization` it was sent: no request leaves.
    struct ShowAuthorization;

    impl Hook for ShowAuthorization {
        fn handle<'a>(
            &'a self,
            request: reqwest::Request,
            _: &'a OperationInfo,
            _: Next<'a>,
        ) -> BoxFuture<'a, Result<reqwest::Response, HookError>> {
            let shown = request.headers().get("authorization").map(|v| v.to_str().unwrap().to_owned());
            Box::pin(async move { Err(shown.unwrap_or_default().into()) })
        }
    }

    #[test]
    fn a_token_source_replaces_the_stored_credential() {
        let core = with_credentials(&[("oauth", "stored")]).with_hooks(vec![Arc::new(ShowAuthorization)]);
        let schemes = [("oauth", AuthPlacement::Bearer)];
        let sent = |core: &ClientCore| {
            let request = core.request(reqwest::Method::GET, "/");
            match core.execute_authorized::<()>(request, &schemes).now_or_never().expect("nothing waits") {
                Err(Error::Hook(e)) => e.to_string(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(sent(&core), "Bearer stored");
        core.set_token_source("oauth", Some(Arc::new(Source(true))));
        assert_eq!(sent(&core), "Bearer fresh");
    }

    #[test]
    fn a_token_source_that_fails_is_an_auth_error_naming_the_scheme() {
        let core = with_credentials(&[]).with_hooks(vec![Arc::new(ShowAuthorization)]);
        core.set_token_source("oauth", Some(Arc::new(Source(false))));
        let request = core.request(reqwest::Method::GET, "/");
        let sent = core.execute_authorized::<()>(request, &[("oauth", AuthPlacement::Bearer)]).now_or_never();
        match sent.expect("nothing waits") {
            Err(Error::Auth(m)) => assert_eq!(m, "token for `oauth`: endpoint down"),
            other => panic!("{other:?}"),
        }
    }
}
