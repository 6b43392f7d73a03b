use generated::squadus::types;
use generated::runtime::Secret;

fn main() {
    let token = Secret::new("personal-token");
    // The credential is only reachable through `expose()`.
    let _leak: &String = &token.0;
    // Required query parameters are constructor arguments.
    let _params = types::GetConferenceInfoParams::new();
}
