//! Compile-pass and compile-fail checks of the generated TADA client's API.

#[test]
fn tada_api_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.pass("trybuild/tada/pass/*.rs");
    t.compile_fail("trybuild/tada/fail/*.rs");
}
