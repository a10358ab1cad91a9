//! D3: a token that re-enters the pool mid-operation is refused (Stylus programs reject reentrant
//! calls by default; the pool's router keeps that default) and the outer operation reverts whole.

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::SolCall;
use bindings::IReentrantToken;
use pool_tests::{
    proxy::{self, IStarkProxy as SP, Proxy},
    user, ILiquidityStakingV1 as LS, IStkUsdc, Pool, Setup,
};

/// A pool staking the re-entering token, initialized, at the start of epoch zero.
fn pool() -> Pool {
    let mut pool = Pool::deploy_staking(Setup::default(), "reentrant-token");
    let owner = pool.owner;
    let (interval, offset, blackout) = (U256::from(pool.setup.interval), U256::from(pool.offset), U256::from(pool.setup.blackout));
    pool.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).unwrap();
    pool.at_epoch(0, 0);
    pool
}

fn set_callback(pool: &mut Pool, target: Address, data: Vec<u8>) {
    let (owner, token) = (pool.owner, pool.usdc);
    pool.node.send(owner, token, IReentrantToken::setCallbackCall { target, data: Bytes::from(data) }).unwrap();
}

/// A stake whose token transfer calls `stake` again on the pool reverts, and nothing changes.
#[test]
fn a_token_reentering_stake_is_refused_and_nothing_changes() {
    let mut pool = pool();
    let staker = user(&pool.node, 0);
    pool.fund(staker, 1_000);
    let target = pool.address;
    set_callback(&mut pool, target, LS::stakeCall { amount: U256::from(1) }.abi_encode());
    let before = pool.node.snapshot();
    let supply = pool.get(LS::totalSupplyCall {});
    let reason = pool.reason(staker, LS::stakeCall { amount: U256::from(500) });
    assert_eq!(reason, "SafeERC20: low-level call failed");
    assert_eq!(pool.get(LS::totalSupplyCall {}), supply);
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker }), U256::ZERO);
    assert_eq!(pool.usdc_of(staker), U256::from(1_000));

    // The same callback to a harmless view of another contract lets the stake through: the refusal
    // is the reentrancy, not the callback.
    pool.node.revert(&before);
    let dydx = pool.dydx;
    set_callback(&mut pool, dydx, IReentrantToken::balanceOfCall { account: staker }.abi_encode());
    pool.send(staker, LS::stakeCall { amount: U256::from(500) }).unwrap();
    assert_eq!(pool.get(LS::getActiveBalanceCurrentEpochCall { staker }), U256::from(500));
}

/// A withdrawal whose token transfer re-enters to withdraw again reverts, and the staker keeps its
/// inactive balance.
#[test]
fn a_token_reentering_withdraw_stake_is_refused() {
    let mut pool = pool();
    let staker = user(&pool.node, 0);
    pool.stake(staker, 1_000);
    pool.send(staker, LS::requestWithdrawalCall { amount: U256::from(600) }).unwrap();
    pool.at_epoch(1, 0);
    let target = pool.address;
    set_callback(&mut pool, target, LS::withdrawStakeCall { recipient: staker, amount: U256::from(300) }.abi_encode());
    let reason = pool.reason(staker, LS::withdrawStakeCall { recipient: staker, amount: U256::from(300) });
    assert_eq!(reason, "SafeERC20: low-level call failed");
    assert_eq!(pool.get(LS::getInactiveBalanceCurrentEpochCall { staker }), U256::from(600));
    assert_eq!(pool.usdc_of(staker), U256::ZERO);
}

/// A token whose transfer, during a stake, moves stkUSDC (token → stkUSDC → pool) is refused: the
/// pool is still running the stake, so it refuses the re-entry and the stake reverts whole.
#[test]
fn a_token_reentering_through_stk_usdc_is_refused() {
    let mut pool = pool();
    pool.link_stk_usdc();
    let (staker, other, token, stk_usdc) = (user(&pool.node, 0), user(&pool.node, 1), pool.usdc, pool.stk_usdc);
    pool.fund(staker, 1_500);
    // The token holds stake of its own, so the stkUSDC transfer of its callback can succeed by itself.
    pool.send(staker, LS::stakeForCall { staker: token, amount: U256::from(100) }).unwrap();
    set_callback(&mut pool, stk_usdc, IStkUsdc::transferCall { recipient: other, amount: U256::from(10) }.abi_encode());
    let reason = pool.reason(staker, LS::stakeCall { amount: U256::from(500) });
    assert_eq!(reason, "SafeERC20: low-level call failed");
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker }), U256::ZERO);
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker: token }), U256::from(100));
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker: other }), U256::ZERO);
    assert_eq!(pool.usdc_of(staker), U256::from(1_400));

    // The same callback outside a pool operation (a plain token transfer) moves the stkUSDC: the
    // refusal is the re-entry.
    pool.node.send(staker, token, IReentrantToken::transferCall { to: other, value: U256::from(1) }).unwrap();
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker: token }), U256::from(90));
    assert_eq!(pool.get(LS::getActiveBalanceNextEpochCall { staker: other }), U256::from(10));
}

/// A token that calls back into StarkProxy while the proxy borrows (pool → token → proxy) is
/// refused, whatever it calls: the proxy's program refuses re-entry, and the borrow reverts whole.
#[test]
fn a_token_reentering_stark_proxy_is_refused() {
    let mut pool = Pool::deploy_staking(Setup::default(), "reentrant-token");
    pool.initialize_and_link();
    let mut p = Proxy::new_for(pool);
    let (s0, operator, proxy) = (user(&p.pool.node, 0), p.operator, p.address);
    p.pool.at_epoch(0, 0);
    p.pool.stake(s0, 1_000);
    set_callback(&mut p.pool, proxy, SP::hasRoleCall { role: proxy::borrower_role(), account: operator }.abi_encode());
    assert_eq!(p.reason(operator, SP::borrowCall { amount: U256::from(100) }), "SafeERC20: low-level call failed");
    assert_eq!(p.pool.get(LS::getBorrowedBalanceCall { borrower: proxy }), U256::ZERO);
    assert_eq!(p.balance(), U256::ZERO);

    // The same callback outside the proxy's operation answers: the refusal is the re-entry.
    let token = p.pool.usdc;
    p.pool.fund(s0, 1);
    p.pool.node.send(s0, token, IReentrantToken::transferCall { to: operator, value: U256::from(1) }).unwrap();
    set_callback(&mut p.pool, Address::ZERO, Vec::new());
    p.send(operator, SP::borrowCall { amount: U256::from(100) }).expect("the borrow goes through without the callback");
    assert_eq!(p.pool.get(LS::getBorrowedBalanceCall { borrower: proxy }), U256::from(100));
}
