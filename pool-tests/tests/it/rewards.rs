//! Spec §3.8 rewards accounting through the pool: example H of §3.20, the claim's event order, the
//! epoch boundary, the distribution window, rate changes and the treasury (§7 items 25-28).

use alloy_primitives::{keccak256, Address, U256};
use bindings::ITestToken;
use pool_tests::{devnode::Receipt, pool_events, u, user, ILiquidityStakingV1 as LS, Pool, Setup, DAY};

type Event = LS::ILiquidityStakingV1Events;

/// Mainnet's rate: 0.1585489619 DYDX per second.
const RATE: u64 = 158_548_961_900_000_000;
/// 28 days, the default epoch length.
const INTERVAL: u64 = 28 * DAY;

/// `INDEX_BASE`.
fn e18() -> U256 {
    U256::from(10).pow(U256::from(18))
}

/// Sets the rewards rate as the owner.
fn set_rate(pool: &mut Pool, rate: u64) -> Receipt {
    let owner = pool.owner;
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: u(rate) }).expect("setRewardsPerSecond")
}

/// `staker` claims its rewards for itself; returns the receipt and the amount.
fn claim(pool: &mut Pool, staker: Address) -> (Receipt, U256) {
    let receipt = pool.send(staker, LS::claimRewardsCall { recipient: staker }).expect("claimRewards");
    let amount = receipt.returns::<LS::claimRewardsCall>();
    (receipt, amount)
}

/// `ClaimedRewards` as a pool event.
fn claimed(user: Address, recipient: Address, amount: U256) -> Event {
    Event::ClaimedRewards(LS::ClaimedRewards { user, recipient, claimedRewards: amount })
}

fn global(index: U256) -> Event {
    Event::GlobalIndexUpdated(LS::GlobalIndexUpdated { index })
}

fn user_index(user: Address, index: U256, unclaimed: U256) -> Event {
    Event::UserIndexUpdated(LS::UserIndexUpdated { user, index, unclaimedRewards: unclaimed })
}

/// §3.20 example H: alone with 1e6 staked at the mainnet rate, a staker earns exactly Δt × r from the treasury.
#[test]
fn one_staker_earns_elapsed_seconds_times_rate() {
    let mut pool = Pool::new();
    let (s0, treasury) = (user(&pool.node, 0), pool.treasury);
    let receipt = set_rate(&mut pool, RATE);
    let updated = Event::RewardsPerSecondUpdated(LS::RewardsPerSecondUpdated { emissionPerSecond: u(RATE) });
    assert_eq!(pool_events(&pool, &receipt), vec![updated], "before epoch zero the index has nothing to settle");
    pool.at_epoch(0, 1_000);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 1_000 + 123_456);
    let treasury_before = pool.dydx_of(treasury);
    let (receipt, amount) = claim(&mut pool, s0);
    let expected = u(123_456) * u(RATE);
    assert_eq!(amount, expected);
    assert_eq!(receipt.events::<LS::ClaimedRewards>(), vec![LS::ClaimedRewards { user: s0, recipient: s0, claimedRewards: expected }]);
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![ITestToken::Transfer { from: treasury, to: s0, value: expected }]);
    assert_eq!(pool.dydx_of(s0), expected);
    assert_eq!(pool.dydx_of(treasury), treasury_before - expected);
}

/// §3.20 example H, §3.8.2: 1e6 and 4e6 staked at t1, t2 with r = 1 get their floored pro-rata shares (5,200.6 → 5,200; 802.4 → 802).
#[test]
fn two_stakers_share_pro_rata() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    set_rate(&mut pool, 1);
    pool.at_epoch(0, 100);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 100 + 5_000);
    pool.stake(s1, 4_000_000);
    pool.at_epoch(0, 100 + 5_000 + 1_003);
    // s0: 5,000 s alone, then 1,003 s at 1/5; s1: 1,003 s at 4/5.
    assert_eq!(claim(&mut pool, s0).1, u(5_200));
    assert_eq!(claim(&mut pool, s1).1, u(802));
    assert_eq!(pool.dydx_of(s0), u(5_200));
    assert_eq!(pool.dydx_of(s1), u(802));
}

