//! Spec §3.3: the pool's storage, one layout shared by the router and every facet (D16), and the
//! host values the pool reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, U256};
use ls1_common::{
    storage::{Array, Cell, Map, Slot},
    word::low_u128,
    AccessControl, Initializer,
};

use crate::{
    balance::{from_halves, halves},
    epoch::ScheduleMemo,
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
    /// Each staker's `userIndexes` and `userRewardsBalances`, in one slot (see [`UserRewards`]).
    pub user_rewards: Map<Address, U256>,
    /// A user index that does not fit its slot's field (see [`UserRewards`]); unused otherwise.
    pub user_indexes: Map<Address, U256>,
    /// Unclaimed rewards that do not fit their slot's field (see [`UserRewards`]); unused otherwise.
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
    /// Each borrower's `borrowedBalances`, `borrowerDebtBalances` and `borrowerRestrictions`, in one
    /// slot (see [`Borrower`]).
    pub borrowers: Map<Address, U256>,
    /// A borrowed balance that does not fit its slot's field (see [`Borrower`]); unused otherwise.
    pub borrowed_balances: Map<Address, U256>,
    /// A borrower's debt that does not fit its slot's field (see [`Borrower`]); unused otherwise.
    pub borrower_debt_balances: Map<Address, U256>,
    /// `totalBorrowedBalance` and `totalBorrowerDebtBalance`, in one slot (see [`BorrowTotals`]).
    pub borrow_totals: Cell<U256>,
    /// `totalBorrowedBalance` when it does not fit its field (see [`BorrowTotals`]); unused otherwise.
    pub total_borrowed_balance: Cell<U256>,
    /// `totalBorrowerDebtBalance` when it does not fit its field (see [`BorrowTotals`]); unused otherwise.
    pub total_borrower_debt_balance: Cell<U256>,
    /// `stakerDebtBalances`.
    pub staker_debt_balances: Map<Address, U256>,
    /// `totalDebtAvailableToWithdraw` when it does not fit the 96 bits next to the staked token (see
    /// [`AddressAndAmount`]); unused otherwise.
    pub total_debt_available_to_withdraw: Cell<U256>,
    /// The stkUSDC contract (the ERC-20 face of the balances, D1, D9, set once) and the rewards rate,
    /// packed in one slot (see [`AddressAndAmount`]).
    pub stk_usdc_and_rate: Cell<U256>,
    /// `STAKED_TOKEN` (write-once, D4) and `totalDebtAvailableToWithdraw`, packed in one slot (see
    /// [`AddressAndAmount`]).
    pub staked_token_and_debt: Cell<U256>,
    /// Not storage: the schedule and the current epoch of this call, once worked out.
    pub schedule_memo: ScheduleMemo,
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
            user_rewards: Map::at(slot(11)),
            user_indexes: Map::at(slot(12)),
            user_rewards_balances: Map::at(slot(13)),
            epoch_indexes: Map::at(slot(14)),
            active_balances: Map::at(slot(15)),
            total_active_balance: Cell::at(slot(16)),
            inactive_balances: Map::at(slot(17)),
            total_inactive_balance: Cell::at(slot(18)),
            shortfalls: Array::at(slot(19)),
            borrower_allocations: Map::at(slot(20)),
            borrowers: Map::at(slot(21)),
            borrowed_balances: Map::at(slot(22)),
            borrower_debt_balances: Map::at(slot(23)),
            borrow_totals: Cell::at(slot(24)),
            total_borrowed_balance: Cell::at(slot(25)),
            total_borrower_debt_balance: Cell::at(slot(26)),
            staker_debt_balances: Map::at(slot(27)),
            total_debt_available_to_withdraw: Cell::at(slot(28)),
            stk_usdc_and_rate: Cell::at(slot(29)),
            staked_token_and_debt: Cell::at(slot(30)),
            schedule_memo: ScheduleMemo::new(),
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

/// A slot holding an address (bits 0–159, where a lone address field keeps it), an amount (bits
/// 160–247) when it is below 2^88 − 1 ([`IN_OWN_SLOT`] there means the amount is in a slot of its own)
/// and eight flags (bits 248–255: the staked token's slot keeps the override flags of the hot
/// operations that read no other pool-wide slot, see [`crate::hot`]).
/// Used for two pairs that operations read together, so that they cost one cold read instead of two:
/// stkUSDC with `rewardsPerSecond` (stakes and transfers settle the rewards index and call or check
/// stkUSDC) and `STAKED_TOKEN` with `totalDebtAvailableToWithdraw` (withdrawals, borrows and debt
/// repayments and withdrawals move the token and read the repaid debt). Any real amount fits: 2^88
/// units of a token with 6 decimals are 3 × 10^20 tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressAndAmount {
    /// The address.
    pub address: Address,
    /// The amount's 88 bits, or [`IN_OWN_SLOT`].
    pub amount: u128,
    /// The flags.
    pub flags: u8,
}

