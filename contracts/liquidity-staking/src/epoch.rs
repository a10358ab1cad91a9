//! Spec §3.6 epoch schedule: epoch numbers, time left, the blackout window, and parameter validation
//! with the D8 messages.

use core::cell::OnceCell;

use alloy_primitives::U256;
use ls1_common::{
    require, revert,
    revert::{add, div, mul, rem, sub, Revertible},
    safe_cast::to_u128,
    word::small,
};

use crate::{
    emit,
    events::{BlackoutWindowChanged, EpochParametersChanged},
    hot::ILiquidityStakingV1,
    pool::{now, Pool},
};

/// `MIN_BLACKOUT_WINDOW`: 3 days.
pub const MIN_BLACKOUT_WINDOW: u64 = 3 * 86_400;
/// `MAX_EPOCH_LENGTH`: 92 days.
pub const MAX_EPOCH_LENGTH: u64 = 92 * 86_400;

/// The epoch formula: epoch `n` starts at `n × interval + offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpochParameters {
    /// Epoch length in seconds.
    pub interval: U256,
    /// Start of epoch zero.
    pub offset: U256,
}

/// §3.6.2: checks `interval` against `blackout_window` (messages corrected per D8).
pub fn validate(interval: U256, blackout_window: U256) -> Revertible<()> {
    require!(mul(U256::from(2), blackout_window)? <= interval, "LS1EpochSchedule: Blackout window can be at most half the epoch length")?;
    require!(blackout_window >= U256::from(MIN_BLACKOUT_WINDOW), "LS1EpochSchedule: Blackout window too small")?;
    require!(interval <= U256::from(MAX_EPOCH_LENGTH), "LS1EpochSchedule: Epoch length too large")
}

impl EpochParameters {
    /// `hasEpochZeroStarted`.
    pub fn has_epoch_zero_started(&self, now: U256) -> bool {
        self.elapsed(now).is_some()
    }

    /// `getCurrentEpoch`: `(now − offset) / interval`.
    pub fn current_epoch(&self, now: U256) -> Revertible<U256> {
        div(self.since_epoch_zero(now)?, self.interval)
    }

    /// `getTimeRemainingInCurrentEpoch`: in `(0, interval]`.
    pub fn time_remaining(&self, now: U256) -> Revertible<U256> {
        let into_epoch = rem(self.since_epoch_zero(now)?, self.interval)?;
        sub(self.interval, into_epoch)
    }

    /// `getStartOfEpoch(n)`: `n × interval + offset`, checked.
    pub fn start_of_epoch(&self, epoch: U256) -> Revertible<U256> {
        add(mul(epoch, self.interval)?, self.offset)
    }

    /// `inBlackoutWindow`: the last `blackout_window` seconds of an epoch; never before epoch zero.
    pub fn in_blackout_window(&self, blackout_window: U256, now: U256) -> bool {
        // Natively when all four fit in 64 bits, as they do for any schedule `initialize` accepts.
        if let (Some(now), Some(offset), Some(interval), Some(window)) =
            (small(&now), small(&self.offset), small(&self.interval), small(&blackout_window))
        {
            return now >= offset && interval != 0 && interval - (now - offset) % interval <= window;
        }
        self.time_remaining(now).is_ok_and(|left| left <= blackout_window)
    }

    fn since_epoch_zero(&self, now: U256) -> Revertible<U256> {
        self.elapsed(now).ok_or_else(|| revert!("LS1EpochSchedule: Epoch zero has not started"))
    }

    /// `now − offset`, or `None` before epoch zero; natively when both fit in 64 bits (block
    /// timestamps, and offsets until the year 2554).
    fn elapsed(&self, now: U256) -> Option<U256> {
        match (small(&now), small(&self.offset)) {
            (Some(now), Some(offset)) => now.checked_sub(offset).map(U256::from),
            _ => now.checked_sub(self.offset),
        }
    }
}

