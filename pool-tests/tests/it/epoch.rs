//! Spec §3.6 epoch schedule and §3.14 its admin setters (setEpochParameters, setBlackoutWindow) and
//! setRewardsPerSecond, before and after epoch zero (§3.19, §7 items 1-5), with the D8 messages.

use alloy_primitives::U256;
use pool_tests::{only_pool_events, user, ILiquidityStakingV1 as LS, Pool, DAY};

use LS::ILiquidityStakingV1Events as E;

const NOT_STARTED: &str = "LS1EpochSchedule: Epoch zero has not started";
const HALF: &str = "LS1EpochSchedule: Blackout window can be at most half the epoch length";
const TOO_SMALL: &str = "LS1EpochSchedule: Blackout window too small";
const TOO_LARGE: &str = "LS1EpochSchedule: Epoch length too large";

/// `setEpochParameters(interval, offset)`.
fn set_epoch(interval: u64, offset: u64) -> LS::setEpochParametersCall {
    LS::setEpochParametersCall { interval: U256::from(interval), offset: U256::from(offset) }
}

/// `setBlackoutWindow(seconds)`.
fn set_blackout(seconds: u64) -> LS::setBlackoutWindowCall {
    LS::setBlackoutWindowCall { blackoutWindow: U256::from(seconds) }
}

/// The `EpochParametersChanged` event of `(interval, offset)`.
fn changed(interval: u64, offset: u64) -> E {
    E::EpochParametersChanged(LS::EpochParametersChanged { epochParameters: parameters(interval, offset) })
}

/// `EpochParameters { interval, offset }`.
fn parameters(interval: u64, offset: u64) -> LS::EpochParameters {
    LS::EpochParameters { interval: u128::from(interval), offset: u128::from(offset) }
}

/// `GlobalIndexUpdated(index)`.
fn index_updated(index: u128) -> E {
    E::GlobalIndexUpdated(LS::GlobalIndexUpdated { index: U256::from(index) })
}

/// `(getCurrentEpoch, getTimeRemainingInCurrentEpoch)` now.
fn epoch_and_remaining(pool: &mut Pool) -> (U256, U256) {
    (pool.get(LS::getCurrentEpochCall {}), pool.get(LS::getTimeRemainingInCurrentEpochCall {}))
}

/// §3.6.1, §3.19: before the offset the epoch getters revert, hasEpochZeroStarted and inBlackoutWindow are false, getStartOfEpoch works.
#[test]
fn before_epoch_zero_the_epoch_getters_revert() {
    let mut pool = Pool::new();
    let offset = pool.offset;
    // From deployment to the last second before the offset, including where epoch -1's blackout would be.
    for t in [pool.node.timestamp(), offset - 14 * DAY, offset - 1] {
        pool.node.set_timestamp(t);
        assert_eq!(pool.get_reason(LS::getCurrentEpochCall {}), NOT_STARTED, "at {t}");
        assert_eq!(pool.get_reason(LS::getTimeRemainingInCurrentEpochCall {}), NOT_STARTED, "at {t}");
        assert!(!pool.get(LS::hasEpochZeroStartedCall {}));
        assert!(!pool.get(LS::inBlackoutWindowCall {}), "never in blackout before epoch zero");
        assert_eq!(pool.get(LS::getStartOfEpochCall { epochNumber: U256::ZERO }), U256::from(offset));
        assert_eq!(pool.get(LS::getStartOfEpochCall { epochNumber: U256::from(10) }), U256::from(offset + 280 * DAY));
    }
    pool.node.set_timestamp(offset);
    assert!(pool.get(LS::hasEpochZeroStartedCall {}));
}

