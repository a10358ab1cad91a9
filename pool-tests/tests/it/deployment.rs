//! Spec §3.5 construction and initialization, through the router (D4, D5, D16), and the values a
//! fresh pool reads (§3.2, §3.17, D13).

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{SolCall, SolEvent, SolValue};
use bindings::{pool_constructor, pool_selectors, POOL_FACETS, POOL_PROGRAM};
use pool_tests::{
    addresses, constructor_reason, deploy_pool_program,
    devnode::{init_code_for, program_code, StylusDeployer, STYLUS_DEPLOYER},
    only_pool_events, user, ILS1Router, ILiquidityStakingV1 as LS, Pool, Setup, CONSTRUCTOR_SELECTOR, DAY,
};

/// §3.5: initialize grants the four roles, sets the schedule and leaves the rewards rate at zero.
#[test]
fn initialize_grants_roles_sets_schedule_and_rewards() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let (interval, offset, blackout) = (U256::from(28 * DAY), U256::from(pool.offset), U256::from(14 * DAY));
    let receipt = pool.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).unwrap();
    let granted = receipt.events::<LS::RoleGranted>();
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let roles = [
        owner_role,
        pool.get(LS::EPOCH_PARAMETERS_ROLECall {}),
        pool.get(LS::REWARDS_RATE_ROLECall {}),
        pool.get(LS::BORROWER_ADMIN_ROLECall {}),
    ];
    assert_eq!(granted, roles.map(|role| LS::RoleGranted { role, account: owner, sender: owner }).to_vec());
    let admins = receipt.events::<LS::RoleAdminChanged>();
    assert_eq!(admins.len(), 7);
    assert!(admins.iter().all(|e| e.previousAdminRole.is_zero() && e.newAdminRole == owner_role));
    assert_eq!(receipt.events::<LS::BlackoutWindowChanged>(), vec![LS::BlackoutWindowChanged { blackoutWindow: blackout }]);
    let parameters = LS::EpochParameters { interval: 28 * DAY as u128, offset: pool.offset as u128 };
    assert_eq!(receipt.events::<LS::EpochParametersChanged>(), vec![LS::EpochParametersChanged { epochParameters: parameters.clone() }]);
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters);
    assert_eq!(pool.get(LS::getBlackoutWindowCall {}), blackout);
    assert_eq!(pool.get(LS::STAKED_TOKENCall {}), pool.usdc);
    assert_eq!(pool.get(LS::REWARDS_TOKENCall {}), pool.dydx);
    assert_eq!(pool.get(LS::REWARDS_TREASURYCall {}), pool.treasury);
    assert_eq!(pool.get(LS::DISTRIBUTION_STARTCall {}), offset);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), U256::ZERO);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));

    let again = pool.reason(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout });
    assert_eq!(again, "Contract instance has already been initialized");
}

/// The pool's constructor call with every write-once value chosen by the test.
fn constructor_for(pool: &Pool, staked: Address, rewards: Address, treasury: Address, start: u64, end: u64) -> Vec<u8> {
    pool_constructor(staked, rewards, treasury, U256::from(start), U256::from(end), pool.owner, &addresses(&pool.facets))
}

/// `initialize(interval, offset, blackoutWindow)` with values in seconds.
fn init(interval: u64, offset: u64, blackout: u64) -> LS::initializeCall {
    LS::initializeCall { interval: U256::from(interval), offset: U256::from(offset), blackoutWindow: U256::from(blackout) }
}

/// §3.5: the whole log of initialize, in order: 4 RoleGranted, 7 RoleAdminChanged, BlackoutWindowChanged, EpochParametersChanged.
#[test]
fn initialize_emits_roles_then_admins_then_blackout_then_schedule() {
    use LS::ILiquidityStakingV1Events as E;
    let mut pool = Pool::deploy(Setup::default());
    let (owner, offset) = (pool.owner, pool.offset);
    let receipt = pool.send(owner, init(28 * DAY, offset, 14 * DAY)).expect("initialize");
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let granted = [
        owner_role,
        pool.get(LS::EPOCH_PARAMETERS_ROLECall {}),
        pool.get(LS::REWARDS_RATE_ROLECall {}),
        pool.get(LS::BORROWER_ADMIN_ROLECall {}),
    ];
    let operators =
        [pool.get(LS::CLAIM_OPERATOR_ROLECall {}), pool.get(LS::STAKE_OPERATOR_ROLECall {}), pool.get(LS::DEBT_OPERATOR_ROLECall {})];
    let mut expected: Vec<E> =
        granted.iter().map(|&role| E::RoleGranted(LS::RoleGranted { role, account: owner, sender: owner })).collect();
    expected.extend(
        granted
            .iter()
            .chain(&operators)
            .map(|&role| E::RoleAdminChanged(LS::RoleAdminChanged { role, previousAdminRole: B256::ZERO, newAdminRole: owner_role })),
    );
    expected.push(E::BlackoutWindowChanged(LS::BlackoutWindowChanged { blackoutWindow: U256::from(14 * DAY) }));
    let parameters = LS::EpochParameters { interval: u128::from(28 * DAY), offset: u128::from(offset) };
    expected.push(E::EpochParametersChanged(LS::EpochParametersChanged { epochParameters: parameters }));
    assert_eq!(only_pool_events(&pool, &receipt), expected);
}

