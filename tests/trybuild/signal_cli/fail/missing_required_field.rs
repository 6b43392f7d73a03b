use generated::signal_cli_rest_api::types;

fn main() {
    // `recipients` is required by the spec: leaving it out does not compile.
    let _req = types::SendMessageRequest {
        message: "hi".into(),
        number: None,
        base64_attachments: None,
        mentions: None,
    };
}
