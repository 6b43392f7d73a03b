// A token source is shared by the client and its clones: it must be given as an `Arc`.
use generated::runtime::{BoxFuture, Token, TokenError, TokenSource};
use generated::sgnl::Client;

struct Fixed;

impl TokenSource for Fixed {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async { Ok(Token::new("t", None)) })
    }
}

fn main() {
    let _client = Client::new("http://localhost").unwrap().with_token_source(Fixed);
}
