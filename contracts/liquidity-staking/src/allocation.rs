//! Spec §3.12: borrower allocations, in units of 0.01 % of the total active balance, for the current
//! and the next epoch; `address(0)` holds the unallocated units.

use alloy_primitives::{Address, U256};
use ls1_common::{
    require,
    revert::{add, mul, quotient, Revertible},
    safe_cast::{to_u128_within, to_u16},
};

use crate::{
    balance::{from_halves, halves},
    emit,
    events::{BorrowingRestrictionChanged, ScheduledBorrowerAllocationChange},
    pool::Pool,
    roles::TOTAL_ALLOCATION,
};

/// An allocation as stored: epoch (u16), current units (u120), next units (u120).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoredAllocation {
    /// `currentEpoch`.
    pub current_epoch: U256,
    /// `currentEpochAllocation`.
    pub current: U256,
    /// `nextEpochAllocation`.
    pub next: U256,
}

impl StoredAllocation {
    /// All units unallocated, as `initialize` stores for `address(0)`.
    pub fn unallocated() -> Self {
        Self { current_epoch: U256::ZERO, current: U256::from(TOTAL_ALLOCATION), next: U256::from(TOTAL_ALLOCATION) }
    }

    /// Reads a slot: epoch (bits 0–15), current (16–135), next (136–255), from its two 128-bit
    /// halves (256-bit shifts and masks are loops over limbs in WASM).
    pub fn unpack(word: U256) -> Self {
        let (low, high) = halves(word);
        Self {
            current_epoch: U256::from(low & 0xffff),
            current: U256::from((low >> 16) | ((high & 0xff) << 112)),
            next: U256::from(high >> 8),
        }
    }

    /// The slot, with the SafeCast checks of a store.
    pub fn pack(&self) -> Revertible<U256> {
        let epoch = u128::from(to_u16(self.current_epoch)?);
        let (current, next) = (to_u128_within(self.current, 120)?, to_u128_within(self.next, 120)?);
        Ok(from_halves(epoch | (current << 16), (current >> 112) | (next << 8)))
    }

    /// Rolls forward to `epoch` (`None`: epoch zero has not started, nothing rolls).
    pub fn roll(self, epoch: Option<U256>) -> Self {
        match epoch {
            Some(epoch) if epoch > self.current_epoch => Self { current_epoch: epoch, current: self.next, next: self.next },
            _ => self,
        }
    }
}

impl Pool {
    /// `borrower`'s allocation rolled to the current epoch (not rolled before epoch zero).
    pub fn allocation(&self, borrower: Address) -> StoredAllocation {
        StoredAllocation::unpack(self.borrower_allocations.get(borrower)).roll(self.started_epoch())
    }

    /// `getAllocatedBalanceCurrentEpoch`: total active this epoch × current units / 10,000.
    pub fn allocated_balance_current_epoch(&self, borrower: Address) -> Revertible<U256> {
        Ok(quotient(mul(self.total_active_balance_current_epoch()?, self.allocation(borrower).current)?, U256::from(TOTAL_ALLOCATION)))
    }

    /// `getAllocatedBalanceNextEpoch`: total active next epoch × next units / 10,000.
    pub fn allocated_balance_next_epoch(&self, borrower: Address) -> Revertible<U256> {
        Ok(quotient(mul(self.total_active_balance_next_epoch()?, self.allocation(borrower).next)?, U256::from(TOTAL_ALLOCATION)))
    }

    /// What `borrower` may have borrowed after a new borrow: the smaller of its current and next
    /// units, of next epoch's total active balance in the blackout window and of this epoch's outside.
    pub fn allocated_for_new_borrowing(&self, borrower: Address) -> Revertible<U256> {
        let allocation = self.allocation(borrower);
        let units = allocation.current.min(allocation.next);
        let base =
            if self.in_blackout_window() { self.total_active_balance_next_epoch()? } else { self.total_active_balance_current_epoch()? };
        Ok(quotient(mul(base, units)?, U256::from(TOTAL_ALLOCATION)))
    }

    /// §3.12 set-allocations: schedules each borrower's new units for the next epoch (both epochs
    /// before epoch zero). D6: the new values must sum to the listed borrowers' pending next-epoch
    /// units, so next-epoch allocations always sum to 10,000 (the original compared with the
    /// current-epoch units, which two calls in one epoch could break).
    pub fn set_borrower_allocations(&mut self, borrowers: &[Address], allocations: &[U256]) -> Revertible<()> {
        let started = self.has_epoch_zero_started();
        let (mut pending_sum, mut new_sum) = (U256::ZERO, U256::ZERO);
        for (&borrower, &units) in borrowers.iter().zip(allocations) {
            let mut allocation = self.allocation(borrower);
            let old = allocation.current;
            pending_sum = add(pending_sum, allocation.next)?;
            new_sum = add(new_sum, units)?;
            allocation.next = units;
            let epoch_number = if started {
                add(allocation.current_epoch, U256::from(1))?
            } else {
                allocation.current = units;
                U256::ZERO
            };
            self.borrower_allocations.setter(borrower).set(allocation.pack()?);
            emit(ScheduledBorrowerAllocationChange { borrower, oldAllocation: old, newAllocation: units, epochNumber: epoch_number });
        }
        require!(pending_sum == new_sum, "LS1BorrowerAllocations: Invalid")
    }

    /// §3.12 set-restriction: stores and announces `restricted` only when it changes.
    pub fn set_borrowing_restriction(&mut self, borrower: Address, restricted: bool) {
        let mut state = self.borrower(borrower);
        if state.restricted != restricted {
            state.restricted = restricted;
            self.store_borrower(borrower, &state);
            emit(BorrowingRestrictionChanged { borrower, isBorrowingRestricted: restricted });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_like_the_original_and_rolls_forward() {
        let a = StoredAllocation { current_epoch: U256::from(3), current: U256::from(4000), next: U256::from(2500) };
        let word = a.pack().unwrap();
        assert_eq!(word, U256::from(3) | U256::from(4000) << 16 | U256::from(2500) << 136);
        assert_eq!(StoredAllocation::unpack(word), a);
        let units = (U256::from(1) << 120) - U256::from(1);
        let max = StoredAllocation { current_epoch: U256::from(u16::MAX), current: units, next: units };
        assert_eq!(StoredAllocation::unpack(U256::MAX), max);
        assert_eq!(max.pack(), Ok(U256::MAX));
        let (current, next) = (U256::from(0x1234_5678_9abc_def0_u64) << 56, U256::from(0x0fed_cba9_8765_4321_u64) << 56);
        let mixed = StoredAllocation { current_epoch: U256::from(9), current, next };
        assert_eq!(mixed.pack(), Ok(U256::from(9) | current << 16 | next << 136));
        assert_eq!(StoredAllocation::unpack(mixed.pack().unwrap()), mixed);
        assert_eq!(a.roll(None), a);
        assert_eq!(a.roll(Some(U256::from(3))), a);
        assert_eq!(
            a.roll(Some(U256::from(5))),
            StoredAllocation { current_epoch: U256::from(5), current: U256::from(2500), next: U256::from(2500) }
        );
        assert_eq!(StoredAllocation { next: U256::from(1) << 120, ..a }.pack(), Err(ls1_common::revert!("SafeCast: toUint120 overflow")));
    }
}
