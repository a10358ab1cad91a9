//! Deployment of the whole suite on any Stylus chain: the tokens (test tokens on a devnode), the
//! pool's facets and router, stkUSDC, the exchange (the mock on a devnode), and one StarkProxy per
//! borrower, wired together with roles, the treasury allowance, epochs, rewards and allocations.

use std::path::{Path, PathBuf};

use alloy::{
    primitives::{hex, Address, Bytes, B256, U256},
    sol_types::{SolError, SolValue},
};
use bindings::{
    pool_constructor, stark_proxy_constructor, ILS1StkUsdc, ILiquidityStakingV1 as LS, IMockStarkPerpetual, IStarkProxy as SP, ITestToken,
    CONSTRUCTOR_SELECTOR, POOL_FACETS, POOL_PROGRAM, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM,
};
use devnode::{init_code_for, program_code, ArbWasm, StylusDeployer, ARBWASM, STYLUS_DEPLOYER};
use serde::{Deserialize, Serialize};

use crate::chain::{Chain, Failure};

/// Runtime of the stand-in Merkle distributor deployed on a devnode: answers `claimRewards` with its
/// first argument and pays nothing.
const DISTRIBUTOR_STUB: [u8; 11] = [0x60, 0x04, 0x35, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3];

/// One market maker: its operator account and share of the pool.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BorrowerConfig {
    /// A name for tables and logs.
    pub name: String,
    /// The market maker's account: it gets every role on its StarkProxy but the guardian's.
    pub operator: Address,
    /// Its allocation, in hundredths of a percent of the pool.
    pub allocation: u64,
    /// The STARK key registered for its proxy on the exchange.
    pub stark_key: U256,
}

/// What to deploy and with which parameters.
#[derive(Debug, Clone)]
pub struct SuiteConfig {
    /// Deployer, initializer and governance (the pool's admin roles); must be a signer of the chain.
    pub governance: Address,
    /// Holds the rewards and approves the pool for them; must be a signer of the chain.
    pub treasury: Address,
    /// Each StarkProxy's guardian (governance in production).
    pub guardian: Address,
    /// Epoch length in seconds.
    pub interval: u64,
    /// Blackout window in seconds.
    pub blackout: u64,
    /// Seconds from deployment to the start of epoch zero.
    pub epoch_zero_in: u64,
    /// Rewards per second (DYDX base units).
    pub rewards_per_second: U256,
    /// Length of the rewards distribution from epoch zero, in seconds.
    pub distribution_length: u64,
    /// The market makers.
    pub borrowers: Vec<BorrowerConfig>,
    /// USDC and DYDX on a real chain; `None` deploys the mintable test tokens.
    pub tokens: Option<(Address, Address)>,
    /// The program deployed as the staked token when `tokens` is `None` (`usdc`; attack tests use
    /// `reentrant-token`).
    pub staked_token_program: String,
    /// The StarkPerpetual exchange and the Merkle distributor; `None` deploys the mock and a stub.
    pub exchange: Option<(Address, Address)>,
    /// Value sent with each activation (ArbWasm's data fee on a real chain; the devnode charges 0).
    pub activation_value: U256,
    /// The folder of the built programs (`target/wasm`).
    pub wasm_dir: PathBuf,
}

impl SuiteConfig {
    /// The pool's launch setup: 28-day epochs with a 14-day blackout window, 25,000,000 DYDX paid
    /// to stakers over five years (about 0.1585 DYDX per second), five market makers with 25, 25,
    /// 20, 20 and 10 % of the pool.
    pub fn launch(governance: Address, treasury: Address, guardian: Address, operators: [Address; 5]) -> Self {
        let five_years = 5 * 365 * 86_400u64;
        let total = U256::from(25_000_000u64) * U256::from(10u64).pow(U256::from(18u64));
        let names = ["MM-A", "MM-B", "MM-C", "MM-D", "MM-E"];
        let shares = [2_500, 2_500, 2_000, 2_000, 1_000];
        let borrowers = (0..5)
            .map(|i| BorrowerConfig {
                name: names[i].into(),
                operator: operators[i],
                allocation: shares[i],
                stark_key: U256::from(0x5717_0000 + i as u64),
            })
            .collect();
        Self {
            governance,
            treasury,
            guardian,
            interval: 28 * 86_400,
            blackout: 14 * 86_400,
            epoch_zero_in: 86_400,
            rewards_per_second: total / U256::from(five_years),
            distribution_length: five_years,
            borrowers,
            tokens: None,
            staked_token_program: "usdc".into(),
            exchange: None,
            activation_value: U256::ZERO,
            wasm_dir: default_wasm_dir(),
        }
    }
}

/// `target/wasm` of this checkout.
pub fn default_wasm_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm")
}

