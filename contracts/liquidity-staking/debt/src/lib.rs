//! LS1 pool facet: `markDebt` (§3.9.3), `withdrawMaxDebt` (§3.10) and the debt operators (§3.15).
//! `withdrawDebt` is a hot operation of `ls1-pool`; `markDebt`'s array is decoded by hand
//! (`ls1_common::facet_entry!`).
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use liquidity_staking::{hot::ILiquidityStakingV1::markDebtCall, pool::sender, roles::DEBT_OPERATOR_ROLE, Pool};
use ls1_common::{abi::Args, role, Revertible};
use stylus_sdk::prelude::*;

/// The debt facet.
#[storage]
pub struct Debt {
    pool: Pool,
}

ls1_common::facet_entry!(Debt { markDebtCall => mark_debt });

/// Charges the shortfall to `borrowers` (in order) and converts inactive balances to debt; returns
/// the shortfall.
pub fn mark_debt(args: Args<'_>) -> Revertible<Vec<u8>> {
    let borrowers = args.addresses(0)?;
    Pool::new().mark_debt(&borrowers).map(|shortfall| ls1_common::abi::words(&[shortfall]))
}

#[public]
impl Debt {
    /// Withdraws all the caller can of its debt to `recipient`; returns the amount.
    pub fn withdraw_max_debt(&mut self, recipient: Address) -> Revertible<U256> {
        self.pool.withdraw_max_debt(sender(), recipient)
    }

    /// Lowers `staker`'s debt (DEBT_OPERATOR_ROLE); returns the new debt.
    pub fn decrease_staker_debt(&mut self, staker: Address, amount: U256) -> Revertible<U256> {
        self.pool.only_role(role!(DEBT_OPERATOR_ROLE))?;
        self.pool.decrease_staker_debt(staker, amount)
    }

    /// Lowers `borrower`'s debt (DEBT_OPERATOR_ROLE); returns the new debt.
    pub fn decrease_borrower_debt(&mut self, borrower: Address, amount: U256) -> Revertible<U256> {
        self.pool.only_role(role!(DEBT_OPERATOR_ROLE))?;
        self.pool.decrease_borrower_debt(borrower, amount)
    }
}
