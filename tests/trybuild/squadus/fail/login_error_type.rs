use generated::runtime::Error;
use generated::squadus::{types, Client};

async fn call(client: &Client) {
    let req = types::LoginRequest::new("user".to_owned(), "password".to_owned());
    // login's errors are its own enum (401 has another body), not the shared ErrorResponse.
    let _result: Result<types::LoginResponse, Error<types::ErrorResponse>> = client.login(&req).await;
}

fn main() {
    let client = Client::new("http://127.0.0.1:1").unwrap();
    let _future = call(&client);
}