/// §3.10 claimRewards, §7 item 6: boundary settlements (total, user), then to now (global, user), token Transfer, ClaimedRewards.
#[test]
fn claim_settles_the_boundary_then_now_in_order() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    set_rate(&mut pool, 3);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.stake(s1, 1_000_000);
    pool.at_epoch(0, DAY);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(500_000) }).unwrap();
    pool.at_epoch(1, 1_000);
    let (receipt, amount) = claim(&mut pool, s0);

    // E0: 2e6 staked for a whole epoch at 3 per second; E1: 1.5e6 for 1,000 s.
    let boundary = u(INTERVAL * 3) * e18() / u(2_000_000);
    let now = boundary + u(1_000 * 3) * e18() / u(1_500_000);
    let (at_boundary, total) = (u(INTERVAL * 3 / 2), u(INTERVAL * 3 / 2 + 1_000));
    assert_eq!(amount, total);
    let expected =
        vec![global(boundary), user_index(s0, boundary, at_boundary), global(now), user_index(s0, now, total), claimed(s0, s0, total)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    let emitters: Vec<Address> = receipt.logs.iter().map(|log| log.address).collect();
    let (p, dydx) = (pool.address, pool.dydx);
    assert_eq!(emitters, vec![p, p, p, p, dydx, p], "the reward token's Transfer comes right before ClaimedRewards");
}

/// §3.8.1, §7 items 5 and 10: requested funds earn until the epoch boundary only, across skipped epochs too.
#[test]
fn a_pending_withdrawal_earns_until_the_boundary_only() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    set_rate(&mut pool, 2);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.stake(s1, 1_000_000);
    pool.at_epoch(0, DAY);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1_000_000) }).unwrap();

    pool.at_epoch(3, 1_000);
    // E0 is shared half and half; E1, E2 and 1,000 s of E3 are s1's alone.
    let half_of_e0 = INTERVAL * 2 / 2;
    assert_eq!(claim(&mut pool, s0).1, u(half_of_e0));
    assert_eq!(claim(&mut pool, s1).1, u(half_of_e0 + (2 * INTERVAL + 1_000) * 2));
    pool.at_epoch(4, 0);
    assert_eq!(claim(&mut pool, s0).1, U256::ZERO);
    assert_eq!(claim(&mut pool, s1).1, u((INTERVAL - 1_000) * 2));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), u(1_000_000));
}

/// §3.8.2, §7 item 25: nothing accrues before DISTRIBUTION_START, here 10 days after epoch zero.
#[test]
fn nothing_accrues_before_the_distribution_start() {
    let mut pool = Pool::with(Setup { distribution_start: 10 * DAY as i64, ..Setup::default() });
    let s0 = user(&pool.node, 0);
    let start = pool.offset + 10 * DAY;
    assert_eq!(pool.get(LS::DISTRIBUTION_STARTCall {}), u(start));
    set_rate(&mut pool, 1);
    pool.at_epoch(0, DAY);
    let receipt = pool.stake(s0, 1_000_000);
    assert_eq!(receipt.events::<LS::GlobalIndexUpdated>(), vec![], "the index timestamp starts at DISTRIBUTION_START");
    pool.node.set_timestamp(start);
    let (receipt, amount) = claim(&mut pool, s0);
    assert_eq!(amount, U256::ZERO);
    assert_eq!(pool_events(&pool, &receipt), vec![claimed(s0, s0, U256::ZERO)]);
    pool.node.set_timestamp(start + 1_000);
    assert_eq!(claim(&mut pool, s0).1, u(1_000));
}

