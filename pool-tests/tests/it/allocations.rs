//! Spec §3.12 borrower allocations and §3.14 their admin setters (setBorrowerAllocations,
//! setBorrowingRestriction), with D6: new values must match the listed borrowers' pending
//! next-epoch units, so next-epoch allocations always sum to 10,000 (§9.1).

use alloy_primitives::{Address, U256};
use pool_tests::{
    devnode::{Failure, Receipt},
    missing_role, pool_events, u, user, ILiquidityStakingV1 as LS, Pool, DAY,
};

type Event = LS::ILiquidityStakingV1Events;

const INVALID: &str = "LS1BorrowerAllocations: Invalid";
const MISMATCH: &str = "LS1Admin: Params length mismatch";
const BLACKOUT: &str = "LS1Admin: Blackout window";

/// `setBorrowerAllocations` with `(borrower, units)` pairs.
fn allocations_call(entries: &[(Address, u64)]) -> LS::setBorrowerAllocationsCall {
    LS::setBorrowerAllocationsCall {
        borrowers: entries.iter().map(|(borrower, _)| *borrower).collect(),
        newAllocations: entries.iter().map(|(_, units)| u(*units)).collect(),
    }
}

/// Sets allocations as the owner (the BORROWER_ADMIN_ROLE holder).
fn allocate(pool: &mut Pool, entries: &[(Address, u64)]) -> Result<Receipt, Failure> {
    let owner = pool.owner;
    pool.send(owner, allocations_call(entries))
}

/// The owner's revert reason for these allocations.
fn allocate_reason(pool: &mut Pool, entries: &[(Address, u64)]) -> String {
    let owner = pool.owner;
    pool.reason(owner, allocations_call(entries))
}

/// `ScheduledBorrowerAllocationChange` as a pool event.
fn scheduled(borrower: Address, old: u64, new: u64, epoch: u64) -> Event {
    Event::ScheduledBorrowerAllocationChange(LS::ScheduledBorrowerAllocationChange {
        borrower,
        oldAllocation: u(old),
        newAllocation: u(new),
        epochNumber: u(epoch),
    })
}

fn restriction(borrower: Address, restricted: bool) -> Event {
    Event::BorrowingRestrictionChanged(LS::BorrowingRestrictionChanged { borrower, isBorrowingRestricted: restricted })
}

/// `borrower`'s [current, next] allocation units.
fn fractions(pool: &mut Pool, borrower: Address) -> [U256; 2] {
    [pool.get(LS::getAllocationFractionCurrentEpochCall { borrower }), pool.get(LS::getAllocationFractionNextEpochCall { borrower })]
}

/// `borrower`'s [current, next] allocated balance.
fn allocated(pool: &mut Pool, borrower: Address) -> [U256; 2] {
    [pool.get(LS::getAllocatedBalanceCurrentEpochCall { borrower }), pool.get(LS::getAllocatedBalanceNextEpochCall { borrower })]
}

/// Σ current and Σ next units over `accounts`.
fn sums(pool: &mut Pool, accounts: &[Address]) -> [U256; 2] {
    accounts.iter().fold([U256::ZERO; 2], |[current, next], &account| {
        let [c, n] = fractions(pool, account);
        [current + c, next + n]
    })
}

fn units(current: u64, next: u64) -> [U256; 2] {
    [u(current), u(next)]
}

/// §3.5 step 4, §3.12: all 10,000 units start in address(0)'s bucket, current and next, before and after epoch zero.
#[test]
fn all_units_start_unallocated() {
    let mut pool = Pool::new();
    let b0 = user(&pool.node, 2);
    assert_eq!(pool.get(LS::TOTAL_ALLOCATIONCall {}), u(10_000));
    assert_eq!(fractions(&mut pool, Address::ZERO), units(10_000, 10_000));
    assert_eq!(fractions(&mut pool, b0), units(0, 0));
    pool.at_epoch(5, DAY);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(10_000, 10_000));
    assert_eq!(fractions(&mut pool, b0), units(0, 0));
}

/// §3.12, §3.19, §7 item 2: before epoch zero a change sets current and next at once; events carry epochNumber 0.
#[test]
fn before_epoch_zero_allocations_set_current_and_next() {
    let mut pool = Pool::new();
    let (b0, b1) = (user(&pool.node, 2), user(&pool.node, 3));
    let receipt = allocate(&mut pool, &[(Address::ZERO, 5_000), (b0, 2_000), (b1, 3_000)]).unwrap();
    let expected = vec![scheduled(Address::ZERO, 10_000, 5_000, 0), scheduled(b0, 0, 2_000, 0), scheduled(b1, 0, 3_000, 0)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(5_000, 5_000));
    assert_eq!(fractions(&mut pool, b0), units(2_000, 2_000));
    assert_eq!(fractions(&mut pool, b1), units(3_000, 3_000));

    let receipt = allocate(&mut pool, &[(b0, 0), (b1, 5_000)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(b0, 2_000, 0, 0), scheduled(b1, 3_000, 5_000, 0)]);
    pool.at_epoch(0, 0);
    assert_eq!(fractions(&mut pool, b0), units(0, 0));
    assert_eq!(fractions(&mut pool, b1), units(5_000, 5_000));
}

