//! Deployment and upgrade safety (D5, D16): a pool or a StarkProxy is constructed in its deployment
//! transaction or never (only the StylusDeployer may construct it, the constructor's facet must have
//! code and record the construction, and before construction every call is refused); no facet
//! without code; stkUSDC linked only if it names this pool; value refused by every non-payable entry.

use alloy_primitives::{Address, Bytes, FixedBytes, U256};
use alloy_sol_types::SolCall;
use bindings::{pool_constructor, stark_proxy_constructor, ILS1StkUsdc, POOL_PROGRAM, STARK_PROXY_PROGRAM};
use pool_tests::{
    addresses, constructor_reason, deploy_pool_program, deploy_with_constructor,
    devnode::{init_code_for, Devnode, Failure},
    proxy::{IStarkProxy as SP, Proxy},
    user, ILS1Router, ILiquidityStakingV1 as LS, IStkUsdc, Pool, Setup, CONSTRUCTOR_SELECTOR,
};

const NOT_CONSTRUCTED: &str = "LS1Router: Not constructed";
const NOT_DEPLOYER: &str = "LS1Router: Caller is not the StylusDeployer";
const NO_CODE: &str = "LS1Router: Facet has no code";
const NOT_RECORDED: &str = "LS1Router: Construction not recorded";

/// A contract whose code is a single STOP: it has code and answers every call with success and nothing.
fn stop_contract(node: &mut Devnode, from: Address) -> Address {
    node.deploy_evm(from, &init_code_for(&[0x00])).expect("deploy a STOP contract")
}

/// The pool's constructor call for `pool`'s tokens and deployer, with the facets `facets` (the first runs it).
fn constructor(pool: &Pool, facets: &[Address]) -> Vec<u8> {
    pool_constructor(pool.usdc, pool.dydx, pool.treasury, U256::ZERO, U256::from(1), pool.owner, facets)
}

/// Checks that `result` is a revert with empty data (what an unknown selector gets).
fn assert_empty_revert<T: std::fmt::Debug>(result: Result<T, Failure>, what: &str) {
    match result {
        Err(Failure::Revert { output, .. }) => assert!(output.is_empty(), "{what}: revert data {output}"),
        other => panic!("{what}: expected a revert with empty data, got {other:?}"),
    }
}

/// Attack 1a: a constructor naming a core facet without code fails the deployment (before, the
/// deployment succeeded unconstructed and anyone could construct the pool afterwards).
#[test]
fn a_construction_naming_a_facet_without_code_reverts_the_deployment() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let mut facets = addresses(&pool.facets);
    facets[0] = Address::repeat_byte(0xc0);
    let data = constructor(&pool, &facets);
    let failure = deploy_pool_program(&mut pool.node, owner, data).expect_err("codeless core facet");
    assert_eq!(constructor_reason(failure), NO_CODE);

    // A codeless facet anywhere in the table fails it too.
    let mut facets = addresses(&pool.facets);
    facets[3] = Address::repeat_byte(0xc3);
    let data = constructor(&pool, &facets);
    let failure = deploy_pool_program(&mut pool.node, owner, data).expect_err("codeless facet in the table");
    assert_eq!(constructor_reason(failure), NO_CODE);
}

/// Attack 1b: a constructor facet that returns without recording the construction fails the deployment.
#[test]
fn a_construction_the_facet_does_not_record_reverts_the_deployment() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let mut facets = addresses(&pool.facets);
    facets[0] = stop_contract(&mut pool.node, owner);
    let data = constructor(&pool, &facets);
    let failure = deploy_pool_program(&mut pool.node, owner, data).expect_err("nothing recorded");
    assert_eq!(constructor_reason(failure), NOT_RECORDED);
}

