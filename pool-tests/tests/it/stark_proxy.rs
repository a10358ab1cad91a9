//! StarkProxy (spec §4, D4, D5, D10, D14, D15) on the in-process devnode with the real WASM: deployment
//! and `initialize`, roles, balance views, the borrower functions and the pinned `autoPayOrBorrow`
//! scenarios of §4.6, the exchange operator, guardian, owner and withdrawal operator functions, the
//! forced-trade queue, §6 INV-SP1..7, §7 items 29-33, and an upgrade by the guardian.

use alloy_primitives::{keccak256, Address, Bytes, FixedBytes, B256, U256};
use alloy_sol_types::{SolCall, SolEvent};
use bindings::{
    stark_proxy_constructor, ILS1Router, IMockStarkPerpetual as SPX, IStarkPerpetual, ITestToken, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM,
};
use pool_tests::{
    addresses,
    devnode::{Failure, Receipt},
    proxy::{self, missing_role, u, IStarkProxy as SP, Proxy, STARK_KEY},
    user, ILiquidityStakingV1 as LS, DAY,
};

const WAITING: u64 = 7 * DAY;
const GRACE: u64 = 7 * DAY;
const BLACKOUT_ONLY: &str = "SP1Borrowing: Auto-pay may only be used during the blackout window";
const SHORT_ON_REPAYMENT: &str = "SP1Borrowing: Insufficient funds to avoid falling short on repayment";
const BORROW_RESTRICTED: &str = "SP1Borrowing: Cannot borrow while Restricted";
const DEPOSIT_RESTRICTED: &str = "SP2Exchange: Cannot deposit borrowed funds to the exchange while Restricted";
const KEY_NOT_ALLOWED: &str = "SP1Storage: STARK key is not on the allowlist";
const RECIPIENT_NOT_ALLOWED: &str = "SP1Storage: Recipient is not on the allowlist";
const NO_DEBT: &str = "SP2Guardian: Cannot call forced action if borrower has no overdue debt";
const NOT_QUEUED: &str = "SP2Owner: Forced trade not queued or was vetoed";
const WAIT: &str = "SP2Owner: Waiting period has not elapsed for forced trade";
const GRACE_OVER: &str = "SP2Owner: Grace period has elapsed for forced trade";
const NO_WITHDRAWABLE: &str = "SP2Withdrawals: No withdrawable balance";
const ABOVE_WITHDRAWABLE: &str = "SP2Withdrawals: Amount exceeds withdrawable balance";
const ALREADY_INITIALIZED: &str = "Contract instance has already been initialized";

fn key() -> U256 {
    u(STARK_KEY)
}

/// Stakes 250,000 (staker 0) and 750,000 (staker 1) at the start of epoch 0.
fn stake_1m(p: &mut Proxy) -> (Address, Address) {
    let (s0, s1) = (user(&p.pool.node, 0), user(&p.pool.node, 1));
    p.pool.at_epoch(0, 0);
    p.pool.stake(s0, 250_000);
    p.pool.stake(s1, 750_000);
    (s0, s1)
}

/// The fixture with 1M staked and 400,000 borrowed through `autoPayOrBorrow` in epoch 0's blackout.
fn borrowed_400k() -> Proxy {
    let mut p = Proxy::new();
    stake_1m(&mut p);
    p.pool.at_blackout(0);
    assert_eq!(p.auto_pay().expect("autoPayOrBorrow").0, (u(400_000), U256::ZERO, U256::ZERO));
    p
}

fn returns<C: SolCall>(receipt: &Receipt) -> C::Return {
    receipt.returns::<C>()
}

fn proxy_events<E: SolEvent>(p: &Proxy, receipt: &Receipt) -> Vec<E> {
    receipt.events_from::<E>(p.address)
}

/// `(borrowed, debt)` owed and the balance of the proxy: INV-SP1's two sides.
fn owed_and_balance(p: &mut Proxy) -> (U256, U256) {
    let (borrowed, debt) = p.pool_view();
    (borrowed + debt, p.balance())
}

fn trade_args(seed: u64) -> [U256; 12] {
    let mut args = [U256::ZERO; 12];
    for (i, arg) in args.iter_mut().enumerate() {
        *arg = u(seed * 100 + i as u64);
    }
    args[0] = key();
    args[8] = u(1);
    args[11] = U256::ZERO;
    args
}

fn packed_hash(args: &[U256; 12]) -> B256 {
    let mut packed = Vec::with_capacity(384);
    for arg in args {
        packed.extend_from_slice(&arg.to_be_bytes::<32>());
    }
    keccak256(packed)
}

// ---------------------------------------------------------------------------------------------
// §4.2, §4.4: construction, initialization, constants

#[test]
fn construction_sets_the_write_once_addresses_and_initialize_runs_once_for_the_deployer() {
    let mut p = Proxy::deploy();
    let (owner, guardian, outsider, address) = (p.owner, p.guardian, p.outsider, p.address);
    assert_eq!(p.get(SP::TOKENCall {}), p.pool.usdc);
    assert_eq!(p.get(SP::LIQUIDITY_STAKINGCall {}), p.pool.address);
    assert_eq!(p.get(SP::STARK_PERPETUALCall {}), p.exchange);
    assert_eq!(p.get(SP::MERKLE_DISTRIBUTORCall {}), p.distributor);
    // Only the deployer named at construction may initialize (no front-running window).
    assert_eq!(p.reason(outsider, SP::initializeCall { guardian }), "SP1Initializer: Caller is not the deployer");
    let receipt = p.send(owner, SP::initializeCall { guardian }).expect("initialize");
    let granted = proxy_events::<SP::RoleGranted>(&p, &receipt);
    assert_eq!(
        granted,
        vec![
            SP::RoleGranted { role: proxy::guardian_role(), account: guardian, sender: owner },
            SP::RoleGranted { role: proxy::owner_role(), account: owner, sender: owner },
            SP::RoleGranted { role: proxy::delegation_admin_role(), account: owner, sender: owner },
        ]
    );
    let admins: Vec<(B256, B256, B256)> =
        proxy_events::<SP::RoleAdminChanged>(&p, &receipt).into_iter().map(|e| (e.role, e.previousAdminRole, e.newAdminRole)).collect();
    let (g, o, d) = (proxy::guardian_role(), proxy::owner_role(), proxy::delegation_admin_role());
    assert_eq!(
        admins,
        vec![
            (g, B256::ZERO, g),
            (proxy::veto_guardian_role(), B256::ZERO, g),
            (o, B256::ZERO, o),
            (d, B256::ZERO, o),
            (proxy::borrower_role(), B256::ZERO, d),
            (proxy::exchange_operator_role(), B256::ZERO, d),
            (proxy::withdrawal_operator_role(), B256::ZERO, d),
        ]
    );
    let approvals = receipt.events_from::<ITestToken::Approval>(p.pool.usdc);
    assert_eq!(
        approvals,
        vec![
            ITestToken::Approval { owner: address, spender: p.pool.address, value: U256::MAX },
            ITestToken::Approval { owner: address, spender: p.exchange, value: U256::MAX },
        ]
    );
    // Role events first, then the approvals: 12 logs in all.
    assert_eq!(receipt.logs.len(), 12);
    assert_eq!(p.reason(owner, SP::initializeCall { guardian }), ALREADY_INITIALIZED);
    assert_eq!(p.reason(outsider, SP::initializeCall { guardian: outsider }), ALREADY_INITIALIZED);
    // The constructor cannot run again through the router, and unknown selectors revert empty.
    let again = [&pool_tests::CONSTRUCTOR_SELECTOR[..], &[0u8; 32]].concat();
    let failure = p.pool.node.send_raw(outsider, address, again.into(), U256::ZERO).unwrap_err();
    assert_eq!(failure.output().map(|o| o.len()), Some(0));
    let failure = p.pool.node.send_raw(outsider, address, vec![0xde, 0xad, 0xbe, 0xef].into(), U256::ZERO).unwrap_err();
    assert_eq!(failure.output().map(|o| o.len()), Some(0));
    // A construction naming no deployer is refused (nobody could initialize it).
    let (pool, exchange, usdc, distributor, facets) = (p.pool.address, p.exchange, p.pool.usdc, p.distributor, p.facets.clone());
    let data = stark_proxy_constructor(pool, exchange, usdc, distributor, Address::ZERO, &addresses(&facets));
    let refused = pool_tests::deploy_with_constructor(&mut p.pool.node, owner, STARK_PROXY_PROGRAM.0, data).unwrap_err();
    assert_eq!(pool_tests::constructor_reason(refused), "SP1Initializer: Invalid deployer");
    let data = stark_proxy_constructor(pool, exchange, usdc, distributor, owner, &addresses(&facets));
    let second = pool_tests::deploy_with_constructor(&mut p.pool.node, owner, STARK_PROXY_PROGRAM.0, data).expect("a second proxy");
    assert_ne!(second, address);
    assert_eq!(p.pool.node.call(outsider, second, SP::TOKENCall {}).unwrap(), usdc);
}