/// §3.12, §3.14: after epoch zero only next epoch changes; the event names current epoch + 1 and the CURRENT units as old.
#[test]
fn after_epoch_zero_allocations_change_next_epoch_only() {
    let mut pool = Pool::new();
    let (b0, b1, b2) = (user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 4));
    pool.at_epoch(2, DAY);
    let receipt = allocate(&mut pool, &[(Address::ZERO, 6_000), (b0, 4_000)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(Address::ZERO, 10_000, 6_000, 3), scheduled(b0, 0, 4_000, 3)]);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(10_000, 6_000));
    assert_eq!(fractions(&mut pool, b0), units(0, 4_000));

    // A second call in the same epoch lists b0's pending 4,000 (D6); its event's old value is still b0's current 0.
    let receipt = allocate(&mut pool, &[(b0, 1_000), (b1, 3_000)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(b0, 0, 1_000, 3), scheduled(b1, 0, 3_000, 3)]);
    assert_eq!(fractions(&mut pool, b0), units(0, 1_000));
    assert_eq!(fractions(&mut pool, b1), units(0, 3_000));

    pool.at_epoch(3, 0);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(6_000, 6_000));
    assert_eq!(fractions(&mut pool, b0), units(1_000, 1_000));
    assert_eq!(fractions(&mut pool, b1), units(3_000, 3_000));

    // Untouched since epoch 3 (b1) or never stored (b2): both roll to epoch 7, so the change lands in epoch 8.
    pool.at_epoch(7, DAY);
    let receipt = allocate(&mut pool, &[(b1, 0), (b2, 3_000)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(b1, 3_000, 0, 8), scheduled(b2, 0, 3_000, 8)]);
    assert_eq!(fractions(&mut pool, b1), units(3_000, 0));
    assert_eq!(fractions(&mut pool, b2), units(0, 3_000));
}

/// §3.14 setBorrowerAllocations step 1: unequal lengths revert 'Params length mismatch', checked before the blackout window.
#[test]
fn allocation_lists_must_have_equal_lengths() {
    let mut pool = Pool::new();
    let (owner, b0) = (pool.owner, user(&pool.node, 2));
    let one_borrower = LS::setBorrowerAllocationsCall { borrowers: vec![b0], newAllocations: vec![] };
    assert_eq!(pool.reason(owner, one_borrower.clone()), MISMATCH);
    let one_value = LS::setBorrowerAllocationsCall { borrowers: vec![Address::ZERO, b0], newAllocations: vec![u(10_000)] };
    assert_eq!(pool.reason(owner, one_value.clone()), MISMATCH);
    pool.at_blackout(0);
    assert_eq!(pool.reason(owner, one_borrower), MISMATCH);
    assert_eq!(pool.reason(owner, one_value), MISMATCH);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(10_000, 10_000));
}

/// §3.14 setBorrowerAllocations step 2, §6 INV-E3: refused from the blackout window's first second to the epoch's end.
#[test]
fn allocations_cannot_change_in_the_blackout_window() {
    let mut pool = Pool::new();
    let b0 = user(&pool.node, 2);
    let blackout_start = pool.start_of(1) - 14 * DAY;
    pool.node.set_timestamp(blackout_start - 1);
    allocate(&mut pool, &[(Address::ZERO, 9_000), (b0, 1_000)]).unwrap();
    pool.at_blackout(0);
    assert_eq!(allocate_reason(&mut pool, &[(b0, 0), (Address::ZERO, 10_000)]), BLACKOUT);
    pool.node.set_timestamp(pool.start_of(1) - 1);
    assert_eq!(allocate_reason(&mut pool, &[(b0, 0), (Address::ZERO, 10_000)]), BLACKOUT);
    assert_eq!(fractions(&mut pool, b0), units(0, 1_000));

    pool.at_epoch(1, 0);
    let receipt = allocate(&mut pool, &[(b0, 0), (Address::ZERO, 10_000)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(b0, 1_000, 0, 2), scheduled(Address::ZERO, 9_000, 10_000, 2)]);
}

