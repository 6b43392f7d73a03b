use generated::signal_cli_rest_api::types;

fn main() {
    // `new` takes every required field.
    let _req = types::SendMessageRequest::new(vec!["+4915100000002".into()]);
}
