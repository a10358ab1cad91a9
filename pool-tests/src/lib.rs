//! The LS1 pool on the in-process devnode: deploys USDC, DYDX, the facets and the router (through
//! the StylusDeployer, constructor included), initializes it, and gives tests short ways to act,
//! read and travel in time. Every call runs the real WASM of `target/wasm` (run `scripts/build.sh`).

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{Revert, SolCall, SolError, SolEventInterface, SolValue};
use bindings::{pool_constructor, ILiquidityStakingV1 as LS, ITestToken, POOL_FACETS, POOL_PROGRAM};
use devnode::{init_code_for, program_code, Devnode, Failure, Receipt, StylusDeployer, STYLUS_DEPLOYER};

pub use bindings::{ILS1Router, ILS1StkUsdc, ILiquidityStakingV1, IStkUsdc, CONSTRUCTOR_SELECTOR};
pub use devnode;
pub mod bench;
pub mod proxy;

/// One day in seconds.
pub const DAY: u64 = 86_400;

/// The schedule and rewards a pool starts with.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// Epoch length.
    pub interval: u64,
    /// Blackout window.
    pub blackout: u64,
    /// Seconds from deployment to the start of epoch zero.
    pub epoch_zero_in: u64,
    /// `DISTRIBUTION_START` relative to epoch zero (may be negative).
    pub distribution_start: i64,
    /// `DISTRIBUTION_END` relative to epoch zero.
    pub distribution_end: i64,
}

impl Default for Setup {
    /// 28-day epochs, 14-day blackout, epoch zero in one day, rewards from epoch zero for five years.
    fn default() -> Self {
        Self { interval: 28 * DAY, blackout: 14 * DAY, epoch_zero_in: DAY, distribution_start: 0, distribution_end: 5 * 365 * DAY as i64 }
    }
}

/// A deployed pool and its tokens.
#[derive(Debug)]
pub struct Pool {
    /// The chain.
    pub node: Devnode,
    /// The pool's address (the router).
    pub address: Address,
    /// The staked token.
    pub usdc: Address,
    /// The rewards token.
    pub dydx: Address,
    /// Deployer, initializer and holder of the admin roles.
    pub owner: Address,
    /// The rewards treasury (holds DYDX, approves the pool).
    pub treasury: Address,
    /// Start of epoch zero.
    pub offset: u64,
    /// The schedule it was set up with.
    pub setup: Setup,
    /// The facet programs, by name.
    pub facets: Vec<(&'static str, Address)>,
    /// stkUSDC, linked by [`Pool::with`] (zero before).
    pub stk_usdc: Address,
}

/// Dev accounts the tests use as stakers and others (3..=9).
pub fn user(node: &Devnode, i: usize) -> Address {
    node.account(3 + i)
}

impl Pool {
    /// A pool with the default setup, initialized; the treasury holds 10^30 DYDX for the pool.
    pub fn new() -> Self {
        Self::with(Setup::default())
    }

    /// A pool with `setup`, initialized, with stkUSDC deployed and linked.
    pub fn with(setup: Setup) -> Self {
        let mut pool = Self::deploy(setup);
        pool.initialize_and_link();
        pool
    }

    /// Initializes a deployed pool with its setup's schedule, then deploys and links stkUSDC.
    pub fn initialize_and_link(&mut self) {
        let (interval, offset, blackout) = (U256::from(self.setup.interval), U256::from(self.offset), U256::from(self.setup.blackout));
        self.send(self.owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).expect("initialize");
        self.link_stk_usdc();
    }

    /// Deploys stkUSDC for this pool and links it (as the owner).
    pub fn link_stk_usdc(&mut self) {
        let (owner, address) = (self.owner, self.address);
        let constructor = [&CONSTRUCTOR_SELECTOR[..], &address.abi_encode()].concat();
        self.stk_usdc = deploy_with_constructor(&mut self.node, owner, "stk-usdc", constructor).expect("deploy stkUSDC");
        let stk_usdc = self.stk_usdc;
        self.send(owner, ILS1StkUsdc::setStkUsdcCall { stkUsdc: stk_usdc }).expect("setStkUsdc");
    }

    /// Sends `call` to stkUSDC from `from`.
    pub fn send_stk<C: SolCall>(&mut self, from: Address, call: C) -> Result<Receipt, Failure> {
        self.node.send(from, self.stk_usdc, call)
    }

    /// A pool with `setup`, deployed and constructed but not initialized.
    pub fn deploy(setup: Setup) -> Self {
        Self::deploy_staking(setup, "usdc")
    }

