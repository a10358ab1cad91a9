//! The client's tests (the command line, deployment, the keeper, the dashboard), one module each, in one test binary.

mod cli;
mod common;
mod dashboard;
mod demo;
mod deploy;
mod keeper;
