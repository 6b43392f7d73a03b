//! The README's test examples (Rust blocks with `#[tokio::test]`, written out by `build.rs`),
//! compiled and run as they stand: what a user copies into their own tests.

include!(concat!(env!("OUT_DIR"), "/readme_tests.rs"));
