//! Gas of the pool's operations on the devnode (Nitro's ink and EVM gas), next to the original
//! Solidity's on the same scenario (`../shared/reference/solidity-baseline-gas.md`, London, sections
//! 1-8 of its main scenario without section 3, the stkUSDC transfers, which live in the stkUSDC
//! contract here; so in section 8 every staker withdraws and the shortfall is all that b1 borrowed).
//! Prints a Markdown table; `scripts/bench.sh` puts it in the README.
//!
//! Each operation runs twice from the same state: with the programs (pool and test tokens) not cached
//! (every call pays each program's full init cost, as on a chain where they are not in the
//! CacheManager) and cached.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use pool_tests::{user, ILiquidityStakingV1 as LS, Pool, Setup, DAY};

/// USDC with 6 decimals.
fn usdc(amount: u64) -> U256 {
    U256::from(amount) * U256::from(1_000_000u64)
}

struct Row {
    operation: &'static str,
    uncached: u64,
    cached: u64,
    solidity: u64,
}

/// Runs `call` from `from` uncached and cached (from the same state), then keeps the uncached run.
fn measure<C: SolCall + Clone>(pool: &mut Pool, rows: &mut Vec<Row>, operation: &'static str, solidity: u64, from: Address, call: C) {
    let before = pool.node.snapshot();
    set_cached(pool, true);
    let cached = pool.send(from, call.clone()).unwrap_or_else(|e| panic!("{operation}: {e:?}")).gas_used;
    pool.node.revert(&before);
    set_cached(pool, false);
    let uncached = pool.send(from, call).unwrap_or_else(|e| panic!("{operation}: {e:?}")).gas_used;
    rows.push(Row { operation, uncached, cached, solidity });
}

fn set_cached(pool: &mut Pool, cached: bool) {
    let programs: Vec<Address> = [pool.address, pool.usdc, pool.dydx].into_iter().chain(pool.facets.iter().map(|(_, a)| *a)).collect();
    for program in programs {
        pool.node.set_cached(program, cached).expect("set_cached");
    }
}

