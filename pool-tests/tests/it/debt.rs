//! Spec §3.9 shortfalls and debt (markDebt), §3.7 their lazy application to stakers, §3.10 debt
//! withdrawals, §3.15 debt operators, §3.16 failsafe, §3.20 examples A-E, §7 items 11, 21-24, with
//! D7, D11 (a staker's debt from a shortfall is floor(v × (1e36 − index) / 1e36)) and D13.

use alloy_primitives::{aliases::U224, Address, U256};
use alloy_sol_types::SolCall;
use bindings::ITestToken;
use pool_tests::{
    allocate, approve_pool, devnode::Receipt, missing_role, pool_events, pool_usdc, u, user, ILiquidityStakingV1 as LS, Pool, DAY,
};

type Event = LS::ILiquidityStakingV1Events;

const NO_SHORTFALL: &str = "LS1DebtAccounting: No shortfall";
const NOT_COVERED: &str = "LS1DebtAccounting: Borrowers do not cover the shortfall";
const DEBT_OWED: &str = "LS1Staking: Withdraw debt exceeds debt owed";
const DEBT_AVAILABLE: &str = "LS1Staking: Withdraw debt exceeds amount available";
const SUBTRACTION: &str = "SafeMath: subtraction overflow";
const EPOCH_ZERO: &str = "LS1EpochSchedule: Epoch zero has not started";
const MAX_EPOCH: &str = "LS1StakedBalances: maxEpoch";

/// The actors: stakers, borrowers (b2 is example E's "other"), a keeper that marks debt (and
/// becomes the debt operator where one is needed) and a recipient.
struct Accounts {
    s0: Address,
    s1: Address,
    b0: Address,
    b1: Address,
    b2: Address,
    keeper: Address,
    recipient: Address,
}

fn accounts(pool: &Pool) -> Accounts {
    let at = |i| user(&pool.node, i);
    Accounts { s0: at(0), s1: at(1), b0: at(2), b1: at(3), b2: at(4), keeper: at(5), recipient: at(6) }
}

/// A shortfall index: `percent` % of the inactive balances survive (× 1e36).
fn index(percent: u64) -> U256 {
    u(percent) * U256::from(10).pow(u(34))
}

/// Sends `call` from `from`, which must succeed.
fn send_ok<C: SolCall>(pool: &mut Pool, from: Address, call: C) -> Receipt {
    let name = C::SIGNATURE;
    pool.send(from, call).unwrap_or_else(|failure| panic!("{name}: {:?}", failure.reason()))
}

fn borrow(pool: &mut Pool, borrower: Address, amount: u64) {
    send_ok(pool, borrower, LS::borrowCall { amount: u(amount) });
}

fn request(pool: &mut Pool, staker: Address, amount: u64) -> Receipt {
    send_ok(pool, staker, LS::requestWithdrawalCall { amount: u(amount) })
}

fn mark_debt_call(borrowers: &[Address]) -> LS::markDebtCall {
    LS::markDebtCall { borrowers: borrowers.to_vec() }
}

/// `markDebt(borrowers)` from `caller`; returns the receipt after checking it returned `shortfall`.
fn mark_debt(pool: &mut Pool, caller: Address, borrowers: &[Address], shortfall: u64) -> Receipt {
    let receipt = send_ok(pool, caller, mark_debt_call(borrowers));
    assert_eq!(receipt.returns::<LS::markDebtCall>(), u(shortfall));
    receipt
}

fn repay_debt(pool: &mut Pool, borrower: Address, amount: u64) {
    send_ok(pool, borrower, LS::repayDebtCall { borrower, amount: u(amount) });
}

fn debt_marked(borrower: Address, amount: u64, borrowed: u64, debt: u64) -> Event {
    Event::DebtMarked(LS::DebtMarked { borrower, amount: u(amount), newBorrowedBalance: u(borrowed), newDebtBalance: u(debt) })
}

fn restricted(borrower: Address) -> Event {
    Event::BorrowingRestrictionChanged(LS::BorrowingRestrictionChanged { borrower, isBorrowingRestricted: true })
}

fn converted(amount: u64, index: U256, remaining: u64) -> Event {
    let converted =
        LS::ConvertedInactiveBalancesToDebt { shortfallAmount: u(amount), shortfallIndex: index, newInactiveBalance: u(remaining) };
    Event::ConvertedInactiveBalancesToDebt(converted)
}

fn received(staker: Address, amount: u64, debt: u64) -> Event {
    Event::ReceivedDebt(LS::ReceivedDebt { staker, amount: u(amount), newDebtBalance: u(debt) })
}

fn withdrew_debt(staker: Address, recipient: Address, amount: u64, debt: u64) -> Event {
    Event::WithdrewDebt(LS::WithdrewDebt { staker, recipient, amount: u(amount), newDebtBalance: u(debt) })
}

fn requested(staker: Address, amount: u64) -> Event {
    Event::WithdrawalRequested(LS::WithdrawalRequested { staker, amount: u(amount) })
}

/// The boundary settlement of the rewards index (rate 0: the index stays 0).
fn index_settled() -> Event {
    Event::GlobalIndexUpdated(LS::GlobalIndexUpdated { index: U256::ZERO })
}

