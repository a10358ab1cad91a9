//! LS1 pool facet: the staker functions (§3.10) and the stake and claim operators (§3.15).
extern crate alloc;

use alloy_primitives::{Address, U256};
use liquidity_staking::{
    emit,
    events::{OperatorClaimedRewardsFor, OperatorWithdrawalRequestedFor, OperatorWithdrewStakeFor},
    pool::sender,
    roles::{CLAIM_OPERATOR_ROLE, STAKE_OPERATOR_ROLE},
    Pool,
};
use ls1_common::Revertible;
use stylus_sdk::prelude::*;

/// The staking facet.
#[entrypoint]
#[storage]
pub struct Staking {
    pool: Pool,
}

#[public]
impl Staking {
    /// Stakes `amount` for the caller.
    pub fn stake(&mut self, amount: U256) -> Revertible<()> {
        self.pool.non_reentrant(|pool| pool.stake_for(sender(), amount))
    }

    /// Stakes `amount` for `staker`, paid by the caller.
    pub fn stake_for(&mut self, staker: Address, amount: U256) -> Revertible<()> {
        self.pool.non_reentrant(|pool| pool.stake_for(staker, amount))
    }

    /// Asks to move `amount` of the caller's active stake to inactive at the next epoch.
    pub fn request_withdrawal(&mut self, amount: U256) -> Revertible<()> {
        self.pool.non_reentrant(|pool| pool.request_withdrawal(sender(), amount))
    }

    /// Withdraws `amount` of the caller's inactive stake to `recipient`.
    pub fn withdraw_stake(&mut self, recipient: Address, amount: U256) -> Revertible<()> {
        self.pool.non_reentrant(|pool| pool.withdraw_stake(sender(), recipient, amount))
    }

    /// Withdraws all the caller can of its inactive stake to `recipient`; returns the amount.
    pub fn withdraw_max_stake(&mut self, recipient: Address) -> Revertible<U256> {
        self.pool.non_reentrant(|pool| pool.withdraw_max_stake(sender(), recipient))
    }

    /// Pays the caller's rewards to `recipient`; returns the amount.
    pub fn claim_rewards(&mut self, recipient: Address) -> Revertible<U256> {
        self.pool.non_reentrant(|pool| pool.settle_and_claim(sender(), recipient))
    }

    /// `requestWithdrawal` on behalf of `staker` (STAKE_OPERATOR_ROLE).
    pub fn request_withdrawal_for(&mut self, staker: Address, amount: U256) -> Revertible<()> {
        self.pool.only_role(STAKE_OPERATOR_ROLE)?;
        self.pool.non_reentrant(|pool| {
            pool.request_withdrawal(staker, amount)?;
            emit(OperatorWithdrawalRequestedFor { staker, amount, operator: sender() });
            Ok(())
        })
    }

    /// `withdrawStake` of `staker`'s inactive stake to `recipient` (STAKE_OPERATOR_ROLE).
    pub fn withdraw_stake_for(&mut self, staker: Address, recipient: Address, amount: U256) -> Revertible<()> {
        self.pool.only_role(STAKE_OPERATOR_ROLE)?;
        self.pool.non_reentrant(|pool| {
            pool.withdraw_stake(staker, recipient, amount)?;
            emit(OperatorWithdrewStakeFor { staker, recipient, amount, operator: sender() });
            Ok(())
        })
    }

    /// Pays `staker`'s rewards to `recipient` (CLAIM_OPERATOR_ROLE); returns the amount.
    pub fn claim_rewards_for(&mut self, staker: Address, recipient: Address) -> Revertible<U256> {
        self.pool.only_role(CLAIM_OPERATOR_ROLE)?;
        self.pool.non_reentrant(|pool| {
            let amount = pool.settle_and_claim(staker, recipient)?;
            emit(OperatorClaimedRewardsFor { staker, recipient, claimedRewards: amount, operator: sender() });
            Ok(amount)
        })
    }
}
