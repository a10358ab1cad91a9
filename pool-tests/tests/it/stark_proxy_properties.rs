//! Spec §6 INV-SP1, INV-SP2, INV-SP3, INV-SP6 and §7 items 32-33 over random sequences of proxy
//! actions in the pool's blackout window: exchange deposits and withdrawals, external withdrawals,
//! guardian approvals and restrictions, borrows, repayments, `autoPayOrBorrow` and new stakes. A model
//! tracks the approved amount and the funds on the exchange; every step checks the invariants.
//!
//! `PROPTEST_CASES` (default 24) sequences of `SP_PROPERTY_STEPS` (default 20) steps; the seed is fixed
//! (`PROPTEST_RNG_SEED` overrides it).

use std::cell::RefCell;

use alloy_primitives::U256;
use pool_tests::{
    devnode::Failure,
    proxy::{u, IStarkProxy as SP, Proxy, STARK_KEY},
    user,
};
use proptest::{
    prelude::*,
    test_runner::{Config, RngSeed, TestCaseError, TestRunner},
};

#[derive(Debug, Clone)]
enum Op {
    /// Deposit `percent` of the wallet (over 100: more than it holds).
    Deposit {
        percent: u64,
    },
    Withdraw,
    /// Withdraw `percent` of the wallet to the allowed recipient.
    ExternalWithdraw {
        percent: u64,
    },
    Approve {
        amount: u64,
    },
    ResetApproval,
    Restrict {
        restricted: bool,
    },
    Mint {
        amount: u64,
    },
    /// Borrow `percent` of what the proxy reports borrowable.
    Borrow {
        percent: u64,
    },
    /// Repay `percent` of the borrowed balance.
    Repay {
        percent: u64,
    },
    AutoPay,
    Stake {
        amount: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u64..=110).prop_map(|percent| Op::Deposit { percent }),
        2 => Just(Op::Withdraw),
        3 => (0u64..=110).prop_map(|percent| Op::ExternalWithdraw { percent }),
        2 => (0u64..200_000).prop_map(|amount| Op::Approve { amount }),
        1 => Just(Op::ResetApproval),
        2 => any::<bool>().prop_map(|restricted| Op::Restrict { restricted }),
        2 => (0u64..100_000).prop_map(|amount| Op::Mint { amount }),
        2 => (0u64..=100).prop_map(|percent| Op::Borrow { percent }),
        2 => (0u64..=100).prop_map(|percent| Op::Repay { percent }),
        3 => Just(Op::AutoPay),
        1 => (1u64..500_000).prop_map(|amount| Op::Stake { amount }),
    ]
}

struct Harness {
    p: Proxy,
    approved: U256,
    on_exchange: U256,
    restricted: bool,
}

fn percent_of(value: U256, percent: u64) -> U256 {
    value * u(percent) / u(100)
}

fn check(condition: bool, message: String) -> Result<(), TestCaseError> {
    if condition {
        Ok(())
    } else {
        Err(TestCaseError::fail(message))
    }
}

impl Harness {
    fn new() -> Self {
        let mut p = Proxy::new();
        let (s0, s1) = (user(&p.pool.node, 0), user(&p.pool.node, 1));
        p.pool.at_epoch(0, 0);
        p.pool.stake(s0, 250_000);
        p.pool.stake(s1, 750_000);
        let (owner, outsider) = (p.owner, p.outsider);
        p.send(owner, SP::allowExternalRecipientCall { recipient: outsider }).expect("allow recipient");
        p.pool.at_blackout(0);
        Self { p, approved: U256::ZERO, on_exchange: U256::ZERO, restricted: false }
    }

