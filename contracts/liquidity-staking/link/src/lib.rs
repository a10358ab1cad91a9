//! LS1 pool facet: the link with stkUSDC (§3.11, D1, D9), linked once. The active-balance transfers
//! only stkUSDC may ask for are a hot operation of `ls1-pool`.
extern crate alloc;

use alloy_primitives::Address;
use liquidity_staking::{roles::OWNER_ROLE, Pool};
use ls1_common::{role, Revertible};
use stylus_sdk::prelude::*;

/// The link facet.
#[entrypoint]
#[storage]
pub struct Link {
    pool: Pool,
}

#[public]
impl Link {
    /// Links the stkUSDC contract, once (OWNER_ROLE).
    pub fn set_stk_usdc(&mut self, stk_usdc: Address) -> Revertible<()> {
        self.pool.only_role(role!(OWNER_ROLE))?;
        self.pool.set_stk_usdc(stk_usdc)
    }

    /// The linked stkUSDC contract.
    pub fn get_stk_usdc(&self) -> Address {
        self.pool.stk_usdc()
    }
}
