//! D5, D16: the pool's program and its facet table: lookups, upgrades by OWNER_ROLE (hot operations
//! included), removed and unknown selectors, the one-time constructor, the gas of the extra hop, and
//! the facet tables of `bindings` against the selectors each facet program's code matches.

use alloy_primitives::{Address, Bytes, FixedBytes, B256, U256};
use alloy_sol_types::{SolCall, SolEvent};
use bindings::{pool_constructor, pool_selectors, ITestToken, POOL_FACETS, POOL_PROGRAM};
use pool_tests::{
    addresses,
    devnode::{Failure, Receipt},
    user, ILS1Router, ILiquidityStakingV1 as LS, Pool, Setup, DAY,
};

/// The 32-bit constants of a program's code, where its compiled selector match keeps its cases.
fn code_constants(program: &str) -> std::collections::BTreeSet<u32> {
    let path = format!("{}/../target/wasm/{program}.wasm", env!("CARGO_MANIFEST_DIR"));
    let wasm = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/build.sh)"));
    let mut constants = std::collections::BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.expect("a valid module") {
            let mut operators = body.get_operators_reader().expect("a function body");
            while !operators.eof() {
                if let wasmparser::Operator::I32Const { value } = operators.read().expect("an operator") {
                    constants.insert(value as u32);
                }
            }
        }
    }
    constants
}

/// Each facet program's code compares the call's selector with exactly the selectors `facets` gives
/// it, among the functions of `abi` that `program` does not serve itself (an `i32.const` of the
/// selector in either byte order).
fn assert_facets_serve_their_table(abi: &alloy_json_abi::JsonAbi, program: (&str, &[&str]), facets: &[(&str, &[&str])]) {
    let routed = abi.functions().filter(|f| !program.1.contains(&f.name.as_str())).collect::<Vec<_>>();
    for (facet, names) in facets {
        let constants = code_constants(facet);
        for function in &routed {
            // As a big-endian number, or little-endian where the code compares the calldata's bytes
            // as loaded (WASM loads little-endian) with the swapped selector.
            let selector = function.selector().0;
            let compiled = constants.contains(&u32::from_be_bytes(selector)) || constants.contains(&u32::from_le_bytes(selector));
            let listed = names.contains(&function.name.as_str());
            assert_eq!(compiled, listed, "{facet}: {} is {}in its code", function.signature(), if compiled { "" } else { "not " });
        }
    }
}

#[test]
fn each_facet_program_serves_exactly_the_functions_the_facet_tables_give_it() {
    assert_facets_serve_their_table(&bindings::pool_abi(), POOL_PROGRAM, POOL_FACETS);
    assert_facets_serve_their_table(&bindings::stark_proxy_abi(), bindings::STARK_PROXY_PROGRAM, bindings::STARK_PROXY_FACETS);
}

/// The address of the facet program called `name`.
fn facet(pool: &Pool, name: &str) -> Address {
    pool.facets.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no facet {name}")).1
}

/// Every selector the table gives to the facet called `name`.
fn selectors_of(name: &str) -> Vec<FixedBytes<4>> {
    let (_, functions) = POOL_FACETS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no facet {name}"));
    pool_selectors(functions).into_iter().map(FixedBytes).collect()
}

/// The facet the router's table names for `selector`.
fn facet_of(pool: &mut Pool, selector: [u8; 4]) -> Address {
    pool.get(ILS1Router::facetAddressCall { selector: FixedBytes(selector) })
}

/// The `FacetUpdated` logs of `receipt`, each with the address that emitted it.
fn facet_updates(receipt: &Receipt) -> Vec<(Address, ILS1Router::FacetUpdated)> {
    receipt.logs.iter().map(|log| (log.address, ILS1Router::FacetUpdated::decode_log(log).expect("only FacetUpdated").data)).collect()
}

/// Checks that `result` is a revert with empty data.
fn assert_empty_revert(result: Result<Receipt, Failure>, what: &str) {
    match result {
        Err(Failure::Revert { output, .. }) => assert!(output.is_empty(), "{what}: revert data {output}"),
        other => panic!("{what}: expected a revert with empty data, got {other:?}"),
    }
}

