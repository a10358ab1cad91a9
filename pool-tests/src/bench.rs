//! The gas benchmark's scenarios (`examples/pool_gas.rs` prints them): the Solidity baseline's
//! scenario replayed on the devnode (`docs/reference/solidity-baseline-gas.md`), each operation run
//! cached and not cached from the same state. Recording the frames of the cached runs
//! ([`record_frames`]) gives Nitro's runtime what it needs to replay them (issue 19).

use std::sync::Mutex;

use crate::{
    proxy::{IStarkProxy as SP, Proxy, STARK_KEY},
    user, ILiquidityStakingV1 as LS, IStkUsdc, Pool, Setup, DAY,
};
use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{SolCall, SolValue};
use bindings::IMockStarkPerpetual;
use bindings::ITestToken;
use devnode::{ArbWasmCache, Devnode, Failure, FrameRecord, FunctionInk, Receipt, ARBWASM_CACHE, CHAIN_OWNER};

/// USDC with 6 decimals.
fn usdc(amount: u64) -> U256 {
    U256::from(amount) * U256::from(1_000_000u64)
}

/// 0.1 DYDX per second, as the baseline.
fn rate() -> U256 {
    U256::from(100_000_000_000_000_000u64)
}

/// Seconds between the baseline's blocks (one transaction per block): the clock moves this much
/// before each measured transaction, so that the rewards index moves between them as it did there.
const BLOCK_TIME: u64 = 12;

/// The frames of the cached runs, labelled by operation, while recording.
static FRAMES: Mutex<Option<Vec<(String, FrameRecord)>>> = Mutex::new(None);

/// Records every Stylus frame of the cached runs from now on (issue 19), or stops.
pub fn record_frames(on: bool) {
    *FRAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = on.then(Vec::new);
}

/// The frames recorded so far, each labelled `<operation> / frame <i>`.
pub fn take_frames() -> Vec<(String, FrameRecord)> {
    FRAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut().map(std::mem::take).unwrap_or_default()
}

/// The programs' functions' ink in the cached runs, labelled by operation, while profiling.
static PROFILE: Mutex<Option<Vec<(String, FunctionInk)>>> = Mutex::new(None);

/// Profiles the programs' functions (`Devnode::profile_functions`) in the cached runs of the
/// scenarios started from now on, or stops (`scripts/profile.sh`).
pub fn profile_functions(on: bool) {
    *PROFILE.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = on.then(Vec::new);
}

/// The profile so far: what each function spent in each operation's cached run.
pub fn take_profile() -> Vec<(String, FunctionInk)> {
    PROFILE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut().map(std::mem::take).unwrap_or_default()
}

/// One operation's gas: not cached, cached, its floor, and the Solidity original's.
#[derive(Clone, Debug)]
pub struct Row {
    /// What the row measures.
    pub operation: String,
    /// Gas with every program paying its full entry cost.
    pub uncached: u64,
    /// Gas with every program cached.
    pub cached: u64,
    /// The EVM work of the cached run (its gas less what programs spent on their own execution).
    pub floor: u64,
    /// Of the cached run's Stylus part, the programs' entries (memory included).
    pub entries: u64,
    /// Of the cached run's Stylus part, the host calls' own ink (their EVM work aside); the rest is WASM.
    pub host_calls: u64,
    /// The original's gas in the baseline (0: none).
    pub solidity: u64,
}

/// Where a call goes.
#[derive(Clone, Copy)]
enum To {
    Pool,
    StkUsdc,
    /// Another program (a StarkProxy).
    Program(Address),
}

/// A deployed pool and the rows measured on it.
struct Bench {
    pool: Pool,
    rows: Vec<Row>,
    /// Programs beyond the pool's that the scenario calls (a StarkProxy and its facets).
    extra: Vec<Address>,
}