/// §3.6.1, §7 item 1: exactly at start(n) the epoch is n with interval seconds remaining; one second before, epoch n-1 with 1 second.
#[test]
fn an_epoch_starts_exactly_at_its_start_time() {
    let mut pool = Pool::new();
    let interval = 28 * DAY;
    for n in [0u64, 1, 2, 7] {
        pool.at_epoch(n, 0);
        assert_eq!(epoch_and_remaining(&mut pool), (U256::from(n), U256::from(interval)), "start of epoch {n}");
        assert_eq!(pool.get(LS::getStartOfEpochCall { epochNumber: U256::from(n) }), U256::from(pool.start_of(n)));
        pool.at_epoch(n, 1);
        assert_eq!(epoch_and_remaining(&mut pool), (U256::from(n), U256::from(interval - 1)));
        pool.at_epoch(n, interval - 1);
        assert_eq!(epoch_and_remaining(&mut pool), (U256::from(n), U256::from(1)), "last second of epoch {n}");
    }
}

/// §0, §3.6.1: getStartOfEpoch is checked arithmetic (SafeMath multiplication, then addition).
#[test]
fn get_start_of_epoch_is_checked() {
    let mut pool = Pool::new();
    assert_eq!(pool.get_reason(LS::getStartOfEpochCall { epochNumber: U256::MAX }), "SafeMath: multiplication overflow");
    let largest_product = U256::MAX / U256::from(28 * DAY);
    assert_eq!(pool.get_reason(LS::getStartOfEpochCall { epochNumber: largest_product }), "SafeMath: addition overflow");
}

/// §3.6.1, §7 item 1: the blackout window is [start(n+1) - blackout, start(n+1)), edges included/excluded exactly.
#[test]
fn the_blackout_window_is_the_end_of_each_epoch() {
    let mut pool = Pool::new();
    let blackout = 14 * DAY;
    for n in [0u64, 1, 4] {
        let next = pool.start_of(n + 1);
        for (t, expected) in [(next - blackout - 1, false), (next - blackout, true), (next - 1, true), (next, false)] {
            pool.node.set_timestamp(t);
            assert_eq!(pool.get(LS::inBlackoutWindowCall {}), expected, "epoch {n}, {} s before its end", next - t);
        }
    }
}

/// §3.14, §3.19, §7 item 2: before epoch zero the offset moves anywhere in the future, never to <= now ('LS1Admin: Started epoch zero').
#[test]
fn before_epoch_zero_the_offset_moves_anywhere_in_the_future() {
    let mut pool = Pool::new();
    let (owner, offset, now) = (pool.owner, pool.offset, pool.node.timestamp());
    let receipt = pool.send(owner, set_epoch(30 * DAY, offset + 10 * DAY)).expect("a later offset");
    assert_eq!(only_pool_events(&pool, &receipt), vec![changed(30 * DAY, offset + 10 * DAY)]);
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters(30 * DAY, offset + 10 * DAY));
    pool.node.set_timestamp(offset);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}), "the old offset no longer starts epoch zero");

    pool.node.set_timestamp(now);
    let receipt = pool.send(owner, set_epoch(28 * DAY, now + 1)).expect("one second ahead");
    assert_eq!(only_pool_events(&pool, &receipt), vec![changed(28 * DAY, now + 1)]);
    for past in [now, now - 1, 0] {
        assert_eq!(pool.reason(owner, set_epoch(28 * DAY, past)), "LS1Admin: Started epoch zero", "offset {past}");
    }
    pool.node.set_timestamp(now + 1);
    assert_eq!(epoch_and_remaining(&mut pool), (U256::ZERO, U256::from(28 * DAY)));
}