#[test]
fn role_constants_admins_and_erc165() {
    let mut p = Proxy::new();
    let (owner, guardian, operator, veto) = (p.owner, p.guardian, p.operator, p.veto);
    assert_eq!(p.get(SP::DEFAULT_ADMIN_ROLECall {}), B256::ZERO);
    assert_eq!(p.get(SP::GUARDIAN_ROLECall {}), proxy::guardian_role());
    assert_eq!(p.get(SP::VETO_GUARDIAN_ROLECall {}), proxy::veto_guardian_role());
    assert_eq!(p.get(SP::OWNER_ROLECall {}), proxy::owner_role());
    assert_eq!(p.get(SP::DELEGATION_ADMIN_ROLECall {}), proxy::delegation_admin_role());
    assert_eq!(p.get(SP::BORROWER_ROLECall {}), proxy::borrower_role());
    assert_eq!(p.get(SP::EXCHANGE_OPERATOR_ROLECall {}), proxy::exchange_operator_role());
    assert_eq!(p.get(SP::WITHDRAWAL_OPERATOR_ROLECall {}), proxy::withdrawal_operator_role());
    assert_eq!(
        p.get(SP::GUARDIAN_ROLECall {}),
        alloy_primitives::b256!("55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a5041")
    );
    assert_eq!(p.get(SP::FORCED_TRADE_WAITING_PERIODCall {}), u(604_800));
    assert_eq!(p.get(SP::FORCED_TRADE_GRACE_PERIODCall {}), u(604_800));
    for (role, admin) in [
        (proxy::guardian_role(), proxy::guardian_role()),
        (proxy::veto_guardian_role(), proxy::guardian_role()),
        (proxy::owner_role(), proxy::owner_role()),
        (proxy::delegation_admin_role(), proxy::owner_role()),
        (proxy::borrower_role(), proxy::delegation_admin_role()),
        (proxy::exchange_operator_role(), proxy::delegation_admin_role()),
        (proxy::withdrawal_operator_role(), proxy::delegation_admin_role()),
    ] {
        assert_eq!(p.get(SP::getRoleAdminCall { role }), admin);
    }
    for (role, account) in [
        (proxy::guardian_role(), guardian),
        (proxy::owner_role(), owner),
        (proxy::delegation_admin_role(), owner),
        (proxy::borrower_role(), operator),
        (proxy::exchange_operator_role(), operator),
        (proxy::withdrawal_operator_role(), operator),
        (proxy::veto_guardian_role(), veto),
    ] {
        assert!(p.get(SP::hasRoleCall { role, account }));
    }
    assert!(!p.get(SP::hasRoleCall { role: proxy::owner_role(), account: guardian }));
    assert!(p.get(SP::supportsInterfaceCall { interfaceId: FixedBytes([0x79, 0x65, 0xdb, 0x0b]) }));
    assert!(p.get(SP::supportsInterfaceCall { interfaceId: FixedBytes([0x01, 0xff, 0xc9, 0xa7]) }));
    assert!(!p.get(SP::supportsInterfaceCall { interfaceId: FixedBytes([0x36, 0x37, 0x2b, 0x07]) }));
}

#[test]
fn grant_revoke_and_renounce_follow_the_hierarchy() {
    let mut p = Proxy::new();
    let (owner, guardian, outsider, operator) = (p.owner, p.guardian, p.outsider, p.operator);
    let borrower = proxy::borrower_role();
    // The guardian does not administer BORROWER_ROLE: DELEGATION_ADMIN_ROLE does.
    assert_eq!(
        p.reason(guardian, SP::grantRoleCall { role: borrower, account: outsider }),
        missing_role(guardian, proxy::delegation_admin_role())
    );
    assert_eq!(
        p.reason(owner, SP::grantRoleCall { role: proxy::veto_guardian_role(), account: outsider }),
        missing_role(owner, proxy::guardian_role())
    );
    assert_eq!(
        p.reason(guardian, SP::grantRoleCall { role: proxy::owner_role(), account: outsider }),
        missing_role(guardian, proxy::owner_role())
    );
    let receipt = p.send(owner, SP::grantRoleCall { role: borrower, account: outsider }).unwrap();
    assert_eq!(proxy_events::<SP::RoleGranted>(&p, &receipt), vec![SP::RoleGranted { role: borrower, account: outsider, sender: owner }]);
    let receipt = p.send(owner, SP::grantRoleCall { role: borrower, account: outsider }).unwrap();
    assert!(receipt.logs.is_empty(), "granting a held role is a no-op");
    let receipt = p.send(owner, SP::revokeRoleCall { role: borrower, account: outsider }).unwrap();
    assert_eq!(proxy_events::<SP::RoleRevoked>(&p, &receipt), vec![SP::RoleRevoked { role: borrower, account: outsider, sender: owner }]);
    assert_eq!(
        p.reason(outsider, SP::renounceRoleCall { role: borrower, account: operator }),
        "AccessControl: can only renounce roles for self"
    );
    let receipt = p.send(operator, SP::renounceRoleCall { role: borrower, account: operator }).unwrap();
    assert_eq!(
        proxy_events::<SP::RoleRevoked>(&p, &receipt),
        vec![SP::RoleRevoked { role: borrower, account: operator, sender: operator }]
    );
    assert_eq!(p.reason(operator, SP::borrowCall { amount: u(1) }), missing_role(operator, borrower));
    // The guardian's own role is administered by the guardian.
    p.send(guardian, SP::grantRoleCall { role: proxy::guardian_role(), account: outsider }).unwrap();
    assert!(p.get(SP::hasRoleCall { role: proxy::guardian_role(), account: outsider }));
}

#[test]
fn every_restricted_function_reverts_with_the_access_control_message() {
    let mut p = Proxy::new();
    let outsider = p.outsider;
    let (z, a) = (U256::ZERO, Address::ZERO);
    let args = trade_args(1);
    let sig = Bytes::from(vec![1, 2, 3]);
    let cases: Vec<(Vec<u8>, B256)> = vec![
        (SP::autoPayOrBorrowCall {}.abi_encode(), proxy::borrower_role()),
        (SP::borrowCall { amount: u(1) }.abi_encode(), proxy::borrower_role()),
        (SP::repayBorrowCall { amount: u(1) }.abi_encode(), proxy::borrower_role()),
        (SP::repayDebtCall { amount: u(1) }.abi_encode(), proxy::borrower_role()),
        (
            SP::depositToExchangeCall { starkKey: key(), assetType: z, vaultId: z, quantizedAmount: u(1) }.abi_encode(),
            proxy::exchange_operator_role(),
        ),
        (SP::withdrawFromExchangeCall { starkKey: key(), assetType: z }.abi_encode(), proxy::exchange_operator_role()),
        (SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(1) }.abi_encode(), proxy::guardian_role()),
        (SP::resetApprovedAmountForExternalWithdrawalCall {}.abi_encode(), proxy::guardian_role()),
        (SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }.abi_encode(), proxy::guardian_role()),
        (SP::guardianRepayBorrowCall { amount: u(1) }.abi_encode(), proxy::guardian_role()),
        (SP::guardianRepayDebtCall { amount: u(1) }.abi_encode(), proxy::guardian_role()),
        (SP::guardianWithdrawFromExchangeCall { starkKey: key(), assetType: z }.abi_encode(), proxy::guardian_role()),
        (
            SP::guardianForcedWithdrawalRequestCall { starkKey: key(), vaultId: z, quantizedAmount: z, premiumCost: false }.abi_encode(),
            proxy::guardian_role(),
        ),
        (SP::guardianForcedTradeRequestCall { args, signature: sig.clone() }.abi_encode(), proxy::guardian_role()),
        (SP::guardianVetoForcedTradeRequestsCall { argsHashes: vec![B256::ZERO] }.abi_encode(), proxy::veto_guardian_role()),
        (SP::guardianDepositCancelCall { starkKey: key(), assetType: z, vaultId: z }.abi_encode(), proxy::guardian_role()),
        (SP::guardianDepositReclaimCall { starkKey: key(), assetType: z, vaultId: z }.abi_encode(), proxy::guardian_role()),
        (SP::allowStarkKeyCall { starkKey: key() }.abi_encode(), proxy::owner_role()),
        (SP::disallowStarkKeyCall { starkKey: key() }.abi_encode(), proxy::owner_role()),
        (SP::allowExternalRecipientCall { recipient: a }.abi_encode(), proxy::owner_role()),
        (SP::disallowExternalRecipientCall { recipient: a }.abi_encode(), proxy::owner_role()),
        (SP::setExchangeContractAllowanceCall { token: a, amount: z }.abi_encode(), proxy::owner_role()),
        (SP::setStakingContractAllowanceCall { token: a, amount: z }.abi_encode(), proxy::owner_role()),
        (
            SP::forcedWithdrawalRequestCall { starkKey: key(), vaultId: z, quantizedAmount: z, premiumCost: false }.abi_encode(),
            proxy::owner_role(),
        ),
        (SP::queueForcedTradeRequestCall { args }.abi_encode(), proxy::owner_role()),
        (SP::forcedTradeRequestCall { args, signature: sig }.abi_encode(), proxy::owner_role()),
        (SP::depositCancelCall { starkKey: key(), assetType: z, vaultId: z }.abi_encode(), proxy::owner_role()),
        (SP::depositReclaimCall { starkKey: key(), assetType: z, vaultId: z }.abi_encode(), proxy::owner_role()),
        (
            SP::claimRewardsFromMerkleDistributorCall { cumulativeAmount: u(1), merkleProof: vec![] }.abi_encode(),
            proxy::withdrawal_operator_role(),
        ),
        (SP::externalWithdrawTokenCall { recipient: a, amount: z }.abi_encode(), proxy::withdrawal_operator_role()),
        (SP::externalWithdrawOtherTokenCall { token: a, recipient: a, amount: z }.abi_encode(), proxy::withdrawal_operator_role()),
        (SP::externalWithdrawEtherCall { recipient: a, amount: z }.abi_encode(), proxy::withdrawal_operator_role()),
        (ILS1Router::setFacetsCall { selectors: vec![FixedBytes([0; 4])], facet: a }.abi_encode(), proxy::guardian_role()),
    ];
    assert_eq!(cases.len(), 33);
    let address = p.address;
    for (data, role) in cases {
        let selector = alloy_primitives::hex::encode(&data[..4]);
        let failure = p.pool.node.send_raw(outsider, address, data.into(), U256::ZERO).unwrap_err();
        assert_eq!(failure.reason().as_deref(), Some(missing_role(outsider, role).as_str()), "{selector}");
    }
    // The operator roles do not stand in for each other.
    let guardian = p.guardian;
    assert_eq!(p.reason(guardian, SP::borrowCall { amount: u(1) }), missing_role(guardian, proxy::borrower_role()));
    let owner = p.owner;
    assert_eq!(p.reason(owner, SP::guardianRepayBorrowCall { amount: u(1) }), missing_role(owner, proxy::guardian_role()));
}

