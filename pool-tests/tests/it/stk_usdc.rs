//! Spec §3.11 and §3.7.3 (TransferActive), D1, D2, D9: stkUSDC deployed with the pool. stkUSDC owns
//! the allowances and every `Transfer` event; the pool keeps the balances and moves next-epoch active
//! balance only when stkUSDC asks.

use alloy_primitives::{hex, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolEventInterface};
use pool_tests::{
    devnode::Receipt, pool_events, u, user, ILS1StkUsdc, ILiquidityStakingV1 as LS, IStkUsdc, Pool, CONSTRUCTOR_SELECTOR, DAY,
};

type PoolEvent = LS::ILiquidityStakingV1Events;
type StkEvent = IStkUsdc::IStkUsdcEvents;

const EXCEEDS_TRANSFERABLE: &str = "LS1ERC20: Transfer exceeds next epoch active balance";
const EPOCH_ZERO: &str = "LS1EpochSchedule: Epoch zero has not started";
const NOT_STK_USDC: &str = "LS1StkUsdc: Caller is not stkUSDC";
const NOT_THE_POOL: &str = "stkUSDC: Caller is not the pool";

/// The events stkUSDC logged in `receipt`, in order.
fn stk_events(pool: &Pool, receipt: &Receipt) -> Vec<StkEvent> {
    let logs = receipt.logs.iter().filter(|log| log.address == pool.stk_usdc);
    logs.map(|log| StkEvent::decode_log(log).expect("a stkUSDC event").data).collect()
}

fn transfer(from: Address, to: Address, value: u64) -> StkEvent {
    StkEvent::Transfer(IStkUsdc::Transfer { from, to, value: u(value) })
}

/// Calls a view of stkUSDC.
fn stk<C: SolCall>(pool: &mut Pool, call: C) -> C::Return {
    let (owner, stk_usdc) = (pool.owner, pool.stk_usdc);
    pool.node.call(owner, stk_usdc, call).unwrap_or_else(|e| panic!("{}: {e:?}", C::SIGNATURE))
}

/// Sends `call` to stkUSDC, expecting a revert; returns its reason.
fn stk_reason<C: SolCall>(pool: &mut Pool, from: Address, call: C) -> String {
    let failure = pool.send_stk(from, call).err().unwrap_or_else(|| panic!("{} should revert", C::SIGNATURE));
    failure.reason().unwrap_or_else(|| panic!("{} reverted without a reason: {failure:?}", C::SIGNATURE))
}

/// `staker`'s active balance (current, next).
fn active(pool: &mut Pool, staker: Address) -> (U256, U256) {
    (pool.get(LS::getActiveBalanceCurrentEpochCall { staker }), pool.get(LS::getActiveBalanceNextEpochCall { staker }))
}

/// An EVM contract that forwards its calldata to `target` and returns or reverts with its answer.
fn deploy_forwarder(pool: &mut Pool, target: Address) -> Address {
    let mut code = hex::decode("3660006000376000600036600060007300000000000000000000000000000000000000005af13d600060003e603357").unwrap();
    code[16..36].copy_from_slice(target.as_slice());
    code.extend(hex::decode("3d6000fd5b3d6000f3").unwrap());
    let owner = pool.owner;
    pool.node.deploy_code(owner, &code).expect("deploy the forwarder")
}

