//! Deployment of the whole suite on any Stylus chain: the tokens (test tokens on a devnode), the
//! pool's facets and router, stkUSDC, the exchange (the mock on a devnode), and one StarkProxy per
//! borrower, wired together with roles, the treasury allowance, epochs, rewards and allocations.

use std::path::{Path, PathBuf};

use alloy::{
    network::TransactionBuilder,
    primitives::{hex, keccak256, Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::{state::StateOverridesBuilder, TransactionRequest},
    sol_types::{SolCall, SolError, SolValue},
};
use arbitrum::{init_code_for, program_code, ArbWasm, StylusDeployer, ARBWASM, STYLUS_DEPLOYER};
use bindings::{
    pool_constructor, stark_proxy_constructor, ILS1StkUsdc, ILiquidityStakingV1 as LS, IMockStarkPerpetual, IStarkProxy as SP, ITestToken,
    CONSTRUCTOR_SELECTOR, POOL_FACETS, POOL_PROGRAM, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM,
};
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
    /// Deployer and initializer, and governance unless `handover` names another account; must be a
    /// signer of the chain.
    pub governance: Address,
    /// Governance when it is not the deployer: at the end the deployer grants it the pool's admin
    /// roles and renounces its own.
    pub handover: Option<Address>,
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
    /// The start of epoch zero (unix seconds), when fixed in advance (then `epoch_zero_in` is unused).
    pub epoch_zero_at: Option<u64>,
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
            handover: None,
            treasury,
            guardian,
            interval: 28 * 86_400,
            blackout: 14 * 86_400,
            epoch_zero_in: 86_400,
            epoch_zero_at: None,
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
    /// The account that deployed the suite (it keeps no role once governance is another account).
    #[serde(default)]
    pub deployer: Address,
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
    // `None`: the same code was activated before (activation is per code hash): nothing to do.
    if let Some(fee) = quote(chain, from, program, None).await? {
        chain.send_value(from, ARBWASM, ArbWasm::activateProgramCall { program }, fee).await?;
    }
    Ok(program)
}

/// The account a dry activation puts the program's code at (no key is known for it).
const SCRATCH: Address = Address::new([0x15; 20]);

/// The data fee the node asks to activate `wasm` now (its code placed by a state override);
/// `None` when that code is activated already.
pub async fn data_fee(chain: &Chain, from: Address, wasm: &[u8]) -> Result<Option<U256>, Failure> {
    quote(chain, from, SCRATCH, Some(program_code(wasm))).await
}

/// ArbWasm's answer to `activateProgram(program)` in an `eth_call` sending nothing (with `code` put
/// at `program` first, when given): the data fee it returns or asks for (`ProgramInsufficientValue`),
/// or `None` when the code is activated already (`ProgramUpToDate`).
async fn quote(chain: &Chain, from: Address, program: Address, code: Option<Bytes>) -> Result<Option<U256>, Failure> {
    let call = ArbWasm::activateProgramCall { program };
    let tx = TransactionRequest::default().with_from(from).with_to(ARBWASM).with_input(call.abi_encode());
    let overrides = code.map(|code| StateOverridesBuilder::default().with_code(program, code).build());
    match chain.provider().call(tx).overrides_opt(overrides).await {
        Ok(output) => {
            let activation = ArbWasm::activateProgramCall::abi_decode_returns(&output).map_err(|e| Failure::Rpc(e.to_string()))?;
            Ok(Some(activation.dataFee))
        }
        Err(error) => {
            let failure = Failure::from(error);
            let data = match &failure {
                Failure::Reverted(data) => hex::decode(data).unwrap_or_default(),
                Failure::Rpc(_) => Vec::new(),
            };
            quoted(&data).ok_or(failure)
        }
    }
}

/// The quote in ArbWasm's revert `data`: `Some(None)` for `ProgramUpToDate`, `Some(Some(want))` for
/// `ProgramInsufficientValue`, `None` for anything else.
fn quoted(data: &[u8]) -> Option<Option<U256>> {
    if data == ArbWasm::ProgramUpToDate::SELECTOR {
        return Some(None);
    }
    ArbWasm::ProgramInsufficientValue::abi_decode(data).ok().map(|asked| Some(asked.want))
}

/// What to send with a deployment through the StylusDeployer: the node's data fee for `wasm` and a
/// tenth more (the StylusDeployer refunds the excess), or `fallback` when the node does not say.
async fn activation_value(chain: &Chain, from: Address, wasm: &[u8], fallback: U256) -> U256 {
    match data_fee(chain, from, wasm).await {
        Ok(Some(fee)) => fee + fee / U256::from(10u64),
        Ok(None) => U256::ZERO,
        Err(_) => fallback,
    }
}

