//! The USDC and DYDX test tokens, deployed from their real WASM and driven through the test API.

use alloy_primitives::{Address, U256};
use bindings::ITestToken;
use devnode::Devnode;

fn usdc(amount: u64) -> U256 {
    U256::from(amount) * U256::from(1_000_000u64)
}

fn deploy(node: &mut Devnode, name: &str) -> Address {
    let owner = node.account(0);
    node.deploy_program(owner, name).expect("deploys and activates")
}

#[test]
fn usdc_metadata_mint_transfer_and_events() {
    let mut node = Devnode::new();
    let token = deploy(&mut node, "usdc");
    let (alice, bob) = (node.account(1), node.account(2));

    assert_eq!(node.call(alice, token, ITestToken::nameCall {}).unwrap(), "USD Coin");
    assert_eq!(node.call(alice, token, ITestToken::symbolCall {}).unwrap(), "USDC");
    assert_eq!(node.call(alice, token, ITestToken::decimalsCall {}).unwrap(), 6);

    let receipt = node.send(alice, token, ITestToken::mintCall { to: alice, amount: usdc(1_000) }).unwrap();
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![ITestToken::Transfer { from: Address::ZERO, to: alice, value: usdc(1_000) }]);
    node.advance(3_600);
    let receipt = node.send(alice, token, ITestToken::transferCall { to: bob, value: usdc(250) }).unwrap();
    assert!(receipt.returns::<ITestToken::transferCall>());
    assert_eq!(receipt.events::<ITestToken::Transfer>(), vec![ITestToken::Transfer { from: alice, to: bob, value: usdc(250) }]);
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: alice }).unwrap(), usdc(750));
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: bob }).unwrap(), usdc(250));
    assert_eq!(node.call(alice, token, ITestToken::totalSupplyCall {}).unwrap(), usdc(1_000));
}

#[test]
fn dydx_approve_and_transfer_from_with_time_moving() {
    let mut node = Devnode::new();
    let token = deploy(&mut node, "dydx");
    let (alice, bob, carol) = (node.account(1), node.account(2), node.account(3));
    let one = U256::from(10u64).pow(U256::from(18));
    assert_eq!(node.call(alice, token, ITestToken::decimalsCall {}).unwrap(), 18);
    assert_eq!(node.call(alice, token, ITestToken::nameCall {}).unwrap(), "dYdX");

    node.send(alice, token, ITestToken::mintCall { to: alice, amount: one * U256::from(10) }).unwrap();
    let start = node.timestamp();
    node.advance(86_400);
    assert_eq!(node.timestamp(), start + 86_400);
    let receipt = node.send(alice, token, ITestToken::approveCall { spender: bob, value: one * U256::from(3) }).unwrap();
    assert_eq!(
        receipt.events::<ITestToken::Approval>(),
        vec![ITestToken::Approval { owner: alice, spender: bob, value: one * U256::from(3) }]
    );
    node.advance(86_400);
    node.send(bob, token, ITestToken::transferFromCall { from: alice, to: carol, value: one * U256::from(2) }).unwrap();
    assert_eq!(node.call(alice, token, ITestToken::allowanceCall { owner: alice, spender: bob }).unwrap(), one);
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: carol }).unwrap(), one * U256::from(2));

    let failure = node.send(bob, token, ITestToken::transferFromCall { from: alice, to: carol, value: one * U256::from(2) }).unwrap_err();
    assert_eq!(
        failure.error::<ITestToken::ERC20InsufficientAllowance>(),
        Some(ITestToken::ERC20InsufficientAllowance { spender: bob, allowance: one, needed: one * U256::from(2) })
    );
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: carol }).unwrap(), one * U256::from(2));
}

#[test]
fn token_reverts_change_nothing() {
    let mut node = Devnode::new();
    let token = deploy(&mut node, "usdc");
    let (alice, bob) = (node.account(1), node.account(2));
    node.send(alice, token, ITestToken::mintCall { to: alice, amount: usdc(5) }).unwrap();

    let failure = node.send(alice, token, ITestToken::transferCall { to: bob, value: usdc(6) }).unwrap_err();
    assert_eq!(
        failure.error::<ITestToken::ERC20InsufficientBalance>(),
        Some(ITestToken::ERC20InsufficientBalance { sender: alice, balance: usdc(5), needed: usdc(6) })
    );
    let failure = node.send(alice, token, ITestToken::transferCall { to: Address::ZERO, value: usdc(1) }).unwrap_err();
    assert_eq!(failure.error::<ITestToken::ERC20InvalidReceiver>(), Some(ITestToken::ERC20InvalidReceiver { receiver: Address::ZERO }));
    let failure = node.send(alice, token, ITestToken::mintCall { to: alice, amount: U256::MAX }).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("TestToken: total supply overflow"));
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: alice }).unwrap(), usdc(5));
    assert_eq!(node.call(alice, token, ITestToken::totalSupplyCall {}).unwrap(), usdc(5));
}

#[test]
fn snapshot_and_revert_restore_balances_and_time() {
    let mut node = Devnode::new();
    let token = deploy(&mut node, "usdc");
    let alice = node.account(1);
    let snapshot = node.snapshot();
    let time = node.timestamp();
    node.send(alice, token, ITestToken::mintCall { to: alice, amount: usdc(9) }).unwrap();
    node.advance(100);
    node.revert(&snapshot);
    assert_eq!(node.timestamp(), time);
    assert_eq!(node.call(alice, token, ITestToken::balanceOfCall { account: alice }).unwrap(), U256::ZERO);
}

/// The example shown in the README, kept true by running it.
#[test]
fn readme_example() -> Result<(), devnode::Failure> {
    let mut node = Devnode::new();
    let (alice, bob) = (node.account(1), node.account(2));
    let usdc = node.deploy_program(alice, "usdc")?;
    node.send(alice, usdc, ITestToken::mintCall { to: alice, amount: U256::from(1_000_000) })?;
    node.advance(28 * 86_400);
    let receipt = node.send(alice, usdc, ITestToken::transferCall { to: bob, value: U256::from(250_000) })?;
    assert_eq!(receipt.events::<ITestToken::Transfer>()[0].value, U256::from(250_000));
    let failure = node.send(bob, usdc, ITestToken::transferCall { to: alice, value: U256::from(1) << 200 }).unwrap_err();
    assert!(failure.error::<ITestToken::ERC20InsufficientBalance>().is_some());
    Ok(())
}
