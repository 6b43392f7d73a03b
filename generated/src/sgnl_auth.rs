//! Hand-written support for [`sgnl`](crate::sgnl) (SIGNAL, sgnl.pro): the client-credentials token
//! exchange. Paging is generated: the list operations marked `x-pagination` have `into_stream()`.
//!
//! ```no_run
//! use generated::{runtime::Secret, sgnl, sgnl_auth};
//! use futures_util::TryStreamExt;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let credentials = sgnl_auth::ClientCredentials::new(
//!     "client-id",
//!     Secret::new("client-secret"),
//!     ["project:list", "docs:item:list"],
//! );
//! // Every call fetches (once), caches and renews the bearer token itself.
//! let client = sgnl_auth::client(sgnl::Client::DEFAULT_BASE_URL, credentials)?;
//!
//! // All projects, 200 per request.
//! let projects: Vec<sgnl::types::Project> =
//!     client.list_projects().take(sgnl_auth::MAX_TAKE as i32).into_stream().try_collect().await?;
//! # let _ = projects;
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;
use std::time::Duration;

use crate::runtime::{BoxFuture, ClientConfig, Secret, Token, TokenError, TokenSource};
use crate::sgnl;

/// How long a token lives when the token response does not say (`expiresIn`): one hour, as the
/// official page states.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// The largest `Take` the list operations accept.
pub const MAX_TAKE: u32 = 200;

/// The credentials of a HUB integration and the scopes to request. `Debug` never shows the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// The integration's `clientId`.
    pub client_id: String,
    /// The integration's `clientSecret`.
    pub client_secret: Secret,
    /// The scopes to request (each must have been granted to the integration in HUB).
    pub scopes: Vec<String>,
}

impl ClientCredentials {
    /// Credentials asking for `scopes`.
    pub fn new<S: Into<String>>(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
        }
    }
}

/// A [`TokenSource`] that exchanges [`ClientCredentials`] for a bearer token at
/// `POST /public/v1/auth/token`, through a client without a token source of its own.
/// `Debug` never shows the secret.
#[derive(Debug, Clone)]
pub struct TokenExchange {
    token_client: sgnl::Client,
    credentials: ClientCredentials,
    default_lifetime: Duration,
}

impl TokenExchange {
    /// Exchanges `credentials` through `token_client` (give it no token source: the token
    /// endpoint needs none, and one would ask itself for tokens).
    pub fn new(token_client: sgnl::Client, credentials: ClientCredentials) -> Self {
        TokenExchange { token_client, credentials, default_lifetime: DEFAULT_TOKEN_LIFETIME }
    }

    /// The lifetime assumed when the response has no `expiresIn` (default [`DEFAULT_TOKEN_LIFETIME`]).
    #[must_use]
    pub fn with_default_lifetime(mut self, lifetime: Duration) -> Self {
        self.default_lifetime = lifetime;
        self
    }

    /// The credentials this source exchanges.
    pub fn credentials(&self) -> &ClientCredentials {
        &self.credentials
    }

    /// Asks the token endpoint for a new token.
    pub async fn fetch(&self) -> Result<Token, TokenError> {
        let request = sgnl::types::TokenRequest::new(
            self.credentials.client_id.clone(),
            self.credentials.client_secret.expose().to_owned(),
            self.credentials.scopes.clone(),
        );
        let response = self.token_client.create_auth_token(&request).await.map_err(|e| Box::new(e) as TokenError)?;
        if response.token.is_empty() {
            return Err("the token endpoint returned an empty token".into());
        }
        let lifetime = match response.expires_in {
            Some(seconds) if seconds > 0 => Duration::from_secs(u64::from(seconds.unsigned_abs())),
            _ => self.default_lifetime,
        };
        Ok(Token::new(response.token, Some(lifetime)))
    }
}

impl TokenSource for TokenExchange {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(self.fetch())
    }
}

/// A client for `base_url` that gets its bearer token by exchanging `credentials`
/// (default [`ClientConfig`]).
pub fn client(base_url: &str, credentials: ClientCredentials) -> Result<sgnl::Client, reqwest::Error> {
    client_with_config(base_url, &ClientConfig::default(), credentials)
}

/// Like [`client`], with your own timeouts and limits. The token requests share the client's
/// connection pool.
pub fn client_with_config(
    base_url: &str,
    config: &ClientConfig,
    credentials: ClientCredentials,
) -> Result<sgnl::Client, reqwest::Error> {
    let api = sgnl::Client::with_config(base_url, config)?;
    let token_client = sgnl::Client::with_http_client(base_url, api.http_client().clone());
    Ok(api.with_token_source(Arc::new(TokenExchange::new(token_client, credentials))))
}
