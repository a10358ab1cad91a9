//! Spec §3.10 staker functions, §3.7 lazy balances, §3.11 balance views, §3.15 stake and claim
//! operators, §3.16 failsafe and §3.19 before epoch zero (D7, D9, D12).

use alloy_primitives::{Address, U256};
use bindings::ITestToken;
use pool_tests::{missing_role, pool_events, pool_usdc, u, user, ILiquidityStakingV1 as LS, Pool, DAY};

type Event = LS::ILiquidityStakingV1Events;

const EPOCH_ZERO: &str = "LS1EpochSchedule: Epoch zero has not started";
const BLACKOUT: &str = "LS1Staking: Withdraw requests restricted in the blackout window";
const EXCEEDS_NEXT_ACTIVE: &str = "LS1Staking: Withdraw request exceeds next active balance";
const EXCEEDS_AVAILABLE: &str = "LS1Staking: Withdraw exceeds amount available in the contract";
const EXCEEDS_INACTIVE: &str = "LS1Staking: Withdraw exceeds inactive balance";
const INVALID_STAKER: &str = "LS1Staking: Invalid staker";
const MAX_EPOCH: &str = "LS1StakedBalances: maxEpoch";

/// `staker`'s [active current, active next, inactive current, inactive next].
fn balances(pool: &mut Pool, staker: Address) -> [U256; 4] {
    [
        pool.get(LS::getActiveBalanceCurrentEpochCall { staker }),
        pool.get(LS::getActiveBalanceNextEpochCall { staker }),
        pool.get(LS::getInactiveBalanceCurrentEpochCall { staker }),
        pool.get(LS::getInactiveBalanceNextEpochCall { staker }),
    ]
}

/// The totals: [active current, active next, inactive current, inactive next].
fn totals(pool: &mut Pool) -> [U256; 4] {
    [
        pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}),
        pool.get(LS::getTotalActiveBalanceNextEpochCall {}),
        pool.get(LS::getTotalInactiveBalanceCurrentEpochCall {}),
        pool.get(LS::getTotalInactiveBalanceNextEpochCall {}),
    ]
}

fn amounts(values: [u64; 4]) -> [U256; 4] {
    values.map(U256::from)
}

/// Mints `amount` USDC to `account` without approving the pool.
fn mint_usdc(pool: &mut Pool, account: Address, amount: u64) {
    let (usdc, owner) = (pool.usdc, pool.owner);
    pool.node.send(owner, usdc, ITestToken::mintCall { to: account, amount: u(amount) }).expect("mint");
}

