//! Generation speed on our specs: `cargo bench -p codegen-openapi --bench generate`.
//! Prints, per spec, the median and best of repeated full runs (parse → … → format) and the
//! median of each stage, so a regression shows where it is.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::{Duration, Instant};

const STAGES: [&str; 5] = ["parse", "validate", "lower", "emit", "format"];

fn main() {
    // `CODEGEN_BENCH_SPECS=a.json:b.yaml` benches other specs (GitHub's, say) instead of ours.
    let specs: Vec<std::path::PathBuf> = match std::env::var_os("CODEGEN_BENCH_SPECS") {
        Some(list) => std::env::split_paths(&list).collect(),
        None => codegen::spec_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")).unwrap_or_default(),
    };
    let runs = std::env::var("CODEGEN_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut total_median = Duration::ZERO;
    println!(
        "{:<26} {:>4} {:>6} {:>9} {:>9} | {}",
        "spec",
        "ops",
        "lines",
        "median",
        "best",
        STAGES.map(|s| format!("{s:>9}")).join(" ")
    );
    for spec in &specs {
        let Ok(text) = std::fs::read_to_string(spec) else { continue };
        let file = spec.display().to_string();
        let mut times = Vec::with_capacity(runs);
        let mut stages: Vec<[Duration; 5]> = Vec::with_capacity(runs);
        let mut last = None;
        for _ in 0..runs {
            let start = Instant::now();
            let g = codegen::generate(&file, &text);
            times.push(start.elapsed());
            last = Some(g);
            stages.push(stage_times(&file, &text));
        }
        times.sort();
        let median = times[runs / 2];
        total_median += median;
        let (ops, lines) = match last {
            Some(Ok(g)) => (g.api.operations.len(), g.source.lines().count()),
            _ => (0, 0),
        };
        let stage_medians: Vec<String> = (0..5)
            .map(|i| {
                let mut t: Vec<Duration> = stages.iter().map(|s| s[i]).collect();
                t.sort();
                format!("{:>7.2}ms", ms(t[runs / 2]))
            })
            .collect();
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "{name:<26} {ops:>4} {lines:>6} {:>7.2}ms {:>7.2}ms | {}",
            ms(median),
            ms(times[0]),
            stage_medians.join(" ")
        );
    }
    println!("{:<26} {:>4} {:>6} {:>7.2}ms", "all specs (sum of medians)", "", "", ms(total_median));
}

/// The pipeline of `codegen::generate`, stage by stage.
fn stage_times(file: &str, text: &str) -> [Duration; 5] {
    let mut out = [Duration::ZERO; 5];
    let t = Instant::now();
    let Ok(spec) = codegen::parse::parse(file, text) else { return out };
    out[0] = t.elapsed();
    let t = Instant::now();
    let _ = codegen::validate::spec(&spec);
    out[1] = t.elapsed();
    let t = Instant::now();
    let (api, _) = codegen::ir::lower(&spec.document);
    out[2] = t.elapsed();
    let t = Instant::now();
    let tokens = codegen::emit::api_module(&api);
    out[3] = t.elapsed();
    let t = Instant::now();
    let _ = codegen::format::format(tokens);
    out[4] = t.elapsed();
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
