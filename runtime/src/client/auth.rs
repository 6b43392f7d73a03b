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

