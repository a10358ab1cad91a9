//! Scenario 2, a default, over JSON-RPC with signed transactions: one market maker keeps everything
//! on the exchange and does not repay in the blackout window; after the boundary anyone marks its
//! debt, it is restricted, the stakers waiting to withdraw receive debt claims for the loss, the
//! guardian forces the funds back from the exchange and repays the debt from the proxy, and the
//! stakers withdraw their debt first come, first served, ending with exactly what they asked for.

use alloy::primitives::U256;
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP};
use e2e::{usdc, Env};
use ls1_client::events;

#[tokio::test]
async fn a_default_is_marked_and_repaid_first_come_first_served() {
    let Some(env) = Env::start("the default").await else { return };
    let (pool, a) = (env.suite.pool, env.actors);
    let shares: [u64; 5] = [2_500, 2_500, 2_000, 2_000, 1_000];
    let (defaulter, key) = (env.proxy(4), env.suite.borrowers[4].config.stark_key);

    env.at(0, 3_600).await;
    env.stake(a.alice, usdc(600_000)).await;
    env.stake(a.bob, usdc(400_000)).await;
    env.at_blackout(0).await;
    for (i, share) in shares.iter().enumerate() {
        let allocated = usdc(1_000_000) * U256::from(*share) / U256::from(10_000);
        assert_eq!(env.auto_pay(i).await.0, allocated);
        // The last market maker puts everything on the exchange; the others half.
        env.deposit(i, if i == 4 { allocated } else { allocated / U256::from(2) }).await;
    }

    env.at(1, 3_600).await;
    env.send(a.alice, pool, LS::requestWithdrawalCall { amount: usdc(200_000) }).await;
    env.send(a.bob, pool, LS::requestWithdrawalCall { amount: usdc(100_000) }).await;

    // Blackout window: four proxies repay down to their share of 700,000; the last one cannot.
    env.at_blackout(1).await;
    for (i, share) in shares.iter().enumerate().take(4) {
        let repay = usdc(300_000) * U256::from(*share) / U256::from(10_000);
        assert_eq!(env.auto_pay(i).await, (U256::ZERO, repay, U256::ZERO));
    }
    let reason = env.reason(a.operators[4], defaulter, SP::autoPayOrBorrowCall {}).await;
    assert_eq!(reason, "SP1Borrowing: Insufficient funds to avoid falling short on repayment");

    // Epoch 2: the defaulter is overdue by 30,000 (100,000 borrowed, 10 % of 700,000 allocated).
    env.at(2, 3_600).await;
    assert!(env.pool(LS::isBorrowerOverdueCall { borrower: defaulter }).await);
    assert!(!env.pool(LS::isBorrowerOverdueCall { borrower: env.proxy(0) }).await);
    let shortfall = env.chain.call_as(a.dave, pool, LS::markDebtCall { borrowers: vec![defaulter] }).await.unwrap();
    assert_eq!(shortfall, usdc(30_000));
    let receipt = env.send(a.dave, pool, LS::markDebtCall { borrowers: vec![defaulter] }).await;
    let marked =
        LS::DebtMarked { borrower: defaulter, amount: usdc(30_000), newBorrowedBalance: usdc(70_000), newDebtBalance: usdc(30_000) };
    assert_eq!(events::<LS::DebtMarked>(&receipt, pool), vec![marked]);
    let restricted = LS::BorrowingRestrictionChanged { borrower: defaulter, isBorrowingRestricted: true };
    assert_eq!(events::<LS::BorrowingRestrictionChanged>(&receipt, pool), vec![restricted]);
    let index = U256::from(9u64) * U256::from(10u64).pow(U256::from(35u64));
    let converted =
        LS::ConvertedInactiveBalancesToDebt { shortfallAmount: usdc(30_000), shortfallIndex: index, newInactiveBalance: usdc(270_000) };
    assert_eq!(events::<LS::ConvertedInactiveBalancesToDebt>(&receipt, pool), vec![converted]);
    assert_eq!(env.reason(a.operators[4], defaulter, SP::borrowCall { amount: U256::from(1) }).await, "LS1Borrowing: Restricted");

    // The loss is spread pro rata over the stakers waiting to withdraw.
    assert_eq!(env.pool(LS::getStakerDebtBalanceCall { staker: a.alice }).await, usdc(20_000));
    assert_eq!(env.pool(LS::getStakerDebtBalanceCall { staker: a.bob }).await, usdc(10_000));
    env.send(a.alice, pool, LS::withdrawMaxStakeCall { recipient: a.alice }).await;
    env.send(a.bob, pool, LS::withdrawMaxStakeCall { recipient: a.bob }).await;
    assert_eq!((env.usdc_of(a.alice).await, env.usdc_of(a.bob).await), (usdc(180_000), usdc(90_000)));

    // The guardian steps in: forced actions need debt, which the defaulter has and the others not.
    let forced =
        SP::guardianForcedWithdrawalRequestCall { starkKey: key, vaultId: U256::ZERO, quantizedAmount: usdc(100_000), premiumCost: false };
    let healthy_key = env.suite.borrowers[0].config.stark_key;
    let refused = SP::guardianForcedWithdrawalRequestCall { starkKey: healthy_key, ..forced.clone() };
    let reason = env.reason(a.guardian, env.proxy(0), refused).await;
    assert_eq!(reason, "SP2Guardian: Cannot call forced action if borrower has no overdue debt");
    env.send(a.guardian, defaulter, forced).await;
    let withdraw = SP::guardianWithdrawFromExchangeCall { starkKey: key, assetType: U256::ZERO };
    let receipt = env.send(a.guardian, defaulter, withdraw).await;
    let back = SP::WithdrewFromExchange { starkKey: key, starkAssetType: U256::ZERO, tokenAmount: usdc(100_000), isGuardianAction: true };
    assert_eq!(events::<SP::WithdrewFromExchange>(&receipt, defaulter), vec![back]);
    env.send(a.guardian, defaulter, SP::guardianRepayDebtCall { amount: usdc(20_000) }).await;

    // First come, first served: Bob takes his whole claim, Alice what is left, then the rest later.
    env.send(a.bob, pool, LS::withdrawMaxDebtCall { recipient: a.bob }).await;
    env.send(a.alice, pool, LS::withdrawMaxDebtCall { recipient: a.alice }).await;
    assert_eq!((env.usdc_of(a.alice).await, env.usdc_of(a.bob).await), (usdc(190_000), usdc(100_000)));
    assert_eq!(env.pool(LS::getStakerDebtBalanceCall { staker: a.alice }).await, usdc(10_000));
    env.send(a.guardian, defaulter, SP::guardianRepayDebtCall { amount: usdc(10_000) }).await;
    env.send(a.alice, pool, LS::withdrawDebtCall { recipient: a.alice, amount: usdc(10_000) }).await;
    assert_eq!(env.usdc_of(a.alice).await, usdc(200_000), "Alice gets exactly what she asked for");
    assert_eq!(env.pool(LS::getBorrowerDebtBalanceCall { borrower: defaulter }).await, U256::ZERO);
    assert_eq!(env.pool(LS::getTotalDebtAvailableToWithdrawCall {}).await, U256::ZERO);
    assert_eq!(env.pool(LS::getBorrowedBalanceCall { borrower: defaulter }).await, usdc(70_000));
}
