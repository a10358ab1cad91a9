//! Spec §3.10 staker functions and their views, §3.15 the stake and claim operators' shared steps,
//! and §3.16 the failsafe.

use alloy_primitives::{Address, U256};
use ls1_common::{
    require,
    revert::{sub, Revertible},
    safe_erc20::{balance_of, safe_transfer, safe_transfer_from},
};

use crate::{
    balance::{Change, StoredBalance},
    emit,
    events::{Staked, WithdrawalRequested, WithdrewStake},
    pool::{sender, this, Pool},
};

/// D7: a staker is never `address(0)`.
pub fn require_staker(staker: Address) -> Revertible<()> {
    require!(!staker.is_zero(), "LS1Staking: Invalid staker")
}

impl Pool {
    /// `stakeFor`: `staker`'s active balance grows by `amount`, paid by the caller; stkUSDC announces
    /// the mint to `staker` (D9).
    pub fn stake_for(&mut self, staker: Address, amount: U256) -> Revertible<()> {
        require_staker(staker)?;
        let spender = sender();
        let old_total = self.update_total_active(Change::IncreaseBoth(amount))?;
        let old_user = self.update_user_active(staker, Change::IncreaseBoth(amount))?;
        self.settle_user_rewards_to_now(staker, old_user, old_total)?;
        safe_transfer_from(self.staked_token(), spender, this(), amount)?;
        emit(Staked { staker, spender, amount });
        self.announce_transfer(Address::ZERO, staker, amount)
    }

    /// `requestWithdrawal` for `staker`: `amount` of next epoch's active balance becomes inactive.
    pub fn request_withdrawal(&mut self, staker: Address, amount: U256) -> Revertible<()> {
        require_staker(staker)?;
        require!(!self.in_blackout_window(), "LS1Staking: Withdraw requests restricted in the blackout window")?;
        require!(amount <= self.active_balance_next_epoch(staker)?, "LS1Staking: Withdraw request exceeds next active balance")?;
        self.update_total_active(Change::DecreaseNext(amount))?;
        self.update_user_active(staker, Change::DecreaseNext(amount))?;
        self.update_total_inactive(Change::IncreaseNext(amount))?;
        self.update_user_inactive(staker, Change::IncreaseNext(amount))?;
        emit(WithdrawalRequested { staker, amount });
        Ok(())
    }

    /// `withdrawStake` for `staker`: pays `amount` of its current inactive balance to `recipient`;
    /// stkUSDC announces the burn from `staker` (D9).
    pub fn withdraw_stake(&mut self, staker: Address, recipient: Address, amount: U256) -> Revertible<()> {
        require_staker(staker)?;
        require!(
            amount <= self.contract_balance_available_to_withdraw()?,
            "LS1Staking: Withdraw exceeds amount available in the contract"
        )?;
        require!(amount <= self.inactive_balance_current_epoch(staker)?, "LS1Staking: Withdraw exceeds inactive balance")?;
        self.pay_stake(staker, recipient, amount)
    }

    /// `withdrawMaxStake` for `staker`: withdraws all it can; returns the amount. The amount is the
    /// smaller of the two limits `withdraw_stake` checks, so its checks are skipped (they would read
    /// the same values, including a second `balanceOf` call to the token).
    pub fn withdraw_max_stake(&mut self, staker: Address, recipient: Address) -> Revertible<U256> {
        let amount = self.stake_available_to_withdraw(staker)?;
        require_staker(staker)?;
        self.pay_stake(staker, recipient, amount)?;
        Ok(amount)
    }

    /// The effects of a checked `withdrawStake`.
    fn pay_stake(&mut self, staker: Address, recipient: Address, amount: U256) -> Revertible<()> {
        self.update_total_inactive(Change::DecreaseBoth(amount))?;
        self.update_user_inactive(staker, Change::DecreaseBoth(amount))?;
        safe_transfer(self.staked_token(), recipient, amount)?;
        self.announce_transfer(staker, Address::ZERO, amount)?;
        emit(WithdrewStake { staker, recipient, amount });
        Ok(())
    }

    /// SettleAndClaim: settles `staker`'s rewards to now and pays them to `recipient`.
    pub fn settle_and_claim(&mut self, staker: Address, recipient: Address) -> Revertible<U256> {
        require_staker(staker)?;
        let total = self.update_total_active(Change::Settle)?;
        let user = self.update_user_active(staker, Change::Settle)?;
        self.settle_user_rewards_to_now(staker, user, total)?;
        self.claim(staker, recipient)
    }

    /// `getStakeAvailableToWithdraw`.
    pub fn stake_available_to_withdraw(&self, staker: Address) -> Revertible<U256> {
        Ok(self.inactive_balance_current_epoch(staker)?.min(self.contract_balance_available_to_withdraw()?))
    }

    /// `getContractBalanceAvailableToWithdraw`: tokens held minus repaid debt earmarked for stakers.
    pub fn contract_balance_available_to_withdraw(&self) -> Revertible<U256> {
        sub(balance_of(self.staked_token(), this())?, self.total_debt_available_to_withdraw())
    }

    /// `getDebtAvailableToWithdraw`.
    pub fn debt_available_to_withdraw(&self, staker: Address) -> Revertible<U256> {
        Ok(self.staker_debt_balance(staker)?.min(self.total_debt_available_to_withdraw()))
    }

    /// `failsafeSettleUserInactiveBalanceToEpoch` for the caller: settles its inactive balance only up
    /// to `max_epoch`, so the shortfall loop can be split over several transactions.
    pub fn failsafe_settle_user_inactive_balance_to_epoch(&mut self, max_epoch: U256) -> Revertible<()> {
        let staker = sender();
        let mut balance = StoredBalance::unpack(self.inactive_balances.get(staker));
        let epoch = self.current_epoch()?;
        require!(balance.current_epoch <= max_epoch && max_epoch <= epoch, "LS1StakedBalances: maxEpoch")?;
        let shortfalls = self.shortfall_history();
        let mut debt = balance.apply_shortfalls(&shortfalls)?;
        if max_epoch > balance.current_epoch {
            balance.current_epoch = max_epoch;
            balance.current = balance.next;
            debt += balance.apply_shortfalls(&shortfalls)?;
        }
        self.credit_staker_debt(staker, debt)?;
        self.inactive_balances.setter(staker).set(balance.pack()?);
        Ok(())
    }

    /// `failsafeDeleteUserInactiveBalance` for the caller (D12, as the original): zeroes its stored
    /// inactive balance without reducing the total; any debt from unapplied shortfalls is forfeited
    /// and the deleted amount stays counted in the total inactive balance.
    pub fn failsafe_delete_user_inactive_balance(&mut self) {
        self.inactive_balances.setter(sender()).set(U256::ZERO);
    }
}
