//! Spec §3.3 and §3.7: a stored balance packed into one slot, and its lazy roll-forward to the current
//! epoch, including the shortfalls that haircut a staker's inactive balance.

use alloy_primitives::{Address, U256};
use ls1_common::storage::{Array, Cell};
use ls1_common::{
    revert::{add, mul, quotient, sub, Revertible},
    safe_cast::{to_u128_within, to_u16, to_uint},
    word::{less, saturating_usize},
};

use crate::{emit, events::ReceivedDebt, pool::Pool};

/// `SHORTFALL_INDEX_BASE`: 10^36 (a literal: `pow` costs a loop of 256-bit multiplications in WASM).
pub fn shortfall_index_base() -> U256 {
    U256::from(1_000_000_000_000_000_000_000_000_000_000_000_000u128)
}

/// A balance as stored: the epoch it was last written in, its value in that epoch and the next, and
/// a counter: for a staker's inactive balance, how many shortfalls it has absorbed; for the total
/// inactive balance (where the original leaves it unused), how many shortfalls were recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoredBalance {
    /// `currentEpoch` (u16 when stored).
    pub current_epoch: U256,
    /// `currentEpochBalance` (u112 when stored).
    pub current: U256,
    /// `nextEpochBalance` (u112 when stored).
    pub next: U256,
    /// `shortfallCounter` (u16 when stored).
    pub shortfall_counter: U256,
}

/// One shortfall: the epoch it was recorded in and the fraction of inactive balances that survived it,
/// scaled by 10^36.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The epoch of `markDebt`.
    pub epoch: U256,
    /// `index`: surviving fraction × 10^36.
    pub index: U256,
}

impl Shortfall {
    /// Reads a slot: epoch (bits 0–15), index (16–239).
    pub fn unpack(word: U256) -> Self {
        Self { epoch: word & U256::from(u16::MAX), index: word >> 16 }
    }

    /// The slot, with the SafeCast checks of a store.
    pub fn pack(&self) -> Revertible<U256> {
        Ok(U256::from(to_u16(self.epoch)?) | (to_uint(self.index, 224)? << 16))
    }
}

/// The shortfall history, in memory or in storage.
pub trait ShortfallHistory {
    /// How many shortfalls were recorded.
    fn count(&self) -> usize;
    /// Shortfall `i` (`i < count()`).
    fn get(&self, i: usize) -> Shortfall;
}

impl ShortfallHistory for [Shortfall] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, i: usize) -> Shortfall {
        self[i]
    }
}

/// The stored shortfall history as the balances read it: the array's elements, and its length from the
/// copy kept in the total inactive balance's counter field (unused by the original for the total), a
/// slot every operation on inactive balances reads anyway, instead of the array's own length slot.
#[derive(Debug)]
pub struct Shortfalls<'a> {
    array: &'a Array,
    count: usize,
}

impl ShortfallHistory for Shortfalls<'_> {
    fn count(&self) -> usize {
        self.count
    }

    fn get(&self, i: usize) -> Shortfall {
        Shortfall::unpack(self.array.element(i))
    }
}

/// The total inactive balance's counter when the shortfall count no longer fits it: read the array.
const COUNT_SATURATED: u16 = u16::MAX;

/// What rolling an active balance forward changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rolled {
    /// The balance in the current epoch.
    pub balance: StoredBalance,
    /// Whether `current` changed at an epoch boundary (`current != next` before the roll).
    pub rolled: bool,
    /// The epoch the balance was stored in.
    pub before_epoch: U256,
    /// `current` in that epoch.
    pub before_balance: U256,
}

#[cfg(test)]
const fn mask(bits: usize) -> U256 {
    U256::MAX.wrapping_shr(256 - bits)
}

/// The low and high 128 bits of `word`.
pub fn halves(word: U256) -> (u128, u128) {
    let [l0, l1, l2, l3] = *word.as_limbs();
    (u128::from(l0) | (u128::from(l1) << 64), u128::from(l2) | (u128::from(l3) << 64))
}

