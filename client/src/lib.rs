//! The LS1 suite's client: a JSON-RPC connection that signs for a set of accounts ([`Chain`]),
//! deployment of the whole suite on any Stylus chain ([`deploy_suite`]), readable views of the pool's
//! state for the demo and the tools, and (feature `embedded-node`, which the demo needs) the
//! embedded devnode.

pub mod accounts;
pub mod chain;
pub mod cli;
pub mod dashboard;
pub mod deploy;
pub mod keeper;
#[cfg(feature = "embedded-node")]
pub mod node;
pub mod report;

pub use accounts::{derived_signer, dev_signers};
pub use chain::{events, revert_reason, Chain, Failure};
pub use deploy::{
    deploy_journaled, deploy_program, deploy_suite, deploy_with_constructor, Borrower, BorrowerConfig, Journal, Suite, SuiteConfig,
};
#[cfg(feature = "embedded-node")]
pub use node::{serve_devnode, serve_devnode_with_ws, start_devnode};