impl Bench {
    /// A fresh pool as the baseline deploys it: distribution from deployment for five years, epoch zero
    /// a day later, not initialized yet.
    fn new() -> Self {
        let mut node = Devnode::new();
        node.profile_functions(PROFILE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_some());
        let owner = node.account(1);
        let usdc = deploy_token(&mut node, owner, "USD Coin", "USDC", 6);
        let dydx = deploy_token(&mut node, owner, "dYdX", "DYDX", 18);
        let pool = Pool::deploy_on(node, Setup { distribution_start: -(DAY as i64), ..Setup::default() }, usdc, dydx);
        Self { pool, rows: Vec::new(), extra: Vec::new() }
    }

    /// A fresh pool, initialized, rewarding 0.1 DYDX per second, stkUSDC linked.
    fn initialized() -> Self {
        let mut bench = Self::new();
        bench.initialize();
        bench.link();
        let owner = bench.pool.owner;
        bench.pool.send(owner, LS::setRewardsPerSecondCall { emissionPerSecond: rate() }).expect("setRewardsPerSecond");
        bench
    }

    fn initialize(&mut self) {
        let pool = &mut self.pool;
        let (interval, offset, blackout) = (U256::from(28 * DAY), U256::from(pool.offset), U256::from(14 * DAY));
        let owner = pool.owner;
        pool.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).expect("initialize");
    }

    fn link(&mut self) {
        self.pool.link_stk_usdc();
    }

    fn set_cached(&mut self, cached: bool) {
        let pool = &mut self.pool;
        let mut programs: Vec<Address> = vec![pool.address];
        programs.extend(pool.facets.iter().map(|(_, a)| *a));
        if !pool.stk_usdc.is_zero() {
            programs.push(pool.stk_usdc);
        }
        programs.extend(&self.extra);
        // As on a chain: the chain owner caches and evicts through ArbWasmCache.
        let node = &mut pool.node;
        for program in programs {
            let codehash = keccak256(node.code(program));
            if node.call(CHAIN_OWNER, ARBWASM_CACHE, ArbWasmCache::codehashIsCachedCall { codehash }).expect("codehashIsCached") == cached {
                continue;
            }
            let done = if cached {
                node.send(CHAIN_OWNER, ARBWASM_CACHE, ArbWasmCache::cacheProgramCall { addr: program })
            } else {
                node.send(CHAIN_OWNER, ARBWASM_CACHE, ArbWasmCache::evictCodehashCall { codehash })
            };
            done.expect("cache or evict through ArbWasmCache");
        }
    }

    fn send<C: SolCall>(&mut self, to: To, from: Address, call: C) -> Result<Receipt, Failure> {
        match to {
            To::Pool => self.pool.send(from, call),
            To::StkUsdc => self.pool.send_stk(from, call),
            To::Program(address) => self.pool.node.send(from, address, call),
        }
    }

    /// Runs `call` from `from` with the programs cached, then, from the same state, not cached, and
    /// keeps the second run; returns its row.
    fn run<C: SolCall + Clone>(&mut self, to: To, operation: &str, solidity: u64, from: Address, call: C) -> Row {
        self.pool.node.advance(BLOCK_TIME);
        let before = self.pool.node.snapshot();
        self.set_cached(true);
        let recording = FRAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_some();
        self.pool.node.record_frames(recording);
        self.pool.node.take_profile();
        let cached = self.send(to, from, call.clone()).unwrap_or_else(|e| panic!("{operation}: {e:?}"));
        let profile = self.pool.node.take_profile();
        if let Some(kept) = PROFILE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut() {
            kept.extend(profile.into_iter().map(|function| (operation.to_string(), function)));
        }
        let frames = self.pool.node.take_frames();
        self.pool.node.record_frames(false);
        if let Some(kept) = FRAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut() {
            kept.extend(frames.into_iter().enumerate().map(|(i, frame)| (format!("{operation} / frame {i}"), frame)));
        }
        self.pool.node.revert(&before);
        self.set_cached(false);
        let uncached = self.send(to, from, call).unwrap_or_else(|e| panic!("{operation}: {e:?}")).gas_used;
        let (floor, stylus) = (cached.gas_used - cached.stylus.total, cached.stylus);
        let (entries, host_calls) = (stylus.entries, stylus.host_calls);
        Row { operation: operation.to_string(), uncached, cached: cached.gas_used, floor, entries, host_calls, solidity }
    }

    /// Measures a call to the pool and records it with the Solidity figure.
    fn measure<C: SolCall + Clone>(&mut self, operation: &str, solidity: u64, from: Address, call: C) {
        self.measure_at(To::Pool, operation, solidity, from, call);
    }

    /// Measures a call to `to` and records it with the Solidity figure.
    fn measure_at<C: SolCall + Clone>(&mut self, to: To, operation: &str, solidity: u64, from: Address, call: C) {
        let row = self.run(to, operation, solidity, from, call);
        self.rows.push(row);
    }

    /// Mints 10,000,000 USDC to `account` and approves the pool for the maximum, as the baseline's
    /// accounts (they keep a balance, so no receipt is a first one).
    fn fund(&mut self, account: Address) {
        let (token, spender) = (self.pool.usdc, self.pool.address);
        let node = &mut self.pool.node;
        node.send(account, token, ITestToken::mintCall { to: account, amount: usdc(10_000_000) }).expect("mint");
        node.send(account, token, ITestToken::approveCall { spender, value: U256::MAX }).expect("approve");
    }

    /// Sets allocations (as the owner, BORROWER_ADMIN_ROLE) without measuring.
    fn allocate(&mut self, borrowers: &[Address], units: &[u64]) {
        let owner = self.pool.owner;
        let call = allocations(borrowers, units);
        self.pool.send(owner, call).expect("setBorrowerAllocations");
    }
}

