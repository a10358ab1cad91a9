//! The LS1 liquidity staking pool (spec §3). This crate holds the pool's logic shared by its facet
//! programs; so far the parts that are pure arithmetic: the epoch schedule (§3.6), stored balances and
//! their roll-forward with shortfalls (§3.7) and the rewards index (§3.8).

pub mod balance;
pub mod epoch;
pub mod rewards;
