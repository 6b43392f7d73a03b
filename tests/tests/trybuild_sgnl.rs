//! Compile-pass and compile-fail checks of the SIGNAL client's token and paging API
//! (`generated::sgnl`, `generated::sgnl_auth`, the runtime's `TokenSource`).

#[test]
fn sgnl_token_and_paging_api_compiles_as_documented() {
    let t = trybuild::TestCases::new();
    t.pass("trybuild/sgnl/pass/*.rs");
    t.compile_fail("trybuild/sgnl/fail/*.rs");
}