/// §3.10 stake: the caller pays, its active balance and the total grow in the current and next epoch.
#[test]
fn stake_adds_to_current_and_next_active_balances() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    pool.at_epoch(0, DAY);
    let receipt = pool.stake(s0, 1_000);
    // D9: no Transfer from the pool (stkUSDC emits it); R = 0 so the index only catches up with the clock.
    let staked = LS::Staked { staker: s0, spender: s0, amount: u(1_000) };
    assert_eq!(
        pool_events(&pool, &receipt),
        vec![Event::GlobalIndexUpdated(LS::GlobalIndexUpdated { index: U256::ZERO }), Event::Staked(staked)]
    );
    let paid = ITestToken::Transfer { from: s0, to: pool.address, value: u(1_000) };
    assert_eq!(receipt.events_from::<ITestToken::Transfer>(pool.usdc), vec![paid]);
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 1_000, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([1_000, 1_000, 0, 0]));
    assert_eq!(pool.usdc_of(s0), U256::ZERO);
    assert_eq!(pool_usdc(&mut pool), u(1_000));

    pool.stake(s0, 500);
    assert_eq!(balances(&mut pool, s0), amounts([1_500, 1_500, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([1_500, 1_500, 0, 0]));
    assert_eq!(pool_usdc(&mut pool), u(1_500));
}

/// §3.10 stakeFor: anyone may stake for a staker; the caller pays and is the event's spender.
#[test]
fn stake_for_credits_the_staker_and_charges_the_caller() {
    let mut pool = Pool::new();
    let (s0, payer) = (user(&pool.node, 0), user(&pool.node, 1));
    pool.at_epoch(0, DAY);
    pool.fund(payer, 700);
    let receipt = pool.send(payer, LS::stakeForCall { staker: s0, amount: u(700) }).unwrap();
    assert_eq!(receipt.events::<LS::Staked>(), vec![LS::Staked { staker: s0, spender: payer, amount: u(700) }]);
    let paid = ITestToken::Transfer { from: payer, to: pool.address, value: u(700) };
    assert_eq!(receipt.events_from::<ITestToken::Transfer>(pool.usdc), vec![paid]);
    assert_eq!(balances(&mut pool, s0), amounts([700, 700, 0, 0]));
    assert_eq!(balances(&mut pool, payer), amounts([0, 0, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([700, 700, 0, 0]));
    assert_eq!(pool.usdc_of(payer), U256::ZERO);
    assert_eq!(pool.usdc_of(s0), U256::ZERO);
}

/// §3.10: staking 0 (for oneself or another) is accepted and still emits `Staked`.
#[test]
fn staking_zero_is_accepted_with_its_event() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    pool.at_epoch(0, DAY);
    let receipt = pool.send(s0, LS::stakeCall { amount: U256::ZERO }).unwrap();
    assert_eq!(receipt.events::<LS::Staked>(), vec![LS::Staked { staker: s0, spender: s0, amount: U256::ZERO }]);
    let receipt = pool.send(s1, LS::stakeForCall { staker: s0, amount: U256::ZERO }).unwrap();
    assert_eq!(receipt.events::<LS::Staked>(), vec![LS::Staked { staker: s0, spender: s1, amount: U256::ZERO }]);
    assert_eq!(balances(&mut pool, s0), amounts([0, 0, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([0, 0, 0, 0]));
}

/// §3.10, §2.4: without enough allowance the token pull fails with SafeERC20's message and nothing changes.
#[test]
fn staking_beyond_the_allowance_reverts_and_changes_nothing() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 100);
    mint_usdc(&mut pool, s0, 1_000);
    assert_eq!(pool.reason(s0, LS::stakeCall { amount: u(1_000) }), "SafeERC20: low-level call failed");
    pool.fund(s1, 999);
    assert_eq!(pool.reason(s1, LS::stakeForCall { staker: s0, amount: u(1_000) }), "SafeERC20: low-level call failed");
    assert_eq!(balances(&mut pool, s0), amounts([100, 100, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([100, 100, 0, 0]));
    assert_eq!(pool.usdc_of(s0), u(1_000));
    assert_eq!(pool.usdc_of(s1), u(999));
    assert_eq!(pool_usdc(&mut pool), u(100));
}

/// §3.10 requestWithdrawal, §3.7: the amount moves from next epoch's active to next epoch's inactive balance, current at the boundary.
#[test]
fn request_withdrawal_moves_next_active_to_next_inactive() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 200);
    let receipt = pool.send(s0, LS::requestWithdrawalCall { amount: u(300) }).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![Event::WithdrawalRequested(LS::WithdrawalRequested { staker: s0, amount: u(300) })]);
    assert!(receipt.events::<ITestToken::Transfer>().is_empty(), "no tokens move on a request");
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 700, 0, 300]));
    assert_eq!(totals(&mut pool), amounts([1_200, 900, 0, 300]));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), U256::ZERO);

    pool.at_epoch(1, 0);
    assert_eq!(balances(&mut pool, s0), amounts([700, 700, 300, 300]));
    assert_eq!(balances(&mut pool, s1), amounts([200, 200, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([900, 900, 300, 300]));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), u(300));
}

/// §3.10, §7 item 9: several requests in one epoch accumulate, and a request of 0 succeeds with its event.
#[test]
fn requests_accumulate_and_zero_is_accepted() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(100) }).unwrap();
    pool.send(s0, LS::requestWithdrawalCall { amount: u(200) }).unwrap();
    let receipt = pool.send(s0, LS::requestWithdrawalCall { amount: U256::ZERO }).unwrap();
    assert_eq!(receipt.events::<LS::WithdrawalRequested>(), vec![LS::WithdrawalRequested { staker: s0, amount: U256::ZERO }]);
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 700, 0, 300]));
    assert_eq!(totals(&mut pool), amounts([1_000, 700, 0, 300]));
    pool.at_epoch(1, 0);
    assert_eq!(balances(&mut pool, s0), amounts([700, 700, 300, 300]));
}

