//! The corpus's examples step, run: every example a spec carries decoded into its generated
//! type the way the client decodes a body (`runtime::decode_json`).
//!
//! Per spec, the crate is generated with the used schemas (as `codegen generate` does; examples of
//! schemas left out are counted as skipped) and gets one program, `examples/decode.rs`, that
//! decodes each case from a file: one `match` arm per distinct type rather than one `#[test]` per
//! example, so the crate compiles once with a single monomorphisation per type. It is built in
//! debug (`--features full-serde`, so every type decodes) and decodes on a thread with a 2 MiB
//! stack, the default of test threads and tokio workers: an overflow aborts the program, and the
//! case it was on is recorded as a failure of ours, then the program resumes after it.
//!
//! Each failure is then judged by [`crate::corpus_judge`]: an example invalid against its own
//! schema is the spec's fault; a valid one that does not decode is ours.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::example_cases::ExampleCase;
use serde_json::Value;

use crate::corpus::{measure, CorpusSpec};
use crate::corpus_examples::{ExamplesOutcome, Failure};
use crate::corpus_judge::Judge;

/// Where the step works: crates, their shared debug target directory, logs.
#[derive(Debug, Clone)]
pub struct ExamplesRunner {
    /// Folder for crates, target and logs.
    pub work: PathBuf,
    /// Limit of one crate's build.
    pub build_limit: Duration,
    /// Limit of one run of the decoding program.
    pub run_limit: Duration,
}


/// The cases of one spec, the generated module and the raw document.
struct Prepared {
    cases: Vec<ExampleCase>,
    skipped: usize,
    generated: codegen::Generated,
    raw: Value,
}

fn prepare(spec: &CorpusSpec) -> Result<Prepared, String> {
    let text = std::fs::read_to_string(&spec.path).map_err(|e| format!("cannot read {}: {e}", spec.path.display()))?;
    let file = spec.path.display().to_string();
    let options = codegen::Options { only_used_schemas: true, split_by_tag: false };
    let generated = codegen::generate_with(&file, &text, options).map_err(|d| {
        let first = d.iter().find(|d| d.is_error()).map(|d| d.message.clone()).unwrap_or_default();
        format!("generate: {first}")
    })?;
    let parsed = codegen::parse::parse(&file, &text).map_err(|_| "parse failed".to_owned())?;
    let left_out: Vec<String> = generated.left_out.iter().map(|n| format!("types::{n}")).collect();
    let mut cases = codegen::example_cases::collect(&generated.api, &parsed.document);
    cases.extend(oai_meta_cases(&generated.api, &parsed.raw));
    let before = cases.len();
    cases.retain(|c| !left_out.iter().any(|t| names_type(&c.rust_type, t)));
    Ok(Prepared { skipped: before - cases.len(), cases, generated, raw: parsed.raw })
}

