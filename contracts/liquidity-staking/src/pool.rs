//! Spec §3.3: the pool's storage, one layout shared by the router and every facet (D16), and the
//! host values the pool reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, U256};
use ls1_common::{
    storage::{Array, Cell, Map, Slot},
    AccessControl, Initializer,
};

/// Where the router finds each function: selector → facet program. Slot 0, so that the router can
/// compute an entry's slot as `keccak256(selector ‖ 28 zero bytes ‖ 32 zero bytes)`.
pub const FACETS_SLOT: u64 = 0;

/// The pool's storage, one field per slot in the numbered order below. Append new fields at the end
/// only: upgrades keep this layout (D5).
#[derive(Debug)]
pub struct Pool {
    /// Router table: selector → facet.
    pub facets: Map<FixedBytes<4>, Address>,
    /// Roles (§3.4).
    pub access: AccessControl,
    /// `lastInitializedRevision` (§2.3).
    pub initializer: Initializer,
    /// The account allowed to call `initialize`, set by the constructor.
    pub deployer: Cell<Address>,
    /// `REWARDS_TOKEN` (write-once, D4).
    pub rewards_token: Cell<Address>,
    /// `REWARDS_TREASURY` (write-once, D4).
    pub rewards_treasury: Cell<Address>,
    /// `DISTRIBUTION_START` (write-once, D4).
    pub distribution_start: Cell<U256>,
    /// `DISTRIBUTION_END` (write-once, D4).
    pub distribution_end: Cell<U256>,
    /// The schedule, one slot read by nearly every operation (see [`crate::epoch::Schedule`]):
    /// `epochParameters` (interval in bits 0–31, offset in 128–255), `blackoutWindow` (bits 32–63) and
    /// a copy of `DISTRIBUTION_END` capped at 2^64 − 1 (bits 64–127).
    pub schedule: Cell<U256>,
    /// `rewardsPerSecond` when it does not fit the 96 bits next to the stkUSDC address (see
    /// [`AddressAndAmount`]); unused otherwise.
    pub rewards_per_second: Cell<U256>,
    /// `globalIndex` (low 224 bits) and `globalIndexTimestamp` (high 32 bits).
    pub global_index: Cell<U256>,
    /// `userIndexes`.
    pub user_indexes: Map<Address, U256>,
    /// `userRewardsBalances`.
    pub user_rewards_balances: Map<Address, U256>,
    /// `epochIndexes`: the global index at the end of an epoch.
    pub epoch_indexes: Map<U256, U256>,
    /// `activeBalances` (packed StoredBalance).
    pub active_balances: Map<Address, U256>,
    /// `totalActiveBalance` (packed StoredBalance).
    pub total_active_balance: Cell<U256>,
    /// `inactiveBalances` (packed StoredBalance).
    pub inactive_balances: Map<Address, U256>,
    /// `totalInactiveBalance` (packed StoredBalance).
    pub total_inactive_balance: Cell<U256>,
    /// `shortfalls`: each packed as the original packs it, epoch in the low 16 bits, index above.
    pub shortfalls: Array,
    /// `borrowerAllocations` (packed StoredAllocation).
    pub borrower_allocations: Map<Address, U256>,
    /// `borrowedBalances`.
    pub borrowed_balances: Map<Address, U256>,
    /// `totalBorrowedBalance`.
    pub total_borrowed_balance: Cell<U256>,
    /// `borrowerRestrictions`.
    pub borrower_restrictions: Map<Address, bool>,
    /// `stakerDebtBalances`.
    pub staker_debt_balances: Map<Address, U256>,
    /// `borrowerDebtBalances`.
    pub borrower_debt_balances: Map<Address, U256>,
    /// `totalBorrowerDebtBalance`.
    pub total_borrower_debt_balance: Cell<U256>,
    /// `totalDebtAvailableToWithdraw` when it does not fit the 96 bits next to the staked token (see
    /// [`AddressAndAmount`]); unused otherwise.
    pub total_debt_available_to_withdraw: Cell<U256>,
    /// The stkUSDC contract (the ERC-20 face of the balances, D1, D9, set once) and the rewards rate,
    /// packed in one slot (see [`AddressAndAmount`]).
    pub stk_usdc_and_rate: Cell<U256>,
    /// `STAKED_TOKEN` (write-once, D4) and `totalDebtAvailableToWithdraw`, packed in one slot (see
    /// [`AddressAndAmount`]).
    pub staked_token_and_debt: Cell<U256>,
}

impl Pool {
    /// The pool's storage: slot 0 upwards, in the order of the fields.
    pub const fn new() -> Self {
        const fn slot(n: u64) -> Slot {
            Slot::at(n)
        }
        Self {
            facets: Map::at(slot(FACETS_SLOT)),
            access: AccessControl::at(slot(1)),
            initializer: Initializer::at(slot(2)),
            deployer: Cell::at(slot(3)),
            rewards_token: Cell::at(slot(4)),
            rewards_treasury: Cell::at(slot(5)),
            distribution_start: Cell::at(slot(6)),
            distribution_end: Cell::at(slot(7)),
            schedule: Cell::at(slot(8)),
            rewards_per_second: Cell::at(slot(9)),
            global_index: Cell::at(slot(10)),
            user_indexes: Map::at(slot(11)),
            user_rewards_balances: Map::at(slot(12)),
            epoch_indexes: Map::at(slot(13)),
            active_balances: Map::at(slot(14)),
            total_active_balance: Cell::at(slot(15)),
            inactive_balances: Map::at(slot(16)),
            total_inactive_balance: Cell::at(slot(17)),
            shortfalls: Array::at(slot(18)),
            borrower_allocations: Map::at(slot(19)),
            borrowed_balances: Map::at(slot(20)),
            total_borrowed_balance: Cell::at(slot(21)),
            borrower_restrictions: Map::at(slot(22)),
            staker_debt_balances: Map::at(slot(23)),
            borrower_debt_balances: Map::at(slot(24)),
            total_borrower_debt_balance: Cell::at(slot(25)),
            total_debt_available_to_withdraw: Cell::at(slot(26)),
            stk_usdc_and_rate: Cell::at(slot(27)),
            staked_token_and_debt: Cell::at(slot(28)),
        }
    }
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

// A facet program holds the pool as its `#[storage]` field; the layout ignores the slot the SDK assigns.
ls1_common::storage_type!(Pool, |_| Pool::new());

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
    fn amount(&self, own: &Cell<U256>) -> U256 {
        match self.amount {
            IN_OWN_SLOT => own.get(),
            amount => U256::from(amount),
        }
    }

    /// Sets the amount, in `own` when it does not fit.
    fn set_amount(&mut self, amount: U256, own: &mut Cell<U256>) {
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
