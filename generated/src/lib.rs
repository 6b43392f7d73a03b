//! Typed async clients for the HTTP APIs described in `specs/`, generated at build time by
//! `codegen`. Each API is a module behind a cargo feature of the same name (all on by default):
//!
//! | module | feature | spec |
//! |---|---|---|
//! | [`signal_cli_rest_api`] | `signal-cli-rest-api` | `specs/signal-cli-rest-api.yaml` |
//! | [`tada`] | `tada` | `specs/tada.yaml` |
//! | [`squadus`] | `squadus` | `specs/squadus.yaml` |
//! | [`sgnl`] | `sgnl` | `specs/sgnl.yaml` |
//!
//! Every module has a `Client` with one async method per operation, and a `types` module.
//! Errors are [`runtime::Error`], generic over the operation's documented error body.
//!
//! Hand-written additions: [`sgnl_auth`] (SIGNAL token exchange and paging; see `docs/sgnl.md`).

/// Transport, errors, secrets and encoding helpers shared by every generated client (the
/// `codegen-runtime` crate).
pub use codegen_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

/// SIGNAL: client-credentials token exchange and take/skip paging for [`sgnl`].
#[cfg(feature = "sgnl")]
pub mod sgnl_auth;

/// The README's Rust examples, compiled as doctests so that they stay true. Its mock section
/// needs the `mock` feature: `cargo test --workspace` has it (the tests crate turns it on), as
/// does `cargo test -p generated --features mock`. A doctest drops `#[tokio::test]` functions
/// unchecked, so the README's tests are compiled and run by `tests/tests/readme.rs` instead.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
