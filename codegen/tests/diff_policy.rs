//! The review policy on top of the rules: deprecation and sunset, stability levels, the ignore
//! file and severity overrides, through the library (`policy::apply`) and the CLI.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::diff::policy::{self, Day, Ignore, Policy};
use codegen::diff::{diff_specs, Change, Input, SpecDiff, Verdict};

const BASE: &str = include_str!("diff/base.yaml");
const DELETE: &str = "    delete: {operationId: deleteToy, responses: {'204': {description: gone}}}\n";

fn delete_with(extra: &str) -> String {
    BASE.replace("{operationId: deleteToy,", &format!("{{operationId: deleteToy, {extra}"))
}

fn without_delete() -> String {
    BASE.replace(DELETE, "")
}

fn diff(old: &str, new: &str) -> SpecDiff {
    diff_specs("t.yaml", Input { file: "old.yaml", text: old }, Input { file: "new.yaml", text: new }).unwrap_or_else(|d| panic!("{}", d[0]))
}

fn on(policy: &Policy, old: &str, new: &str) -> SpecDiff {
    let mut d = diff(old, new);
    policy::apply(&mut d, policy);
    d
}

fn change<'a>(d: &'a SpecDiff, rule: &str) -> &'a Change {
    d.changes.iter().find(|c| c.rule == rule).unwrap_or_else(|| panic!("no {rule}: {:#?}", d.changes))
}

fn today() -> Policy {
    Policy { today: Day::parse("2026-06-01").expect("date"), ..Policy::default() }
}

#[test]
fn removing_a_deprecated_operation_is_not_breaking_at_either_level() {
    let old = delete_with("deprecated: true,");
    let plain = diff(&old, &without_delete());
    assert_eq!(change(&plain, "operation-removed").verdict, Verdict::Breaking, "the rule's own verdict");
    let d = on(&today(), &old, &without_delete());
    for rule in ["operation-removed", "rust-method-removed"] {
        let c = change(&d, rule);
        assert_eq!(c.verdict, Verdict::NonBreaking, "{rule}");
        assert_eq!(c.policy.as_deref(), Some("it was deprecated"), "{rule}");
    }
    assert_eq!(d.verdict, Some(Verdict::NonBreaking));
    // Deprecated with a sunset still to come: the promise holds until then.
    let d = on(&today(), &delete_with("deprecated: true, x-sunset: '2026-06-02',"), &without_delete());
    assert_eq!(change(&d, "operation-removed").verdict, Verdict::Breaking);
    assert_eq!(change(&d, "operation-removed").policy.as_deref(), Some("removed before its sunset 2026-06-02"));
    let d = on(&today(), &delete_with("deprecated: true, x-sunset: '2026-06-01',"), &without_delete());
    assert_eq!(change(&d, "operation-removed").verdict, Verdict::NonBreaking);
    // Not deprecated: still breaking.
    let d = on(&today(), BASE, &without_delete());
    assert_eq!(change(&d, "operation-removed").verdict, Verdict::Breaking);
    assert_eq!(d.verdict, Some(Verdict::Breaking));
}

#[test]
fn with_deprecation_days_a_removal_waits_for_the_sunset() {
    let policy = Policy { deprecation_days: Some(30), ..today() };
    let cases = [
        ("deprecated: true, x-sunset: '2026-05-31',", Verdict::NonBreaking, "its sunset 2026-05-31 has passed"),
        ("deprecated: true, x-sunset: '2026-06-01',", Verdict::NonBreaking, "its sunset 2026-06-01 has passed"),
        ("deprecated: true, x-sunset: '2026-06-02',", Verdict::Breaking, "removed before its sunset 2026-06-02"),
        ("deprecated: true,", Verdict::Breaking, "without an x-sunset"),
        ("deprecated: true, x-sunset: soon,", Verdict::Breaking, "`soon` is not a date"),
    ];
    for (extra, verdict, note) in cases {
        let d = on(&policy, &delete_with(extra), &without_delete());
        let c = change(&d, "operation-removed");
        assert_eq!(c.verdict, verdict, "{extra}");
        assert!(c.policy.as_deref().is_some_and(|p| p.contains(note)), "{extra}: {:?}", c.policy);
    }
}

