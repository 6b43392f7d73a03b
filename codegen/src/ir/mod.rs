//! Stage 3 — the typed intermediate model and the lowering that builds it from a validated spec.

mod lower;
mod model;
mod reach;

pub use lower::{edit_distance, lower};
pub use model::*;
pub use reach::types_used_by_operations;
