//! Every spec in `specs/` passes Redocly CLI (`redocly.yaml`: recommended-strict) and Spectral
//! (`.spectral.yaml`: `spectral:oas`) with zero problems, warnings included. The pinned tools are
//! installed into `.cache/` on first use (see `tests::tools`).

use std::path::PathBuf;
use std::process::Output;

use tests::tools::{node_tools, repo_root};

fn specs() -> Vec<PathBuf> {
    let dir = repo_root().join("specs");
    let specs = codegen::spec_files(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!specs.is_empty(), "no specs in {}", dir.display());
    specs
}

fn relative(p: &std::path::Path) -> String {
    p.strip_prefix(repo_root()).unwrap_or(p).display().to_string()
}

fn text(out: &Output) -> String {
    let strip = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .lines()
            // Redocly's boxed Node.js end-of-life banner is noise here.
            .filter(|l| !l.contains('║') && !l.contains('╔') && !l.contains('╚'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!("{}\n{}", strip(&out.stdout), strip(&out.stderr))
}

#[test]
fn redocly_lint_is_clean() {
    let tools = node_tools();
    let root = repo_root();
    let specs: Vec<String> = specs().iter().map(|p| relative(p)).collect();
    // One run for all specs: each is linted with its `apis` entry of redocly.yaml.
    let out = tools
        .redocly()
        .current_dir(&root)
        .args(["lint", "--config", "redocly.yaml", "--format", "codeframe"])
        .args(&specs)
        .output()
        .expect("run redocly");
    let report = text(&out);
    eprintln!("{report}");
    assert!(out.status.success(), "redocly lint found problems in {specs:?}:\n{report}");
    for spec in &specs {
        assert!(report.contains(&format!("{spec}: validated")), "redocly did not report on {spec}:\n{report}");
    }
}

#[test]
fn spectral_lint_is_clean() {
    let tools = node_tools();
    let root = repo_root();
    let specs: Vec<String> = specs().iter().map(|p| relative(p)).collect();
    let out = tools
        .spectral()
        .current_dir(&root)
        .args(["lint", "--ruleset", ".spectral.yaml", "--fail-severity", "warn", "--format", "stylish"])
        .args(&specs)
        .output()
        .expect("run spectral");
    let report = text(&out);
    eprintln!("{report}");
    assert!(out.status.success(), "spectral found problems in {specs:?}:\n{report}");
}
