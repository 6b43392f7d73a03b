//! Compile-pass and compile-fail checks of every generated client's API, as a user's crate
//! sees it (default features). One `TestCases`, so trybuild builds one project once.

#[test]
fn generated_api_compiles_as_documented() {
    // trybuild builds the dependencies with its rustflags and then the cases with one flag more
    // (`--diagnostic-width=140`); a change of flags changes every crate's hash, so the whole
    // dependency tree would be compiled twice. `CARGO_ENCODED_RUSTFLAGS` outranks the flags
    // trybuild passes as `--config`, so giving both builds the same set (trybuild's own, width
    // included, as the `.stderr` files were written with) compiles it once.
    std::env::set_var(
        "CARGO_ENCODED_RUSTFLAGS",
        ["--cfg", "trybuild", "--verbose", "-A", "dead_code", "--diagnostic-width=140"].join("\x1f"),
    );
    let t = trybuild::TestCases::new();
    for api in ["tada", "squadus", "signal_cli", "sgnl"] {
        t.pass(format!("{api}/pass/*.rs"));
        t.compile_fail(format!("{api}/fail/*.rs"));
    }
    t.compile_fail("macro/fail/*.rs");
}
