//! Scenario 4, attacks, over JSON-RPC with signed transactions: a re-entering staked token, calls by
//! the wrong roles, zero addresses and amounts beyond balances. Each reverts with its reason and
//! changes nothing. The first test needs no time travel: it also runs on a Nitro node (`RPC_URL`).

use alloy::primitives::{hex, Address, Bytes, FixedBytes, B256, U256};
use alloy::sol_types::SolCall;
use bindings::{ILS1Router, ILiquidityStakingV1 as LS, IReentrantToken, IStarkProxy as SP, IStkUsdc};
use e2e::{usdc, Env};

/// The AccessControl revert string for `account` lacking `role`.
fn missing_role(account: Address, role: B256) -> String {
    format!("AccessControl: account {} is missing role {}", hex::encode_prefixed(account), hex::encode_prefixed(role))
}

/// What an attack could have changed: the pool's totals, the stakers' positions, the borrowers'
/// balances, the token balances of the pool, the proxy and the stakers, and the rewards rate.
async fn fingerprint(env: &Env) -> Vec<U256> {
    let (a, pool) = (env.actors, env.suite.pool);
    let mut values = vec![
        env.pool(LS::getTotalActiveBalanceCurrentEpochCall {}).await,
        env.pool(LS::getTotalActiveBalanceNextEpochCall {}).await,
        env.pool(LS::getTotalInactiveBalanceNextEpochCall {}).await,
        env.pool(LS::getTotalBorrowedBalanceCall {}).await,
        env.pool(LS::getRewardsPerSecondCall {}).await,
        env.usdc_of(pool).await,
        env.usdc_of(env.proxy(0)).await,
    ];
    for staker in [a.alice, a.bob, a.dave] {
        values.push(env.pool(LS::getActiveBalanceNextEpochCall { staker }).await);
        values.push(env.pool(LS::getInactiveBalanceNextEpochCall { staker }).await);
        values.push(env.usdc_of(staker).await);
        values.push(env.get(env.suite.stk_usdc, IStkUsdc::allowanceCall { owner: a.alice, spender: staker }).await);
    }
    values.push(env.pool(LS::getBorrowedBalanceCall { borrower: env.proxy(0) }).await);
    values
}

#[tokio::test]
async fn wrong_roles_zero_addresses_and_excess_amounts_change_nothing() {
    let env = Env::start_in_epoch_zero().await;
    let (pool, stk, a) = (env.suite.pool, env.suite.stk_usdc, env.actors);
    let (proxy, operator) = (env.proxy(0), a.operators[0]);
    env.at(0, 1).await;
    env.stake(a.alice, usdc(1_000)).await;
    env.send(operator, proxy, SP::borrowCall { amount: usdc(250) }).await;
    let before = fingerprint(&env).await;

    // Wrong roles.
    let rate_role = env.pool(LS::REWARDS_RATE_ROLECall {}).await;
    let owner_role = env.pool(LS::OWNER_ROLECall {}).await;
    let (borrower_role, guardian_role) = (env.get(proxy, SP::BORROWER_ROLECall {}).await, env.get(proxy, SP::GUARDIAN_ROLECall {}).await);
    let mallory = a.dave;
    let cases: Vec<(Address, Address, Vec<u8>, String)> = vec![
        (mallory, pool, LS::setRewardsPerSecondCall { emissionPerSecond: U256::MAX }.abi_encode(), missing_role(mallory, rate_role)),
        (
            mallory,
            pool,
            ILS1Router::setFacetsCall { selectors: vec![FixedBytes([0xa6, 0x94, 0xfc, 0x3a])], facet: mallory }.abi_encode(),
            missing_role(mallory, owner_role),
        ),
        (mallory, pool, LS::grantRoleCall { role: owner_role, account: mallory }.abi_encode(), missing_role(mallory, owner_role)),
        (mallory, proxy, SP::borrowCall { amount: U256::from(1) }.abi_encode(), missing_role(mallory, borrower_role)),
        (mallory, proxy, SP::guardianRepayBorrowCall { amount: U256::from(1) }.abi_encode(), missing_role(mallory, guardian_role)),
        (
            operator,
            proxy,
            ILS1Router::setFacetsCall { selectors: vec![], facet: mallory }.abi_encode(),
            missing_role(operator, guardian_role),
        ),
        (
            mallory,
            proxy,
            SP::externalWithdrawTokenCall { recipient: mallory, amount: U256::from(1) }.abi_encode(),
            missing_role(mallory, env.get(proxy, SP::WITHDRAWAL_OPERATOR_ROLECall {}).await),
        ),
        // Zero addresses.
        (mallory, pool, LS::stakeForCall { staker: Address::ZERO, amount: U256::ZERO }.abi_encode(), "LS1Staking: Invalid staker".into()),
        (
            a.alice,
            stk,
            IStkUsdc::transferCall { recipient: Address::ZERO, amount: U256::from(1) }.abi_encode(),
            "LS1ERC20: Transfer to address(0)".into(),
        ),
        (
            a.alice,
            stk,
            IStkUsdc::approveCall { spender: Address::ZERO, amount: U256::from(1) }.abi_encode(),
            "LS1ERC20: Approve to address(0)".into(),
        ),
        // Amounts beyond balances.
        (
            a.alice,
            pool,
            LS::requestWithdrawalCall { amount: usdc(1_000) + U256::from(1) }.abi_encode(),
            "LS1Staking: Withdraw request exceeds next active balance".into(),
        ),
        (
            a.alice,
            pool,
            LS::withdrawStakeCall { recipient: a.alice, amount: U256::from(1) }.abi_encode(),
            "LS1Staking: Withdraw exceeds inactive balance".into(),
        ),
        (
            a.alice,
            stk,
            IStkUsdc::transferCall { recipient: mallory, amount: usdc(1_000) + U256::from(1) }.abi_encode(),
            "LS1ERC20: Transfer exceeds next epoch active balance".into(),
        ),
        (
            mallory,
            stk,
            IStkUsdc::transferFromCall { sender: a.alice, recipient: mallory, amount: U256::from(1) }.abi_encode(),
            "LS1ERC20: transfer amount exceeds allowance".into(),
        ),
        (operator, proxy, SP::borrowCall { amount: U256::from(1) }.abi_encode(), "LS1Borrowing: Amount > allocated".into()),
        (operator, proxy, SP::repayBorrowCall { amount: usdc(250) + U256::from(1) }.abi_encode(), "LS1Borrowing: Repay > borrowed".into()),
        (
            mallory,
            pool,
            LS::withdrawDebtCall { recipient: mallory, amount: U256::from(1) }.abi_encode(),
            "LS1Staking: Withdraw debt exceeds debt owed".into(),
        ),
    ];
    for (from, to, data, expected) in cases {
        let tx = alloy::rpc::types::TransactionRequest {
            from: Some(from),
            to: Some(to.into()),
            input: Bytes::from(data.clone()).into(),
            ..Default::default()
        };
        match env.chain.send_tx(tx).await {
            Err(ls1_client::Failure::Reverted(reason)) => assert_eq!(reason, expected, "{}", hex::encode_prefixed(&data[..4])),
            other => panic!("{} should revert with {expected:?}: {other:?}", hex::encode_prefixed(&data[..4])),
        }
    }
    // A borrowed dollar never leaves the proxy without the guardian's approval.
    env.send(operator, proxy, SP::allowExternalRecipientCall { recipient: operator }).await;
    let reason = env.reason(operator, proxy, SP::externalWithdrawTokenCall { recipient: operator, amount: U256::from(1) }).await;
    assert_eq!(reason, "SP2Withdrawals: No withdrawable balance");
    assert_eq!(fingerprint(&env).await, before, "nothing changed");
}