/// D16: facetAddress returns the facet each selector was constructed with, and zero for a selector
/// the pool's program serves itself or that nothing serves.
#[test]
fn facet_address_names_the_facet_of_each_selector() {
    let mut pool = Pool::new();
    let [core, balances, staking, admin] = ["ls1-core", "ls1-balances", "ls1-staking", "ls1-admin"].map(|name| facet(&pool, name));
    assert_eq!(facet_of(&mut pool, LS::initializeCall::SELECTOR), core);
    assert_eq!(facet_of(&mut pool, ILS1Router::setFacetsCall::SELECTOR), core);
    assert_eq!(facet_of(&mut pool, ILS1Router::facetAddressCall::SELECTOR), core);
    assert_eq!(facet_of(&mut pool, LS::getActiveBalanceCurrentEpochCall::SELECTOR), balances);
    assert_eq!(facet_of(&mut pool, LS::claimRewardsForCall::SELECTOR), staking);
    assert_eq!(facet_of(&mut pool, LS::failsafeDeleteUserInactiveBalanceCall::SELECTOR), staking);
    for hot in pool_selectors(POOL_PROGRAM.1) {
        assert_eq!(facet_of(&mut pool, hot), Address::ZERO, "{hot:?} is served by the pool's program");
    }
    assert_eq!(facet_of(&mut pool, LS::setEpochParametersCall::SELECTOR), admin);
    assert_eq!(facet_of(&mut pool, ITestToken::transferCall::SELECTOR), Address::ZERO, "transfer lives on stkUSDC (D1)");
    assert_eq!(facet_of(&mut pool, [0xde, 0xad, 0xbe, 0xef]), Address::ZERO);
}

/// D5: setFacets by OWNER_ROLE emits FacetUpdated per selector (from the pool's address) and sends later calls to the new facet.
#[test]
fn set_facets_emits_per_selector_and_redirects_calls() {
    let mut pool = Pool::new();
    let (owner, core, balances) = (pool.owner, facet(&pool, "ls1-core"), facet(&pool, "ls1-balances"));
    let selectors = vec![FixedBytes(LS::nameCall::SELECTOR), FixedBytes(LS::symbolCall::SELECTOR)];
    let receipt = pool.send(owner, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet: balances }).expect("setFacets");
    let expected: Vec<_> =
        selectors.iter().map(|&selector| (pool.address, ILS1Router::FacetUpdated { selector, facet: balances })).collect();
    assert_eq!(facet_updates(&receipt), expected);
    assert_eq!(facet_of(&mut pool, LS::nameCall::SELECTOR), balances);
    // The balances facet has no name(): the call now reaches it and fails there.
    assert_empty_revert(pool.send(owner, LS::nameCall {}), "name() on the balances facet");
    assert_empty_revert(pool.send(owner, LS::symbolCall {}), "symbol() on the balances facet");
    assert_eq!(pool.get(LS::decimalsCall {}), 6, "other selectors are untouched");

    pool.send(owner, ILS1Router::setFacetsCall { selectors, facet: core }).expect("setFacets back");
    assert_eq!(pool.get(LS::nameCall {}), "dYdX Staked USDC");
    assert_eq!(pool.get(LS::symbolCall {}), "stkUSDC");
}

/// D5: pointing selectors at a second copy of a facet upgrades the pool without touching its state (balances, roles, schedule).
#[test]
fn upgrading_facets_to_new_programs_keeps_the_state() {
    let mut pool = Pool::new();
    let (owner, staker) = (pool.owner, user(&pool.node, 0));
    pool.at_epoch(0, 0);
    pool.stake(staker, 1_000_000);
    pool.send(staker, LS::requestWithdrawalCall { amount: U256::from(400_000) }).expect("requestWithdrawal");

    let new_balances = pool.node.deploy_program(owner, "ls1-balances").expect("a second ls1-balances");
    let new_core = pool.node.deploy_program(owner, "ls1-core").expect("a second ls1-core");
    assert_ne!(new_balances, facet(&pool, "ls1-balances"));
    for (name, program) in [("ls1-balances", new_balances), ("ls1-core", new_core)] {
        let selectors = selectors_of(name);
        let receipt = pool.send(owner, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet: program }).expect("setFacets");
        assert_eq!(facet_updates(&receipt).len(), selectors.len());
        for selector in selectors {
            assert_eq!(facet_of(&mut pool, selector.0), program, "{name} {selector}");
        }
    }

    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker }), U256::from(1_000_000));
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker }), U256::from(600_000));
    assert_eq!(pool.get(LS::getInactiveBalanceNextEpochCall { staker }), U256::from(400_000));
    assert_eq!(pool.get(LS::getTotalActiveBalanceNextEpochCall {}), U256::from(600_000));
    assert_eq!(pool.get(LS::balanceOfCall { account: staker }), U256::from(1_000_000));
    assert_eq!(pool.get(LS::totalSupplyCall {}), U256::from(1_000_000));
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    assert!(pool.get(LS::hasRoleCall { role: owner_role, account: owner }));
    let schedule = LS::EpochParameters { interval: u128::from(28 * DAY), offset: u128::from(pool.offset) };
    assert_eq!(pool.get(LS::getEpochParametersCall {}), schedule);
    assert_eq!(pool.get(LS::STAKED_TOKENCall {}), pool.usdc);
    // The upgraded pool keeps working: staking (old facet) writes what the new balances facet reads.
    pool.stake(staker, 5);
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker }), U256::from(1_000_005));
    // setFacets itself is now served by the new core.
    let selectors = vec![FixedBytes(LS::nameCall::SELECTOR)];
    pool.send(owner, ILS1Router::setFacetsCall { selectors, facet: Address::ZERO }).expect("setFacets through the new core");
    assert_eq!(facet_of(&mut pool, LS::nameCall::SELECTOR), Address::ZERO);
}