// ---------------------------------------------------------------------------------------------
// §4.5 balance views, §4.6 borrower functions

#[test]
fn balance_views_mirror_the_pool() {
    let mut p = borrowed_400k();
    let address = p.address;
    assert_eq!(
        p.get(SP::getAllocatedBalanceCurrentEpochCall {}),
        p.pool.get(LS::getAllocatedBalanceCurrentEpochCall { borrower: address })
    );
    assert_eq!(p.get(SP::getAllocatedBalanceCurrentEpochCall {}), u(400_000));
    assert_eq!(p.get(SP::getAllocatedBalanceNextEpochCall {}), u(400_000));
    assert_eq!(p.get(SP::getBorrowedBalanceCall {}), u(400_000));
    assert_eq!(p.get(SP::getDebtBalanceCall {}), U256::ZERO);
    assert_eq!(p.get(SP::getBorrowedAndDebtBalanceCall {}), u(400_000));
    assert_eq!(p.get(SP::getTokenBalanceCall {}), u(400_000));
    assert_eq!(p.get(SP::getBorrowableAmountCall {}), U256::ZERO);
    // Funds on the exchange are not counted (§7 item 32).
    p.deposit(150_000);
    assert_eq!(p.get(SP::getTokenBalanceCall {}), u(250_000));
    assert_eq!(p.get(SP::getBorrowedAndDebtBalanceCall {}), u(400_000));
}

#[test]
fn borrow_and_repay_emit_the_new_balances_and_bubble_pool_errors() {
    let mut p = Proxy::new();
    stake_1m(&mut p);
    p.pool.at_epoch(0, DAY);
    let operator = p.operator;
    let receipt = p.send(operator, SP::borrowCall { amount: u(100_000) }).unwrap();
    assert_eq!(proxy_events::<SP::Borrowed>(&p, &receipt), vec![SP::Borrowed { amount: u(100_000), newBorrowedBalance: u(100_000) }]);
    assert_eq!(p.balance(), u(100_000));
    let receipt = p.send(operator, SP::repayBorrowCall { amount: u(30_000) }).unwrap();
    assert_eq!(
        proxy_events::<SP::RepaidBorrow>(&p, &receipt),
        vec![SP::RepaidBorrow { amount: u(30_000), newBorrowedBalance: u(70_000), isGuardianAction: false }]
    );
    assert_eq!(p.balance(), u(70_000));
    // LS's own strings come back unchanged.
    assert_eq!(p.reason(operator, SP::repayBorrowCall { amount: u(70_001) }), "LS1Borrowing: Repay > borrowed");
    assert_eq!(p.reason(operator, SP::borrowCall { amount: u(330_001) }), "LS1Borrowing: Amount > allocated");
    assert_eq!(p.reason(operator, SP::repayDebtCall { amount: u(1) }), "LS1Borrowing: Repay > debt");
    // INV-SP2: the guardian's restriction stops borrow but not repay.
    let guardian = p.guardian;
    let receipt = p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }).unwrap();
    assert_eq!(
        proxy_events::<SP::BorrowingRestrictionChanged>(&p, &receipt),
        vec![SP::BorrowingRestrictionChanged { isBorrowingRestricted: true }]
    );
    assert!(p.get(SP::isBorrowingRestrictedCall {}));
    assert_eq!(p.reason(operator, SP::borrowCall { amount: u(1) }), BORROW_RESTRICTED);
    assert_eq!(p.get(SP::getBorrowableAmountCall {}), U256::ZERO);
    let address = p.address;
    assert_eq!(p.pool.get(LS::getBorrowableAmountCall { borrower: address }), u(330_000));
    p.send(operator, SP::repayBorrowCall { amount: u(10_000) }).unwrap();
    // Emitted even when unchanged.
    let receipt = p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }).unwrap();
    assert_eq!(proxy_events::<SP::BorrowingRestrictionChanged>(&p, &receipt).len(), 1);
    p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: false }).unwrap();
    // LS's restriction of the borrower bubbles.
    let pool_owner = p.pool.owner;
    p.pool.send(pool_owner, LS::setBorrowingRestrictionCall { borrower: address, isBorrowingRestricted: true }).unwrap();
    assert_eq!(p.reason(operator, SP::borrowCall { amount: u(1) }), "LS1Borrowing: Restricted");
    // The guardian repays from the proxy's funds.
    let receipt = p.send(guardian, SP::guardianRepayBorrowCall { amount: u(60_000) }).unwrap();
    assert_eq!(
        proxy_events::<SP::RepaidBorrow>(&p, &receipt),
        vec![SP::RepaidBorrow { amount: u(60_000), newBorrowedBalance: U256::ZERO, isGuardianAction: true }]
    );
    // Without tokens the pool's pull fails with SafeERC20's string.
    p.pool.send(pool_owner, LS::setBorrowingRestrictionCall { borrower: address, isBorrowingRestricted: false }).unwrap();
    p.send(operator, SP::borrowCall { amount: u(5) }).unwrap();
    p.deposit(5);
    assert_eq!(p.reason(operator, SP::repayBorrowCall { amount: u(5) }), "SafeERC20: low-level call failed");
}

/// §4.6 pinned scenarios: (400000,0,0), then (0,200000,0), a 1M stake in the blackout → (400000,0,0),
/// all stake requested in the next epoch → (0,600000,0); an immediate repeat returns (0,0,0) and
/// after each boundary the proxy is not overdue (INV-SP3).
#[test]
fn auto_pay_or_borrow_pinned_scenarios() {
    let mut p = Proxy::new();
    let (s0, s1) = stake_1m(&mut p);
    let operator = p.operator;
    let address = p.address;
    p.pool.at_blackout(0);
    let ((borrowed, repaid, debt), receipt) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (u(400_000), U256::ZERO, U256::ZERO));
    assert_eq!(proxy_events::<SP::Borrowed>(&p, &receipt), vec![SP::Borrowed { amount: u(400_000), newBorrowedBalance: u(400_000) }]);
    assert!(proxy_events::<SP::RepaidBorrow>(&p, &receipt).is_empty());
    assert!(proxy_events::<SP::RepaidDebt>(&p, &receipt).is_empty());
    let again = p.call(operator, SP::autoPayOrBorrowCall {}).unwrap();
    assert_eq!((again.borrowed, again.repaidBorrow, again.repaidDebt), (U256::ZERO, U256::ZERO, U256::ZERO));
    assert_eq!(p.balance(), u(400_000));

    // Epoch 1: staker 1 requests 500,000; in the blackout the proxy repays down to 40 % of 500,000.
    p.pool.at_epoch(1, 0);
    assert!(!p.pool.get(LS::isBorrowerOverdueCall { borrower: address }));
    p.pool.send(s1, LS::requestWithdrawalCall { amount: u(500_000) }).unwrap();
    p.pool.at_blackout(1);
    let ((borrowed, repaid, debt), receipt) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, u(200_000), U256::ZERO));
    assert_eq!(
        proxy_events::<SP::RepaidBorrow>(&p, &receipt),
        vec![SP::RepaidBorrow { amount: u(200_000), newBorrowedBalance: u(200_000), isGuardianAction: false }]
    );
    assert!(proxy_events::<SP::Borrowed>(&p, &receipt).is_empty());

    // A new stake of 1M during the blackout: active 2M now, 1.5M next; allocated 800k / 600k.
    let s2 = user(&p.pool.node, 2);
    p.pool.stake(s2, 1_000_000);
    assert_eq!(p.pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(2_000_000));
    assert_eq!(p.pool.get(LS::getTotalActiveBalanceNextEpochCall {}), u(1_500_000));
    assert_eq!(p.get(SP::getAllocatedBalanceCurrentEpochCall {}), u(800_000));
    assert_eq!(p.get(SP::getAllocatedBalanceNextEpochCall {}), u(600_000));
    assert_eq!(p.get(SP::getBorrowableAmountCall {}), u(400_000));
    let ((borrowed, repaid, debt), _) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (u(400_000), U256::ZERO, U256::ZERO));
    assert_eq!(p.get(SP::getBorrowedBalanceCall {}), u(600_000));

    // Epoch 2: every staker requests everything → (0, 600000, 0).
    p.pool.at_epoch(2, 0);
    assert!(!p.pool.get(LS::isBorrowerOverdueCall { borrower: address }));
    for (staker, amount) in [(s0, 250_000), (s1, 250_000), (s2, 1_000_000)] {
        p.pool.send(staker, LS::requestWithdrawalCall { amount: u(amount) }).unwrap();
    }
    p.pool.at_blackout(2);
    let ((borrowed, repaid, debt), _) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, u(600_000), U256::ZERO));
    assert_eq!(p.balance(), U256::ZERO);
    let again = p.call(operator, SP::autoPayOrBorrowCall {}).unwrap();
    assert_eq!((again.borrowed, again.repaidBorrow, again.repaidDebt), (U256::ZERO, U256::ZERO, U256::ZERO));
    p.pool.at_epoch(3, 0);
    assert!(!p.pool.get(LS::isBorrowerOverdueCall { borrower: address }));
}

/// §4.6: 200,001 on the exchange leaves 199,999 < 200,000 → revert; withdrawing and re-depositing exactly
/// 200,000 → (0, 200000, 0).
#[test]
fn auto_pay_or_borrow_reverts_when_short_on_the_borrow_repayment() {
    let mut p = borrowed_400k();
    let s1 = user(&p.pool.node, 1);
    p.pool.at_epoch(1, 0);
    p.pool.send(s1, LS::requestWithdrawalCall { amount: u(500_000) }).unwrap();
    p.pool.at_blackout(1);
    p.deposit(200_001);
    assert_eq!(p.balance(), u(199_999));
    let operator = p.operator;
    assert_eq!(p.reason(operator, SP::autoPayOrBorrowCall {}), SHORT_ON_REPAYMENT);
    p.withdraw();
    p.deposit(200_000);
    let ((borrowed, repaid, debt), _) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, u(200_000), U256::ZERO));
    assert_eq!(p.balance(), U256::ZERO);
}