/// §3.11 metadata; totalSupply and balanceOf are the pool's (current active + inactive), 0 before epoch zero.
#[test]
fn metadata_and_balances_mirror_the_pool() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    assert_eq!(stk(&mut pool, IStkUsdc::nameCall {}), "dYdX Staked USDC");
    assert_eq!(stk(&mut pool, IStkUsdc::symbolCall {}), "stkUSDC");
    assert_eq!(stk(&mut pool, IStkUsdc::decimalsCall {}), 6);
    assert_eq!(stk(&mut pool, IStkUsdc::LIQUIDITY_STAKINGCall {}), pool.address);
    assert_eq!(pool.get(ILS1StkUsdc::getStkUsdcCall {}), pool.stk_usdc);
    assert_eq!(stk(&mut pool, IStkUsdc::totalSupplyCall {}), U256::ZERO);
    assert_eq!(stk(&mut pool, IStkUsdc::balanceOfCall { account: s0 }), U256::ZERO);

    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.stake(s1, 300);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();
    pool.at_epoch(1, 0);
    assert_eq!(stk(&mut pool, IStkUsdc::balanceOfCall { account: s0 }), u(1_000), "600 active + 400 inactive");
    assert_eq!(stk(&mut pool, IStkUsdc::balanceOfCall { account: s1 }), u(300));
    assert_eq!(stk(&mut pool, IStkUsdc::totalSupplyCall {}), u(1_300));
    assert_eq!(pool.get(LS::totalSupplyCall {}), u(1_300));
}

/// §3.11, §7 item 12: a transfer moves current and next active balance; a pending request stays with the sender.
#[test]
fn transfer_during_an_epoch_with_a_pending_withdrawal() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(400) }).unwrap();

    pool.at_epoch(0, 2 * DAY);
    assert_eq!(stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: s1, amount: u(601) }), EXCEEDS_TRANSFERABLE);
    let receipt = pool.send_stk(s0, IStkUsdc::transferCall { recipient: s1, amount: u(600) }).unwrap();
    assert!(receipt.returns::<IStkUsdc::transferCall>());
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, s1, 600)]);
    assert_eq!(active(&mut pool, s0), (u(400), U256::ZERO));
    assert_eq!(active(&mut pool, s1), (u(600), u(600)));
    assert_eq!(pool.get(LS::getTotalActiveBalanceCurrentEpochCall {}), u(1_000));
    assert_eq!(stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: s1, amount: u(1) }), EXCEEDS_TRANSFERABLE);

    pool.at_epoch(1, 0);
    assert_eq!(active(&mut pool, s0), (U256::ZERO, U256::ZERO));
    assert_eq!(pool.get(LS::getInactiveBalanceCurrentEpochCall { staker: s0 }), u(400), "the request stayed with the sender");
    assert_eq!(stk(&mut pool, IStkUsdc::balanceOfCall { account: s0 }), u(400));
    assert_eq!(stk(&mut pool, IStkUsdc::balanceOfCall { account: s1 }), u(600));
    pool.send(s0, LS::withdrawStakeCall { recipient: s0, amount: u(400) }).unwrap();
    assert_eq!(pool.usdc_of(s0), u(400));
}

/// §3.11: more than the next-epoch active balance fails and changes nothing; zero addresses are refused.
#[test]
fn refused_transfers_change_nothing() {
    let mut pool = Pool::new();
    let (s0, s1, spender) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 500);
    let before = (active(&mut pool, s0), active(&mut pool, s1));
    assert_eq!(stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: s1, amount: u(501) }), EXCEEDS_TRANSFERABLE);
    assert_eq!(
        stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: Address::ZERO, amount: u(1) }),
        "LS1ERC20: Transfer to address(0)"
    );
    let from_zero = IStkUsdc::transferFromCall { sender: Address::ZERO, recipient: s1, amount: U256::ZERO };
    assert_eq!(stk_reason(&mut pool, spender, from_zero), "LS1ERC20: Transfer from address(0)");
    assert_eq!((active(&mut pool, s0), active(&mut pool, s1)), before);
}

/// §3.11, §3.19: before epoch zero nothing is transferable; a zero transfer fails on the schedule.
#[test]
fn transfers_before_epoch_zero() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    assert_eq!(stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: s1, amount: u(1) }), EXCEEDS_TRANSFERABLE);
    assert_eq!(stk_reason(&mut pool, s0, IStkUsdc::transferCall { recipient: s1, amount: U256::ZERO }), EPOCH_ZERO);
}