/// The pool's schedule slot: the epoch parameters, the blackout window and the distribution end,
/// which nearly every operation reads, packed in one slot so that they cost one cold read, with the
/// flags that route a hot operation to a facet (see [`crate::hot`]), which the pool's program checks
/// on every hot call. The interval fits 32 bits (at most `MAX_EPOCH_LENGTH` when stored) and so does
/// the blackout window (at most half the interval when stored); the offset keeps the original's 128 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// `epochParameters`.
    pub parameters: EpochParameters,
    /// `blackoutWindow`.
    pub blackout_window: U256,
    /// `DISTRIBUTION_END` capped at 2^40 − 1 (see [`cap_distribution_end`]).
    pub distribution_end: U256,
    /// Bit `i` set: hot operation `i` is served by the facet the table names (an upgrade, D5).
    pub hot_overrides: u32,
}

/// The distribution end as the rewards index uses it: `min(end, 2^40 − 1)`. The index is only ever
/// settled to `min(upTo, end)`, and stored with a 32-bit timestamp that reverts with
/// `'SafeCast: toUint32 overflow'` above 2^32 − 1: any cap at or above 2^32 reverts exactly where the
/// exact value does and settles to the same time everywhere else. The `DISTRIBUTION_END` getter keeps
/// the exact value in its own slot.
pub fn cap_distribution_end(end: U256) -> U256 {
    end.min(U256::from(DISTRIBUTION_END_CAP))
}

/// The largest distribution end the schedule slot holds: 2^40 − 1.
const DISTRIBUTION_END_CAP: u64 = (1 << 40) - 1;

impl Schedule {
    /// Reads the slot: interval (bits 0–31), blackout window (32–63), distribution end (64–103), hot
    /// overrides (104–127), offset (128–255). Works on 64-bit limbs: 256-bit shifts are loops in WASM.
    pub fn unpack(word: U256) -> Self {
        let [l0, l1, l2, l3] = *word.as_limbs();
        Self {
            parameters: EpochParameters { interval: U256::from(l0 & 0xffff_ffff), offset: U256::from_limbs([l2, l3, 0, 0]) },
            blackout_window: U256::from(l0 >> 32),
            distribution_end: U256::from(l1 & DISTRIBUTION_END_CAP),
            hot_overrides: (l1 >> 40) as u32,
        }
    }

    /// The slot (the setters store only validated values, which fit their fields).
    pub fn pack(&self) -> U256 {
        let low = |value: U256| value.as_limbs()[0];
        let l0 = (low(self.parameters.interval) & 0xffff_ffff) | (low(self.blackout_window) << 32);
        let l1 = (low(self.distribution_end) & DISTRIBUTION_END_CAP) | (u64::from(self.hot_overrides & 0xff_ffff) << 40);
        let [o0, o1, _, _] = *self.parameters.offset.as_limbs();
        U256::from_limbs([l0, l1, o0, o1])
    }
}

/// The schedule and the current epoch of this call, worked out once: nearly every step of an
/// operation asks for them, and each working out read the slot and divided again.
#[derive(Debug, Default)]
pub struct ScheduleMemo {
    schedule: OnceCell<Schedule>,
    epoch: OnceCell<Revertible<U256>>,
}

impl ScheduleMemo {
    /// Nothing worked out yet.
    pub const fn new() -> Self {
        Self { schedule: OnceCell::new(), epoch: OnceCell::new() }
    }
}

impl Pool {
    /// The schedule slot.
    pub fn load_schedule(&self) -> Schedule {
        *self.schedule_memo.schedule.get_or_init(|| Schedule::unpack(self.schedule.get()))
    }

    /// Writes the schedule slot (and forgets what was worked out from the old one).
    pub fn store_schedule(&mut self, schedule: Schedule) {
        self.schedule.set(schedule.pack());
        self.schedule_memo = ScheduleMemo::new();
    }

    /// `getEpochParameters`.
    pub fn epoch_parameters(&self) -> EpochParameters {
        self.load_schedule().parameters
    }

    /// `getBlackoutWindow`.
    pub fn blackout_window(&self) -> U256 {
        self.load_schedule().blackout_window
    }

    /// §3.6.3 set-epoch-parameters: validated against the current blackout window, stored as u128s.
    pub fn set_epoch_parameters(&mut self, interval: U256, offset: U256) -> Revertible<()> {
        let blackout_window = self.blackout_window();
        self.schedule_epochs(interval, offset, blackout_window)
    }

