//! `codegen diff` through the built binary: exit codes, the formats, the git mode over our
//! own history, and the rule catalogue in docs/diff-rules.md kept in sync with the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::diff::RULES;

const BIN: &str = env!("CARGO_BIN_EXE_codegen");
const BASE: &str = include_str!("diff/base.yaml");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn write(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff_cli");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).env_remove("CLICOLOR_FORCE").output().expect("run codegen")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (old, breaking new, non-breaking new)
fn pair() -> (PathBuf, PathBuf, PathBuf) {
    let old = write("old.yaml", BASE);
    let breaking = write("breaking.yaml", &BASE.replace("    delete: {operationId: deleteToy, responses: {'204': {description: gone}}}\n", ""));
    let compatible =
        write("compatible.yaml", &BASE.replace("        nickname: {type: string}\n", "        nickname: {type: string}\n        age: {type: integer}\n"));
    (old, breaking, compatible)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn fail_on_breaking_exits_1_for_a_breaking_pair() {
    let (old, breaking, _) = pair();
    let o = run(&["diff", s(&old), s(&breaking), "--fail-on", "breaking"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    // Without --fail-on the same diff exits 0.
    assert_eq!(code(&run(&["diff", s(&old), s(&breaking)])), 0);
}

#[test]
fn fail_on_breaking_exits_0_for_a_compatible_pair() {
    let (old, _, compatible) = pair();
    let o = run(&["diff", s(&old), s(&compatible), "--fail-on", "breaking"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Verdict: non-breaking"), "{}", stdout(&o));
    // ... but `--fail-on any` sees the change.
    assert_eq!(code(&run(&["diff", s(&old), s(&compatible), "--fail-on", "any"])), 1);
}

#[test]
fn bad_input_exits_2_with_diagnostics() {
    let (old, ..) = pair();
    let invalid = write("invalid.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
    let o = run(&["diff", s(&old), s(&invalid), "--fail-on", "breaking"]);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid.yaml:") && err.contains("not valid YAML"), "{err}");
    let missing = run(&["diff", s(&old), "/nonexistent/spec.yaml"]);
    assert_eq!(code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    // Unreadable input prints no verdict, in any format.
    for format in ["text", "markdown", "json", "github", "junit", "changelog"] {
        let o = run(&["diff", s(&old), s(&invalid), "--format", format]);
        assert_eq!(code(&o), 2);
        assert!(stdout(&o).is_empty(), "{format}: {}", stdout(&o));
    }
}

#[test]
fn a_spec_that_parses_but_does_not_validate_is_compared_with_warnings() {
    let (old, ..) = pair();
    // A dangling ref: `check` refuses it, the diff reads it.
    let broken = BASE.replace("schemas/Pet'}}", "schemas/Pett'}}");
    let dangling = write("dangling.yaml", &broken);
    let o = run(&["diff", s(&old), s(&dangling), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning") && err.contains("points to nothing") && err.contains("dangling.yaml:"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert!(report["specs"][0]["changes"].as_array().is_some_and(|c| !c.is_empty()), "{report}");
}

#[test]
fn json_format_has_the_documented_fields() {
    let (old, breaking, _) = pair();
    let o = run(&["diff", s(&old), s(&breaking), "--format", "json"]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["verdict"], "breaking");
    assert_eq!(v["wire_verdict"], "breaking");
    assert_eq!(v["rust_verdict"], "breaking");
    assert_eq!(v["counts"]["breaking"], 2);
    assert_eq!(v["summary"]["methods"]["removed"], 1);
    let spec = &v["specs"][0];
    for k in ["name", "old_file", "new_file", "status", "verdict", "wire_verdict", "rust_verdict", "summary", "changes"] {
        assert!(spec.get(k).is_some(), "spec entry lacks `{k}`");
    }
    let change = &spec["changes"][0];
    assert_eq!(change["rule"], "operation-removed");
    assert_eq!(change["level"], "wire");
    assert_eq!(change["verdict"], "breaking");
    assert_eq!(change["pointer"], "/paths/~1pets~1{petId}~1toys~1{toyId}/delete");
    assert_eq!(change["old"]["line"], 45);
    assert!(change["new"].is_null());
    assert!(change["message"].as_str().is_some_and(|m| m.contains("DELETE")));
}

#[test]
fn markdown_format_has_a_table() {
    let (old, breaking, _) = pair();
    let o = run(&["diff", s(&old), s(&breaking), "--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.contains("## Spec diff: **breaking**"), "{md}");
    assert!(md.contains("| Verdict | Level | Rule | Change | Where |\n|---|---|---|---|---|"), "{md}");
    assert!(md.contains("| **breaking** | wire | `operation-removed` |"), "{md}");
    assert!(md.contains("| methods | 0 | 1 | 0 |"), "{md}");
}

#[test]
fn text_format_has_the_verdict_line_and_no_colour_when_piped() {
    let (old, breaking, _) = pair();
    let o = run(&["diff", s(&old), s(&breaking)]);
    let text = stdout(&o);
    assert!(text.contains("Verdict: BREAKING (wire: breaking, rust: breaking) — 2 changes: 2 breaking, 0 warning, 0 non-breaking, 0 info"), "{text}");
    assert!(text.contains("operation-removed"));
    assert!(text.contains("generated code: types +0 -0 ~0 · methods +0 -1 ~0"), "{text}");
    assert!(!text.contains('\u{1b}'), "escape codes in piped output");
    let forced = Command::new(BIN).args(["diff", s(&old), s(&breaking)]).env("CLICOLOR_FORCE", "1").env_remove("NO_COLOR").output().expect("run");
    assert!(stdout(&forced).contains('\u{1b}'), "CLICOLOR_FORCE should colour");
    let no_color = Command::new(BIN).args(["diff", s(&old), s(&breaking)]).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").output().expect("run");
    assert!(!stdout(&no_color).contains('\u{1b}'), "NO_COLOR must win");
}

fn git(args: &[&str]) -> Option<String> {
    let o = Command::new("git").current_dir(workspace()).args(args).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_owned())
}

#[test]
fn our_specs_against_the_first_commit() {
    let Some(first) = git(&["rev-list", "--max-parents=0", "HEAD"]).and_then(|l| l.lines().last().map(str::to_owned)) else {
        println!("note: not inside a git checkout; skipping the git-history diff");
        return;
    };
    let o = Command::new(BIN).current_dir(workspace()).args(["diff", "--git", &first]).output().expect("run");
    assert_eq!(code(&o), 0, "stdout:\n{}\nstderr:\n{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("Verdict: "));
    let json = Command::new(BIN).current_dir(workspace()).args(["diff", "--git", &first, "--format", "json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert!(v["specs"].as_array().is_some_and(|a| !a.is_empty()));
    // A revision that does not exist is bad input.
    let bad = Command::new(BIN).current_dir(workspace()).args(["diff", "--git", "no-such-revision-xyz"]).output().expect("run");
    assert_eq!(code(&bad), 2);
}

#[test]
fn each_of_our_specs_against_itself_has_no_changes() {
    let dir = workspace().join("specs");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("specs/") {
        let p = entry.expect("entry").path();
        if p.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let o = run(&["diff", s(&p), s(&p), "--format", "json", "--fail-on", "any"]);
        assert_eq!(code(&o), 0, "{}: {}", p.display(), stdout(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        assert_eq!(v["verdict"], "unchanged", "{}", p.display());
        assert_eq!(v["specs"][0]["changes"].as_array().map(Vec::len), Some(0));
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn the_catalogue_in_docs_matches_the_code() {
    let doc = std::fs::read_to_string(workspace().join("docs/diff-rules.md")).expect("docs/diff-rules.md");
    let catalogue = doc.split("## Rule catalogue").nth(1).expect("a `## Rule catalogue` section");
    let mut documented = Vec::new();
    for line in catalogue.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split(" | ").map(|c| c.trim_matches(|c| c == '|' || c == ' ')).collect();
        let id = cells[0].trim_matches('`');
        assert!(cells.len() >= 5 && !cells[4].is_empty(), "{id}: a catalogue row needs level, verdict, what it detects and an example");
        documented.push((id.to_owned(), cells[1].to_owned(), cells[2].to_owned()));
    }
    for r in RULES {
        let row = documented.iter().find(|(id, ..)| id == r.id).unwrap_or_else(|| panic!("rule `{}` is not in docs/diff-rules.md", r.id));
        assert_eq!(row.1, r.level.as_str(), "{}: level", r.id);
        assert_eq!(row.2, r.verdict.as_str(), "{}: verdict", r.id);
    }
    for (id, ..) in &documented {
        assert!(RULES.iter().any(|r| r.id == id), "docs/diff-rules.md lists `{id}`, which the code does not have");
    }
    assert!(documented.len() >= 40);
}

#[test]
fn github_format_annotates_each_change_on_its_spec_line() {
    let (old, breaking, _) = pair();
    let o = run(&["diff", s(&old), s(&breaking), "--format", "github"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let (verdict, commands) = lines.split_last().expect("output");
    assert!(verdict.starts_with("Verdict: BREAKING"), "{out}");
    // The removed operation exists only in the old spec, so it is annotated there, on its line.
    let line = BASE.lines().position(|l| l.contains("operationId: deleteToy")).expect("fixture line") + 1;
    let removed = commands
        .iter()
        .find(|l| l.contains("deleteToy") || l.contains("DELETE"))
        .unwrap_or_else(|| panic!("no annotation of the removed operation:\n{out}"));
    assert!(removed.starts_with("::error file="), "{removed}");
    assert!(removed.contains(&format!("old.yaml,line={line},title=")), "{removed}");
    // Every line is one workflow command: property values escape `:` and `,`, messages newlines.
    for c in commands {
        let (kind, rest) = c.strip_prefix("::").and_then(|c| c.split_once(' ')).unwrap_or_else(|| panic!("not a command: {c}"));
        assert!(["error", "warning", "notice"].contains(&kind), "{c}");
        let (props, _message) = rest.split_once("::").unwrap_or_else(|| panic!("no message: {c}"));
        let title = props.split(',').find_map(|p| p.strip_prefix("title=")).expect("title");
        assert!(!title.contains(':'), "unescaped title: {title}");
    }
}

#[test]
fn junit_format_is_well_formed_and_fails_exactly_the_breaking_changes() {
    let (old, breaking, compatible) = pair();
    for (new, expect_failures) in [(&breaking, true), (&compatible, false)] {
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&run(&["diff", s(&old), s(new), "--format", "json"]))).expect("json report");
        let xml = stdout(&run(&["diff", s(&old), s(new), "--format", "junit"]));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let cases: Vec<_> = root.descendants().filter(|n| n.has_tag_name("testcase")).collect();
        let failures = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
        let changes = json["specs"][0]["changes"].as_array().expect("changes");
        assert_eq!(cases.len(), changes.len().max(1), "{xml}");
        assert_eq!(failures as u64, json["counts"]["breaking"].as_u64().expect("count"), "{xml}");
        assert_eq!(root.attribute("failures"), Some(failures.to_string().as_str()));
        assert_eq!(failures > 0, expect_failures, "{xml}");
    }
}

#[test]
fn changelog_format_groups_changes_by_operation() {
    let (old, breaking, compatible) = pair();
    let out = stdout(&run(&["diff", s(&old), s(&breaking), "--format", "changelog"]));
    // The removed operation has a heading of its own, and its entry is marked breaking.
    let heading = out.lines().position(|l| l.starts_with("### DELETE /")).unwrap_or_else(|| panic!("{out}"));
    let entry = out.lines().nth(heading + 2).unwrap_or_default();
    assert!(entry.starts_with("- **Breaking:** "), "{out}");
    // A property added to a shared schema is listed under each operation that uses it.
    let out = stdout(&run(&["diff", s(&old), s(&compatible), "--format", "changelog"]));
    assert!(!out.contains("**Breaking:**"), "{out}");
    let headings = out.lines().filter(|l| l.starts_with("### ")).count();
    let entries = out.lines().filter(|l| l.contains("age")).count();
    assert!(headings >= 1 && entries >= headings, "{out}");
}