/// The word made of `low` and `high` 128 bits.
#[allow(clippy::cast_possible_truncation)] // each cast keeps one 64-bit limb, as meant
pub fn from_halves(low: u128, high: u128) -> U256 {
    U256::from_limbs([low as u64, (low >> 64) as u64, high as u64, (high >> 64) as u64])
}

impl StoredBalance {
    /// Reads a slot laid out as the original packs it: epoch (bits 0–15), current (16–127), next
    /// (128–239), shortfall counter (240–255).
    /// Works on the slot's two 128-bit halves: 256-bit shifts and masks are loops over limbs in WASM.
    pub fn unpack(word: U256) -> Self {
        let (low, high) = halves(word);
        Self {
            current_epoch: U256::from(low & 0xffff),
            current: U256::from(low >> 16),
            next: U256::from(high & ((1u128 << 112) - 1)),
            shortfall_counter: U256::from(high >> 112),
        }
    }

    /// The slot, with the SafeCast checks of a store.
    pub fn pack(&self) -> Revertible<U256> {
        let epoch = u128::from(to_u16(self.current_epoch)?);
        let current = to_u128_within(self.current, 112)?;
        let next = to_u128_within(self.next, 112)?;
        let counter = u128::from(to_u16(self.shortfall_counter)?);
        Ok(from_halves(epoch | (current << 16), next | (counter << 112)))
    }

    /// Rolls an active balance (or the total inactive one) forward to `epoch`.
    pub fn roll(self, epoch: U256) -> Rolled {
        let mut balance = self;
        let later = less(&self.current_epoch, &epoch);
        let rolled = later && self.current != self.next;
        if later {
            balance.current_epoch = epoch;
            balance.current = self.next;
        }
        Rolled { balance, rolled, before_epoch: self.current_epoch, before_balance: self.current }
    }

    /// Rolls a staker's inactive balance forward to `epoch`, applying every shortfall recorded since
    /// it was written; returns the balance and the new debt owed to the staker.
    pub fn roll_user_inactive(self, epoch: U256, shortfalls: &(impl ShortfallHistory + ?Sized)) -> Revertible<(Self, U256)> {
        let mut balance = self;
        if balance.next.is_zero() {
            balance.current_epoch = epoch;
            balance.shortfall_counter = U256::from(shortfalls.count());
            return Ok((balance, U256::ZERO));
        }
        let mut debt = balance.apply_shortfalls(shortfalls)?;
        if epoch > balance.current_epoch {
            balance.current_epoch = epoch;
            balance.current = balance.next;
            debt += balance.apply_shortfalls(shortfalls)?;
        }
        Ok((balance, debt))
    }

    /// Scales `current` by each shortfall up to `current_epoch` not yet applied, removes the same
    /// amount from `next`, and returns the debt owed to the staker for it. D11: each shortfall's debt
    /// is `floor(v × (1e36 − index) / 1e36)`, not the original's `v − floor(v × index / 1e36)`, so the
    /// stakers' debts of one shortfall never sum to more than it converted (at most one unit per
    /// staker stays in the pool as dust instead of becoming a claim nobody can pay).
    pub fn apply_shortfalls(&mut self, shortfalls: &(impl ShortfallHistory + ?Sized)) -> Revertible<U256> {
        let old = self.current;
        let mut value = old;
        let mut debt = U256::ZERO;
        let mut k = saturating_usize(&self.shortfall_counter);
        while k < shortfalls.count() {
            let shortfall = shortfalls.get(k);
            if shortfall.epoch > self.current_epoch {
                break;
            }
            let base = shortfall_index_base();
            debt = add(debt, quotient(mul(value, sub(base, shortfall.index)?)?, base))?;
            value = quotient(mul(value, shortfall.index)?, base);
            k += 1;
        }
        self.current = value;
        self.next = sub(self.next, old - value)?;
        self.shortfall_counter = U256::from(k);
        Ok(debt)
    }
}

/// A change to a stored balance (§3.7.3 primitives).
#[derive(Debug, Clone, Copy)]
pub enum Change {
    /// `increaseCurrentAndNext`.
    IncreaseBoth(U256),
    /// `decreaseCurrentAndNext`.
    DecreaseBoth(U256),
    /// `increaseNext`.
    IncreaseNext(U256),
    /// `decreaseNext`.
    DecreaseNext(U256),
    /// `settle`: roll forward only.
    Settle,
}