    /// Set-epoch-parameters with `blackout_window` as the window (`initialize` sets both at once).
    pub fn schedule_epochs(&mut self, interval: U256, offset: U256, blackout_window: U256) -> Revertible<()> {
        validate(interval, blackout_window)?;
        let (interval, offset) = (to_u128(interval)?, to_u128(offset)?);
        let mut schedule = self.load_schedule();
        schedule.parameters = EpochParameters { interval: U256::from(interval), offset: U256::from(offset) };
        schedule.blackout_window = blackout_window;
        self.store_schedule(schedule);
        emit(EpochParametersChanged { epochParameters: ILiquidityStakingV1::EpochParameters { interval, offset } });
        Ok(())
    }

    /// §3.6.3 set-blackout-window: validated against the current interval.
    pub fn set_blackout_window(&mut self, blackout_window: U256) -> Revertible<()> {
        let mut schedule = self.load_schedule();
        validate(schedule.parameters.interval, blackout_window)?;
        schedule.blackout_window = blackout_window;
        self.store_schedule(schedule);
        emit(BlackoutWindowChanged { blackoutWindow: blackout_window });
        Ok(())
    }

    /// `getCurrentEpoch`; reverts before epoch zero.
    pub fn current_epoch(&self) -> Revertible<U256> {
        self.schedule_memo.epoch.get_or_init(|| self.epoch_parameters().current_epoch(now())).clone()
    }

    /// The current epoch, or `None` before epoch zero.
    pub fn started_epoch(&self) -> Option<U256> {
        self.current_epoch().ok()
    }

    /// `hasEpochZeroStarted`.
    pub fn has_epoch_zero_started(&self) -> bool {
        self.epoch_parameters().has_epoch_zero_started(now())
    }