#[tokio::test]
async fn a_re_entering_token_is_refused() {
    let Some(env) = Env::start_staking("a re-entering token", "reentrant-token").await else { return };
    let (pool, token, a) = (env.suite.pool, env.suite.usdc, env.actors);
    env.at(0, 3_600).await;
    env.stake(a.alice, usdc(1_000)).await;
    env.send(a.alice, pool, LS::requestWithdrawalCall { amount: usdc(600) }).await;
    env.at(1, 3_600).await;

    // Every token transfer now calls the pool back: a second withdrawal inside the first.
    let reenter = LS::withdrawStakeCall { recipient: a.dave, amount: usdc(600) }.abi_encode();
    env.send(a.dave, token, IReentrantToken::setCallbackCall { target: pool, data: reenter.into() }).await;
    let reason = env.reason(a.alice, pool, LS::withdrawStakeCall { recipient: a.alice, amount: usdc(600) }).await;
    assert_eq!(reason, "SafeERC20: low-level call failed");
    assert_eq!(env.pool(LS::getInactiveBalanceCurrentEpochCall { staker: a.alice }).await, usdc(600));
    assert_eq!(env.usdc_of(pool).await, usdc(1_000));
    let stake_again = LS::stakeCall { amount: U256::from(1) }.abi_encode();
    env.send(a.dave, token, IReentrantToken::setCallbackCall { target: pool, data: stake_again.into() }).await;
    env.send(a.bob, token, IReentrantToken::mintCall { to: a.bob, amount: usdc(10) }).await;
    env.send(a.bob, token, IReentrantToken::approveCall { spender: pool, value: usdc(10) }).await;
    let reason = env.reason(a.bob, pool, LS::stakeCall { amount: usdc(10) }).await;
    assert_eq!(reason, "SafeERC20: low-level call failed");
    assert_eq!(env.pool(LS::getTotalActiveBalanceCurrentEpochCall {}).await, usdc(400));

    // With a harmless callback (a view of another contract) the same withdrawal goes through: the
    // refusal was the reentry.
    let harmless = IReentrantToken::balanceOfCall { account: a.alice }.abi_encode();
    let elsewhere = env.suite.dydx;
    env.send(a.dave, token, IReentrantToken::setCallbackCall { target: elsewhere, data: harmless.into() }).await;
    env.send(a.alice, pool, LS::withdrawStakeCall { recipient: a.alice, amount: usdc(600) }).await;
    assert_eq!(env.usdc_of(a.alice).await, usdc(600));
}