/// §3.10, §7 item 9: a request above next epoch's active balance reverts even while the current one is larger.
#[test]
fn a_request_cannot_exceed_the_next_active_balance() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(1_001) }), EXCEEDS_NEXT_ACTIVE);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(600) }).unwrap();
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(401) }), EXCEEDS_NEXT_ACTIVE);
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 400, 0, 600]));
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 0, 0, 1_000]));
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(1) }), EXCEEDS_NEXT_ACTIVE);
}

/// §3.10, §7 item 1: requests fail from the blackout window's first second (before the amount check) until the next epoch.
#[test]
fn requests_are_refused_in_the_blackout_window() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    pool.at_epoch(0, 0);
    pool.stake(s0, 1_000);
    let blackout_start = pool.start_of(1) - 14 * DAY;
    pool.node.set_timestamp(blackout_start - 1);
    assert!(!pool.get(LS::inBlackoutWindowCall {}));
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1) }).unwrap();
    pool.at_blackout(0);
    assert!(pool.get(LS::inBlackoutWindowCall {}));
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(1) }), BLACKOUT);
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: U256::ZERO }), BLACKOUT);
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(5_000) }), BLACKOUT);
    pool.node.set_timestamp(pool.start_of(1) - 1);
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(1) }), BLACKOUT);
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 999, 0, 1]));
    pool.at_epoch(1, 0);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(2) }).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([999, 997, 1, 3]));
}

/// §3.10 withdrawStake: only last epoch's requests are withdrawable (in the blackout window too); the recipient gets the tokens.
#[test]
fn withdraw_stake_pays_the_current_inactive_balance() {
    let mut pool = Pool::new();
    let (s0, recipient) = (user(&pool.node, 0), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(1) }), EXCEEDS_INACTIVE);

    pool.at_blackout(1);
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(401) }), EXCEEDS_INACTIVE);
    let receipt = pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(400) }).unwrap();
    let withdrew = LS::WithdrewStake { staker: s0, recipient, amount: u(400) };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::WithdrewStake(withdrew)]);
    let paid = ITestToken::Transfer { from: pool.address, to: recipient, value: u(400) };
    assert_eq!(receipt.events_from::<ITestToken::Transfer>(pool.usdc), vec![paid]);
    assert_eq!(pool.usdc_of(recipient), u(400));
    assert_eq!(pool.usdc_of(s0), U256::ZERO);
    assert_eq!(pool_usdc(&mut pool), u(600));
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([600, 600, 0, 0]));
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(1) }), EXCEEDS_INACTIVE);
}

/// §3.10 withdrawStake: an amount above the tokens the pool holds fails with the "available" message first.
#[test]
fn withdraw_stake_is_capped_by_the_tokens_in_the_contract() {
    let mut pool = Pool::new();
    let (s0, recipient) = (user(&pool.node, 0), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1_000) }).unwrap();
    pool.at_epoch(1, 0);
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(1_000));
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(1_001) }), EXCEEDS_AVAILABLE);
    assert_eq!(balances(&mut pool, s0), amounts([0, 0, 1_000, 1_000]));
    pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(1_000) }).unwrap();
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), U256::ZERO);
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(1) }), EXCEEDS_AVAILABLE);
}

