//! Generation speed on our specs: `cargo bench -p codegen --bench generate`.
//! Prints, per spec, the median and best of repeated full runs (parse → … → format).

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    specs.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "yaml"));
    specs.sort();
    let runs = 20;
    let mut total_median = Duration::ZERO;
    println!("{:<32} {:>6} {:>6} {:>10} {:>10}", "spec", "ops", "lines", "median", "best");
    for spec in &specs {
        let Ok(text) = std::fs::read_to_string(spec) else { continue };
        let file = spec.display().to_string();
        let mut times = Vec::with_capacity(runs);
        let mut last = None;
        for _ in 0..runs {
            let start = Instant::now();
            let g = codegen::generate(&file, &text);
            times.push(start.elapsed());
            last = Some(g);
        }
        times.sort();
        let median = times[runs / 2];
        total_median += median;
        let (ops, lines) = match last {
            Some(Ok(g)) => (g.api.operations.len(), g.source.lines().count()),
            _ => (0, 0),
        };
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{name:<32} {ops:>6} {lines:>6} {:>8.2}ms {:>8.2}ms", ms(median), ms(times[0]));
    }
    println!("{:<32} {:>6} {:>6} {:>8.2}ms", "all specs (sum of medians)", "", "", ms(total_median));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