/// §3.5, D16: the constructor (StylusDeployer → pool program → core) writes the facet table: one FacetUpdated per selector, in order.
#[test]
fn constructor_writes_the_facet_table_with_one_event_per_selector() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let data = constructor_for(&pool, pool.usdc, pool.dydx, pool.treasury, pool.offset, pool.offset + DAY);
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/ls1-pool.wasm")).expect("the pool program's wasm");
    let bytecode = init_code_for(&program_code(&wasm)).into();
    let call = StylusDeployer::deployCall { bytecode, initData: data.into(), initValue: U256::ZERO, salt: B256::ZERO };
    let receipt = pool.node.send(owner, STYLUS_DEPLOYER, call).expect("deploy a second pool");
    let router = receipt.returns::<StylusDeployer::deployCall>();

    let mut expected = Vec::new();
    for ((_, functions), (_, facet)) in POOL_FACETS.iter().zip(&pool.facets) {
        let updates = pool_selectors(functions).into_iter().map(|s| ILS1Router::FacetUpdated { selector: FixedBytes(s), facet: *facet });
        expected.extend(updates.map(|update| (router, update)));
    }
    let functions: usize = bindings::pool_abi().functions.values().map(Vec::len).sum();
    assert_eq!(expected.len() + POOL_PROGRAM.1.len(), functions, "every function of the pool's ABI but the hot ones has a facet");
    let (last, table) = receipt.logs.split_last().expect("logs");
    let updates: Vec<_> =
        table.iter().map(|log| (log.address, ILS1Router::FacetUpdated::decode_log(log).expect("FacetUpdated").data)).collect();
    assert_eq!(updates, expected);
    assert_eq!(last.address, STYLUS_DEPLOYER);
    assert_eq!(StylusDeployer::ContractDeployed::decode_log(last).expect("ContractDeployed").data.deployedContract, router);
    let core = pool.facets[0].1;
    let lookup = ILS1Router::facetAddressCall { selector: LS::initializeCall::SELECTOR.into() };
    let facet = pool.node.call(owner, router, lookup).expect("facetAddress");
    assert_eq!(facet, core);
}

/// §3.5: the constructor requires DISTRIBUTION_END >= DISTRIBUTION_START ('LS1Rewards: Invalid parameters'); equal is accepted.
#[test]
fn constructor_rejects_a_distribution_that_ends_before_it_starts() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, start) = (pool.owner, pool.offset + 10 * DAY);
    let backwards = constructor_for(&pool, pool.usdc, pool.dydx, pool.treasury, start, start - 1);
    let failure = deploy_pool_program(&mut pool.node, owner, backwards).expect_err("end < start must revert");
    assert_eq!(constructor_reason(failure), "LS1Rewards: Invalid parameters");

    let empty = constructor_for(&pool, pool.usdc, pool.dydx, pool.treasury, start, start);
    let router = deploy_pool_program(&mut pool.node, owner, empty).expect("end == start is a valid (empty) distribution");
    let start_read = pool.node.call(owner, router, LS::DISTRIBUTION_STARTCall {}).expect("DISTRIBUTION_START");
    let end_read = pool.node.call(owner, router, LS::DISTRIBUTION_ENDCall {}).expect("DISTRIBUTION_END");
    assert_eq!((start_read, end_read), (U256::from(start), U256::from(start)));
}

