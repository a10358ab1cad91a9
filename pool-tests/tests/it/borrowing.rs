//! Spec §3.13 borrowing and repaying, the borrowing views, §3.9.1-§3.9.2 overdue borrowers and
//! their restriction, §3.20 examples F and G, §3.19 before epoch zero and §7 items 15-20.

use alloy_primitives::{Address, U256};
use bindings::ITestToken;
use pool_tests::{allocate, approve_pool, devnode::Receipt, pool_events, pool_usdc, u, user, ILiquidityStakingV1 as LS, Pool, DAY};

type Event = LS::ILiquidityStakingV1Events;

const ZERO_BORROW: &str = "LS1Borrowing: Cannot borrow zero";
const RESTRICTED: &str = "LS1Borrowing: Restricted";
const ABOVE_AVAILABLE: &str = "LS1Borrowing: Amount > available";
const ABOVE_ALLOCATED: &str = "LS1Borrowing: Amount > allocated";
const ZERO_REPAY: &str = "LS1Borrowing: Cannot repay zero";
const ABOVE_BORROWED: &str = "LS1Borrowing: Repay > borrowed";
const ABOVE_DEBT: &str = "LS1Borrowing: Repay > debt";
const NOT_OVERDUE: &str = "LS1DebtAccounting: Borrower not overdue";

fn borrow(pool: &mut Pool, borrower: Address, amount: u64) -> Receipt {
    pool.send(borrower, LS::borrowCall { amount: u(amount) }).expect("borrow")
}

fn borrow_reason(pool: &mut Pool, borrower: Address, amount: u64) -> String {
    pool.reason(borrower, LS::borrowCall { amount: u(amount) })
}

fn borrowable(pool: &mut Pool, borrower: Address) -> U256 {
    pool.get(LS::getBorrowableAmountCall { borrower })
}

fn available_to_borrow(pool: &mut Pool) -> U256 {
    pool.get(LS::getContractBalanceAvailableToBorrowCall {})
}

fn restrict(pool: &mut Pool, borrower: Address, restricted: bool) {
    let owner = pool.owner;
    pool.send(owner, LS::setBorrowingRestrictionCall { borrower, isBorrowingRestricted: restricted }).expect("setBorrowingRestriction");
}

/// §6 INV-A4: `getBorrowableAmount` is `m`; when `m > 0`, `borrow(m + 1)` fails with `reason` and `borrow(m)`
/// succeeds from the same state (which is then restored).
fn assert_borrowable(pool: &mut Pool, borrower: Address, m: u64, reason: &str) {
    assert_eq!(borrowable(pool, borrower), u(m));
    if m > 0 {
        let before = pool.node.snapshot();
        assert_eq!(borrow_reason(pool, borrower, m + 1), reason);
        borrow(pool, borrower, m);
        pool.node.revert(&before);
    }
}

/// §3.20 example G's start: b0 and b1 hold 4,000 and 6,000 units from epoch zero; s0 and s1 stake 250k and 750k in E0.
fn example_g(pool: &mut Pool) -> [Address; 5] {
    let (s0, s1, b0, b1, b2) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 4));
    allocate(pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 250_000);
    pool.stake(s1, 750_000);
    [s0, s1, b0, b1, b2]
}

/// §3.13 borrow: Borrowed(borrower, amount, newBorrowed), the tokens go to the borrower, staked balances do not move.
#[test]
fn borrow_pays_the_borrower_and_records_the_debt_to_the_pool() {
    let mut pool = Pool::new();
    let (s0, b0, b1) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 3));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    let receipt = borrow(&mut pool, b0, 300);
    assert_eq!(
        pool_events(&pool, &receipt),
        vec![Event::Borrowed(LS::Borrowed { borrower: b0, amount: u(300), newBorrowedBalance: u(300) })]
    );
    let paid = ITestToken::Transfer { from: pool.address, to: b0, value: u(300) };
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![paid]);
    let receipt = borrow(&mut pool, b0, 100);
    assert_eq!(receipt.events::<LS::Borrowed>(), vec![LS::Borrowed { borrower: b0, amount: u(100), newBorrowedBalance: u(400) }]);
    borrow(&mut pool, b1, 600);

    assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: b0 }), u(400));
    assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: b1 }), u(600));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(1_000));
    assert_eq!(pool.usdc_of(b0), u(400));
    assert_eq!(pool.usdc_of(b1), u(600));
    assert_eq!(pool_usdc(&mut pool), U256::ZERO);
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker: s0 }), u(1_000));
    assert_eq!(pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(1_000));
    assert!(!pool.get(LS::isBorrowerOverdueCall { borrower: b0 }));
}