/// §3.20 example H, §7 items 25, 28: staked at END − interval, paid (END − stakeTime) × r; after withdrawing, claims pay 0 with the event.
#[test]
fn nothing_accrues_after_the_distribution_end() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    let end: u64 = pool.get(LS::DISTRIBUTION_ENDCall {}).to();
    assert_eq!(end, pool.offset + 5 * 365 * DAY);
    set_rate(&mut pool, RATE);
    let stake_time = end - INTERVAL;
    pool.node.set_timestamp(stake_time);
    pool.stake(s0, 1_000_000);

    pool.node.set_timestamp(stake_time + 5 * INTERVAL);
    pool.stake(s1, 1_000_000);
    assert_eq!(claim(&mut pool, s0).1, u(end - stake_time) * u(RATE));
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1_000_000) }).unwrap();

    pool.node.set_timestamp(stake_time + 6 * INTERVAL);
    let withdrawn = pool.send(s0, LS::withdrawMaxStakeCall { recipient }).unwrap();
    assert_eq!(withdrawn.returns::<LS::withdrawMaxStakeCall>(), u(1_000_000));
    let (receipt, amount) = claim(&mut pool, s0);
    assert_eq!(amount, U256::ZERO);
    assert_eq!(pool_events(&pool, &receipt), vec![claimed(s0, s0, U256::ZERO)]);
    assert_eq!(claim(&mut pool, s1).1, U256::ZERO, "staked after the end");
    assert_eq!(pool.dydx_of(s0), u(end - stake_time) * u(RATE));
}

/// §3.8.6, §7 items 26-27: seconds at R = 0 are never paid; raising R emits `GlobalIndexUpdated` then `RewardsPerSecondUpdated`.
#[test]
fn seconds_at_rate_zero_are_never_paid() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 1_000);
    let receipt = set_rate(&mut pool, 5);
    let updated = Event::RewardsPerSecondUpdated(LS::RewardsPerSecondUpdated { emissionPerSecond: u(5) });
    assert_eq!(pool_events(&pool, &receipt), vec![global(U256::ZERO), updated]);
    pool.at_epoch(0, 1_500);
    assert_eq!(claim(&mut pool, s0).1, u(500 * 5));
}

/// §3.8.6, §7 item 27: a new rate applies from the call's second; a second change in that second settles nothing.
#[test]
fn a_rate_change_applies_from_the_moment_of_the_call() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    set_rate(&mut pool, 2);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 1_000);
    let receipt = set_rate(&mut pool, 9);
    let index = u(1_000 * 2) * e18() / u(1_000_000);
    let updated = |rate: u64| Event::RewardsPerSecondUpdated(LS::RewardsPerSecondUpdated { emissionPerSecond: u(rate) });
    assert_eq!(pool_events(&pool, &receipt), vec![global(index), updated(9)]);
    let receipt = set_rate(&mut pool, 7);
    assert_eq!(pool_events(&pool, &receipt), vec![updated(7)]);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), u(7));
    pool.at_epoch(0, 1_500);
    assert_eq!(claim(&mut pool, s0).1, u(1_000 * 2 + 500 * 7));
}

/// §3.8.1, §7 item 26: with no active stake the index timestamp moves but not the index; a later staker earns from its stake on.
#[test]
fn time_without_active_stake_pays_nobody() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    set_rate(&mut pool, 10);
    pool.at_epoch(0, 1_000);
    let receipt = pool.stake(s0, 1_000_000);
    assert_eq!(receipt.events::<LS::GlobalIndexUpdated>(), vec![LS::GlobalIndexUpdated { index: U256::ZERO }]);
    pool.at_epoch(0, DAY);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1_000_000) }).unwrap();

    pool.at_epoch(1, 2_000);
    let receipt = pool.stake(s1, 1_000_000);
    let boundary = u((INTERVAL - 1_000) * 10) * e18() / u(1_000_000);
    let staked = Event::Staked(LS::Staked { staker: s1, spender: s1, amount: u(1_000_000) });
    let expected = vec![global(boundary), global(boundary), user_index(s1, boundary, U256::ZERO), staked];
    assert_eq!(pool_events(&pool, &receipt), expected, "E1's first 2,000 s settle at the same index");
    pool.at_epoch(1, 3_000);
    assert_eq!(claim(&mut pool, s1).1, u(1_000 * 10));
    assert_eq!(claim(&mut pool, s0).1, u((INTERVAL - 1_000) * 10));
}

