//! Stage 2, lower — the typed intermediate model and the lowering that builds it from a validated spec.

mod dedupe;
mod lower;
mod model;
mod reach;
pub mod size;
mod split;

pub use lower::lower;
pub use model::*;
pub use reach::types_used_by_operations;
pub use split::split_by_tag;
