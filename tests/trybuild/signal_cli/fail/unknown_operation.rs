use generated::signal_cli_rest_api::Client;

async fn call(client: &Client) {
    // 22.10.6 has no receive endpoint.
    let _ = client.receive_messages("+4915100000001").await;
}

fn main() {
    let _ = call;
}