impl StoredBalance {
    /// Applies `change` with checked arithmetic.
    fn apply(&mut self, change: Change) -> Revertible<()> {
        match change {
            Change::IncreaseBoth(amount) => {
                self.current = add(self.current, amount)?;
                self.next = add(self.next, amount)?;
            }
            Change::DecreaseBoth(amount) => {
                self.current = sub(self.current, amount)?;
                self.next = sub(self.next, amount)?;
            }
            Change::IncreaseNext(amount) => self.next = add(self.next, amount)?,
            Change::DecreaseNext(amount) => self.next = sub(self.next, amount)?,
            Change::Settle => {}
        }
        Ok(())
    }
}

impl Pool {
    /// The total active balance rolled to the current epoch (view).
    pub fn view_total_active(&self) -> Revertible<Rolled> {
        Ok(StoredBalance::unpack(self.total_active_balance.get()).roll(self.current_epoch()?))
    }

    /// A staker's active balance rolled to the current epoch (view).
    pub fn view_user_active(&self, staker: Address) -> Revertible<Rolled> {
        Ok(StoredBalance::unpack(self.active_balances.get(staker)).roll(self.current_epoch()?))
    }

    /// The shortfall history, its length read from the total inactive balance's counter.
    pub fn shortfall_history(&self) -> Shortfalls<'_> {
        let copy = saturating_usize(&StoredBalance::unpack(self.total_inactive_balance.get()).shortfall_counter);
        let count = if copy == usize::from(COUNT_SATURATED) { self.shortfalls.len() } else { copy };
        Shortfalls { array: &self.shortfalls, count }
    }

    /// Records a new shortfall: appends it and updates the count kept in the total inactive balance.
    pub fn push_shortfall(&mut self, shortfall: Shortfall) -> Revertible<()> {
        self.shortfalls.push(shortfall.pack()?);
        let count = self.shortfalls.len().min(usize::from(COUNT_SATURATED));
        let mut total = StoredBalance::unpack(self.total_inactive_balance.get());
        total.shortfall_counter = U256::from(count);
        self.total_inactive_balance.set(total.pack()?);
        Ok(())
    }

    /// The total inactive balance rolled to the current epoch (view).
    pub fn view_total_inactive(&self) -> Revertible<StoredBalance> {
        Ok(StoredBalance::unpack(self.total_inactive_balance.get()).roll(self.current_epoch()?).balance)
    }

    /// A staker's inactive balance rolled to the current epoch with pending shortfalls applied, and
    /// the debt those shortfalls owe it (view).
    pub fn view_user_inactive(&self, staker: Address) -> Revertible<(StoredBalance, U256)> {
        StoredBalance::unpack(self.inactive_balances.get(staker)).roll_user_inactive(self.current_epoch()?, &self.shortfall_history())
    }

    /// Load-for-update, `change`, store of the total active balance; settles the global index at the
    /// end of the stored epoch when the balance rolls. Returns `current` before the change.
    pub fn update_total_active(&mut self, change: Change) -> Revertible<U256> {
        let rolled = self.view_total_active()?;
        if rolled.rolled {
            let boundary = self.epoch_parameters().start_of_epoch(add(rolled.before_epoch, U256::from(1))?)?;
            let index = self.settle_global(rolled.before_balance, boundary)?;
            self.epoch_indexes.setter(rolled.before_epoch).set(index);
        }
        self.store(rolled.balance, change, |pool, word| pool.total_active_balance.set(word))
    }

    /// Load-for-update, `change`, store of a staker's active balance; settles its rewards to the
    /// end of the stored epoch when the balance rolls. Returns `current` before the change.
    pub fn update_user_active(&mut self, staker: Address, change: Change) -> Revertible<U256> {
        let epoch = self.current_epoch()?;
        // One accessor (one key hash) for the read and the write when nothing settles in between.
        let mut entry = self.active_balances.setter(staker);
        let rolled = StoredBalance::unpack(entry.get()).roll(epoch);
        if !rolled.rolled {
            return store_at(&mut entry, rolled.balance, change);
        }
        let index = self.epoch_indexes.get(rolled.before_epoch);
        self.settle_user(staker, rolled.before_balance, index)?;
        self.store(rolled.balance, change, |pool, word| pool.active_balances.setter(staker).set(word))
    }

    /// Load-for-update, `change`, store of the total inactive balance. Returns `current` before the change.
    pub fn update_total_inactive(&mut self, change: Change) -> Revertible<U256> {
        let balance = self.view_total_inactive()?;
        self.store(balance, change, |pool, word| pool.total_inactive_balance.set(word))
    }

    /// Load-for-update, `change`, store of a staker's inactive balance; credits the debt of pending
    /// shortfalls (`ReceivedDebt`). Returns `current` before the change.
    pub fn update_user_inactive(&mut self, staker: Address, change: Change) -> Revertible<U256> {
        let epoch = self.current_epoch()?;
        // One accessor (one key hash) for the read and the write when no debt is credited in between.
        let mut entry = self.inactive_balances.setter(staker);
        let (balance, debt) = StoredBalance::unpack(entry.get()).roll_user_inactive(epoch, &self.shortfall_history())?;
        if debt.is_zero() {
            return store_at(&mut entry, balance, change);
        }
        self.credit_staker_debt(staker, debt)?;
        self.store(balance, change, |pool, word| pool.inactive_balances.setter(staker).set(word))
    }

    /// Adds `debt` to what the pool owes `staker`, emitting `ReceivedDebt` (nothing if zero).
    pub fn credit_staker_debt(&mut self, staker: Address, debt: U256) -> Revertible<()> {
        if !debt.is_zero() {
            let balance = add(self.staker_debt_balances.get(staker), debt)?;
            self.staker_debt_balances.setter(staker).set(balance);
            emit(ReceivedDebt { staker, amount: debt, newDebtBalance: balance });
        }
        Ok(())
    }

    fn store(&mut self, balance: StoredBalance, change: Change, write: impl FnOnce(&mut Self, U256)) -> Revertible<U256> {
        let (before, word) = changed(balance, change)?;
        write(self, word);
        Ok(before)
    }
}

