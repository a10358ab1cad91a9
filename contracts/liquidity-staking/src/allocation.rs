//! Spec §3.12: borrower allocations, in units of 0.01 % of the total active balance, for the current
//! and the next epoch; `address(0)` holds the unallocated units.

use alloy_primitives::U256;
use ls1_common::{
    safe_cast::{to_u16, to_uint},
    Revertible,
};

use crate::roles::TOTAL_ALLOCATION;

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

    /// Reads a slot: epoch (bits 0–15), current (16–135), next (136–255).
    pub fn unpack(word: U256) -> Self {
        let mask120 = U256::MAX >> 136;
        Self { current_epoch: word & U256::from(u16::MAX), current: (word >> 16) & mask120, next: word >> 136 }
    }

    /// The slot, with the SafeCast checks of a store.
    pub fn pack(&self) -> Revertible<U256> {
        let epoch = U256::from(to_u16(self.current_epoch)?);
        Ok(epoch | (to_uint(self.current, 120)? << 16) | (to_uint(self.next, 120)? << 136))
    }

    /// Rolls forward to `epoch` (`None`: epoch zero has not started, nothing rolls).
    pub fn roll(self, epoch: Option<U256>) -> Self {
        match epoch {
            Some(epoch) if epoch > self.current_epoch => Self { current_epoch: epoch, current: self.next, next: self.next },
            _ => self,
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
        assert_eq!(a.roll(None), a);
        assert_eq!(a.roll(Some(U256::from(3))), a);
        assert_eq!(a.roll(Some(U256::from(5))), StoredAllocation { current_epoch: U256::from(5), current: U256::from(2500), next: U256::from(2500) });
        assert_eq!(StoredAllocation { next: U256::from(1) << 120, ..a }.pack(), Err(ls1_common::revert("SafeCast: toUint120 overflow")));
    }
}
