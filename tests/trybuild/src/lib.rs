//! Empty: the checks are `tests/compile.rs` and the case files beside it.