/// `change` applied to `balance`: `current` before it and the slot to store.
fn changed(mut balance: StoredBalance, change: Change) -> Revertible<(U256, U256)> {
    let before = balance.current;
    balance.apply(change)?;
    Ok((before, balance.pack()?))
}

/// Applies `change` to `balance` and stores it through `entry`; returns `current` before the change.
fn store_at(entry: &mut Cell<U256>, balance: StoredBalance, change: Change) -> Revertible<U256> {
    let (before, word) = changed(balance, change)?;
    entry.set(word);
    Ok(before)
}

/// §3.7.4 public balance getters: 0 before epoch zero, otherwise the rolled values (views).
impl Pool {
    /// `getActiveBalanceCurrentEpoch`.
    pub fn active_balance_current_epoch(&self, staker: Address) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_user_active(staker)?.balance.current))
    }

    /// `getActiveBalanceNextEpoch` (= `getTransferableBalance`).
    pub fn active_balance_next_epoch(&self, staker: Address) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_user_active(staker)?.balance.next))
    }

    /// `getTotalActiveBalanceCurrentEpoch`.
    pub fn total_active_balance_current_epoch(&self) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_total_active()?.balance.current))
    }

    /// `getTotalActiveBalanceNextEpoch`.
    pub fn total_active_balance_next_epoch(&self) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_total_active()?.balance.next))
    }

    /// `getInactiveBalanceCurrentEpoch`, after pending shortfalls.
    pub fn inactive_balance_current_epoch(&self, staker: Address) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_user_inactive(staker)?.0.current))
    }

    /// `getInactiveBalanceNextEpoch`, after pending shortfalls.
    pub fn inactive_balance_next_epoch(&self, staker: Address) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_user_inactive(staker)?.0.next))
    }

    /// `getTotalInactiveBalanceCurrentEpoch`.
    pub fn total_inactive_balance_current_epoch(&self) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_total_inactive()?.current))
    }

    /// `getTotalInactiveBalanceNextEpoch`.
    pub fn total_inactive_balance_next_epoch(&self) -> Revertible<U256> {
        self.when_started(|pool| Ok(pool.view_total_inactive()?.next))
    }

    /// `getStakerDebtBalance`: settled debt plus the debt of pending shortfalls.
    pub fn staker_debt_balance(&self, staker: Address) -> Revertible<U256> {
        self.when_started(|pool| add(pool.staker_debt_balances.get(staker), pool.view_user_inactive(staker)?.1))
    }

    /// `totalSupply`: total active plus total inactive, current epoch.
    pub fn total_supply(&self) -> Revertible<U256> {
        add(self.total_active_balance_current_epoch()?, self.total_inactive_balance_current_epoch()?)
    }

    /// `balanceOf`: active plus inactive, current epoch (debt excluded).
    pub fn balance_of(&self, staker: Address) -> Revertible<U256> {
        add(self.active_balance_current_epoch(staker)?, self.inactive_balance_current_epoch(staker)?)
    }

    fn when_started(&self, read: impl FnOnce(&Self) -> Revertible<U256>) -> Revertible<U256> {
        if self.has_epoch_zero_started() {
            read(self)
        } else {
            Ok(U256::ZERO)
        }
    }
}