/// §3.12, D6: the new values must sum to the listed borrowers' pending units, before and after epoch zero; nothing changes on failure.
#[test]
fn allocations_must_conserve_the_listed_units() {
    let mut pool = Pool::new();
    let (b0, b1) = (user(&pool.node, 2), user(&pool.node, 3));
    assert_eq!(allocate_reason(&mut pool, &[(b0, 1_000)]), INVALID, "address(0) must give up the units");
    assert_eq!(allocate_reason(&mut pool, &[(Address::ZERO, 5_000), (b0, 4_000)]), INVALID);
    assert_eq!(allocate_reason(&mut pool, &[(Address::ZERO, 5_000), (b0, 6_000)]), INVALID);
    // Individual values are capped only by the sum.
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 10_000)]).unwrap();

    pool.at_epoch(0, DAY);
    assert_eq!(allocate_reason(&mut pool, &[(b0, 4_000), (b1, 6_001)]), INVALID);
    assert_eq!(allocate_reason(&mut pool, &[(b0, 4_000)]), INVALID);
    assert_eq!(allocate_reason(&mut pool, &[(b1, 1)]), INVALID);
    assert_eq!(fractions(&mut pool, Address::ZERO), units(0, 0));
    assert_eq!(fractions(&mut pool, b0), units(10_000, 10_000));
    assert_eq!(fractions(&mut pool, b1), units(0, 0));
    allocate(&mut pool, &[(b0, 4_000), (b1, 6_000)]).unwrap();
    assert_eq!(fractions(&mut pool, b0), units(10_000, 4_000));
    assert_eq!(fractions(&mut pool, b1), units(0, 6_000));
}

/// §3.12: duplicate entries run one after the other against storage (each sees the previous write), before and after epoch zero.
#[test]
fn duplicate_entries_are_processed_sequentially() {
    let mut pool = Pool::new();
    let (b0, b1) = (user(&pool.node, 2), user(&pool.node, 3));
    // Pending 10,000 + 0 + 1,000 (b0's first write) = new 6,000 + 1,000 + 4,000.
    let receipt = allocate(&mut pool, &[(Address::ZERO, 6_000), (b0, 1_000), (b0, 4_000)]).unwrap();
    let expected = vec![scheduled(Address::ZERO, 10_000, 6_000, 0), scheduled(b0, 0, 1_000, 0), scheduled(b0, 1_000, 4_000, 0)];
    assert_eq!(pool_events(&pool, &receipt), expected, "before epoch zero the first entry also wrote current");
    assert_eq!(fractions(&mut pool, b0), units(4_000, 4_000));

    pool.at_epoch(1, DAY);
    // Pending 4,000 + 0 + 1,000 = new 2,000 + 1,000 + 2,000; the old values are the current units.
    let receipt = allocate(&mut pool, &[(b0, 2_000), (b1, 1_000), (b1, 2_000)]).unwrap();
    let expected = vec![scheduled(b0, 4_000, 2_000, 2), scheduled(b1, 0, 1_000, 2), scheduled(b1, 0, 2_000, 2)];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(fractions(&mut pool, b0), units(4_000, 2_000));
    assert_eq!(fractions(&mut pool, b1), units(0, 2_000));
    // Pending 2,000 + 3,000 (the first write) ≠ new 3,000 + 3,000.
    assert_eq!(allocate_reason(&mut pool, &[(b0, 3_000), (b0, 3_000)]), INVALID);
    assert_eq!(sums(&mut pool, &[Address::ZERO, b0, b1]), units(10_000, 10_000));
}

/// §3.12 getters: fractions roll across epochs; allocated balances are floor(total active × units / 10,000), 0 before epoch zero.
#[test]
fn allocation_getters_roll_forward_and_round_down() {
    let mut pool = Pool::new();
    let (s0, b0) = (user(&pool.node, 0), user(&pool.node, 2));
    allocate(&mut pool, &[(Address::ZERO, 6_667), (b0, 3_333)]).unwrap();
    assert_eq!(allocated(&mut pool, b0), units(0, 0), "§3.19: the active total reads 0 before epoch zero");

    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_001);
    // 1,001 × 3,333 / 10,000 = 333.6 and 1,001 × 6,667 / 10,000 = 667.4: one unit is nobody's.
    assert_eq!(allocated(&mut pool, b0), units(333, 333));
    assert_eq!(allocated(&mut pool, Address::ZERO), units(667, 667));
    pool.send(s0, LS::requestWithdrawalCall { amount: u(2) }).unwrap();
    // Next epoch's total is 999: 332.97 and 666.03.
    assert_eq!(allocated(&mut pool, b0), units(333, 332));
    assert_eq!(allocated(&mut pool, Address::ZERO), units(667, 666));
    allocate(&mut pool, &[(b0, 2_500), (Address::ZERO, 7_500)]).unwrap();
    assert_eq!(fractions(&mut pool, b0), units(3_333, 2_500));
    // 999 × 2,500 / 10,000 = 249.75; 999 × 7,500 / 10,000 = 749.25.
    assert_eq!(allocated(&mut pool, b0), units(333, 249));
    assert_eq!(allocated(&mut pool, Address::ZERO), units(667, 749));

    pool.at_epoch(3, DAY);
    assert_eq!(fractions(&mut pool, b0), units(2_500, 2_500));
    assert_eq!(fractions(&mut pool, Address::ZERO), units(7_500, 7_500));
    assert_eq!(allocated(&mut pool, b0), units(249, 249));
    assert_eq!(allocated(&mut pool, Address::ZERO), units(749, 749));
}

