//! How often `codegen diff`'s wire verdict agrees with oasdiff's on oasdiff's own checker tests.
//!
//! ```sh
//! cargo run --release -p codegen-openapi --example oasdiff_agreement -- PATH/TO/oasdiff [--list]
//! ```
//!
//! `PATH/TO/oasdiff` is a checkout of <https://github.com/oasdiff/oasdiff> (nothing of it is in
//! this repository). Each `func Test…` in `checker/*_test.go` that loads two spec files and
//! compares them unmodified (no `s1.Spec…` edits in Go, no custom severity or deprecation
//! settings) is a pair. Its expected verdict is read from its assertions: breaking when a change
//! it expects has level `ERR` (the levels of `checker/rules.go`), not breaking when it expects
//! no change or only `WARN`/`INFO` ones from all checks; a test of a single check that expects no
//! `ERR` says nothing of the others and is left out. Our verdict: the wire verdict of
//! `codegen::diff::diff_specs` after the default policy, breaking or not.
//!
//! Prints the figures, with `--list` every pair and every disagreement, and with `--skipped`
//! every test left out and why; `--missing` names the fixture files a pair needs and the
//! checkout lacks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::diff::{self, Level, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Breaking,
    NotBreaking,
}

struct Case {
    test: String,
    file: String,
    old: PathBuf,
    new: PathBuf,
    expect: Expect,
    ids: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.iter().find(|a| !a.starts_with("--")).map(PathBuf::from) else {
        eprintln!("usage: oasdiff_agreement PATH/TO/oasdiff [--list]");
        std::process::exit(2);
    };
    let list = args.iter().any(|a| a == "--list");
    let checker = root.join("checker");
    let rules = match std::fs::read_to_string(checker.join("rules.go")) {
        Ok(text) => levels(&text),
        Err(e) => {
            eprintln!("cannot read {}: {e}", checker.join("rules.go").display());
            std::process::exit(2);
        }
    };
    let mut tests: Vec<(String, String)> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&checker).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    for p in entries.iter().filter(|p| p.to_string_lossy().ends_with("_test.go")) {
        if let Ok(text) = std::fs::read_to_string(p) {
            tests.push((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), text));
        }
    }
    let helpers = path_helpers(tests.iter().map(|(_, t)| t.as_str()));
    let mut cases = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut functions = 0;
    for (file, text) in &tests {
        for (name, body) in test_functions(text) {
            functions += 1;
            match case(&checker, &helpers, &rules, file, &name, body) {
                Ok(c) => cases.push(c),
                Err(why) => {
                    if args.iter().any(|a| a == "--skipped") {
                        println!("left out {name} ({file}): {why}");
                    }
                    *skipped.entry(why).or_default() += 1
                }
            }
        }
    }

    let (mut agree, mut refused, mut missing) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for c in &cases {
        let (Ok(old), Ok(new)) = (std::fs::read_to_string(&c.old), std::fs::read_to_string(&c.new)) else {
            missing += 1;
            if args.iter().any(|a| a == "--missing") {
                for p in [&c.old, &c.new].into_iter().filter(|p| !p.exists()) {
                    println!("missing {}", p.display());
                }
            }
            continue;
        };
        let old_label = c.old.display().to_string();
        let new_label = c.new.display().to_string();
        let result = diff::diff_specs(&c.test, diff::Input { file: &old_label, text: &old }, diff::Input { file: &new_label, text: &new });
        let mut d = match result {
            Ok(d) => d,
            Err(_) => {
                refused += 1;
                disagreements.push(format!("{} ({}): refused", c.test, c.file));
                continue;
            }
        };
        diff::policy::apply(&mut d, &diff::policy::Policy::default());
        let breaking: Vec<&str> =
            d.changes.iter().filter(|ch| ch.level == Level::Wire && ch.verdict == Verdict::Breaking).map(|ch| ch.rule).collect();
        let ours = if breaking.is_empty() { Expect::NotBreaking } else { Expect::Breaking };
        if list {
            println!("{:<60} expect {:?}, ours {:?}", c.test, c.expect, ours);
        }
        if ours == c.expect {
            agree += 1;
        } else {
            let ours_text = if breaking.is_empty() {
                "not breaking".to_owned()
            } else {
                format!("breaking: {}", breaking.iter().collect::<BTreeSet<_>>().into_iter().copied().collect::<Vec<_>>().join(", "))
            };
            disagreements.push(format!("{} ({}): oasdiff {:?} [{}], ours {ours_text}", c.test, c.file, c.expect, c.ids.join(", ")));
        }
    }
    let compared = cases.len() - missing;
    println!("test functions read: {functions} in {} files", tests.len());
    for (why, n) in &skipped {
        println!("  left out: {n} ({why})");
    }
    println!("pairs: {} ({} with a fixture missing)", cases.len(), missing);
    println!("compared: {compared}, refused: {refused}");
    if compared > 0 {
        println!("agreement: {agree}/{compared} ({:.1} %)", 100.0 * agree as f64 / compared as f64);
    }
    if list {
        println!("\ndisagreements:");
        for d in &disagreements {
            println!("- {d}");
        }
    }
}

