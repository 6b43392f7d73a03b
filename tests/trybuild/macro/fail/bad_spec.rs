// A spec with a dangling `$ref`: the compile error shows the spec's file, line and JSON pointer.
// The path is relative to the crate trybuild builds, in target/tests/trybuild/trybuild-checks/.
mod things {
    codegen_openapi_macros::generate_api!("../../../../tests/trybuild/macro/fail/bad.yaml");
}

fn main() {}
