// A token source's future must be `Send`, so generated calls stay usable from spawned tasks.
use std::rc::Rc;

use generated::runtime::{BoxFuture, Token, TokenError, TokenSource};

struct NotSend;

impl TokenSource for NotSend {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async {
            let local = Rc::new("t");
            std::future::ready(()).await;
            Ok(Token::new(*local, None))
        })
    }
}

fn main() {}
