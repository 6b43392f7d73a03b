use generated::tada::Client;

async fn call(client: &Client) {
    // `team_uid` is `format: uuid`: a string does not do.
    let _ = client.get_team("3525d76d-cfe0-469f-b46e-cbb79ae5491e").await;
}

fn main() {
    let client = Client::new("http://127.0.0.1:1").unwrap();
    let _future = call(&client);
}
