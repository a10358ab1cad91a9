//! Spec §3.3: the pool's storage, one layout shared by the router and every facet (D16), and the
//! host values the pool reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, U256};
use ls1_common::{AccessControl, Initializer};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageVec},
};

/// Where the router finds each function: selector → facet program. Slot 0, so that the router can
/// compute an entry's slot as `keccak256(selector ‖ 28 zero bytes ‖ 32 zero bytes)`.
pub const FACETS_SLOT: u64 = 0;

/// The pool's storage. Append new fields at the end only: upgrades keep this layout (D5).
#[storage]
pub struct Pool {
    /// Router table: selector → facet.
    pub facets: StorageMap<FixedBytes<4>, StorageAddress>,
    /// Roles (§3.4).
    pub access: AccessControl,
    /// `lastInitializedRevision` (§2.3).
    pub initializer: Initializer,
    /// The account allowed to call `initialize`, set by the constructor.
    pub deployer: StorageAddress,
    /// `REWARDS_TOKEN` (write-once, D4).
    pub rewards_token: StorageAddress,
    /// `REWARDS_TREASURY` (write-once, D4).
    pub rewards_treasury: StorageAddress,
    /// `DISTRIBUTION_START` (write-once, D4).
    pub distribution_start: StorageU256,
    /// `DISTRIBUTION_END` (write-once, D4).
    pub distribution_end: StorageU256,
    /// The schedule, one slot read by nearly every operation (see [`crate::epoch::Schedule`]):
    /// `epochParameters` (interval in bits 0–31, offset in 128–255), `blackoutWindow` (bits 32–63) and
    /// a copy of `DISTRIBUTION_END` capped at 2^64 − 1 (bits 64–127).
    pub schedule: StorageU256,
    /// `rewardsPerSecond` when it does not fit the 96 bits next to the stkUSDC address (see
    /// [`AddressAndAmount`]); unused otherwise.
    pub rewards_per_second: StorageU256,
    /// `globalIndex` (low 224 bits) and `globalIndexTimestamp` (high 32 bits).
    pub global_index: StorageU256,
    /// `userIndexes`.
    pub user_indexes: StorageMap<Address, StorageU256>,
    /// `userRewardsBalances`.
    pub user_rewards_balances: StorageMap<Address, StorageU256>,
    /// `epochIndexes`: the global index at the end of an epoch.
    pub epoch_indexes: StorageMap<U256, StorageU256>,
    /// `activeBalances` (packed StoredBalance).
    pub active_balances: StorageMap<Address, StorageU256>,
    /// `totalActiveBalance` (packed StoredBalance).
    pub total_active_balance: StorageU256,
    /// `inactiveBalances` (packed StoredBalance).
    pub inactive_balances: StorageMap<Address, StorageU256>,
    /// `totalInactiveBalance` (packed StoredBalance).
    pub total_inactive_balance: StorageU256,
    /// `shortfalls`: each packed as the original packs it, epoch in the low 16 bits, index above.
    pub shortfalls: StorageVec<StorageU256>,
    /// `borrowerAllocations` (packed StoredAllocation).
    pub borrower_allocations: StorageMap<Address, StorageU256>,
    /// `borrowedBalances`.
    pub borrowed_balances: StorageMap<Address, StorageU256>,
    /// `totalBorrowedBalance`.
    pub total_borrowed_balance: StorageU256,
    /// `borrowerRestrictions`.
    pub borrower_restrictions: StorageMap<Address, StorageBool>,
    /// `stakerDebtBalances`.
    pub staker_debt_balances: StorageMap<Address, StorageU256>,
    /// `borrowerDebtBalances`.
    pub borrower_debt_balances: StorageMap<Address, StorageU256>,
    /// `totalBorrowerDebtBalance`.
    pub total_borrower_debt_balance: StorageU256,
    /// `totalDebtAvailableToWithdraw` when it does not fit the 96 bits next to the staked token (see
    /// [`AddressAndAmount`]); unused otherwise.
    pub total_debt_available_to_withdraw: StorageU256,
    /// The stkUSDC contract (the ERC-20 face of the balances, D1, D9, set once) and the rewards rate,
    /// packed in one slot (see [`AddressAndAmount`]).
    pub stk_usdc_and_rate: StorageU256,
    /// `STAKED_TOKEN` (write-once, D4) and `totalDebtAvailableToWithdraw`, packed in one slot (see
    /// [`AddressAndAmount`]).
    pub staked_token_and_debt: StorageU256,
}

/// A slot holding an address (bits 0–159, where a lone address field keeps it) and an amount (bits
/// 160–255) when it is below 2^96 − 1; [`IN_OWN_SLOT`] there means the amount is in a slot of its own.
/// Used for two pairs that operations read together, so that they cost one cold read instead of two:
/// stkUSDC with `rewardsPerSecond` (stakes and transfers settle the rewards index and call or check
/// stkUSDC) and `STAKED_TOKEN` with `totalDebtAvailableToWithdraw` (withdrawals, borrows and debt
/// repayments and withdrawals move the token and read the repaid debt). Any real amount fits: 2^96
/// units of a token with 18 decimals are 79 billion tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressAndAmount {
    /// The address.
    pub address: Address,
    /// The amount's 96 bits, or [`IN_OWN_SLOT`].
    pub amount: u128,
}