/// §3.7.3 TransferActive: both parties' rewards settle at the transfer; the recipient earns from that second on.
#[test]
fn rewards_of_sender_and_recipient_after_a_transfer() {
    let mut pool = Pool::new();
    let (s0, s1) = (user(&pool.node, 0), user(&pool.node, 1));
    let owner = pool.owner;
    let rate = 1_000_000_000u64;
    pool.at_epoch(0, DAY);
    pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: u(rate) }).unwrap();
    pool.stake(s0, 1_000);
    pool.stake(s1, 1_000);

    pool.node.advance(100);
    let receipt = pool.send_stk(s0, IStkUsdc::transferCall { recipient: s1, amount: u(500) }).unwrap();
    // 100 s × 1e9 × 1e18 / 2,000 staked; each had half the pool: 50 s of emission.
    let index = U256::from(5u64) * U256::from(10u64).pow(u(25));
    let expected = vec![
        PoolEvent::GlobalIndexUpdated(LS::GlobalIndexUpdated { index }),
        PoolEvent::UserIndexUpdated(LS::UserIndexUpdated { user: s0, index, unclaimedRewards: u(50 * rate) }),
        PoolEvent::UserIndexUpdated(LS::UserIndexUpdated { user: s1, index, unclaimedRewards: u(50 * rate) }),
    ];
    assert_eq!(pool_events(&pool, &receipt), expected);
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, s1, 500)]);

    pool.node.advance(100);
    let paid0 = pool.send(s0, LS::claimRewardsCall { recipient: s0 }).unwrap().returns::<LS::claimRewardsCall>();
    let paid1 = pool.send(s1, LS::claimRewardsCall { recipient: s1 }).unwrap().returns::<LS::claimRewardsCall>();
    assert_eq!(paid0, u(75 * rate), "50 s of half, then 100 s of a quarter");
    assert_eq!(paid1, u(125 * rate), "50 s of half, then 100 s of three quarters");

    // Spec §3.20 H: after a full transfer the sender's claim still pays what it accrued before.
    pool.node.advance(100);
    pool.send_stk(s0, IStkUsdc::transferCall { recipient: s1, amount: u(500) }).unwrap();
    pool.node.advance(100);
    let paid0 = pool.send(s0, LS::claimRewardsCall { recipient: s0 }).unwrap().returns::<LS::claimRewardsCall>();
    assert_eq!(paid0, u(25 * rate));
    assert_eq!(pool.dydx_of(s0), u(100 * rate));
}

/// §3.11 transferFrom: the transfer first, then the allowance is always spent (even by the owner
/// itself), through an `Approval` event; over the allowance the whole call reverts, balances included.
#[test]
fn transfer_from_always_spends_the_allowance() {
    let mut pool = Pool::new();
    let (s0, s1, spender) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);
    pool.send_stk(s0, IStkUsdc::approveCall { spender, amount: u(300) }).unwrap();

    let receipt = pool.send_stk(spender, IStkUsdc::transferFromCall { sender: s0, recipient: s1, amount: u(200) }).unwrap();
    assert!(receipt.returns::<IStkUsdc::transferFromCall>());
    let approval = StkEvent::Approval(IStkUsdc::Approval { owner: s0, spender, value: u(100) });
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, s1, 200), approval]);
    assert_eq!(stk(&mut pool, IStkUsdc::allowanceCall { owner: s0, spender }), u(100));
    assert_eq!(active(&mut pool, s1), (u(200), u(200)));

    let over = IStkUsdc::transferFromCall { sender: s0, recipient: s1, amount: u(101) };
    assert_eq!(stk_reason(&mut pool, spender, over), "LS1ERC20: transfer amount exceeds allowance");
    assert_eq!(active(&mut pool, s0), (u(800), u(800)), "the pool's move was rolled back");
    assert_eq!(active(&mut pool, s1), (u(200), u(200)));

    let own = IStkUsdc::transferFromCall { sender: s0, recipient: s1, amount: u(1) };
    assert_eq!(stk_reason(&mut pool, s0, own), "LS1ERC20: transfer amount exceeds allowance", "no owner bypass");
    pool.send_stk(s0, IStkUsdc::approveCall { spender, amount: U256::MAX }).unwrap();
    pool.send_stk(spender, IStkUsdc::transferFromCall { sender: s0, recipient: s1, amount: u(5) }).unwrap();
    assert_eq!(stk(&mut pool, IStkUsdc::allowanceCall { owner: s0, spender }), U256::MAX - u(5), "no infinite allowance");
}

