//! Spec §3.3 and §3.7: a stored balance packed into one slot, and its lazy roll-forward to the current
//! epoch, including the shortfalls that haircut a staker's inactive balance.

use alloy_primitives::U256;
use ls1_common::{
    revert::{mul, sub, Revertible},
    safe_cast::{to_u16, to_uint},
};

/// `SHORTFALL_INDEX_BASE`: 10^36.
pub fn shortfall_index_base() -> U256 {
    U256::from(10u64).pow(U256::from(36))
}

/// A balance as stored: the epoch it was last written in, its value in that epoch and the next, and
/// (for a staker's inactive balance) how many shortfalls it has absorbed.
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

const fn mask(bits: usize) -> U256 {
    U256::MAX.wrapping_shr(256 - bits)
}

impl StoredBalance {
    /// Reads a slot laid out as the original packs it: epoch (bits 0–15), current (16–127), next
    /// (128–239), shortfall counter (240–255).
    pub fn unpack(word: U256) -> Self {
        Self {
            current_epoch: word & mask(16),
            current: (word >> 16) & mask(112),
            next: (word >> 128) & mask(112),
            shortfall_counter: word >> 240,
        }
    }

    /// The slot, with the SafeCast checks of a store.
    pub fn pack(&self) -> Revertible<U256> {
        let epoch = U256::from(to_u16(self.current_epoch)?);
        let current = to_uint(self.current, 112)?;
        let next = to_uint(self.next, 112)?;
        let counter = U256::from(to_u16(self.shortfall_counter)?);
        Ok(epoch | (current << 16) | (next << 128) | (counter << 240))
    }

    /// Rolls an active balance (or the total inactive one) forward to `epoch`.
    pub fn roll(self, epoch: U256) -> Rolled {
        let mut balance = self;
        let rolled = epoch > self.current_epoch && self.current != self.next;
        if epoch > self.current_epoch {
            balance.current_epoch = epoch;
            balance.current = self.next;
        }
        Rolled { balance, rolled, before_epoch: self.current_epoch, before_balance: self.current }
    }

    /// Rolls a staker's inactive balance forward to `epoch`, applying every shortfall recorded since
    /// it was written; returns the balance and the new debt owed to the staker.
    pub fn roll_user_inactive(self, epoch: U256, shortfalls: &[Shortfall]) -> Revertible<(Self, U256)> {
        let mut balance = self;
        if balance.next.is_zero() {
            balance.current_epoch = epoch;
            balance.shortfall_counter = U256::from(shortfalls.len());
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

    /// Scales `current` by each shortfall up to `current_epoch` not yet applied, removes the same loss
    /// from `next`, and returns the loss.
    fn apply_shortfalls(&mut self, shortfalls: &[Shortfall]) -> Revertible<U256> {
        let old = self.current;
        let mut value = old;
        let mut k = self.shortfall_counter.saturating_to::<usize>();
        while let Some(shortfall) = shortfalls.get(k).filter(|s| s.epoch <= self.current_epoch) {
            value = mul(value, shortfall.index)? / shortfall_index_base();
            k += 1;
        }
        let loss = old - value;
        self.current = value;
        self.next = sub(self.next, loss)?;
        self.shortfall_counter = U256::from(k);
        Ok(loss)
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
    fn packing_follows_the_original_slot_layout() {
        let b = balance(7, 300, 200, 2);
        let word = b.pack().unwrap();
        assert_eq!(word, U256::from(7) | U256::from(300) << 16 | U256::from(200) << 128 | U256::from(2) << 240);
        assert_eq!(StoredBalance::unpack(word), b);
        let max = StoredBalance { current_epoch: U256::from(u16::MAX), current: mask(112), next: mask(112), shortfall_counter: U256::from(u16::MAX) };
        assert_eq!(max.pack(), Ok(U256::MAX));
        assert_eq!(StoredBalance::unpack(U256::MAX), max);
    }

    #[test]
    fn storing_out_of_range_values_reverts_with_safecast() {
        assert_eq!(balance(65_536, 0, 0, 0).pack(), Err(revert("SafeCast: toUint16 overflow")));
        let mut b = balance(1, 0, 0, 0);
        b.next = U256::from(1) << 112;
        assert_eq!(b.pack(), Err(revert("SafeCast: toUint112 overflow")));
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
        let (s1, debt) = balance(0, 0, 500, 0).roll_user_inactive(U256::from(2), &shortfalls).unwrap();
        assert_eq!((s1, debt), (balance(2, 150, 150, 2), U256::from(350)));
        // s0 requested 100 in E0, then 200 more in E1 after the first shortfall.
        let (s0, debt) = balance(0, 0, 100, 0).roll_user_inactive(U256::from(1), &shortfalls[..1]).unwrap();
        assert_eq!((s0, debt), (balance(1, 50, 50, 1), U256::from(50)));
        let s0 = StoredBalance { next: s0.next + U256::from(200), ..s0 };
        let (s0, debt) = s0.roll_user_inactive(U256::from(2), &shortfalls).unwrap();
        assert_eq!((s0, debt), (balance(2, 150, 150, 2), U256::from(100)));
    }

    /// Spec §3.20 example B: the 0.75 shortfall in E3 rounds each staker's cut down.
    #[test]
    fn example_b_rounds_each_stakers_balance_down() {
        let shortfalls = [shortfall(2, 50), shortfall(3, 75)];
        // s0 holds 150 current and requested 100 more this epoch (next 250), which is not exposed.
        let (s0, debt) = balance(3, 150, 250, 1).roll_user_inactive(U256::from(3), &shortfalls).unwrap();
        assert_eq!((s0, debt), (balance(3, 112, 212, 2), U256::from(38)));
        let (s1, debt) = balance(3, 250, 250, 1).roll_user_inactive(U256::from(3), &shortfalls).unwrap();
        assert_eq!((s1, debt), (balance(3, 187, 187, 2), U256::from(63)));
        // Next epoch: no further loss.
        let (s0, debt) = s0.roll_user_inactive(U256::from(4), &shortfalls).unwrap();
        assert_eq!((s0, debt), (balance(4, 212, 212, 2), U256::ZERO));
    }

    #[test]
    fn an_empty_inactive_balance_skips_past_shortfalls() {
        let shortfalls = [shortfall(1, 50), shortfall(2, 60)];
        let (b, debt) = balance(0, 0, 0, 0).roll_user_inactive(U256::from(3), &shortfalls).unwrap();
        assert_eq!((b, debt), (balance(3, 0, 0, 2), U256::ZERO));
    }

    /// Spec §3.20 example C: a full shortfall (index 0) turns the whole current inactive balance into debt.
    #[test]
    fn example_c_full_shortfall() {
        let shortfalls = [Shortfall { epoch: U256::from(1), index: U256::ZERO }];
        let (b, debt) = balance(0, 0, 200, 0).roll_user_inactive(U256::from(1), &shortfalls).unwrap();
        assert_eq!((b, debt), (balance(1, 0, 0, 1), U256::from(200)));
    }
}