    /// A pool with `setup` staking the token program `staked_token` (a mintable ERC-20), deployed
    /// and constructed but not initialized.
    pub fn deploy_staking(setup: Setup, staked_token: &str) -> Self {
        let mut node = Devnode::new();
        let owner = node.account(1);
        let usdc = node.deploy_program(owner, staked_token).expect("deploy the staked token");
        let dydx = node.deploy_program(owner, "dydx").expect("deploy dydx");
        Self::deploy_on(node, setup, usdc, dydx)
    }

    /// A pool with `setup` on `node`, staking `usdc` and paying rewards in `dydx` (mintable ERC-20s
    /// with `ITestToken`'s functions), deployed and constructed but not initialized.
    pub fn deploy_on(mut node: Devnode, setup: Setup, usdc: Address, dydx: Address) -> Self {
        let owner = node.account(1);
        let treasury = node.account(2);
        let facets: Vec<_> = POOL_FACETS.iter().map(|(name, _)| (*name, node.deploy_program(owner, name).expect(name))).collect();
        let offset = node.timestamp() + setup.epoch_zero_in;
        let start = U256::from(offset.checked_add_signed(setup.distribution_start).expect("start"));
        let end = U256::from(offset.checked_add_signed(setup.distribution_end).expect("end"));
        let data = pool_constructor(usdc, dydx, treasury, start, end, owner, &addresses(&facets));
        let address = deploy_pool_program(&mut node, owner, data).expect("deploy the pool program");
        node.send(treasury, dydx, ITestToken::mintCall { to: treasury, amount: U256::from(10).pow(U256::from(30)) }).expect("mint");
        node.send(treasury, dydx, ITestToken::approveCall { spender: address, value: U256::MAX }).expect("approve");
        Self { node, address, usdc, dydx, owner, treasury, offset, setup, facets, stk_usdc: Address::ZERO }
    }

    /// Sends `call` to the pool from `from`.
    pub fn send<C: SolCall>(&mut self, from: Address, call: C) -> Result<Receipt, Failure> {
        self.node.send(from, self.address, call)
    }

    /// Sends `call` and expects it to revert; returns its `Error(string)` reason.
    pub fn reason<C: SolCall>(&mut self, from: Address, call: C) -> String {
        let name = C::SIGNATURE;
        let failure = self.send(from, call).err().unwrap_or_else(|| panic!("{name} should revert"));
        failure.reason().unwrap_or_else(|| panic!("{name} reverted without a reason: {failure:?}"))
    }

    /// Calls a view of the pool.
    pub fn get<C: SolCall>(&mut self, call: C) -> C::Return {
        let owner = self.owner;
        let name = C::SIGNATURE;
        self.node.call(owner, self.address, call).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }

    /// Calls a view of the pool and returns its revert reason.
    pub fn get_reason<C: SolCall>(&mut self, call: C) -> String {
        let owner = self.owner;
        let failure = self.node.call(owner, self.address, call).err().expect("the view should revert");
        failure.reason().expect("an Error(string) reason")
    }

    /// Mints `amount` USDC to `account` and approves the pool for it.
    pub fn fund(&mut self, account: Address, amount: u64) {
        let amount = U256::from(amount);
        self.node.send(account, self.usdc, ITestToken::mintCall { to: account, amount }).expect("mint usdc");
        let allowance = self.node.call(account, self.usdc, ITestToken::allowanceCall { owner: account, spender: self.address }).unwrap();
        let value = allowance.saturating_add(amount);
        self.node.send(account, self.usdc, ITestToken::approveCall { spender: self.address, value }).expect("approve");
    }

    /// Funds `staker` and stakes `amount` for it.
    pub fn stake(&mut self, staker: Address, amount: u64) -> Receipt {
        self.fund(staker, amount);
        self.send(staker, LS::stakeCall { amount: U256::from(amount) }).expect("stake")
    }

    /// `account`'s USDC balance.
    pub fn usdc_of(&mut self, account: Address) -> U256 {
        self.node.call(account, self.usdc, ITestToken::balanceOfCall { account }).unwrap()
    }

    /// `account`'s DYDX balance.
    pub fn dydx_of(&mut self, account: Address) -> U256 {
        self.node.call(account, self.dydx, ITestToken::balanceOfCall { account }).unwrap()
    }

    /// The start of epoch `n`.
    pub fn start_of(&self, n: u64) -> u64 {
        self.offset + n * self.setup.interval
    }

    /// Moves the clock to `seconds` after the start of epoch `n`.
    pub fn at_epoch(&mut self, n: u64, seconds: u64) {
        let t = self.start_of(n) + seconds;
        self.node.set_timestamp(t);
    }

