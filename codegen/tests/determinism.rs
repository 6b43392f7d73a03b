//! Same spec, same bytes: generating twice (in two separate processes, so hash seeds differ)
//! writes identical crates.

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
        .output()
        .expect("codegen runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    ["Cargo.toml", "src/lib.rs", "src/runtime.rs"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(out.join(f)).expect("file written")))
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
