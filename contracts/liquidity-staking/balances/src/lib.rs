//! LS1 pool facet: the lazy balance views (§3.7.4), the staker views of §3.10 and `totalSupply`, the
//! ERC-20 view the pool keeps with `balanceOf` (a hot operation of `ls1-pool`) (§3.11, D1). Every value is rolled forward to the current epoch
//! in memory; 0 before epoch zero.
extern crate alloc;

use alloy_primitives::{Address, U256};
use liquidity_staking::Pool;
use ls1_common::Revertible;
use stylus_sdk::prelude::*;

/// The balances facet.
#[entrypoint]
#[storage]
pub struct Balances {
    pool: Pool,
}

#[public]
impl Balances {
    /// `staker`'s active balance this epoch.
    pub fn get_active_balance_current_epoch(&self, staker: Address) -> Revertible<U256> {
        self.pool.active_balance_current_epoch(staker)
    }

    /// `staker`'s active balance next epoch.
    pub fn get_active_balance_next_epoch(&self, staker: Address) -> Revertible<U256> {
        self.pool.active_balance_next_epoch(staker)
    }

    /// The total active balance this epoch.
    pub fn get_total_active_balance_current_epoch(&self) -> Revertible<U256> {
        self.pool.total_active_balance_current_epoch()
    }

    /// The total active balance next epoch.
    pub fn get_total_active_balance_next_epoch(&self) -> Revertible<U256> {
        self.pool.total_active_balance_next_epoch()
    }

    /// `staker`'s inactive balance this epoch, after pending shortfalls.
    pub fn get_inactive_balance_current_epoch(&self, staker: Address) -> Revertible<U256> {
        self.pool.inactive_balance_current_epoch(staker)
    }

    /// `staker`'s inactive balance next epoch, after pending shortfalls.
    pub fn get_inactive_balance_next_epoch(&self, staker: Address) -> Revertible<U256> {
        self.pool.inactive_balance_next_epoch(staker)
    }

    /// The total inactive balance this epoch.
    pub fn get_total_inactive_balance_current_epoch(&self) -> Revertible<U256> {
        self.pool.total_inactive_balance_current_epoch()
    }

    /// The total inactive balance next epoch.
    pub fn get_total_inactive_balance_next_epoch(&self) -> Revertible<U256> {
        self.pool.total_inactive_balance_next_epoch()
    }

    /// The debt the pool owes `staker`, pending shortfalls included.
    pub fn get_staker_debt_balance(&self, staker: Address) -> Revertible<U256> {
        self.pool.staker_debt_balance(staker)
    }

    /// What `staker` may transfer: its next-epoch active balance.
    pub fn get_transferable_balance(&self, staker: Address) -> Revertible<U256> {
        self.pool.active_balance_next_epoch(staker)
    }

    /// Active plus inactive balances, this epoch.
    pub fn total_supply(&self) -> Revertible<U256> {
        self.pool.total_supply()
    }

    /// What `staker` can withdraw now: its inactive balance, capped by the tokens available.
    pub fn get_stake_available_to_withdraw(&self, staker: Address) -> Revertible<U256> {
        self.pool.stake_available_to_withdraw(staker)
    }

    /// Staked tokens held by the pool that are not earmarked for debt withdrawals.
    pub fn get_contract_balance_available_to_withdraw(&self) -> Revertible<U256> {
        self.pool.contract_balance_available_to_withdraw()
    }

    /// What `staker` can withdraw of its debt now.
    pub fn get_debt_available_to_withdraw(&self, staker: Address) -> Revertible<U256> {
        self.pool.debt_available_to_withdraw(staker)
    }
}