#[cfg(test)]
mod tests {
    use ls1_common::revert;

    use super::*;

    fn balance(epoch: u64, current: u64, next: u64, counter: u64) -> StoredBalance {
        StoredBalance {
            current_epoch: U256::from(epoch),
            current: U256::from(current),
            next: U256::from(next),
            shortfall_counter: U256::from(counter),
        }
    }

    /// A shortfall in `epoch` leaving `percent` % of inactive balances.
    fn shortfall(epoch: u64, percent: u64) -> Shortfall {
        Shortfall { epoch: U256::from(epoch), index: U256::from(percent) * U256::from(10u64).pow(U256::from(34)) }
    }

    #[test]
    fn the_shortfall_index_base_is_ten_to_the_36() {
        assert_eq!(shortfall_index_base(), U256::from(10u64).pow(U256::from(36)));
    }

    #[test]
    fn packing_follows_the_original_slot_layout() {
        let b = balance(7, 300, 200, 2);
        let word = b.pack().unwrap();
        assert_eq!(word, U256::from(7) | U256::from(300) << 16 | U256::from(200) << 128 | U256::from(2) << 240);
        assert_eq!(StoredBalance::unpack(word), b);
        let max = StoredBalance {
            current_epoch: U256::from(u16::MAX),
            current: mask(112),
            next: mask(112),
            shortfall_counter: U256::from(u16::MAX),
        };
        assert_eq!(max.pack(), Ok(U256::MAX));
        assert_eq!(StoredBalance::unpack(U256::MAX), max);
    }

