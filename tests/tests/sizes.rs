//! The boxing rule (`codegen::ir::size`) on compiled code: every type of our specs' generated
//! crate, measured with `size_of`, stays within the bound the rule states (256 bytes per struct
//! field, 256 and a tag per union), and the estimator the rule decides with never reads less
//! than the real size by more than a few bytes. `tests/build.rs` writes the list.

/// `(module::Type, size_of, estimate, bound)`.
const SIZES: &[(&str, usize, usize, usize)] = include!(concat!(env!("OUT_DIR"), "/sizes.rs"));

/// How far below the real size an estimate may be: the estimate rounds like rustc, so only an
/// unforeseen layout (a type changed in a dependency) could be off, and not by more than this.
const MARGIN: usize = 8;

#[test]
fn every_generated_type_is_within_the_bound_of_the_boxing_rule() {
    assert!(SIZES.len() > 100, "the specs' types are listed: {}", SIZES.len());
    let over: Vec<_> = SIZES.iter().filter(|(_, real, _, bound)| real > bound).collect();
    assert!(over.is_empty(), "larger than the rule allows: {over:?}");
    let largest = SIZES.iter().max_by_key(|s| s.1).expect("types");
    println!("{} types; the largest: {largest:?}", SIZES.len());
    // The largest type of our specs is a struct of many small fields, nothing held inline.
    assert!(largest.1 <= 2048, "largest: {largest:?}");
}

#[test]
fn the_estimate_is_never_below_the_real_size_by_more_than_the_margin() {
    let under: Vec<_> = SIZES.iter().filter(|(_, real, estimate, _)| real > &(estimate + MARGIN)).collect();
    assert!(under.is_empty(), "estimated too small: {under:?}");
    // And close enough to decide with: within a factor of two and a word of every real size.
    let over: Vec<_> = SIZES.iter().filter(|(_, real, estimate, _)| *estimate > 2 * real + 8).collect();
    assert!(over.is_empty(), "estimated far too large: {over:?}");
}
