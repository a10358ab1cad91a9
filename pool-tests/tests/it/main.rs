//! The behaviour tests of the pool, stkUSDC and StarkProxy on the in-process devnode, one module per
//! area, in one test binary (one link of the devnode instead of one per file).

mod access;
mod allocations;
mod borrowing;
mod debt;
mod deployment;
mod deployment_safety;
mod epoch;
mod erc20_conformance;
mod nitro_execution;
mod properties;
mod reentrancy;
mod rewards;
mod router;
mod smoke;
mod staking;
mod stark_proxy;
mod stark_proxy_abi;
mod stark_proxy_properties;
mod stk_usdc;
