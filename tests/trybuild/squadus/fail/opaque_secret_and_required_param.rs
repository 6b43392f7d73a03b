use generated::squadus::Client;
use generated::runtime::Secret;

fn main() {
    let token = Secret::new("personal-token");
    // The credential is only reachable through `expose()`.
    let _leak: &String = &token.0;
    // A required query parameter is a positional argument: leaving it out does not compile.
    let client = Client::new("http://localhost").unwrap();
    let _call = client.get_conference_info();
}
