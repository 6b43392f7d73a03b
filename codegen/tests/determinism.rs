//! Same spec, same bytes: generating twice (in two separate processes, so hash seeds differ)
//! writes identical crates; the runtime choice changes only the manifest, the runtime item and
//! whether `src/runtime/` is there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = codegen::spec_files(&dir).expect("specs/ exists");
    assert!(!specs.is_empty(), "no specs found in {}", dir.display());
    specs
}

fn generate(spec: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .arg("--name")
        .arg("det")
        // Vendored, so the runtime's bytes are compared too.
        .args(["--runtime", "vendored"])
        .output()
        .expect("codegen runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let runtime = codegen::output::RUNTIME_FILES.iter().map(|(path, _)| format!("src/runtime/{path}"));
    ["Cargo.toml".to_owned(), "src/lib.rs".to_owned()]
        .into_iter()
        .chain(runtime)
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            (f, bytes)
        })
        .collect()
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let tmp = std::env::temp_dir().join(format!("codegen-determinism-{}", std::process::id()));
    for spec in specs() {
        let a = generate(&spec, &tmp.join("a"));
        let b = generate(&spec, &tmp.join("b"));
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{} differs between two runs for {}", name, spec.display());
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn library_output_is_stable_within_a_process() {
    for spec in specs() {
        let text = std::fs::read_to_string(&spec).expect("spec reads");
        let file = spec.display().to_string();
        let a = codegen::generate(&file, &text).expect("generates").source;
        let b = codegen::generate(&file, &text).expect("generates").source;
        assert_eq!(a, b, "{file}");
    }
}

#[test]
fn the_runtime_is_a_path_dependency_or_a_vendored_copy() {
    let spec = &specs()[0];
    let tmp = std::env::temp_dir().join(format!("codegen-runtime-{}", std::process::id()));
    let run = |runtime: &str, out: &Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("generate")
            .arg(spec)
            .arg("--out")
            .arg(out)
            .args(["--runtime", runtime])
            .output()
            .expect("codegen runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        String::from_utf8_lossy(&status.stdout).into_owned()
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let stdout = run(&format!("path={}", dir.display()), &tmp.join("path"));
    assert!(stdout.contains("runtime: path"), "{stdout}");
    let manifest = std::fs::read_to_string(tmp.join("path/Cargo.toml")).expect("manifest");
    assert!(manifest.contains(&format!("codegen-runtime = {{ path = \"{}\" }}", dir.display())), "{manifest}");
    assert!(std::fs::read_to_string(tmp.join("path/src/lib.rs")).expect("lib").contains("pub use codegen_runtime as runtime;"));
    assert!(!tmp.join("path/src/runtime.rs").exists() && !tmp.join("path/src/runtime").exists());
    run("version=0.1.0", &tmp.join("version"));
    assert!(std::fs::read_to_string(tmp.join("version/Cargo.toml")).expect("manifest").contains("codegen-runtime = \"0.1.0\""));
    run("vendored", &tmp.join("vendored"));
    for (path, text) in codegen::output::RUNTIME_FILES {
        let written = std::fs::read_to_string(tmp.join("vendored/src/runtime").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(&written, text, "src/runtime/{path}");
    }
    assert!(std::fs::read_to_string(tmp.join("vendored/src/lib.rs")).expect("lib").contains("pub mod runtime;"));
    assert!(!std::fs::read_to_string(tmp.join("vendored/Cargo.toml")).expect("manifest").contains("codegen-runtime"));
    // Switching kinds in one folder leaves no stale runtime behind: none after a vendored run, and
    // neither a single-file runtime of older generators nor a removed module's file after another.
    run(&format!("path={}", dir.display()), &tmp.join("vendored"));
    assert!(!tmp.join("vendored/src/runtime").exists());
    std::fs::write(tmp.join("vendored/src/runtime.rs"), "// an older vendored runtime").expect("written");
    run("vendored", &tmp.join("vendored"));
    assert!(!tmp.join("vendored/src/runtime.rs").exists());
    std::fs::write(tmp.join("vendored/src/runtime/removed.rs"), "// a module since removed").expect("written");
    run("vendored", &tmp.join("vendored"));
    assert!(!tmp.join("vendored/src/runtime/removed.rs").exists());
    assert!(tmp.join("vendored/src/runtime/mod.rs").is_file());
    let bad = Command::new(env!("CARGO_BIN_EXE_codegen")).arg("generate").arg(spec).arg("--out").arg(tmp.join("bad")).args(["--runtime", "nowhere"]).output().expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("path=DIR"), "{}", String::from_utf8_lossy(&bad.stderr));
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `generate --check` writes nothing: exit 0 on a fresh crate, exit 1 naming each file that
/// generation would change (an edited spec, a hand-edited file, a stale vendored runtime file).
#[test]
fn generate_check_tells_a_fresh_crate_from_a_stale_one() {
    let tmp = std::env::temp_dir().join(format!("codegen-check-{}", std::process::id()));
    let spec = tmp.join("api.yaml");
    let out = tmp.join("crate");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      summary: Lists the items.\n      responses: {'204': {description: none}}\n";
    std::fs::write(&spec, text).expect("spec written");
    let run = |check: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_codegen"));
        cmd.arg("generate").arg(&spec).arg("--out").arg(&out).args(["--runtime", "vendored"]);
        if check {
            cmd.arg("--check");
        }
        let output = cmd.output().expect("codegen runs");
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (code, stdout) = run(true);
    assert_eq!(code, Some(1), "nothing written yet is stale: {stdout}");
    assert!(!out.exists(), "--check wrote something");
    assert_eq!(run(false).0, Some(0));
    let (code, stdout) = run(true);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("up to date"), "{stdout}");
    // A spec change makes src/lib.rs stale, and only it.
    std::fs::write(&spec, text.replace("Lists the items.", "Lists every item.")).expect("spec edited");
    let (code, stdout) = run(true);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("src/lib.rs") && !stdout.contains("Cargo.toml"), "{stdout}");
    std::fs::write(&spec, text).expect("spec restored");
    // A file the generator would remove, and a hand edit, are both reported; nothing is changed.
    std::fs::write(out.join("src/runtime/removed.rs"), "// a module since removed").expect("written");
    std::fs::write(out.join("Cargo.toml"), "# edited\n").expect("written");
    let (code, stdout) = run(true);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("src/runtime/removed.rs") && stdout.contains("Cargo.toml") && !stdout.contains("src/lib.rs"), "{stdout}");
    assert!(out.join("src/runtime/removed.rs").exists());
    let _ = std::fs::remove_dir_all(&tmp);
}