/// `staker`'s [current, next] inactive balance, after pending shortfalls.
fn inactive(pool: &mut Pool, staker: Address) -> [U256; 2] {
    [pool.get(LS::getInactiveBalanceCurrentEpochCall { staker }), pool.get(LS::getInactiveBalanceNextEpochCall { staker })]
}

fn total_inactive(pool: &mut Pool) -> [U256; 2] {
    [pool.get(LS::getTotalInactiveBalanceCurrentEpochCall {}), pool.get(LS::getTotalInactiveBalanceNextEpochCall {})]
}

fn pair(current: u64, next: u64) -> [U256; 2] {
    [u(current), u(next)]
}

/// `getStakerDebtBalance`: settled plus pending debt.
fn staker_debt(pool: &mut Pool, staker: Address) -> U256 {
    pool.get(LS::getStakerDebtBalanceCall { staker })
}

fn borrower_debt(pool: &mut Pool, borrower: Address) -> U256 {
    pool.get(LS::getBorrowerDebtBalanceCall { borrower })
}

fn shortfall(epoch: u16, index: U256) -> LS::Shortfall {
    LS::Shortfall { epoch, index: U224::from(index) }
}

fn is_restricted(pool: &mut Pool, borrower: Address) -> bool {
    pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower })
}

/// §3.20 example A, epoch 0: allocations 4,000/6,000 from the start; stakes 300/700; borrows 300/600;
/// requests 100/500; b1 repays 200 (B = 700).
fn example_a_epoch_zero(pool: &mut Pool, a: &Accounts) {
    allocate(pool, &[(Address::ZERO, 0), (a.b0, 4_000), (a.b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 300);
    pool.stake(a.s1, 700);
    borrow(pool, a.b0, 300);
    borrow(pool, a.b1, 600);
    request(pool, a.s0, 100);
    request(pool, a.s1, 500);
    approve_pool(pool, a.b0);
    approve_pool(pool, a.b1);
    send_ok(pool, a.b1, LS::repayBorrowCall { borrower: a.b1, amount: u(200) });
}

/// §3.20 example A to the end of its second shortfall (E2).
fn example_a(pool: &mut Pool, a: &Accounts) {
    example_a_epoch_zero(pool, a);
    pool.at_epoch(1, DAY);
    mark_debt(pool, a.keeper, &[a.b0, a.b1], 300);
    request(pool, a.s0, 200);
    pool.at_epoch(2, DAY);
    mark_debt(pool, a.keeper, &[a.b0, a.b1], 200);
}

/// §3.20 example B to E3 (allocations set in E0 for E1, stakes and borrows in E1, the first
/// shortfall and s0's request in E2); returns E2's markDebt receipt.
fn example_b_until_epoch_3(pool: &mut Pool, a: &Accounts) -> Receipt {
    pool.at_epoch(0, DAY);
    allocate(pool, &[(Address::ZERO, 0), (a.b0, 4_000), (a.b1, 6_000)]);
    pool.at_epoch(1, DAY);
    pool.stake(a.s0, 300);
    pool.stake(a.s1, 700);
    borrow(pool, a.b0, 300);
    borrow(pool, a.b1, 600);
    request(pool, a.s0, 100);
    request(pool, a.s1, 500);
    approve_pool(pool, a.b0);
    approve_pool(pool, a.b1);
    send_ok(pool, a.b1, LS::repayBorrowCall { borrower: a.b1, amount: u(200) });
    pool.at_epoch(2, DAY);
    let receipt = mark_debt(pool, a.keeper, &[a.b0, a.b1], 300);
    request(pool, a.s0, 100);
    pool.at_epoch(3, DAY);
    receipt
}

/// §3.20 example B in E3: s0 requests another 100, then the 0.75 shortfall is marked; returns its receipt.
fn example_b_second_shortfall(pool: &mut Pool, a: &Accounts) -> Receipt {
    request(pool, a.s0, 100);
    mark_debt(pool, a.keeper, &[a.b0, a.b1], 100)
}

/// §3.20 example D to E1: allocations 9,990/10, 1,000 staked, borrowed 999 + 1, all requested.
fn example_d(pool: &mut Pool, a: &Accounts) {
    allocate(pool, &[(Address::ZERO, 0), (a.b0, 9_990), (a.b1, 10)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 1_000);
    borrow(pool, a.b0, 999);
    borrow(pool, a.b1, 1);
    request(pool, a.s0, 1_000);
    pool.at_epoch(1, DAY);
}

/// §3.20 example A, §3.9.3, §3.18: two partial shortfalls (0.5 then 0.6) with their events, shortfall records and lazy staker debt.
#[test]
fn example_a_two_partial_shortfalls() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    example_a_epoch_zero(&mut pool, &a);
    pool.at_epoch(1, DAY);
    assert_eq!(pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(400));
    assert_eq!(total_inactive(&mut pool), pair(600, 600));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(700));

    // D = 300: b0 is 300 − 160 over its allocation, b1 400 − 240; both newly restricted.
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 300);
    let expected = vec![
        debt_marked(a.b0, 140, 160, 140),
        restricted(a.b0),
        debt_marked(a.b1, 160, 240, 160),
        restricted(a.b1),
        converted(300, index(50), 300),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected, "no ReceivedDebt: stakers are credited lazily");
    assert_eq!(pool.get(LS::getShortfallCountCall {}), u(1));
    assert_eq!(pool.get(LS::getShortfallCall { shortfallCounter: U256::ZERO }), shortfall(1, index(50)));
    assert_eq!(staker_debt(&mut pool, a.s0), u(50));
    assert_eq!(staker_debt(&mut pool, a.s1), u(250));
    assert_eq!(inactive(&mut pool, a.s0), pair(50, 50));
    assert_eq!(inactive(&mut pool, a.s1), pair(250, 250));
    assert_eq!(total_inactive(&mut pool), pair(300, 300));

    // s0's next touch credits its debt, before its own event.
    let receipt = request(&mut pool, a.s0, 200);
    assert_eq!(pool_events(&pool, &receipt), vec![index_settled(), received(a.s0, 50, 50), requested(a.s0, 200)]);
    assert_eq!(inactive(&mut pool, a.s0), pair(50, 250));

    pool.at_epoch(2, DAY);
    // A = 200, X = 300 + 200, B = 400: D = 200, b0 160 − 80, b1 240 − 120; already restricted.
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 200);
    let expected = vec![debt_marked(a.b0, 80, 80, 220), debt_marked(a.b1, 120, 120, 280), converted(200, index(60), 300)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.get(LS::getShortfallCountCall {}), u(2));
    assert_eq!(pool.get(LS::getShortfallCall { shortfallCounter: U256::ZERO }), shortfall(1, index(50)));
    assert_eq!(pool.get(LS::getShortfallCall { shortfallCounter: u(1) }), shortfall(2, index(60)));
    assert_eq!(pool.get_reason(LS::getShortfallCall { shortfallCounter: u(2) }), "LS1Getters: Invalid shortfall index", "D13");

    // s0: 50 + (250 − 150); s1, untouched since E0: 500 → 250 → 150, all of it pending.
    assert_eq!(staker_debt(&mut pool, a.s0), u(150));
    assert_eq!(staker_debt(&mut pool, a.s1), u(350));
    assert_eq!(inactive(&mut pool, a.s0), pair(150, 150));
    assert_eq!(inactive(&mut pool, a.s1), pair(150, 150));
    assert_eq!(borrower_debt(&mut pool, a.b0), u(220));
    assert_eq!(borrower_debt(&mut pool, a.b1), u(280));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(500));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(200));
    assert_eq!(pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(200));
    assert_eq!(total_inactive(&mut pool), pair(300, 300));
    assert_eq!(pool_usdc(&mut pool), u(300));
}