/// §4.6: a guardian-restricted proxy reports 0 borrowable (LS still says 400k) → (0,0,0); after
/// un-restricting → (400000,0,0). INV-SP2: autoPayOrBorrow never borrows while restricted.
#[test]
fn auto_pay_or_borrow_does_not_borrow_while_guardian_restricted() {
    let mut p = Proxy::new();
    stake_1m(&mut p);
    let (guardian, address) = (p.guardian, p.address);
    p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }).unwrap();
    p.pool.at_blackout(0);
    assert_eq!(p.pool.get(LS::getBorrowableAmountCall { borrower: address }), u(400_000));
    assert_eq!(p.get(SP::getBorrowableAmountCall {}), U256::ZERO);
    let ((borrowed, repaid, debt), receipt) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, U256::ZERO, U256::ZERO));
    assert!(receipt.logs.is_empty());
    p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: false }).unwrap();
    let ((borrowed, repaid, debt), _) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (u(400_000), U256::ZERO, U256::ZERO));
}

#[test]
fn auto_pay_or_borrow_only_in_the_blackout_window() {
    let mut p = Proxy::new();
    stake_1m(&mut p);
    let operator = p.operator;
    for t in [0, DAY, 14 * DAY - 1] {
        p.pool.at_epoch(0, t);
        assert_eq!(p.reason(operator, SP::autoPayOrBorrowCall {}), BLACKOUT_ONLY);
    }
    p.pool.at_epoch(0, 14 * DAY);
    assert!(p.auto_pay().is_ok());
}

/// The debt case of §4.6 (debt 150k, borrowed 250k against an allocation of 100k, a manual repayment
/// of 129,787 → (0, 150000 − 129787, 150000)) and D10: when the proxy holds less than both repayments
/// need, it repays the borrow and then what is left of the debt, where the original reverted.
#[test]
fn auto_pay_or_borrow_repays_debt_and_d10_repays_what_it_can() {
    let mut p = borrowed_400k();
    let (s1, operator, guardian, address) = (user(&p.pool.node, 1), p.operator, p.guardian, p.address);
    p.pool.at_epoch(1, 0);
    p.pool.send(s1, LS::requestWithdrawalCall { amount: u(750_000) }).unwrap();
    // The borrower skips epoch 1's blackout: at epoch 2 the pool is short 150,000.
    p.pool.at_epoch(2, 0);
    assert!(p.pool.get(LS::isBorrowerOverdueCall { borrower: address }));
    // INV-SP5: no guardian forced action before there is debt.
    let z = U256::ZERO;
    assert_eq!(
        p.reason(guardian, SP::guardianForcedWithdrawalRequestCall { starkKey: key(), vaultId: z, quantizedAmount: z, premiumCost: false }),
        NO_DEBT
    );
    assert_eq!(p.reason(guardian, SP::guardianForcedTradeRequestCall { args: trade_args(1), signature: Bytes::new() }), NO_DEBT);
    let outsider = p.outsider;
    p.pool.send(outsider, LS::markDebtCall { borrowers: vec![address] }).unwrap();
    assert_eq!(p.pool_view(), (u(250_000), u(150_000)));
    assert_eq!(p.get(SP::getDebtBalanceCall {}), u(150_000));
    assert_eq!(p.get(SP::getBorrowedAndDebtBalanceCall {}), u(400_000));
    assert_eq!(p.get(SP::getAllocatedBalanceCurrentEpochCall {}), u(100_000));
    p.send(operator, SP::repayBorrowCall { amount: u(129_787) }).unwrap();
    p.pool.at_blackout(2);
    let before = p.pool.node.snapshot();

    // Enough tokens: (0, 20213, 150000), events in order RepaidBorrow then RepaidDebt.
    assert_eq!(p.balance(), u(270_213));
    let ((borrowed, repaid, debt), receipt) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, u(150_000 - 129_787), u(150_000)));
    assert_eq!(
        proxy_events::<SP::RepaidBorrow>(&p, &receipt),
        vec![SP::RepaidBorrow { amount: u(20_213), newBorrowedBalance: u(100_000), isGuardianAction: false }]
    );
    assert_eq!(
        proxy_events::<SP::RepaidDebt>(&p, &receipt),
        vec![SP::RepaidDebt { amount: u(150_000), newDebtBalance: U256::ZERO, isGuardianAction: false }]
    );
    let order: Vec<B256> = receipt.logs.iter().filter(|l| l.address == address).map(|l| l.topics()[0]).collect();
    assert_eq!(order, vec![SP::RepaidBorrow::SIGNATURE_HASH, SP::RepaidDebt::SIGNATURE_HASH]);
    assert_eq!(p.pool_view(), (u(100_000), U256::ZERO));
    p.pool.at_epoch(3, 0);
    assert!(!p.pool.get(LS::isBorrowerOverdueCall { borrower: address }));
    p.pool.node.revert(&before);

    // D10: only 100,000 in the wallet. The borrow repayment (20,213) leaves 79,787 for the debt.
    p.deposit(170_213);
    let token_balance = p.balance();
    assert_eq!(token_balance, u(100_000));
    let ((borrowed, repaid, debt), receipt) = p.auto_pay().unwrap();
    assert_eq!((borrowed, repaid, debt), (U256::ZERO, u(20_213), u(79_787)));
    // The original sized the debt payment from the stale snapshot: min(150000, 100000) = 100,000, more
    // than the 79,787 left after the borrow repayment, so its pull failed and the call reverted.
    let original_debt_payment = u(150_000).min(token_balance);
    assert!(original_debt_payment > token_balance - repaid);
    assert_eq!(debt, token_balance - repaid);
    assert_eq!(
        proxy_events::<SP::RepaidDebt>(&p, &receipt),
        vec![SP::RepaidDebt { amount: u(79_787), newDebtBalance: u(70_213), isGuardianAction: false }]
    );
    assert_eq!(p.balance(), U256::ZERO);
    assert_eq!(p.pool_view(), (u(100_000), u(70_213)));
    // Paying the rest manually, then the guardian's forced actions still need debt > 0.
    p.withdraw();
    p.send(operator, SP::repayDebtCall { amount: u(70_000) }).unwrap();
    let receipt = p.send(guardian, SP::guardianRepayDebtCall { amount: u(213) }).unwrap();
    assert_eq!(
        proxy_events::<SP::RepaidDebt>(&p, &receipt),
        vec![SP::RepaidDebt { amount: u(213), newDebtBalance: U256::ZERO, isGuardianAction: true }]
    );
    assert_eq!(
        p.reason(guardian, SP::guardianForcedWithdrawalRequestCall { starkKey: key(), vaultId: z, quantizedAmount: z, premiumCost: false }),
        NO_DEBT
    );
}

/// §4.8: with debt the guardian may force a withdrawal and a trade at once, for any key.
#[test]
fn guardian_forced_actions_with_debt() {
    let mut p = borrowed_400k();
    let (s1, guardian, address, outsider, exchange) = (user(&p.pool.node, 1), p.guardian, p.address, p.outsider, p.exchange);
    p.pool.at_epoch(1, 0);
    p.pool.send(s1, LS::requestWithdrawalCall { amount: u(750_000) }).unwrap();
    p.pool.at_epoch(2, 0);
    p.pool.send(outsider, LS::markDebtCall { borrowers: vec![address] }).unwrap();
    // A key that is registered but not allowed.
    let other_key = u(99);
    let owner = p.owner;
    p.pool.node.send(owner, exchange, SPX::registerUserCall { ethKey: address, starkKey: other_key, signature: Bytes::new() }).unwrap();
    let receipt = p
        .send(
            guardian,
            SP::guardianForcedWithdrawalRequestCall { starkKey: other_key, vaultId: u(7), quantizedAmount: u(5), premiumCost: true },
        )
        .unwrap();
    assert_eq!(
        proxy_events::<SP::RequestedForcedWithdrawal>(&p, &receipt),
        vec![SP::RequestedForcedWithdrawal { starkKey: other_key, vaultId: u(7), isGuardianAction: true }]
    );
    let mut args = trade_args(3);
    args[0] = other_key;
    let signature = Bytes::from(vec![0xab; 65]);
    let receipt = p.send(guardian, SP::guardianForcedTradeRequestCall { args, signature: signature.clone() }).unwrap();
    assert_eq!(
        proxy_events::<SP::RequestedForcedTrade>(&p, &receipt),
        vec![SP::RequestedForcedTrade { starkKey: other_key, vaultId: args[2], isGuardianAction: true }]
    );
    assert_eq!(p.pool.node.call(owner, exchange, SPX::getLastForcedTradeRequestArgsCall {}).unwrap(), args.to_vec());
    assert_eq!(p.pool.node.call(owner, exchange, SPX::getLastForcedTradeRequestSignatureCall {}).unwrap(), signature);
    assert_eq!(p.pool.node.call(owner, exchange, SPX::forcedTradeRequestCountCall {}).unwrap(), u(1));
    // The exchange mock reverts for an unregistered key, and that reason bubbles.
    assert_eq!(
        p.reason(
            guardian,
            SP::guardianForcedWithdrawalRequestCall { starkKey: u(12345), vaultId: u(7), quantizedAmount: u(5), premiumCost: true }
        ),
        "USER_UNREGISTERED"
    );
}

// ---------------------------------------------------------------------------------------------
// §4.7 exchange operator

