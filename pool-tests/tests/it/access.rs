//! Spec §2.1 access control and ERC-165, §3.4 the pool's roles: who may grant what, the events and
//! no-op cases, and the exact missing-role message of every role-gated function served now.

use alloy_primitives::{b256, hex, keccak256, Address, FixedBytes, B256, U256};
use alloy_sol_types::SolCall;
use pool_tests::{only_pool_events, user, ILS1Router, ILiquidityStakingV1 as LS, Pool, DAY};

use LS::ILiquidityStakingV1Events as E;

const OWNER: B256 = b256!("b19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e");
const EPOCH_PARAMETERS: B256 = b256!("a69ba352872fe0ee634bc8d48d2a09a61267da1bfb2015e67a11ad05fe21f04b");
const REWARDS_RATE: B256 = b256!("74ec845281a5bcabeef9a800a79d30928ff9e6f2dc6f69a233fc39a83cb81ed2");
const BORROWER_ADMIN: B256 = b256!("6c2e489c3a95017c97c0bcc47de38933a0bbf2041c9289b8ca34c445b13177af");
const CLAIM_OPERATOR: B256 = b256!("36dc7495d0ae0bc2a620bf292049e4d4e5f800043895b13c08a1977d3a3297f5");
const STAKE_OPERATOR: B256 = b256!("a6fbd0d4ef0ac50b4de984ab8f303863596293cce6d67dd6111979bcf56abe74");
const DEBT_OPERATOR: B256 = b256!("0428e137352b5b1a834770c71b580c01521c0b3f2442928c650692cd1b3f496c");

/// The seven pool roles, in the order initialize sets their admins.
const ROLES: [B256; 7] = [OWNER, EPOCH_PARAMETERS, REWARDS_RATE, BORROWER_ADMIN, CLAIM_OPERATOR, STAKE_OPERATOR, DEBT_OPERATOR];

/// `'AccessControl: account 0x… is missing role 0x…'` (lowercase, zero-padded).
fn missing(account: Address, role: B256) -> String {
    format!("AccessControl: account 0x{} is missing role 0x{}", hex::encode(account), hex::encode(role))
}

/// Whether `account` holds `role`.
fn has(pool: &mut Pool, role: B256, account: Address) -> bool {
    pool.get(LS::hasRoleCall { role, account })
}

/// §2.1: the role getters return the spec's keccak-256 values and DEFAULT_ADMIN_ROLE is zero.
#[test]
fn role_constants_are_the_specs() {
    let mut pool = Pool::new();
    let read = [
        pool.get(LS::OWNER_ROLECall {}),
        pool.get(LS::EPOCH_PARAMETERS_ROLECall {}),
        pool.get(LS::REWARDS_RATE_ROLECall {}),
        pool.get(LS::BORROWER_ADMIN_ROLECall {}),
        pool.get(LS::CLAIM_OPERATOR_ROLECall {}),
        pool.get(LS::STAKE_OPERATOR_ROLECall {}),
        pool.get(LS::DEBT_OPERATOR_ROLECall {}),
    ];
    assert_eq!(read, ROLES);
    let names = [
        "OWNER_ROLE",
        "EPOCH_PARAMETERS_ROLE",
        "REWARDS_RATE_ROLE",
        "BORROWER_ADMIN_ROLE",
        "CLAIM_OPERATOR_ROLE",
        "STAKE_OPERATOR_ROLE",
        "DEBT_OPERATOR_ROLE",
    ];
    assert_eq!(names.map(keccak256), ROLES);
    assert_eq!(pool.get(LS::DEFAULT_ADMIN_ROLECall {}), B256::ZERO);
}

/// §3.4: OWNER_ROLE administers all seven roles; the initializer holds four, no operator role, not DEFAULT_ADMIN_ROLE.
#[test]
fn initialize_leaves_owner_administering_every_role() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    for role in ROLES {
        assert_eq!(pool.get(LS::getRoleAdminCall { role }), OWNER, "admin of {role}");
    }
    assert_eq!(pool.get(LS::getRoleAdminCall { role: B256::ZERO }), B256::ZERO);
    assert_eq!(pool.get(LS::getRoleAdminCall { role: keccak256("UNKNOWN_ROLE") }), B256::ZERO);
    let held = ROLES.map(|role| has(&mut pool, role, owner));
    assert_eq!(held, [true, true, true, true, false, false, false]);
    assert!(!has(&mut pool, B256::ZERO, owner));
    let stranger = user(&pool.node, 0);
    assert!(ROLES.iter().all(|&role| !has(&mut pool, role, stranger)));
}