/// §3.13 borrow steps 1-4: zero, then restriction, then tokens available, then allocation, in that order.
#[test]
fn borrow_checks_zero_restriction_availability_then_allocation() {
    let mut pool = Pool::new();
    let (s0, b0, b1, stranger) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 5));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    assert_eq!(borrow_reason(&mut pool, b0, 0), ZERO_BORROW);
    assert_eq!(borrow_reason(&mut pool, b0, 401), ABOVE_ALLOCATED);
    assert_eq!(borrow_reason(&mut pool, b0, 1_001), ABOVE_AVAILABLE);
    assert_eq!(borrow_reason(&mut pool, stranger, 1), ABOVE_ALLOCATED, "no allocation, nothing to borrow");
    borrow(&mut pool, b1, 600);
    assert_eq!(borrow_reason(&mut pool, b0, 401), ABOVE_AVAILABLE, "only 400 left in the pool");

    restrict(&mut pool, b0, true);
    assert_eq!(borrow_reason(&mut pool, b0, 0), ZERO_BORROW);
    assert_eq!(borrow_reason(&mut pool, b0, 1), RESTRICTED);
    assert_eq!(borrow_reason(&mut pool, b0, 5_000), RESTRICTED);
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
    restrict(&mut pool, b0, false);
    borrow(&mut pool, b0, 400);
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(1_000));
}

/// §3.20 example G: b0 may borrow exactly its 40 % of 1M (400k), and not one unit more.
#[test]
fn example_g_the_limit_is_the_allocated_share() {
    let mut pool = Pool::new();
    let [_, _, b0, _, _] = example_g(&mut pool);
    assert_eq!(borrowable(&mut pool, b0), u(400_000));
    assert_eq!(borrow_reason(&mut pool, b0, 400_001), ABOVE_ALLOCATED);
    borrow(&mut pool, b0, 400_000);
    assert_eq!(borrow_reason(&mut pool, b0, 1), ABOVE_ALLOCATED);
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
}

/// §3.20 example G, §3.12, §7 item 16: in the blackout window new borrowing is sized on next epoch's total; new stake raises it at once.
#[test]
fn example_g_the_blackout_window_sizes_borrowing_on_next_epochs_total() {
    let mut pool = Pool::new();
    let [s0, s1, b0, _, _] = example_g(&mut pool);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(125_000) }).unwrap();
    assert_eq!(borrowable(&mut pool, b0), u(400_000), "outside the blackout window: 40 % of this epoch's 1M");
    pool.at_blackout(0);
    assert_borrowable(&mut pool, b0, 350_000, ABOVE_ALLOCATED);
    borrow(&mut pool, b0, 350_000);
    pool.stake(s1, 125_000);
    // 40 % of next epoch's 1M again.
    assert_borrowable(&mut pool, b0, 50_000, ABOVE_ALLOCATED);
}