/// `IdConstant → level` from the `newBackwardCompatibilityRule(Id, LEVEL, …)` calls.
fn levels(rules_go: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for part in rules_go.split("newBackwardCompatibilityRule(").skip(1) {
        let mut args = part.splitn(3, ',');
        if let (Some(id), Some(level)) = (args.next(), args.next()) {
            out.insert(id.trim().to_owned(), level.trim().to_owned());
        }
    }
    out
}

/// `func name(x string) string { return "prefix" + x }` / `fmt.Sprintf("…%s…", x)` helpers that
/// name fixture files: name → (text before, text after) the argument.
fn path_helpers<'a>(files: impl Iterator<Item = &'a str>) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for text in files {
        // `name = "../data/…"` constants and variables, keyed `const name`.
        for line in text.lines() {
            let line = line.trim().trim_start_matches("const ").trim_start_matches("var ");
            if let Some((name, value)) = line.split_once('=') {
                let name = name.trim().trim_end_matches(':');
                if let Some(path) = quoted(value.trim()).filter(|p| p.starts_with("../data/")) {
                    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        out.insert(format!("const {name}"), (path.to_owned(), String::new()));
                    }
                }
            }
        }
        for part in text.split("\nfunc ").skip(1) {
            let Some((name, rest)) = part.split_once('(') else { continue };
            if !rest.starts_with(|c: char| c.is_ascii_lowercase()) || !rest.contains(" string) string {") {
                continue;
            }
            let body = rest.split_once('{').map(|(_, b)| b).unwrap_or("");
            let body = body.split("\n}").next().unwrap_or("");
            if let Some(fmt) = body.split("fmt.Sprintf(\"").nth(1).and_then(|s| s.split('"').next()) {
                if let Some((a, b)) = fmt.split_once("%s") {
                    out.insert(name.trim().to_owned(), (a.to_owned(), b.to_owned()));
                }
            } else if let Some(prefix) = body.split("return \"").nth(1).and_then(|s| s.split('"').next()) {
                if body.contains("\" +") {
                    out.insert(name.trim().to_owned(), (prefix.to_owned(), String::new()));
                }
            }
        }
    }
    out
}

/// The `func TestX(t *testing.T) { … }` functions of a file, with their bodies.
fn test_functions(text: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\nfunc Test") {
        let from = &rest[at + 6..];
        let name = from.split('(').next().unwrap_or("").to_owned();
        let Some(open) = from.find('{') else { break };
        let body_start = open + 1;
        let bytes = from.as_bytes();
        let (mut depth, mut i, mut end) = (1usize, body_start, None);
        let (mut in_str, mut in_raw) = (false, false);
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'\\' if in_str => i += 1,
                b'"' if !in_raw => in_str = !in_str,
                b'`' if !in_str => in_raw = !in_raw,
                b'{' if !in_str && !in_raw => depth += 1,
                b'}' if !in_str && !in_raw => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else { break };
        out.push((name, &from[body_start..end]));
        rest = &from[end..];
    }
    out
}

/// The quoted string that starts right after `prefix` at the start of `s`.
fn quoted(s: &str) -> Option<&str> {
    s.strip_prefix('"')?.split('"').next()
}

