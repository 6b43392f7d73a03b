//! Arbitrary bytes (lossily decoded as UTF-8) as spec text, through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    codegen_fuzz::run_pipeline(&text);
});
