//! A staker's whole life in the pool, to check the pieces fit.

use alloy_primitives::U256;
use pool_tests::{user, ILiquidityStakingV1 as LS, Pool, DAY};

#[test]
fn stake_request_roll_withdraw_claim() {
    let mut pool = Pool::new();
    let owner = pool.owner;
    let s0 = user(&pool.node, 0);
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: U256::from(1000) }).unwrap();
    pool.at_epoch(0, 0);
    let receipt = pool.stake(s0, 1_000_000);
    assert_eq!(receipt.events::<LS::Staked>(), vec![LS::Staked { staker: s0, spender: s0, amount: U256::from(1_000_000) }]);
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker: s0 }), U256::from(1_000_000));
    pool.at_epoch(0, 10 * DAY);
    pool.send(s0, LS::requestWithdrawalCall { amount: U256::from(400_000) }).unwrap();
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker: s0 }), U256::from(600_000));
    assert_eq!(pool.get(LS::getInactiveBalanceNextEpochCall { staker: s0 }), U256::from(400_000));
    pool.at_epoch(3, 0);
    assert_eq!(pool.get(LS::getInactiveBalanceCurrentEpochCall { staker: s0 }), U256::from(400_000));
    assert_eq!(pool.get(LS::getStakeAvailableToWithdrawCall { staker: s0 }), U256::from(400_000));
    pool.send(s0, LS::withdrawStakeCall { recipient: s0, amount: U256::from(400_000) }).unwrap();
    assert_eq!(pool.usdc_of(s0), U256::from(400_000));
    let claimed = pool.send(s0, LS::claimRewardsCall { recipient: s0 }).unwrap().returns::<LS::claimRewardsCall>();
    // Alone in the pool since epoch zero started: every second paid to s0.
    assert_eq!(claimed, U256::from(3 * 28 * DAY * 1000));
    assert_eq!(pool.dydx_of(s0), claimed);
}