/// §3.6.2, §3.6.3, §3.14, D8: before epoch zero the checks run in order: started, half, too large, then the offset's SafeCast.
#[test]
fn before_epoch_zero_set_epoch_parameters_validates_in_order() {
    let mut pool = Pool::new();
    let (owner, offset, now) = (pool.owner, pool.offset, pool.node.timestamp());
    assert_eq!(pool.reason(owner, set_epoch(DAY, now)), "LS1Admin: Started epoch zero", "before validation");
    assert_eq!(pool.reason(owner, set_epoch(28 * DAY - 1, offset)), HALF);
    assert_eq!(pool.reason(owner, set_epoch(92 * DAY + 1, offset)), TOO_LARGE);
    // With the 14-day window validated at initialize, 'Blackout window too small' cannot come from here.
    let huge = U256::from(u128::MAX) + U256::from(1);
    let call = LS::setEpochParametersCall { interval: huge, offset: U256::from(offset) };
    assert_eq!(pool.reason(owner, call), TOO_LARGE, "validation before the u128 cast");
    let call = LS::setEpochParametersCall { interval: U256::from(28 * DAY), offset: huge };
    assert_eq!(pool.reason(owner, call), "SafeCast: toUint128 overflow");
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters(28 * DAY, offset), "nothing changed");

    for (interval, new_offset) in [(28 * DAY, offset + 1), (92 * DAY, offset + 2)] {
        let receipt = pool.send(owner, set_epoch(interval, new_offset)).expect("edges are valid");
        assert_eq!(only_pool_events(&pool, &receipt), vec![changed(interval, new_offset)]);
    }
    let last = LS::setEpochParametersCall { interval: U256::from(28 * DAY), offset: U256::from(u128::MAX) };
    pool.send(owner, last).expect("the largest u128 offset fits");
    let read = pool.get(LS::getEpochParametersCall {});
    assert_eq!(read, LS::EpochParameters { interval: u128::from(28 * DAY), offset: u128::MAX });
}

/// §3.14 step 1: after epoch zero no schedule change in the blackout window ('LS1Admin: Blackout window'), not even a no-op.
#[test]
fn after_epoch_zero_no_schedule_change_in_the_blackout_window() {
    let mut pool = Pool::new();
    let (owner, offset) = (pool.owner, pool.offset);
    for t in [pool.start_of(1) - 14 * DAY, pool.start_of(1) - 1] {
        pool.node.set_timestamp(t);
        assert_eq!(pool.reason(owner, set_epoch(28 * DAY, offset)), "LS1Admin: Blackout window");
        assert_eq!(pool.reason(owner, set_epoch(30 * DAY, offset)), "LS1Admin: Blackout window");
    }
}

/// §3.14 step 4: after epoch zero a change that moves the current epoch number fails ('LS1Admin: Changed epochs').
#[test]
fn after_epoch_zero_the_epoch_number_must_not_change() {
    let mut pool = Pool::new();
    let (owner, offset) = (pool.owner, pool.offset);
    pool.at_epoch(1, DAY);
    assert_eq!(pool.reason(owner, set_epoch(28 * DAY, offset - 28 * DAY)), "LS1Admin: Changed epochs", "forward to epoch 2");
    assert_eq!(pool.reason(owner, set_epoch(28 * DAY, offset + 2 * DAY)), "LS1Admin: Changed epochs", "back to epoch 0");
    assert_eq!(pool.reason(owner, set_epoch(14 * DAY, offset)), HALF, "validation comes first");
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters(28 * DAY, offset));
}

/// §3.14 step 3, §7 item 3: after epoch zero a future offset fails with the epoch-zero message, not 'Changed epochs'.
#[test]
fn after_epoch_zero_a_future_offset_fails_with_the_epoch_zero_message() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    for (n, seconds) in [(0, DAY), (2, 0)] {
        pool.at_epoch(n, seconds);
        let now = pool.node.timestamp();
        assert_eq!(pool.reason(owner, set_epoch(28 * DAY, now + 1)), NOT_STARTED, "epoch {n}");
        assert_eq!(pool.reason(owner, set_epoch(28 * DAY, now + 100 * DAY)), NOT_STARTED, "epoch {n}");
    }
}

/// §3.14 step 5, §7 item 3: shrinking the interval so that now falls in the blackout fails ('LS1Admin: End in blackout window').
#[test]
fn after_epoch_zero_shrinking_the_interval_into_the_blackout_fails() {
    let mut pool = Pool::new();
    let (owner, offset) = (pool.owner, pool.offset);
    pool.send(owner, set_blackout(5 * DAY)).expect("a 5-day window");
    pool.at_epoch(0, 20 * DAY);
    assert!(!pool.get(LS::inBlackoutWindowCall {}), "8 days left");
    // 25-day epochs leave exactly the 5-day window: in blackout.
    assert_eq!(pool.reason(owner, set_epoch(25 * DAY, offset)), "LS1Admin: End in blackout window");
    assert_eq!(pool.reason(owner, set_epoch(21 * DAY, offset)), "LS1Admin: End in blackout window");
    let receipt = pool.send(owner, set_epoch(26 * DAY, offset)).expect("6 days left, out of the window");
    assert_eq!(only_pool_events(&pool, &receipt), vec![changed(26 * DAY, offset)], "epoch 0: nothing to roll");
    assert_eq!(epoch_and_remaining(&mut pool), (U256::ZERO, U256::from(6 * DAY)));
    assert!(!pool.get(LS::inBlackoutWindowCall {}));
}

