//! The devnode's tests, one module per area, in one test binary.

mod cargo_stylus;
mod common;
mod deployer;
mod metering;
mod rpc;
mod semantics;
mod tokens;
