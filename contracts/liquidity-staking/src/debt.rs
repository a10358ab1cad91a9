//! Spec §3.9 shortfalls and debt accounting (`isBorrowerOverdue`, `restrictBorrower`, `markDebt`),
//! the stakers' debt withdrawals of §3.10 and the debt operators of §3.15.

use alloy_primitives::{Address, U256};
use ls1_common::{
    require,
    revert::{add, mul, quotient, sub, Revertible},
    safe_erc20::safe_transfer,
};

use crate::{
    balance::{shortfall_index_base, Change, Shortfall},
    emit,
    events::{ConvertedInactiveBalancesToDebt, DebtMarked, OperatorDecreasedBorrowerDebt, OperatorDecreasedStakerDebt, WithdrewDebt},
    pool::{sender, Pool},
    roles::TOTAL_ALLOCATION,
    staking::require_staker,
};

impl Pool {
    /// `isBorrowerOverdue`: borrowed more than its current allocation of this epoch's active total.
    pub fn is_borrower_overdue(&self, borrower: Address) -> Revertible<bool> {
        Ok(self.borrower(borrower).borrowed > self.allocated_balance_current_epoch(borrower)?)
    }

    /// `restrictBorrower`: anyone may restrict an overdue borrower.
    pub fn restrict_borrower(&mut self, borrower: Address) -> Revertible<()> {
        require!(self.is_borrower_overdue(borrower)?, "LS1DebtAccounting: Borrower not overdue")?;
        self.set_borrowing_restriction(borrower, true);
        Ok(())
    }

    /// `markDebt` (§3.9.3): moves the shortfall (total borrowed over total active) from the listed
    /// borrowers' borrowed balances to their debt, in order, restricts them, and converts the same
    /// amount of this epoch's inactive balances into stakers' debt. D11: each borrower owes the rise
    /// of ceil(Σ debt points so far / 10000), so the charges sum to exactly the shortfall; the
    /// original's ceiling per borrower charged up to a unit more per borrower, which the pool then
    /// held as repaid debt nobody was owed, a unit short of its last staker's inactive balance.
    pub fn mark_debt(&mut self, borrowers: &[Address]) -> Revertible<U256> {
        let active = self.total_active_balance_current_epoch()?;
        let mut totals = self.borrow_totals();
        require!(totals.borrowed > active, "LS1DebtAccounting: No shortfall")?;
        let shortfall = totals.borrowed - active;
        let units = U256::from(TOTAL_ALLOCATION);
        let mut remaining = mul(shortfall, units)?;
        for &borrower in borrowers {
            let mut state = self.borrower(borrower);
            let borrowed_points = mul(state.borrowed, units)?;
            let allocated_points = mul(active, self.allocation(borrower).current)?;
            if borrowed_points <= allocated_points {
                continue;
            }
            let debt_points = (borrowed_points - allocated_points).min(remaining);
            // The shortfall is a whole number of units: ceil((D·10000 − r) / 10000) = D − floor(r / 10000).
            let amount = quotient(remaining, units) - quotient(remaining - debt_points, units);
            state.debt = add(state.debt, amount)?;
            state.borrowed = sub(state.borrowed, amount)?;
            emit(DebtMarked { borrower, amount, newBorrowedBalance: state.borrowed, newDebtBalance: state.debt });
            self.store_borrower(borrower, &state);
            self.set_borrowing_restriction(borrower, true);
            remaining -= debt_points;
            if remaining.is_zero() {
                break;
            }
        }
        require!(remaining.is_zero(), "LS1DebtAccounting: Borrowers do not cover the shortfall")?;
        totals.borrowed -= shortfall;
        totals.debt = add(totals.debt, shortfall)?;
        self.store_borrow_totals(&totals);
        self.convert_inactive_balances_to_debt(shortfall)?;
        Ok(shortfall)
    }

    /// Cuts this epoch's inactive balances by `shortfall` (all of them if smaller): records the
    /// surviving fraction as a shortfall that stakers' balances apply lazily.
    fn convert_inactive_balances_to_debt(&mut self, shortfall: U256) -> Revertible<()> {
        let inactive = self.total_inactive_balance_current_epoch()?;
        let (remaining, index) = if inactive > shortfall {
            let remaining = inactive - shortfall;
            (remaining, quotient(mul(shortfall_index_base(), remaining)?, inactive))
        } else {
            (U256::ZERO, U256::ZERO)
        };
        let amount = inactive - remaining;
        self.update_total_inactive(Change::DecreaseBoth(amount))?;
        let record = Shortfall { epoch: self.current_epoch()?, index };
        self.push_shortfall(record)?;
        emit(ConvertedInactiveBalancesToDebt { shortfallAmount: amount, shortfallIndex: index, newInactiveBalance: remaining });
        Ok(())
    }

    /// SettleStakerDebt: applies pending shortfalls to `staker`'s inactive balance; returns its debt.
    pub fn settle_staker_debt(&mut self, staker: Address) -> Revertible<U256> {
        self.update_user_inactive(staker, Change::Settle)?;
        Ok(self.staker_debt_balances.get(staker))
    }

    /// `withdrawDebt` for `staker`: pays `amount` of its debt from repaid debt, first come first served.
    pub fn withdraw_debt(&mut self, staker: Address, recipient: Address, amount: U256) -> Revertible<()> {
        let debt = self.settle_staker_debt(staker)?;
        require!(amount <= debt, "LS1Staking: Withdraw debt exceeds debt owed")?;
        let available = self.total_debt_available_to_withdraw();
        require!(amount <= available, "LS1Staking: Withdraw debt exceeds amount available")?;
        let debt = debt - amount;
        self.staker_debt_balances.setter(staker).set(debt);
        self.store_total_debt_available_to_withdraw(available - amount);
        safe_transfer(self.staked_token(), recipient, amount)?;
        emit(WithdrewDebt { staker, recipient, amount, newDebtBalance: debt });
        Ok(())
    }

    /// `withdrawMaxDebt` for `staker`: withdraws all it can of its debt; returns the amount.
    pub fn withdraw_max_debt(&mut self, staker: Address, recipient: Address) -> Revertible<U256> {
        let amount = self.debt_available_to_withdraw(staker)?;
        self.withdraw_debt(staker, recipient, amount)?;
        Ok(amount)
    }

    /// `decreaseStakerDebt` (debt operator): lowers what the pool owes `staker`; returns the new debt.
    pub fn decrease_staker_debt(&mut self, staker: Address, amount: U256) -> Revertible<U256> {
        require_staker(staker)?;
        let debt = sub(self.settle_staker_debt(staker)?, amount)?;
        self.staker_debt_balances.setter(staker).set(debt);
        emit(OperatorDecreasedStakerDebt { staker, amount, newDebtBalance: debt, operator: sender() });
        Ok(debt)
    }

    /// `decreaseBorrowerDebt` (debt operator): lowers what `borrower` owes; returns the new debt.
    pub fn decrease_borrower_debt(&mut self, borrower: Address, amount: U256) -> Revertible<U256> {
        let mut state = self.borrower(borrower);
        state.debt = sub(state.debt, amount)?;
        self.store_borrower(borrower, &state);
        let mut totals = self.borrow_totals();
        totals.debt = sub(totals.debt, amount)?;
        self.store_borrow_totals(&totals);
        let debt = state.debt;
        emit(OperatorDecreasedBorrowerDebt { borrower, amount, newDebtBalance: debt, operator: sender() });
        Ok(debt)
    }
}