/// Deploys the bench's EVM ERC-20 (`contracts/evm/BaselineToken.sol`, compiled by `scripts/evm-contracts.sh`
/// as the baseline compiled its token): the pool and StarkProxy call the same token code as the
/// original did, as they would call USDC on a chain.
fn deploy_token(node: &mut Devnode, owner: Address, name: &str, symbol: &str, decimals: u8) -> Address {
    let creation = alloy_primitives::hex::decode(include_str!("../../contracts/evm/BaselineToken.bin").trim()).expect("token bytecode");
    let arguments = (name.to_string(), symbol.to_string(), U256::from(decimals)).abi_encode_params();
    node.deploy_evm(owner, &[creation, arguments].concat()).expect("deploy the token")
}

/// Deploys the bench's EVM exchange (`contracts/evm/BaselineExchange.sol`): StarkProxy's exchange rows
/// call an exchange doing the baseline mock's work, compiled as the baseline compiled it.
fn deploy_exchange(node: &mut Devnode, owner: Address, token: Address) -> Address {
    let creation =
        alloy_primitives::hex::decode(include_str!("../../contracts/evm/BaselineExchange.bin").trim()).expect("exchange bytecode");
    node.deploy_evm(owner, &[creation, token.abi_encode()].concat()).expect("deploy the exchange")
}

/// `setBorrowerAllocations(borrowers, units)`.
fn allocations(borrowers: &[Address], units: &[u64]) -> LS::setBorrowerAllocationsCall {
    LS::setBorrowerAllocationsCall { borrowers: borrowers.to_vec(), newAllocations: units.iter().map(|u| U256::from(*u)).collect() }
}