/// §3.20 example G, §7 item 15: an allocation decrease limits new borrowing at once; a later change in the epoch can restore part of it.
#[test]
fn example_g_allocation_decreases_bite_immediately() {
    let mut pool = Pool::new();
    let [_, _, b0, _, b2] = example_g(&mut pool);
    allocate(&mut pool, &[(b0, 0), (b2, 4_000)]);
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
    assert_eq!(borrowable(&mut pool, b2), U256::ZERO);
    assert_eq!(borrow_reason(&mut pool, b0, 1), ABOVE_ALLOCATED);
    assert_eq!(borrow_reason(&mut pool, b2, 1), ABOVE_ALLOCATED);

    pool.at_epoch(0, 2 * DAY);
    allocate(&mut pool, &[(b0, 2_000), (b2, 2_000)]);
    assert_borrowable(&mut pool, b0, 200_000, ABOVE_ALLOCATED);
    borrow(&mut pool, b0, 200_000);
    assert_eq!(borrow_reason(&mut pool, b2, 1), ABOVE_ALLOCATED, "b2's increase waits for the next epoch");
    pool.at_epoch(1, 0);
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
    assert_borrowable(&mut pool, b2, 200_000, ABOVE_ALLOCATED);
}

/// §3.20 example G, §3.12: an increase to 10,000 units (b1 gives up 6,000) lets b0 borrow more only from the next epoch.
#[test]
fn example_g_allocation_increases_wait_for_the_next_epoch() {
    let mut pool = Pool::new();
    let [_, _, b0, b1, _] = example_g(&mut pool);
    allocate(&mut pool, &[(b1, 0), (b0, 10_000)]);
    assert_borrowable(&mut pool, b0, 400_000, ABOVE_ALLOCATED);
    borrow(&mut pool, b0, 400_000);
    assert_eq!(borrow_reason(&mut pool, b0, 1), ABOVE_ALLOCATED);
    assert_eq!(borrowable(&mut pool, b1), U256::ZERO);
    pool.at_epoch(1, 0);
    // 1M × 10,000 units less the 400k borrowed, which is also all the tokens left: availability is checked first.
    assert_borrowable(&mut pool, b0, 600_000, ABOVE_AVAILABLE);
}

/// §3.13 views, §6 INV-A4: getBorrowableAmount is min(allocation room, tokens available) and exactly what borrow accepts; 0 when restricted.
#[test]
fn borrowable_amount_is_exactly_what_borrow_accepts() {
    let mut pool = Pool::new();
    let (s0, b0, b1) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 3));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 8_000), (b1, 2_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(300) }).unwrap();
    assert_borrowable(&mut pool, b0, 800, ABOVE_ALLOCATED);
    assert_borrowable(&mut pool, b1, 200, ABOVE_ALLOCATED);
    borrow(&mut pool, b1, 200);
    // 800 tokens left and 800 of room: availability is checked first.
    assert_borrowable(&mut pool, b0, 800, ABOVE_AVAILABLE);

    pool.at_epoch(1, DAY);
    // 800 tokens, 300 of them s0's inactive stake: 500 to lend, below b0's 560 (80 % of 700).
    assert_eq!(available_to_borrow(&mut pool), u(500));
    assert_borrowable(&mut pool, b0, 500, ABOVE_AVAILABLE);
    borrow(&mut pool, b0, 100);
    assert_borrowable(&mut pool, b0, 400, ABOVE_AVAILABLE);
    assert_eq!(borrowable(&mut pool, b1), U256::ZERO, "b1 holds 200, above its 140");
    restrict(&mut pool, b0, true);
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
}

/// §3.13 getContractBalanceAvailableToBorrow, §7 items 19-20: this epoch's inactive stake and repaid debt are kept back; requests are not.
#[test]
fn available_to_borrow_keeps_back_current_inactive_stake_and_repaid_debt() {
    let mut pool = Pool::new();
    let (s0, s1, b0) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 10_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(600) }).unwrap();
    assert_eq!(available_to_borrow(&mut pool), u(2_000), "a request stays borrowable until the boundary");
    borrow(&mut pool, b0, 1_500);
    assert_eq!(available_to_borrow(&mut pool), u(500));

    pool.at_epoch(1, DAY);
    // 500 tokens against 600 of current inactive stake.
    assert_eq!(available_to_borrow(&mut pool), U256::ZERO);
    pool.send(b0, LS::markDebtCall { borrowers: vec![b0] }).unwrap();
    assert_eq!(pool.get(LS::getTotalInactiveBalanceCurrentEpochCall {}), u(500));
    assert_eq!(available_to_borrow(&mut pool), U256::ZERO);
    approve_pool(&mut pool, b0);
    pool.send(b0, LS::repayBorrowCall { borrower: b0, amount: u(400) }).unwrap();
    assert_eq!(available_to_borrow(&mut pool), u(400));
    pool.send(b0, LS::repayDebtCall { borrower: b0, amount: u(100) }).unwrap();
    assert_eq!(pool_usdc(&mut pool), u(1_000));
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(100));
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), u(900));
    assert_eq!(available_to_borrow(&mut pool), u(400), "repaid debt is not lent out again");
}