/// §3.20 example A continued, §3.10 withdrawDebt/withdrawMaxDebt, §7 items 20, 23-24: repaid debt is shared first come first served.
#[test]
fn example_a_repaid_debt_is_withdrawn_first_come_first_served() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    example_a(&mut pool, &a);
    repay_debt(&mut pool, a.b0, 220);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(220));
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(300));
    assert_eq!(pool.get(LS::getContractBalanceAvailableToBorrowCall {}), U256::ZERO);

    assert_eq!(pool.reason(a.s0, LS::withdrawDebtCall { recipient: a.recipient, amount: u(151) }), DEBT_OWED);
    let receipt = send_ok(&mut pool, a.s0, LS::withdrawMaxDebtCall { recipient: a.recipient });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), u(150));
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s0, 100, 150), withdrew_debt(a.s0, a.recipient, 150, 0)]);
    let paid = ITestToken::Transfer { from: pool.address, to: a.recipient, value: u(150) };
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![paid]);

    assert_eq!(pool.get(LS::getDebtAvailableToWithdrawCall { staker: a.s1 }), u(70));
    assert_eq!(pool.reason(a.s1, LS::withdrawDebtCall { recipient: a.s1, amount: u(71) }), DEBT_AVAILABLE);
    let receipt = send_ok(&mut pool, a.s1, LS::withdrawDebtCall { recipient: a.s1, amount: u(70) });
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s1, 350, 350), withdrew_debt(a.s1, a.s1, 70, 280)]);
    let receipt = send_ok(&mut pool, a.s1, LS::withdrawMaxDebtCall { recipient: a.s1 });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), U256::ZERO);
    assert_eq!(pool_events(&pool, &receipt), vec![withdrew_debt(a.s1, a.s1, 0, 280)], "nothing left: succeeds with 0");

    repay_debt(&mut pool, a.b1, 280);
    let receipt = send_ok(&mut pool, a.s1, LS::withdrawMaxDebtCall { recipient: a.s1 });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), u(280));
    assert_eq!(staker_debt(&mut pool, a.s1), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), U256::ZERO);
    assert_eq!(pool.usdc_of(a.recipient), u(150));
    assert_eq!(pool.usdc_of(a.s1), u(350));
    assert_eq!(pool_usdc(&mut pool), u(300));

    // 800 tokens, 300 inactive kept back: b0 may take 40 % of 700 less its 80, b1 60 % less its 120.
    pool.stake(a.s0, 500);
    let owner = pool.owner;
    for borrower in [a.b0, a.b1] {
        send_ok(&mut pool, owner, LS::setBorrowingRestrictionCall { borrower, isBorrowingRestricted: false });
    }
    assert_eq!(pool.get(LS::getBorrowableAmountCall { borrower: a.b0 }), u(200));
    assert_eq!(pool.get(LS::getBorrowableAmountCall { borrower: a.b1 }), u(300));
}

