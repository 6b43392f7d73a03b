//! A spec (JSON, before the first NUL byte) mutated by the bytes after it; see `codegen_fuzz::mutated_spec`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = codegen_fuzz::mutated_spec(data);
    if let Some(path) = std::env::var_os("FUZZ_DUMP") {
        // Reproducing a crash: keep the spec text that was fed to the generator (into a folder,
        // one file per input, when FUZZ_DUMP names one).
        let path = std::path::PathBuf::from(path);
        let file = if path.is_dir() { path.join(format!("{:016x}.json", codegen_fuzz::hash(data))) } else { path };
        let _ = std::fs::write(file, &text);
    }
    codegen_fuzz::run_pipeline(&text);
});
