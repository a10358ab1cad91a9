//! The devnode's tests, one module per area, in one test binary.

mod cache;
mod cargo_stylus;
mod common;
mod deployer;
mod frames;
mod metering;
mod nitro;
mod node;
mod rpc;
mod semantics;
mod tokens;
