//! `codegen diff`: two spec files, or every spec under `specs/` at a git revision against the
//! working tree.
//!
//! Exit codes: [`EXIT_OK`] (0) — compared, and `--fail-on` did not trigger; [`EXIT_BREAKING`]
//! (1) — `--fail-on breaking` and a change is breaking (or `--fail-on any` and anything
//! changed); [`EXIT_BAD_INPUT`] (2) — a file could not be read, a spec is invalid, or git failed
//! (clap's usage errors exit 2 as well).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::report::Report;
use super::{diff_specs, whole_spec, Input, SpecDiff};
use crate::Diagnostic;

/// Compared; nothing made `--fail-on` trigger.
pub const EXIT_OK: u8 = 0;
/// `--fail-on` triggered.
pub const EXIT_BREAKING: u8 = 1;
/// Unreadable file, invalid spec, or git failure.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For terminals: coloured when stdout is a terminal (and `NO_COLOR` is unset).
    Text,
    /// A Markdown report for pull requests.
    Markdown,
    /// A JSON document for tools.
    Json,
    /// GitHub Actions workflow commands: each change an annotation on its spec line.
    Github,
    /// A JUnit XML report: one test case per change, breaking ones failed.
    Junit,
    /// A Markdown changelog grouped by operation, for release notes.
    Changelog,
}

/// When to exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// When any change, at wire or Rust level, is breaking.
    Breaking,
    /// When any change is breaking or a warning (a change the spec alone cannot judge).
    Warning,
    /// When anything changed at all.
    Any,
}

/// The arguments of `codegen diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The old spec file.
    #[arg(required_unless_present = "git", conflicts_with = "git")]
    pub old: Option<PathBuf>,
    /// The new spec file.
    #[arg(required_unless_present = "git", conflicts_with = "git")]
    pub new: Option<PathBuf>,
    /// Compare every spec under `specs/` at this git revision with the working tree.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a change of this kind is found.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub fail_on: Option<FailOn>,
    /// Deprecated items may be removed only once their `x-sunset` date has passed, and a new
    /// deprecation needs an `x-sunset` at least this many days ahead (without the option, removing
    /// anything deprecated is non-breaking).
    #[arg(long, value_name = "N")]
    pub deprecation_days: Option<u32>,
    /// Give a rule another verdict: `--severity response-property-removed=warning` (repeatable).
    #[arg(long, value_name = "RULE=VERDICT", value_parser = super::policy::parse_severity)]
    pub severity: Vec<(String, super::Verdict)>,
    /// Accepted changes, one `RULE POINTER REASON` per line [default: `.codegen-diff-ignore` in
    /// the current directory, else at the repository root, if there is one].
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,
}

/// Runs `codegen diff`; never panics on input.
pub fn run(args: &DiffArgs) -> ExitCode {
    ExitCode::from(execute(args))
}

/// Runs `codegen diff` and returns its exit code.
pub fn execute(args: &DiffArgs) -> u8 {
    let (report, problems) = match (&args.git, &args.old, &args.new) {
        (Some(rev), _, _) => match git_report(rev) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("error: {msg}");
                return EXIT_BAD_INPUT;
            }
        },
        (None, Some(old), Some(new)) => files_report(old, new),
        _ => {
            eprintln!("error: give OLD and NEW spec files, or --git REV");
            return EXIT_BAD_INPUT;
        }
    };
    let policy = match policy(args) {
        Ok(p) => p,
        Err(diags) => {
            for d in &diags {
                eprint!("{d}");
            }
            eprintln!("error: the ignore file is invalid; nothing was compared");
            return EXIT_BAD_INPUT;
        }
    };
    for d in &problems {
        eprint!("{d}");
    }
    // Unreadable input: no verdict at all on stdout, so a CI step that reads it cannot pass.
    if !problems.is_empty() {
        eprintln!("error: {} in the input; nothing was compared", crate::count(problems.iter().filter(|d| d.is_error()).count().max(1), "problem"));
        return EXIT_BAD_INPUT;
    }
    let mut report = report;
    let mut used = vec![false; policy.ignores.len()];
    for spec in &mut report.specs {
        for (u, hit) in used.iter_mut().zip(super::policy::apply(spec, &policy)) {
            *u |= hit;
        }
    }
    for d in report.specs.iter().flat_map(|s| &s.warnings) {
        eprint!("{d}");
    }
    // A stale entry would silently accept a future change at the same place.
    for (ig, _) in policy.ignores.iter().zip(&used).filter(|(_, u)| !**u) {
        eprintln!("warning: {}:{}: ignore entry `{} {}` matched no change", policy.ignore_file.as_deref().unwrap_or(IGNORE_FILE), ig.line, ig.rule, ig.pointer);
    }
    let text = match args.format {
        Format::Text => report.text(),
        Format::Markdown => report.markdown(),
        Format::Json => report.json() + "\n",
        Format::Github => report.github(),
        Format::Junit => report.junit(),
        Format::Changelog => report.changelog(),
    };
    let mut out = anstream::stdout();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    match args.fail_on {
        Some(FailOn::Breaking) if report.is_breaking() => EXIT_BREAKING,
        Some(FailOn::Warning) if report.verdict(None) >= Some(super::Verdict::Warning) => EXIT_BREAKING,
        Some(FailOn::Any) if report.change_count() > 0 => EXIT_BREAKING,
        _ => EXIT_OK,
    }
}

