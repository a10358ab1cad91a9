//! Spec §4.5 balance views and §4.6 borrower functions, with D10's fix in `autoPayOrBorrow` (the debt
//! repayment is sized from the token balance left after the borrow repayment).

use alloy_primitives::U256;
use ls1_common::{
    require,
    revert::{add, sub},
    safe_erc20::balance_of,
    Revertible,
};

use crate::{
    calls::{call, view, view_u256, word, ILiquidityStaking as LS},
    emit,
    events::{Borrowed, RepaidBorrow, RepaidDebt},
    storage::{this, StarkProxy},
};

impl StarkProxy {
    /// `LS.getAllocatedBalanceCurrentEpoch(SP)`.
    pub fn allocated_balance_current_epoch(&self) -> Revertible<U256> {
        view_u256(self.liquidity_staking.get(), &LS::getAllocatedBalanceCurrentEpochCall { borrower: this() })
    }

    /// `LS.getAllocatedBalanceNextEpoch(SP)`.
    pub fn allocated_balance_next_epoch(&self) -> Revertible<U256> {
        view_u256(self.liquidity_staking.get(), &LS::getAllocatedBalanceNextEpochCall { borrower: this() })
    }

    /// 0 while the guardian restricts borrowing, else `LS.getBorrowableAmount(SP)`.
    pub fn borrowable_amount(&self) -> Revertible<U256> {
        if self.is_borrowing_restricted.get() {
            return Ok(U256::ZERO);
        }
        view_u256(self.liquidity_staking.get(), &LS::getBorrowableAmountCall { borrower: this() })
    }

    /// `LS.getBorrowedBalance(SP)`.
    pub fn borrowed_balance(&self) -> Revertible<U256> {
        view_u256(self.liquidity_staking.get(), &LS::getBorrowedBalanceCall { borrower: this() })
    }

    /// `LS.getBorrowerDebtBalance(SP)`.
    pub fn debt_balance(&self) -> Revertible<U256> {
        view_u256(self.liquidity_staking.get(), &LS::getBorrowerDebtBalanceCall { borrower: this() })
    }

    /// Borrowed plus debt (checked).
    pub fn borrowed_and_debt_balance(&self) -> Revertible<U256> {
        add(self.borrowed_balance()?, self.debt_balance()?)
    }

    /// `TOKEN.balanceOf(SP)`: the proxy's wallet only, not its funds on the exchange.
    pub fn token_balance(&self) -> Revertible<U256> {
        balance_of(self.token.get(), this())
    }

    /// `_borrow`: borrows from LS and emits `Borrowed` with the new borrowed balance.
    pub fn borrow_from_pool(&mut self, amount: U256) -> Revertible<()> {
        call(self.liquidity_staking.get(), &LS::borrowCall { amount })?;
        emit(Borrowed { amount, newBorrowedBalance: self.borrowed_balance()? });
        Ok(())
    }

    /// `_repayBorrow`: LS pulls `amount` from the proxy; emits `RepaidBorrow`.
    pub fn repay_borrow_to_pool(&mut self, amount: U256, is_guardian_action: bool) -> Revertible<()> {
        call(self.liquidity_staking.get(), &LS::repayBorrowCall { borrower: this(), amount })?;
        emit(RepaidBorrow { amount, newBorrowedBalance: self.borrowed_balance()?, isGuardianAction: is_guardian_action });
        Ok(())
    }

    /// `_repayDebt`: LS pulls `amount` from the proxy; emits `RepaidDebt`.
    pub fn repay_debt_to_pool(&mut self, amount: U256, is_guardian_action: bool) -> Revertible<()> {
        call(self.liquidity_staking.get(), &LS::repayDebtCall { borrower: this(), amount })?;
        emit(RepaidDebt { amount, newDebtBalance: self.debt_balance()?, isGuardianAction: is_guardian_action });
        Ok(())
    }

    /// `borrow`: not while the guardian restricts borrowing.
    pub fn borrow(&mut self, amount: U256) -> Revertible<()> {
        require(!self.is_borrowing_restricted.get(), "SP1Borrowing: Cannot borrow while Restricted")?;
        self.borrow_from_pool(amount)
    }

    /// `autoPayOrBorrow`: in LS's blackout window, moves the borrowed balance to the next-epoch
    /// allocation, then repays what it can of the debt; returns `(borrowed, repaidBorrow, repaidDebt)`.
    pub fn auto_pay_or_borrow(&mut self) -> Revertible<(U256, U256, U256)> {
        let pool = self.liquidity_staking.get();
        let in_blackout = word(&view(pool, &LS::inBlackoutWindowCall {})?)?;
        require(!in_blackout.is_zero(), "SP1Borrowing: Auto-pay may only be used during the blackout window")?;
        let borrowed_balance = self.borrowed_balance()?;
        let next_allocation = self.allocated_balance_next_epoch()?;
        let token_balance = self.token_balance()?;
        let (mut borrowed, mut repaid_borrow) = (U256::ZERO, U256::ZERO);
        if borrowed_balance > next_allocation {
            repaid_borrow = borrowed_balance - next_allocation;
            require(token_balance >= repaid_borrow, "SP1Borrowing: Insufficient funds to avoid falling short on repayment")?;
            self.repay_borrow_to_pool(repaid_borrow, false)?;
        } else {
            borrowed = self.borrowable_amount()?;
            if !borrowed.is_zero() {
                self.borrow_from_pool(borrowed)?;
            }
        }
        // D10: what is left of the snapshot after the borrow repayment (the original used the whole
        // snapshot and reverted when both were due and the balance could not cover both).
        let left = sub(token_balance, repaid_borrow)?;
        let repaid_debt = self.debt_balance()?.min(left);
        if !repaid_debt.is_zero() {
            self.repay_debt_to_pool(repaid_debt, false)?;
        }
        Ok((borrowed, repaid_borrow, repaid_debt))
    }
}