/// §3.20 example B with D11: the 0.75 shortfall credits s0 37 (not 38) and s1 62 (not 63), so Σ staker debt 399 <= Σ borrower debt 400.
#[test]
fn example_b_shortfall_with_rounding() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let receipt = example_b_until_epoch_3(&mut pool, &a);
    let expected = vec![
        debt_marked(a.b0, 140, 160, 140),
        restricted(a.b0),
        debt_marked(a.b1, 160, 240, 160),
        restricted(a.b1),
        converted(300, index(50), 300),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker: a.s0 }), u(100));
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker: a.s1 }), u(200));
    assert_eq!(inactive(&mut pool, a.s0), pair(150, 150));
    assert_eq!(inactive(&mut pool, a.s1), pair(250, 250));
    assert_eq!(staker_debt(&mut pool, a.s0), u(50));
    assert_eq!(staker_debt(&mut pool, a.s1), u(250));

    // A = 300, B = 400, X = 400: D = 100; b0 160 − 120, b1 240 − 180; no new restrictions.
    let receipt = example_b_second_shortfall(&mut pool, &a);
    let expected = vec![debt_marked(a.b0, 40, 120, 180), debt_marked(a.b1, 60, 180, 220), converted(100, index(75), 300)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    // s0's 100 requested this epoch is not exposed: 150 → 112 (+ 100 pending). D11: the debt is
    // floor(150 × 0.25) = 37 and floor(250 × 0.25) = 62; the spec's original credits 38 and 63.
    assert_eq!(inactive(&mut pool, a.s0), pair(112, 212));
    assert_eq!(inactive(&mut pool, a.s1), pair(187, 187));
    assert_eq!(staker_debt(&mut pool, a.s0), u(50 + 37));
    assert_eq!(staker_debt(&mut pool, a.s1), u(250 + 62));
    assert_eq!(total_inactive(&mut pool), pair(300, 400), "the total keeps 1 unit of dust over Σ users' 299");
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(400), "Σ staker debt is 399 (the original: 401)");

    pool.at_epoch(4, DAY);
    assert_eq!(inactive(&mut pool, a.s0), pair(212, 212));
    assert_eq!(inactive(&mut pool, a.s1), pair(187, 187));
    assert_eq!(pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(200));
    assert_eq!(total_inactive(&mut pool), pair(400, 400));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(400));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(300));
}

/// §3.20 example B, §3.16, D12: s1 (untouched since E1) settles with maxEpoch 2, 3, 4, 4; 5 reverts; s0's delete forfeits its pending debt.
#[test]
fn example_b_failsafe_settles_epoch_by_epoch() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let settle = |max_epoch: u64| LS::failsafeSettleUserInactiveBalanceToEpochCall { maxEpoch: u(max_epoch) };
    example_b_until_epoch_3(&mut pool, &a);
    example_b_second_shortfall(&mut pool, &a);
    pool.at_epoch(4, DAY);

    let receipt = send_ok(&mut pool, a.s1, settle(2));
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s1, 250, 250)]);
    let receipt = send_ok(&mut pool, a.s1, settle(3));
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s1, 62, 312)], "D11: floor(250 × 0.25)");
    for _ in 0..2 {
        let receipt = send_ok(&mut pool, a.s1, settle(4));
        assert!(receipt.logs.is_empty());
    }
    assert_eq!(pool.reason(a.s1, settle(5)), MAX_EPOCH);
    assert_eq!(pool.reason(a.s1, settle(3)), MAX_EPOCH);
    assert_eq!(inactive(&mut pool, a.s1), pair(187, 187));
    assert_eq!(staker_debt(&mut pool, a.s1), u(312));

    for _ in 0..2 {
        let receipt = send_ok(&mut pool, a.s0, LS::failsafeDeleteUserInactiveBalanceCall {});
        assert!(receipt.logs.is_empty());
        assert_eq!(inactive(&mut pool, a.s0), pair(0, 0));
    }
    assert_eq!(staker_debt(&mut pool, a.s0), u(50), "the pending 37 is forfeited");
    assert_eq!(total_inactive(&mut pool), pair(400, 400));

    pool.stake(a.s0, 10);
    request(&mut pool, a.s0, 10);
    assert_eq!(inactive(&mut pool, a.s0), pair(0, 10));
    pool.at_epoch(5, DAY);
    send_ok(&mut pool, a.s0, LS::withdrawStakeCall { recipient: a.recipient, amount: u(10) });
    assert_eq!(pool.usdc_of(a.recipient), u(10));
    assert_eq!(inactive(&mut pool, a.s0), pair(0, 0));
}

