use generated::signal_cli_rest_api::Client;

async fn call(client: &Client) {
    // Path parameters are strings: a number is a type error.
    let _ = client.get_group(4915100000001u64, "group").await;
}

fn main() {
    let _ = call;
}
