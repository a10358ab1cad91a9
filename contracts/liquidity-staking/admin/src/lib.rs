//! LS1 pool facet: the epoch schedule and rewards rate setters (§3.14).
extern crate alloc;

use alloy_primitives::U256;
use liquidity_staking::{
    roles::{EPOCH_PARAMETERS_ROLE, REWARDS_RATE_ROLE},
    Pool,
};
use ls1_common::{role, Revertible};
use stylus_sdk::prelude::*;

/// The admin facet.
#[entrypoint]
#[storage]
pub struct Admin {
    pool: Pool,
}

#[public]
impl Admin {
    /// Changes the epoch formula (EPOCH_PARAMETERS_ROLE).
    pub fn set_epoch_parameters(&mut self, interval: U256, offset: U256) -> Revertible<()> {
        self.pool.only_role(role!(EPOCH_PARAMETERS_ROLE))?;
        self.pool.admin_set_epoch_parameters(interval, offset)
    }

    /// Changes the blackout window (EPOCH_PARAMETERS_ROLE).
    pub fn set_blackout_window(&mut self, blackout_window: U256) -> Revertible<()> {
        self.pool.only_role(role!(EPOCH_PARAMETERS_ROLE))?;
        self.pool.admin_set_blackout_window(blackout_window)
    }

    /// Changes the rewards emitted per second (REWARDS_RATE_ROLE).
    pub fn set_rewards_per_second(&mut self, emission_per_second: U256) -> Revertible<()> {
        self.pool.only_role(role!(REWARDS_RATE_ROLE))?;
        self.pool.admin_set_rewards_per_second(emission_per_second)
    }
}
