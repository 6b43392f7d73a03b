//! Compile-fail check that trybuild cannot express: an API behind a disabled cargo feature is
//! absent. Builds a scratch crate that depends on `generated` with only the `tada` feature.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("workspace root")
}

fn check(dir: &Path, main: &str) -> (bool, String) {
    std::fs::write(dir.join("src/main.rs"), main).expect("write main.rs");
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .current_dir(dir)
        // Shares the smoke test's target folder, so the dependencies compiled there are reused.
        .env("CARGO_TARGET_DIR", tests::corpus::check_target_dir())
        .output()
        .expect("cargo runs");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A scratch crate in `target/tests/<name>` that depends on `generated` with `features` only.
fn scratch_crate(name: &str, features: &[&str]) -> PathBuf {
    let root = workspace();
    let dir = root.join("target/tests").join(name);
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    let manifest = format!(
        "[package]\nname = \"{name}-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngenerated = {{ path = {:?}, default-features = false, features = {features:?} }}\nserde = \"1\"\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // The workspace lock pins the same versions, so nothing new is resolved or fetched.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    dir
}

#[test]
fn an_api_behind_a_disabled_feature_does_not_exist() {
    let dir = scratch_crate("feature-gate", &["tada"]);

    let (ok, stderr) = check(&dir, "fn main() { let _ = generated::tada::Client::new(\"http://127.0.0.1:1\"); }\n");
    assert!(ok, "the enabled API must compile (control case):\n{stderr}");

    let (ok, stderr) =
        check(&dir, "fn main() { let _ = generated::signal_cli_rest_api::Client::new(\"http://127.0.0.1:1\"); }\n");
    assert!(!ok, "an API whose feature is off must not compile");
    assert!(
        stderr.contains("could not find `signal_cli_rest_api` in `generated`"),
        "unexpected error:\n{stderr}"
    );
}

#[test]
fn without_full_serde_a_type_implements_the_direction_the_api_moves_it() {
    // `Me` only comes back from TADA, `SmsLoginRequest` only goes to it.
    let main = "fn encodes<T: serde::Serialize>() {}\nfn decodes<T: serde::de::DeserializeOwned>() {}\n\
                fn main() { encodes::<generated::tada::types::SmsLoginRequest>(); decodes::<generated::tada::types::Me>(); }\n";
    let dir = scratch_crate("serde-directions", &["tada"]);
    let (ok, stderr) = check(&dir, main);
    assert!(ok, "the directions the API uses must be there (control case):\n{stderr}");

    let reversed = "fn encodes<T: serde::Serialize>() {}\nfn decodes<T: serde::de::DeserializeOwned>() {}\n\
                    fn main() { encodes::<generated::tada::types::Me>(); decodes::<generated::tada::types::SmsLoginRequest>(); }\n";
    let (ok, stderr) = check(&dir, reversed);
    assert!(!ok, "a received-only type must not implement Serialize without `full-serde`");
    assert!(stderr.contains("the trait `Serialize` is not implemented for `Me`"), "unexpected error:\n{stderr}");
    assert!(stderr.contains("is not implemented for `SmsLoginRequest`"), "unexpected error:\n{stderr}");

    let dir = scratch_crate("serde-full", &["tada", "full-serde"]);
    let (ok, stderr) = check(&dir, reversed);
    assert!(ok, "with `full-serde` every type implements both:\n{stderr}");
}
