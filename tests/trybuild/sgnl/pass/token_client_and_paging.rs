// Using the SIGNAL client as documented in docs/sgnl.md: a credentials-backed client, a custom
// token source, paging, and matching errors (including the token and quota errors).
use std::sync::Arc;

use futures_util::TryStreamExt;
use generated::runtime::{self, BoxFuture, Error, Secret, Token, TokenError, TokenSource};
use generated::sgnl::{types, Client};
use generated::sgnl_auth::{self, ClientCredentials, TokenExchange};

struct FromVault;

impl TokenSource for FromVault {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async { Ok(Token::new("from-the-vault", Some(std::time::Duration::from_secs(600)))) })
    }
}

fn describe(e: &Error<types::Error>) -> String {
    match e {
        Error::Api(e) if e.status.as_u16() == 450 => "quota reached".to_owned(),
        Error::Api(e) => format!("API error {}", e.status),
        Error::Auth(message) => format!("no token: {message}"),
        Error::InvalidRequest(m) => m.clone(),
        Error::Transport(t) => t.to_string(),
        Error::UnexpectedResponse(raw) => raw.text(),
        Error::Decode { message, .. } => message.clone(),
        Error::BodyTooLarge { limit } => format!("over {limit}"),
        Error::Hook(e) => format!("refused by a hook: {e}"),
    }
}

async fn all_projects(client: &Client) -> Result<Vec<types::Project>, Error<types::Error>> {
    // `x-pagination` operations stream their items, fetching pages lazily.
    client.list_projects().take(sgnl_auth::MAX_TAKE as i32).into_stream().try_collect().await
}

fn assert_send<T: Send>(_: &T) {}

fn main() {
    let credentials = ClientCredentials::new("client-id", Secret::new("secret"), ["project:list"]);
    let client = sgnl_auth::client("https://api.sgnl.pro", credentials.clone()).unwrap();
    let future = all_projects(&client);
    assert_send(&future);
    drop(future);

    let exchange = TokenExchange::new(Client::new(Client::DEFAULT_BASE_URL).unwrap(), credentials)
        .with_default_lifetime(std::time::Duration::from_secs(1800));
    let source: Arc<dyn TokenSource> = Arc::new(exchange);
    let other = Client::new(Client::DEFAULT_BASE_URL).unwrap().with_token_source(source);
    other.set_token_source(Some(Arc::new(FromVault)));
    other.set_token_source(None);

    let config = runtime::ClientConfig::default();
    let with_config = sgnl_auth::client_with_config(
        "https://api.sgnl.pro",
        &config,
        ClientCredentials::new("id", "secret", Vec::<String>::new()),
    )
    .unwrap();
    println!("{with_config:?} {}", describe(&Error::Auth("x".into())));
}