/// Attack 1c: a pool program deployed without the StylusDeployer (so never constructed) refuses every
/// call, its own operations with a reason and the rest as unknown selectors, and nobody can construct
/// it afterwards.
#[test]
fn a_pool_deployed_without_the_stylus_deployer_refuses_every_call_and_cannot_be_constructed() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, attacker) = (pool.owner, user(&pool.node, 0));
    let bare = pool.node.deploy_program(owner, POOL_PROGRAM.0).expect("deploy and activate without a constructor");
    let node = &mut pool.node;
    let hot: Vec<Vec<u8>> = vec![
        LS::balanceOfCall { account: attacker }.abi_encode(),
        LS::stakeCall { amount: U256::from(1) }.abi_encode(),
        LS::getBorrowerStateCall { borrower: attacker }.abi_encode(),
        LS::repayBorrowCall { borrower: attacker, amount: U256::from(1) }.abi_encode(),
    ];
    for data in hot {
        let failure = node.send_raw(attacker, bare, data.into(), U256::ZERO).expect_err("refused before construction");
        assert_eq!(failure.reason().as_deref(), Some(NOT_CONSTRUCTED));
    }
    assert_empty_revert(node.call(attacker, bare, LS::STAKED_TOKENCall {}), "a facet's getter");
    assert_empty_revert(node.call(attacker, bare, ILS1Router::facetAddressCall { selector: FixedBytes([0; 4]) }), "facetAddress");

    let takeover = pool_constructor(attacker, attacker, attacker, U256::ZERO, U256::from(1), attacker, &addresses(&pool.facets));
    for from in [attacker, owner] {
        let failure = pool.node.send_raw(from, bare, takeover.clone().into(), U256::ZERO).expect_err("construction outside a deployment");
        assert_eq!(failure.reason().as_deref(), Some(NOT_DEPLOYER));
    }
    let failure = pool.node.send_raw(attacker, bare, LS::balanceOfCall { account: attacker }.abi_encode().into(), U256::ZERO);
    assert_eq!(failure.expect_err("still refused").reason().as_deref(), Some(NOT_CONSTRUCTED));
}

/// Attack 2: setFacets refuses a facet without code (before, a selector pointed at an EOA "succeeded"
/// with empty return data); the zero address still removes a selector.
#[test]
fn set_facets_refuses_a_facet_without_code() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    let selector = FixedBytes(LS::getRewardsPerSecondCall::SELECTOR);
    let before = pool.get(ILS1Router::facetAddressCall { selector });
    for codeless in [user(&pool.node, 0), Address::repeat_byte(0xee)] {
        assert_eq!(pool.reason(owner, ILS1Router::setFacetsCall { selectors: vec![selector], facet: codeless }), NO_CODE);
        assert_eq!(pool.get(ILS1Router::facetAddressCall { selector }), before);
    }
    let transfer = FixedBytes(IStkUsdc::transferCall::SELECTOR);
    let eoa = user(&pool.node, 1);
    assert_eq!(pool.reason(owner, ILS1Router::setFacetsCall { selectors: vec![transfer], facet: eoa }), NO_CODE);
    pool.send(owner, ILS1Router::setFacetsCall { selectors: vec![selector], facet: Address::ZERO }).expect("removal");
    assert_eq!(pool.get(ILS1Router::facetAddressCall { selector }), Address::ZERO);
}

/// Attack 3: setStkUsdc links only a contract whose LIQUIDITY_STAKING() is this pool (before, an EOA
/// or another pool's stkUSDC was linked for good).
#[test]
fn set_stk_usdc_requires_a_contract_linked_to_this_pool() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let (interval, offset, blackout) = (U256::from(pool.setup.interval), U256::from(pool.offset), U256::from(pool.setup.blackout));
    pool.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).expect("initialize");
    let other_pool = Address::repeat_byte(0x77);
    let foreign_constructor = [&CONSTRUCTOR_SELECTOR[..], &alloy_sol_types::SolValue::abi_encode(&other_pool)].concat();
    let foreign = deploy_with_constructor(&mut pool.node, owner, "stk-usdc", foreign_constructor).expect("an stkUSDC for another pool");
    let stop = stop_contract(&mut pool.node, owner);
    let eoa = user(&pool.node, 0);
    assert_eq!(pool.reason(owner, ILS1StkUsdc::setStkUsdcCall { stkUsdc: eoa }), "LS1StkUsdc: Invalid address");
    let address = pool.address;
    for wrong in [foreign, stop, address] {
        assert_eq!(pool.reason(owner, ILS1StkUsdc::setStkUsdcCall { stkUsdc: wrong }), "LS1StkUsdc: Linked to another pool");
    }
    assert_eq!(pool.get(ILS1StkUsdc::getStkUsdcCall {}), Address::ZERO, "nothing linked");
    pool.link_stk_usdc();
    assert_ne!(pool.stk_usdc, Address::ZERO);
    assert_eq!(pool.get(ILS1StkUsdc::getStkUsdcCall {}), pool.stk_usdc);
}