/// The marker for an amount stored in its own slot.
pub const IN_OWN_SLOT: u128 = (1 << 88) - 1;

impl AddressAndAmount {
    /// Reads the slot (on 64-bit limbs: 256-bit shifts are loops in WASM).
    #[allow(clippy::cast_possible_truncation)] // the address's top 4 bytes are the limb's low 32 bits
    pub fn unpack(word: U256) -> Self {
        let [l0, l1, l2, l3] = *word.as_limbs();
        let address = *ls1_common::word::tail(&ls1_common::word::to_word(U256::from_limbs([l0, l1, l2 & 0xffff_ffff, 0])));
        let amount = u128::from(l2 >> 32) | (u128::from(l3 & 0x00ff_ffff_ffff_ffff) << 32);
        Self { address: Address::from(address), amount, flags: (l3 >> 56) as u8 }
    }

    /// The slot (`amount` at most 88 bits).
    #[allow(clippy::cast_possible_truncation)] // the amount is cut into 32 and 56 bits, each masked
    pub fn pack(&self) -> U256 {
        let a = self.address.as_slice();
        let word = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let l2 = word(&a[..4]) | (((self.amount as u64) & 0xffff_ffff) << 32);
        let l3 = ((self.amount >> 32) as u64 & 0x00ff_ffff_ffff_ffff) | (u64::from(self.flags) << 56);
        U256::from_limbs([word(&a[12..]), word(&a[4..12]), l2, l3])
    }

    /// The amount, reading `own` when it is stored there.
    fn amount(&self, own: &Cell<U256>) -> U256 {
        widen(self.amount, IN_OWN_SLOT, || own.get())
    }

    /// Sets the amount, in `own` when it does not fit.
    fn set_amount(&mut self, amount: U256, own: &mut Cell<U256>) {
        self.amount = narrow(amount, IN_OWN_SLOT, |value| own.set(value));
    }
}

/// A narrowed field's value: `field` itself, or, when it holds `marker` (all ones of its width), the
/// value stored in `own` (D18: every value the original's type holds still fits).
fn widen(field: u128, marker: u128, own: impl FnOnce() -> U256) -> U256 {
    if field == marker {
        own()
    } else {
        U256::from(field)
    }
}

/// The field to store for `value`: the value when it is below `marker`, else `marker`, with the
/// value written to `own`.
fn narrow(value: U256, marker: u128, own: impl FnOnce(U256)) -> u128 {
    let [_, _, high, top] = *value.as_limbs();
    if high | top == 0 && low_u128(&value) < marker {
        low_u128(&value)
    } else {
        own(value);
        marker
    }
}

/// The marker of a borrower slot's 120-bit amounts.
const IN_OWN_SLOT_120: u128 = (1 << 120) - 1;

/// A borrower's slot: `borrowedBalances` (bits 0–119), `borrowerRestrictions` (bit 120) and
/// `borrowerDebtBalances` (bits 128–247); an amount of 2^120 − 1 or more is kept in its own map
/// (`borrowed_balances`, `borrower_debt_balances`) with the field set to all ones. Borrowing,
/// repaying, `markDebt` and `getBorrowerState` read and write one slot per borrower where the
/// original touched three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Borrower {
    /// `borrowedBalances[borrower]`.
    pub borrowed: U256,
    /// `borrowerDebtBalances[borrower]`.
    pub debt: U256,
    /// `borrowerRestrictions[borrower]`.
    pub restricted: bool,
}

/// The marker of a 128-bit field (the totals slot's, a staker's rewards slot's).
const IN_OWN_SLOT_128: u128 = u128::MAX;

/// A staker's rewards slot: `userIndexes` (bits 0–127) and `userRewardsBalances` (bits 128–255); a
/// value of 2^128 − 1 or more is kept in its own map (`user_indexes`, `user_rewards_balances`) with
/// the field set to all ones. Settling and claiming read and write one slot where the original
/// touched two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UserRewards {
    /// `userIndexes[user]`.
    pub index: U256,
    /// `userRewardsBalances[user]`.
    pub unclaimed: U256,
}

