//! Spec §2.3: the versioned initializer; each revision's initializer runs once (D5).

use alloy_primitives::U256;

use crate::{
    revert::Revertible,
    storage::{Cell, Slot},
};

/// The last revision whose initializer ran.
#[derive(Debug)]
pub struct Initializer {
    last_initialized_revision: Cell<U256>,
}

crate::storage_type!(Initializer, Initializer::at);

impl Initializer {
    /// The initializer whose revision is stored at `slot`.
    pub const fn at(slot: Slot) -> Self {
        Self { last_initialized_revision: Cell::at(slot) }
    }

    /// Records that `revision` is initialized, or fails with
    /// `'Contract instance has already been initialized'` if it (or a later one) was.
    pub fn initialize(&mut self, revision: u64) -> Revertible<()> {
        let revision = U256::from(revision);
        if revision <= self.last_initialized_revision.get() {
            return Err(crate::revert!("Contract instance has already been initialized"));
        }
        self.last_initialized_revision.set(revision);
        Ok(())
    }
}