/// Sections 1-8 of the main scenario (the setup rows first).
pub fn main_scenario() -> (Vec<Row>, usize) {
    let mut bench = Bench::new();
    let pool = &bench.pool;
    let (owner, a, b, d, f) = (pool.owner, user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2), user(&pool.node, 3));
    let (c, s, b1) = (user(&pool.node, 4), user(&pool.node, 5), user(&pool.node, 6));
    let others = [0xb2, 0xb3, 0xb4, 0xb5].map(Address::repeat_byte);
    let borrowers: Vec<Address> = std::iter::once(b1).chain(others).collect();

    let (interval, offset, blackout) = (U256::from(28 * DAY), U256::from(pool.offset), U256::from(14 * DAY));
    bench.measure("initialize(28d, offset, 14d)", 405_314, owner, LS::initializeCall { interval, offset, blackoutWindow: blackout });
    bench.link();
    bench.measure("setRewardsPerSecond (before epoch 0)", 58_634, owner, LS::setRewardsPerSecondCall { emissionPerSecond: rate() });
    let with_zero: Vec<Address> = borrowers.iter().copied().chain([Address::ZERO]).collect();
    let first = allocations(&with_zero, &[2_500, 2_500, 2_000, 2_000, 1_000, 0]);
    bench.measure("setBorrowerAllocations, 5 borrowers + address(0) (before epoch 0)", 170_604, owner, first);
    for account in [a, b, f, b1] {
        bench.fund(account);
    }
    // The token alone, for its share of the rows below: the baseline's reference approve, and a bare
    // transferFrom between two holders that writes the allowance (no Solidity figure in the baseline).
    let usdc_token = To::Program(bench.pool.usdc);
    let approve = ITestToken::approveCall { spender: bench.pool.address, value: U256::MAX };
    bench.measure_at(usdc_token, "USDC approve(pool, max) (the token alone)", 46_617, c, approve);
    bench.pool.node.send(c, bench.pool.usdc, ITestToken::mintCall { to: c, amount: usdc(1) }).expect("mint");
    bench.pool.node.send(a, bench.pool.usdc, ITestToken::approveCall { spender: s, value: U256::MAX }).expect("approve");
    let transfer_from = ITestToken::transferFromCall { from: a, to: c, value: usdc(100) };
    bench.measure_at(usdc_token, "USDC transferFrom 100 (the token alone: two holders, allowance written)", 0, s, transfer_from);
    let setup_rows = bench.rows.len();

    // 1. Stakes.
    bench.pool.at_epoch(0, 3_600);
    bench.measure("stake 1000, first staker of the pool", 134_669, a, LS::stakeCall { amount: usdc(1_000) });
    bench.measure("stake 500, second stake", 126_993, a, LS::stakeCall { amount: usdc(500) });
    bench.measure("stake 2000, new staker", 123_403, b, LS::stakeCall { amount: usdc(2_000) });
    bench.measure("stakeFor new staker 1000", 123_921, f, LS::stakeForCall { staker: d, amount: usdc(1_000) });
    bench.measure("stakeFor existing staker 100", 110_411, f, LS::stakeForCall { staker: d, amount: usdc(100) });

    // 2. Withdrawal requests.
    bench.pool.node.advance(DAY);
    bench.measure("requestWithdrawal 300 (first request)", 100_630, a, LS::requestWithdrawalCall { amount: usdc(300) });
    bench.measure("requestWithdrawal 100 (same epoch)", 66_546, a, LS::requestWithdrawalCall { amount: usdc(100) });

    // 3. stkUSDC: transfers and an allowance, through the stkUSDC contract.
    let stk = To::StkUsdc;
    bench.measure_at(
        stk,
        "stkUSDC transfer 200 (recipient's first receipt)",
        118_307,
        a,
        IStkUsdc::transferCall { recipient: c, amount: usdc(200) },
    );
    bench.measure_at(
        stk,
        "stkUSDC transfer 50 (recipient holds stkUSDC)",
        104_809,
        a,
        IStkUsdc::transferCall { recipient: c, amount: usdc(50) },
    );
    bench.measure_at(stk, "stkUSDC approve 1000", 46_344, a, IStkUsdc::approveCall { spender: s, amount: usdc(1_000) });
    let transfer_from = IStkUsdc::transferFromCall { sender: a, recipient: c, amount: usdc(100) };
    bench.measure_at(stk, "stkUSDC transferFrom 100 (allowance)", 95_582, s, transfer_from);

    // 4. Claims.
    bench.pool.node.advance(DAY);
    bench.measure("claimRewards after a day (first DYDX receipt)", 97_574, a, LS::claimRewardsCall { recipient: a });
    bench.pool.node.advance(3_600);
    bench.measure("claimRewards again an hour later", 84_140, a, LS::claimRewardsCall { recipient: a });

    // 5. Allocation changes in epoch 0.
    let change = allocations(&borrowers, &[2_500, 2_500, 2_000, 1_500, 1_500]);
    bench.measure("setBorrowerAllocations, 5 borrowers (epoch 0)", 79_091, owner, change);
    let back = allocations(&borrowers, &[2_500, 2_500, 2_000, 2_000, 1_000]);
    bench.measure("setBorrowerAllocations, 5 borrowers back (epoch 0)", 79_091, owner, back);

    // 6. Borrowing.
    bench.measure("borrow 500 (first borrow)", 113_039, b1, LS::borrowCall { amount: usdc(500) });
    bench.measure("borrow 100 (second borrow)", 78_839, b1, LS::borrowCall { amount: usdc(100) });
    bench.measure("repayBorrow 300", 61_591, b1, LS::repayBorrowCall { borrower: b1, amount: usdc(300) });

    // 7. Withdrawals.
    bench.pool.at_epoch(1, 3_600);
    bench.measure("withdrawStake 150 (first tx of epoch 1)", 72_948, a, LS::withdrawStakeCall { recipient: a, amount: usdc(150) });
    bench.measure("withdrawMaxStake (250)", 75_608, a, LS::withdrawMaxStakeCall { recipient: a });

    // 8. Epoch 1: b1 borrows its whole allocation (1,050), A, B and D ask for all their active stake
    // back (C's 350 stays); epoch 2: a shortfall of 700, all b1's.
    let room = bench.pool.get(LS::getBorrowableAmountCall { borrower: b1 });
    assert_eq!(room, usdc(750), "b1 borrows up to 1,050");
    bench.pool.send(b1, LS::borrowCall { amount: room }).expect("borrow the allocation");
    for staker in [a, b, d] {
        let amount = bench.pool.get(LS::getActiveBalanceNextEpochCall { staker });
        bench.pool.send(staker, LS::requestWithdrawalCall { amount }).expect("request everything");
    }
    bench.pool.at_epoch(2, 3_600);
    bench.measure("markDebt([b1]), 1 overdue borrower (first tx of epoch 2)", 176_348, b, LS::markDebtCall { borrowers: vec![b1] });
    let debt = bench.pool.get(LS::getBorrowerDebtBalanceCall { borrower: b1 });
    assert_eq!(debt, usdc(700), "the shortfall is 700");
    bench.measure("repayDebt(b1, full debt)", 74_113, b1, LS::repayDebtCall { borrower: b1, amount: debt });
    let owed = bench.pool.get(LS::getStakerDebtBalanceCall { staker: b });
    let half = owed / U256::from(2);
    bench.measure("withdrawDebt half (first touch after the shortfall)", 91_040, b, LS::withdrawDebtCall { recipient: b, amount: half });
    bench.measure("withdrawDebt the rest", 58_457, b, LS::withdrawDebtCall { recipient: b, amount: owed - half });
    bench.measure("withdrawMaxStake after the shortfall", 75_608, b, LS::withdrawMaxStakeCall { recipient: b });
    (bench.rows, setup_rows)
}