#[test]
fn with_deprecation_days_a_new_deprecation_needs_a_sunset_far_enough_ahead() {
    let policy = Policy { deprecation_days: Some(30), ..today() };
    for (extra, verdict) in [
        ("deprecated: true, x-sunset: '2026-07-01',", Verdict::Info),
        ("deprecated: true, x-sunset: '2026-06-15',", Verdict::Warning),
        ("deprecated: true,", Verdict::Warning),
    ] {
        let d = on(&policy, BASE, &delete_with(extra));
        assert_eq!(change(&d, "operation-deprecated").verdict, verdict, "{extra}");
    }
    // Without the option a deprecation is only a note.
    let d = on(&today(), BASE, &delete_with("deprecated: true,"));
    assert_eq!(change(&d, "operation-deprecated").verdict, Verdict::Info);
}

#[test]
fn removing_a_deprecated_property_or_parameter_is_not_breaking() {
    let old = BASE.replace("        nickname: {type: string}\n", "        nickname: {type: string, deprecated: true}\n");
    let new = BASE.replace("        nickname: {type: string}\n", "");
    let d = on(&today(), &old, &new);
    assert_eq!(change(&d, "response-optional-property-removed").verdict, Verdict::NonBreaking);
    let c = change(&d, "rust-field-removed");
    assert_eq!((c.verdict, c.policy.as_deref()), (Verdict::NonBreaking, Some("it was deprecated")));

    let old = BASE.replace("{name: tag, in: query, schema", "{name: tag, in: query, deprecated: true, schema");
    let new = BASE.replace("        - {name: tag, in: query, schema: {type: string}}\n", "");
    let d = on(&today(), &old, &new);
    assert_eq!(change(&d, "request-param-removed").verdict, Verdict::NonBreaking);
}

#[test]
fn stability_levels_soften_what_breaks_an_unstable_operation_only() {
    for (level, verdict) in [("draft", Verdict::Info), ("alpha", Verdict::Info), ("beta", Verdict::Warning), ("stable", Verdict::Breaking)] {
        let old = BASE.replace("      operationId: createPet\n", &format!("      operationId: createPet\n      x-stability-level: {level}\n"));
        let new = old.replace("{name: X-Request-Id, in: header, required: true,", "{name: X-Request-Id, in: header, required: true, x-renamed: 1,")
            .replace("        - {name: X-Request-Id, in: header, required: true, x-renamed: 1, schema: {type: string}}\n", "        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}\n        - {name: X-Trace, in: header, required: true, schema: {type: string}}\n");
        let d = on(&today(), &old, &new);
        let c = change(&d, "request-param-added-required");
        assert_eq!(c.verdict, verdict, "{level}");
        assert_eq!(c.policy.is_some(), level != "stable", "{level}: {:?}", c.policy);
    }
    // `Pet` is returned by the stable `listPets` too: a break in it stays breaking.
    let old = BASE.replace("      operationId: createPet\n", "      operationId: createPet\n      x-stability-level: alpha\n");
    let new = old.replace("required: [id, name]", "required: [id]");
    let d = on(&today(), &old, &new);
    assert_eq!(change(&d, "response-property-became-optional").verdict, Verdict::Breaking);
}

#[test]
fn an_ignored_change_keeps_its_rule_and_shows_the_reason() {
    let ignore = |rule: &str, pointer: &str| Ignore { rule: rule.into(), pointer: pointer.into(), reason: "agreed in #42".into(), line: 1 };
    let pointer = "/paths/~1pets~1{petId}~1toys~1{toyId}/delete";
    for (entry, hits) in [
        (ignore("operation-removed", pointer), true),
        (ignore("*", "/paths/~1pets~1{petId}*"), true),
        (ignore("operation-removed", "/paths/~1pets/get"), false),
        (ignore("operation-added", pointer), false),
    ] {
        let policy = Policy { ignores: vec![entry.clone()], ..today() };
        let mut d = diff(BASE, &without_delete());
        let used = policy::apply(&mut d, &policy);
        let c = change(&d, "operation-removed");
        assert_eq!(used, [hits], "{entry:?}");
        if hits {
            assert_eq!((c.verdict, c.policy.as_deref()), (Verdict::Info, Some("ignored: agreed in #42")));
        } else {
            assert_eq!(c.verdict, Verdict::Breaking);
        }
    }
}

#[test]
fn a_severity_override_replaces_the_rule_verdict() {
    let policy = Policy { severities: [("operation-removed".to_owned(), Verdict::Warning)].into(), ..today() };
    let d = on(&policy, BASE, &without_delete());
    let c = change(&d, "operation-removed");
    assert_eq!((c.verdict, c.policy.as_deref()), (Verdict::Warning, Some("--severity sets warning")));
    assert_eq!(d.wire_verdict, Some(Verdict::Warning));
    assert_eq!(d.rust_verdict, Some(Verdict::Breaking), "the Rust rule keeps its own verdict");
}

