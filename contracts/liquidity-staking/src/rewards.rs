//! Spec §3.8: the cumulative rewards index. Emissions of `rate` per second between the distribution
//! start and end are shared by the total current-epoch active balance; nothing accrues while it is 0.

use alloy_primitives::{Address, U256};
use ls1_common::{
    revert::{add, div, mul, quotient, sub, Revertible},
    safe_cast::to_uint,
    safe_erc20::safe_transfer_from,
};

use crate::{
    emit,
    events::{ClaimedRewards, GlobalIndexUpdated, RewardsPerSecondUpdated, UserIndexUpdated},
    pool::{now, Pool},
};

/// `INDEX_BASE`: 10^18 (a literal: `pow` costs a loop of 256-bit multiplications in WASM).
pub fn index_base() -> U256 {
    U256::from(1_000_000_000_000_000_000u64)
}

/// The global index (u224) and the time it is settled to (u32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GlobalIndex {
    /// `globalIndex`.
    pub index: U256,
    /// `globalIndexTimestamp`.
    pub timestamp: U256,
}

impl GlobalIndex {
    /// Reads the slot: index (low 224 bits), timestamp (high 32 bits).
    pub fn unpack(word: U256) -> Self {
        let [l0, l1, l2, l3] = *word.as_limbs();
        Self { index: U256::from_limbs([l0, l1, l2, l3 & 0xffff_ffff]), timestamp: U256::from(l3 >> 32) }
    }

    /// The slot (both fields were range-checked when settled).
    pub fn pack(&self) -> U256 {
        let [l0, l1, l2, l3] = *self.index.as_limbs();
        U256::from_limbs([l0, l1, l2, l3 | (self.timestamp.as_limbs()[0] << 32)])
    }

    /// `settleGlobal(S, upTo)`: the index settled to `min(up_to, distribution_end)` with `total` staked
    /// and `rate` per second, or `None` when there is nothing to settle (no write, no event).
    pub fn settle(self, rate: U256, total: U256, up_to: U256, distribution_end: U256) -> Revertible<Option<Self>> {
        let end = up_to.min(distribution_end);
        if end <= self.timestamp {
            return Ok(None);
        }
        let index = if rate.is_zero() || total.is_zero() {
            self.index
        } else {
            let accrued = quotient(mul(mul(sub(end, self.timestamp)?, rate)?, index_base())?, total);
            to_uint(add(self.index, accrued)?, 224)?
        };
        Ok(Some(Self { index, timestamp: to_uint(end, 32)? }))
    }
}

/// `settleUser`: the rewards of a staker holding `balance` since its index snapshot `user_index`,
/// added to `accrued`, at `new_index`.
pub fn settle_user(accrued: U256, balance: U256, user_index: U256, new_index: U256) -> Revertible<U256> {
    if balance.is_zero() {
        return Ok(accrued);
    }
    add(accrued, div(mul(balance, sub(new_index, user_index)?)?, index_base())?)
}

impl Pool {
    /// `settleGlobal(total, upTo)`: settles, stores and announces the global index; returns it.
    pub fn settle_global(&mut self, total: U256, up_to: U256) -> Revertible<U256> {
        let global = GlobalIndex::unpack(self.global_index.get());
        match global.settle(self.rewards_per_second(), total, up_to, self.load_schedule().distribution_end)? {
            None => Ok(global.index),
            Some(settled) => {
                self.global_index.set(settled.pack());
                emit(GlobalIndexUpdated { index: settled.index });
                Ok(settled.index)
            }
        }
    }

    /// `settleUser`: accrues `user`'s rewards on `balance` up to `new_index`; returns the unclaimed total.
    pub fn settle_user(&mut self, user: Address, balance: U256, new_index: U256) -> Revertible<U256> {
        let mut rewards = self.user_rewards(user);
        if rewards.index == new_index {
            return Ok(rewards.unclaimed);
        }
        rewards.unclaimed = settle_user(rewards.unclaimed, balance, rewards.index, new_index)?;
        rewards.index = new_index;
        self.store_user_rewards(user, &rewards);
        emit(UserIndexUpdated { user, index: new_index, unclaimedRewards: rewards.unclaimed });
        Ok(rewards.unclaimed)
    }

    /// Settles the global index to now with `total_old` staked, then `user`'s rewards on `user_old`.
    pub fn settle_user_rewards_to_now(&mut self, user: Address, user_old: U256, total_old: U256) -> Revertible<U256> {
        let index = self.settle_global(total_old, now())?;
        self.settle_user(user, user_old, index)
    }