/// Scenario 10, stake and claim: two stakers, two claims, 1,000 `stakeFor`s of new stakers, then a
/// new stake, a claim and a stake of an existing staker.
pub fn scaling_scenario() -> Vec<Row> {
    let mut bench = Bench::initialized();
    let pool = &bench.pool;
    let (s1, s2, s3, f) = (user(&pool.node, 0), user(&pool.node, 1), user(&pool.node, 2), user(&pool.node, 3));
    const BULK: u64 = 1_000;
    let amount = usdc(1_000);
    for account in [s1, s2, s3, f] {
        bench.fund(account);
    }
    bench.pool.at_epoch(0, 3_600);
    bench.measure("stake, first staker of the pool (0 existing stakers)", 134_669, s1, LS::stakeCall { amount });
    bench.measure("stake, new staker, 1 existing staker", 123_403, s2, LS::stakeCall { amount });
    bench.pool.node.advance(DAY);
    bench.measure("claimRewards after a day, 2 stakers (first DYDX receipt)", 116_674, s1, LS::claimRewardsCall { recipient: s1 });
    bench.pool.node.advance(DAY);
    bench.measure("claimRewards after a day, 2 stakers (repeat claim)", 84_140, s1, LS::claimRewardsCall { recipient: s1 });
    for i in 1..=BULK {
        let staker = Address::from_word(U256::from(0x5_0000_0000u64 + i).into());
        let call = LS::stakeForCall { staker, amount };
        if i == 1 || i == BULK {
            let name = if i == 1 { "stakeFor new staker, the 1st of the 1,000" } else { "stakeFor new staker, the 1,000th" };
            bench.measure(name, 123_729, f, call);
        } else {
            bench.pool.node.advance(BLOCK_TIME);
            bench.pool.send(f, call).expect("stakeFor");
        }
    }
    bench.measure("stake, new staker, 1,002 existing stakers", 123_403, s3, LS::stakeCall { amount });
    bench.pool.node.advance(DAY);
    bench.measure("claimRewards after a day, 1,003 stakers (repeat claim)", 84_140, s1, LS::claimRewardsCall { recipient: s1 });
    bench.measure("stake, existing staker, 1,003 stakers", 109_893, s1, LS::stakeCall { amount });
    bench.rows
}