/// §2.1: grantRole emits RoleGranted(role, account, sender) once; granting a held role is a no-op without an event.
#[test]
fn grant_role_emits_once_then_is_a_no_op() {
    let mut pool = Pool::new();
    let (owner, account) = (pool.owner, user(&pool.node, 0));
    let receipt = pool.send(owner, LS::grantRoleCall { role: CLAIM_OPERATOR, account }).expect("grantRole");
    assert_eq!(only_pool_events(&pool, &receipt), vec![E::RoleGranted(LS::RoleGranted { role: CLAIM_OPERATOR, account, sender: owner })]);
    assert!(has(&mut pool, CLAIM_OPERATOR, account));
    let again = pool.send(owner, LS::grantRoleCall { role: CLAIM_OPERATOR, account }).expect("grantRole again");
    assert!(again.logs.is_empty(), "no event for a role already held: {:?}", again.logs);
    assert!(has(&mut pool, CLAIM_OPERATOR, account));
}

/// §2.1: revokeRole emits RoleRevoked(role, account, sender) once; revoking a role not held is a no-op without an event.
#[test]
fn revoke_role_emits_once_then_is_a_no_op() {
    let mut pool = Pool::new();
    let (owner, account) = (pool.owner, user(&pool.node, 0));
    pool.grant(STAKE_OPERATOR, account);
    let receipt = pool.send(owner, LS::revokeRoleCall { role: STAKE_OPERATOR, account }).expect("revokeRole");
    assert_eq!(only_pool_events(&pool, &receipt), vec![E::RoleRevoked(LS::RoleRevoked { role: STAKE_OPERATOR, account, sender: owner })]);
    assert!(!has(&mut pool, STAKE_OPERATOR, account));
    let again = pool.send(owner, LS::revokeRoleCall { role: STAKE_OPERATOR, account }).expect("revokeRole again");
    assert!(again.logs.is_empty(), "no event for a role not held: {:?}", again.logs);
}

/// §2.1: renounceRole only for oneself ('…can only renounce roles for self'), no admin needed, no-op when not held.
#[test]
fn renounce_role_only_for_self() {
    let mut pool = Pool::new();
    let (owner, account) = (pool.owner, user(&pool.node, 0));
    pool.grant(DEBT_OPERATOR, account);
    let for_self = "AccessControl: can only renounce roles for self";
    assert_eq!(pool.reason(owner, LS::renounceRoleCall { role: DEBT_OPERATOR, account }), for_self, "not even the admin");
    assert_eq!(pool.reason(account, LS::renounceRoleCall { role: OWNER, account: owner }), for_self);
    assert!(has(&mut pool, OWNER, owner));

    let receipt = pool.send(account, LS::renounceRoleCall { role: DEBT_OPERATOR, account }).expect("renounce own role");
    assert_eq!(only_pool_events(&pool, &receipt), vec![E::RoleRevoked(LS::RoleRevoked { role: DEBT_OPERATOR, account, sender: account })]);
    assert!(!has(&mut pool, DEBT_OPERATOR, account));
    let again = pool.send(account, LS::renounceRoleCall { role: DEBT_OPERATOR, account }).expect("renounce again");
    assert!(again.logs.is_empty(), "no event for a role not held: {:?}", again.logs);
}

/// §2.1: the missing-role message names the caller and the admin role in lowercase hex, for grantRole and revokeRole by a non-admin.
#[test]
fn grant_and_revoke_by_a_non_admin_revert_with_the_missing_role_message() {
    let mut pool = Pool::new();
    let (owner, stranger) = (pool.owner, user(&pool.node, 0));
    let expected = "AccessControl: account 0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc is missing role \
                    0xb19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e";
    assert_eq!(pool.reason(stranger, LS::grantRoleCall { role: CLAIM_OPERATOR, account: stranger }), expected);
    assert_eq!(pool.reason(stranger, LS::grantRoleCall { role: OWNER, account: stranger }), expected);
    assert_eq!(pool.reason(stranger, LS::revokeRoleCall { role: EPOCH_PARAMETERS, account: owner }), expected);
    assert!(has(&mut pool, EPOCH_PARAMETERS, owner));
    // An operator administers nothing.
    pool.grant(CLAIM_OPERATOR, stranger);
    assert_eq!(pool.reason(stranger, LS::grantRoleCall { role: CLAIM_OPERATOR, account: owner }), expected);
}