/// §3.11 approve, increaseAllowance, decreaseAllowance: values, events and the spec's strings.
#[test]
fn allowances() {
    let mut pool = Pool::new();
    let (s0, spender) = (user(&pool.node, 0), user(&pool.node, 2));
    let receipt = pool.send_stk(s0, IStkUsdc::approveCall { spender, amount: u(50) }).unwrap();
    assert!(receipt.returns::<IStkUsdc::approveCall>());
    let approval = |value: U256| StkEvent::Approval(IStkUsdc::Approval { owner: s0, spender, value });
    assert_eq!(stk_events(&pool, &receipt), vec![approval(u(50))]);

    let receipt = pool.send_stk(s0, IStkUsdc::increaseAllowanceCall { spender, addedValue: u(25) }).unwrap();
    assert!(receipt.returns::<IStkUsdc::increaseAllowanceCall>());
    assert_eq!(stk_events(&pool, &receipt), vec![approval(u(75))]);
    let receipt = pool.send_stk(s0, IStkUsdc::decreaseAllowanceCall { spender, subtractedValue: u(70) }).unwrap();
    assert!(receipt.returns::<IStkUsdc::decreaseAllowanceCall>());
    assert_eq!(stk_events(&pool, &receipt), vec![approval(u(5))]);
    assert_eq!(stk(&mut pool, IStkUsdc::allowanceCall { owner: s0, spender }), u(5));

    let below = IStkUsdc::decreaseAllowanceCall { spender, subtractedValue: u(6) };
    assert_eq!(stk_reason(&mut pool, s0, below), "LS1ERC20: Decreased allowance below zero");
    pool.send_stk(s0, IStkUsdc::approveCall { spender, amount: U256::MAX }).unwrap();
    let overflow = IStkUsdc::increaseAllowanceCall { spender, addedValue: u(1) };
    assert_eq!(stk_reason(&mut pool, s0, overflow), "SafeMath: addition overflow");
    let to_zero = IStkUsdc::approveCall { spender: Address::ZERO, amount: u(1) };
    assert_eq!(stk_reason(&mut pool, s0, to_zero), "LS1ERC20: Approve to address(0)");
    assert_eq!(stk(&mut pool, IStkUsdc::allowanceCall { owner: s0, spender }), U256::MAX);
}

/// D9 (§9.4): mint and burn `Transfer` events come from stkUSDC's address and name the staker whose
/// balance changed, for stakeFor and withdrawStakeFor too; the pool itself logs no `Transfer`.
#[test]
fn mint_and_burn_events_name_the_staker() {
    let mut pool = Pool::new();
    let (s0, payer, op, recipient) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 4), user(&pool.node, 5));
    pool.at_epoch(0, DAY);
    pool.fund(payer, 1_000);
    let receipt = pool.send(payer, LS::stakeForCall { staker: s0, amount: u(1_000) }).unwrap();
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(Address::ZERO, s0, 1_000)], "not the payer");
    let order: Vec<Address> = receipt.logs.iter().map(|log| log.address).filter(|a| *a != pool.usdc).collect();
    assert_eq!(order, vec![pool.address, pool.address, pool.stk_usdc], "GlobalIndexUpdated, Staked, then the mint");

    let receipt = pool.stake(s0, 100);
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(Address::ZERO, s0, 100)]);
    pool.send(s0, LS::requestWithdrawalCall { amount: u(600) }).unwrap();
    pool.at_epoch(1, DAY);

    let role = pool.get(LS::STAKE_OPERATOR_ROLECall {});
    pool.grant(role, op);
    let receipt = pool.send(op, LS::withdrawStakeForCall { staker: s0, recipient, amount: u(200) }).unwrap();
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, Address::ZERO, 200)], "not the operator");
    let receipt = pool.send(s0, LS::withdrawStakeCall { recipient, amount: u(100) }).unwrap();
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, Address::ZERO, 100)]);
    let receipt = pool.send(s0, LS::withdrawMaxStakeCall { recipient }).unwrap();
    assert_eq!(stk_events(&pool, &receipt), vec![transfer(s0, Address::ZERO, 300)]);
    // The burn comes before WithdrewStake (spec §3.10 step 5).
    let order: Vec<Address> = receipt.logs.iter().map(|log| log.address).filter(|a| *a != pool.usdc).collect();
    assert_eq!(order, vec![pool.stk_usdc, pool.address]);
    assert_eq!(pool.usdc_of(recipient), u(600));
}

