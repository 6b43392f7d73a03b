use generated::squadus::{types, Client};

fn main() {
    // A multipart file is a `FilePart` (name, type, bytes), not raw bytes.
    let _form = types::UploadAutoupdateForm { file: Some(b"{}".to_vec()) };
    // `count` is an integer query parameter: its setter takes `impl Into<i32>`, not a string.
    let client = Client::new("http://localhost").unwrap();
    let _call = client.list_channel_files().count("25");
}
