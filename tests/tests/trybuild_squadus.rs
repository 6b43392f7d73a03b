//! Compile-pass and compile-fail checks of the generated Squadus client's API.

#[test]
fn squadus_api_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.pass("trybuild/squadus/pass/*.rs");
    t.compile_fail("trybuild/squadus/fail/*.rs");
}
