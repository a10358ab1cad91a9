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
    calls::{call, view, view_u256, word_at, ILiquidityStakingV1 as LS},
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
        require!(!self.is_borrowing_restricted.get(), "SP1Borrowing: Cannot borrow while Restricted")?;
        self.borrow_from_pool(amount)
    }

    /// `autoPayOrBorrow`: in LS's blackout window, moves the borrowed balance to the next-epoch
    /// allocation, then repays what it can of the debt; returns `(borrowed, repaidBorrow, repaidDebt)`.
    /// The pool's state comes from one `getBorrowerState` call (D17) instead of the original's five to
    /// seven getters, and the events' new balances are computed from it (the pool changes them by
    /// exactly the amounts borrowed and repaid).
    pub fn auto_pay_or_borrow(&mut self) -> Revertible<(U256, U256, U256)> {
        let pool = self.liquidity_staking.get();
        let state = view(pool, &LS::getBorrowerStateCall { borrower: this() })?;
        require!(!word_at(&state, 0)?.is_zero(), "SP1Borrowing: Auto-pay may only be used during the blackout window")?;
        let (borrowed_balance, next_allocation) = (word_at(&state, 1)?, word_at(&state, 2)?);
        let token_balance = self.token_balance()?;
        let (mut borrowed, mut repaid_borrow) = (U256::ZERO, U256::ZERO);
        if borrowed_balance > next_allocation {
            repaid_borrow = borrowed_balance - next_allocation;
            require!(token_balance >= repaid_borrow, "SP1Borrowing: Insufficient funds to avoid falling short on repayment")?;
            call(pool, &LS::repayBorrowCall { borrower: this(), amount: repaid_borrow })?;
            emit(RepaidBorrow { amount: repaid_borrow, newBorrowedBalance: next_allocation, isGuardianAction: false });
        } else {
            // 0 while the guardian restricts borrowing, as `borrowable_amount`.
            borrowed = if self.is_borrowing_restricted.get() { U256::ZERO } else { word_at(&state, 3)? };
            if !borrowed.is_zero() {
                call(pool, &LS::borrowCall { amount: borrowed })?;
                emit(Borrowed { amount: borrowed, newBorrowedBalance: add(borrowed_balance, borrowed)? });
            }
        }
        // D10: what is left of the snapshot after the borrow repayment (the original used the whole
        // snapshot and reverted when both were due and the balance could not cover both).
        let left = sub(token_balance, repaid_borrow)?;
        let debt = word_at(&state, 4)?;
        let repaid_debt = debt.min(left);
        if !repaid_debt.is_zero() {
            call(pool, &LS::repayDebtCall { borrower: this(), amount: repaid_debt })?;
            emit(RepaidDebt { amount: repaid_debt, newDebtBalance: debt - repaid_debt, isGuardianAction: false });
        }
        Ok((borrowed, repaid_borrow, repaid_debt))
    }
}