/// D11 regression (§9.6, example B): after full repayment every staker withdraws its whole debt and inactive balance; dust stays.
#[test]
fn d11_regression_after_full_repayment_every_staker_withdraws_all_its_debt_and_inactive_balance() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    example_b_until_epoch_3(&mut pool, &a);
    example_b_second_shortfall(&mut pool, &a);
    pool.at_epoch(4, DAY);
    // Each borrower hands back exactly what it received: b0 300 (120 borrowed + 180 debt), b1 400 (180 + 220).
    for (borrower, borrowed, debt) in [(a.b0, 120, 180), (a.b1, 180, 220)] {
        send_ok(&mut pool, borrower, LS::repayBorrowCall { borrower, amount: u(borrowed) });
        repay_debt(&mut pool, borrower, debt);
        assert_eq!(pool.usdc_of(borrower), U256::ZERO);
    }
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(400));

    // Each staker withdraws all it is owed, s1 last. The original credited 88 + 313 = 401 against
    // the 400 repaid, so s1's withdrawal of its 313 failed with 'exceeds amount available'.
    let withdrawals = [
        (a.s0, vec![received(a.s0, 37, 87), withdrew_debt(a.s0, a.s0, 87, 0)]),
        (a.s1, vec![received(a.s1, 312, 312), withdrew_debt(a.s1, a.s1, 312, 0)]),
    ];
    for (staker, expected) in withdrawals {
        let owed = staker_debt(&mut pool, staker);
        let receipt = send_ok(&mut pool, staker, LS::withdrawDebtCall { recipient: staker, amount: owed });
        assert_eq!(pool_events(&pool, &receipt), expected);
    }
    for (staker, amount) in [(a.s0, 212), (a.s1, 187)] {
        assert_eq!(inactive(&mut pool, staker), pair(amount, amount));
        send_ok(&mut pool, staker, LS::withdrawStakeCall { recipient: staker, amount: u(amount) });
    }

    for staker in [a.s0, a.s1] {
        assert_eq!(staker_debt(&mut pool, staker), U256::ZERO);
        assert_eq!(inactive(&mut pool, staker), pair(0, 0));
        assert_eq!(pool.get(LS::getDebtAvailableToWithdrawCall { staker }), U256::ZERO);
    }
    // Each staker lost one unit to rounding: s0 staked 300, s1 700 (200 still active).
    assert_eq!(pool.usdc_of(a.s0), u(299));
    assert_eq!(pool.usdc_of(a.s1), u(499));
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(1), "one unit of debt dust");
    assert_eq!(total_inactive(&mut pool), pair(1, 1), "one unit of balance dust");
    assert_eq!(pool_usdc(&mut pool), u(202));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: a.s1 }), U256::ZERO);
}

/// D11, §9.6's borrower over-charge: two borrowers each 49.5 over their allocation owe 50 + 49, not
/// the original's 50 + 50, so the repaid debt is what stakers lost and the last staker withdraws all.
#[test]
fn d11_borrowers_owe_exactly_the_shortfall_so_the_last_staker_withdraws_all() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    pool.at_epoch(0, DAY);
    allocate(&mut pool, &[(Address::ZERO, 0), (a.b0, 5_000), (a.b1, 5_000)]);
    pool.at_epoch(1, DAY);
    pool.stake(a.s0, 101);
    pool.stake(a.s1, 100);
    borrow(&mut pool, a.b0, 100);
    borrow(&mut pool, a.b1, 100);
    request(&mut pool, a.s1, 100);
    pool.at_epoch(2, DAY);
    // A = 101, B = 200, X = 100: D = 99; each borrower owes 100 − 50.5 = 49.5 over its allocation.
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 99);
    let expected =
        vec![debt_marked(a.b0, 50, 50, 50), restricted(a.b0), debt_marked(a.b1, 49, 51, 49), restricted(a.b1), converted(99, index(1), 1)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(99));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(101));

    for (borrower, borrowed, debt) in [(a.b0, 50, 50), (a.b1, 51, 49)] {
        approve_pool(&mut pool, borrower);
        send_ok(&mut pool, borrower, LS::repayBorrowCall { borrower, amount: u(borrowed) });
        repay_debt(&mut pool, borrower, debt);
    }
    request(&mut pool, a.s0, 101);
    let receipt = send_ok(&mut pool, a.s1, LS::withdrawMaxDebtCall { recipient: a.s1 });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), u(99));
    let receipt = send_ok(&mut pool, a.s1, LS::withdrawMaxStakeCall { recipient: a.s1 });
    assert_eq!(receipt.returns::<LS::withdrawMaxStakeCall>(), u(1));
    pool.at_epoch(3, DAY);
    // The original held 100 of repaid debt against the 99 owed: s0 could withdraw only 100 of its 101.
    let receipt = send_ok(&mut pool, a.s0, LS::withdrawMaxStakeCall { recipient: a.s0 });
    assert_eq!(receipt.returns::<LS::withdrawMaxStakeCall>(), u(101));
    assert_eq!(pool.usdc_of(a.s0), u(101));
    assert_eq!(pool.usdc_of(a.s1), u(100));
    assert_eq!(pool_usdc(&mut pool), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), U256::ZERO);
}

