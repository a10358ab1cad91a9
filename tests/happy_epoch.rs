//! Scenario 1, the happy epoch, over JSON-RPC with signed transactions: stakers stake, the market
//! makers' StarkProxies borrow their allocations in the blackout window and put half on the
//! exchange, a staker asks to withdraw, the proxies repay exactly what is needed in the next
//! blackout window, the epoch rolls with nobody overdue, the staker withdraws, both claim their
//! rewards to the unit, and stkUSDC moves between wallets.

use alloy::primitives::{Address, U256};
use bindings::{ILiquidityStakingV1 as LS, IStkUsdc};
use e2e::{usdc, Env};
use ls1_client::events;

const E18: u64 = 1_000_000_000_000_000_000;

/// `floor(seconds × rate × 1e18 / staked)`: the rewards index gained over `seconds` (spec §3.8.2).
fn index_gain(seconds: u64, rate: U256, staked: U256) -> U256 {
    U256::from(seconds) * rate * U256::from(E18) / staked
}

/// `floor(balance × index / 1e18)`: what `balance` earned over an index gain (spec §3.8.2).
fn earned(balance: U256, index: U256) -> U256 {
    balance * index / U256::from(E18)
}

#[tokio::test]
async fn happy_epoch() {
    let Some(env) = Env::start("the happy epoch").await else { return };
    let (pool, a) = (env.suite.pool, env.actors);
    let shares: [u64; 5] = [2_500, 2_500, 2_000, 2_000, 1_000];
    for (i, share) in shares.iter().enumerate() {
        let allocation = env.pool(LS::getAllocationFractionCurrentEpochCall { borrower: env.proxy(i) }).await;
        assert_eq!(allocation, U256::from(*share), "governance set the launch allocations");
    }

    // Epoch 0: two stakers.
    env.at(0, 3_600).await;
    let staked_at = env.start_of(0) + 3_600;
    env.stake(a.alice, usdc(600_000)).await;
    env.stake(a.bob, usdc(400_000)).await;
    assert_eq!(env.pool(LS::getTotalActiveBalanceCurrentEpochCall {}).await, usdc(1_000_000));

    // Epoch 0's blackout window: each proxy borrows its whole allocation and deposits half of it.
    env.at_blackout(0).await;
    for (i, share) in shares.iter().enumerate() {
        let allocated = usdc(1_000_000) * U256::from(*share) / U256::from(10_000);
        assert_eq!(env.auto_pay(i).await, (allocated, U256::ZERO, U256::ZERO), "proxy {i} borrows its allocation");
        env.deposit(i, allocated / U256::from(2)).await;
    }
    assert_eq!(env.pool(LS::getTotalBorrowedBalanceCall {}).await, usdc(1_000_000));
    assert_eq!(env.usdc_of(pool).await, U256::ZERO, "every staked dollar is lent out");

    // Epoch 1, before the blackout window: Bob asks for 100,000 back.
    env.at(1, 3_600).await;
    env.send(a.bob, pool, LS::requestWithdrawalCall { amount: usdc(100_000) }).await;
    assert_eq!(env.pool(LS::getTotalActiveBalanceNextEpochCall {}).await, usdc(900_000));

    // Epoch 1's blackout window: each proxy repays down to its share of next epoch's 900,000.
    env.at_blackout(1).await;
    for (i, share) in shares.iter().enumerate() {
        let repay = usdc(100_000) * U256::from(*share) / U256::from(10_000);
        assert_eq!(env.auto_pay(i).await, (U256::ZERO, repay, U256::ZERO), "proxy {i} repays");
        let again = env.chain.call_as(a.operators[i], env.proxy(i), bindings::IStarkProxy::autoPayOrBorrowCall {}).await.unwrap();
        assert_eq!(
            (again.borrowed, again.repaidBorrow, again.repaidDebt),
            (U256::ZERO, U256::ZERO, U256::ZERO),
            "a second call is a no-op"
        );
    }
    assert_eq!(env.usdc_of(pool).await, usdc(100_000));

    // Epoch 2: nobody is overdue, there is no shortfall, Bob takes his 100,000 out.
    env.at(2, 3_600).await;
    for i in 0..5 {
        assert!(!env.pool(LS::isBorrowerOverdueCall { borrower: env.proxy(i) }).await, "proxy {i} is not overdue");
    }
    let reason = env.reason(a.carol, pool, LS::markDebtCall { borrowers: vec![env.proxy(4)] }).await;
    assert_eq!(reason, "LS1DebtAccounting: No shortfall");
    env.send(a.bob, pool, LS::withdrawStakeCall { recipient: a.bob, amount: usdc(100_000) }).await;
    assert_eq!(env.usdc_of(a.bob).await, usdc(100_000));
    assert_eq!(env.pool(LS::getTotalActiveBalanceCurrentEpochCall {}).await, usdc(900_000));
    assert_eq!(env.pool(LS::getTotalInactiveBalanceCurrentEpochCall {}).await, U256::ZERO);

    // Rewards, to the unit: 1,000,000 staked until the boundary of epoch 2, then 900,000.
    let rate = env.pool(LS::getRewardsPerSecondCall {}).await;
    assert_eq!(rate, U256::from(158_548_959_918_822_932u64), "25,000,000 DYDX over five years");
    let now = env.start_of(2) + 3_600;
    let to_boundary = index_gain(env.start_of(2) - staked_at, rate, usdc(1_000_000));
    let since = to_boundary + index_gain(now - env.start_of(2), rate, usdc(900_000));
    let alice_rewards = earned(usdc(600_000), since);
    let bob_rewards = earned(usdc(400_000), to_boundary) + earned(usdc(300_000), since - to_boundary);
    env.send(a.alice, pool, LS::claimRewardsCall { recipient: a.alice }).await;
    env.send(a.bob, pool, LS::claimRewardsCall { recipient: a.bob }).await;
    assert_eq!(env.dydx_of(a.alice).await, alice_rewards);
    assert_eq!(env.dydx_of(a.bob).await, bob_rewards);

    // stkUSDC moves between wallets; the recipient earns from that second on.
    let stk = env.suite.stk_usdc;
    let receipt = env.send(a.alice, stk, IStkUsdc::transferCall { recipient: a.carol, amount: usdc(100_000) }).await;
    let moved = IStkUsdc::Transfer { from: a.alice, to: a.carol, value: usdc(100_000) };
    assert_eq!(events::<IStkUsdc::Transfer>(&receipt, stk), vec![moved]);
    assert_eq!(env.get(stk, IStkUsdc::balanceOfCall { account: a.alice }).await, usdc(500_000));
    assert_eq!(env.get(stk, IStkUsdc::balanceOfCall { account: a.carol }).await, usdc(100_000));
    assert_eq!(env.get(stk, IStkUsdc::totalSupplyCall {}).await, usdc(900_000));
    env.chain.advance(86_400).await.unwrap();
    env.send(a.carol, pool, LS::claimRewardsCall { recipient: a.carol }).await;
    assert_eq!(env.dydx_of(a.carol).await, earned(usdc(100_000), index_gain(86_400, rate, usdc(900_000))));
    assert_eq!(env.dydx_of(Address::ZERO).await, U256::ZERO);
}