    /// §3.8.5 claim: pays `user`'s unclaimed rewards from the treasury to `recipient`.
    pub fn claim(&mut self, user: Address, recipient: Address) -> Revertible<U256> {
        let mut rewards = self.user_rewards(user);
        let amount = rewards.unclaimed;
        rewards.unclaimed = U256::ZERO;
        self.store_user_rewards(user, &rewards);
        safe_transfer_from(self.rewards_token.get(), self.rewards_treasury.get(), recipient, amount)?;
        emit(ClaimedRewards { user, recipient, claimedRewards: amount });
        Ok(amount)
    }

    /// §3.8.6 set-rate: settles at the old rate with `total` staked, then sets the new one.
    pub fn set_rewards_per_second(&mut self, rate: U256, total: U256) -> Revertible<()> {
        self.settle_global(total, now())?;
        self.store_rewards_per_second(rate);
        emit(RewardsPerSecondUpdated { emissionPerSecond: rate });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: u64 = 1_628_002_800;
    /// Mainnet's rate: 0.1585489619 DYDX per second.
    const RATE: u64 = 158_548_961_900_000_000;

    fn at(seconds: u64) -> U256 {
        U256::from(seconds)
    }

    /// Spec §3.20 example H: one staker of 1e6 earns exactly Δt × rate.
    #[test]
    fn example_h_one_staker_earns_elapsed_times_rate() {
        let global = GlobalIndex { index: U256::ZERO, timestamp: at(START) };
        let stake = U256::from(1_000_000u64);
        let settled = global.settle(U256::from(RATE), stake, at(START + 1_000), at(START + 10_000)).unwrap().unwrap();
        assert_eq!(settled.timestamp, at(START + 1_000));
        let earned = settle_user(U256::ZERO, stake, U256::ZERO, settled.index).unwrap();
        assert_eq!(earned, U256::from(1_000u64) * U256::from(RATE));
    }

    /// The limb packing is the original's shifts and masks.
    #[test]
    fn limb_packing_equals_the_shifts() {
        let mut x = U256::from(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..200 {
            x = x.wrapping_mul(U256::from(0x2545_f491_4f6c_dd1du64)).wrapping_add(U256::from(0x1234_5678u64)) ^ (x >> 97);
            let g = GlobalIndex::unpack(x);
            assert_eq!((g.index, g.timestamp), (x & (U256::MAX >> 32), x >> 224));
            assert_eq!(g.pack(), g.index | (g.timestamp << 224));
            assert_eq!(g.pack(), x);
        }
    }

    #[test]
    fn the_index_base_is_ten_to_the_18() {
        assert_eq!(index_base(), U256::from(10u64).pow(U256::from(18)));
    }

    #[test]
    fn nothing_accrues_past_the_end_or_with_no_stake_or_rate() {
        let global = GlobalIndex { index: U256::from(5), timestamp: at(START) };
        assert_eq!(global.settle(U256::from(RATE), U256::from(1), at(START), at(START + 10)), Ok(None));
        let capped = global.settle(U256::from(1), U256::from(1), at(START + 100), at(START + 10)).unwrap().unwrap();
        assert_eq!(capped, GlobalIndex { index: U256::from(5) + U256::from(10) * index_base(), timestamp: at(START + 10) });
        let idle = global.settle(U256::from(RATE), U256::ZERO, at(START + 100), at(START + 1_000)).unwrap().unwrap();
        assert_eq!(idle, GlobalIndex { index: U256::from(5), timestamp: at(START + 100) }, "time moves, the index does not");
        let unpaid = global.settle(U256::ZERO, U256::from(7), at(START + 100), at(START + 1_000)).unwrap().unwrap();
        assert_eq!(unpaid.index, U256::from(5));
    }

    #[test]
    fn two_stakers_share_pro_rata() {
        // 1e6 and 4e6 staked for 100 s at 1 per second: 20 and 80.
        let global = GlobalIndex { index: U256::ZERO, timestamp: at(START) };
        let settled = global.settle(U256::from(1), U256::from(5_000_000u64), at(START + 100), at(START + 1_000)).unwrap().unwrap();
        assert_eq!(settle_user(U256::ZERO, U256::from(1_000_000u64), U256::ZERO, settled.index), Ok(U256::from(20)));
        assert_eq!(settle_user(U256::ZERO, U256::from(4_000_000u64), U256::ZERO, settled.index), Ok(U256::from(80)));
        assert_eq!(settle_user(U256::from(3), U256::ZERO, U256::ZERO, settled.index), Ok(U256::from(3)), "no stake, no change");
    }
}