/// StarkProxy's construction and setFacets refuse facets without code, its construction must be
/// recorded, and a proxy deployed without the StylusDeployer refuses every call.
#[test]
fn stark_proxy_refuses_codeless_facets_and_calls_before_construction() {
    let p = Proxy::deploy();
    let Proxy { mut pool, exchange, distributor, owner, facets, outsider, .. } = p;
    let node = &mut pool.node;
    let liquidity_staking = pool.address;
    let usdc = pool.usdc;
    let deploy = |node: &mut Devnode, facets: &[Address]| {
        let data = stark_proxy_constructor(liquidity_staking, exchange, usdc, distributor, owner, facets);
        deploy_with_constructor(node, owner, STARK_PROXY_PROGRAM.0, data)
    };
    let mut codeless = addresses(&facets);
    codeless[0] = Address::repeat_byte(0xc0);
    assert_eq!(constructor_reason(deploy(node, &codeless).expect_err("codeless core")), "SP1Router: Facet has no code");
    let mut codeless = addresses(&facets);
    codeless[1] = Address::repeat_byte(0xc1);
    assert_eq!(constructor_reason(deploy(node, &codeless).expect_err("codeless ops")), "SP1Router: Facet has no code");
    let mut silent = addresses(&facets);
    silent[0] = stop_contract(node, owner);
    assert_eq!(constructor_reason(deploy(node, &silent).expect_err("nothing recorded")), "SP1Router: Construction not recorded");

    let bare = node.deploy_program(owner, STARK_PROXY_PROGRAM.0).expect("deploy without a constructor");
    let hot = [
        SP::autoPayOrBorrowCall {}.abi_encode(),
        SP::borrowCall { amount: U256::from(1) }.abi_encode(),
        SP::initializeCall { guardian: outsider }.abi_encode(),
    ];
    for data in hot {
        let failure = node.send_raw(outsider, bare, data.into(), U256::ZERO).expect_err("refused before construction");
        assert_eq!(failure.reason().as_deref(), Some("SP1Router: Not constructed"));
    }
    assert_empty_revert(node.call(outsider, bare, SP::getTokenBalanceCall {}).map(|_| ()), "getTokenBalance");
    let takeover = stark_proxy_constructor(outsider, outsider, outsider, outsider, outsider, &addresses(&facets));
    let failure = node.send_raw(outsider, bare, takeover.into(), U256::ZERO).expect_err("construction outside a deployment");
    assert_eq!(failure.reason().as_deref(), Some("SP1Router: Caller is not the StylusDeployer"));

    let mut p = Proxy::new();
    let guardian = p.guardian;
    let selector = FixedBytes(SP::getTokenBalanceCall::SELECTOR);
    let eoa = p.outsider;
    assert_eq!(p.reason(guardian, ILS1Router::setFacetsCall { selectors: vec![selector], facet: eoa }), "SP1Router: Facet has no code");
    p.send(guardian, ILS1Router::setFacetsCall { selectors: vec![selector], facet: Address::ZERO }).expect("removal");
}

/// Sends `selectors` (with zeroed arguments) and one wei to `to`; each must revert and leave `to`
/// without ether.
fn assert_value_refused(node: &mut Devnode, from: Address, to: Address, selectors: &[[u8; 4]], what: &str) {
    assert!(!selectors.is_empty());
    for selector in selectors {
        let data: Bytes = [&selector[..], &[0u8; 32 * 8][..]].concat().into();
        match node.send_raw(from, to, data, U256::from(1)) {
            Err(Failure::Revert { .. }) => {}
            other => panic!("{what} 0x{}: expected a revert, got {other:?}", alloy_primitives::hex::encode(selector)),
        }
        assert_eq!(node.balance(to), U256::ZERO, "{what}: no ether kept");
    }
}

/// No entry of the pool, stkUSDC or StarkProxy is payable: a call with value reverts, whatever it is.
#[test]
fn value_sent_to_any_entry_is_refused() {
    let mut p = Proxy::new();
    let (outsider, pool, stk_usdc, proxy) = (p.outsider, p.pool.address, p.pool.stk_usdc, p.address);
    let node = &mut p.pool.node;
    node.set_balance(outsider, U256::from(10).pow(U256::from(18)));
    let router = ILS1Router::ILS1RouterCalls::SELECTORS;
    let pool_selectors = [LS::ILiquidityStakingV1Calls::SELECTORS, ILS1StkUsdc::ILS1StkUsdcCalls::SELECTORS, router].concat();
    assert_value_refused(node, outsider, pool, &pool_selectors, "pool");
    assert_value_refused(node, outsider, stk_usdc, IStkUsdc::IStkUsdcCalls::SELECTORS, "stkUSDC");
    assert_value_refused(node, outsider, proxy, &[SP::IStarkProxyCalls::SELECTORS, router].concat(), "StarkProxy");
}
