//! The devnode: a local Arbitrum-like chain, in-process, on revm. EVM bytecode runs on revm;
//! Stylus programs (code with Nitro's `0xEFF000` prefix) run their real WASM on wasmi, with Nitro's
//! host semantics (`vm_hooks`), after activation through the ArbWasm precompile at `0x71`; programs
//! are cached through the chain's CacheManager and ArbWasmCache (`0x72`) as on a chain.
//!
//! [`Devnode`] is the test API: deploy programs from `target/wasm`, send and call typed `sol!` calls
//! as any account, read balances and storage, mint ETH, move time, snapshot and revert.

mod arbos;
mod arbwasm;
mod cache;
mod chain;
mod deployer;
mod frames;
mod host;
mod http;
mod ledger;
mod meter;
mod rpc;
mod stylus;
mod trace;
mod ws;

pub use arbos::{ArbGasInfo, ArbSys, ARBGASINFO, ARBOS_VERSION, ARBSYS};
pub use arbwasm::{ArbWasm, ARBWASM, STYLUS_VERSION};
pub use cache::{ArbWasmCache, CacheManager, ARBWASM_CACHE, CACHE_MANAGER, CHAIN_OWNER, DEFAULT_CACHE_SIZE};
pub use chain::{
    init_code_for, Devnode, Failure, Receipt, Snapshot, CHAIN_ID, CREATE2_FACTORY, CREATE2_FACTORY_CODE, DEV_ACCOUNTS, GAS_LIMIT,
};
pub use deployer::{StylusDeployer, STYLUS_DEPLOYER};
pub use frames::{EvmData, FrameRecord, Outcome, Request};
pub use ledger::{Ledger, MinedBlock, MinedTx};
pub use meter::{activation_costs, ProgramCosts};
pub use rpc::{Rpc, DEV_KEYS, MAX_REQUEST};
pub use stylus::{program_code, INK_PER_GAS, MAX_CONSOLE_LINES, STYLUS_PREFIX};
