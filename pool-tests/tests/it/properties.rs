//! Spec §6: random sequences of staker (stkUSDC transfers included), borrower and governance actions with time advances, with the
//! pool's invariants checked after every step, and at the end a full exit: borrowers repay, every
//! staker leaves, and each gets exactly what the getters promised (D11: nothing stays locked).
//!
//! `PROPTEST_CASES` (default 256) sequences of `LS1_PROPERTY_STEPS` (default 50) steps; the seed is
//! printed when a case fails (rerun with `PROPTEST_RNG_SEED=<seed>`).

use std::cell::RefCell;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use bindings::ITestToken;
use pool_tests::{devnode::Receipt, user, ILiquidityStakingV1 as LS, IStkUsdc, Pool, DAY};
use proptest::{
    prelude::*,
    test_runner::{Config, RngSeed, TestCaseError, TestRunner},
};

const STAKERS: usize = 4;
const BORROWERS: usize = 3;
/// Allocations at the start: address(0) keeps none.
const ALLOCATIONS: [u64; BORROWERS] = [4_000, 3_500, 2_500];
/// Rewards per second.
const RATE: u64 = 1_000_000_000;

/// One action of the sequence; percentages are of what the getters say is possible.
#[derive(Debug, Clone)]
enum Op {
    Stake {
        staker: usize,
        amount: u64,
    },
    RequestWithdrawal {
        staker: usize,
        percent: u64,
    },
    WithdrawStake {
        staker: usize,
        percent: u64,
    },
    WithdrawMaxStake {
        staker: usize,
    },
    WithdrawDebt {
        staker: usize,
        percent: u64,
    },
    ClaimRewards {
        staker: usize,
    },
    /// stkUSDC transfer of `percent` of `from`'s transferable balance (over it when `percent` > 100).
    Transfer {
        from: usize,
        to: usize,
        percent: u64,
    },
    Borrow {
        borrower: usize,
        percent: u64,
    },
    RepayBorrow {
        borrower: usize,
        percent: u64,
    },
    RepayDebt {
        borrower: usize,
        percent: u64,
    },
    MarkDebt {
        first: usize,
    },
    RestrictBorrower {
        borrower: usize,
    },
    Unrestrict {
        borrower: usize,
    },
    /// Moves `units` of next-epoch allocation from bucket `from` to bucket `to` (bucket 3 is address(0)).
    MoveAllocation {
        from: usize,
        to: usize,
        units: u64,
    },
    Advance {
        seconds: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let staker = 0..STAKERS;
    let borrower = 0..BORROWERS;
    let percent = 0u64..=100;
    prop_oneof![
        4 => (staker.clone(), 0u64..2_000_000).prop_map(|(staker, amount)| Op::Stake { staker, amount }),
        3 => (staker.clone(), percent.clone()).prop_map(|(staker, percent)| Op::RequestWithdrawal { staker, percent }),
        2 => (staker.clone(), percent.clone()).prop_map(|(staker, percent)| Op::WithdrawStake { staker, percent }),
        1 => staker.clone().prop_map(|staker| Op::WithdrawMaxStake { staker }),
        2 => (staker.clone(), percent.clone()).prop_map(|(staker, percent)| Op::WithdrawDebt { staker, percent }),
        1 => staker.clone().prop_map(|staker| Op::ClaimRewards { staker }),
        2 => (staker.clone(), staker, 0u64..=110).prop_map(|(from, to, percent)| Op::Transfer { from, to, percent }),
        4 => (borrower.clone(), percent.clone()).prop_map(|(borrower, percent)| Op::Borrow { borrower, percent }),
        2 => (borrower.clone(), percent.clone()).prop_map(|(borrower, percent)| Op::RepayBorrow { borrower, percent }),
        2 => (borrower.clone(), percent).prop_map(|(borrower, percent)| Op::RepayDebt { borrower, percent }),
        2 => borrower.clone().prop_map(|first| Op::MarkDebt { first }),
        1 => borrower.clone().prop_map(|borrower| Op::RestrictBorrower { borrower }),
        1 => borrower.prop_map(|borrower| Op::Unrestrict { borrower }),
        1 => (0..=BORROWERS, 0..=BORROWERS, 0u64..3_000).prop_map(|(from, to, units)| Op::MoveAllocation { from, to, units }),
        4 => (0u64..20 * DAY).prop_map(|seconds| Op::Advance { seconds }),
    ]
}

/// The pool and the ghost values the invariants need.
struct Harness {
    pool: Pool,
    stakers: [Address; STAKERS],
    borrowers: [Address; BORROWERS],
    /// Σ over markDebt of (Σ DebtMarked amounts − converted amount): borrowers' rounding surplus.
    surplus: U256,
    /// Σ repayDebt − Σ withdrawDebt.
    debt_available: U256,
    /// Rewards paid so far.
    claimed: U256,
    /// Highest epoch seen.
    epoch: U256,
}

/// What went wrong, with the step it happened at.
type Check = Result<(), TestCaseError>;

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

fn ensure(condition: bool, message: impl FnOnce() -> String) -> Check {
    if condition {
        Ok(())
    } else {
        Err(fail(message()))
    }
}

fn pct(value: U256, percent: u64) -> U256 {
    value * U256::from(percent) / U256::from(100)
}

impl Harness {
    /// A pool at the start of epoch zero with allocations, a rewards rate, and funded actors.
    fn new() -> Self {
        let mut pool = Pool::new();
        let stakers = std::array::from_fn(|i| user(&pool.node, i));
        let borrowers = std::array::from_fn(|i| user(&pool.node, STAKERS + i));
        let owner = pool.owner;
        let mut list = vec![Address::ZERO];
        list.extend(borrowers);
        let mut units = vec![U256::ZERO];
        units.extend(ALLOCATIONS.map(U256::from));
        pool.send(owner, LS::setBorrowerAllocationsCall { borrowers: list, newAllocations: units }).expect("allocations");
        pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: U256::from(RATE) }).expect("rate");
        for account in stakers.iter().chain(&borrowers) {
            pool.fund(*account, 1_000_000_000_000);
        }
        pool.at_epoch(0, 0);
        Self { pool, stakers, borrowers, surplus: U256::ZERO, debt_available: U256::ZERO, claimed: U256::ZERO, epoch: U256::ZERO }
    }

    fn get<C: SolCall>(&mut self, call: C) -> C::Return {
        self.pool.get(call)
    }

    /// Sends `call` from `from`; returns the receipt, or `None` if it reverted with a reason. A halt
    /// or a revert without reason fails the case.
    fn send<C: SolCall>(&mut self, from: Address, call: C) -> Result<Option<Receipt>, TestCaseError> {
        match self.pool.send(from, call) {
            Ok(receipt) => Ok(Some(receipt)),
            Err(failure) if failure.reason().is_some() => Ok(None),
            Err(failure) => Err(fail(format!("{} failed without a reason: {failure:?}", C::SIGNATURE))),
        }
    }

    /// Sends `call`, which must succeed.
    fn must<C: SolCall>(&mut self, from: Address, call: C) -> Result<Receipt, TestCaseError> {
        let name = C::SIGNATURE;
        self.pool.send(from, call).map_err(|e| fail(format!("{name} should succeed: {:?} {e:?}", e.reason())))
    }

    fn apply(&mut self, op: &Op) -> Check {
        match *op {
            Op::Stake { staker, amount } => {
                self.must(self.stakers[staker], LS::stakeCall { amount: U256::from(amount) })?;
            }
            Op::RequestWithdrawal { staker, percent } => {
                let who = self.stakers[staker];
                let amount = pct(self.get(LS::getActiveBalanceNextEpochCall { staker: who }), percent);
                if self.get(LS::inBlackoutWindowCall {}) {
                    ensure(self.send(who, LS::requestWithdrawalCall { amount })?.is_none(), || "request in blackout".into())?;
                } else {
                    self.must(who, LS::requestWithdrawalCall { amount })?;
                }
            }
            Op::WithdrawStake { staker, percent } => {
                let who = self.stakers[staker];
                let amount = pct(self.get(LS::getStakeAvailableToWithdrawCall { staker: who }), percent);
                self.must(who, LS::withdrawStakeCall { recipient: who, amount })?;
            }
            Op::WithdrawMaxStake { staker } => {
                let who = self.stakers[staker];
                self.must(who, LS::withdrawMaxStakeCall { recipient: who })?;
            }
            Op::WithdrawDebt { staker, percent } => {
                let who = self.stakers[staker];
                let amount = pct(self.get(LS::getDebtAvailableToWithdrawCall { staker: who }), percent);
                self.must(who, LS::withdrawDebtCall { recipient: who, amount })?;
                self.debt_available -= amount;
            }
            Op::ClaimRewards { staker } => {
                let who = self.stakers[staker];
                let receipt = self.must(who, LS::claimRewardsCall { recipient: who })?;
                self.claimed += receipt.returns::<LS::claimRewardsCall>();
            }
            Op::Transfer { from, to, percent } => {
                let (from, to) = (self.stakers[from], self.stakers[to]);
                let transferable = self.get(LS::getTransferableBalanceCall { staker: from });
                let amount = pct(transferable, percent);
                let done = self.pool.send_stk(from, IStkUsdc::transferCall { recipient: to, amount }).is_ok();
                ensure(done == (amount <= transferable), || format!("transfer of {amount} with {transferable} transferable: ok={done}"))?;
            }
            Op::Borrow { borrower, percent } => {
                let who = self.borrowers[borrower];
                let amount = pct(self.get(LS::getBorrowableAmountCall { borrower: who }), percent);
                if !amount.is_zero() {
                    self.must(who, LS::borrowCall { amount })?;
                }
            }
            Op::RepayBorrow { borrower, percent } => {
                let who = self.borrowers[borrower];
                let amount = pct(self.get(LS::getBorrowedBalanceCall { borrower: who }), percent);
                if !amount.is_zero() {
                    self.must(who, LS::repayBorrowCall { borrower: who, amount })?;
                }
            }
            Op::RepayDebt { borrower, percent } => {
                let who = self.borrowers[borrower];
                let amount = pct(self.get(LS::getBorrowerDebtBalanceCall { borrower: who }), percent);
                if !amount.is_zero() {
                    self.must(who, LS::repayDebtCall { borrower: who, amount })?;
                    self.debt_available += amount;
                }
            }
            Op::MarkDebt { first } => {
                let list: Vec<Address> = (0..BORROWERS).map(|i| self.borrowers[(first + i) % BORROWERS]).collect();
                let anyone = self.stakers[0];
                if let Some(receipt) = self.send(anyone, LS::markDebtCall { borrowers: list })? {
                    let charged: U256 = receipt.events::<LS::DebtMarked>().iter().map(|e| e.amount).sum();
                    let converted = receipt.events::<LS::ConvertedInactiveBalancesToDebt>();
                    ensure(converted.len() == 1, || "one conversion per markDebt".into())?;
                    let shortfall = receipt.returns::<LS::markDebtCall>();
                    ensure(charged == shortfall, || format!("D11: borrowers charged {charged} for a shortfall of {shortfall}"))?;
                    self.surplus += charged - converted[0].shortfallAmount;
                    ensure(self.get(LS::getTotalBorrowedBalanceCall {}) <= self.get(LS::getTotalActiveBalanceCurrentEpochCall {}), || {
                        "a shortfall remains after markDebt".into()
                    })?;
                }
            }
            Op::RestrictBorrower { borrower } => {
                let who = self.borrowers[borrower];
                let overdue = self.get(LS::isBorrowerOverdueCall { borrower: who });
                let done = self.send(self.stakers[0], LS::restrictBorrowerCall { borrower: who })?.is_some();
                ensure(done == overdue, || format!("restrictBorrower succeeded={done} but overdue={overdue}"))?;
            }
            Op::Unrestrict { borrower } => {
                let (owner, who) = (self.pool.owner, self.borrowers[borrower]);
                self.must(owner, LS::setBorrowingRestrictionCall { borrower: who, isBorrowingRestricted: false })?;
            }
            Op::MoveAllocation { from, to, units } => {
                let bucket = |h: &Self, i: usize| if i == BORROWERS { Address::ZERO } else { h.borrowers[i] };
                let (a, b) = (bucket(self, from), bucket(self, to));
                if a != b {
                    let (next_a, next_b) = (
                        self.get(LS::getAllocationFractionNextEpochCall { borrower: a }),
                        self.get(LS::getAllocationFractionNextEpochCall { borrower: b }),
                    );
                    let units = U256::from(units).min(next_a);
                    let call =
                        LS::setBorrowerAllocationsCall { borrowers: vec![a, b], newAllocations: vec![next_a - units, next_b + units] };
                    let owner = self.pool.owner;
                    let blackout = self.get(LS::inBlackoutWindowCall {});
                    ensure(self.send(owner, call)?.is_some() != blackout, || "allocations move exactly outside the blackout".into())?;
                }
            }
            Op::Advance { seconds } => self.pool.node.advance(seconds),
        }
        Ok(())
    }

    /// Spec §6 invariants, read through the public getters.
    fn check(&mut self) -> Check {
        let a_c = self.get(LS::getTotalActiveBalanceCurrentEpochCall {});
        let a_n = self.get(LS::getTotalActiveBalanceNextEpochCall {});
        let x_c = self.get(LS::getTotalInactiveBalanceCurrentEpochCall {});
        let x_n = self.get(LS::getTotalInactiveBalanceNextEpochCall {});
        let borrowed = self.get(LS::getTotalBorrowedBalanceCall {});
        let borrower_debt = self.get(LS::getTotalBorrowerDebtBalanceCall {});
        let da = self.get(LS::getTotalDebtAvailableToWithdrawCall {});
        let (owner, usdc, address) = (self.pool.owner, self.pool.usdc, self.pool.address);
        let tokens = self.pool.node.call(owner, usdc, ITestToken::balanceOfCall { account: address }).expect("balanceOf");

        ensure(a_c + x_c == a_n + x_n, || format!("INV-C1: {a_c} + {x_c} != {a_n} + {x_n}"))?;
        ensure(tokens + borrowed - da + self.surplus == a_c + x_c, || {
            format!("INV-C2: T {tokens} + B {borrowed} - DA {da} + S {} != A {a_c} + X {x_c}", self.surplus)
        })?;
        ensure(da <= tokens, || "INV-C3: DA > T".into())?;
        ensure(da == self.debt_available, || format!("INV-D3: DA {da} != ghost {}", self.debt_available))?;
        ensure(a_c >= a_n && x_n >= x_c, || "INV-B3 on the totals".into())?;
        ensure(self.get(LS::totalSupplyCall {}) == a_c + x_c, || "INV-B4: totalSupply".into())?;
        let supply = self.pool.node.call(owner, self.pool.stk_usdc, IStkUsdc::totalSupplyCall {});
        ensure(supply.ok() == Some(a_c + x_c), || "D1: stkUSDC totalSupply = the pool's".into())?;

        let [mut sum_a_c, mut sum_a_n, mut sum_x_c, mut sum_x_n, mut sum_debt, mut sum_balance] = [U256::ZERO; 6];
        for staker in self.stakers {
            let active =
                (self.get(LS::getActiveBalanceCurrentEpochCall { staker }), self.get(LS::getActiveBalanceNextEpochCall { staker }));
            let inactive =
                (self.get(LS::getInactiveBalanceCurrentEpochCall { staker }), self.get(LS::getInactiveBalanceNextEpochCall { staker }));
            ensure(active.0 >= active.1 && inactive.1 >= inactive.0, || format!("INV-B3 for {staker}: {active:?} {inactive:?}"))?;
            ensure(self.get(LS::getTransferableBalanceCall { staker }) == active.1, || "INV-B4: transferable".into())?;
            let balance = self.get(LS::balanceOfCall { account: staker });
            ensure(balance == active.0 + inactive.0, || "balanceOf = active + inactive".into())?;
            let token_balance = self.pool.node.call(owner, self.pool.stk_usdc, IStkUsdc::balanceOfCall { account: staker });
            ensure(token_balance.ok() == Some(balance), || "D1: stkUSDC balanceOf = the pool's".into())?;
            let debt = self.get(LS::getStakerDebtBalanceCall { staker });
            (sum_a_c, sum_a_n, sum_x_c, sum_x_n) = (sum_a_c + active.0, sum_a_n + active.1, sum_x_c + inactive.0, sum_x_n + inactive.1);
            sum_debt += debt;
            sum_balance += balance;

            // What the getters promise is what a withdrawal pays (simulated, nothing is sent).
            let available = self.get(LS::getStakeAvailableToWithdrawCall { staker });
            let paid = self.pool.node.call(staker, address, LS::withdrawMaxStakeCall { recipient: staker });
            ensure(paid.as_ref().ok() == Some(&available), || format!("withdrawMaxStake of {staker}: {paid:?} != {available}"))?;
            let available = self.get(LS::getDebtAvailableToWithdrawCall { staker });
            let paid = self.pool.node.call(staker, address, LS::withdrawMaxDebtCall { recipient: staker });
            ensure(paid.as_ref().ok() == Some(&available), || format!("withdrawMaxDebt of {staker}: {paid:?} != {available}"))?;
        }
        ensure(a_c == sum_a_c && a_n == sum_a_n, || format!("INV-B1: {a_c}/{a_n} vs {sum_a_c}/{sum_a_n}"))?;
        ensure(x_c >= sum_x_c && x_n >= sum_x_n && x_c - sum_x_c == x_n - sum_x_n, || {
            format!("INV-B2: {x_c}/{x_n} vs {sum_x_c}/{sum_x_n}")
        })?;
        ensure(a_c + x_c >= sum_balance, || "INV-B4: Σ balanceOf".into())?;
        ensure(sum_debt <= borrower_debt + da, || format!("INV-D2 (D11): stakers are owed {sum_debt} > BD {borrower_debt} + DA {da}"))?;

        let [mut sum_borrowed, mut sum_borrower_debt, mut units_current, mut units_next] = [U256::ZERO; 4];
        for borrower in self.borrowers {
            let state = self.get(LS::getBorrowerStateCall { borrower });
            let getters = (
                self.get(LS::inBlackoutWindowCall {}),
                self.get(LS::getBorrowedBalanceCall { borrower }),
                self.get(LS::getAllocatedBalanceNextEpochCall { borrower }),
                self.get(LS::getBorrowableAmountCall { borrower }),
                self.get(LS::getBorrowerDebtBalanceCall { borrower }),
            );
            let one_call =
                (state.inBlackoutWindow, state.borrowedBalance, state.allocatedBalanceNextEpoch, state.borrowableAmount, state.debtBalance);
            ensure(one_call == getters, || format!("D17 for {borrower}: getBorrowerState {one_call:?} != the getters {getters:?}"))?;
            sum_borrowed += getters.1;
            sum_borrower_debt += getters.4;
            units_current += self.get(LS::getAllocationFractionCurrentEpochCall { borrower });
            units_next += self.get(LS::getAllocationFractionNextEpochCall { borrower });
            let m = self.get(LS::getBorrowableAmountCall { borrower });
            if !m.is_zero() {
                let exact = self.pool.node.call(borrower, address, LS::borrowCall { amount: m }).is_ok();
                let over = self.pool.node.call(borrower, address, LS::borrowCall { amount: m + U256::from(1) }).is_ok();
                ensure(exact && !over, || format!("INV-A4 for {borrower}: borrow({m}) ok={exact}, borrow(m+1) ok={over}"))?;
            }
        }
        units_current += self.get(LS::getAllocationFractionCurrentEpochCall { borrower: Address::ZERO });
        units_next += self.get(LS::getAllocationFractionNextEpochCall { borrower: Address::ZERO });
        ensure(borrowed == sum_borrowed && borrower_debt == sum_borrower_debt, || "INV-D1".into())?;
        let total = U256::from(10_000);
        ensure(units_current == total && units_next == total, || format!("INV-A1 (D6): {units_current} / {units_next}"))?;

        let count = self.get(LS::getShortfallCountCall {});
        let epoch = self.get(LS::getCurrentEpochCall {});
        ensure(epoch >= self.epoch, || "INV-E1: the epoch went back".into())?;
        self.epoch = epoch;
        let mut previous = 0u16;
        for i in 0..count.to::<u64>() {
            let shortfall = self.get(LS::getShortfallCall { shortfallCounter: U256::from(i) });
            let index = U256::from(shortfall.index);
            ensure(shortfall.epoch >= previous && U256::from(shortfall.epoch) <= epoch, || "INV-D5: shortfall epochs".into())?;
            ensure(index < U256::from(10).pow(U256::from(36)), || "INV-D5: index".into())?;
            previous = shortfall.epoch;
        }
        Ok(())
    }

    /// Everyone leaves: borrowers repay all, stakers request everything, and after the boundary
    /// every staker withdraws its whole inactive balance and its whole debt (D11).
    fn exit(&mut self) -> Check {
        for borrower in self.borrowers {
            let borrowed = self.get(LS::getBorrowedBalanceCall { borrower });
            if !borrowed.is_zero() {
                self.must(borrower, LS::repayBorrowCall { borrower, amount: borrowed })?;
            }
            let debt = self.get(LS::getBorrowerDebtBalanceCall { borrower });
            if !debt.is_zero() {
                self.must(borrower, LS::repayDebtCall { borrower, amount: debt })?;
                self.debt_available += debt;
            }
        }
        if self.get(LS::inBlackoutWindowCall {}) {
            let next = self.get(LS::getTimeRemainingInCurrentEpochCall {});
            self.pool.node.advance(next.to::<u64>());
        }
        for staker in self.stakers {
            let amount = self.get(LS::getActiveBalanceNextEpochCall { staker });
            self.must(staker, LS::requestWithdrawalCall { amount })?;
        }
        let next = self.get(LS::getTimeRemainingInCurrentEpochCall {});
        self.pool.node.advance(next.to::<u64>());
        self.check()?;
        for staker in self.stakers {
            let inactive = self.get(LS::getInactiveBalanceCurrentEpochCall { staker });
            let receipt = self.must(staker, LS::withdrawMaxStakeCall { recipient: staker })?;
            let paid = receipt.returns::<LS::withdrawMaxStakeCall>();
            ensure(paid == inactive, || format!("{staker} withdrew {paid} of its inactive {inactive}"))?;
            let debt = self.get(LS::getStakerDebtBalanceCall { staker });
            let receipt = self.must(staker, LS::withdrawMaxDebtCall { recipient: staker })?;
            let paid = receipt.returns::<LS::withdrawMaxDebtCall>();
            ensure(paid == debt, || format!("D11: {staker} withdrew {paid} of its debt {debt}"))?;
            self.debt_available -= paid;
            let claim = self.must(staker, LS::claimRewardsCall { recipient: staker })?;
            self.claimed += claim.returns::<LS::claimRewardsCall>();
        }
        let elapsed = U256::from(self.pool.node.timestamp() - self.pool.offset);
        ensure(self.claimed <= elapsed * U256::from(RATE), || format!("INV-R3: paid {} over {elapsed} s", self.claimed))?;
        self.check()
    }
}

#[test]
fn invariants_hold_over_random_sequences() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    let steps = std::env::var("LS1_PROPERTY_STEPS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(rand_seed);
    println!("property seed: {seed} (rerun with PROPTEST_RNG_SEED={seed}); {cases} sequences of {steps} steps");
    let config = Config { cases, rng_seed: RngSeed::Fixed(seed), failure_persistence: None, ..Config::default() };
    let start = RefCell::new(Harness::new());
    let snapshot = start.borrow().pool.node.snapshot();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), steps), |ops| {
        let mut harness = start.borrow_mut();
        harness.pool.node.revert(&snapshot);
        (harness.surplus, harness.debt_available, harness.claimed, harness.epoch) = Default::default();
        for (step, op) in ops.iter().enumerate() {
            harness.apply(op).and_then(|()| harness.check()).map_err(|e| fail(format!("step {step} ({op:?}): {e}")))?;
        }
        harness.exit().map_err(|e| fail(format!("exit: {e}")))
    });
    if let Err(error) = result {
        panic!("seed {seed}: {error}");
    }
}

/// A seed from the clock, for runs without `PROPTEST_RNG_SEED`.
fn rand_seed() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}