#[test]
fn deposit_and_withdraw_report_measured_amounts() {
    let mut p = borrowed_400k();
    let (operator, exchange, address) = (p.operator, p.exchange, p.address);
    let call = SP::depositToExchangeCall { starkKey: key(), assetType: u(1), vaultId: u(2), quantizedAmount: u(150_000) };
    let receipt = p.send(operator, call).unwrap();
    assert_eq!(returns::<SP::depositToExchangeCall>(&receipt), u(150_000));
    assert_eq!(
        proxy_events::<SP::DepositedToExchange>(&p, &receipt),
        vec![SP::DepositedToExchange { starkKey: key(), starkAssetType: u(1), starkVaultId: u(2), tokenAmount: u(150_000) }]
    );
    assert_eq!(
        receipt.events_from::<SPX::MockStarkDeposited>(exchange),
        vec![SPX::MockStarkDeposited { starkKey: key(), assetType: u(1), vaultId: u(2), quantizedAmount: u(150_000) }]
    );
    assert_eq!(p.pool.node.call(operator, exchange, SPX::_DEPOSITS_Call { depositor: address }).unwrap(), u(150_000));
    p.deposit(50_000);
    let receipt = p.send(operator, SP::withdrawFromExchangeCall { starkKey: key(), assetType: u(1) }).unwrap();
    assert_eq!(returns::<SP::withdrawFromExchangeCall>(&receipt), u(200_000));
    assert_eq!(
        proxy_events::<SP::WithdrewFromExchange>(&p, &receipt),
        vec![SP::WithdrewFromExchange { starkKey: key(), starkAssetType: u(1), tokenAmount: u(200_000), isGuardianAction: false }]
    );
    let receipt = p.send(operator, SP::withdrawFromExchangeCall { starkKey: key(), assetType: u(1) }).unwrap();
    assert_eq!(returns::<SP::withdrawFromExchangeCall>(&receipt), U256::ZERO);
    assert_eq!(p.balance(), u(400_000));
    // INV-SP7: only allowed keys.
    let z = U256::ZERO;
    assert_eq!(
        p.reason(operator, SP::depositToExchangeCall { starkKey: u(1), assetType: z, vaultId: z, quantizedAmount: u(1) }),
        KEY_NOT_ALLOWED
    );
    assert_eq!(p.reason(operator, SP::withdrawFromExchangeCall { starkKey: u(1), assetType: z }), KEY_NOT_ALLOWED);
    // More than the proxy holds: the token's failure comes back through the exchange.
    let failure =
        p.send(operator, SP::depositToExchangeCall { starkKey: key(), assetType: z, vaultId: z, quantizedAmount: u(400_001) }).unwrap_err();
    assert_eq!(
        failure.error::<ITestToken::ERC20InsufficientBalance>(),
        Some(ITestToken::ERC20InsufficientBalance { sender: p.address, balance: u(400_000), needed: u(400_001) })
    );
}

/// INV-SP2: while restricted, only the proxy's excess over borrowed + debt may go to the exchange.
#[test]
fn restricted_deposits_keep_borrowed_funds_home() {
    let mut p = borrowed_400k();
    let (operator, guardian) = (p.operator, p.guardian);
    p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }).unwrap();
    let z = U256::ZERO;
    let deposit = |amount: u64| SP::depositToExchangeCall { starkKey: key(), assetType: z, vaultId: z, quantizedAmount: u(amount) };
    assert_eq!(p.reason(operator, deposit(1)), DEPOSIT_RESTRICTED);
    p.mint_to_proxy(1_000);
    let receipt = p.send(operator, deposit(1_000)).unwrap();
    assert_eq!(returns::<SP::depositToExchangeCall>(&receipt), u(1_000));
    let (owed, balance) = owed_and_balance(&mut p);
    assert!(balance >= owed);
    assert_eq!(p.reason(operator, deposit(1)), DEPOSIT_RESTRICTED);
    // The guardian still pulls funds back from the exchange, even for a disallowed key.
    let owner = p.owner;
    p.send(owner, SP::disallowStarkKeyCall { starkKey: key() }).unwrap();
    let receipt = p.send(guardian, SP::guardianWithdrawFromExchangeCall { starkKey: key(), assetType: z }).unwrap();
    assert_eq!(returns::<SP::guardianWithdrawFromExchangeCall>(&receipt), u(1_000));
    assert_eq!(
        proxy_events::<SP::WithdrewFromExchange>(&p, &receipt),
        vec![SP::WithdrewFromExchange { starkKey: key(), starkAssetType: z, tokenAmount: u(1_000), isGuardianAction: true }]
    );
}

// ---------------------------------------------------------------------------------------------
// §4.9 owner functions, §4.12 V2 cancel/reclaim

#[test]
fn stark_key_and_recipient_allowlists() {
    let mut p = Proxy::new();
    let (owner, exchange, outsider, address) = (p.owner, p.exchange, p.outsider, p.address);
    assert!(p.get(SP::isStarkKeyAllowedCall { starkKey: key() }));
    assert_eq!(p.reason(owner, SP::allowStarkKeyCall { starkKey: key() }), "SP2Owner: STARK key already allowed");
    assert_eq!(p.reason(owner, SP::allowStarkKeyCall { starkKey: u(5) }), "USER_UNREGISTERED");
    p.pool.node.send(owner, exchange, SPX::registerUserCall { ethKey: outsider, starkKey: u(5), signature: Bytes::new() }).unwrap();
    assert_eq!(p.pool.node.call(owner, exchange, SPX::_REGISTRATIONS_Call { starkKey: u(5) }).unwrap(), outsider);
    assert_eq!(p.reason(owner, SP::allowStarkKeyCall { starkKey: u(5) }), "SP2Owner: STARK key not registered to this contract");
    p.pool.node.send(owner, exchange, SPX::registerUserCall { ethKey: address, starkKey: u(5), signature: Bytes::new() }).unwrap();
    let receipt = p.send(owner, SP::allowStarkKeyCall { starkKey: u(5) }).unwrap();
    assert_eq!(proxy_events::<SP::UpdatedStarkKey>(&p, &receipt), vec![SP::UpdatedStarkKey { starkKey: u(5), isAllowed: true }]);
    let receipt = p.send(owner, SP::disallowStarkKeyCall { starkKey: u(5) }).unwrap();
    assert_eq!(proxy_events::<SP::UpdatedStarkKey>(&p, &receipt), vec![SP::UpdatedStarkKey { starkKey: u(5), isAllowed: false }]);
    assert!(!p.get(SP::isStarkKeyAllowedCall { starkKey: u(5) }));
    assert_eq!(p.reason(owner, SP::disallowStarkKeyCall { starkKey: u(5) }), "SP2Owner: STARK key already disallowed");

    assert!(!p.get(SP::isRecipientAllowedCall { recipient: outsider }));
    let receipt = p.send(owner, SP::allowExternalRecipientCall { recipient: outsider }).unwrap();
    assert_eq!(
        proxy_events::<SP::UpdatedExternalRecipient>(&p, &receipt),
        vec![SP::UpdatedExternalRecipient { recipient: outsider, isAllowed: true }]
    );
    assert!(p.get(SP::isRecipientAllowedCall { recipient: outsider }));
    assert_eq!(p.reason(owner, SP::allowExternalRecipientCall { recipient: outsider }), "SP2Owner: Recipient already allowed");
    let receipt = p.send(owner, SP::disallowExternalRecipientCall { recipient: outsider }).unwrap();
    assert_eq!(
        proxy_events::<SP::UpdatedExternalRecipient>(&p, &receipt),
        vec![SP::UpdatedExternalRecipient { recipient: outsider, isAllowed: false }]
    );
    assert_eq!(p.reason(owner, SP::disallowExternalRecipientCall { recipient: outsider }), "SP2Owner: Recipient already disallowed");
    // No zero-address check.
    p.send(owner, SP::allowExternalRecipientCall { recipient: Address::ZERO }).unwrap();
}

#[test]
fn owner_sets_token_allowances_of_the_exchange_and_the_pool() {
    let mut p = Proxy::new();
    let (owner, usdc, dydx, address, exchange, pool) = (p.owner, p.pool.usdc, p.pool.dydx, p.address, p.exchange, p.pool.address);
    let allowance = |p: &mut Proxy, token: Address, spender: Address| {
        p.pool.node.call(owner, token, ITestToken::allowanceCall { owner: address, spender }).unwrap()
    };
    assert_eq!(allowance(&mut p, usdc, exchange), U256::MAX);
    let receipt = p.send(owner, SP::setExchangeContractAllowanceCall { token: usdc, amount: u(77) }).unwrap();
    let approvals: Vec<U256> = receipt.events_from::<ITestToken::Approval>(usdc).into_iter().map(|a| a.value).collect();
    assert_eq!(approvals, vec![U256::ZERO, u(77)]);
    assert!(proxy_events::<SP::UpdatedStarkKey>(&p, &receipt).is_empty() && receipt.logs.iter().all(|l| l.address != address));
    assert_eq!(allowance(&mut p, usdc, exchange), u(77));
    p.send(owner, SP::setStakingContractAllowanceCall { token: dydx, amount: u(5) }).unwrap();
    assert_eq!(allowance(&mut p, dydx, pool), u(5));
    p.send(owner, SP::setStakingContractAllowanceCall { token: usdc, amount: U256::ZERO }).unwrap();
    assert_eq!(allowance(&mut p, usdc, pool), U256::ZERO);
    assert_eq!(
        p.reason(owner, SP::setStakingContractAllowanceCall { token: Address::repeat_byte(0x42), amount: u(1) }),
        "SafeERC20: call to non-contract"
    );
}

#[test]
fn owner_forced_withdrawal_needs_an_allowed_key_but_no_debt() {
    let mut p = Proxy::new();
    let owner = p.owner;
    let call = |k: U256| SP::forcedWithdrawalRequestCall { starkKey: k, vaultId: u(3), quantizedAmount: u(4), premiumCost: false };
    let receipt = p.send(owner, call(key())).unwrap();
    assert_eq!(
        proxy_events::<SP::RequestedForcedWithdrawal>(&p, &receipt),
        vec![SP::RequestedForcedWithdrawal { starkKey: key(), vaultId: u(3), isGuardianAction: false }]
    );
    assert_eq!(p.reason(owner, call(u(8))), KEY_NOT_ALLOWED);
}