/// Scenario 10, markDebt: a fresh pool with `units.len()` borrowers whose allocations sum to 100 %;
/// two stakers stake 500,000 each, each borrower borrows 80 % of its allocation, both stakers ask
/// for half back; in epoch 1 `markDebt` charges every borrower 30 % of its allocation.
pub fn mark_debt_scenario(units: &[u64], solidity: u64) -> Row {
    let mut bench = Bench::initialized();
    let pool = &bench.pool;
    let (s1, s2) = (user(&pool.node, 0), user(&pool.node, 1));
    let borrowers: Vec<Address> = (0..units.len()).map(|i| user(&pool.node, 2 + i)).collect();
    let listed: Vec<Address> = borrowers.iter().copied().chain([Address::ZERO]).collect();
    let listed_units: Vec<u64> = units.iter().copied().chain([0]).collect();
    bench.allocate(&listed, &listed_units);
    bench.pool.at_epoch(0, 3_600);
    for staker in [s1, s2] {
        bench.fund(staker);
        bench.pool.send(staker, LS::stakeCall { amount: usdc(500_000) }).expect("stake");
    }
    for (&borrower, &unit) in borrowers.iter().zip(units) {
        let amount = usdc(1_000_000) * U256::from(unit) / U256::from(10_000) * U256::from(8) / U256::from(10);
        bench.pool.send(borrower, LS::borrowCall { amount }).expect("borrow 80 %");
    }
    for staker in [s1, s2] {
        bench.pool.send(staker, LS::requestWithdrawalCall { amount: usdc(250_000) }).expect("request half");
    }
    bench.pool.at_epoch(1, 3_600);
    let shares = units.iter().map(|u| format!("{}", u / 100)).collect::<Vec<_>>().join("/");
    let operation =
        format!("markDebt, {} overdue borrower{} [{shares} %] (first tx of epoch 1)", units.len(), if units.len() == 1 { "" } else { "s" });
    let row = bench.run(To::Pool, &operation, solidity, s1, LS::markDebtCall { borrowers: borrowers.clone() });
    for borrower in &borrowers {
        let restricted = bench.pool.get(LS::isBorrowingRestrictedForBorrowerCall { borrower: *borrower });
        assert!(restricted, "every borrower is charged and restricted");
    }
    let debt = bench.pool.get(LS::getTotalBorrowerDebtBalanceCall {});
    assert_eq!(debt, usdc(300_000), "the shortfall is 300,000");
    row
}