/// Deploys, activates and constructs a Stylus program in one transaction through the StylusDeployer
/// (nobody can construct it in between); `constructor` is the constructor's calldata. Sends the
/// activation's data fee the node asks for, or `fallback` when the node does not say.
pub async fn deploy_with_constructor(
    chain: &Chain,
    from: Address,
    wasm: &[u8],
    constructor: Vec<u8>,
    fallback: U256,
) -> Result<Address, Failure> {
    let value = activation_value(chain, from, wasm, fallback).await;
    let bytecode = Bytes::from(init_code_for(&program_code(wasm)));
    let call = StylusDeployer::deployCall { bytecode, initData: constructor.into(), initValue: U256::ZERO, salt: B256::ZERO };
    let receipt = chain.send_value(from, STYLUS_DEPLOYER, call, value).await?;
    let deployed = crate::chain::events::<StylusDeployer::ContractDeployed>(&receipt, STYLUS_DEPLOYER);
    deployed.first().map(|e| e.deployedContract).ok_or_else(|| Failure::Rpc("the StylusDeployer reported no contract".into()))
}

/// A deployment's progress: what each finished step produced, written to a journal file (one JSON
/// line per step) when there is one, so that an interrupted deployment resumes after its last
/// finished step instead of starting over.
#[derive(Debug, Default)]
pub struct Journal {
    file: Option<PathBuf>,
    done: Vec<Step>,
    /// Stop, as an interruption would, once this many steps ran in this session.
    pub stop_after: Option<usize>,
    ran: usize,
}

/// One finished step of a deployment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Step {
    /// What it did.
    pub name: String,
    /// What it produced: an address (as a number) or a number; zero when nothing.
    pub value: U256,
    /// The transactions it sent.
    pub txs: Vec<B256>,
    /// Their gas.
    pub gas: u64,
    /// What they cost, in wei: gas at its price, plus the value sent (activation data fees).
    pub cost: U256,
}

impl Journal {
    /// A journal kept in memory only.
    pub fn memory() -> Self {
        Self::default()
    }

    /// The journal in `path`: the steps it records are done (a missing file: none yet).
    pub fn open(path: &Path) -> Result<Self, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let done = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).map_err(|e| format!("{}: a damaged line ({e}): {line}", path.display())))
            .collect::<Result<_, _>>()?;
        Ok(Self { file: Some(path.to_path_buf()), done, stop_after: None, ran: 0 })
    }

    /// The steps done, in order (those of earlier sessions first).
    pub fn steps(&self) -> &[Step] {
        &self.done
    }

    /// Runs step `name` unless the journal has it; returns what it produced.
    async fn run<F, Fut>(&mut self, chain: &Chain, name: &str, step: F) -> Result<U256, Failure>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<U256, Failure>>,
    {
        if let Some(done) = self.done.iter().find(|done| done.name == name) {
            return Ok(done.value);
        }
        if self.stop_after == Some(self.ran) {
            return Err(Failure::Rpc(format!("stopped before `{name}` after {} steps, as asked", self.ran)));
        }
        let before = chain.sent().len();
        let value = step().await?;
        let sent = chain.sent().split_off(before);
        let cost = sent.iter().map(|tx| U256::from(tx.gas_used) * U256::from(tx.gas_price) + tx.value).sum();
        let step = Step {
            name: name.into(),
            value,
            txs: sent.iter().map(|tx| tx.hash).collect(),
            gas: sent.iter().map(|tx| tx.gas_used).sum(),
            cost,
        };
        if let Some(path) = &self.file {
            use std::io::Write;
            let line = serde_json::to_string(&step).map_err(|e| Failure::Rpc(e.to_string()))?;
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| Failure::Rpc(format!("{}: {e}", path.display())))?;
            writeln!(file, "{line}").and_then(|()| file.sync_data()).map_err(|e| Failure::Rpc(format!("{}: {e}", path.display())))?;
        }
        self.done.push(step);
        self.ran += 1;
        Ok(value)
    }

    /// Runs step `name`, which deploys a contract; returns its address.
    async fn deploy<F, Fut>(&mut self, chain: &Chain, name: &str, step: F) -> Result<Address, Failure>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Address, Failure>>,
    {
        let value = self.run(chain, name, || async { step().await.map(|a| U256::from_be_slice(a.as_slice())) }).await?;
        Ok(Address::from_word(value.into()))
    }

    /// Runs step `name`, one transaction whose result is not needed.
    async fn send<F, Fut, T>(&mut self, chain: &Chain, name: &str, step: F) -> Result<(), Failure>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        self.run(chain, name, || async { step().await.map(|_| U256::ZERO) }).await.map(|_| ())
    }
}