/// §3.10 withdrawMaxStake, §7 item 14: returns what it withdrew; with nothing it succeeds with 0 and emits `WithdrewStake(…, 0)`.
#[test]
fn withdraw_max_stake_returns_the_amount_and_accepts_nothing() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    let receipt = pool.send(s1, LS::withdrawMaxStakeCall { recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::withdrawMaxStakeCall>(), U256::ZERO);
    let nothing = LS::WithdrewStake { staker: s1, recipient, amount: U256::ZERO };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::WithdrewStake(nothing)]);

    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(250) }).unwrap();
    pool.at_epoch(1, DAY);
    let receipt = pool.send(s0, LS::withdrawMaxStakeCall { recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::withdrawMaxStakeCall>(), u(250));
    assert_eq!(receipt.events::<LS::WithdrewStake>(), vec![LS::WithdrewStake { staker: s0, recipient, amount: u(250) }]);
    assert_eq!(pool.usdc_of(recipient), u(250));
    assert_eq!(balances(&mut pool, s0), amounts([750, 750, 0, 0]));

    let receipt = pool.send(s0, LS::withdrawMaxStakeCall { recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::withdrawMaxStakeCall>(), U256::ZERO);
    assert_eq!(receipt.events::<LS::WithdrewStake>(), vec![LS::WithdrewStake { staker: s0, recipient, amount: U256::ZERO }]);
    assert_eq!(pool.usdc_of(recipient), u(250));
}

/// §3.10 views: the contract's withdrawable tokens (also before epoch zero) and each staker's share of them.
#[test]
fn withdrawable_amount_views() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    let address = pool.address;
    mint_usdc(&mut pool, address, 30);
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(30));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), U256::ZERO);

    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 500);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(1_000) }).unwrap();
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(1_530));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), U256::ZERO);
    pool.at_epoch(1, 0);
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), u(1_000));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s1 }), U256::ZERO);
    pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(600) }).unwrap();
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(930));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), u(400));
}

/// §3.11, D1, §3.7.4: metadata, totalSupply/balanceOf = current active + inactive, getTransferableBalance = next active.
#[test]
fn erc20_views_count_current_active_and_inactive() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    assert_eq!(pool.get(LS::nameCall {}), "dYdX Staked USDC");
    assert_eq!(pool.get(LS::symbolCall {}), "stkUSDC");
    assert_eq!(pool.get(LS::decimalsCall {}), 6);

    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 200);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    assert_eq!(pool.get(LS::balanceOfCall { account: s0 }), u(1_000));
    assert_eq!(pool.get(LS::balanceOfCall { account: s1 }), u(200));
    assert_eq!(pool.get(LS::totalSupplyCall {}), u(1_200));
    assert_eq!(pool.get(LS::getTransferableBalanceCall { staker: s0 }), u(600));

    pool.at_epoch(1, 0);
    assert_eq!(pool.get(LS::balanceOfCall { account: s0 }), u(1_000), "600 active + 400 inactive");
    assert_eq!(pool.get(LS::getTransferableBalanceCall { staker: s0 }), u(600));
    pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(100) }).unwrap();
    assert_eq!(pool.get(LS::balanceOfCall { account: s0 }), u(900));
    assert_eq!(pool.get(LS::totalSupplyCall {}), u(1_100));
    pool.send(s0, LS::requestWithdrawalCall { amount: u(50) }).unwrap();
    assert_eq!(pool.get(LS::getTransferableBalanceCall { staker: s0 }), u(550));
    assert_eq!(pool.get(LS::balanceOfCall { account: s0 }), u(900));
}

/// §3.15 requestWithdrawalFor: STAKE_OPERATOR_ROLE; the staker's request and checks, then `OperatorWithdrawalRequestedFor`.
#[test]
fn request_withdrawal_for_acts_for_the_staker() {
    let mut pool = Pool::new();
    let (s0, op) = (user(&pool.node, 0), user(&pool.node, 4));
    let (stake_role, claim_role) = (pool.get(LS::STAKE_OPERATOR_ROLECall {}), pool.get(LS::CLAIM_OPERATOR_ROLECall {}));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: u(300) }), missing_role(op, stake_role));
    pool.grant(claim_role, op);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: u(300) }), missing_role(op, stake_role));

    pool.grant(stake_role, op);
    let receipt = pool.send(op, LS::requestWithdrawalForCall { staker: s0, amount: u(300) }).unwrap();
    let expected = vec![
        Event::WithdrawalRequested(LS::WithdrawalRequested { staker: s0, amount: u(300) }),
        Event::OperatorWithdrawalRequestedFor(LS::OperatorWithdrawalRequestedFor { staker: s0, amount: u(300), operator: op }),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(balances(&mut pool, s0), amounts([1_000, 700, 0, 300]));
    assert_eq!(balances(&mut pool, op), amounts([0, 0, 0, 0]));
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: u(701) }), EXCEEDS_NEXT_ACTIVE);
    pool.at_blackout(0);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: u(1) }), BLACKOUT);
}

