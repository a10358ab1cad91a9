//! Spec §3.14: the admin setters of the epoch schedule and the rewards rate, with their guards.

use alloy_primitives::U256;
use ls1_common::{require, Revertible};

use crate::{
    balance::Change,
    pool::{now, Pool},
};

impl Pool {
    /// `setEpochParameters`: before epoch zero only to a future offset; afterwards it must keep the
    /// current epoch number and stay out of the blackout window.
    pub fn admin_set_epoch_parameters(&mut self, interval: U256, offset: U256) -> Revertible<()> {
        if !self.has_epoch_zero_started() {
            require!(now() < offset, "LS1Admin: Started epoch zero")?;
            return self.set_epoch_parameters(interval, offset);
        }
        require!(!self.in_blackout_window(), "LS1Admin: Blackout window")?;
        self.update_total_active(Change::Settle)?;
        let before = self.current_epoch()?;
        self.set_epoch_parameters(interval, offset)?;
        require!(before == self.current_epoch()?, "LS1Admin: Changed epochs")?;
        require!(!self.in_blackout_window(), "LS1Admin: End in blackout window")
    }

    /// `setBlackoutWindow`: not from or into the blackout window.
    pub fn admin_set_blackout_window(&mut self, blackout_window: U256) -> Revertible<()> {
        require!(!self.in_blackout_window(), "LS1Admin: Blackout window")?;
        self.set_blackout_window(blackout_window)?;
        require!(!self.in_blackout_window(), "LS1Admin: End in blackout window")
    }

    /// `setRewardsPerSecond`: settles the index at the old rate first.
    pub fn admin_set_rewards_per_second(&mut self, rate: U256) -> Revertible<()> {
        let total = if self.has_epoch_zero_started() { self.update_total_active(Change::Settle)? } else { U256::ZERO };
        self.set_rewards_per_second(rate, total)
    }
}