/// The constructor refuses a zero deployer, which would leave `initialize` to whoever calls first.
#[test]
fn constructor_rejects_a_zero_deployer() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let (start, end) = (U256::from(pool.offset), U256::from(pool.offset + DAY));
    let data = pool_constructor(pool.usdc, pool.dydx, pool.treasury, start, end, Address::ZERO, &addresses(&pool.facets));
    let failure = deploy_pool_program(&mut pool.node, owner, data).expect_err("a zero deployer must revert");
    assert_eq!(constructor_reason(failure), "LS1Initializer: Invalid deployer");
}

/// §3.5: the constructor accepts zero addresses for the tokens and the treasury (no other checks).
#[test]
fn constructor_accepts_zero_addresses() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let data = constructor_for(&pool, Address::ZERO, Address::ZERO, Address::ZERO, 0, 0);
    let router = deploy_pool_program(&mut pool.node, owner, data).expect("zero addresses are accepted");
    assert_eq!(pool.node.call(owner, router, LS::STAKED_TOKENCall {}).expect("STAKED_TOKEN"), Address::ZERO);
    assert_eq!(pool.node.call(owner, router, LS::REWARDS_TOKENCall {}).expect("REWARDS_TOKEN"), Address::ZERO);
    assert_eq!(pool.node.call(owner, router, LS::REWARDS_TREASURYCall {}).expect("REWARDS_TREASURY"), Address::ZERO);
}

/// D16: the router's constructor reverts 'LS1Router: Params length mismatch' when selectors and facets differ in length.
#[test]
fn constructor_rejects_selector_and_facet_lists_of_different_lengths() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, core) = (pool.owner, pool.facets[0].1);
    let selectors = vec![FixedBytes::from(LS::initializeCall::SELECTOR), FixedBytes::from(LS::OWNER_ROLECall::SELECTOR)];
    let (start, end) = (U256::from(pool.offset), U256::from(pool.offset + DAY));
    let args = (core, pool.usdc, pool.dydx, pool.treasury, start, end, owner, selectors, vec![core]);
    let data = [&CONSTRUCTOR_SELECTOR[..], &args.abi_encode_params()].concat();
    let failure = deploy_pool_program(&mut pool.node, owner, data).expect_err("2 selectors for 1 facet must revert");
    assert_eq!(constructor_reason(failure), "LS1Router: Params length mismatch");
}

/// §3.5 step 2: initialize requires now < offset ('…Epoch zero must be in future'), checked before the schedule's validation.
#[test]
fn initialize_requires_epoch_zero_in_the_future() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, now) = (pool.owner, pool.node.timestamp());
    let future = "LS1EpochSchedule: Epoch zero must be in future";
    assert_eq!(pool.reason(owner, init(28 * DAY, now, 14 * DAY)), future);
    assert_eq!(pool.reason(owner, init(28 * DAY, now - 1, 14 * DAY)), future);
    assert_eq!(pool.reason(owner, init(28 * DAY, 0, 14 * DAY)), future);
    assert_eq!(pool.reason(owner, init(DAY, now, 14 * DAY)), future, "before the invalid schedule is noticed");
    pool.send(owner, init(28 * DAY, now + 1, 14 * DAY)).expect("offset one second ahead");
    let expected = LS::EpochParameters { interval: u128::from(28 * DAY), offset: u128::from(now + 1) };
    assert_eq!(pool.get(LS::getEpochParametersCall {}), expected);
}

/// §3.5 step 2, §3.6.2, D8: initialize stores the blackout unvalidated, then validates the schedule against it, in the spec's order.
#[test]
fn initialize_validates_the_schedule_against_the_blackout_it_was_given() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, offset) = (pool.owner, pool.offset);
    let half = "LS1EpochSchedule: Blackout window can be at most half the epoch length";
    let small = "LS1EpochSchedule: Blackout window too small";
    let large = "LS1EpochSchedule: Epoch length too large";
    assert_eq!(pool.reason(owner, init(28 * DAY, offset, 3 * DAY - 1)), small);
    assert_eq!(pool.reason(owner, init(28 * DAY, offset, 0)), small);
    assert_eq!(pool.reason(owner, init(28 * DAY, offset, 14 * DAY + 1)), half);
    assert_eq!(pool.reason(owner, init(92 * DAY + 1, offset, 14 * DAY)), large);
    // In order: half before small, small before large, half before large.
    assert_eq!(pool.reason(owner, init(4 * DAY, offset, 2 * DAY + 43_200)), half);
    assert_eq!(pool.reason(owner, init(100 * DAY, offset, DAY)), small);
    assert_eq!(pool.reason(owner, init(100 * DAY, offset, 60 * DAY)), half);
    assert_eq!(pool.get(LS::getBlackoutWindowCall {}), U256::ZERO, "failed attempts store nothing");

    let receipt = pool.send(owner, init(6 * DAY, offset, 3 * DAY)).expect("the smallest schedule");
    assert_eq!(receipt.events::<LS::BlackoutWindowChanged>(), vec![LS::BlackoutWindowChanged { blackoutWindow: U256::from(3 * DAY) }]);
    assert_eq!(pool.get(LS::getBlackoutWindowCall {}), U256::from(3 * DAY));
    assert_eq!(pool.get(LS::getEpochParametersCall {}), LS::EpochParameters { interval: u128::from(6 * DAY), offset: u128::from(offset) });
}

