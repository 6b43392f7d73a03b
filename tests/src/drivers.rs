//! Generated drivers, one module per spec (see `build.rs` and [`crate::driver`]).
//!
//! Each module has `OPERATIONS` (every operation with the method and path the driver's call
//! requests), `authorize(client)` (dummy credentials for every security scheme),
//! `run(&client, operation_id)` and `run_all(&client)`.

include!(concat!(env!("OUT_DIR"), "/drivers.rs"));