/// §3.13 repayBorrow: anyone pays, RepaidBorrow(borrower, sender, amount, newBorrowed); allowed while restricted; zero and excess refused.
#[test]
fn anyone_may_repay_a_borrow() {
    let mut pool = Pool::new();
    let (s0, b0, payer) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 5));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 10_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    borrow(&mut pool, b0, 400);
    pool.fund(payer, 150);
    assert_eq!(pool.reason(payer, LS::repayBorrowCall { borrower: b0, amount: U256::ZERO }), ZERO_REPAY);
    assert_eq!(pool.reason(payer, LS::repayBorrowCall { borrower: b0, amount: u(401) }), ABOVE_BORROWED);
    let receipt = pool.send(payer, LS::repayBorrowCall { borrower: b0, amount: u(150) }).unwrap();
    let repaid = LS::RepaidBorrow { borrower: b0, sender: payer, amount: u(150), newBorrowedBalance: u(250) };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::RepaidBorrow(repaid)]);
    let paid = ITestToken::Transfer { from: payer, to: pool.address, value: u(150) };
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![paid]);
    assert_eq!(pool.usdc_of(payer), U256::ZERO);
    assert_eq!(pool.usdc_of(b0), u(400));
    assert_eq!(pool_usdc(&mut pool), u(750));
    assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: b0 }), u(250));
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), u(250));

    restrict(&mut pool, b0, true);
    approve_pool(&mut pool, b0);
    assert_eq!(pool.reason(b0, LS::repayBorrowCall { borrower: b0, amount: u(251) }), ABOVE_BORROWED);
    let receipt = pool.send(b0, LS::repayBorrowCall { borrower: b0, amount: u(250) }).unwrap();
    let repaid = LS::RepaidBorrow { borrower: b0, sender: b0, amount: u(250), newBorrowedBalance: U256::ZERO };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::RepaidBorrow(repaid)]);
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), U256::ZERO);
    assert_eq!(pool_usdc(&mut pool), u(1_000));
    assert_eq!(pool.reason(b0, LS::repayBorrowCall { borrower: b0, amount: u(1) }), ABOVE_BORROWED);
}

/// §3.13 repayDebt: anyone pays, RepaidDebt(borrower, sender, amount, newDebt); DA grows, borrower debt shrinks; zero and excess refused.
#[test]
fn repaid_debt_is_earmarked_for_stakers() {
    let mut pool = Pool::new();
    let (s0, b0, payer) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 5));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 10_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    borrow(&mut pool, b0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    pool.at_epoch(1, DAY);
    pool.send(payer, LS::markDebtCall { borrowers: vec![b0] }).unwrap();
    assert_eq!(pool.get(LS::getBorrowerDebtBalanceCall { borrower: b0 }), u(400));
    assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: b0 }), u(600));
    assert!(pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));

    pool.fund(payer, 100);
    assert_eq!(pool.reason(payer, LS::repayDebtCall { borrower: b0, amount: U256::ZERO }), ZERO_REPAY);
    assert_eq!(pool.reason(payer, LS::repayDebtCall { borrower: b0, amount: u(401) }), ABOVE_DEBT);
    let receipt = pool.send(payer, LS::repayDebtCall { borrower: b0, amount: u(100) }).unwrap();
    let repaid = LS::RepaidDebt { borrower: b0, sender: payer, amount: u(100), newDebtBalance: u(300) };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::RepaidDebt(repaid)]);
    let paid = ITestToken::Transfer { from: payer, to: pool.address, value: u(100) };
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![paid]);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(100));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), u(300));
    assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: b0 }), u(600));

    approve_pool(&mut pool, b0);
    let receipt = pool.send(b0, LS::repayDebtCall { borrower: b0, amount: u(300) }).unwrap();
    let repaid = LS::RepaidDebt { borrower: b0, sender: b0, amount: u(300), newDebtBalance: U256::ZERO };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::RepaidDebt(repaid)]);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), u(400));
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getDebtAvailableToWithdrawCall { staker: s0 }), u(400));
    assert_eq!(pool_usdc(&mut pool), u(400));
    assert_eq!(pool.get(LS::getContractBalanceAvailableToWithdrawCall {}), U256::ZERO);
    assert_eq!(pool.reason(b0, LS::repayDebtCall { borrower: b0, amount: u(1) }), ABOVE_DEBT);
}