// The CLI: options, the ignore file found in the current directory, errors exit 2.

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff_policy");
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).current_dir(cwd).args(args).output().expect("run codegen")
}

#[test]
fn the_cli_reads_the_ignore_file_and_warns_about_stale_entries() {
    let d = dir().join("ignore");
    std::fs::create_dir_all(&d).expect("dir");
    std::fs::write(d.join("old.yaml"), BASE).expect("write");
    std::fs::write(d.join("new.yaml"), without_delete()).expect("write");
    std::fs::write(
        d.join(".codegen-diff-ignore"),
        "# accepted changes\noperation-removed /paths/~1pets~1{petId}~1toys~1{toyId}/delete  clients moved to v2\n\
         rust-method-removed /paths/~1pets~1{petId}~1toys~1{toyId}/delete  same\n\
         operation-added /paths/~1nothing/get  stale\n",
    )
    .expect("write");
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--fail-on", "breaking"]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(out.contains("policy: ignored: clients moved to v2"), "{out}");
    assert!(err.contains(".codegen-diff-ignore:4: ignore entry `operation-added /paths/~1nothing/get` matched no change"), "{err}");

    // A broken ignore file is bad input: exit 2, its line named, no verdict printed.
    std::fs::write(d.join("bad-ignore"), "operation-remove /paths/x reason\n").expect("write");
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--ignore-file", "bad-ignore"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("bad-ignore:1") && err.contains("unknown rule `operation-remove`"), "{err}");
    assert!(o.stdout.is_empty());

    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--severity", "operation-removed=fatal"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a verdict"));
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--ignore-file", "bad-ignore", "--severity", "operation-removed=info"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_cli_applies_severity_and_deprecation_days() {
    let d = dir().join("days");
    std::fs::create_dir_all(&d).expect("dir");
    std::fs::write(d.join("old.yaml"), delete_with("deprecated: true,")).expect("write");
    std::fs::write(d.join("new.yaml"), without_delete()).expect("write");
    // Deprecated without a sunset: fine by default, breaking with --deprecation-days (which
    // asks deprecations for one).
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--fail-on", "breaking"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--fail-on", "breaking", "--deprecation-days", "90"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("without an x-sunset"));
    // A sunset still to come is a promise: removing before it is breaking either way.
    std::fs::write(d.join("promised.yaml"), delete_with("deprecated: true, x-sunset: '2999-01-01',")).expect("write");
    let o = run(&d, &["diff", "promised.yaml", "new.yaml", "--fail-on", "breaking"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("removed before its sunset 2999-01-01"));
    let o = run(&d, &["diff", "old.yaml", "new.yaml", "--format", "json", "--deprecation-days", "90", "--severity", "operation-removed=warning", "--severity", "rust-method-removed=warning"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["verdict"], "warning", "{json:#}");
    assert!(json["specs"][0]["changes"][0]["policy"].as_str().is_some_and(|p| p.contains("--severity sets warning")), "{json:#}");
}

/// A parameter removed before the sunset its deprecation promised is breaking, although
/// `request-param-removed` alone is a warning (oasdiff's `parameter-removed-before-sunset`);
/// `--severity` for the rule still decides.
#[test]
fn a_parameter_removed_before_its_sunset_is_breaking_unless_severity_says_otherwise() {
    let tag = "        - {name: tag, in: query, schema: {type: string}}\n";
    let old = BASE.replace(tag, "        - {name: tag, in: query, deprecated: true, x-sunset: '2026-07-01', schema: {type: string}}\n");
    let new = BASE.replace(tag, "");
    let plain = diff(&old, &new);
    assert_eq!(change(&plain, "request-param-removed").verdict, Verdict::Warning, "the rule's own verdict");
    let d = on(&today(), &old, &new);
    let c = change(&d, "request-param-removed");
    assert_eq!(c.verdict, Verdict::Breaking);
    assert_eq!(c.policy.as_deref(), Some("removed before its sunset 2026-07-01"));
    let past = on(&Policy { today: Day::parse("2026-07-02").expect("date"), ..Policy::default() }, &old, &new);
    assert_eq!(change(&past, "request-param-removed").verdict, Verdict::NonBreaking, "after the sunset it was deprecated long enough");
    let lenient = Policy { severities: [("request-param-removed".to_owned(), Verdict::Warning)].into(), ..today() };
    assert_eq!(change(&on(&lenient, &old, &new), "request-param-removed").verdict, Verdict::Warning);
}
