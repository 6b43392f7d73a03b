//! Integration and trybuild checks of the generated crate live in `tests/`.