/// §4.9 forced-trade queue, INV-SP4 and §7 item 30: hash, 7-day wait, 7-day grace (inclusive bounds),
/// consumption, replay, re-queueing, vetoes.
#[test]
fn forced_trade_queue_wait_grace_veto_and_replay() {
    let mut p = Proxy::new();
    let (owner, veto, exchange) = (p.owner, p.veto, p.exchange);
    let args = trade_args(2);
    let hash = packed_hash(&args);
    let signature = Bytes::from(vec![9, 8, 7]);
    let trade = |signature: &Bytes| SP::forcedTradeRequestCall { args, signature: signature.clone() };
    assert_eq!(p.reason(owner, trade(&signature)), NOT_QUEUED);
    let queued_at = p.pool.node.timestamp();
    let receipt = p.send(owner, SP::queueForcedTradeRequestCall { args }).unwrap();
    assert_eq!(proxy_events::<SP::QueuedForcedTradeRequest>(&p, &receipt), vec![SP::QueuedForcedTradeRequest { args, argsHash: hash }]);
    assert_eq!(p.get(SP::getQueuedForcedTradeTimestampCall { argsHash: hash }), u(queued_at));
    let start = p.pool.node.snapshot();

    p.pool.node.set_timestamp(queued_at + WAITING - 1);
    assert_eq!(p.reason(owner, trade(&signature)), WAIT);
    p.pool.node.set_timestamp(queued_at + WAITING + GRACE + 1);
    assert_eq!(p.reason(owner, trade(&signature)), GRACE_OVER);
    for at in [queued_at + WAITING, queued_at + WAITING + GRACE] {
        p.pool.node.set_timestamp(at);
        let snapshot = p.pool.node.snapshot();
        let receipt = p.send(owner, trade(&signature)).unwrap();
        assert_eq!(
            proxy_events::<SP::RequestedForcedTrade>(&p, &receipt),
            vec![SP::RequestedForcedTrade { starkKey: args[0], vaultId: args[2], isGuardianAction: false }]
        );
        assert_eq!(p.pool.node.call(owner, exchange, SPX::getLastForcedTradeRequestArgsCall {}).unwrap(), args.to_vec());
        assert_eq!(p.pool.node.call(owner, exchange, SPX::getLastForcedTradeRequestSignatureCall {}).unwrap(), signature);
        // Consumed: a replay needs a new queueing.
        assert_eq!(p.get(SP::getQueuedForcedTradeTimestampCall { argsHash: hash }), U256::ZERO);
        assert_eq!(p.reason(owner, trade(&signature)), NOT_QUEUED);
        p.pool.node.revert(&snapshot);
    }
    // The key must be allowed at execution time (checked after the role).
    p.pool.node.set_timestamp(queued_at + WAITING);
    p.send(owner, SP::disallowStarkKeyCall { starkKey: key() }).unwrap();
    assert_eq!(p.reason(owner, trade(&signature)), KEY_NOT_ALLOWED);
    p.pool.node.revert(&start);

    // Re-queueing restarts the wait.
    p.pool.node.set_timestamp(queued_at + 3 * DAY);
    p.send(owner, SP::queueForcedTradeRequestCall { args }).unwrap();
    assert_eq!(p.get(SP::getQueuedForcedTradeTimestampCall { argsHash: hash }), u(queued_at + 3 * DAY));
    p.pool.node.set_timestamp(queued_at + WAITING);
    assert_eq!(p.reason(owner, trade(&signature)), WAIT);
    // A veto clears it; vetoing an unknown hash just emits.
    let unknown = B256::repeat_byte(0x11);
    let receipt = p.send(veto, SP::guardianVetoForcedTradeRequestsCall { argsHashes: vec![hash, unknown] }).unwrap();
    assert_eq!(
        proxy_events::<SP::GuardianVetoedForcedTradeRequest>(&p, &receipt),
        vec![SP::GuardianVetoedForcedTradeRequest { argsHash: hash }, SP::GuardianVetoedForcedTradeRequest { argsHash: unknown }]
    );
    assert_eq!(p.get(SP::getQueuedForcedTradeTimestampCall { argsHash: hash }), U256::ZERO);
    p.pool.node.set_timestamp(queued_at + 3 * DAY + WAITING);
    assert_eq!(p.reason(owner, trade(&signature)), NOT_QUEUED);
    // The guardian itself does not hold the veto role.
    let guardian = p.guardian;
    assert_eq!(
        p.reason(guardian, SP::guardianVetoForcedTradeRequestsCall { argsHashes: vec![hash] }),
        missing_role(guardian, proxy::veto_guardian_role())
    );
    assert_eq!(p.pool.node.call(owner, exchange, SPX::forcedTradeRequestCountCall {}).unwrap(), U256::ZERO);
}

#[test]
fn deposit_cancel_and_reclaim_by_owner_and_guardian() {
    let mut p = Proxy::new();
    let (owner, guardian, exchange) = (p.owner, p.guardian, p.exchange);
    let (k, a, v) = (key(), u(4), u(32));
    let receipt = p.send(owner, SP::depositCancelCall { starkKey: k, assetType: a, vaultId: v }).unwrap();
    assert_eq!(
        proxy_events::<SP::DepositCanceled>(&p, &receipt),
        vec![SP::DepositCanceled { starkKey: k, starkAssetType: a, vaultId: v, isGuardianAction: false }]
    );
    assert_eq!(
        receipt.events_from::<SPX::MockStarkDepositCanceled>(exchange),
        vec![SPX::MockStarkDepositCanceled { starkKey: k, assetType: a, vaultId: v }]
    );
    let receipt = p.send(owner, SP::depositReclaimCall { starkKey: k, assetType: a, vaultId: v }).unwrap();
    assert_eq!(
        proxy_events::<SP::DepositReclaimed>(&p, &receipt),
        vec![SP::DepositReclaimed { starkKey: k, starkAssetType: a, vaultId: v, fundsReclaimed: U256::ZERO, isGuardianAction: false }]
    );
    assert_eq!(receipt.events_from::<SPX::MockStarkDepositReclaimed>(exchange).len(), 1);
    // Owner needs an allowed key; the guardian does not.
    p.send(owner, SP::disallowStarkKeyCall { starkKey: k }).unwrap();
    assert_eq!(p.reason(owner, SP::depositCancelCall { starkKey: k, assetType: a, vaultId: v }), KEY_NOT_ALLOWED);
    assert_eq!(p.reason(owner, SP::depositReclaimCall { starkKey: k, assetType: a, vaultId: v }), KEY_NOT_ALLOWED);
    let receipt = p.send(guardian, SP::guardianDepositCancelCall { starkKey: k, assetType: a, vaultId: v }).unwrap();
    assert_eq!(
        proxy_events::<SP::DepositCanceled>(&p, &receipt),
        vec![SP::DepositCanceled { starkKey: k, starkAssetType: a, vaultId: v, isGuardianAction: true }]
    );
    let receipt = p.send(guardian, SP::guardianDepositReclaimCall { starkKey: k, assetType: a, vaultId: v }).unwrap();
    assert_eq!(
        proxy_events::<SP::DepositReclaimed>(&p, &receipt),
        vec![SP::DepositReclaimed { starkKey: k, starkAssetType: a, vaultId: v, fundsReclaimed: U256::ZERO, isGuardianAction: true }]
    );
    assert_eq!(p.reason(guardian, SP::guardianDepositCancelCall { starkKey: u(1), assetType: a, vaultId: v }), "USER_UNREGISTERED");
}

// ---------------------------------------------------------------------------------------------
// §4.8 approvals, §4.10 withdrawal operator

/// INV-SP1, INV-SP6, §7 item 31.
#[test]
fn external_token_withdrawals_never_take_borrowed_funds_without_approval() {
    let mut p = borrowed_400k();
    let (owner, guardian, operator, outsider) = (p.owner, p.guardian, p.operator, p.outsider);
    let withdraw = |amount: u64| SP::externalWithdrawTokenCall { recipient: outsider, amount: u(amount) };
    assert_eq!(p.reason(operator, withdraw(1)), RECIPIENT_NOT_ALLOWED);
    p.send(owner, SP::allowExternalRecipientCall { recipient: outsider }).unwrap();
    assert_eq!(p.reason(operator, withdraw(1)), NO_WITHDRAWABLE);
    p.mint_to_proxy(50_000);
    assert_eq!(p.reason(operator, withdraw(50_001)), ABOVE_WITHDRAWABLE);
    let receipt = p.send(operator, withdraw(50_000)).unwrap();
    assert_eq!(
        proxy_events::<SP::ExternalWithdrewToken>(&p, &receipt),
        vec![SP::ExternalWithdrewToken { recipient: outsider, amount: u(50_000) }]
    );
    assert_eq!(p.usdc_of(outsider), u(50_000));
    let (owed, balance) = owed_and_balance(&mut p);
    assert_eq!((owed, balance), (u(400_000), u(400_000)));
    assert_eq!(p.reason(operator, withdraw(1)), NO_WITHDRAWABLE);

    // The guardian approves amounts that may come out of borrowed funds.
    let receipt = p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(100) }).unwrap();
    assert_eq!(returns::<SP::increaseApprovedAmountForExternalWithdrawalCall>(&receipt), u(100));
    assert_eq!(
        proxy_events::<SP::GuardianUpdateApprovedAmountForExternalWithdrawal>(&p, &receipt),
        vec![SP::GuardianUpdateApprovedAmountForExternalWithdrawal { amount: u(100) }]
    );
    let receipt = p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(50) }).unwrap();
    assert_eq!(returns::<SP::increaseApprovedAmountForExternalWithdrawalCall>(&receipt), u(150));
    p.send(operator, withdraw(60)).unwrap();
    assert_eq!(p.get(SP::getApprovedAmountForExternalWithdrawalCall {}), u(90));
    assert_eq!(p.balance(), u(399_940));
    let receipt = p.send(guardian, SP::resetApprovedAmountForExternalWithdrawalCall {}).unwrap();
    assert_eq!(returns::<SP::resetApprovedAmountForExternalWithdrawalCall>(&receipt), u(90));
    assert_eq!(
        proxy_events::<SP::GuardianUpdateApprovedAmountForExternalWithdrawal>(&p, &receipt),
        vec![SP::GuardianUpdateApprovedAmountForExternalWithdrawal { amount: U256::ZERO }]
    );
    assert_eq!(p.get(SP::getApprovedAmountForExternalWithdrawalCall {}), U256::ZERO);
    let snapshot = p.pool.node.snapshot();
    p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: U256::MAX }).unwrap();
    assert_eq!(p.reason(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(1) }), "SafeMath: addition overflow");
    p.pool.node.revert(&snapshot);

    // A partial approval is discarded by the fallback path.
    p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(10) }).unwrap();
    p.mint_to_proxy(100);
    assert_eq!(p.reason(operator, withdraw(41)), ABOVE_WITHDRAWABLE);
    p.send(operator, withdraw(30)).unwrap();
    assert_eq!(p.get(SP::getApprovedAmountForExternalWithdrawalCall {}), U256::ZERO);
    let (owed, balance) = owed_and_balance(&mut p);
    assert!(balance >= owed);
    assert_eq!(balance - owed, u(10));
}

