//! Spec §3.13: borrowing and repaying, and the amounts available to borrow.

use alloy_primitives::{Address, U256};
use ls1_common::{
    require,
    revert::{add, sub, Revertible},
    safe_erc20::{safe_transfer, safe_transfer_from},
};

use crate::{
    emit,
    events::{Borrowed, RepaidBorrow, RepaidDebt},
    pool::{sender, this, Pool},
};

impl Pool {
    /// `borrow`: the caller borrows `amount` within its allocation and the tokens available.
    pub fn borrow(&mut self, amount: U256) -> Revertible<()> {
        let borrower = sender();
        require!(!amount.is_zero(), "LS1Borrowing: Cannot borrow zero")?;
        let mut state = self.borrower(borrower);
        require!(!state.restricted, "LS1Borrowing: Restricted")?;
        require!(amount <= self.contract_balance_available_to_borrow()?, "LS1Borrowing: Amount > available")?;
        state.borrowed = add(state.borrowed, amount)?;
        require!(state.borrowed <= self.allocated_for_new_borrowing(borrower)?, "LS1Borrowing: Amount > allocated")?;
        self.store_borrower(borrower, &state);
        let mut totals = self.borrow_totals();
        totals.borrowed = add(totals.borrowed, amount)?;
        self.store_borrow_totals(&totals);
        safe_transfer(self.staked_token(), borrower, amount)?;
        emit(Borrowed { borrower, amount, newBorrowedBalance: state.borrowed });
        Ok(())
    }

    /// `repayBorrow`: the caller pays back `amount` of what `borrower` borrowed.
    pub fn repay_borrow(&mut self, borrower: Address, amount: U256) -> Revertible<()> {
        require!(!amount.is_zero(), "LS1Borrowing: Cannot repay zero")?;
        let mut state = self.borrower(borrower);
        require!(amount <= state.borrowed, "LS1Borrowing: Repay > borrowed")?;
        state.borrowed -= amount;
        self.store_borrower(borrower, &state);
        let mut totals = self.borrow_totals();
        totals.borrowed = sub(totals.borrowed, amount)?;
        self.store_borrow_totals(&totals);
        let payer = sender();
        safe_transfer_from(self.staked_token(), payer, this(), amount)?;
        emit(RepaidBorrow { borrower, sender: payer, amount, newBorrowedBalance: state.borrowed });
        Ok(())
    }

    /// `repayDebt`: the caller pays back `amount` of `borrower`'s debt, earmarked for stakers' debt.
    pub fn repay_debt(&mut self, borrower: Address, amount: U256) -> Revertible<()> {
        require!(!amount.is_zero(), "LS1Borrowing: Cannot repay zero")?;
        let mut state = self.borrower(borrower);
        require!(amount <= state.debt, "LS1Borrowing: Repay > debt")?;
        state.debt -= amount;
        self.store_borrower(borrower, &state);
        let mut totals = self.borrow_totals();
        totals.debt = sub(totals.debt, amount)?;
        self.store_borrow_totals(&totals);
        let debt = state.debt;
        let available = add(self.total_debt_available_to_withdraw(), amount)?;
        self.store_total_debt_available_to_withdraw(available);
        let payer = sender();
        safe_transfer_from(self.staked_token(), payer, this(), amount)?;
        emit(RepaidDebt { borrower, sender: payer, amount, newDebtBalance: debt });
        Ok(())
    }

    /// `getContractBalanceAvailableToBorrow`: tokens held, less repaid debt and this epoch's
    /// inactive balances.
    pub fn contract_balance_available_to_borrow(&self) -> Revertible<U256> {
        let available = self.contract_balance_available_to_withdraw()?;
        Ok(available.saturating_sub(self.total_inactive_balance_current_epoch()?))
    }

    /// `getBorrowerState` (D17): `inBlackoutWindow`, `getBorrowedBalance`, `getAllocatedBalanceNextEpoch`,
    /// `getBorrowableAmount` and `getBorrowerDebtBalance` of `borrower`, in one call.
    pub fn borrower_state(&self, borrower: Address) -> Revertible<(bool, U256, U256, U256, U256)> {
        let state = self.borrower(borrower);
        Ok((
            self.in_blackout_window(),
            state.borrowed,
            self.allocated_balance_next_epoch(borrower)?,
            self.borrowable_amount(borrower)?,
            state.debt,
        ))
    }

    /// `getBorrowableAmount`: what `borrower` could borrow now (0 when restricted).
    pub fn borrowable_amount(&self, borrower: Address) -> Revertible<U256> {
        let state = self.borrower(borrower);
        if state.restricted {
            return Ok(U256::ZERO);
        }
        let room = self.allocated_for_new_borrowing(borrower)?.saturating_sub(state.borrowed);
        if room.is_zero() {
            return Ok(room);
        }
        Ok(room.min(self.contract_balance_available_to_borrow()?))
    }
}