    /// Moves the clock to the first second of epoch `n`'s blackout window.
    pub fn at_blackout(&mut self, n: u64) {
        let t = self.start_of(n + 1) - self.setup.blackout;
        self.node.set_timestamp(t);
    }

    /// Grants `role` to `account` as the owner.
    pub fn grant(&mut self, role: B256, account: Address) {
        let owner = self.owner;
        self.send(owner, LS::grantRoleCall { role, account }).expect("grantRole");
    }
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

/// The addresses of named programs, in order.
pub fn addresses(programs: &[(&'static str, Address)]) -> Vec<Address> {
    programs.iter().map(|(_, address)| *address).collect()
}

/// The `Error(string)` reason of a constructor that reverted inside the StylusDeployer's `deploy`.
pub fn constructor_reason(failure: Failure) -> String {
    let wrapped = failure.error::<StylusDeployer::ContractInitializationError>().expect("ContractInitializationError");
    Revert::abi_decode(&wrapped.data).expect("the constructor reverts with Error(string)").reason
}

/// Deploys the pool's program (`ls1-pool`) through the StylusDeployer with `constructor` as its init call.
pub fn deploy_pool_program(node: &mut Devnode, from: Address, constructor: Vec<u8>) -> Result<Address, Failure> {
    deploy_with_constructor(node, from, POOL_PROGRAM.0, constructor)
}

/// Deploys `target/wasm/<program>.wasm` through the StylusDeployer with `constructor` as its init call.
pub fn deploy_with_constructor(node: &mut Devnode, from: Address, program: &str, constructor: Vec<u8>) -> Result<Address, Failure> {
    let path = format!("{}/../target/wasm/{program}.wasm", env!("CARGO_MANIFEST_DIR"));
    let wasm = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/build.sh)"));
    let bytecode = init_code_for(&program_code(&wasm)).into();
    let call = StylusDeployer::deployCall { bytecode, initData: constructor.into(), initValue: U256::ZERO, salt: B256::ZERO };
    let receipt = node.send(from, STYLUS_DEPLOYER, call)?;
    Ok(receipt.returns::<StylusDeployer::deployCall>())
}

/// `n` as a `U256`.
pub fn u(n: u64) -> U256 {
    U256::from(n)
}

/// The AccessControl revert string for `account` missing `role`.
pub fn missing_role(account: Address, role: B256) -> String {
    format!(
        "AccessControl: account {} is missing role {}",
        alloy_primitives::hex::encode_prefixed(account),
        alloy_primitives::hex::encode_prefixed(role)
    )
}

/// The events the pool logged in `receipt`, in order (other contracts' logs left out).
pub fn pool_events(pool: &Pool, receipt: &Receipt) -> Vec<LS::ILiquidityStakingV1Events> {
    let logs = receipt.logs.iter().filter(|log| log.address == pool.address);
    logs.map(|log| LS::ILiquidityStakingV1Events::decode_log(log).expect("every pool log is a pool event").data).collect()
}

/// Every log of `receipt`, each checked to be the pool's, decoded.
pub fn only_pool_events(pool: &Pool, receipt: &Receipt) -> Vec<LS::ILiquidityStakingV1Events> {
    receipt
        .logs
        .iter()
        .map(|log| {
            assert_eq!(log.address, pool.address, "emitted by the pool");
            LS::ILiquidityStakingV1Events::decode_log(log).expect("a pool event").data
        })
        .collect()
}

/// The USDC the pool holds (read as the owner: a contract cannot be the caller).
pub fn pool_usdc(pool: &mut Pool) -> U256 {
    let (usdc, owner, account) = (pool.usdc, pool.owner, pool.address);
    pool.node.call(owner, usdc, ITestToken::balanceOfCall { account }).unwrap()
}

/// Sets allocations as the owner; `(borrower, units)` pairs.
pub fn allocate(pool: &mut Pool, entries: &[(Address, u64)]) {
    let owner = pool.owner;
    let borrowers = entries.iter().map(|(borrower, _)| *borrower).collect();
    let new_allocations = entries.iter().map(|(_, units)| u(*units)).collect();
    pool.send(owner, LS::setBorrowerAllocationsCall { borrowers, newAllocations: new_allocations }).expect("setBorrowerAllocations");
}

/// Lets the pool pull any amount of `account`'s USDC (borrowers repay with what they borrowed).
pub fn approve_pool(pool: &mut Pool, account: Address) {
    let (usdc, spender) = (pool.usdc, pool.address);
    pool.node.send(account, usdc, ITestToken::approveCall { spender, value: U256::MAX }).expect("approve");
}
