//! Compile-pass and compile-fail checks of the generated signal-cli client's API.

#[test]
fn signal_cli_api_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.pass("trybuild/signal_cli/pass/*.rs");
    t.compile_fail("trybuild/signal_cli/fail/*.rs");
}