/// §3.8.5, §7 item 28: without the treasury's allowance claims revert (SafeERC20) and keep the accrued rewards.
#[test]
fn claims_need_the_treasurys_allowance() {
    let mut pool = Pool::new();
    let (s0, treasury, dydx, address) = (user(&pool.node, 0), pool.treasury, pool.dydx, pool.address);
    set_rate(&mut pool, 1);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 1_000);
    pool.node.send(treasury, dydx, ITestToken::approveCall { spender: address, value: U256::ZERO }).unwrap();
    let treasury_before = pool.dydx_of(treasury);
    assert_eq!(pool.reason(s0, LS::claimRewardsCall { recipient: s0 }), "SafeERC20: low-level call failed");
    assert_eq!(pool.dydx_of(s0), U256::ZERO);
    assert_eq!(pool.dydx_of(treasury), treasury_before);

    pool.node.send(treasury, dydx, ITestToken::approveCall { spender: address, value: U256::MAX }).unwrap();
    assert_eq!(claim(&mut pool, s0).1, u(1_000));
    assert_eq!(pool.dydx_of(treasury), treasury_before - u(1_000));
}

/// §3.10 claimRewards: the rewards go to the recipient named by the staker.
#[test]
fn claim_rewards_pays_the_recipient() {
    let mut pool = Pool::new();
    let (s0, recipient) = (user(&pool.node, 0), user(&pool.node, 5));
    set_rate(&mut pool, 4);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.at_epoch(0, 250);
    let receipt = pool.send(s0, LS::claimRewardsCall { recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::claimRewardsCall>(), u(1_000));
    assert_eq!(receipt.events::<LS::ClaimedRewards>(), vec![LS::ClaimedRewards { user: s0, recipient, claimedRewards: u(1_000) }]);
    assert_eq!(pool.dydx_of(recipient), u(1_000));
    assert_eq!(pool.dydx_of(s0), U256::ZERO);
    assert_eq!(claim(&mut pool, s0).1, U256::ZERO);
}

/// §3.15 claimRewardsFor: pays the staker's rewards to the recipient, `ClaimedRewards` then `OperatorClaimedRewardsFor`.
#[test]
fn claim_rewards_for_pays_the_stakers_rewards_to_the_recipient() {
    let mut pool = Pool::new();
    let (s0, op, recipient) = (user(&pool.node, 0), user(&pool.node, 4), user(&pool.node, 5));
    let claim_role = pool.get(LS::CLAIM_OPERATOR_ROLECall {});
    pool.grant(claim_role, op);
    set_rate(&mut pool, 4);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000_000);
    pool.stake(op, 1_000_000);
    pool.at_epoch(0, 500);
    let receipt = pool.send(op, LS::claimRewardsForCall { staker: s0, recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::claimRewardsForCall>(), u(1_000));
    let index = u(500 * 4) * e18() / u(2_000_000);
    let expected = vec![
        global(index),
        user_index(s0, index, u(1_000)),
        claimed(s0, recipient, u(1_000)),
        Event::OperatorClaimedRewardsFor(LS::OperatorClaimedRewardsFor { staker: s0, recipient, claimedRewards: u(1_000), operator: op }),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.dydx_of(recipient), u(1_000));
    assert_eq!(pool.dydx_of(op), U256::ZERO);
    assert_eq!(claim(&mut pool, s0).1, U256::ZERO);
    assert_eq!(claim(&mut pool, op).1, u(1_000), "the operator's own rewards are untouched");
}

/// A rate too large for the 88 bits it shares with the stkUSDC address is kept whole (in its own
/// slot), rewards follow it, and the stkUSDC link is untouched; a small rate goes back next to it.
#[test]
fn rates_of_any_size_are_kept_whole() {
    let mut pool = Pool::new();
    let (owner, s0) = (pool.owner, user(&pool.node, 0));
    let stk_usdc = pool.stk_usdc;
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000_000);
    let two = |bits: usize| U256::from(1u64) << bits;
    for rate in [two(88), two(88) - u(1), two(88) - u(2), two(96), two(200)] {
        pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: rate }).expect("setRewardsPerSecond");
        assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), rate);
        assert_eq!(pool.get(bindings::ILS1StkUsdc::getStkUsdcCall {}), stk_usdc);
    }
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: U256::from(1u64) << 96 }).unwrap();
    pool.node.advance(10);
    let (_, paid) = claim(&mut pool, s0);
    assert_eq!(paid, U256::from(10u64) << 96, "10 s at 2^96 per second, one staker");
    set_rate(&mut pool, 7);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), u(7));
    assert_eq!(pool.get(bindings::ILS1StkUsdc::getStkUsdcCall {}), stk_usdc);
}

