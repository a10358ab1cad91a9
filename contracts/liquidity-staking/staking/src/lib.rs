//! LS1 pool facet: the stake and claim operators (§3.15) and the failsafe (§3.16). The staker
//! functions (§3.10) are hot operations of `ls1-pool`.
extern crate alloc;

use alloy_primitives::{Address, U256};
use liquidity_staking::{
    emit,
    events::{OperatorClaimedRewardsFor, OperatorWithdrawalRequestedFor, OperatorWithdrewStakeFor},
    pool::sender,
    roles::{CLAIM_OPERATOR_ROLE, STAKE_OPERATOR_ROLE},
    Pool,
};
use ls1_common::{role, Revertible};
use stylus_sdk::prelude::*;

/// The staking facet.
#[entrypoint]
#[storage]
pub struct Staking {
    pool: Pool,
}

#[public]
impl Staking {
    /// `requestWithdrawal` on behalf of `staker` (STAKE_OPERATOR_ROLE).
    pub fn request_withdrawal_for(&mut self, staker: Address, amount: U256) -> Revertible<()> {
        self.pool.only_role(role!(STAKE_OPERATOR_ROLE))?;
        self.pool.request_withdrawal(staker, amount)?;
        emit(OperatorWithdrawalRequestedFor { staker, amount, operator: sender() });
        Ok(())
    }

    /// `withdrawStake` of `staker`'s inactive stake to `recipient` (STAKE_OPERATOR_ROLE).
    pub fn withdraw_stake_for(&mut self, staker: Address, recipient: Address, amount: U256) -> Revertible<()> {
        self.pool.only_role(role!(STAKE_OPERATOR_ROLE))?;
        self.pool.withdraw_stake(staker, recipient, amount)?;
        emit(OperatorWithdrewStakeFor { staker, recipient, amount, operator: sender() });
        Ok(())
    }

    /// Pays `staker`'s rewards to `recipient` (CLAIM_OPERATOR_ROLE); returns the amount.
    pub fn claim_rewards_for(&mut self, staker: Address, recipient: Address) -> Revertible<U256> {
        self.pool.only_role(role!(CLAIM_OPERATOR_ROLE))?;
        let amount = self.pool.settle_and_claim(staker, recipient)?;
        emit(OperatorClaimedRewardsFor { staker, recipient, claimedRewards: amount, operator: sender() });
        Ok(amount)
    }

    /// Settles the caller's inactive balance up to `max_epoch` only.
    pub fn failsafe_settle_user_inactive_balance_to_epoch(&mut self, max_epoch: U256) -> Revertible<()> {
        self.pool.failsafe_settle_user_inactive_balance_to_epoch(max_epoch)
    }

    /// Zeroes the caller's stored inactive balance, forfeiting it (D12: the total keeps it).
    pub fn failsafe_delete_user_inactive_balance(&mut self) -> Revertible<()> {
        self.pool.failsafe_delete_user_inactive_balance();
        Ok(())
    }
}