/// §3.20 example F, §3.9.1-§3.9.2, §7 item 15: overdue = above the CURRENT allocation; restrictBorrower needs no shortfall, announces a change only.
#[test]
fn example_f_restricting_an_overdue_borrower() {
    let mut pool = Pool::new();
    let (s0, b0, b1, keeper) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 5));
    let e10 = 10_000_000_000;
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    pool.at_epoch(0, DAY);
    pool.stake(s0, 100 * e10);
    borrow(&mut pool, b0, 40 * e10);
    borrow(&mut pool, b1, 60 * e10);
    allocate(&mut pool, &[(Address::ZERO, 10_000), (b0, 0), (b1, 0)]);
    approve_pool(&mut pool, b0);
    pool.send(b0, LS::repayBorrowCall { borrower: b0, amount: u(40 * e10) }).unwrap();
    assert!(!pool.get(LS::isBorrowerOverdueCall { borrower: b1 }), "still within this epoch's 6,000 units");
    assert_eq!(pool.reason(keeper, LS::restrictBorrowerCall { borrower: b1 }), NOT_OVERDUE);

    pool.at_epoch(1, DAY);
    assert_eq!(pool.reason(keeper, LS::markDebtCall { borrowers: vec![b1] }), "LS1DebtAccounting: No shortfall");
    assert!(!pool.get(LS::isBorrowerOverdueCall { borrower: b0 }));
    assert!(pool.get(LS::isBorrowerOverdueCall { borrower: b1 }));
    assert_eq!(pool.reason(keeper, LS::restrictBorrowerCall { borrower: b0 }), NOT_OVERDUE);
    let receipt = pool.send(keeper, LS::restrictBorrowerCall { borrower: b1 }).unwrap();
    let restricted = LS::BorrowingRestrictionChanged { borrower: b1, isBorrowingRestricted: true };
    assert_eq!(pool_events(&pool, &receipt), vec![Event::BorrowingRestrictionChanged(restricted)]);
    assert!(pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b1 }));
    let receipt = pool.send(keeper, LS::restrictBorrowerCall { borrower: b1 }).unwrap();
    assert!(receipt.logs.is_empty(), "already restricted: no event");
    assert!(!pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));
}