/// D6 regression (§9.1): the second call `{b0: 4000}` after `{b0: 0, b2: 4000}` in one epoch now reverts; listing the pending values works.
#[test]
fn d6_regression_a_second_call_in_one_epoch_cannot_over_allocate() {
    let mut pool = Pool::new();
    let (b0, b1, b2) = (user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 4));
    let everyone = [Address::ZERO, b0, b1, b2];
    allocate(&mut pool, &[(Address::ZERO, 0), (b0, 4_000), (b1, 6_000)]).unwrap();
    pool.at_epoch(0, DAY);
    allocate(&mut pool, &[(b0, 0), (b2, 4_000)]).unwrap();
    // The original compared 4,000 with b0's current 4,000 and scheduled 14,000 units in all.
    assert_eq!(allocate_reason(&mut pool, &[(b0, 4_000)]), INVALID);
    assert_eq!(fractions(&mut pool, b0), units(4_000, 0));
    assert_eq!(sums(&mut pool, &everyone), units(10_000, 10_000));

    let receipt = allocate(&mut pool, &[(b0, 4_000), (b2, 0)]).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(b0, 4_000, 4_000, 1), scheduled(b2, 0, 0, 1)]);
    assert_eq!(sums(&mut pool, &everyone), units(10_000, 10_000));
    pool.at_epoch(1, 0);
    assert_eq!(fractions(&mut pool, b0), units(4_000, 4_000));
    assert_eq!(fractions(&mut pool, b1), units(6_000, 6_000));
    assert_eq!(fractions(&mut pool, b2), units(0, 0));
}

/// One step of the sequence: the epoch to be in, the `(borrower, units)` pairs to set, and whether
/// the call is accepted.
type Step<'a> = (u64, &'a [(Address, u64)], bool);

/// §6 INV-A1 with D6: after any sequence of calls (several per epoch, some rejected) Σ current and Σ next stay 10,000.
#[test]
fn allocations_always_sum_to_the_total() {
    let mut pool = Pool::new();
    let (b0, b1, b2, b3) = (user(&pool.node, 2), user(&pool.node, 3), user(&pool.node, 4), user(&pool.node, 5));
    let everyone = [Address::ZERO, b0, b1, b2, b3];
    let steps: [Step; 9] = [
        (0, &[(Address::ZERO, 2_000), (b0, 5_000), (b1, 3_000)], true),
        (0, &[(b0, 1_000), (b2, 4_000)], true),
        (0, &[(b0, 5_000)], false),
        (0, &[(b2, 0), (b1, 7_000)], true),
        (0, &[(b1, 3_000), (b3, 5_000)], false),
        (1, &[(b1, 3_000), (b3, 4_000)], true),
        (1, &[(Address::ZERO, 0), (b0, 3_000)], true),
        (1, &[(b0, 2_000), (b0, 1_000), (b3, 6_000)], true),
        (2, &[(b3, 0), (Address::ZERO, 6_000)], true),
    ];
    for (epoch, entries, accepted) in steps {
        pool.at_epoch(epoch, DAY);
        match allocate(&mut pool, entries) {
            Ok(_) => assert!(accepted, "{entries:?} should be rejected"),
            Err(failure) => {
                assert!(!accepted, "{entries:?} should be accepted");
                assert_eq!(failure.reason().as_deref(), Some(INVALID));
            }
        }
        assert_eq!(sums(&mut pool, &everyone), units(10_000, 10_000), "after {entries:?} in epoch {epoch}");
    }
    pool.at_epoch(3, 0);
    let next = [units(6_000, 6_000), units(1_000, 1_000), units(3_000, 3_000), units(0, 0), units(0, 0)];
    assert_eq!(everyone.map(|account| fractions(&mut pool, account)), next);
}

