//! A crate of a user of the generator that generates the client of `todos.yaml` in place.

/// The Todos API's client, generated at compile time.
pub mod todos {
    codegen_openapi_macros::generate_api!("todos.yaml");
}