    /// The half-word packing is the original's shifts and masks.
    #[test]
    fn half_word_packing_equals_the_shifts() {
        let mut x = U256::from(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..200 {
            x = x.wrapping_mul(U256::from(0x2545_f491_4f6c_dd1du64)).wrapping_add(U256::from(0x1234_5678u64)) ^ (x >> 97);
            let b = StoredBalance::unpack(x);
            assert_eq!(b.current_epoch, x & mask(16));
            assert_eq!(b.current, (x >> 16) & mask(112));
            assert_eq!(b.next, (x >> 128) & mask(112));
            assert_eq!(b.shortfall_counter, x >> 240);
            let shifted = b.current_epoch | (b.current << 16) | (b.next << 128) | (b.shortfall_counter << 240);
            assert_eq!(b.pack(), Ok(shifted));
            assert_eq!(shifted, x);
        }
    }

    #[test]
    fn storing_out_of_range_values_reverts_with_safecast() {
        assert_eq!(balance(65_536, 0, 0, 0).pack(), Err(revert!("SafeCast: toUint16 overflow")));
        let mut b = balance(1, 0, 0, 0);
        b.next = U256::from(1) << 112;
        assert_eq!(b.pack(), Err(revert!("SafeCast: toUint112 overflow")));
    }

    #[test]
    fn active_balances_roll_next_into_current() {
        let rolled = balance(2, 300, 200, 0).roll(U256::from(5));
        assert_eq!(rolled.balance, balance(5, 200, 200, 0));
        assert!(rolled.rolled);
        assert_eq!((rolled.before_epoch, rolled.before_balance), (U256::from(2), U256::from(300)));
        let same_epoch = balance(5, 300, 200, 0).roll(U256::from(5));
        assert_eq!(same_epoch.balance, balance(5, 300, 200, 0));
        assert!(!same_epoch.rolled);
        assert!(!balance(2, 200, 200, 0).roll(U256::from(3)).rolled, "nothing changed at the boundary");
    }

    /// Spec §3.20 example A: two shortfalls (0.5 in E1, 0.6 in E2) seen by two stakers.
    #[test]
    fn example_a_two_partial_shortfalls() {
        let shortfalls = [shortfall(1, 50), shortfall(2, 60)];
        // s1 requested 500 in E0 and never came back: both shortfalls hit it at once.
        let (s1, debt) = balance(0, 0, 500, 0).roll_user_inactive(U256::from(2), &shortfalls[..]).unwrap();
        assert_eq!((s1, debt), (balance(2, 150, 150, 2), U256::from(350)));
        // s0 requested 100 in E0, then 200 more in E1 after the first shortfall.
        let (s0, debt) = balance(0, 0, 100, 0).roll_user_inactive(U256::from(1), &shortfalls[..1]).unwrap();
        assert_eq!((s0, debt), (balance(1, 50, 50, 1), U256::from(50)));
        let s0 = StoredBalance { next: s0.next + U256::from(200), ..s0 };
        let (s0, debt) = s0.roll_user_inactive(U256::from(2), &shortfalls[..]).unwrap();
        assert_eq!((s0, debt), (balance(2, 150, 150, 2), U256::from(100)));
    }

    /// Spec §3.20 example B: the 0.75 shortfall in E3 rounds each staker's balance down and, under
    /// D11, its debt down too (the original credited 38 and 63, one unit more than the pool can pay).
    #[test]
    fn example_b_rounds_each_stakers_balance_and_debt_down() {
        let shortfalls = [shortfall(2, 50), shortfall(3, 75)];
        // s0 holds 150 current and requested 100 more this epoch (next 250), which is not exposed.
        let (s0, debt) = balance(3, 150, 250, 1).roll_user_inactive(U256::from(3), &shortfalls[..]).unwrap();
        assert_eq!((s0, debt), (balance(3, 112, 212, 2), U256::from(37)));
        let (s1, debt) = balance(3, 250, 250, 1).roll_user_inactive(U256::from(3), &shortfalls[..]).unwrap();
        assert_eq!((s1, debt), (balance(3, 187, 187, 2), U256::from(62)));
        // Next epoch: no further loss.
        let (s0, debt) = s0.roll_user_inactive(U256::from(4), &shortfalls[..]).unwrap();
        assert_eq!((s0, debt), (balance(4, 212, 212, 2), U256::ZERO));
    }

    #[test]
    fn an_empty_inactive_balance_skips_past_shortfalls() {
        let shortfalls = [shortfall(1, 50), shortfall(2, 60)];
        let (b, debt) = balance(0, 0, 0, 0).roll_user_inactive(U256::from(3), &shortfalls[..]).unwrap();
        assert_eq!((b, debt), (balance(3, 0, 0, 2), U256::ZERO));
    }

    /// Spec §3.20 example C: a full shortfall (index 0) turns the whole current inactive balance into debt.
    #[test]
    fn example_c_full_shortfall() {
        let shortfalls = [Shortfall { epoch: U256::from(1), index: U256::ZERO }];
        let (b, debt) = balance(0, 0, 200, 0).roll_user_inactive(U256::from(1), &shortfalls[..]).unwrap();
        assert_eq!((b, debt), (balance(1, 0, 0, 1), U256::from(200)));
    }
}