#[test]
fn external_withdrawals_of_other_tokens_and_ether() {
    let mut p = Proxy::new();
    let (owner, operator, outsider, address, usdc, dydx) = (p.owner, p.operator, p.outsider, p.address, p.pool.usdc, p.pool.dydx);
    p.send(owner, SP::allowExternalRecipientCall { recipient: outsider }).unwrap();
    p.pool.node.send(owner, dydx, ITestToken::mintCall { to: address, amount: u(1_000) }).unwrap();
    assert_eq!(
        p.reason(operator, SP::externalWithdrawOtherTokenCall { token: usdc, recipient: outsider, amount: u(1) }),
        "SP2Withdrawals: Cannot use this function to withdraw borrowed token"
    );
    assert_eq!(
        p.reason(operator, SP::externalWithdrawOtherTokenCall { token: dydx, recipient: owner, amount: u(1) }),
        RECIPIENT_NOT_ALLOWED
    );
    let receipt = p.send(operator, SP::externalWithdrawOtherTokenCall { token: dydx, recipient: outsider, amount: u(400) }).unwrap();
    assert_eq!(
        proxy_events::<SP::ExternalWithdrewOtherToken>(&p, &receipt),
        vec![SP::ExternalWithdrewOtherToken { token: dydx, recipient: outsider, amount: u(400) }]
    );
    assert_eq!(p.pool.dydx_of(outsider), u(400));
    assert_eq!(
        p.reason(operator, SP::externalWithdrawOtherTokenCall { token: dydx, recipient: outsider, amount: u(601) }),
        "SafeERC20: low-level call failed"
    );

    // Ether: the proxy has no payable entry point; it holds ether only by forced sends.
    let ether = U256::from(10).pow(U256::from(18));
    p.pool.node.set_balance(address, ether);
    let before = p.pool.node.balance(outsider);
    let receipt = p.send(operator, SP::externalWithdrawEtherCall { recipient: outsider, amount: ether / u(4) }).unwrap();
    assert_eq!(
        proxy_events::<SP::ExternalWithdrewEther>(&p, &receipt),
        vec![SP::ExternalWithdrewEther { recipient: outsider, amount: ether / u(4) }]
    );
    assert_eq!(p.pool.node.balance(outsider) - before, ether / u(4));
    assert_eq!(p.pool.node.balance(address), ether - ether / u(4));
    let failure = p.send(operator, SP::externalWithdrawEtherCall { recipient: outsider, amount: ether }).unwrap_err();
    assert!(matches!(&failure, Failure::Revert { output, .. } if output.is_empty()), "{failure:?}");
    assert_eq!(p.reason(operator, SP::externalWithdrawEtherCall { recipient: owner, amount: u(1) }), RECIPIENT_NOT_ALLOWED);
    // Sending ether to the proxy's functions fails: nothing is payable.
    let data = SP::getTokenBalanceCall {}.abi_encode();
    let failure = p.pool.node.send_raw(owner, address, data.into(), u(1)).unwrap_err();
    assert!(matches!(&failure, Failure::Revert { output, .. } if output.is_empty()), "{failure:?}");
}

#[test]
fn claim_rewards_from_the_merkle_distributor_returns_its_answer() {
    let mut p = Proxy::new();
    let operator = p.operator;
    let receipt = p
        .send(operator, SP::claimRewardsFromMerkleDistributorCall { cumulativeAmount: u(12_345), merkleProof: vec![B256::repeat_byte(1)] })
        .unwrap();
    assert_eq!(returns::<SP::claimRewardsFromMerkleDistributorCall>(&receipt), u(12_345));
}

// ---------------------------------------------------------------------------------------------
// D5: upgrades by the guardian

#[test]
fn the_guardian_upgrades_the_proxy_keeping_roles_balances_and_allowances() {
    let mut p = borrowed_400k();
    let (owner, guardian, operator, address, usdc, pool) = (p.owner, p.guardian, p.operator, p.address, p.pool.usdc, p.pool.address);
    let ops_selectors: Vec<FixedBytes<4>> = bindings::stark_proxy_selectors(STARK_PROXY_FACETS[1].1).into_iter().map(FixedBytes).collect();
    let old_ops = p.facets[1].1;
    assert_eq!(p.get(ILS1Router::facetAddressCall { selector: SP::guardianRepayBorrowCall::SELECTOR.into() }), old_ops);
    assert_eq!(p.get(ILS1Router::facetAddressCall { selector: SP::borrowCall::SELECTOR.into() }), Address::ZERO, "served by sp-proxy");
    let new_ops = p.pool.node.deploy_program(guardian, "sp-ops").unwrap();
    assert_ne!(new_ops, old_ops);
    let upgrade = ILS1Router::setFacetsCall { selectors: ops_selectors.clone(), facet: new_ops };
    assert_eq!(p.reason(owner, upgrade.clone()), missing_role(owner, proxy::guardian_role()));
    let receipt = p.send(guardian, upgrade).unwrap();
    let updated = receipt.events_from::<ILS1Router::FacetUpdated>(address);
    assert_eq!(updated.len(), ops_selectors.len());
    assert!(updated.iter().zip(&ops_selectors).all(|(e, s)| e.selector == *s && e.facet == new_ops));
    for selector in &ops_selectors {
        assert_eq!(p.get(ILS1Router::facetAddressCall { selector: *selector }), new_ops);
    }
    // Roles, balances, allowances and settings survive; the new code serves the same storage.
    assert!(p.get(SP::hasRoleCall { role: proxy::borrower_role(), account: operator }));
    assert!(p.get(SP::hasRoleCall { role: proxy::guardian_role(), account: guardian }));
    assert!(p.get(SP::isStarkKeyAllowedCall { starkKey: key() }));
    assert_eq!(p.get(SP::getBorrowedBalanceCall {}), u(400_000));
    assert_eq!(p.get(SP::getTokenBalanceCall {}), u(400_000));
    assert_eq!(p.pool.node.call(owner, usdc, ITestToken::allowanceCall { owner: address, spender: pool }).unwrap(), U256::MAX);
    let receipt = p.send(operator, SP::repayBorrowCall { amount: u(1) }).unwrap();
    assert_eq!(
        proxy_events::<SP::RepaidBorrow>(&p, &receipt),
        vec![SP::RepaidBorrow { amount: u(1), newBorrowedBalance: u(399_999), isGuardianAction: false }]
    );
    assert_eq!(p.reason(guardian, SP::borrowCall { amount: u(1) }), missing_role(guardian, proxy::borrower_role()));
    // Removing a selector makes it unknown (empty revert data).
    p.send(guardian, ILS1Router::setFacetsCall { selectors: vec![SP::getTokenBalanceCall::SELECTOR.into()], facet: Address::ZERO })
        .unwrap();
    let failure = p.send(operator, SP::getTokenBalanceCall {}).unwrap_err();
    assert_eq!(failure.output().map(|o| o.len()), Some(0));
    assert_eq!(p.reason(owner, SP::initializeCall { guardian: owner }), ALREADY_INITIALIZED);
}

// ---------------------------------------------------------------------------------------------
// D3: reentrancy

/// A token whose transfer re-enters the proxy is refused, the outer withdrawal reverts whole.
#[test]
fn a_token_reentering_the_proxy_is_refused_and_nothing_changes() {
    let mut p = Proxy::new();
    let (owner, operator, outsider, address) = (p.owner, p.operator, p.outsider, p.address);
    let token = p.pool.node.deploy_program(owner, "reentrant-token").unwrap();
    p.pool.node.send(owner, token, bindings::IReentrantToken::mintCall { to: address, amount: u(1_000) }).unwrap();
    p.send(owner, SP::allowExternalRecipientCall { recipient: outsider }).unwrap();
    let again = SP::externalWithdrawOtherTokenCall { token, recipient: outsider, amount: u(1) }.abi_encode();
    p.pool.node.send(owner, token, bindings::IReentrantToken::setCallbackCall { target: address, data: again.into() }).unwrap();
    let withdraw = SP::externalWithdrawOtherTokenCall { token, recipient: outsider, amount: u(500) };
    assert_eq!(p.reason(operator, withdraw.clone()), "SafeERC20: low-level call failed");
    let balance =
        |p: &mut Proxy, account: Address| p.pool.node.call(owner, token, bindings::IReentrantToken::balanceOfCall { account }).unwrap();
    assert_eq!(balance(&mut p, address), u(1_000));
    // The same callback to a view of another contract lets it through: the refusal is the reentry.
    let view = ITestToken::balanceOfCall { account: address }.abi_encode();
    let usdc = p.pool.usdc;
    p.pool.node.send(owner, token, bindings::IReentrantToken::setCallbackCall { target: usdc, data: view.into() }).unwrap();
    p.send(operator, withdraw).unwrap();
    assert_eq!(balance(&mut p, outsider), u(500));
}