/// §3.15 withdrawStakeFor: STAKE_OPERATOR_ROLE; pays the staker's inactive stake to the recipient, then `OperatorWithdrewStakeFor`.
#[test]
fn withdraw_stake_for_pays_the_stakers_inactive_balance() {
    let mut pool = Pool::new();
    let (s0, op, recipient) = (user(&pool.node, 0), user(&pool.node, 4), user(&pool.node, 5));
    let stake_role = pool.get(LS::STAKE_OPERATOR_ROLECall {});
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    pool.at_epoch(1, DAY);
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(150) }), missing_role(op, stake_role));

    pool.grant(stake_role, op);
    let receipt = pool.send(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(150) }).unwrap();
    let expected = vec![
        Event::WithdrewStake(LS::WithdrewStake { staker: s0, recipient, amount: u(150) }),
        Event::OperatorWithdrewStakeFor(LS::OperatorWithdrewStakeFor { staker: s0, recipient, amount: u(150), operator: op }),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.usdc_of(recipient), u(150));
    assert_eq!(pool.usdc_of(op), U256::ZERO);
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 250, 250]));
    assert_eq!(totals(&mut pool), amounts([600, 600, 250, 250]));
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(251) }), EXCEEDS_INACTIVE);
}

/// §3.15 claimRewardsFor: CLAIM_OPERATOR_ROLE (not the stake one); `ClaimedRewards` then `OperatorClaimedRewardsFor`.
#[test]
fn claim_rewards_for_needs_the_claim_operator_role() {
    let mut pool = Pool::new();
    let (s0, op, recipient) = (user(&pool.node, 0), user(&pool.node, 4), user(&pool.node, 5));
    let (stake_role, claim_role) = (pool.get(LS::STAKE_OPERATOR_ROLECall {}), pool.get(LS::CLAIM_OPERATOR_ROLECall {}));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.grant(stake_role, op);
    assert_eq!(pool.reason(op, LS::claimRewardsForCall { staker: s0, recipient }), missing_role(op, claim_role));

    pool.grant(claim_role, op);
    pool.at_epoch(0, 2 * DAY);
    let receipt = pool.send(op, LS::claimRewardsForCall { staker: s0, recipient }).unwrap();
    assert_eq!(receipt.returns::<LS::claimRewardsForCall>(), U256::ZERO);
    let expected = vec![
        Event::GlobalIndexUpdated(LS::GlobalIndexUpdated { index: U256::ZERO }),
        Event::ClaimedRewards(LS::ClaimedRewards { user: s0, recipient, claimedRewards: U256::ZERO }),
        Event::OperatorClaimedRewardsFor(LS::OperatorClaimedRewardsFor { staker: s0, recipient, claimedRewards: U256::ZERO, operator: op }),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
}

/// D7 (§9.2): after the role check, stakeFor and the operators reject staker address(0); the totals stay unchanged.
#[test]
fn address_zero_is_not_a_staker() {
    let mut pool = Pool::new();
    let (s0, payer, op, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 4), user(&pool.node, 5));
    let (stake_role, claim_role) = (pool.get(LS::STAKE_OPERATOR_ROLECall {}), pool.get(LS::CLAIM_OPERATOR_ROLECall {}));
    let zero = Address::ZERO;
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: zero, amount: u(100) }), missing_role(op, stake_role));
    assert_eq!(pool.reason(op, LS::claimRewardsForCall { staker: zero, recipient }), missing_role(op, claim_role));
    pool.grant(stake_role, op);
    pool.grant(claim_role, op);
    pool.fund(payer, 100);

    pool.at_epoch(1, DAY);
    assert_eq!(pool.reason(payer, LS::stakeForCall { staker: zero, amount: u(100) }), INVALID_STAKER);
    assert_eq!(pool.reason(payer, LS::stakeForCall { staker: zero, amount: U256::ZERO }), INVALID_STAKER);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: zero, amount: u(100) }), INVALID_STAKER);
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: zero, recipient, amount: u(100) }), INVALID_STAKER);
    assert_eq!(pool.reason(op, LS::claimRewardsForCall { staker: zero, recipient }), INVALID_STAKER);
    assert_eq!(totals(&mut pool), amounts([600, 600, 400, 400]));
    assert_eq!(pool.get(LS::totalSupplyCall {}), u(1_000));
    assert_eq!(pool.usdc_of(payer), u(100));
    assert_eq!(pool.usdc_of(recipient), U256::ZERO);
}