/// §3.14, §3.8.3: a valid change after epoch zero settles a pending rollover, emits EpochParametersChanged, keeps the epoch.
#[test]
fn after_epoch_zero_a_valid_change_keeps_the_epoch_number() {
    let mut pool = Pool::new();
    let (owner, offset, staker) = (pool.owner, pool.offset, user(&pool.node, 0));
    // A request in epoch 0 makes the total active balance change at the boundary (rate 0: index 0).
    pool.at_epoch(0, 0);
    pool.stake(staker, 1_000_000);
    pool.send(staker, LS::requestWithdrawalCall { amount: U256::from(400_000) }).expect("requestWithdrawal");
    pool.at_epoch(1, DAY);
    assert_eq!(epoch_and_remaining(&mut pool), (U256::from(1), U256::from(27 * DAY)));
    let receipt = pool.send(owner, set_epoch(30 * DAY, offset - DAY)).expect("setEpochParameters");
    assert_eq!(only_pool_events(&pool, &receipt), vec![index_updated(0), changed(30 * DAY, offset - DAY)]);
    assert_eq!(epoch_and_remaining(&mut pool), (U256::from(1), U256::from(30 * DAY)));
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters(30 * DAY, offset - DAY));
    assert_eq!(pool.get(LS::getStartOfEpochCall { epochNumber: U256::from(2) }), U256::from(offset + 59 * DAY));
    // Rolled already: a second change in the epoch only emits its own event.
    let receipt = pool.send(owner, set_epoch(29 * DAY, offset)).expect("setEpochParameters again");
    assert_eq!(only_pool_events(&pool, &receipt), vec![changed(29 * DAY, offset)]);
    assert_eq!(epoch_and_remaining(&mut pool), (U256::from(1), U256::from(29 * DAY)), "now is start(1) again");
}

/// §3.14, §3.6.3, §3.6.2, D8: setBlackoutWindow before epoch zero emits BlackoutWindowChanged and validates against the interval.
#[test]
fn set_blackout_window_validates_against_the_interval() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    assert_eq!(pool.reason(owner, set_blackout(14 * DAY + 1)), HALF);
    assert_eq!(pool.reason(owner, set_blackout(100 * DAY)), HALF);
    assert_eq!(pool.reason(owner, set_blackout(3 * DAY - 1)), TOO_SMALL);
    assert_eq!(pool.reason(owner, set_blackout(0)), TOO_SMALL);
    assert_eq!(pool.get(LS::getBlackoutWindowCall {}), U256::from(14 * DAY), "nothing changed");
    for seconds in [3 * DAY, 14 * DAY, 5 * DAY] {
        let receipt = pool.send(owner, set_blackout(seconds)).expect("a valid window");
        let expected = vec![E::BlackoutWindowChanged(LS::BlackoutWindowChanged { blackoutWindow: U256::from(seconds) })];
        assert_eq!(only_pool_events(&pool, &receipt), expected);
        assert_eq!(pool.get(LS::getBlackoutWindowCall {}), U256::from(seconds));
    }
}

