//! The Arbitrum facts the devnode and the client share, with no node in them: the Stylus
//! precompiles' and the StylusDeployer's addresses and interfaces, how a program's code is encoded
//! for deployment, and the devnode's chain id and dev accounts.

pub mod code;
pub mod dev;
pub mod precompiles;

pub use code::{init_code_for, program_code, STYLUS_PREFIX};
pub use dev::{CHAIN_ID, CHAIN_OWNER, DEV_ACCOUNTS, DEV_KEYS};
pub use precompiles::{
    ArbWasm, ArbWasmCache, CacheManager, StylusDeployer, ARBWASM, ARBWASM_CACHE, CACHE_MANAGER, STYLUS_DEPLOYER, STYLUS_VERSION,
};