/// §3.4: OWNER_ROLE grants the claim, stake and debt operator roles (and can grant OWNER_ROLE itself).
#[test]
fn owner_grants_the_operator_roles() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    for (i, role) in [CLAIM_OPERATOR, STAKE_OPERATOR, DEBT_OPERATOR, OWNER].into_iter().enumerate() {
        let account = user(&pool.node, i);
        let receipt = pool.send(owner, LS::grantRoleCall { role, account }).expect("grantRole");
        assert_eq!(only_pool_events(&pool, &receipt), vec![E::RoleGranted(LS::RoleGranted { role, account, sender: owner })]);
        assert!(has(&mut pool, role, account));
    }
    // The new owner administers the roles too.
    let (second_owner, account) = (user(&pool.node, 3), user(&pool.node, 4));
    pool.send(second_owner, LS::grantRoleCall { role: REWARDS_RATE, account }).expect("a granted owner grants");
    assert!(has(&mut pool, REWARDS_RATE, account));
}

/// §2.1: nobody holds DEFAULT_ADMIN_ROLE, so neither it nor a role whose admin was never set can be granted, even by the owner.
#[test]
fn nobody_can_grant_the_default_admin_role() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    assert_eq!(pool.reason(owner, LS::grantRoleCall { role: B256::ZERO, account: owner }), missing(owner, B256::ZERO));
    let unknown = keccak256("UNKNOWN_ROLE");
    assert_eq!(pool.reason(owner, LS::grantRoleCall { role: unknown, account: owner }), missing(owner, B256::ZERO));
    assert!(!has(&mut pool, B256::ZERO, owner));
    assert!(!has(&mut pool, unknown, owner));
}

/// Sends `call` from `from` and checks that it reverts with the missing-`role` message.
fn assert_missing<C: SolCall>(pool: &mut Pool, from: Address, call: C, role: B256) {
    assert_eq!(pool.reason(from, call), missing(from, role), "{}", C::SIGNATURE);
}

/// §2.1, §3.14, §3.15, D5: every role-gated function served now checks its role first (before any other check), with the exact message.
#[test]
fn role_gated_functions_reject_callers_without_the_role() {
    let mut pool = Pool::new();
    let (owner, stranger, staker) = (pool.owner, user(&pool.node, 0), user(&pool.node, 1));
    let amount = U256::from(1);
    // Arguments that would fail validation anyway: the role check comes first.
    assert_missing(&mut pool, stranger, LS::setEpochParametersCall { interval: U256::ZERO, offset: U256::ZERO }, EPOCH_PARAMETERS);
    assert_missing(&mut pool, stranger, LS::setBlackoutWindowCall { blackoutWindow: U256::ZERO }, EPOCH_PARAMETERS);
    assert_missing(&mut pool, stranger, LS::setRewardsPerSecondCall { emissionPerSecond: amount }, REWARDS_RATE);
    let selectors = vec![FixedBytes::from(LS::stakeCall::SELECTOR)];
    assert_missing(&mut pool, stranger, ILS1Router::setFacetsCall { selectors, facet: Address::ZERO }, OWNER);
    let mismatched = LS::setBorrowerAllocationsCall { borrowers: vec![staker], newAllocations: vec![] };
    assert_missing(&mut pool, stranger, mismatched, BORROWER_ADMIN);
    let restriction = LS::setBorrowingRestrictionCall { borrower: staker, isBorrowingRestricted: true };
    assert_missing(&mut pool, stranger, restriction, BORROWER_ADMIN);
    // The owner holds the admin roles, but not the operator roles.
    for from in [stranger, owner] {
        assert_missing(&mut pool, from, LS::requestWithdrawalForCall { staker, amount }, STAKE_OPERATOR);
        assert_missing(&mut pool, from, LS::withdrawStakeForCall { staker, recipient: from, amount }, STAKE_OPERATOR);
        assert_missing(&mut pool, from, LS::claimRewardsForCall { staker, recipient: from }, CLAIM_OPERATOR);
        assert_missing(&mut pool, from, LS::decreaseStakerDebtCall { staker, amount }, DEBT_OPERATOR);
        assert_missing(&mut pool, from, LS::decreaseBorrowerDebtCall { borrower: staker, amount }, DEBT_OPERATOR);
    }
    assert_eq!(
        pool.reason(stranger, LS::setRewardsPerSecondCall { emissionPerSecond: amount }),
        "AccessControl: account 0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc is missing role \
         0x74ec845281a5bcabeef9a800a79d30928ff9e6f2dc6f69a233fc39a83cb81ed2"
    );
}