    fn owed(&mut self) -> U256 {
        let (borrowed, debt) = self.p.pool_view();
        borrowed + debt
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let (operator, guardian, outsider) = (self.p.operator, self.p.guardian, self.p.outsider);
        let key = u(STARK_KEY);
        match *op {
            Op::Deposit { percent } => {
                let balance = self.p.balance();
                let amount = percent_of(balance, percent);
                let call = SP::depositToExchangeCall { starkKey: key, assetType: U256::ZERO, vaultId: U256::ZERO, quantizedAmount: amount };
                match self.p.send(operator, call) {
                    Ok(receipt) => {
                        let spent = receipt.returns::<SP::depositToExchangeCall>();
                        check(spent == amount, format!("spent {spent} != {amount}"))?;
                        self.on_exchange += spent;
                        if self.restricted {
                            let (owed, balance) = (self.owed(), self.p.balance());
                            check(balance >= owed, format!("INV-SP2: restricted deposit left {balance} < {owed}"))?;
                        }
                    }
                    Err(failure) => {
                        let allowed = amount <= balance && !self.restricted;
                        check(!allowed, format!("deposit of {amount} failed: {failure:?}"))?;
                    }
                }
            }
            Op::Withdraw => {
                let receipt = self.p.send(operator, SP::withdrawFromExchangeCall { starkKey: key, assetType: U256::ZERO });
                let received =
                    receipt.map_err(|e| TestCaseError::fail(format!("withdraw: {e:?}")))?.returns::<SP::withdrawFromExchangeCall>();
                check(received == self.on_exchange, format!("received {received} != {}", self.on_exchange))?;
                self.on_exchange = U256::ZERO;
            }
            Op::ExternalWithdraw { percent } => {
                let balance = self.p.balance();
                let amount = percent_of(balance, percent);
                let owed = self.owed();
                let call = SP::externalWithdrawTokenCall { recipient: outsider, amount };
                match self.p.send(operator, call) {
                    Ok(_) if self.approved >= amount => self.approved -= amount,
                    Ok(_) => {
                        self.approved = U256::ZERO;
                        let (owed, balance) = (self.owed(), self.p.balance());
                        check(balance >= owed, format!("INV-SP1: withdrawal left {balance} < {owed}"))?;
                    }
                    Err(failure) => {
                        let allowed = amount <= balance && (self.approved >= amount || (balance > owed && amount <= balance - owed));
                        check(!allowed, format!("withdrawal of {amount} failed: {failure:?}"))?;
                    }
                }
            }
            Op::Approve { amount } => {
                let receipt = self.p.send(guardian, SP::increaseApprovedAmountForExternalWithdrawalCall { amount: u(amount) });
                let total = receipt
                    .map_err(|e| TestCaseError::fail(format!("approve: {e:?}")))?
                    .returns::<SP::increaseApprovedAmountForExternalWithdrawalCall>();
                self.approved += u(amount);
                check(total == self.approved, format!("approved {total} != {}", self.approved))?;
            }
            Op::ResetApproval => {
                let receipt = self.p.send(guardian, SP::resetApprovedAmountForExternalWithdrawalCall {});
                let previous = receipt
                    .map_err(|e| TestCaseError::fail(format!("reset: {e:?}")))?
                    .returns::<SP::resetApprovedAmountForExternalWithdrawalCall>();
                check(previous == self.approved, format!("previous {previous} != {}", self.approved))?;
                self.approved = U256::ZERO;
            }
            Op::Restrict { restricted } => {
                self.p
                    .send(guardian, SP::guardianSetBorrowingRestrictionCall { isBorrowingRestricted: restricted })
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                self.restricted = restricted;
            }
            Op::Mint { amount } => self.p.mint_to_proxy(amount),
            Op::Borrow { percent } => {
                let borrowable = self.p.get(SP::getBorrowableAmountCall {});
                let amount = percent_of(borrowable, percent).max(u(1));
                let result = self.p.send(operator, SP::borrowCall { amount });
                if self.restricted {
                    let reason = result.err().and_then(|f: Failure| f.reason());
                    check(
                        reason.as_deref() == Some("SP1Borrowing: Cannot borrow while Restricted"),
                        format!("INV-SP2: borrow while restricted: {reason:?}"),
                    )?;
                } else if amount <= borrowable {
                    result.map_err(|e| TestCaseError::fail(format!("borrow {amount} of {borrowable}: {e:?}")))?;
                }
            }
            Op::Repay { percent } => {
                let borrowed = self.p.get(SP::getBorrowedBalanceCall {});
                let amount = percent_of(borrowed, percent);
                let balance = self.p.balance();
                let result = self.p.send(operator, SP::repayBorrowCall { amount });
                if !amount.is_zero() && amount <= balance {
                    result.map_err(|e| TestCaseError::fail(format!("repay {amount}: {e:?}")))?;
                }
            }
            Op::AutoPay => match self.p.auto_pay() {
                Ok(((borrowed, _, _), _)) => {
                    check(!(self.restricted && !borrowed.is_zero()), "INV-SP2: autoPayOrBorrow borrowed while restricted".into())?;
                    let next = self.p.get(SP::getAllocatedBalanceNextEpochCall {});
                    let now = self.p.get(SP::getBorrowedBalanceCall {});
                    check(now <= next, format!("INV-SP3: borrowed {now} > next allocation {next}"))?;
                    let again = self.p.call(operator, SP::autoPayOrBorrowCall {}).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                    let zero = again.borrowed.is_zero() && again.repaidBorrow.is_zero() && again.repaidDebt.is_zero();
                    check(zero, "INV-SP3: an immediate repeat is not (0,0,0)".into())?;
                }
                Err(failure) => {
                    let reason = failure.reason();
                    check(
                        reason.as_deref() == Some("SP1Borrowing: Insufficient funds to avoid falling short on repayment"),
                        format!("autoPayOrBorrow failed: {reason:?}"),
                    )?;
                }
            },
            Op::Stake { amount } => {
                let staker = user(&self.p.pool.node, 2);
                self.p.pool.stake(staker, amount);
            }
        }
        let approved = self.p.get(SP::getApprovedAmountForExternalWithdrawalCall {});
        check(approved == self.approved, format!("INV-SP6: approved {approved} != model {}", self.approved))?;
        let token_balance = self.p.get(SP::getTokenBalanceCall {});
        let balance = self.p.balance();
        check(token_balance == balance, "getTokenBalance is the wallet balance".into())
    }
}

#[test]
fn stark_proxy_invariants_hold_over_random_sequences() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    let steps = std::env::var("SP_PROPERTY_STEPS").ok().and_then(|v| v.parse().ok()).unwrap_or(20usize);
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5717_u64);
    let config = Config { cases, rng_seed: RngSeed::Fixed(seed), failure_persistence: None, ..Config::default() };
    let start = RefCell::new(Harness::new());
    let snapshot = start.borrow().p.pool.node.snapshot();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), steps), |ops| {
        let mut harness = start.borrow_mut();
        harness.p.pool.node.revert(&snapshot);
        (harness.approved, harness.on_exchange, harness.restricted) = (U256::ZERO, U256::ZERO, false);
        for (step, op) in ops.iter().enumerate() {
            harness.apply(op).map_err(|e| TestCaseError::fail(format!("step {step} ({op:?}): {e}")))?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("seed {seed}: {e}");
    }
}