/// §3.19, §3.7.4: before epoch zero views read 0 and staker functions fail as tabled; staking works from epoch zero's first second.
#[test]
fn before_epoch_zero() {
    let mut pool = Pool::new();
    let (s0, op, recipient) = (user(&pool.node, 0), user(&pool.node, 4), user(&pool.node, 5));
    let (stake_role, claim_role) = (pool.get(LS::STAKE_OPERATOR_ROLECall {}), pool.get(LS::CLAIM_OPERATOR_ROLECall {}));
    pool.grant(stake_role, op);
    pool.grant(claim_role, op);
    let address = pool.address;
    mint_usdc(&mut pool, address, 50);
    pool.fund(s0, 100);
    pool.node.set_timestamp(pool.offset - 1);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));

    assert_eq!(balances(&mut pool, s0), amounts([0, 0, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([0, 0, 0, 0]));
    assert_eq!(pool.get(LS::totalSupplyCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::balanceOfCall { account: s0 }), U256::ZERO);
    assert_eq!(pool.get(LS::getTransferableBalanceCall { staker: s0 }), U256::ZERO);
    assert_eq!(pool.get(LS::getStakerDebtBalanceCall { staker: s0 }), U256::ZERO);
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), U256::ZERO);

    assert_eq!(pool.reason(s0, LS::stakeCall { amount: u(100) }), EPOCH_ZERO);
    assert_eq!(pool.reason(s0, LS::stakeCall { amount: U256::ZERO }), EPOCH_ZERO);
    assert_eq!(pool.reason(s0, LS::stakeForCall { staker: recipient, amount: u(100) }), EPOCH_ZERO);
    assert_eq!(pool.reason(s0, LS::claimRewardsCall { recipient }), EPOCH_ZERO);
    assert_eq!(pool.reason(op, LS::claimRewardsForCall { staker: s0, recipient }), EPOCH_ZERO);
    assert_eq!(pool.reason(s0, LS::withdrawMaxStakeCall { recipient }), EPOCH_ZERO);
    assert_eq!(pool.reason(s0, LS::failsafeSettleUserInactiveBalanceToEpochCall { maxEpoch: U256::ZERO }), EPOCH_ZERO);

    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: u(1) }), EXCEEDS_NEXT_ACTIVE);
    assert_eq!(pool.reason(s0, LS::requestWithdrawalCall { amount: U256::ZERO }), EPOCH_ZERO);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: u(1) }), EXCEEDS_NEXT_ACTIVE);
    assert_eq!(pool.reason(op, LS::requestWithdrawalForCall { staker: s0, amount: U256::ZERO }), EPOCH_ZERO);

    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(51) }), EXCEEDS_AVAILABLE);
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(50) }), EXCEEDS_INACTIVE);
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: U256::ZERO }), EPOCH_ZERO);
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(51) }), EXCEEDS_AVAILABLE);
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(1) }), EXCEEDS_INACTIVE);
    assert_eq!(pool.reason(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: U256::ZERO }), EPOCH_ZERO);
    assert_eq!(pool.usdc_of(s0), u(100));
    assert_eq!(pool_usdc(&mut pool), u(50));

    pool.at_epoch(0, 0);
    pool.send(s0, LS::stakeCall { amount: u(100) }).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([100, 100, 0, 0]));
}

/// §3.7.1, §7 item 5: after untouched epochs balances roll straight to the current epoch; E0's request is withdrawable in E5.
#[test]
fn balances_roll_across_skipped_epochs() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 500);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();

    pool.at_epoch(5, 3 * DAY);
    assert_eq!(pool.get(LS::getCurrentEpochCall {}), u(5));
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 400, 400]));
    assert_eq!(balances(&mut pool, s1), amounts([500, 500, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([1_100, 1_100, 400, 400]));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), u(400));

    let receipt = pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(400) }).unwrap();
    assert_eq!(receipt.events::<LS::WithdrewStake>(), vec![LS::WithdrewStake { staker: s0, recipient, amount: u(400) }]);
    assert_eq!(pool.usdc_of(recipient), u(400));
    pool.stake(s1, 100);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(600) }).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([600, 0, 0, 600]));
    assert_eq!(balances(&mut pool, s1), amounts([600, 600, 0, 0]));
    assert_eq!(totals(&mut pool), amounts([1_200, 600, 0, 600]));
    pool.at_epoch(9, 0);
    assert_eq!(balances(&mut pool, s0), amounts([0, 0, 600, 600]));
    assert_eq!(totals(&mut pool), amounts([600, 600, 600, 600]));
}

