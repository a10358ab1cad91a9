//! An ERC-20 conformance suite written against the standard's generic expectations (EIP-20: return
//! values, events, allowances, zero amounts, self-transfers, failures that change nothing), run
//! against stkUSDC and, as a control, against the USDC test token (OpenZeppelin's ERC-20).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use pool_tests::{
    devnode::{Devnode, Receipt, Snapshot},
    u, user, IStkUsdc as Erc20, Pool, DAY,
};

/// A token under test, on its chain.
/// A named check of the suite.
type Check = (&'static str, fn(&mut Subject));

struct Subject {
    pool: Pool,
    token: Address,
    /// Gives `account` `amount` transferable tokens.
    give: fn(&mut Pool, Address, u64),
    /// The chain as set up, before each check.
    start: Snapshot,
}

impl Subject {
    /// stkUSDC: tokens are given by staking (after epoch zero, so they are transferable).
    fn stk_usdc() -> Self {
        let mut pool = Pool::new();
        pool.at_epoch(0, DAY);
        let token = pool.stk_usdc;
        Self::with(pool, token, |pool, account, amount| {
            pool.stake(account, amount);
        })
    }

    /// The USDC test token: tokens are given by minting.
    fn usdc() -> Self {
        let pool = Pool::new();
        let token = pool.usdc;
        Self::with(pool, token, |pool, account, amount| {
            let usdc = pool.usdc;
            pool.node.send(account, usdc, bindings::ITestToken::mintCall { to: account, amount: U256::from(amount) }).unwrap();
        })
    }

    fn with(pool: Pool, token: Address, give: fn(&mut Pool, Address, u64)) -> Self {
        let start = pool.node.snapshot();
        Self { pool, token, give, start }
    }

    fn node(&mut self) -> &mut Devnode {
        &mut self.pool.node
    }

    fn send<C: SolCall>(&mut self, from: Address, call: C) -> Option<Receipt> {
        let token = self.token;
        self.node().send(from, token, call).ok()
    }

    fn view<C: SolCall>(&mut self, call: C) -> C::Return {
        let token = self.token;
        let reader = self.pool.owner;
        self.node().call(reader, token, call).expect("a view")
    }

    fn balance(&mut self, account: Address) -> U256 {
        self.view(Erc20::balanceOfCall { account })
    }

    fn allowance(&mut self, owner: Address, spender: Address) -> U256 {
        self.view(Erc20::allowanceCall { owner, spender })
    }

    /// The token's `Transfer` and `Approval` events in `receipt`, in order.
    fn events(&self, receipt: &Receipt) -> (Vec<Erc20::Transfer>, Vec<Erc20::Approval>) {
        (receipt.events_from::<Erc20::Transfer>(self.token), receipt.events_from::<Erc20::Approval>(self.token))
    }

    /// Runs every check from the same starting state.
    fn run_all(&mut self, name: &str) {
        let checks: [Check; 8] = [
            ("transfer", transfer_moves_balance_returns_true_and_logs),
            ("zero amount", zero_amount_transfers_are_normal_transfers),
            ("self-transfer", self_transfer_keeps_the_balance),
            ("over balance", transfers_over_the_balance_fail_and_change_nothing),
            ("approve", approve_sets_overwrites_and_logs),
            ("transferFrom", transfer_from_moves_and_spends_the_allowance),
            ("over allowance", transfer_from_over_the_allowance_fails_and_changes_nothing),
            ("allowances", allowances_are_per_owner_and_spender),
        ];
        for (check, run) in checks {
            let start = self.start.clone();
            self.node().revert(&start);
            println!("{name}: {check}");
            run(self);
        }
    }
}

fn actors(subject: &Subject) -> (Address, Address, Address) {
    (user(&subject.pool.node, 0), user(&subject.pool.node, 1), user(&subject.pool.node, 2))
}

fn transfer_moves_balance_returns_true_and_logs(t: &mut Subject) {
    let (a, b, _) = actors(t);
    (t.give)(&mut t.pool, a, 1_000);
    let supply = t.view(Erc20::totalSupplyCall {});
    let receipt = t.send(a, Erc20::transferCall { recipient: b, amount: u(400) }).expect("transfer");
    assert!(receipt.returns::<Erc20::transferCall>(), "returns true");
    assert_eq!(t.events(&receipt).0, vec![Erc20::Transfer { from: a, to: b, value: u(400) }]);
    assert_eq!((t.balance(a), t.balance(b)), (u(600), u(400)));
    assert_eq!(t.view(Erc20::totalSupplyCall {}), supply, "transfers keep the supply");
}

fn zero_amount_transfers_are_normal_transfers(t: &mut Subject) {
    let (a, b, c) = actors(t);
    (t.give)(&mut t.pool, a, 10);
    let receipt = t.send(a, Erc20::transferCall { recipient: b, amount: U256::ZERO }).expect("zero transfer");
    assert!(receipt.returns::<Erc20::transferCall>());
    assert_eq!(t.events(&receipt).0, vec![Erc20::Transfer { from: a, to: b, value: U256::ZERO }]);
    let receipt = t.send(c, Erc20::transferFromCall { sender: a, recipient: b, amount: U256::ZERO }).expect("zero transferFrom");
    assert!(receipt.returns::<Erc20::transferFromCall>());
    assert_eq!((t.balance(a), t.balance(b)), (u(10), U256::ZERO));
}

fn self_transfer_keeps_the_balance(t: &mut Subject) {
    let (a, _, _) = actors(t);
    (t.give)(&mut t.pool, a, 500);
    let receipt = t.send(a, Erc20::transferCall { recipient: a, amount: u(500) }).expect("self-transfer");
    assert_eq!(t.events(&receipt).0, vec![Erc20::Transfer { from: a, to: a, value: u(500) }]);
    assert_eq!(t.balance(a), u(500));
}

fn transfers_over_the_balance_fail_and_change_nothing(t: &mut Subject) {
    let (a, b, _) = actors(t);
    (t.give)(&mut t.pool, a, 100);
    assert!(t.send(a, Erc20::transferCall { recipient: b, amount: u(101) }).is_none(), "over the balance");
    assert!(t.send(b, Erc20::transferCall { recipient: a, amount: u(1) }).is_none(), "from an empty account");
    assert!(t.send(a, Erc20::transferCall { recipient: Address::ZERO, amount: u(1) }).is_none(), "to the zero address");
    assert_eq!((t.balance(a), t.balance(b)), (u(100), U256::ZERO));
}

fn approve_sets_overwrites_and_logs(t: &mut Subject) {
    let (a, b, _) = actors(t);
    let receipt = t.send(a, Erc20::approveCall { spender: b, amount: u(300) }).expect("approve");
    assert!(receipt.returns::<Erc20::approveCall>(), "returns true");
    assert_eq!(t.events(&receipt).1, vec![Erc20::Approval { owner: a, spender: b, value: u(300) }]);
    t.send(a, Erc20::approveCall { spender: b, amount: u(20) }).expect("approve again");
    assert_eq!(t.allowance(a, b), u(20), "a new approval overwrites the old one");
    t.send(a, Erc20::approveCall { spender: b, amount: U256::MAX }).expect("approve the maximum");
    assert_eq!(t.allowance(a, b), U256::MAX);
    let receipt = t.send(a, Erc20::approveCall { spender: b, amount: U256::ZERO }).expect("approve zero");
    assert_eq!(t.events(&receipt).1, vec![Erc20::Approval { owner: a, spender: b, value: U256::ZERO }]);
    assert!(t.send(a, Erc20::approveCall { spender: Address::ZERO, amount: u(1) }).is_none(), "to the zero address");
}

fn transfer_from_moves_and_spends_the_allowance(t: &mut Subject) {
    let (a, b, c) = actors(t);
    (t.give)(&mut t.pool, a, 1_000);
    t.send(a, Erc20::approveCall { spender: c, amount: u(700) }).expect("approve");
    let receipt = t.send(c, Erc20::transferFromCall { sender: a, recipient: b, amount: u(250) }).expect("transferFrom");
    assert!(receipt.returns::<Erc20::transferFromCall>(), "returns true");
    assert_eq!(t.events(&receipt).0, vec![Erc20::Transfer { from: a, to: b, value: u(250) }]);
    assert_eq!((t.balance(a), t.balance(b), t.balance(c)), (u(750), u(250), U256::ZERO));
    assert_eq!(t.allowance(a, c), u(450));
}

fn transfer_from_over_the_allowance_fails_and_changes_nothing(t: &mut Subject) {
    let (a, b, c) = actors(t);
    (t.give)(&mut t.pool, a, 1_000);
    t.send(a, Erc20::approveCall { spender: c, amount: u(100) }).expect("approve");
    assert!(t.send(c, Erc20::transferFromCall { sender: a, recipient: b, amount: u(101) }).is_none(), "over the allowance");
    assert!(t.send(b, Erc20::transferFromCall { sender: a, recipient: b, amount: u(1) }).is_none(), "without an allowance");
    t.send(a, Erc20::approveCall { spender: c, amount: u(5_000) }).expect("approve");
    assert!(t.send(c, Erc20::transferFromCall { sender: a, recipient: b, amount: u(1_001) }).is_none(), "over the balance");
    assert_eq!((t.balance(a), t.balance(b)), (u(1_000), U256::ZERO));
    assert_eq!(t.allowance(a, c), u(5_000));
}

fn allowances_are_per_owner_and_spender(t: &mut Subject) {
    let (a, b, c) = actors(t);
    t.send(a, Erc20::approveCall { spender: b, amount: u(1) }).expect("approve");
    t.send(a, Erc20::approveCall { spender: c, amount: u(2) }).expect("approve");
    t.send(b, Erc20::approveCall { spender: a, amount: u(3) }).expect("approve");
    assert_eq!([t.allowance(a, b), t.allowance(a, c), t.allowance(b, a), t.allowance(c, a)], [u(1), u(2), u(3), U256::ZERO]);
}

#[test]
fn stk_usdc_conforms_to_erc20() {
    Subject::stk_usdc().run_all("stkUSDC");
}

#[test]
fn the_suite_accepts_a_reference_erc20() {
    Subject::usdc().run_all("USDC");
}