fn main() {
    let mut pool = Pool::deploy(Setup { distribution_start: -(DAY as i64), ..Setup::default() });
    let (owner, a, b, d, f) = (pool.owner, user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2), user(&pool.node, 3));
    let b1 = user(&pool.node, 4);
    let others = [0xb2, 0xb3, 0xb4, 0xb5].map(Address::repeat_byte);
    let borrowers: Vec<Address> = std::iter::once(b1).chain(others).collect();
    let mut rows = Vec::new();
    let (interval, offset, blackout) = (U256::from(28 * DAY), U256::from(pool.offset), U256::from(14 * DAY));
    measure(&mut pool, &mut rows, "initialize(28d, offset, 14d)", 405_314, owner, LS::initializeCall { interval, offset, blackoutWindow: blackout });
    let rate = U256::from(100_000_000_000_000_000u64);
    measure(&mut pool, &mut rows, "setRewardsPerSecond (before epoch 0)", 58_634, owner, LS::setRewardsPerSecondCall { emissionPerSecond: rate });
    let allocate = |units: [u64; 5], with_zero: bool| {
        let mut list = borrowers.clone();
        let mut values: Vec<U256> = units.iter().map(|u| U256::from(*u)).collect();
        if with_zero {
            list.push(Address::ZERO);
            values.push(U256::ZERO);
        }
        LS::setBorrowerAllocationsCall { borrowers: list, newAllocations: values }
    };
    let first = allocate([2_500, 2_500, 2_000, 2_000, 1_000], true);
    measure(&mut pool, &mut rows, "setBorrowerAllocations, 5 borrowers + address(0) (before epoch 0)", 170_604, owner, first);
    for (account, amount) in [(a, 1_500), (b, 2_000), (f, 1_100), (b1, 5_000)] {
        pool.fund(account, usdc(amount).to());
    }

    pool.at_epoch(0, 3_600);
    measure(&mut pool, &mut rows, "stake 1000, first staker of the pool", 134_669, a, LS::stakeCall { amount: usdc(1_000) });
    measure(&mut pool, &mut rows, "stake 500, second stake", 126_993, a, LS::stakeCall { amount: usdc(500) });
    measure(&mut pool, &mut rows, "stake 2000, new staker", 123_403, b, LS::stakeCall { amount: usdc(2_000) });
    measure(&mut pool, &mut rows, "stakeFor new staker 1000", 123_921, f, LS::stakeForCall { staker: d, amount: usdc(1_000) });
    measure(&mut pool, &mut rows, "stakeFor existing staker 100", 110_411, f, LS::stakeForCall { staker: d, amount: usdc(100) });

    pool.node.advance(DAY);
    measure(&mut pool, &mut rows, "requestWithdrawal 300 (first request)", 100_630, a, LS::requestWithdrawalCall { amount: usdc(300) });
    measure(&mut pool, &mut rows, "requestWithdrawal 100 (same epoch)", 66_546, a, LS::requestWithdrawalCall { amount: usdc(100) });

    pool.node.advance(DAY);
    measure(&mut pool, &mut rows, "claimRewards after a day (first DYDX receipt)", 97_574, a, LS::claimRewardsCall { recipient: a });
    pool.node.advance(3_600);
    measure(&mut pool, &mut rows, "claimRewards again an hour later", 84_140, a, LS::claimRewardsCall { recipient: a });

    let change = allocate([2_500, 2_500, 2_000, 1_500, 1_500], false);
    measure(&mut pool, &mut rows, "setBorrowerAllocations, 5 borrowers (epoch 0)", 79_091, owner, change);
    let back = allocate([2_500, 2_500, 2_000, 2_000, 1_000], false);
    measure(&mut pool, &mut rows, "setBorrowerAllocations, 5 borrowers back (epoch 0)", 79_091, owner, back);
    measure(&mut pool, &mut rows, "borrow 500 (first borrow)", 113_039, b1, LS::borrowCall { amount: usdc(500) });
    measure(&mut pool, &mut rows, "borrow 100 (second borrow)", 78_839, b1, LS::borrowCall { amount: usdc(100) });
    measure(&mut pool, &mut rows, "repayBorrow 300", 61_591, b1, LS::repayBorrowCall { borrower: b1, amount: usdc(300) });

    pool.at_epoch(1, 3_600);
    measure(&mut pool, &mut rows, "withdrawStake 150 (first tx of epoch 1)", 72_948, a, LS::withdrawStakeCall { recipient: a, amount: usdc(150) });
    measure(&mut pool, &mut rows, "withdrawMaxStake (250)", 75_608, a, LS::withdrawMaxStakeCall { recipient: a });

    // Epoch 1: b1 borrows its whole allocation and every staker asks for everything back.
    let room = pool.get(LS::getBorrowableAmountCall { borrower: b1 });
    pool.send(b1, LS::borrowCall { amount: room }).expect("borrow the allocation");
    for staker in [a, b, d] {
        let amount = pool.get(LS::getActiveBalanceNextEpochCall { staker });
        pool.send(staker, LS::requestWithdrawalCall { amount }).expect("request everything");
    }
    pool.at_epoch(2, 3_600);
    measure(&mut pool, &mut rows, "markDebt([b1]), 1 overdue borrower (first tx of epoch 2)", 176_348, b, LS::markDebtCall { borrowers: vec![b1] });
    let debt = pool.get(LS::getBorrowerDebtBalanceCall { borrower: b1 });
    measure(&mut pool, &mut rows, "repayDebt(b1, full debt)", 74_113, b1, LS::repayDebtCall { borrower: b1, amount: debt });
    let owed = pool.get(LS::getStakerDebtBalanceCall { staker: b });
    let half = owed / U256::from(2);
    measure(&mut pool, &mut rows, "withdrawDebt half (first touch after the shortfall)", 91_040, b, LS::withdrawDebtCall { recipient: b, amount: half });
    measure(&mut pool, &mut rows, "withdrawDebt the rest", 58_457, b, LS::withdrawDebtCall { recipient: b, amount: owed - half });
    measure(&mut pool, &mut rows, "withdrawMaxStake after the shortfall", 75_608, b, LS::withdrawMaxStakeCall { recipient: b });

    println!("| operation | Stylus, programs not cached | Stylus, cached | Solidity (London) | cached vs Solidity |");
    println!("|---|---:|---:|---:|---:|");
    for row in &rows {
        let delta = (row.cached as f64 / row.solidity as f64 - 1.0) * 100.0;
        println!("| {} | {} | {} | {} | {:+.0} % |", row.operation, group(row.uncached), group(row.cached), group(row.solidity), delta);
    }
}

/// `1234567` as `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
