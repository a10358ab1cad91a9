//! Spec §2.2: the reentrancy guard, one status word per contract (0 or 1 = not entered).

use alloy_primitives::U256;
use stylus_sdk::{prelude::*, storage::StorageU256};

use crate::revert::{revert, Revertible};

/// The guard's storage word.
#[storage]
pub struct ReentrancyGuard {
    status: StorageU256,
}

impl ReentrancyGuard {
    /// Marks the contract entered, or fails with `'ReentrancyGuard: reentrant call'`.
    pub fn enter(&mut self) -> Revertible<()> {
        if self.status.get() == U256::MAX {
            return Err(revert("ReentrancyGuard: reentrant call"));
        }
        self.status.set(U256::MAX);
        Ok(())
    }

    /// Marks the contract not entered.
    pub fn exit(&mut self) {
        self.status.set(U256::from(1));
    }
}
