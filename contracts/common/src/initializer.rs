//! Spec §2.3: the versioned initializer; each revision's initializer runs once (D5).

use alloy_primitives::U256;
use stylus_sdk::{prelude::*, storage::StorageU256};

use crate::revert::{revert, Revertible};

/// The last revision whose initializer ran.
#[storage]
pub struct Initializer {
    last_initialized_revision: StorageU256,
}

impl Initializer {
    /// Records that `revision` is initialized, or fails with
    /// `'Contract instance has already been initialized'` if it (or a later one) was.
    pub fn initialize(&mut self, revision: u64) -> Revertible<()> {
        let revision = U256::from(revision);
        if revision <= self.last_initialized_revision.get() {
            return Err(revert("Contract instance has already been initialized"));
        }
        self.last_initialized_revision.set(revision);
        Ok(())
    }
}
