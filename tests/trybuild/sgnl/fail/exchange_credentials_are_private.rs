// The token exchange does not hand out its stored secret through a public field.
use generated::sgnl::Client;
use generated::sgnl_auth::{ClientCredentials, TokenExchange};

fn main() {
    let exchange = TokenExchange::new(
        Client::new("http://localhost").unwrap(),
        ClientCredentials::new("id", "secret", ["project:list"]),
    );
    let _secret = exchange.credentials.client_secret;
}