/// D5, D16: setFacets can route a hot operation to a facet (the pool's program then delegates it, as
/// an upgrade of that operation would) and give it back with the zero address; the others stay hot.
/// Both homes of the flags are covered: the schedule slot (`stake`) and the staked token's (`repayBorrow`).
#[test]
fn set_facets_routes_a_hot_operation_to_a_facet_and_back() {
    let mut pool = Pool::new();
    let (owner, staker, core) = (pool.owner, user(&pool.node, 0), facet(&pool, "ls1-core"));
    pool.at_epoch(0, 0);
    pool.fund(staker, 100);
    let selectors = vec![FixedBytes(LS::stakeCall::SELECTOR)];
    let receipt = pool.send(owner, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet: core }).expect("setFacets");
    assert_eq!(facet_updates(&receipt), vec![(pool.address, ILS1Router::FacetUpdated { selector: selectors[0], facet: core })]);
    assert_eq!(facet_of(&mut pool, LS::stakeCall::SELECTOR), core);
    // The core facet has no stake(): the call reaches it and fails there, and nothing is staked.
    assert_empty_revert(pool.send(staker, LS::stakeCall { amount: U256::from(5) }), "stake on the core facet");
    assert_eq!(pool.get(LS::balanceOfCall { account: staker }), U256::ZERO, "balanceOf is still served");
    pool.send(staker, LS::stakeForCall { staker, amount: U256::from(7) }).expect("stakeFor is still hot");

    pool.send(owner, ILS1Router::setFacetsCall { selectors, facet: Address::ZERO }).expect("back to the pool's program");
    assert_eq!(facet_of(&mut pool, LS::stakeCall::SELECTOR), Address::ZERO);
    pool.send(staker, LS::stakeCall { amount: U256::from(5) }).expect("stake is hot again");
    assert_eq!(pool.get(LS::balanceOfCall { account: staker }), U256::from(12));

    // repayBorrow's flag lives in the staked token's slot (it reads no epoch): routed away and back alike.
    let repay = vec![FixedBytes(LS::repayBorrowCall::SELECTOR)];
    let call = LS::repayBorrowCall { borrower: staker, amount: U256::from(1) };
    pool.send(owner, ILS1Router::setFacetsCall { selectors: repay.clone(), facet: core }).expect("setFacets");
    assert_empty_revert(pool.send(staker, call.clone()), "repayBorrow on the core facet");
    pool.send(owner, ILS1Router::setFacetsCall { selectors: repay, facet: Address::ZERO }).expect("back to the pool's program");
    assert_eq!(pool.reason(staker, call), "LS1Borrowing: Repay > borrowed");
    assert_eq!(pool.get(LS::STAKED_TOKENCall {}), pool.usdc, "the flags leave the token's address intact");
}

/// D5: setFacets to the zero address removes a selector (FacetUpdated with facet 0); calls to it then revert with empty data.
#[test]
fn removing_a_selector_makes_it_revert_with_empty_data() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    let selector = FixedBytes(LS::getBlackoutWindowCall::SELECTOR);
    let receipt = pool.send(owner, ILS1Router::setFacetsCall { selectors: vec![selector], facet: Address::ZERO }).expect("setFacets");
    assert_eq!(facet_updates(&receipt), vec![(pool.address, ILS1Router::FacetUpdated { selector, facet: Address::ZERO })]);
    assert_eq!(facet_of(&mut pool, selector.0), Address::ZERO);
    assert_empty_revert(pool.send(owner, LS::getBlackoutWindowCall {}), "a removed selector");
    assert_eq!(pool.get(LS::getEpochParametersCall {}).interval, u128::from(28 * DAY), "its neighbours still work");
}