/// The policy from the command line and the ignore file.
fn policy(args: &DiffArgs) -> Result<super::policy::Policy, Vec<Diagnostic>> {
    let mut policy = super::policy::Policy { deprecation_days: args.deprecation_days, ..Default::default() };
    policy.severities.extend(args.severity.iter().cloned());
    let file = match &args.ignore_file {
        Some(f) => Some(f.clone()),
        None => {
            let root = git(None, &["rev-parse", "--show-toplevel"]).ok().map(|r| PathBuf::from(r.trim()));
            [Some(PathBuf::new()), root].into_iter().flatten().map(|d| d.join(IGNORE_FILE)).find(|p| p.is_file())
        }
    };
    if let Some(file) = file {
        let text = read(&file).map_err(|d| vec![*d])?;
        let name = file.display().to_string();
        policy.ignores = super::policy::parse_ignore_file(&name, &text)?;
        policy.ignore_file = Some(name);
    }
    Ok(policy)
}

/// The ignore file looked for when `--ignore-file` is not given.
pub const IGNORE_FILE: &str = ".codegen-diff-ignore";

fn read(path: &Path) -> Result<String, Box<Diagnostic>> {
    let file = path.display().to_string();
    let fail = |msg: String| {
        let mut d = Diagnostic::error("", msg);
        d.file = file.clone();
        Box::new(d)
    };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read {file}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| fail(format!("{file} is not UTF-8 text")))
}

fn files_report(old: &Path, new: &Path) -> (Report, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let a = read(old).map_err(|d| problems.push(*d)).ok();
    let b = read(new).map_err(|d| problems.push(*d)).ok();
    let mut report = Report::default();
    if let (Some(a), Some(b)) = (a, b) {
        let (fa, fb) = (old.display().to_string(), new.display().to_string());
        let name = if fa == fb { fa.clone() } else { fb.clone() };
        match diff_specs(&name, Input { file: &fa, text: &a }, Input { file: &fb, text: &b }) {
            Ok(d) => report.specs.push(d),
            Err(d) => problems.extend(d.into_iter().filter(Diagnostic::is_error)),
        }
    }
    (report, problems)
}

fn git(root: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new("git");
    if let Some(root) = root {
        cmd.current_dir(root);
    }
    let out = cmd.args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("`git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("`git {}` printed something that is not UTF-8", args.join(" ")))
}

fn is_spec(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// Every spec under `specs/` at `rev` against the working tree, by file name.
fn git_report(rev: &str) -> Result<(Report, Vec<Diagnostic>), String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let root = PathBuf::from(git(None, &["rev-parse", "--show-toplevel"])?.trim());
    let commit = git(Some(&root), &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|_| format!("`{rev}` is not a commit of this repository"))?;
    let commit = commit.trim().to_owned();
    let listing = git(Some(&root), &["ls-tree", "--name-only", &commit, "specs/"])?;
    let mut old_names: Vec<String> = listing.lines().filter(|l| is_spec(l)).map(str::to_owned).collect();
    let mut new_names: Vec<String> = match std::fs::read_dir(root.join("specs")) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_spec(n))
            .map(|n| format!("specs/{n}"))
            .collect(),
        Err(_) => Vec::new(),
    };
    old_names.sort();
    new_names.sort();
    let mut all: Vec<&String> = old_names.iter().chain(&new_names).collect();
    all.sort();
    all.dedup();

    let mut report = Report::default();
    let mut problems = Vec::new();
    for name in all {
        let old_label = format!("{rev}:{name}");
        let old_text = if old_names.contains(name) {
            match git(Some(&root), &["show", &format!("{commit}:{name}")]) {
                Ok(t) => Some(t),
                Err(e) => {
                    problems.push(Diagnostic::error("", e));
                    continue;
                }
            }
        } else {
            None
        };
        let new_text = if new_names.contains(name) {
            match read(&root.join(name)) {
                Ok(t) => Some(t),
                Err(d) => {
                    problems.push(*d);
                    continue;
                }
            }
        } else {
            None
        };
        let result: Result<SpecDiff, Vec<Diagnostic>> = match (&old_text, &new_text) {
            (Some(a), Some(b)) => diff_specs(name, Input { file: &old_label, text: a }, Input { file: name, text: b }),
            (None, Some(b)) => whole_spec(name, Input { file: name, text: b }, true),
            (Some(a), None) => whole_spec(name, Input { file: &old_label, text: a }, false),
            (None, None) => continue,
        };
        match result {
            Ok(d) => report.specs.push(d),
            Err(d) => problems.extend(d.into_iter().filter(Diagnostic::is_error)),
        }
    }
    Ok((report, problems))
}
