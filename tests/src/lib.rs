//! Integration and trybuild checks of the generated crate live in `tests/`.
//!
//! This library is the shared test support:
//! * [`corpus`]: the public-spec corpus benchmark (fetching, sampling, measured runs), with
//!   `corpus_examples` (every example of a spec decoded, and whose fault a failure is; the
//!   feature `corpus-examples` adds the step itself) and `corpus_peers` (our GitHub, Stripe and
//!   OpenAI crates against octorust, async-stripe and async-openai);
//! * [`tools`]: pinned external tools (Redocly CLI, Spectral, Prism, python-signal-cli-rest-api)
//!   installed once into `<repo>/.cache/`;
//! * [`recorded`]: requests a wiremock server recorded (one request, headers, multipart parts);
//! * [`process`]: free ports, child processes with readiness waits and whole-group teardown;
//! * [`proxy`]: a recording forwarding proxy (sees status and `sl-violations` of every answer);
//! * [`prism`]: Prism mock servers;
//! * [`spec_examples`]: a spec's own examples, for expected bodies;
//! * [`signal_server`]: the real python-signal-cli-rest-api in front of the fake signal-cli;
//! * [`driver`] and [`drivers`]: per-API drivers generated from the specs by `build.rs`, which call
//!   every operation of a generated client once.

pub mod corpus;
#[cfg(feature = "corpus-examples")]
pub mod corpus_decode;
pub mod corpus_examples;
#[cfg(feature = "corpus-examples")]
pub mod corpus_judge;
pub mod corpus_peers;
pub mod driver;
#[allow(deprecated, unused_imports, unused_macros, clippy::all)]
pub mod drivers;
pub mod prism;
pub mod process;
pub mod recorded;
pub mod proxy;
pub mod signal_server;
pub mod spec_examples;
pub mod tools;