/// The marker for an amount stored in its own slot.
pub const IN_OWN_SLOT: u128 = (1 << 96) - 1;

impl AddressAndAmount {
    /// Reads the slot (on 64-bit limbs: 256-bit shifts are loops in WASM).
    pub fn unpack(word: U256) -> Self {
        let [l0, l1, l2, l3] = *word.as_limbs();
        let mut address = [0u8; 20];
        address[..4].copy_from_slice(&(l2 as u32).to_be_bytes());
        address[4..12].copy_from_slice(&l1.to_be_bytes());
        address[12..].copy_from_slice(&l0.to_be_bytes());
        Self { address: Address::from(address), amount: u128::from(l2 >> 32) | (u128::from(l3) << 32) }
    }

    /// The slot (`amount` at most 96 bits).
    pub fn pack(&self) -> U256 {
        let a = self.address.as_slice();
        let word = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let l2 = word(&a[..4]) | (((self.amount as u64) & 0xffff_ffff) << 32);
        U256::from_limbs([word(&a[12..]), word(&a[4..12]), l2, (self.amount >> 32) as u64])
    }

    /// The amount, reading `own` when it is stored there.
    fn amount(&self, own: &StorageU256) -> U256 {
        match self.amount {
            IN_OWN_SLOT => own.get(),
            amount => U256::from(amount),
        }
    }

    /// Sets the amount, in `own` when it does not fit.
    fn set_amount(&mut self, amount: U256, own: &mut StorageU256) {
        self.amount = if amount < U256::from(IN_OWN_SLOT) {
            amount.to::<u128>()
        } else {
            own.set(amount);
            IN_OWN_SLOT
        };
    }
}

impl Pool {
    /// The stkUSDC address and rate slot.
    fn stk_usdc_and_rate(&self) -> AddressAndAmount {
        AddressAndAmount::unpack(self.stk_usdc_and_rate.get())
    }

    /// The linked stkUSDC contract (zero before it is linked).
    pub fn stk_usdc(&self) -> Address {
        self.stk_usdc_and_rate().address
    }

    /// Stores the stkUSDC address, keeping the rate.
    pub fn store_stk_usdc(&mut self, stk_usdc: Address) {
        let mut slot = self.stk_usdc_and_rate();
        slot.address = stk_usdc;
        self.stk_usdc_and_rate.set(slot.pack());
    }

    /// `rewardsPerSecond`.
    pub fn rewards_per_second(&self) -> U256 {
        self.stk_usdc_and_rate().amount(&self.rewards_per_second)
    }

    /// Stores `rewardsPerSecond`, next to the stkUSDC address when it fits.
    pub fn store_rewards_per_second(&mut self, rate: U256) {
        let mut slot = self.stk_usdc_and_rate();
        slot.set_amount(rate, &mut self.rewards_per_second);
        self.stk_usdc_and_rate.set(slot.pack());
    }

    /// The staked token and repaid-debt slot.
    fn staked_token_and_debt(&self) -> AddressAndAmount {
        AddressAndAmount::unpack(self.staked_token_and_debt.get())
    }

    /// `STAKED_TOKEN`.
    pub fn staked_token(&self) -> Address {
        self.staked_token_and_debt().address
    }

    /// Stores `STAKED_TOKEN` (the constructor), keeping the amount.
    pub fn store_staked_token(&mut self, token: Address) {
        let mut slot = self.staked_token_and_debt();
        slot.address = token;
        self.staked_token_and_debt.set(slot.pack());
    }

    /// `totalDebtAvailableToWithdraw`.
    pub fn total_debt_available_to_withdraw(&self) -> U256 {
        self.staked_token_and_debt().amount(&self.total_debt_available_to_withdraw)
    }

    /// Stores `totalDebtAvailableToWithdraw`, next to the staked token when it fits.
    pub fn store_total_debt_available_to_withdraw(&mut self, amount: U256) {
        let mut slot = self.staked_token_and_debt();
        slot.set_amount(amount, &mut self.total_debt_available_to_withdraw);
        self.staked_token_and_debt.set(slot.pack());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_and_amount_slot_is_the_address_then_the_amount() {
        let address = Address::from([
            0x9a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9, 0x0a, 0x1b, 0x2c, 0x3d,
        ]);
        for amount in [0u128, 1, 158_548_961_900_000_000, 0xdead_beef_0123_4567_89ab_cdef, IN_OWN_SLOT] {
            let slot = AddressAndAmount { address, amount };
            let word = slot.pack();
            assert_eq!(word, U256::from_be_slice(address.as_slice()) | (U256::from(amount) << 160));
            assert_eq!(AddressAndAmount::unpack(word), slot);
        }
        assert_eq!(AddressAndAmount::unpack(U256::ZERO), AddressAndAmount { address: Address::ZERO, amount: 0 });
    }
}

pub use ls1_common::host::{now, sender, this};
