//! Generates the client of `pets.yaml` into `OUT_DIR/pets.rs` (included by src/lib.rs).

fn main() -> Result<(), codegen::build::Error> {
    codegen::build::Config::new().compile("pets.yaml")?;
    Ok(())
}