/// A market maker's deployment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Borrower {
    /// Its configuration.
    #[serde(flatten)]
    pub config: BorrowerConfig,
    /// Its StarkProxy (the pool's borrower address).
    pub proxy: Address,
}

/// The addresses of a deployed suite (written as JSON for the tools).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Suite {
    /// The staked token.
    pub usdc: Address,
    /// The rewards token.
    pub dydx: Address,
    /// The pool (its router).
    pub pool: Address,
    /// The pool's facet programs, by name.
    pub pool_facets: Vec<(String, Address)>,
    /// The stkUSDC token.
    pub stk_usdc: Address,
    /// The StarkPerpetual exchange.
    pub exchange: Address,
    /// The Merkle distributor the proxies may claim from.
    pub merkle_distributor: Address,
    /// The StarkProxy facet programs, by name, shared by every proxy.
    pub proxy_facets: Vec<(String, Address)>,
    /// The market makers and their proxies.
    pub borrowers: Vec<Borrower>,
    /// Governance: the pool's admin roles.
    pub governance: Address,
    /// The rewards treasury.
    pub treasury: Address,
    /// The proxies' guardian.
    pub guardian: Address,
    /// Start of epoch zero.
    pub epoch_zero: u64,
}

impl Suite {
    /// Writes the addresses as JSON.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads addresses written by [`Suite::save`].
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Reads `<wasm_dir>/<name>.wasm`.
fn wasm(config: &SuiteConfig, name: &str) -> Result<Vec<u8>, Failure> {
    let path = config.wasm_dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| Failure::Rpc(format!("{}: {e} (run scripts/build.sh)", path.display())))
}

/// Deploys a Stylus program as Nitro expects: a creation carrying `0xEFF000` + brotli(wasm), then
/// `activateProgram` on ArbWasm with the data fee it asks for.
pub async fn deploy_program(chain: &Chain, from: Address, wasm: &[u8]) -> Result<Address, Failure> {
    let program = chain.create(from, init_code_for(&program_code(wasm)).into()).await?;
    let fee = match chain.call_as(from, ARBWASM, ArbWasm::activateProgramCall { program }).await {
        Ok(activation) => activation.dataFee,
        // The same code was activated before (activation is per code hash): nothing to do.
        Err(Failure::Reverted(data)) if data == hex::encode_prefixed(ArbWasm::ProgramUpToDate::SELECTOR) => return Ok(program),
        Err(failure) => return Err(failure),
    };
    chain.send_value(from, ARBWASM, ArbWasm::activateProgramCall { program }, fee).await?;
    Ok(program)
}

/// Deploys, activates and constructs a Stylus program in one transaction through the StylusDeployer
/// (nobody can construct it in between); `constructor` is the constructor's calldata.
pub async fn deploy_with_constructor(
    chain: &Chain,
    from: Address,
    wasm: &[u8],
    constructor: Vec<u8>,
    value: U256,
) -> Result<Address, Failure> {
    let bytecode = Bytes::from(init_code_for(&program_code(wasm)));
    let call = StylusDeployer::deployCall { bytecode, initData: constructor.into(), initValue: U256::ZERO, salt: B256::ZERO };
    let receipt = chain.send_value(from, STYLUS_DEPLOYER, call, value).await?;
    let deployed = crate::chain::events::<StylusDeployer::ContractDeployed>(&receipt, STYLUS_DEPLOYER);
    deployed.first().map(|e| e.deployedContract).ok_or_else(|| Failure::Rpc("the StylusDeployer reported no contract".into()))
}