/// Deploys and wires the whole suite; every transaction is signed by `chain`.
pub async fn deploy_suite(chain: &Chain, config: &SuiteConfig) -> Result<Suite, Failure> {
    deploy_journaled(chain, config, &mut Journal::memory()).await
}

/// Deploys and wires the whole suite, skipping the steps `journal` records as done and recording
/// each step it runs.
pub async fn deploy_journaled(chain: &Chain, config: &SuiteConfig, journal: &mut Journal) -> Result<Suite, Failure> {
    let gov = config.governance;
    let value = config.activation_value;
    let (usdc, dydx) = match config.tokens {
        Some(tokens) => tokens,
        None => {
            let usdc = wasm(config, &config.staked_token_program)?;
            let usdc = journal.deploy(chain, "test token USDC", || deploy_program(chain, gov, &usdc)).await?;
            let dydx = wasm(config, "dydx")?;
            (usdc, journal.deploy(chain, "test token DYDX", || deploy_program(chain, gov, &dydx)).await?)
        }
    };

    let mut pool_facets = Vec::new();
    for (name, _) in POOL_FACETS {
        let code = wasm(config, name)?;
        pool_facets
            .push((name.to_string(), journal.deploy(chain, &format!("program {name}"), || deploy_program(chain, gov, &code)).await?));
    }
    let epoch_zero = match config.epoch_zero_at {
        Some(at) => at,
        None => journal.run(chain, "epoch zero", || async { Ok(U256::from(chain.now().await? + config.epoch_zero_in)) }).await?.to::<u64>(),
    };
    let (start, end) = (U256::from(epoch_zero), U256::from(epoch_zero + config.distribution_length));
    let facets: Vec<Address> = pool_facets.iter().map(|(_, a)| *a).collect();
    let constructor = pool_constructor(usdc, dydx, config.treasury, start, end, gov, &facets);
    let code = wasm(config, POOL_PROGRAM.0)?;
    let pool = journal.deploy(chain, "pool", || deploy_with_constructor(chain, gov, &code, constructor, value)).await?;
    let (interval, blackout) = (U256::from(config.interval), U256::from(config.blackout));
    let initialize = LS::initializeCall { interval, offset: start, blackoutWindow: blackout };
    journal.send(chain, "pool initialize", || chain.send(gov, pool, initialize)).await?;

    let constructor = [&CONSTRUCTOR_SELECTOR[..], &pool.abi_encode()].concat();
    let code = wasm(config, "stk-usdc")?;
    let stk_usdc = journal.deploy(chain, "stkUSDC", || deploy_with_constructor(chain, gov, &code, constructor, value)).await?;
    journal.send(chain, "pool setStkUsdc", || chain.send(gov, pool, ILS1StkUsdc::setStkUsdcCall { stkUsdc: stk_usdc })).await?;

    if config.tokens.is_none() {
        let mint = ITestToken::mintCall { to: config.treasury, amount: config.rewards_per_second * U256::from(config.distribution_length) };
        journal.send(chain, "mint the treasury's DYDX", || chain.send(gov, dydx, mint)).await?;
    }
    // The treasury approves the pool itself when this connection cannot sign for it (`ls1 check`
    // reports the allowance).
    if chain.accounts.contains(&config.treasury) {
        let approve = ITestToken::approveCall { spender: pool, value: U256::MAX };
        journal.send(chain, "treasury approves the pool for DYDX", || chain.send(config.treasury, dydx, approve)).await?;
    }
    let rate = LS::setRewardsPerSecondCall { emissionPerSecond: config.rewards_per_second };
    journal.send(chain, "pool setRewardsPerSecond", || chain.send(gov, pool, rate)).await?;

    let mock = config.exchange.is_none();
    let (exchange, merkle_distributor) = match config.exchange {
        Some(pair) => pair,
        None => {
            let constructor = [&CONSTRUCTOR_SELECTOR[..], &usdc.abi_encode()].concat();
            let code = wasm(config, "mock-stark-perpetual")?;
            let exchange =
                journal.deploy(chain, "exchange mock", || deploy_with_constructor(chain, gov, &code, constructor, value)).await?;
            let stub = init_code_for(&DISTRIBUTOR_STUB);
            (exchange, journal.deploy(chain, "distributor stub", || chain.create(gov, stub.into())).await?)
        }
    };
    let mut proxy_facets = Vec::new();
    for (name, _) in STARK_PROXY_FACETS {
        let code = wasm(config, name)?;
        proxy_facets
            .push((name.to_string(), journal.deploy(chain, &format!("program {name}"), || deploy_program(chain, gov, &code)).await?));
    }
    let facets: Vec<Address> = proxy_facets.iter().map(|(_, a)| *a).collect();
    let mut borrowers = Vec::new();
    for borrower in &config.borrowers {
        let constructor = stark_proxy_constructor(pool, exchange, usdc, merkle_distributor, gov, &facets);
        let code = wasm(config, STARK_PROXY_PROGRAM.0)?;
        let name = format!("{}'s StarkProxy", borrower.name);
        let proxy = journal.deploy(chain, &name, || deploy_with_constructor(chain, gov, &code, constructor, value)).await?;
        wire_proxy(chain, journal, config, borrower, proxy, exchange, mock).await?;
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
    let allocations = LS::setBorrowerAllocationsCall { borrowers: list, newAllocations: units };
    journal.send(chain, "pool setBorrowerAllocations", || chain.send(gov, pool, allocations)).await?;

    let governance = config.handover.unwrap_or(gov);
    if governance != gov {
        hand_over(chain, journal, pool, gov, governance).await?;
    }

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
        governance,
        deployer: gov,
        treasury: config.treasury,
        guardian: config.guardian,
        epoch_zero,
    })
}