// ---------------------------------------------------------------------------------------------
// §5.2: the exchange mock itself

#[test]
fn the_exchange_mock_registers_deposits_and_pays_back_everything() {
    let mut p = Proxy::new();
    let (owner, exchange, outsider, usdc) = (p.owner, p.exchange, p.outsider, p.pool.usdc);
    assert_eq!(p.pool.node.call(owner, exchange, SPX::TOKENCall {}).unwrap(), usdc);
    assert_eq!(p.pool.node.call(owner, exchange, IStarkPerpetual::getEthKeyCall { starkKey: key() }).unwrap(), p.address);
    let failure = p.pool.node.call(owner, exchange, IStarkPerpetual::getEthKeyCall { starkKey: u(3) }).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("USER_UNREGISTERED"));
    let signature = Bytes::from(vec![1, 2]);
    let receipt = p
        .pool
        .node
        .send(outsider, exchange, SPX::registerUserCall { ethKey: outsider, starkKey: u(3), signature: signature.clone() })
        .unwrap();
    assert_eq!(
        receipt.events_from::<SPX::MockStarkRegistered>(exchange),
        vec![SPX::MockStarkRegistered { ethKey: outsider, starkKey: u(3), signature }]
    );
    p.pool.node.send(outsider, usdc, ITestToken::mintCall { to: outsider, amount: u(100) }).unwrap();
    p.pool.node.send(outsider, usdc, ITestToken::approveCall { spender: exchange, value: u(100) }).unwrap();
    for (vault, amount) in [(1, 30), (2, 70)] {
        let call = IStarkPerpetual::depositCall { starkKey: u(3), assetType: u(9), vaultId: u(vault), quantizedAmount: u(amount) };
        p.pool.node.send(outsider, exchange, call).unwrap();
    }
    let over = IStarkPerpetual::depositCall { starkKey: u(3), assetType: u(9), vaultId: u(1), quantizedAmount: u(1) };
    let failure = p.pool.node.send(outsider, exchange, over).unwrap_err();
    assert_eq!(
        failure.error::<ITestToken::ERC20InsufficientAllowance>(),
        Some(ITestToken::ERC20InsufficientAllowance { spender: exchange, allowance: U256::ZERO, needed: u(1) })
    );
    let unregistered = IStarkPerpetual::depositCall { starkKey: u(4), assetType: u(9), vaultId: u(1), quantizedAmount: u(1) };
    assert_eq!(p.pool.node.send(outsider, exchange, unregistered).unwrap_err().reason().as_deref(), Some("USER_UNREGISTERED"));
    assert_eq!(p.pool.node.call(owner, exchange, SPX::_DEPOSITS_Call { depositor: outsider }).unwrap(), u(100));
    let receipt = p.pool.node.send(outsider, exchange, IStarkPerpetual::withdrawCall { starkKey: u(3), assetType: u(5) }).unwrap();
    assert_eq!(
        receipt.events_from::<SPX::MockStarkWithdrew>(exchange),
        vec![SPX::MockStarkWithdrew { starkKey: u(3), assetType: u(5), amount: u(100) }]
    );
    assert_eq!(p.pool.usdc_of(outsider), u(100));
    let receipt = p.pool.node.send(outsider, exchange, IStarkPerpetual::withdrawCall { starkKey: u(3), assetType: u(5) }).unwrap();
    assert_eq!(receipt.events_from::<SPX::MockStarkWithdrew>(exchange)[0].amount, U256::ZERO);
    let forced = IStarkPerpetual::forcedWithdrawalRequestCall { starkKey: u(4), vaultId: u(1), quantizedAmount: u(1), premiumCost: false };
    assert_eq!(p.pool.node.send(outsider, exchange, forced).unwrap_err().reason().as_deref(), Some("USER_UNREGISTERED"));
}

/// D5, D16: the guardian can route a hot operation to a facet (`sp-proxy` then delegates it, as an
/// upgrade of that operation would) and give it back with the zero address; both homes of the flags
/// are covered (next to LIQUIDITY_STAKING for `autoPayOrBorrow`, next to STARK_PERPETUAL for
/// `withdrawFromExchange` and the owner's `allowStarkKey`), and the addresses beside the flags are
/// untouched.
#[test]
fn the_guardian_routes_a_hot_operation_to_a_facet_and_back() {
    let mut p = Proxy::new();
    let (guardian, operator, owner, core, pool) = (p.guardian, p.operator, p.owner, p.facets[0].1, p.pool.address);
    let exchange = p.get(SP::STARK_PERPETUALCall {});
    for selector in [SP::autoPayOrBorrowCall::SELECTOR, SP::withdrawFromExchangeCall::SELECTOR, SP::allowStarkKeyCall::SELECTOR] {
        let route = |facet| ILS1Router::setFacetsCall { selectors: vec![selector.into()], facet };
        p.send(guardian, route(core)).unwrap();
        assert_eq!(p.get(ILS1Router::facetAddressCall { selector: selector.into() }), core);
        let failure = match selector {
            SP::autoPayOrBorrowCall::SELECTOR => p.send(operator, SP::autoPayOrBorrowCall {}).unwrap_err(),
            SP::withdrawFromExchangeCall::SELECTOR => {
                p.send(operator, SP::withdrawFromExchangeCall { starkKey: u(7), assetType: u(1) }).unwrap_err()
            }
            _ => p.send(owner, SP::allowStarkKeyCall { starkKey: u(7) }).unwrap_err(),
        };
        assert_eq!(failure.output().map(|o| o.len()), Some(0), "sp-core does not serve it");
        p.send(guardian, route(Address::ZERO)).unwrap();
        assert_eq!(p.get(ILS1Router::facetAddressCall { selector: selector.into() }), Address::ZERO);
    }
    assert_eq!(p.reason(operator, SP::autoPayOrBorrowCall {}), BLACKOUT_ONLY, "served by sp-proxy again");
    assert_eq!(p.reason(operator, SP::withdrawFromExchangeCall { starkKey: u(7), assetType: u(1) }), KEY_NOT_ALLOWED);
    assert_eq!(p.reason(owner, SP::allowStarkKeyCall { starkKey: u(7) }), "USER_UNREGISTERED");
    assert_eq!(p.get(SP::LIQUIDITY_STAKINGCall {}), pool);
    assert_eq!(p.get(SP::STARK_PERPETUALCall {}), exchange);
}

/// D5: the role functions `sp-proxy` serves itself go where the guardian routes them: to `sp-ops`,
/// which does not serve them (empty revert), to `sp-core`, which still carries them (the shared
/// surface of `ls1_common::surface`) and serves them the same, and back with the zero address.
#[test]
fn the_guardian_routes_the_role_functions_to_the_core_facet_and_back() {
    let mut p = Proxy::new();
    let (guardian, owner, outsider, core, ops) = (p.guardian, p.owner, p.outsider, p.facets[0].1, p.facets[1].1);
    let borrower = proxy::borrower_role();
    let selectors: Vec<FixedBytes<4>> =
        [SP::grantRoleCall::SELECTOR, SP::revokeRoleCall::SELECTOR, SP::renounceRoleCall::SELECTOR].map(FixedBytes).to_vec();
    p.send(guardian, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet: ops }).unwrap();
    let failure = p.send(owner, SP::grantRoleCall { role: borrower, account: outsider }).unwrap_err();
    assert_eq!(failure.output().map(|o| o.len()), Some(0), "sp-ops does not serve it");
    for facet in [core, Address::ZERO] {
        p.send(guardian, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet }).unwrap();
        assert!(selectors.iter().all(|&selector| p.get(ILS1Router::facetAddressCall { selector }) == facet));
        assert_eq!(
            p.reason(guardian, SP::grantRoleCall { role: borrower, account: outsider }),
            missing_role(guardian, proxy::delegation_admin_role())
        );
        let receipt = p.send(owner, SP::grantRoleCall { role: borrower, account: outsider }).unwrap();
        assert_eq!(
            proxy_events::<SP::RoleGranted>(&p, &receipt),
            vec![SP::RoleGranted { role: borrower, account: outsider, sender: owner }]
        );
        let receipt = p.send(outsider, SP::renounceRoleCall { role: borrower, account: outsider }).unwrap();
        assert_eq!(
            proxy_events::<SP::RoleRevoked>(&p, &receipt),
            vec![SP::RoleRevoked { role: borrower, account: outsider, sender: outsider }]
        );
        assert!(!p.get(SP::hasRoleCall { role: borrower, account: outsider }));
    }
}

#[test]
fn the_storage_layout_is_the_one_the_sdk_gave_the_proxy() {
    let mut p = Proxy::new();
    let (owner, guardian, address) = (p.owner, p.guardian, p.address);
    let word = |p: &Proxy, slot: U256| B256::from(p.pool.node.storage(address, slot));
    let slot = |n: u64| U256::from(n);
    // An address in the low 20 bytes of its slot, the byte packed after it at byte 11.
    let packed = |account: Address, byte: u8| {
        let mut word = B256::left_padding_from(account.as_slice());
        word[11] = byte;
        word
    };
    let constructed = 0x80;
    assert_eq!(word(&p, slot(3)), B256::left_padding_from(owner.as_slice()));
    assert_eq!(word(&p, slot(4)), packed(p.pool.address, constructed));
    assert_eq!(word(&p, slot(5)), packed(p.exchange, constructed));
    assert_eq!(word(&p, slot(6)), packed(p.pool.usdc, 0));
    assert_eq!(word(&p, slot(7)), B256::left_padding_from(p.distributor.as_slice()));
    p.send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: true }).unwrap();
    assert_eq!(word(&p, slot(6)), packed(p.pool.usdc, 1));
    let allowed = keccak256([key().to_be_bytes::<32>(), slot(8).to_be_bytes::<32>()].concat());
    assert_eq!(p.pool.node.storage(address, allowed.into()), U256::from(1));
    p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(5) }).unwrap();
    assert_eq!(p.pool.node.storage(address, slot(10)), u(5));
}