fn case(
    checker: &Path,
    helpers: &BTreeMap<String, (String, String)>,
    rules: &BTreeMap<String, String>,
    file: &str,
    name: &str,
    body: &str,
) -> Result<Case, &'static str> {
    if [".Spec.", ".Spec =", "deleteParam(", "delete(s", "= &openapi3", "openapi3.New", "(t, s1", "(t, s2", "(s1.", "(s2."].iter().any(|m| body.contains(m)) {
        return Err("edits a loaded spec in Go");
    }
    if ["WithSeverityLevels", "WithOptionalCheck", "WithDeprecation", "WithAttributes", "WithChecks", "WithExcludeElements", "IncludePathParams", "WithCustom"]
        .iter()
        .any(|m| body.contains(m))
    {
        return Err("custom diff or checker settings");
    }
    // The specs loaded, in order.
    let mut loads: Vec<(usize, PathBuf)> = Vec::new();
    let test_file = |n: &str| checker.join(format!("../data/openapi-test{n}.yaml"));
    for (at, _) in body.match_indices("l(t, ") {
        if at > 0 && body.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let n: String = body[at + 5..].chars().take_while(char::is_ascii_digit).collect();
        if !n.is_empty() {
            loads.push((at, test_file(&n)));
        }
    }
    for (at, _) in body.match_indices("d(t, ") {
        if at > 0 && body.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let args: Vec<&str> = body[at + 5..].split(')').next().unwrap_or("").split(',').map(str::trim).collect();
        if args.len() == 3 && args[1].chars().all(|c| c.is_ascii_digit()) && args[2].chars().all(|c| c.is_ascii_digit()) {
            loads.push((at, test_file(args[1])));
            loads.push((at + 1, test_file(args[2])));
        }
    }
    for marker in ["open(", "LoadFromFile("] {
        for (at, _) in body.match_indices(marker) {
            if marker == "open(" && at > 0 && (body.as_bytes()[at - 1].is_ascii_alphanumeric() || body.as_bytes()[at - 1] == b'.') {
                continue;
            }
            let arg = &body[at + marker.len()..];
            let ident: String = arg.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if let Some(path) = quoted(arg) {
                loads.push((at, checker.join(path)));
            } else if let (Some(path), true) = (helpers.get(&format!("const {ident}")), arg[ident.len()..].starts_with(')')) {
                loads.push((at, checker.join(&path.0)));
            } else if let Some((helper, rest)) = arg.split_once('(') {
                if let (Some((pre, post)), Some(x)) = (helpers.get(helper.trim()), quoted(rest)) {
                    loads.push((at, checker.join(format!("{pre}{x}{post}"))));
                }
            }
        }
    }
    loads.sort_by_key(|(at, _)| *at);
    let [(_, old), (_, new)] = <[(usize, PathBuf); 2]>::try_from(loads).map_err(|_| "does not load exactly two spec files")?;
    if old == new {
        // The same file twice: the test changes one copy in Go.
        return Err("edits a loaded spec in Go");
    }

    let single_check = body.contains("singleCheckConfig(");
    let all_checks = body.contains("allChecksConfig()") || body.contains("d(t, ");
    if !single_check && !all_checks {
        return Err("no checker run found");
    }
    let mut ids: Vec<String> = Vec::new();
    let mut expected_levels: BTreeSet<String> = BTreeSet::new();
    for (at, _) in body.match_indices("checker.") {
        // Ids a test asserts are absent say nothing of what it expects.
        let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let line = &body[line_start..line_end];
        if ["requireNoChange", "NotEqual", "NotContains", "require.False", "assert.False"].iter().any(|m| line.contains(m)) {
            continue;
        }
        let word: String = body[at + 8..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if word.ends_with("Id") {
            if let Some(level) = rules.get(&word) {
                expected_levels.insert(level.clone());
            }
            if !ids.contains(&word) {
                ids.push(word);
            }
        } else if ["ERR", "WARN", "INFO"].contains(&word.as_str()) && !body[..at].ends_with("UntilLevel(allChecksConfig(), d, osm, ") {
            expected_levels.insert(word);
        }
    }
    let expects_empty = body.contains("require.Empty(t, errs)") || body.contains("require.Len(t, errs, 0)");
    let expect = if expected_levels.contains("ERR") && !expects_empty {
        Expect::Breaking
    } else if all_checks && (expects_empty || !ids.is_empty()) {
        Expect::NotBreaking
    } else if single_check {
        return Err("a single check expecting no ERR (says nothing of the others)");
    } else {
        return Err("no expectation found");
    };
    Ok(Case { test: name.to_owned(), file: file.to_owned(), old, new, expect, ids })
}