/// Deploys and wires the whole suite; every transaction is signed by `chain`.
pub async fn deploy_suite(chain: &Chain, config: &SuiteConfig) -> Result<Suite, Failure> {
    let gov = config.governance;
    let value = config.activation_value;
    let (usdc, dydx) = match config.tokens {
        Some(tokens) => tokens,
        None => {
            let staked = deploy_program(chain, gov, &wasm(config, &config.staked_token_program)?).await?;
            (staked, deploy_program(chain, gov, &wasm(config, "dydx")?).await?)
        }
    };

    let mut pool_facets = Vec::new();
    for (name, _) in POOL_FACETS {
        pool_facets.push((name.to_string(), deploy_program(chain, gov, &wasm(config, name)?).await?));
    }
    let epoch_zero = chain.now().await? + config.epoch_zero_in;
    let (start, end) = (U256::from(epoch_zero), U256::from(epoch_zero + config.distribution_length));
    let facets: Vec<Address> = pool_facets.iter().map(|(_, a)| *a).collect();
    let constructor = pool_constructor(usdc, dydx, config.treasury, start, end, gov, &facets);
    let pool = deploy_with_constructor(chain, gov, &wasm(config, POOL_PROGRAM.0)?, constructor, value).await?;
    let (interval, blackout) = (U256::from(config.interval), U256::from(config.blackout));
    chain.send(gov, pool, LS::initializeCall { interval, offset: start, blackoutWindow: blackout }).await?;

    let constructor = [&CONSTRUCTOR_SELECTOR[..], &pool.abi_encode()].concat();
    let stk_usdc = deploy_with_constructor(chain, gov, &wasm(config, "stk-usdc")?, constructor, value).await?;
    chain.send(gov, pool, ILS1StkUsdc::setStkUsdcCall { stkUsdc: stk_usdc }).await?;

    if config.tokens.is_none() {
        let rewards = config.rewards_per_second * U256::from(config.distribution_length);
        chain.send(gov, dydx, ITestToken::mintCall { to: config.treasury, amount: rewards }).await?;
    }
    chain.send(config.treasury, dydx, ITestToken::approveCall { spender: pool, value: U256::MAX }).await?;
    chain.send(gov, pool, LS::setRewardsPerSecondCall { emissionPerSecond: config.rewards_per_second }).await?;

    let mock = config.exchange.is_none();
    let (exchange, merkle_distributor) = match config.exchange {
        Some(pair) => pair,
        None => {
            let constructor = [&CONSTRUCTOR_SELECTOR[..], &usdc.abi_encode()].concat();
            let exchange = deploy_with_constructor(chain, gov, &wasm(config, "mock-stark-perpetual")?, constructor, value).await?;
            (exchange, chain.create(gov, init_code_for(&DISTRIBUTOR_STUB).into()).await?)
        }
    };
    let mut proxy_facets = Vec::new();
    for (name, _) in STARK_PROXY_FACETS {
        proxy_facets.push((name.to_string(), deploy_program(chain, gov, &wasm(config, name)?).await?));
    }
    let facets: Vec<Address> = proxy_facets.iter().map(|(_, a)| *a).collect();
    let mut borrowers = Vec::new();
    for borrower in &config.borrowers {
        let constructor = stark_proxy_constructor(pool, exchange, usdc, merkle_distributor, gov, &facets);
        let proxy = deploy_with_constructor(chain, gov, &wasm(config, STARK_PROXY_PROGRAM.0)?, constructor, value).await?;
        wire_proxy(chain, config, borrower, proxy, exchange, mock).await?;
        borrowers.push(Borrower { config: borrower.clone(), proxy });
    }

    let mut list = vec![Address::ZERO];
    let mut units = vec![U256::ZERO];
    for borrower in &borrowers {
        list.push(borrower.proxy);
        units.push(U256::from(borrower.config.allocation));
    }
    let unallocated = 10_000 - config.borrowers.iter().map(|b| b.allocation).sum::<u64>();
    units[0] = U256::from(unallocated);
    chain.send(gov, pool, LS::setBorrowerAllocationsCall { borrowers: list, newAllocations: units }).await?;

    Ok(Suite {
        usdc,
        dydx,
        pool,
        pool_facets,
        stk_usdc,
        exchange,
        merkle_distributor,
        proxy_facets,
        borrowers,
        governance: gov,
        treasury: config.treasury,
        guardian: config.guardian,
        epoch_zero,
    })
}

/// A new StarkProxy's setup: `initialize(guardian)`, its STARK key registered (on the mock) and
/// allowed, then every role but the guardian's handed to the market maker, as in production.
async fn wire_proxy(
    chain: &Chain,
    config: &SuiteConfig,
    borrower: &BorrowerConfig,
    proxy: Address,
    exchange: Address,
    mock: bool,
) -> Result<(), Failure> {
    let gov = config.governance;
    chain.send(gov, proxy, SP::initializeCall { guardian: config.guardian }).await?;
    if mock {
        let register = IMockStarkPerpetual::registerUserCall { ethKey: proxy, starkKey: borrower.stark_key, signature: Bytes::new() };
        chain.send(gov, exchange, register).await?;
        chain.send(gov, proxy, SP::allowStarkKeyCall { starkKey: borrower.stark_key }).await?;
    }
    let role = |name: &str| alloy::primitives::keccak256(name);
    for name in ["BORROWER_ROLE", "EXCHANGE_OPERATOR_ROLE", "WITHDRAWAL_OPERATOR_ROLE", "DELEGATION_ADMIN_ROLE", "OWNER_ROLE"] {
        chain.send(gov, proxy, SP::grantRoleCall { role: role(name), account: borrower.operator }).await?;
    }
    for name in ["DELEGATION_ADMIN_ROLE", "OWNER_ROLE"] {
        chain.send(gov, proxy, SP::renounceRoleCall { role: role(name), account: gov }).await?;
    }
    Ok(())
}