/// §3.20 example C, §3.15, §7 item 22: a full shortfall (index 0); the operator's second decrease underflows; s0 then owns no debt to withdraw.
#[test]
fn example_c_full_shortfall() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let op = a.keeper;
    let role = pool.get(LS::DEBT_OPERATOR_ROLECall {});
    pool.grant(role, op);
    allocate(&mut pool, &[(Address::ZERO, 0), (a.b0, 4_000), (a.b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 500);
    pool.stake(a.s1, 500);
    borrow(&mut pool, a.b0, 400);
    borrow(&mut pool, a.b1, 600);
    request(&mut pool, a.s0, 200);
    request(&mut pool, a.s1, 300);

    pool.at_epoch(1, DAY);
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 500);
    let expected = vec![
        debt_marked(a.b0, 200, 200, 200),
        restricted(a.b0),
        debt_marked(a.b1, 300, 300, 300),
        restricted(a.b1),
        converted(500, U256::ZERO, 0),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.get(LS::getShortfallCall { shortfallCounter: U256::ZERO }), shortfall(1, U256::ZERO));
    assert_eq!(staker_debt(&mut pool, a.s0), u(200));
    assert_eq!(staker_debt(&mut pool, a.s1), u(300));
    assert_eq!(inactive(&mut pool, a.s0), pair(0, 0));
    assert_eq!(inactive(&mut pool, a.s1), pair(0, 0));
    assert_eq!(total_inactive(&mut pool), pair(0, 0));

    let receipt = send_ok(&mut pool, op, LS::decreaseStakerDebtCall { staker: a.s0, amount: u(200) });
    assert_eq!(receipt.returns::<LS::decreaseStakerDebtCall>(), U256::ZERO);
    let decreased = LS::OperatorDecreasedStakerDebt { staker: a.s0, amount: u(200), newDebtBalance: U256::ZERO, operator: op };
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s0, 200, 200), Event::OperatorDecreasedStakerDebt(decreased)]);
    assert_eq!(pool.reason(op, LS::decreaseStakerDebtCall { staker: a.s0, amount: u(1) }), SUBTRACTION);
    approve_pool(&mut pool, a.b0);
    repay_debt(&mut pool, a.b0, 200);
    assert_eq!(pool.reason(a.s0, LS::withdrawDebtCall { recipient: a.s0, amount: u(1) }), DEBT_OWED);
    assert_eq!(staker_debt(&mut pool, a.s1), u(300));
}

/// §3.20 example D, §3.9.3 step 3: each borrower alone leaves the 1,000 shortfall uncovered; both together are charged 999 + 1.
#[test]
fn example_d_the_borrower_list_must_cover_the_shortfall() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    example_d(&mut pool, &a);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b0])), NOT_COVERED);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b1])), NOT_COVERED);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b1, a.b1])), NOT_COVERED, "b1's second entry has nothing left over");
    assert!(!is_restricted(&mut pool, a.b0));
    assert!(!is_restricted(&mut pool, a.b1));

    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 1_000);
    let expected = vec![
        debt_marked(a.b0, 999, 0, 999),
        restricted(a.b0),
        debt_marked(a.b1, 1, 0, 1),
        restricted(a.b1),
        converted(1_000, U256::ZERO, 0),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(1_000));
    assert_eq!(staker_debt(&mut pool, a.s0), u(1_000));
}

/// §3.20 example E, §7 item 21: the first listed borrower over its allocation absorbs the shortfall; the loop stops; an empty list does not cover.
#[test]
fn example_e_one_borrower_may_absorb_the_whole_shortfall() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let other = a.b2;
    allocate(&mut pool, &[(Address::ZERO, 0), (a.b0, 5_000), (a.b1, 5_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 1_000);
    borrow(&mut pool, a.b0, 500);
    borrow(&mut pool, a.b1, 500);
    request(&mut pool, a.s0, 500);
    allocate(&mut pool, &[(a.b0, 0), (a.b1, 0), (other, 10_000)]);

    pool.at_epoch(1, DAY);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[])), NOT_COVERED);
    let expected = vec![debt_marked(a.b0, 500, 0, 500), restricted(a.b0), converted(500, U256::ZERO, 0)];
    let before = pool.node.snapshot();
    for borrowers in [vec![a.b0], vec![other, a.b0, a.b1]] {
        pool.node.revert(&before);
        let receipt = mark_debt(&mut pool, a.keeper, &borrowers, 500);
        assert_eq!(pool_events(&pool, &receipt), expected, "{borrowers:?}");
        assert!(is_restricted(&mut pool, a.b0));
        assert!(!is_restricted(&mut pool, a.b1));
        assert!(!is_restricted(&mut pool, other));
        assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: a.b1 }), u(500));
        assert_eq!(borrower_debt(&mut pool, a.b1), U256::ZERO);
    }
}

/// `markDebt`'s array is decoded before anything is checked: calldata that is not an `address[]`
/// (an address with high bits set, a length past the calldata) reverts with empty data, where the
/// well-formed call reaches 'No shortfall'.
#[test]
fn malformed_mark_debt_calldata_reverts_empty() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let good = mark_debt_call(&[a.b0]).abi_encode();
    let (mut dirty, mut long) = (good.clone(), good.clone());
    dirty[4 + 64] = 1;
    long[4 + 32..4 + 64].copy_from_slice(&[0xff; 32]);
    for (what, data) in [("a dirty address", dirty), ("a length past the calldata", long)] {
        let failure = pool.node.send_raw(a.keeper, pool.address, data.into(), U256::ZERO).expect_err(what);
        assert_eq!(failure.output().map(|o| o.len()), Some(0), "{what}: empty revert data");
    }
    let failure = pool.node.send_raw(a.keeper, pool.address, good.into(), U256::ZERO).expect_err("no shortfall");
    assert_eq!(failure.reason().as_deref(), Some(NO_SHORTFALL));
}