/// §3.12 set-restriction, §3.14: BorrowingRestrictionChanged only when the flag changes; allowed before epoch zero and in the blackout window.
#[test]
fn borrowing_restriction_announces_changes_only() {
    let mut pool = Pool::new();
    let (owner, b0) = (pool.owner, user(&pool.node, 2));
    let set = |restricted: bool| LS::setBorrowingRestrictionCall { borrower: b0, isBorrowingRestricted: restricted };
    let receipt = pool.send(owner, set(true)).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![restriction(b0, true)]);
    assert!(pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));
    let receipt = pool.send(owner, set(true)).unwrap();
    assert!(receipt.logs.is_empty());
    assert!(pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));

    pool.at_blackout(0);
    let receipt = pool.send(owner, set(false)).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![restriction(b0, false)]);
    assert!(!pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));
    let receipt = pool.send(owner, set(false)).unwrap();
    assert!(receipt.logs.is_empty());
    assert!(!pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));
}

/// §3.4, §3.14: both setters need BORROWER_ADMIN_ROLE, checked before anything else; granting it lets another account act.
#[test]
fn borrower_admin_setters_need_the_role() {
    let mut pool = Pool::new();
    let (admin, b0) = (user(&pool.node, 5), user(&pool.node, 2));
    let role = pool.get(LS::BORROWER_ADMIN_ROLECall {});
    let expected = missing_role(admin, role);
    assert_eq!(pool.reason(admin, allocations_call(&[(Address::ZERO, 0), (b0, 10_000)])), expected);
    let mismatched = LS::setBorrowerAllocationsCall { borrowers: vec![b0], newAllocations: vec![] };
    assert_eq!(pool.reason(admin, mismatched), expected);
    assert_eq!(pool.reason(admin, LS::setBorrowingRestrictionCall { borrower: b0, isBorrowingRestricted: true }), expected);
    pool.at_blackout(0);
    assert_eq!(pool.reason(admin, allocations_call(&[(Address::ZERO, 0), (b0, 10_000)])), expected);
    assert_eq!(fractions(&mut pool, b0), units(0, 0));
    assert!(!pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));

    pool.grant(role, admin);
    pool.send(admin, LS::setBorrowingRestrictionCall { borrower: b0, isBorrowingRestricted: true }).unwrap();
    assert!(pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: b0 }));
    pool.at_epoch(1, 0);
    let receipt = pool.send(admin, allocations_call(&[(Address::ZERO, 0), (b0, 10_000)])).unwrap();
    assert_eq!(pool_events(&pool, &receipt), vec![scheduled(Address::ZERO, 10_000, 0, 2), scheduled(b0, 0, 10_000, 2)]);
}

/// Calldata the ABI does not decode as `(address[], uint256[])` reverts with empty data, as the
/// original's decoder does, and changes nothing: an address with high bits set, an offset or a
/// length past the calldata, an element cut off.
#[test]
fn malformed_allocation_calldata_reverts_empty_and_changes_nothing() {
    use alloy_sol_types::SolCall;
    let mut pool = Pool::new();
    let (owner, b0) = (pool.owner, user(&pool.node, 2));
    let good = allocations_call(&[(Address::ZERO, 4_000), (b0, 6_000)]).abi_encode();
    // Selector, two offsets, the borrowers (length, two words), the units (length, two words).
    let malformed = |at: usize, word: [u8; 32]| {
        let mut data = good.clone();
        data[4 + 32 * at..4 + 32 * (at + 1)].copy_from_slice(&word);
        data
    };
    let mut dirty = [0u8; 32];
    dirty[0] = 1;
    dirty[31] = 0xb0;
    let cases = [
        ("a dirty address", malformed(4, dirty)),
        ("an offset past the calldata", malformed(1, [0xff; 32])),
        ("a length past the calldata", malformed(2, [0xff; 32])),
        ("an element cut off", good[..good.len() - 1].to_vec()),
    ];
    for (what, data) in cases {
        let failure = pool.node.send_raw(owner, pool.address, data.into(), U256::ZERO).expect_err(what);
        assert_eq!(failure.output().map(|o| o.len()), Some(0), "{what}: empty revert data");
    }
    assert_eq!(fractions(&mut pool, Address::ZERO), units(10_000, 10_000));
    assert_eq!(fractions(&mut pool, b0), units(0, 0));
    pool.node.send_raw(owner, pool.address, good.into(), U256::ZERO).expect("the well-formed call");
    assert_eq!(fractions(&mut pool, b0), units(6_000, 6_000));
}