    /// `inBlackoutWindow`.
    pub fn in_blackout_window(&self) -> bool {
        let schedule = self.load_schedule();
        schedule.parameters.in_blackout_window(schedule.blackout_window, now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400;
    /// Mainnet: epoch zero at 2021-08-03T15:00:00Z, 28-day epochs.
    const OFFSET: u64 = 1_628_002_800;

    fn mainnet() -> EpochParameters {
        EpochParameters { interval: U256::from(28 * DAY), offset: U256::from(OFFSET) }
    }

    fn at(seconds: u64) -> U256 {
        U256::from(seconds)
    }

    #[test]
    fn epochs_count_from_the_offset() {
        let p = mainnet();
        assert_eq!(p.current_epoch(at(OFFSET)), Ok(U256::ZERO));
        assert_eq!(p.current_epoch(at(OFFSET + 28 * DAY - 1)), Ok(U256::ZERO));
        assert_eq!(p.current_epoch(at(OFFSET + 28 * DAY)), Ok(U256::from(1)));
        assert_eq!(p.current_epoch(at(OFFSET + 10 * 28 * DAY + 5)), Ok(U256::from(10)));
        assert_eq!(p.start_of_epoch(U256::from(3)), Ok(at(OFFSET + 3 * 28 * DAY)));
        assert_eq!(p.start_of_epoch(U256::MAX), Err(revert!("SafeMath: multiplication overflow")));
    }

    #[test]
    fn time_remaining_is_in_zero_to_interval() {
        let p = mainnet();
        assert_eq!(p.time_remaining(at(OFFSET)), Ok(U256::from(28 * DAY)));
        assert_eq!(p.time_remaining(at(OFFSET + 1)), Ok(U256::from(28 * DAY - 1)));
        assert_eq!(p.time_remaining(at(OFFSET + 28 * DAY - 1)), Ok(U256::from(1)));
        assert_eq!(p.time_remaining(at(OFFSET + 28 * DAY)), Ok(U256::from(28 * DAY)));
    }

    #[test]
    fn before_epoch_zero_getters_revert_and_blackout_is_false() {
        let p = mainnet();
        let early = at(OFFSET - 1);
        assert!(!p.has_epoch_zero_started(early));
        let zero = Err(revert!("LS1EpochSchedule: Epoch zero has not started"));
        assert_eq!(p.current_epoch(early), zero);
        assert_eq!(p.time_remaining(early), zero);
        assert!(!p.in_blackout_window(U256::from(14 * DAY), early));
        assert_eq!(p.start_of_epoch(U256::ZERO), Ok(at(OFFSET)), "works before epoch zero");
    }

    #[test]
    fn the_blackout_window_is_the_end_of_each_epoch() {
        let p = mainnet();
        let blackout = U256::from(14 * DAY);
        assert!(!p.in_blackout_window(blackout, at(OFFSET + 14 * DAY - 1)));
        assert!(p.in_blackout_window(blackout, at(OFFSET + 14 * DAY)));
        assert!(p.in_blackout_window(blackout, at(OFFSET + 28 * DAY - 1)));
        assert!(!p.in_blackout_window(blackout, at(OFFSET + 28 * DAY)));
    }

    #[test]
    fn an_unset_schedule_reverts_instead_of_dividing_by_zero() {
        let unset = EpochParameters { interval: U256::ZERO, offset: U256::ZERO };
        assert_eq!(unset.current_epoch(at(OFFSET)), Err(revert!("SafeMath: division by zero")));
        assert_eq!(unset.time_remaining(at(OFFSET)), Err(revert!("SafeMath: modulo by zero")));
        assert!(!unset.in_blackout_window(U256::ZERO, at(OFFSET)));
    }

    #[test]
    fn the_native_blackout_check_agrees_with_the_256_bit_one() {
        let big = U256::from(1) << 70;
        for offset in [U256::ZERO, U256::from(OFFSET), big] {
            for interval in [U256::ZERO, U256::from(1), U256::from(28 * DAY), big] {
                let p = EpochParameters { interval, offset };
                for window in [U256::ZERO, U256::from(14 * DAY), big] {
                    for now in [U256::ZERO, offset, offset + U256::from(14 * DAY), offset + U256::from(27 * DAY), big + U256::from(DAY)] {
                        let expected = p.time_remaining(now).is_ok_and(|left| left <= window);
                        assert_eq!(p.in_blackout_window(window, now), expected, "{interval} {offset} {window} {now}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_schedule_slot_round_trips() {
        let schedule = Schedule {
            parameters: EpochParameters { interval: U256::from(92 * DAY), offset: U256::from(u128::MAX) },
            blackout_window: U256::from(46 * DAY),
            distribution_end: cap_distribution_end(U256::MAX),
            hot_overrides: 0xa5_5a5a,
        };
        assert_eq!(schedule.distribution_end, U256::from((1u64 << 40) - 1));
        assert_eq!(Schedule::unpack(schedule.pack()), schedule);
        let word = schedule.pack();
        assert_eq!(word >> 128, U256::from(u128::MAX));
        assert_eq!((word >> 104) & U256::from(0xff_ffffu32), U256::from(0xa5_5a5au32));
        assert_eq!((word >> 32) & U256::from(u32::MAX), U256::from(46 * DAY));
        assert_eq!(cap_distribution_end(U256::from(OFFSET)), U256::from(OFFSET));
    }

    #[test]
    fn validation_order_and_d8_messages() {
        let days = |d: u64| U256::from(d * DAY);
        assert_eq!(validate(days(28), days(14)), Ok(()));
        assert_eq!(validate(days(6), days(3)), Ok(()), "the smallest schedule");
        assert_eq!(validate(days(92), days(3)), Ok(()));
        assert_eq!(validate(days(27), days(14)), Err(revert!("LS1EpochSchedule: Blackout window can be at most half the epoch length")));
        assert_eq!(validate(days(28), days(3) - U256::from(1)), Err(revert!("LS1EpochSchedule: Blackout window too small")));
        assert_eq!(validate(days(92) + U256::from(1), days(3)), Err(revert!("LS1EpochSchedule: Epoch length too large")));
        // Checked in order: a too-small window inside a too-long interval reports the window.
        assert_eq!(validate(days(100), days(1)), Err(revert!("LS1EpochSchedule: Blackout window too small")));
        assert_eq!(validate(U256::MAX, U256::MAX), Err(revert!("SafeMath: multiplication overflow")));
    }
}