/// §3.9.3 step 1, §3.19, §6 INV-D4, §7 item 21: 'No shortfall' before epoch zero, at B == A and right after a success (in the blackout).
#[test]
fn mark_debt_needs_a_shortfall() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[])), NO_SHORTFALL);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b0])), NO_SHORTFALL);
    allocate(&mut pool, &[(Address::ZERO, 0), (a.b0, 10_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 1_000);
    borrow(&mut pool, a.b0, 1_000);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b0])), NO_SHORTFALL, "B == A");
    request(&mut pool, a.s0, 400);

    pool.at_blackout(1);
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0], 400);
    assert_eq!(pool_events(&pool, &receipt), vec![debt_marked(a.b0, 400, 600, 400), restricted(a.b0), converted(400, U256::ZERO, 0)]);
    assert_eq!(pool.reason(a.keeper, mark_debt_call(&[a.b0])), NO_SHORTFALL);
    assert_eq!(pool.get(LS::getShortfallCountCall {}), u(1));
}

/// §7 item 11, §6 INV-D6, D11: a request made in the shortfall's epoch escapes that shortfall but not the next one.
#[test]
fn a_request_made_in_the_shortfalls_epoch_is_not_haircut() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    allocate(&mut pool, &[(Address::ZERO, 0), (a.b0, 10_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(a.s0, 1_000);
    pool.stake(a.s1, 1_000);
    borrow(&mut pool, a.b0, 1_500);
    request(&mut pool, a.s0, 1_000);

    pool.at_epoch(1, DAY);
    request(&mut pool, a.s1, 400);
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0], 500);
    assert_eq!(pool_events(&pool, &receipt), vec![debt_marked(a.b0, 500, 1_000, 500), restricted(a.b0), converted(500, index(50), 500)]);
    assert_eq!(inactive(&mut pool, a.s0), pair(500, 500));
    assert_eq!(inactive(&mut pool, a.s1), pair(0, 400));
    assert_eq!(staker_debt(&mut pool, a.s0), u(500));
    assert_eq!(staker_debt(&mut pool, a.s1), U256::ZERO);

    pool.at_epoch(2, DAY);
    assert_eq!(inactive(&mut pool, a.s1), pair(400, 400));
    assert_eq!(staker_debt(&mut pool, a.s1), U256::ZERO);
    // A = 600, B = 1,000, X = 500 + 400: index floor(1e36 × 500 / 900) = 0.5̅ × 1e36.
    let five_ninths = U256::from(10).pow(u(36)) * u(5) / u(9);
    let receipt = mark_debt(&mut pool, a.keeper, &[a.b0], 400);
    assert_eq!(pool_events(&pool, &receipt), vec![debt_marked(a.b0, 400, 600, 900), converted(400, five_ninths, 500)]);
    // s1: 400 → floor(222.2) = 222, debt floor(177.7) = 177 (D11; the original: 178).
    // s0: 500 → floor(277.7) = 277, debt 500 + floor(222.2) = 722 (the original: 723).
    assert_eq!(inactive(&mut pool, a.s1), pair(222, 222));
    assert_eq!(staker_debt(&mut pool, a.s1), u(177));
    assert_eq!(inactive(&mut pool, a.s0), pair(277, 277));
    assert_eq!(staker_debt(&mut pool, a.s0), u(722));
    assert_eq!(total_inactive(&mut pool), pair(500, 500));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(900));
}

/// §3.10 withdrawDebt/withdrawMaxDebt, §3.19, §7 item 14: with no debt, both succeed with 0 and their event; before epoch zero they revert.
#[test]
fn withdrawing_debt_without_debt() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    assert_eq!(pool.reason(a.s0, LS::withdrawMaxDebtCall { recipient: a.recipient }), EPOCH_ZERO);
    assert_eq!(pool.reason(a.s0, LS::withdrawDebtCall { recipient: a.recipient, amount: U256::ZERO }), EPOCH_ZERO);
    pool.at_epoch(0, DAY);
    let receipt = send_ok(&mut pool, a.s0, LS::withdrawMaxDebtCall { recipient: a.recipient });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), U256::ZERO);
    assert_eq!(pool_events(&pool, &receipt), vec![withdrew_debt(a.s0, a.recipient, 0, 0)]);
    let receipt = send_ok(&mut pool, a.s0, LS::withdrawDebtCall { recipient: a.recipient, amount: U256::ZERO });
    assert_eq!(pool_events(&pool, &receipt), vec![withdrew_debt(a.s0, a.recipient, 0, 0)]);
    assert_eq!(pool.reason(a.s0, LS::withdrawDebtCall { recipient: a.recipient, amount: u(1) }), DEBT_OWED);
    assert_eq!(pool.usdc_of(a.recipient), U256::ZERO);
}