/// `totalBorrowedBalance` (bits 0–127) and `totalBorrowerDebtBalance` (bits 128–255), one slot; an
/// amount of 2^128 − 1 or more is kept in its own slot with the field set to all ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BorrowTotals {
    /// `totalBorrowedBalance`.
    pub borrowed: U256,
    /// `totalBorrowerDebtBalance`.
    pub debt: U256,
}

impl Pool {
    /// `borrower`'s slot.
    pub fn borrower(&self, borrower: Address) -> Borrower {
        let (low, high) = halves(self.borrowers.get(borrower));
        Borrower {
            borrowed: widen(low & IN_OWN_SLOT_120, IN_OWN_SLOT_120, || self.borrowed_balances.get(borrower)),
            debt: widen(high & IN_OWN_SLOT_120, IN_OWN_SLOT_120, || self.borrower_debt_balances.get(borrower)),
            restricted: (low >> 120) & 1 == 1,
        }
    }

    /// Stores `borrower`'s slot.
    pub fn store_borrower(&mut self, borrower: Address, value: &Borrower) {
        let borrowed = narrow(value.borrowed, IN_OWN_SLOT_120, |v| self.borrowed_balances.insert(borrower, v));
        let debt = narrow(value.debt, IN_OWN_SLOT_120, |v| self.borrower_debt_balances.insert(borrower, v));
        self.borrowers.insert(borrower, from_halves(borrowed | (u128::from(value.restricted) << 120), debt));
    }

    /// `user`'s rewards slot.
    pub fn user_rewards(&self, user: Address) -> UserRewards {
        let (low, high) = halves(self.user_rewards.get(user));
        UserRewards {
            index: widen(low, IN_OWN_SLOT_128, || self.user_indexes.get(user)),
            unclaimed: widen(high, IN_OWN_SLOT_128, || self.user_rewards_balances.get(user)),
        }
    }

    /// Stores `user`'s rewards slot.
    pub fn store_user_rewards(&mut self, user: Address, value: &UserRewards) {
        let index = narrow(value.index, IN_OWN_SLOT_128, |v| self.user_indexes.insert(user, v));
        let unclaimed = narrow(value.unclaimed, IN_OWN_SLOT_128, |v| self.user_rewards_balances.insert(user, v));
        self.user_rewards.insert(user, from_halves(index, unclaimed));
    }

    /// The borrow totals.
    pub fn borrow_totals(&self) -> BorrowTotals {
        let (low, high) = halves(self.borrow_totals.get());
        BorrowTotals {
            borrowed: widen(low, IN_OWN_SLOT_128, || self.total_borrowed_balance.get()),
            debt: widen(high, IN_OWN_SLOT_128, || self.total_borrower_debt_balance.get()),
        }
    }

    /// Stores the borrow totals.
    pub fn store_borrow_totals(&mut self, totals: &BorrowTotals) {
        let borrowed = narrow(totals.borrowed, IN_OWN_SLOT_128, |v| self.total_borrowed_balance.set(v));
        let debt = narrow(totals.debt, IN_OWN_SLOT_128, |v| self.total_borrower_debt_balance.set(v));
        self.borrow_totals.set(from_halves(borrowed, debt));
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
    pub fn staked_token_and_debt(&self) -> AddressAndAmount {
        AddressAndAmount::unpack(self.staked_token_and_debt.get())
    }

    /// `STAKED_TOKEN`.
    pub fn staked_token(&self) -> Address {
        self.staked_token_and_debt().address
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

pub use ls1_common::host::{now, sender, this};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_and_amount_slot_is_the_address_then_the_amount() {
        let address = Address::from([
            0x9a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9, 0x0a, 0x1b, 0x2c, 0x3d,
        ]);
        for (amount, flags) in [(0u128, 0u8), (1, 0x80), (158_548_961_900_000_000, 3), (0xbeef_0123_4567_89ab_cdef, 0xff), (IN_OWN_SLOT, 1)]
        {
            let slot = AddressAndAmount { address, amount, flags };
            let word = slot.pack();
            let expected = U256::from_be_slice(address.as_slice()) | (U256::from(amount) << 160) | (U256::from(flags) << 248);
            assert_eq!(word, expected);
            assert_eq!(AddressAndAmount::unpack(word), slot);
        }
        let empty = AddressAndAmount { address: Address::ZERO, amount: 0, flags: 0 };
        assert_eq!(AddressAndAmount::unpack(U256::ZERO), empty);
    }
}