/// Section 9: a StarkProxy borrowing through `autoPayOrBorrow`, using the exchange and repaying, on a
/// fresh pool with allocations `[proxy, b2..b5] = [25, 25, 20, 20, 10] %` and two stakers of 10,000.
pub fn proxy_scenario() -> Vec<Row> {
    let mut pool = Bench::new().pool;
    pool.initialize_and_link();
    let exchange = deploy_exchange(&mut pool.node, pool.owner, pool.usdc);
    let Proxy { pool, address: proxy, exchange, owner, guardian, operator, facets, .. } = Proxy::deploy_on(pool, exchange);
    let mut bench = Bench { pool, rows: Vec::new(), extra: vec![proxy] };
    bench.extra.extend(facets.iter().map(|(_, a)| *a));
    let at = To::Program(proxy);
    let (a, b) = (user(&bench.pool.node, 0), user(&bench.pool.node, 1));
    let key = U256::from(STARK_KEY);
    bench.measure_at(at, "StarkProxy initialize(guardian) (roles, two approvals)", 344_826, owner, SP::initializeCall { guardian });
    let borrower_role = bench.pool.node.call(owner, proxy, SP::BORROWER_ROLECall {}).expect("BORROWER_ROLE");
    bench.measure_at(
        at,
        "StarkProxy grantRole(BORROWER_ROLE, operator)",
        51_549,
        owner,
        SP::grantRoleCall { role: borrower_role, account: operator },
    );
    let exchange_role = bench.pool.node.call(owner, proxy, SP::EXCHANGE_OPERATOR_ROLECall {}).expect("EXCHANGE_OPERATOR_ROLE");
    bench.pool.node.send(owner, proxy, SP::grantRoleCall { role: exchange_role, account: operator }).expect("grantRole");
    let register = IMockStarkPerpetual::registerUserCall { ethKey: proxy, starkKey: key, signature: Default::default() };
    bench.pool.node.send(owner, exchange, register).expect("registerUser");
    bench.measure_at(at, "StarkProxy allowStarkKey (owner)", 55_916, owner, SP::allowStarkKeyCall { starkKey: key });
    let others = [0xb2, 0xb3, 0xb4, 0xb5].map(Address::repeat_byte);
    bench.allocate(&[Address::ZERO, proxy, others[0], others[1], others[2], others[3]], &[0, 2_500, 2_500, 2_000, 2_000, 1_000]);
    for staker in [a, b] {
        bench.fund(staker);
    }
    bench.pool.at_epoch(0, 3_600);
    for staker in [a, b] {
        bench.pool.send(staker, LS::stakeCall { amount: usdc(10_000) }).expect("stake");
    }

    bench.pool.at_blackout(0);
    bench.measure_at(at, "autoPayOrBorrow, borrow case (25 % = 5,000)", 169_992, operator, SP::autoPayOrBorrowCall {});
    bench.measure_at(at, "autoPayOrBorrow, no-op case", 70_486, operator, SP::autoPayOrBorrowCall {});
    let deposit =
        |amount| SP::depositToExchangeCall { starkKey: key, assetType: U256::ZERO, vaultId: U256::ZERO, quantizedAmount: usdc(amount) };
    bench.measure_at(at, "depositToExchange 3,000 (first deposit)", 106_412, operator, deposit(3_000));
    bench.measure_at(at, "depositToExchange 1,000", 72_212, operator, deposit(1_000));
    let withdraw = SP::withdrawFromExchangeCall { starkKey: key, assetType: U256::ZERO };
    bench.measure_at(at, "withdrawFromExchange (all 4,000)", 52_264, operator, withdraw);

    bench.pool.at_epoch(1, 3_600);
    bench.pool.send(b, LS::requestWithdrawalCall { amount: usdc(10_000) }).expect("requestWithdrawal");
    bench.pool.at_blackout(1);
    bench.measure_at(at, "autoPayOrBorrow, repay case (2,500)", 94_175, operator, SP::autoPayOrBorrowCall {});
    bench.measure_at(at, "StarkProxy repayBorrow 100 (operator)", 72_211, operator, SP::repayBorrowCall { amount: usdc(100) });
    let borrowed = bench.pool.get(LS::getBorrowedBalanceCall { borrower: proxy });
    assert_eq!(borrowed, usdc(2_400), "borrowed 5,000, repaid 2,500 and 100");
    bench.rows
}