/// The links: only stkUSDC may move balances in the pool, only the pool may have stkUSDC log a mint
/// or burn; a third contract (or an account) is refused with a reason and changes nothing.
#[test]
fn the_links_refuse_other_callers() {
    let mut pool = Pool::new();
    let (s0, eve) = (user(&pool.node, 0), user(&pool.node, 6));
    pool.at_epoch(0, DAY);
    pool.stake(s0, 1_000);

    let steal = ILS1StkUsdc::transferActiveBalanceCall { from: s0, to: eve, amount: u(1_000) };
    assert_eq!(pool.reason(eve, steal.clone()), NOT_STK_USDC);
    let target = pool.address;
    let relay = deploy_forwarder(&mut pool, target);
    let failure = pool.node.send(eve, relay, steal).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some(NOT_STK_USDC));
    assert_eq!(active(&mut pool, s0), (u(1_000), u(1_000)));
    assert_eq!(active(&mut pool, eve), (U256::ZERO, U256::ZERO));

    let fake_mint = IStkUsdc::emitTransferCall { from: Address::ZERO, to: eve, amount: u(1_000_000) };
    assert_eq!(stk_reason(&mut pool, eve, fake_mint.clone()), NOT_THE_POOL);
    let target = pool.stk_usdc;
    let relay = deploy_forwarder(&mut pool, target);
    let failure = pool.node.send(eve, relay, fake_mint).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some(NOT_THE_POOL));

    // The pool no longer answers the ERC-20 transfer functions (D1): they live on stkUSDC.
    let data = Bytes::from(IStkUsdc::transferCall { recipient: eve, amount: u(1) }.abi_encode());
    let failure = pool.node.send_raw(s0, pool.address, data, U256::ZERO).unwrap_err();
    assert_eq!(failure.reason(), None);
}

/// The pool links stkUSDC once, as OWNER_ROLE, never to zero; stkUSDC needs a pool at construction.
#[test]
fn linking_happens_once() {
    let mut pool = Pool::new();
    let (owner, eve) = (pool.owner, user(&pool.node, 6));
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let missing =
        format!("AccessControl: account {} is missing role {}", hex::encode_prefixed(eve), hex::encode_prefixed(B256::from(owner_role)));
    assert_eq!(pool.reason(eve, ILS1StkUsdc::setStkUsdcCall { stkUsdc: eve }), missing);
    assert_eq!(pool.reason(owner, ILS1StkUsdc::setStkUsdcCall { stkUsdc: eve }), "LS1StkUsdc: Already set");

    let mut fresh = Pool::deploy(Default::default());
    let (owner, offset) = (fresh.owner, U256::from(fresh.offset));
    let (interval, blackout) = (u(fresh.setup.interval), u(fresh.setup.blackout));
    fresh.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).unwrap();
    assert_eq!(fresh.get(ILS1StkUsdc::getStkUsdcCall {}), Address::ZERO);
    assert_eq!(fresh.reason(owner, ILS1StkUsdc::setStkUsdcCall { stkUsdc: Address::ZERO }), "LS1StkUsdc: Invalid address");
    let constructor = [&CONSTRUCTOR_SELECTOR[..], &[0u8; 32][..]].concat();
    let failure = pool_tests::deploy_with_constructor(&mut fresh.node, owner, "stk-usdc", constructor).unwrap_err();
    assert_eq!(pool_tests::constructor_reason(failure), "stkUSDC: Invalid pool");
}