/// D18: a staker's rewards index and unclaimed rewards share one slot, 128 bits each; values beyond
/// that are kept whole in their own slots (the field marks it), and rewards follow them exactly.
#[test]
fn a_stakers_index_and_rewards_of_any_size_are_kept_whole() {
    let mut pool = Pool::new();
    let (owner, s0, treasury, dydx) = (pool.owner, user(&pool.node, 0), pool.treasury, pool.dydx);
    pool.node.send(treasury, dydx, ITestToken::mintCall { to: treasury, amount: U256::from(1u64) << 140 }).expect("mint");
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1);
    let rate = U256::from(1u64) << 125;
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: rate }).expect("setRewardsPerSecond");
    pool.node.advance(10);
    let (receipt, paid) = claim(&mut pool, s0);
    let index = rate * u(10) * e18();
    assert!(index > U256::from(u128::MAX) && paid > U256::from(u128::MAX), "both beyond 128 bits");
    assert_eq!(paid, rate * u(10), "10 s at 2^125 per second, one staker of one unit");
    assert_eq!(pool_events(&pool, &receipt), vec![global(index), user_index(s0, index, paid), claimed(s0, s0, paid)]);
    assert_eq!(pool.dydx_of(s0), paid);
    pool.node.advance(10);
    let (receipt, again) = claim(&mut pool, s0);
    assert_eq!(again, paid, "the index kept in its own slot is read back whole");
    assert_eq!(pool_events(&pool, &receipt), vec![global(index * u(2)), user_index(s0, index * u(2), paid), claimed(s0, s0, paid)]);
    assert_eq!(claim(&mut pool, s0).1, U256::ZERO, "nothing left: the unclaimed field went back to zero");
}

/// D18: the slots docs/architecture.md's storage table names hold what it says (a few of them, after
/// two stakes ten seconds apart).
#[test]
fn the_storage_layout_is_the_documented_one() {
    let mut pool = Pool::new();
    let (owner, s0, s1, address) = (pool.owner, user(&pool.node, 0), user(&pool.node, 1), pool.address);
    pool.at_epoch(0, DAY);
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: u(7) }).expect("setRewardsPerSecond");
    pool.stake(s0, 100);
    pool.node.advance(10);
    pool.stake(s1, 50);
    let word = |pool: &Pool, slot: U256| pool.node.storage(address, slot);
    let entry =
        |key: Address, slot: u64| U256::from_be_bytes(keccak256([key.into_word().0, U256::from(slot).to_be_bytes::<32>()].concat()).0);
    let low = |word: U256, bits: usize| word & ((U256::from(1u8) << bits) - u(1));
    let number = |account: Address| U256::from_be_slice(account.as_slice());
    assert_eq!(word(&pool, u(4)), number(pool.dydx), "REWARDS_TOKEN");
    assert_eq!(word(&pool, u(5)), number(pool.treasury), "REWARDS_TREASURY");
    let schedule = word(&pool, u(8));
    assert_eq!(low(schedule, 32), u(pool.setup.interval), "interval");
    assert_eq!(low(schedule >> 32, 32), u(pool.setup.blackout), "blackout window");
    assert_eq!(schedule >> 128, u(pool.offset), "offset");
    let linked = word(&pool, u(29));
    assert_eq!((low(linked, 160), linked >> 160), (number(pool.stk_usdc), u(7)), "stkUSDC and rewardsPerSecond");
    assert_eq!(low(word(&pool, u(30)), 160), number(pool.usdc), "STAKED_TOKEN");
    // Balances packed as the original: epoch (bits 0-15), current (16-127), next (128-239).
    let balance = |value: u64| (u(value) << 16) | (u(value) << 128);
    assert_eq!(word(&pool, entry(s0, 15)), balance(100), "s0's active balance");
    assert_eq!(word(&pool, u(16)), balance(150), "the total active balance");
    // The global index (bits 0-223) moved over the ten seconds; s1's rewards slot holds it as its index.
    let index = low(word(&pool, u(10)), 224);
    assert_eq!(index, u(70) * U256::from(10u64).pow(u(18)) / u(100), "7 per second for 10 s over 100");
    assert_eq!(word(&pool, entry(s1, 11)), index, "s1's index (bits 0-127), nothing unclaimed (128-255)");
}
