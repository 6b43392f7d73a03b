//! Compile-fail check that trybuild cannot express: an API behind a disabled cargo feature is
//! absent. Builds a scratch crate that depends on `generated` with only the `tada` feature.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("workspace root")
}

fn check(dir: &Path, main: &str) -> (bool, String) {
    std::fs::write(dir.join("src/main.rs"), main).expect("write main.rs");
    let root = workspace();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .current_dir(dir)
        // Shares the trybuild target folder, so dependencies compiled there are reused.
        .env("CARGO_TARGET_DIR", root.join("target/tests/trybuild"))
        .output()
        .expect("cargo runs");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn an_api_behind_a_disabled_feature_does_not_exist() {
    let root = workspace();
    let dir = root.join("target/tests/feature-gate");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    let manifest = format!(
        "[package]\nname = \"feature-gate-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngenerated = {{ path = {:?}, default-features = false, features = [\"tada\"] }}\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // The workspace lock pins the same versions, so nothing new is resolved or fetched.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

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
