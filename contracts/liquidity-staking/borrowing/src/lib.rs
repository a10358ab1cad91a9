//! LS1 pool facet: borrower allocations (§3.12), the borrowing views (§3.13), restrictions (§3.9.1,
//! §3.9.2) and the borrower admin setters (§3.14). Borrowing and repaying are hot operations of `ls1-pool`;
//! `setBorrowerAllocations`'s arrays are decoded by hand (`ls1_common::facet_entry!`).
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use liquidity_staking::{hot::ILiquidityStakingV1::setBorrowerAllocationsCall, roles::BORROWER_ADMIN_ROLE, Pool};
use ls1_common::{abi::Args, require, role, Revertible};
use stylus_sdk::prelude::*;

/// The borrowing facet.
#[storage]
pub struct Borrowing {
    pool: Pool,
}

ls1_common::facet_entry!(Borrowing { setBorrowerAllocationsCall => set_borrower_allocations });

/// Schedules new allocations (BORROWER_ADMIN_ROLE; not in the blackout window).
pub fn set_borrower_allocations(args: Args<'_>) -> Revertible<Vec<u8>> {
    let (borrowers, units) = (args.addresses(0)?, args.uints(1)?);
    let mut pool = Pool::new();
    pool.only_role(role!(BORROWER_ADMIN_ROLE))?;
    require!(borrowers.len() == units.len(), "LS1Admin: Params length mismatch")?;
    require!(!pool.in_blackout_window(), "LS1Admin: Blackout window")?;
    pool.set_borrower_allocations(&borrowers, &units).map(|()| Vec::new())
}

#[public]
impl Borrowing {
    /// `borrower`'s allocation this epoch, in units of 0.01 %.
    pub fn get_allocation_fraction_current_epoch(&self, borrower: Address) -> U256 {
        self.pool.allocation(borrower).current
    }

    /// `borrower`'s allocation next epoch, in units of 0.01 %.
    pub fn get_allocation_fraction_next_epoch(&self, borrower: Address) -> U256 {
        self.pool.allocation(borrower).next
    }

    /// `borrower`'s share of this epoch's total active balance.
    pub fn get_allocated_balance_current_epoch(&self, borrower: Address) -> Revertible<U256> {
        self.pool.allocated_balance_current_epoch(borrower)
    }

    /// `borrower`'s share of next epoch's total active balance.
    pub fn get_allocated_balance_next_epoch(&self, borrower: Address) -> Revertible<U256> {
        self.pool.allocated_balance_next_epoch(borrower)
    }

    /// What `borrower` could borrow now.
    pub fn get_borrowable_amount(&self, borrower: Address) -> Revertible<U256> {
        self.pool.borrowable_amount(borrower)
    }

    /// Tokens the pool could lend now.
    pub fn get_contract_balance_available_to_borrow(&self) -> Revertible<U256> {
        self.pool.contract_balance_available_to_borrow()
    }

    /// Whether `borrower` borrowed more than its current allocation.
    pub fn is_borrower_overdue(&self, borrower: Address) -> Revertible<bool> {
        self.pool.is_borrower_overdue(borrower)
    }

    /// Restricts an overdue borrower (anyone may call).
    pub fn restrict_borrower(&mut self, borrower: Address) -> Revertible<()> {
        self.pool.restrict_borrower(borrower)
    }

    /// Restricts or frees `borrower` (BORROWER_ADMIN_ROLE).
    pub fn set_borrowing_restriction(&mut self, borrower: Address, is_borrowing_restricted: bool) -> Revertible<()> {
        self.pool.only_role(role!(BORROWER_ADMIN_ROLE))?;
        self.pool.set_borrowing_restriction(borrower, is_borrowing_restricted);
        Ok(())
    }
}