/// §3.16 failsafeSettle…ToEpoch: stored epoch <= maxEpoch <= current, else 'maxEpoch'; it rolls the stored balance, no events.
#[test]
fn failsafe_settle_rolls_the_stored_inactive_balance_up_to_max_epoch() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    let settle = |max_epoch: u64| LS::failsafeSettleUserInactiveBalanceToEpochCall { maxEpoch: u(max_epoch) };
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    pool.at_epoch(3, DAY);

    assert_eq!(pool.reason(s0, settle(4)), MAX_EPOCH);
    let receipt = pool.send(s0, settle(1)).unwrap();
    assert!(receipt.logs.is_empty(), "no shortfalls, no events");
    assert_eq!(pool.reason(s0, settle(0)), MAX_EPOCH, "the stored balance is now in epoch 1");
    pool.send(s0, settle(1)).unwrap();
    pool.send(s0, settle(3)).unwrap();
    assert_eq!(pool.reason(s0, settle(2)), MAX_EPOCH);
    pool.send(s0, settle(3)).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 400, 400]));
    assert_eq!(totals(&mut pool), amounts([600, 600, 400, 400]));

    pool.send(s1, settle(0)).unwrap();
    pool.send(s1, settle(3)).unwrap();
    assert_eq!(balances(&mut pool, s1), amounts([0, 0, 0, 0]));
    pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(400) }).unwrap();
    assert_eq!(pool.usdc_of(recipient), u(400));
}

/// §3.16 failsafeDelete…, D12: the caller's inactive reads 0/0, the total keeps it, a second delete works, staking goes on.
#[test]
fn failsafe_delete_forfeits_the_callers_inactive_balance_only() {
    let mut pool = Pool::new();
    let (s0, s1, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 500);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    pool.send(s1, LS::requestWithdrawalCall { amount: u(100) }).unwrap();
    pool.at_epoch(1, DAY);

    let receipt = pool.send(s0, LS::failsafeDeleteUserInactiveBalanceCall {}).unwrap();
    assert!(receipt.logs.is_empty());
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 0, 0]));
    assert_eq!(balances(&mut pool, s1), amounts([400, 400, 100, 100]));
    assert_eq!(totals(&mut pool), amounts([1_000, 1_000, 500, 500]), "D12: the total keeps the deleted 400");
    assert_eq!(pool.get(LS::totalSupplyCall {}), u(1_500));
    assert_eq!(pool.reason(s0, LS::withdrawStakeCall { recipient, amount: u(1) }), EXCEEDS_INACTIVE);
    pool.send(s0, LS::failsafeDeleteUserInactiveBalanceCall {}).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([600, 600, 0, 0]));

    pool.send(s0, LS::requestWithdrawalCall { amount: u(100) }).unwrap();
    assert_eq!(balances(&mut pool, s0), amounts([600, 500, 0, 100]));
    pool.at_epoch(2, 0);
    pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(100) }).unwrap();
    assert_eq!(pool.usdc_of(recipient), u(100));
    assert_eq!(totals(&mut pool), amounts([900, 900, 500, 500]));
}

/// §3.16, §3.19: failsafeDeleteUserInactiveBalance works before epoch zero, twice.
#[test]
fn failsafe_delete_works_before_epoch_zero() {
    let mut pool = Pool::new();
    let s0 = user(&pool.node, 0);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));
    let receipt = pool.send(s0, LS::failsafeDeleteUserInactiveBalanceCall {}).unwrap();
    assert!(receipt.logs.is_empty());
    pool.send(s0, LS::failsafeDeleteUserInactiveBalanceCall {}).unwrap();
    pool.at_epoch(0, 0);
    assert_eq!(balances(&mut pool, s0), amounts([0, 0, 0, 0]));
}