/// §3.14, §7 item 4: setBlackoutWindow is refused in the blackout window and when the new one covers now ('…End in blackout window').
#[test]
fn set_blackout_window_not_in_or_into_the_blackout_window() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    pool.at_blackout(0);
    assert_eq!(pool.reason(owner, set_blackout(3 * DAY)), "LS1Admin: Blackout window", "even to shrink it");

    pool.at_epoch(0, 0);
    pool.send(owner, set_blackout(3 * DAY)).expect("shrink outside the window");
    pool.at_epoch(0, 20 * DAY);
    assert!(!pool.get(LS::inBlackoutWindowCall {}), "8 days left, 3-day window");
    assert_eq!(pool.reason(owner, set_blackout(8 * DAY)), "LS1Admin: End in blackout window");
    assert_eq!(pool.reason(owner, set_blackout(14 * DAY)), "LS1Admin: End in blackout window");
    let receipt = pool.send(owner, set_blackout(8 * DAY - 1)).expect("one second short of now");
    let expected = vec![E::BlackoutWindowChanged(LS::BlackoutWindowChanged { blackoutWindow: U256::from(8 * DAY - 1) })];
    assert_eq!(only_pool_events(&pool, &receipt), expected);
    assert!(!pool.get(LS::inBlackoutWindowCall {}));
    pool.node.advance(1);
    assert!(pool.get(LS::inBlackoutWindowCall {}), "the new window starts one second later");
}

/// §3.14, §3.8.6: setRewardsPerSecond works before epoch zero and in blackout; it settles the index (rollover, then now) first.
#[test]
fn set_rewards_per_second_before_epoch_zero_and_in_blackout() {
    let mut pool = Pool::new();
    let (owner, staker) = (pool.owner, user(&pool.node, 0));
    let rate = |r: u64| LS::setRewardsPerSecondCall { emissionPerSecond: U256::from(r) };
    let updated = |r: u64| E::RewardsPerSecondUpdated(LS::RewardsPerSecondUpdated { emissionPerSecond: U256::from(r) });

    let receipt = pool.send(owner, rate(5)).expect("before epoch zero");
    assert_eq!(only_pool_events(&pool, &receipt), vec![updated(5)], "nothing to settle before the distribution starts");
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), U256::from(5));

    pool.at_epoch(0, 0);
    pool.stake(staker, 1_000_000);
    pool.at_epoch(0, DAY);
    pool.send(staker, LS::requestWithdrawalCall { amount: U256::from(400_000) }).expect("requestWithdrawal");

    pool.at_blackout(0);
    assert!(pool.get(LS::inBlackoutWindowCall {}));
    let receipt = pool.send(owner, rate(7)).expect("in epoch 0's blackout window");
    // 14 days at 5/s over 1e6 staked: 1,209,600 × 5 × 1e18 / 1e6.
    let at_blackout = 6_048_000_000_000_000_000;
    assert_eq!(only_pool_events(&pool, &receipt), vec![index_updated(at_blackout), updated(7)]);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), U256::from(7));

    pool.at_blackout(1);
    assert!(pool.get(LS::inBlackoutWindowCall {}));
    let receipt = pool.send(owner, rate(0)).expect("in epoch 1's blackout window");
    // To start(1): 14 days at 7/s over 1e6; then 14 days at 7/s over the 600,000 left active.
    let at_boundary = at_blackout + 8_467_200_000_000_000_000;
    let now = at_boundary + 14_112_000_000_000_000_000;
    assert_eq!(only_pool_events(&pool, &receipt), vec![index_updated(at_boundary), index_updated(now), updated(0)]);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), U256::ZERO);
}

/// D8 regression: the corrected messages replace the original 'Blackout window too large' / 'Epoch length too small'.
#[test]
fn d8_regression_blackout_too_small_and_epoch_too_large_messages() {
    let mut pool = Pool::new();
    let (owner, offset) = (pool.owner, pool.offset);
    let small = pool.reason(owner, set_blackout(3 * DAY - 1));
    assert_eq!(small, "LS1EpochSchedule: Blackout window too small");
    assert_ne!(small, "LS1EpochSchedule: Blackout window too large", "the original's misleading message");
    let large = pool.reason(owner, set_epoch(92 * DAY + 1, offset));
    assert_eq!(large, "LS1EpochSchedule: Epoch length too large");
    assert_ne!(large, "LS1EpochSchedule: Epoch length too small", "the original's misleading message");
}
