//! Snapshots of the generated code: what every spec we ship, both fixtures and one
//! `--split tags` crate generate, committed under `tests/snapshots/` so that a reviewer sees
//! what an emitter change does to the output as a diff of these files.
//!
//! A difference fails with a short unified diff naming the snapshot. After a deliberate change,
//! `UPDATE_SNAPSHOTS=1 cargo test -p codegen-openapi --test snapshots` rewrites them; commit the result
//! in its own commit with the reason in the message.

use std::path::{Path, PathBuf};

/// How many lines of a unified diff a failure prints before it stops.
const DIFF_LINES: usize = 60;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn read(relative: &str) -> String {
    let path = workspace().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn generate(relative: &str, options: codegen::Options) -> codegen::Generated {
    codegen::generate_with(relative, &read(relative), options).unwrap_or_else(|diags| {
        let listed: Vec<String> = diags.iter().map(ToString::to_string).collect();
        panic!("{relative} does not generate:\n{}", listed.join("\n"))
    })
}

/// Compares `actual` with the committed snapshot `name`, or rewrites it under
/// `UPDATE_SNAPSHOTS=1`. Returns a failure message instead of panicking so that one run reports
/// every stale snapshot.
fn check(name: &str, actual: &str) -> Option<String> {
    let path = snapshot_dir().join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0") {
        std::fs::create_dir_all(path.parent().expect("a snapshot has a folder")).expect("snapshot folder");
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return None;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return Some(format!("{}: no snapshot ({e})", path.display())),
    };
    if expected == actual {
        return None;
    }
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
    let unified = diff.unified_diff().context_radius(2).header(&format!("{name} (committed)"), &format!("{name} (generated)")).to_string();
    let total = unified.lines().count();
    let mut shown: String = unified.lines().take(DIFF_LINES).map(|l| format!("{l}\n")).collect();
    if total > DIFF_LINES {
        shown.push_str(&format!("… {} more diff lines\n", total - DIFF_LINES));
    }
    Some(format!("{} differs from the generated code:\n{shown}", path.display()))
}

fn assert_all(failures: Vec<Option<String>>) {
    let failures: Vec<String> = failures.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is deliberate: UPDATE_SNAPSHOTS=1 cargo test -p codegen-openapi --test snapshots",
        failures.join("\n")
    );
}

#[test]
fn the_shipped_specs_generate_their_snapshots() {
    let specs = codegen::spec_files(&workspace().join("specs")).expect("specs/ exists");
    assert!(specs.len() >= 4, "expected the four shipped specs, found {specs:?}");
    let failures = specs
        .iter()
        .map(|spec| {
            let stem = spec.file_stem().and_then(|s| s.to_str()).expect("a spec has a name");
            let generated = generate(&format!("specs/{stem}.yaml"), codegen::Options::default());
            check(&format!("{stem}.rs.snap"), &generated.source)
        })
        .collect();
    assert_all(failures);
}

/// Every spec under `tests/fixtures/` (the wiremock tests' clients) and the 3.1 reading of
/// signal-cli.
#[test]
fn the_fixtures_generate_their_snapshots() {
    let mut fixtures: Vec<String> = codegen::spec_files(&workspace().join("tests/fixtures"))
        .expect("tests/fixtures/ exists")
        .iter()
        .filter_map(|p| Some(format!("tests/fixtures/{}", p.file_name()?.to_str()?)))
        .collect();
    fixtures.push("codegen/tests/fixtures/signal-cli-rest-api.3.1.yaml".to_owned());
    let failures = fixtures
        .iter()
        .map(|spec| {
            let stem = Path::new(spec).file_stem().and_then(|s| s.to_str()).expect("a fixture has a name");
            check(&format!("{stem}.rs.snap"), &generate(spec, codegen::Options::default()).source)
        })
        .collect();
    assert_all(failures);
}

/// A whole standalone crate, split by tag, with a registry runtime (a path would put this
/// machine's folders into the manifest).
#[test]
fn a_crate_split_by_tags_generates_its_snapshot() {
    let options = codegen::Options { split_by_tag: true, ..codegen::Options::default() };
    let generated = generate("specs/tada.yaml", options);
    let dir = std::env::temp_dir().join(format!("codegen-snapshot-split-{}", std::process::id()));
    let runtime = codegen::output::Runtime::Version(codegen::output::RUNTIME_VERSION.to_owned());
    codegen::output::write_crate(&dir, "tada-split", &generated.source, &generated.api, &runtime).expect("crate written");
    let file = |name: &str| std::fs::read_to_string(dir.join(name)).expect("written file");
    let failures = vec![
        check("tada-split-tags/Cargo.toml.snap", &file("Cargo.toml")),
        check("tada-split-tags/src/lib.rs.snap", &file("src/lib.rs")),
    ];
    let _ = std::fs::remove_dir_all(&dir);
    assert_all(failures);
}