/// OpenAI documents an operation's example response in `x-oaiMeta.examples` (one object or a
/// list, each with `response` as JSON text) rather than in `examples`: those pair with the JSON
/// type of the operation's first success response. Text that is not JSON (a stream) is left out.
fn oai_meta_cases(api: &codegen::ir::Api, raw: &Value) -> Vec<ExampleCase> {
    use codegen::ir::Payload;
    let mut out = Vec::new();
    for op in &api.operations {
        let Some(examples) = raw.pointer(&format!("{}/x-oaiMeta/examples", op.pointer)) else { continue };
        let entries: Vec<&Value> = match examples {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let Some((arm, ty)) = op.success.arms.iter().find_map(|a| match &a.payload {
            Some(Payload::Json(t)) => Some((a, t)),
            _ => None,
        }) else {
            continue;
        };
        let rust_type = codegen::surface::Renderer::new(api, codegen::surface::Scope::Client).ty(ty).code();
        let status = arm.status.key();
        for (i, e) in entries.iter().enumerate() {
            let Some(value) = e.get("response").and_then(Value::as_str).and_then(|t| serde_json::from_str::<Value>(t).ok()) else { continue };
            out.push(ExampleCase {
                name: format!("{}_x_oai_meta_{i}", op.method_name),
                pointer: format!("{}/x-oaiMeta/examples{}/response", op.pointer, if examples.is_array() { format!("/{i}") } else { String::new() }),
                rust_type: rust_type.clone(),
                value,
                schema_pointer: format!("{}/responses/{status}/content/application~1json/schema", op.pointer),
            });
        }
    }
    out
}

/// Whether the type expression `ty` names the path `path` as a whole identifier.
fn names_type(ty: &str, path: &str) -> bool {
    ty.match_indices(path).any(|(i, _)| {
        let before = ty[..i].chars().next_back();
        let after = ty[i + path.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The decoding program: one `match` arm per distinct type, cases read from the file given.
fn decode_program(crate_ident: &str, types: &[String]) -> String {
    let mut arms = String::new();
    for (i, t) in types.iter().enumerate() {
        let ty = t.replace("crate::", &format!("{crate_ident}::")).replace("types::", &format!("{crate_ident}::types::"));
        let _ = writeln!(arms, "        {i} => {crate_ident}::runtime::decode_json::<{ty}>(json).map(drop),");
    }
    format!(
        r#"//! Written by the corpus tool's examples step: decodes each case of the file given (`TYPE\tJSON`
//! lines) from line START on, printing `start N` before and `ok N` or `err N MESSAGE` after.
#![allow(clippy::all)]
use std::io::Write;

fn decode(ty: usize, json: &[u8]) -> Result<(), String> {{
    match ty {{
{arms}        _ => Err(format!("no type {{ty}}")),
    }}
}}

fn main() {{
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("cases file");
    let start: usize = args[2].parse().expect("start");
    // The stack of a test thread or a tokio worker.
    let worker = std::thread::Builder::new().stack_size(2 << 20).spawn(move || {{
        let mut out = std::io::stdout().lock();
        for (i, line) in text.lines().enumerate().skip(start) {{
            let (ty, json) = line.split_once('\t').expect("TYPE\tJSON");
            let _ = writeln!(out, "start {{i}}");
            let _ = out.flush();
            let result = decode(ty.parse().expect("type index"), json.as_bytes());
            let _ = match result {{
                Ok(()) => writeln!(out, "ok {{i}}"),
                Err(e) => writeln!(out, "err {{i}} {{}}", e.replace('\n', " ")),
            }};
            let _ = out.flush();
        }}
    }});
    worker.expect("spawn").join().expect("decoding thread");
}}
"#
    )
}

impl ExamplesRunner {
    /// Generates, builds and runs the decoding of one spec's examples, and judges the failures.
    pub fn run(&self, spec: &CorpusSpec) -> Result<ExamplesOutcome, String> {
        let mut outcome = ExamplesOutcome { spec: spec.name.clone(), ..ExamplesOutcome::default() };
        let prepared = match prepare(spec) {
            Ok(p) => p,
            Err(e) => {
                outcome.error = e;
                return Ok(outcome);
            }
        };
        outcome.examples = prepared.cases.len();
        outcome.skipped = prepared.skipped;
        if prepared.cases.is_empty() {
            return Ok(outcome);
        }
        let name = spec.crate_name();
        let dir = self.work.join("crates").join(&name);
        let logs = self.work.join("logs");
        std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&dir);
        let runtime = codegen::output::Runtime::default_for_cli();
        codegen::output::write_crate(&dir, &name, &prepared.generated.source, &prepared.generated.api, &runtime).map_err(|e| e.to_string())?;
        let mut types: Vec<String> = Vec::new();
        let mut lines = String::new();
        for c in &prepared.cases {
            let i = types.iter().position(|t| t == &c.rust_type).unwrap_or_else(|| {
                types.push(c.rust_type.clone());
                types.len() - 1
            });
            let _ = writeln!(lines, "{i}\t{}", serde_json::to_string(&c.value).unwrap_or_default());
        }
        std::fs::create_dir_all(dir.join("examples")).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("examples/decode.rs"), decode_program(&name.replace('-', "_"), &types)).map_err(|e| e.to_string())?;
        let cases_file = dir.join("cases.tsv");
        std::fs::write(&cases_file, lines).map_err(|e| e.to_string())?;
        let log = logs.join(format!("{name}.log"));
        let _ = std::fs::remove_file(&log);
        let mut build = Command::new("cargo");
        build
            .args(["build", "--quiet", "--example", "decode", "--features", "full-serde", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", self.work.join("target"))
            .env("CARGO_TERM_COLOR", "never")
            .env("RUSTFLAGS", "--cap-lints=warn");
        let built = measure(&mut build, &log, self.build_limit)?;
        if !built.ok {
            outcome.error = if built.timed_out { "build: timed out".into() } else { first_error(&log) };
            return Ok(outcome);
        }
        let program = self.work.join("target/debug/examples/decode");
        let results = self.decode_all(&program, &cases_file, prepared.cases.len(), &logs.join(format!("{name}.stderr")));
        // The shared dependencies stay; the spec's own crate and program go (a debug GitHub crate
        // is gigabytes, and 200 of them would fill a disk).
        let mut clean = Command::new("cargo");
        clean.args(["clean", "--quiet", "-p", &name, "--manifest-path"]).arg(dir.join("Cargo.toml")).env("CARGO_TARGET_DIR", self.work.join("target"));
        let _ = measure(&mut clean, &log, self.build_limit);
        let results = results?;
        let mut judge = None;
        for (case, result) in prepared.cases.iter().zip(results) {
            match result {
                Ok(()) => outcome.decoded += 1,
                Err(error) => {
                    let judge = judge.get_or_insert_with(|| Judge::new(&prepared.raw));
                    let verdict = judge.judge(&case.schema_pointer, &case.value);
                    outcome.failures.push(Failure { pointer: case.pointer.clone(), rust_type: case.rust_type.clone(), error, verdict });
                }
            }
        }
        Ok(outcome)
    }

    /// Runs the program until every case has a result; a case the program dies on (a stack
    /// overflow aborts) fails with the last line it wrote to stderr, and the next run starts after it.
    fn decode_all(&self, program: &Path, cases: &Path, count: usize, stderr: &Path) -> Result<Vec<Result<(), String>>, String> {
        let mut results: Vec<Option<Result<(), String>>> = vec![None; count];
        let mut start = 0;
        while start < count {
            let err_file = std::fs::File::create(stderr).map_err(|e| e.to_string())?;
            let mut child = Command::new(program)
                .arg(cases)
                .arg(start.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(err_file)
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
            let stdout = child.stdout.take().ok_or("no stdout")?;
            let began = Instant::now();
            let limit = self.run_limit;
            let watchdog = std::thread::spawn(move || {
                while began.elapsed() < limit {
                    std::thread::sleep(Duration::from_millis(50));
                    if matches!(child.try_wait(), Ok(Some(_))) {
                        return;
                    }
                }
                let _ = child.kill();
                let _ = child.wait();
            });
            let mut last_started = None;
            for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
                let mut parts = line.splitn(3, ' ');
                let (word, n) = (parts.next().unwrap_or_default(), parts.next().and_then(|n| n.parse::<usize>().ok()));
                let Some(n) = n.filter(|n| *n < count) else { continue };
                match word {
                    "start" => last_started = Some(n),
                    "ok" => results[n] = Some(Ok(())),
                    "err" => results[n] = Some(Err(parts.next().unwrap_or_default().to_owned())),
                    _ => {}
                }
            }
            let _ = watchdog.join();
            match last_started {
                Some(n) if results[n].is_none() => {
                    let why = std::fs::read_to_string(stderr).unwrap_or_default();
                    let why = why.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("the decoding program died");
                    results[n] = Some(Err(format!("crashed: {why}")));
                    start = n + 1;
                }
                _ => break,
            }
        }
        Ok(results.into_iter().map(|r| r.unwrap_or_else(|| Err("not decoded: the program stopped".into()))).collect())
    }
}

fn first_error(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let line = text.lines().find(|l| l.starts_with("error")).or_else(|| text.lines().rev().find(|l| !l.trim().is_empty())).unwrap_or("no output");
    format!("build: {}", line.chars().take(160).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_left_out_type_is_named_only_as_a_whole_path() {
        assert!(names_type("Vec<types::Pet>", "types::Pet"));
        assert!(!names_type("types::PetList", "types::Pet"));
        assert!(!names_type("other::types::Pet", "types::Pet"));
    }
}