/// §3.15, D7: the debt operators need DEBT_OPERATOR_ROLE; events end with the operator; staker address(0) is refused; DA is untouched.
#[test]
fn debt_operators_decrease_staker_and_borrower_debt() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let op = a.keeper;
    let role = pool.get(LS::DEBT_OPERATOR_ROLECall {});
    example_d(&mut pool, &a);
    mark_debt(&mut pool, a.keeper, &[a.b0, a.b1], 1_000);
    assert_eq!(pool.reason(op, LS::decreaseStakerDebtCall { staker: a.s0, amount: u(1) }), missing_role(op, role));
    assert_eq!(pool.reason(op, LS::decreaseStakerDebtCall { staker: Address::ZERO, amount: u(1) }), missing_role(op, role));
    assert_eq!(pool.reason(op, LS::decreaseBorrowerDebtCall { borrower: a.b0, amount: u(1) }), missing_role(op, role));
    pool.grant(role, op);
    assert_eq!(pool.reason(op, LS::decreaseStakerDebtCall { staker: Address::ZERO, amount: U256::ZERO }), "LS1Staking: Invalid staker");

    approve_pool(&mut pool, a.b1);
    repay_debt(&mut pool, a.b1, 1);
    let receipt = send_ok(&mut pool, op, LS::decreaseBorrowerDebtCall { borrower: a.b0, amount: u(99) });
    assert_eq!(receipt.returns::<LS::decreaseBorrowerDebtCall>(), u(900));
    let decreased = LS::OperatorDecreasedBorrowerDebt { borrower: a.b0, amount: u(99), newDebtBalance: u(900), operator: op };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::OperatorDecreasedBorrowerDebt(decreased)]);
    assert_eq!(borrower_debt(&mut pool, a.b0), u(900));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(900));
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(1));
    assert_eq!(pool.reason(op, LS::decreaseBorrowerDebtCall { borrower: a.b0, amount: u(901) }), SUBTRACTION);

    let receipt = send_ok(&mut pool, op, LS::decreaseStakerDebtCall { staker: a.s0, amount: u(999) });
    assert_eq!(receipt.returns::<LS::decreaseStakerDebtCall>(), u(1));
    let decreased = LS::OperatorDecreasedStakerDebt { staker: a.s0, amount: u(999), newDebtBalance: u(1), operator: op };
    assert_eq!(pool_events(&pool, &receipt), vec![received(a.s0, 1_000, 1_000), Event::OperatorDecreasedStakerDebt(decreased)]);
    assert_eq!(staker_debt(&mut pool, a.s0), u(1));
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(1));
    let receipt = send_ok(&mut pool, a.s0, LS::withdrawMaxDebtCall { recipient: a.recipient });
    assert_eq!(receipt.returns::<LS::withdrawMaxDebtCall>(), u(1));
}

/// §3.15, §3.19: decreaseBorrowerDebt works before epoch zero (it settles nothing); decreaseStakerDebt reverts there.
#[test]
fn decrease_borrower_debt_works_before_epoch_zero() {
    let mut pool = Pool::new();
    let a = accounts(&pool);
    let op = a.keeper;
    let role = pool.get(LS::DEBT_OPERATOR_ROLECall {});
    pool.grant(role, op);
    let receipt = send_ok(&mut pool, op, LS::decreaseBorrowerDebtCall { borrower: a.b0, amount: U256::ZERO });
    assert_eq!(receipt.returns::<LS::decreaseBorrowerDebtCall>(), U256::ZERO);
    let decreased = LS::OperatorDecreasedBorrowerDebt { borrower: a.b0, amount: U256::ZERO, newDebtBalance: U256::ZERO, operator: op };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::OperatorDecreasedBorrowerDebt(decreased)]);
    assert_eq!(pool.reason(op, LS::decreaseBorrowerDebtCall { borrower: a.b0, amount: u(1) }), SUBTRACTION);
    assert_eq!(pool.reason(op, LS::decreaseStakerDebtCall { staker: a.s0, amount: U256::ZERO }), EPOCH_ZERO);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));
}

/// D18: the repaid debt available to withdraw shares the staked token's slot in 88 bits; amounts from
/// 2^88 − 1 up are kept whole in their own slot, both ways across the boundary, and the staked token's
/// address beside them is untouched.
#[test]
fn repaid_debt_of_any_size_is_kept_whole_beside_the_staked_token() {
    let mut pool = Pool::new();
    let Accounts { s0, b0, .. } = accounts(&pool);
    let marker = (U256::from(1u64) << 88) - u(1);
    let stake = U256::from(1u64) << 89;
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 10_000)]);
    pool.at_epoch(0, DAY);
    let (token, spender) = (pool.usdc, pool.address);
    pool.node.send(s0, token, ITestToken::mintCall { to: s0, amount: stake }).unwrap();
    pool.node.send(s0, token, ITestToken::approveCall { spender, value: U256::MAX }).unwrap();
    send_ok(&mut pool, s0, LS::stakeCall { amount: stake });
    send_ok(&mut pool, b0, LS::borrowCall { amount: stake });
    send_ok(&mut pool, s0, LS::requestWithdrawalCall { amount: stake });
    pool.at_epoch(1, DAY);
    send_ok(&mut pool, s0, mark_debt_call(&[b0]));
    assert_eq!(pool.get(LS::getBorrowerDebtBalanceCall { borrower: b0 }), stake);
    approve_pool(&mut pool, b0);

    let mut available = U256::ZERO;
    let check = |pool: &mut Pool, expected: U256| {
        assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), expected);
        assert_eq!(pool.get(LS::STAKED_TOKENCall {}), token, "the staked token's address is intact");
    };
    // Up: below the marker (packed), the marker itself and above (own slot).
    for step in [marker - u(1), u(1), stake - marker] {
        send_ok(&mut pool, b0, LS::repayDebtCall { borrower: b0, amount: step });
        available += step;
        check(&mut pool, available);
    }
    assert_eq!(available, stake);
    // Down: still above, to just below the marker (packed again), to zero.
    for step in [u(1), stake - marker, marker - u(1) - u(1), u(1)] {
        send_ok(&mut pool, s0, LS::withdrawDebtCall { recipient: s0, amount: step });
        available -= step;
        check(&mut pool, available);
    }
    assert_eq!(available, U256::ZERO);
    assert_eq!(pool.usdc_of(s0), stake, "the staker got back every unit it was owed");
}