/// D16: calldata shorter than a selector and selectors not in the table revert with empty output.
#[test]
fn short_calldata_and_unknown_selectors_revert_with_empty_output() {
    let mut pool = Pool::new();
    let (owner, address) = (pool.owner, pool.address);
    let admin_role = LS::DEFAULT_ADMIN_ROLECall::SELECTOR;
    let transfer = ITestToken::transferCall { to: owner, value: U256::from(1) }.abi_encode();
    let inputs: [(&str, Vec<u8>); 5] = [
        ("no calldata", Vec::new()),
        ("one byte", vec![admin_role[0]]),
        ("three bytes of a served selector", admin_role[..3].to_vec()),
        ("an unknown selector", vec![0xde, 0xad, 0xbe, 0xef]),
        ("transfer, which lives on stkUSDC (D1)", transfer),
    ];
    for (what, data) in inputs {
        assert_empty_revert(pool.node.send_raw(owner, address, Bytes::from(data), U256::ZERO), what);
    }
    let served = pool.node.send_raw(owner, address, Bytes::from(admin_role.to_vec()), U256::ZERO).expect("the full selector is served");
    assert_eq!(served.output, Bytes::from(B256::ZERO.to_vec()));
}

/// D16: the constructor selector cannot run again through the router (empty revert) and changes nothing, not even on an uninitialized pool.
#[test]
fn the_constructor_cannot_run_again_through_the_router() {
    let mut pool = Pool::deploy(Setup::default());
    let (owner, attacker) = (pool.owner, user(&pool.node, 0));
    let core = facet(&pool, "ls1-core");
    let (start, end) = (U256::ZERO, U256::from(1));
    assert_eq!(core, pool.facets[0].1, "the core facet runs the constructor");
    let data = pool_constructor(attacker, attacker, attacker, start, end, attacker, &addresses(&pool.facets));
    let address = pool.address;
    assert_empty_revert(pool.node.send_raw(attacker, address, data.clone().into(), U256::ZERO), "constructor by an attacker");
    assert_empty_revert(pool.node.send_raw(owner, address, data.into(), U256::ZERO), "constructor by the deployer");

    assert_eq!(pool.get(LS::STAKED_TOKENCall {}), pool.usdc);
    assert_eq!(pool.get(LS::REWARDS_TOKENCall {}), pool.dydx);
    assert_eq!(pool.get(LS::REWARDS_TREASURYCall {}), pool.treasury);
    assert_eq!(pool.get(LS::DISTRIBUTION_STARTCall {}), U256::from(pool.offset));
    assert_eq!(facet_of(&mut pool, LS::initializeCall::SELECTOR), core);
    let call = LS::initializeCall { interval: U256::from(28 * DAY), offset: U256::from(pool.offset), blackoutWindow: U256::from(14 * DAY) };
    assert_eq!(pool.reason(attacker, call.clone()), "LS1Initializer: Caller is not the deployer", "the deployer is unchanged");
    pool.send(owner, call).expect("the deployer still initializes");
}

/// D5: only OWNER_ROLE may call setFacets; anyone else gets the AccessControl message and the table is unchanged.
#[test]
fn set_facets_requires_the_owner_role() {
    let mut pool = Pool::new();
    let (owner, stranger) = (pool.owner, user(&pool.node, 0));
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let selectors = vec![FixedBytes(LS::claimRewardsForCall::SELECTOR)];
    let expected = "AccessControl: account 0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc is missing role \
                    0xb19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e";
    assert_eq!(pool.reason(stranger, ILS1Router::setFacetsCall { selectors: selectors.clone(), facet: stranger }), expected);
    assert_eq!(facet_of(&mut pool, LS::claimRewardsForCall::SELECTOR), facet(&pool, "ls1-staking"));

    pool.grant(owner_role, stranger);
    pool.send(stranger, ILS1Router::setFacetsCall { selectors, facet: Address::ZERO }).expect("a second owner may");
    assert_eq!(facet_of(&mut pool, LS::claimRewardsForCall::SELECTOR), Address::ZERO);
    pool.send(owner, LS::renounceRoleCall { role: owner_role, account: owner }).expect("renounceRole");
    let renounced = "AccessControl: account 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 is missing role \
                     0xb19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e";
    assert_eq!(pool.reason(owner, ILS1Router::setFacetsCall { selectors: vec![], facet: Address::ZERO }), renounced);
}

/// D16: a view through the router costs more gas than the same call sent straight to its facet (the per-hop cost, printed).
#[test]
fn the_router_hop_costs_gas() {
    let mut pool = Pool::new();
    let (owner, address, core) = (pool.owner, pool.address, facet(&pool, "ls1-core"));
    let routed = pool.node.send(owner, address, LS::DEFAULT_ADMIN_ROLECall {}).expect("through the router");
    let direct = pool.node.send(owner, core, LS::DEFAULT_ADMIN_ROLECall {}).expect("straight to the core facet");
    assert_eq!(routed.output, direct.output);
    println!(
        "DEFAULT_ADMIN_ROLE(): {} gas through the router, {} gas on the facet: {} gas per hop",
        routed.gas_used,
        direct.gas_used,
        routed.gas_used.saturating_sub(direct.gas_used)
    );
    assert!(routed.gas_used > direct.gas_used, "the router adds a delegate call: {} vs {}", routed.gas_used, direct.gas_used);
}
