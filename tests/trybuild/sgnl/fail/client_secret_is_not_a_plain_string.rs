// The client secret is a `Secret` (redacted in Debug), not a `String`.
use generated::sgnl_auth::ClientCredentials;

fn main() {
    let _credentials = ClientCredentials {
        client_id: "id".to_owned(),
        client_secret: "secret".to_owned(),
        scopes: vec!["project:list".to_owned()],
    };
}