/// §3.5 with the port's deviation: only the constructor's `deployer` may initialize, checked after the already-initialized check.
#[test]
fn only_the_deployer_may_initialize() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, offset, stranger) = (pool.owner, pool.offset, user(&pool.node, 0));
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let call = init(28 * DAY, offset, 14 * DAY);
    assert_eq!(pool.reason(stranger, call.clone()), "LS1Initializer: Caller is not the deployer");
    assert_eq!(pool.reason(pool.treasury, call.clone()), "LS1Initializer: Caller is not the deployer");
    assert!(!pool.get(LS::hasRoleCall { role: owner_role, account: stranger }));
    assert_eq!(pool.get(LS::getEpochParametersCall {}), LS::EpochParameters { interval: 0, offset: 0 }, "still uninitialized");

    pool.send(owner, call.clone()).expect("the deployer initializes");
    assert!(pool.get(LS::hasRoleCall { role: owner_role, account: owner }));
    assert_eq!(pool.reason(stranger, call.clone()), "Contract instance has already been initialized");
    assert_eq!(pool.reason(owner, call), "Contract instance has already been initialized");
}

/// §3.2, D4: the write-once distribution bounds read back as constructed, also with a start before epoch zero.
#[test]
fn distribution_start_and_end_read_back() {
    let mut pool = Pool::new();
    assert_eq!(pool.get(LS::DISTRIBUTION_STARTCall {}), U256::from(pool.offset));
    assert_eq!(pool.get(LS::DISTRIBUTION_ENDCall {}), U256::from(pool.offset + 5 * 365 * DAY));

    let mut early = Pool::with(Setup { distribution_start: -(DAY as i64), distribution_end: 30 * DAY as i64, ..Setup::default() });
    assert_eq!(early.get(LS::DISTRIBUTION_STARTCall {}), U256::from(early.offset - DAY));
    assert_eq!(early.get(LS::DISTRIBUTION_ENDCall {}), U256::from(early.offset + 30 * DAY));
}

/// §3.17, D13: a fresh pool's plain getters read zero, no shortfalls; getShortfall(i) reverts 'LS1Getters: Invalid shortfall index'.
#[test]
fn plain_getters_of_a_fresh_pool() {
    let mut pool = Pool::new();
    let borrower = user(&pool.node, 0);
    for account in [borrower, Address::ZERO] {
        assert_eq!(pool.get(LS::getBorrowedBalanceCall { borrower: account }), U256::ZERO);
        assert_eq!(pool.get(LS::getBorrowerDebtBalanceCall { borrower: account }), U256::ZERO);
        assert!(!pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: account }));
    }
    assert_eq!(pool.get(LS::getTotalBorrowedBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalBorrowerDebtBalanceCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getTotalDebtAvailableToWithdrawCall {}), U256::ZERO);
    assert_eq!(pool.get(LS::getShortfallCountCall {}), U256::ZERO);
    for index in [U256::ZERO, U256::from(1), U256::MAX] {
        assert_eq!(pool.get_reason(LS::getShortfallCall { shortfallCounter: index }), "LS1Getters: Invalid shortfall index");
    }
}

/// §3.2, §3.11, D1: TOTAL_ALLOCATION is 10,000 and the pool keeps the stkUSDC metadata ('dYdX Staked USDC', 'stkUSDC', 6).
#[test]
fn constants_and_token_metadata() {
    let mut pool = Pool::new();
    assert_eq!(pool.get(LS::TOTAL_ALLOCATIONCall {}), U256::from(10_000));
    assert_eq!(pool.get(LS::nameCall {}), "dYdX Staked USDC");
    assert_eq!(pool.get(LS::symbolCall {}), "stkUSDC");
    assert_eq!(pool.get(LS::decimalsCall {}), 6);
}