/// §3.4, §3.15: a granted role opens its functions and a revoked one closes them again.
#[test]
fn granted_roles_open_the_gated_functions() {
    let mut pool = Pool::new();
    let (owner, operator, staker) = (pool.owner, user(&pool.node, 0), user(&pool.node, 1));
    pool.grant(EPOCH_PARAMETERS, operator);
    let receipt = pool.send(operator, LS::setBlackoutWindowCall { blackoutWindow: U256::from(3 * DAY) }).expect("setBlackoutWindow");
    let expected = E::BlackoutWindowChanged(LS::BlackoutWindowChanged { blackoutWindow: U256::from(3 * DAY) });
    assert_eq!(only_pool_events(&pool, &receipt), vec![expected]);
    pool.send(owner, LS::revokeRoleCall { role: EPOCH_PARAMETERS, account: operator }).expect("revokeRole");
    assert_missing(&mut pool, operator, LS::setBlackoutWindowCall { blackoutWindow: U256::from(4 * DAY) }, EPOCH_PARAMETERS);

    pool.at_epoch(0, 0);
    pool.stake(staker, 1_000);
    pool.grant(STAKE_OPERATOR, operator);
    let receipt = pool.send(operator, LS::requestWithdrawalForCall { staker, amount: U256::from(400) }).expect("requestWithdrawalFor");
    let requested = receipt.events::<LS::OperatorWithdrawalRequestedFor>();
    assert_eq!(requested, vec![LS::OperatorWithdrawalRequestedFor { staker, amount: U256::from(400), operator }]);
    pool.grant(CLAIM_OPERATOR, operator);
    let receipt = pool.send(operator, LS::claimRewardsForCall { staker, recipient: operator }).expect("claimRewardsFor");
    assert_eq!(receipt.returns::<LS::claimRewardsForCall>(), U256::ZERO, "the rate is zero");
    let claimed = receipt.events::<LS::OperatorClaimedRewardsFor>();
    assert_eq!(claimed, vec![LS::OperatorClaimedRewardsFor { staker, recipient: operator, claimedRewards: U256::ZERO, operator }]);
}

/// §2.1: supportsInterface is true exactly for IAccessControl (0x7965db0b) and IERC165 (0x01ffc9a7), not IERC20.
#[test]
fn supports_access_control_and_erc165_only() {
    let mut pool = Pool::new();
    let mut supports = |id: [u8; 4]| pool.get(LS::supportsInterfaceCall { interfaceId: FixedBytes(id) });
    assert!(supports([0x79, 0x65, 0xdb, 0x0b]));
    assert!(supports([0x01, 0xff, 0xc9, 0xa7]));
    assert!(!supports([0x36, 0x37, 0x2b, 0x07]), "IERC20 is not advertised");
    assert!(!supports([0xff, 0xff, 0xff, 0xff]));
    assert!(!supports([0; 4]));
    // IAccessControl's id is the XOR of its five selectors.
    let selectors = [
        LS::hasRoleCall::SELECTOR,
        LS::getRoleAdminCall::SELECTOR,
        LS::grantRoleCall::SELECTOR,
        LS::revokeRoleCall::SELECTOR,
        LS::renounceRoleCall::SELECTOR,
    ];
    let xor = selectors.iter().fold([0u8; 4], |acc, s| std::array::from_fn(|i| acc[i] ^ s[i]));
    assert_eq!(xor, [0x79, 0x65, 0xdb, 0x0b]);
}