/// §3.19: before epoch zero borrow fails in its own order, the views read 0, repayments reach their own checks, restrictBorrower is 'not overdue'.
#[test]
fn borrower_functions_before_epoch_zero() {
    let mut pool = Pool::new();
    let (b0, b1, payer) = (user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 5));
    let (usdc, owner, address) = (pool.usdc, pool.owner, pool.address);
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    pool.node.send(owner, usdc, ITestToken::mintCall { to: address, amount: u(500) }).unwrap();
    pool.fund(payer, 10);
    pool.node.set_timestamp(pool.offset - 1);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));

    assert_eq!(available_to_borrow(&mut pool), u(500));
    assert_eq!(borrowable(&mut pool, b0), U256::ZERO);
    assert_eq!(pool.get(LS::getAllocatedBalanceCurrentEpochCall { borrower: b0 }), U256::ZERO);
    assert_eq!(pool.get(LS::getAllocatedBalanceNextEpochCall { borrower: b0 }), U256::ZERO);
    assert!(!pool.get(LS::isBorrowerOverdueCall { borrower: b0 }));
    assert_eq!(borrow_reason(&mut pool, b0, 0), ZERO_BORROW);
    assert_eq!(borrow_reason(&mut pool, b0, 501), ABOVE_AVAILABLE);
    assert_eq!(borrow_reason(&mut pool, b0, 500), ABOVE_ALLOCATED);
    assert_eq!(borrow_reason(&mut pool, b0, 1), ABOVE_ALLOCATED);
    restrict(&mut pool, b0, true);
    assert_eq!(borrow_reason(&mut pool, b0, 501), RESTRICTED);
    assert_eq!(pool.reason(payer, LS::restrictBorrowerCall { borrower: b1 }), NOT_OVERDUE);

    assert_eq!(pool.reason(payer, LS::repayBorrowCall { borrower: b0, amount: U256::ZERO }), ZERO_REPAY);
    assert_eq!(pool.reason(payer, LS::repayBorrowCall { borrower: b0, amount: u(1) }), ABOVE_BORROWED);
    assert_eq!(pool.reason(payer, LS::repayDebtCall { borrower: b0, amount: U256::ZERO }), ZERO_REPAY);
    assert_eq!(pool.reason(payer, LS::repayDebtCall { borrower: b0, amount: u(1) }), ABOVE_DEBT);
    assert_eq!(pool.usdc_of(payer), u(10));
    assert_eq!(pool_usdc(&mut pool), u(500));
}

/// `getBorrowerState(borrower)` as a tuple in the order of its return values.
fn borrower_state(pool: &mut Pool, borrower: Address) -> (bool, U256, U256, U256, U256) {
    let state = pool.get(LS::getBorrowerStateCall { borrower });
    (state.inBlackoutWindow, state.borrowedBalance, state.allocatedBalanceNextEpoch, state.borrowableAmount, state.debtBalance)
}

/// D17: getBorrowerState returns, in one call, what `inBlackoutWindow`, `getBorrowedBalance`,
/// `getAllocatedBalanceNextEpoch`, `getBorrowableAmount` and `getBorrowerDebtBalance` return: before
/// epoch zero, after a borrow, with a lower allocation scheduled, in the blackout window and restricted.
#[test]
fn get_borrower_state_is_the_five_getters_in_one_call() {
    let mut pool = Pool::new();
    let (s0, b0, b1) = (user(&pool.node, 0), user(&pool.node, 2), user(&pool.node, 3));
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]);
    assert_eq!(borrower_state(&mut pool, b0), (false, u(0), u(0), u(0), u(0)), "before epoch zero");
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    assert_eq!(borrower_state(&mut pool, b0), (false, u(0), u(400), u(400), u(0)));
    borrow(&mut pool, b0, 300);
    assert_eq!(borrower_state(&mut pool, b0), (false, u(300), u(400), u(100), u(0)));
    allocate(&mut pool, &[(b0, 2_000), (b1, 8_000)]);
    assert_eq!(borrower_state(&mut pool, b0), (false, u(300), u(200), u(0), u(0)), "the lower next-epoch units bind new borrowing");
    assert_eq!(borrower_state(&mut pool, b1), (false, u(0), u(800), u(600), u(0)));
    pool.at_blackout(0);
    assert_eq!(borrower_state(&mut pool, b1), (true, u(0), u(800), u(600), u(0)));
    restrict(&mut pool, b1, true);
    assert_eq!(borrower_state(&mut pool, b1), (true, u(0), u(800), u(0), u(0)));
    for borrower in [b0, b1, s0] {
        let getters = (
            pool.get(LS::inBlackoutWindowCall {}),
            pool.get(LS::getBorrowedBalanceCall { borrower }),
            pool.get(LS::getAllocatedBalanceNextEpochCall { borrower }),
            borrowable(&mut pool, borrower),
            pool.get(LS::getBorrowerDebtBalanceCall { borrower }),
        );
        assert_eq!(borrower_state(&mut pool, borrower), getters, "{borrower}");
    }
}
