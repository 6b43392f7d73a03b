use generated::squadus::types;

fn main() {
    // A multipart file is a `FilePart` (name, type, bytes), not raw bytes.
    let _form = types::UploadAutoupdateForm { file: Some(b"{}".to_vec()) };
    // `count` is an integer query parameter.
    let _params = types::ListChannelFilesParams { count: Some("25".to_owned()), ..Default::default() };
}