/// The roles `initialize` gives the pool's deployer (spec §3.4), in the order they are handed over
/// (the admin role last, so the deployer can grant the others first).
pub const POOL_ADMIN_ROLES: [&str; 4] = ["EPOCH_PARAMETERS_ROLE", "REWARDS_RATE_ROLE", "BORROWER_ADMIN_ROLE", "OWNER_ROLE"];

/// Grants the pool's admin roles to `governance`, then renounces the deployer's.
async fn hand_over(chain: &Chain, journal: &mut Journal, pool: Address, deployer: Address, governance: Address) -> Result<(), Failure> {
    for name in POOL_ADMIN_ROLES {
        let grant = LS::grantRoleCall { role: keccak256(name), account: governance };
        journal.send(chain, &format!("pool grant {name} to governance"), || chain.send(deployer, pool, grant)).await?;
    }
    for name in POOL_ADMIN_ROLES {
        let renounce = LS::renounceRoleCall { role: keccak256(name), account: deployer };
        journal.send(chain, &format!("pool deployer renounces {name}"), || chain.send(deployer, pool, renounce)).await?;
    }
    Ok(())
}

/// The roles a market maker's account gets on its StarkProxy (every one but the guardian's), in
/// the order they are granted; the deployer then renounces the last two.
pub const OPERATOR_ROLES: [&str; 5] =
    ["BORROWER_ROLE", "EXCHANGE_OPERATOR_ROLE", "WITHDRAWAL_OPERATOR_ROLE", "DELEGATION_ADMIN_ROLE", "OWNER_ROLE"];

/// A new StarkProxy's setup: `initialize(guardian)`, its STARK key registered (on the mock) and
/// allowed, then every role but the guardian's handed to the market maker, as in production.
async fn wire_proxy(
    chain: &Chain,
    journal: &mut Journal,
    config: &SuiteConfig,
    borrower: &BorrowerConfig,
    proxy: Address,
    exchange: Address,
    mock: bool,
) -> Result<(), Failure> {
    let gov = config.governance;
    let who = &borrower.name;
    let initialize = SP::initializeCall { guardian: config.guardian };
    journal.send(chain, &format!("{who}'s StarkProxy initialize"), || chain.send(gov, proxy, initialize)).await?;
    if mock {
        let register = IMockStarkPerpetual::registerUserCall { ethKey: proxy, starkKey: borrower.stark_key, signature: Bytes::new() };
        journal.send(chain, &format!("{who}'s STARK key registered on the mock"), || chain.send(gov, exchange, register)).await?;
        let allow = SP::allowStarkKeyCall { starkKey: borrower.stark_key };
        journal.send(chain, &format!("{who}'s StarkProxy allowStarkKey"), || chain.send(gov, proxy, allow)).await?;
    }
    for name in OPERATOR_ROLES {
        let grant = SP::grantRoleCall { role: keccak256(name), account: borrower.operator };
        journal.send(chain, &format!("{who}'s StarkProxy grant {name}"), || chain.send(gov, proxy, grant)).await?;
    }
    for name in &OPERATOR_ROLES[3..] {
        let renounce = SP::renounceRoleCall { role: keccak256(name), account: gov };
        journal.send(chain, &format!("{who}'s StarkProxy deployer renounces {name}"), || chain.send(gov, proxy, renounce)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbwasm_quotes_are_read_from_its_errors() {
        let asked = ArbWasm::ProgramInsufficientValue { have: U256::ZERO, want: U256::from(82_928_201u64) }.abi_encode();
        assert_eq!(quoted(&asked), Some(Some(U256::from(82_928_201u64))));
        assert_eq!(quoted(&ArbWasm::ProgramUpToDate {}.abi_encode()), Some(None));
        assert_eq!(quoted(&ArbWasm::ProgramNotWasm {}.abi_encode()), None);
        assert_eq!(quoted(&[]), None);
    }
}
