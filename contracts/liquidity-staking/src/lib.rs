//! The LS1 liquidity staking pool (spec §3): its storage layout and logic, shared by the router and
//! the facet programs that serve its one address and ABI (D16).
extern crate alloc;

pub mod admin;
pub mod allocation;
pub mod balance;
pub mod borrowing;
pub mod debt;
pub mod epoch;
pub mod events;
pub mod hot;
pub mod pool;
pub mod rewards;
pub mod roles;
pub mod staking;
pub mod stk_usdc;

pub use ls1_common::access::emit;
pub use pool::Pool;
