//! Scenario 3, governance, over JSON-RPC with signed transactions: allocations changed mid-epoch
//! (a decrease bites at once, an increase waits for the next epoch; D6 keeps the next-epoch sum at
//! 10,000), then upgrades that keep the address and every balance, role and allowance: the pool by
//! its OWNER_ROLE, a StarkProxy by its guardian.

use alloy::primitives::{hex, Address, FixedBytes, B256, U256};
use bindings::{
    pool_selectors, stark_proxy_selectors, ILS1Router, ILiquidityStakingV1 as LS, IStarkProxy as SP, ITestToken, POOL_FACETS,
    STARK_PROXY_FACETS,
};
use e2e::{usdc, Env};
use ls1_client::{deploy::default_wasm_dir, deploy_program, events};

/// The AccessControl revert string for `account` lacking `role`.
fn missing_role(account: Address, role: B256) -> String {
    format!("AccessControl: account {} is missing role {}", hex::encode_prefixed(account), hex::encode_prefixed(role))
}

/// The selectors a facet serves, from a facet table.
fn selectors(table: &[(&str, &[&str])], facet: &str, of: fn(&[&str]) -> Vec<[u8; 4]>) -> Vec<FixedBytes<4>> {
    let functions = table.iter().find(|(name, _)| *name == facet).map(|(_, f)| *f).expect("a facet of the table");
    of(functions).into_iter().map(FixedBytes::from).collect()
}

#[tokio::test]
async fn allocations_change_mid_epoch_and_upgrades_keep_state() {
    let Some(env) = Env::start("governance").await else { return };
    let (pool, a) = (env.suite.pool, env.actors);
    let (p0, p1) = (env.proxy(0), env.proxy(1));
    env.at(0, 3_600).await;
    env.stake(env.actors.alice, usdc(1_000_000)).await;

    // Mid-epoch: 10 % moves from the first market maker to the second.
    env.at(0, 2 * 86_400).await;
    let call = LS::setBorrowerAllocationsCall { borrowers: vec![p0, p1], newAllocations: vec![U256::from(1_500), U256::from(3_500)] };
    let receipt = env.send(a.governance, pool, call).await;
    let scheduled = events::<LS::ScheduledBorrowerAllocationChange>(&receipt, pool);
    let change = |borrower, old: u64, new: u64| LS::ScheduledBorrowerAllocationChange {
        borrower,
        oldAllocation: U256::from(old),
        newAllocation: U256::from(new),
        epochNumber: U256::from(1),
    };
    assert_eq!(scheduled, vec![change(p0, 2_500, 1_500), change(p1, 2_500, 3_500)]);
    assert_eq!(env.pool(LS::getBorrowableAmountCall { borrower: p0 }).await, usdc(150_000), "the decrease bites at once");
    assert_eq!(env.pool(LS::getBorrowableAmountCall { borrower: p1 }).await, usdc(250_000), "the increase waits");
    assert_eq!(env.get(p0, SP::getBorrowableAmountCall {}).await, usdc(150_000));

    // D6: a second change in the same epoch is checked against the next-epoch values.
    let back = LS::setBorrowerAllocationsCall { borrowers: vec![p0], newAllocations: vec![U256::from(2_500)] };
    assert_eq!(env.reason(a.governance, pool, back).await, "LS1BorrowerAllocations: Invalid");
    let in_blackout = LS::setBorrowerAllocationsCall { borrowers: vec![p0], newAllocations: vec![U256::from(1_500)] };
    env.at_blackout(0).await;
    assert_eq!(env.reason(a.governance, pool, in_blackout).await, "LS1Admin: Blackout window");
    assert_eq!(env.auto_pay(0).await, (usdc(150_000), U256::ZERO, U256::ZERO));
    assert_eq!(env.auto_pay(1).await, (usdc(250_000), U256::ZERO, U256::ZERO));

    env.at(1, 3_600).await;
    assert_eq!(env.pool(LS::getAllocationFractionCurrentEpochCall { borrower: p1 }).await, U256::from(3_500));
    assert_eq!(env.pool(LS::getBorrowableAmountCall { borrower: p1 }).await, usdc(100_000), "the increase is live");

    // The pool's upgrade: a new balances facet, by OWNER_ROLE only; balances and roles stay.
    let wasm = std::fs::read(default_wasm_dir().join("ls1-balances.wasm")).unwrap();
    let facet = deploy_program(&env.chain, a.governance, &wasm).await.unwrap();
    let pool_selectors = selectors(POOL_FACETS, "ls1-balances", pool_selectors);
    let upgrade = ILS1Router::setFacetsCall { selectors: pool_selectors.clone(), facet };
    let owner_role = env.pool(LS::OWNER_ROLECall {}).await;
    assert_eq!(env.reason(a.dave, pool, upgrade.clone()).await, missing_role(a.dave, owner_role));
    env.send(a.governance, pool, upgrade).await;
    assert_eq!(env.get(pool, ILS1Router::facetAddressCall { selector: pool_selectors[0] }).await, facet);
    assert_eq!(env.pool(LS::getActiveBalanceCurrentEpochCall { staker: a.alice }).await, usdc(1_000_000));
    assert_eq!(env.pool(LS::getTotalBorrowedBalanceCall {}).await, usdc(400_000));
    assert!(env.pool(LS::hasRoleCall { role: owner_role, account: a.governance }).await);
    env.stake(a.bob, usdc(1_000)).await;
    assert_eq!(env.pool(LS::balanceOfCall { account: a.bob }).await, usdc(1_000));

    // A StarkProxy's upgrade: a new operations facet, by its guardian only; roles, the borrowed
    // balance and the token allowances stay, and the proxy still works.
    let wasm = std::fs::read(default_wasm_dir().join("sp-ops.wasm")).unwrap();
    let facet = deploy_program(&env.chain, a.governance, &wasm).await.unwrap();
    let proxy_selectors = selectors(STARK_PROXY_FACETS, "sp-ops", stark_proxy_selectors);
    let upgrade = ILS1Router::setFacetsCall { selectors: proxy_selectors.clone(), facet };
    let guardian_role = env.get(p0, SP::GUARDIAN_ROLECall {}).await;
    assert_eq!(env.reason(a.operators[0], p0, upgrade.clone()).await, missing_role(a.operators[0], guardian_role));
    env.send(a.guardian, p0, upgrade).await;
    assert_eq!(env.get(p0, ILS1Router::facetAddressCall { selector: proxy_selectors[0] }).await, facet);
    let borrower_role = env.get(p0, SP::BORROWER_ROLECall {}).await;
    assert!(env.get(p0, SP::hasRoleCall { role: borrower_role, account: a.operators[0] }).await);
    assert_eq!(env.get(p0, SP::getBorrowedBalanceCall {}).await, usdc(150_000));
    let allowance = env.get(env.suite.usdc, ITestToken::allowanceCall { owner: p0, spender: pool }).await;
    assert_eq!(allowance, U256::MAX, "the proxy's standing approval to the pool");
    env.at_blackout(1).await;
    assert_eq!(env.auto_pay(0).await, (usdc(150), U256::ZERO, U256::ZERO), "15 % of the 1,001,000 staked, less 150,000");
}
