//! A crate of a user of the generator whose build script generates the client of `pets.yaml`.

/// The Pets API's client, generated at build time.
pub mod pets {
    codegen_runtime::include_api!("pets");
}
