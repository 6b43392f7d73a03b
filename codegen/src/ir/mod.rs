//! Stage 3 — the typed intermediate model and the lowering that builds it from a validated spec.

mod lower;
mod model;

pub use lower::{edit_distance, lower};
pub use model::*;
