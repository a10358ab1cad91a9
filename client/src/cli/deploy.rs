//! `ls1 deploy` and `ls1 check`: the suite deployed from a config file (`deploy.toml`), refused
//! before anything is sent when the config, the chain or the deployer's funds are wrong, estimated
//! by a dry run on an in-process copy of the chain, resumed from its journal when interrupted; and
//! a deployment read back from the chain, line by line, against its config.

use std::path::{Path, PathBuf};

use alloy::{
    primitives::{keccak256, Address, U256},
    providers::Provider,
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use arbitrum::{program_code, ArbWasm, ARBWASM};
use bindings::{
    ILS1Router, ILS1StkUsdc, ILiquidityStakingV1 as LS, IStarkPerpetual, IStarkProxy as SP, IStkUsdc, ITestToken, POOL_FACETS,
    POOL_PROGRAM, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM,
};
use serde::Deserialize;

use super::Res;
use crate::{
    chain::Chain,
    deploy::{deploy_journaled, BorrowerConfig, Journal, Suite, SuiteConfig, OPERATOR_ROLES, POOL_ADMIN_ROLES},
};

/// The pool's limits on the epoch parameters (spec §3.6.2).
const MIN_BLACKOUT: u64 = 3 * 86_400;
/// The longest epoch the pool accepts.
const MAX_INTERVAL: u64 = 92 * 86_400;

/// `deploy.toml`: what to deploy (the repository's `deploy.toml` documents every field).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployFile {
    /// The chain the deployment is for.
    pub chain: ChainSection,
    /// The built programs.
    #[serde(default)]
    pub programs: ProgramsSection,
    /// USDC and DYDX; absent: mintable test tokens are deployed (devnode only).
    pub tokens: Option<TokensSection>,
    /// Governance, treasury, guardian.
    pub roles: RolesSection,
    /// The epoch schedule.
    pub epochs: EpochsSection,
    /// The rewards.
    pub rewards: RewardsSection,
    /// StarkPerpetual and the Merkle distributor; absent: the exchange mock and a stub distributor
    /// are deployed (devnode only).
    pub exchange: Option<ExchangeSection>,
    /// The borrowers.
    #[serde(default)]
    pub market_makers: Vec<MarketMaker>,
}

/// `[chain]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainSection {
    /// The node must answer this chain id.
    pub chain_id: u64,
}

/// `[programs]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramsSection {
    /// The folder of the built programs, relative to the config file (default: this checkout's
    /// `target/wasm`).
    pub wasm_dir: Option<PathBuf>,
}

/// `[tokens]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokensSection {
    /// The staked token (USDC).
    pub staked: Address,
    /// The rewards token (DYDX).
    pub rewards: Address,
}

/// `[roles]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesSection {
    /// Receives the pool's admin roles; the deployer renounces its own (absent: the deployer keeps them).
    pub governance: Option<Address>,
    /// Holds the DYDX rewards and approves the pool for them.
    pub treasury: Address,
    /// Every StarkProxy's guardian.
    pub guardian: Address,
}

/// `[epochs]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochsSection {
    /// Epoch length, seconds.
    pub interval: u64,
    /// Blackout window, seconds.
    pub blackout_window: u64,
    /// Start of epoch zero, unix seconds (in the future).
    pub epoch_zero: Option<u64>,
    /// Or: seconds from the pool's deployment to epoch zero.
    pub epoch_zero_in: Option<u64>,
}

/// `[rewards]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardsSection {
    /// DYDX base units per second, as a decimal string.
    pub per_second: String,
    /// Seconds of distribution from epoch zero.
    pub distribution_length: u64,
}

/// `[exchange]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeSection {
    /// The StarkPerpetual exchange.
    pub stark_perpetual: Address,
    /// The Merkle distributor the proxies may claim from.
    pub merkle_distributor: Address,
}

/// `[[market_makers]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketMaker {
    /// A name for tables and logs.
    pub name: String,
    /// Gets every role on its StarkProxy but the guardian's.
    pub operator: Address,
    /// Share of the pool, hundredths of a percent.
    pub allocation: u64,
    /// The STARK key its proxy uses on the exchange (hex).
    pub stark_key: U256,
}

impl DeployFile {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Res<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file: Self = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        file.validate()?;
        Ok(file)
    }

    /// Every refusal a config can earn before anything is sent.
    pub fn validate(&self) -> Res<()> {
        let e = &self.epochs;
        if e.blackout_window.saturating_mul(2) > e.interval {
            return Err(format!(
                "epochs: the blackout window ({}) can be at most half the epoch length ({})",
                e.blackout_window, e.interval
            ));
        }
        if e.blackout_window < MIN_BLACKOUT {
            return Err(format!("epochs: the blackout window ({}) must be at least 3 days ({MIN_BLACKOUT})", e.blackout_window));
        }
        if e.interval > MAX_INTERVAL {
            return Err(format!("epochs: the epoch length ({}) can be at most 92 days ({MAX_INTERVAL})", e.interval));
        }
        match (e.epoch_zero, e.epoch_zero_in) {
            (Some(_), Some(_)) => return Err("epochs: give epoch_zero or epoch_zero_in, not both".into()),
            (None, None) => return Err("epochs: give epoch_zero (unix seconds) or epoch_zero_in (seconds after deployment)".into()),
            (None, Some(0)) => return Err("epochs: epoch_zero_in must be at least 1 (epoch zero must be in the future)".into()),
            _ => {}
        }
        self.rewards_per_second()?;
        let mut zero = vec![("roles.treasury", self.roles.treasury), ("roles.guardian", self.roles.guardian)];
        zero.extend(self.roles.governance.map(|g| ("roles.governance", g)));
        if let Some(t) = &self.tokens {
            zero.extend([("tokens.staked", t.staked), ("tokens.rewards", t.rewards)]);
        }
        if let Some(x) = &self.exchange {
            zero.extend([("exchange.stark_perpetual", x.stark_perpetual), ("exchange.merkle_distributor", x.merkle_distributor)]);
        }
        for (field, address) in zero {
            if address.is_zero() {
                return Err(format!("{field}: the zero address"));
            }
        }
        if self.market_makers.is_empty() {
            return Err("market_makers: none (the pool needs at least one borrower)".into());
        }
        for (i, mm) in self.market_makers.iter().enumerate() {
            if mm.operator.is_zero() {
                return Err(format!("market_makers[{i}] ({}): operator is the zero address", mm.name));
            }
            if mm.allocation == 0 {
                return Err(format!("market_makers[{i}] ({}): allocation 0", mm.name));
            }
            if self.market_makers[..i].iter().any(|other| other.name == mm.name) {
                return Err(format!("market_makers[{i}]: the name {} is used twice", mm.name));
            }
        }
        let sum: u64 = self.market_makers.iter().map(|mm| mm.allocation).sum();
        if sum != 10_000 {
            return Err(format!("market_makers: the allocations add up to {sum} hundredths of a percent, not 10000 (100 %)"));
        }
        Ok(())
    }

    /// `rewards.per_second` as a number.
    fn rewards_per_second(&self) -> Res<U256> {
        self.rewards.per_second.parse().map_err(|e| format!("rewards.per_second: {e} (a decimal number of base units)"))
    }

    /// The suite configuration for `deployer`, with the programs in `wasm_dir`.
    pub fn suite_config(&self, deployer: Address, config_dir: &Path) -> Res<SuiteConfig> {
        let borrowers = self
            .market_makers
            .iter()
            .map(|mm| BorrowerConfig { name: mm.name.clone(), operator: mm.operator, allocation: mm.allocation, stark_key: mm.stark_key })
            .collect();
        let mut config = SuiteConfig::launch(deployer, self.roles.treasury, self.roles.guardian, [Address::ZERO; 5]);
        config.handover = self.roles.governance.filter(|g| *g != deployer);
        config.interval = self.epochs.interval;
        config.blackout = self.epochs.blackout_window;
        config.epoch_zero_in = self.epochs.epoch_zero_in.unwrap_or(0);
        config.epoch_zero_at = self.epochs.epoch_zero;
        config.rewards_per_second = self.rewards_per_second()?;
        config.distribution_length = self.rewards.distribution_length;
        config.borrowers = borrowers;
        config.tokens = self.tokens.as_ref().map(|t| (t.staked, t.rewards));
        config.exchange = self.exchange.as_ref().map(|x| (x.stark_perpetual, x.merkle_distributor));
        if let Some(dir) = &self.programs.wasm_dir {
            config.wasm_dir = config_dir.join(dir);
        }
        Ok(config)
    }
}

/// The folder a config file's relative paths start from.
fn folder_of(path: &Path) -> PathBuf {
    path.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `ls1 deploy`'s options.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The deployment's config (see the repository's `deploy.toml`).
    #[arg(long)]
    pub config: PathBuf,
    /// Where to write the deployment's addresses; its journal is this path with `.journal` added.
    #[arg(long, default_value = "deployment.json")]
    pub out: PathBuf,
    /// Print every transaction with its estimated gas and the activation data fees, and the total
    /// cost at the node's prices; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Stop after this many steps, as an interruption would (for testing resumption).
    #[arg(long, hide = true)]
    pub stop_after: Option<usize>,
}

/// The journal kept beside the deployment file `out`.
pub fn journal_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// What a dry run found: each step's gas, the data fees, the node's gas price.
#[derive(Debug)]
pub struct Estimate {
    /// The steps still to run, with their gas.
    pub steps: Vec<(String, u64)>,
    /// How many transactions they send.
    pub transactions: usize,
    /// The data fee the node asks for activating each program not yet activated there (`None`:
    /// the node did not say).
    pub data_fees: Vec<(String, Option<U256>)>,
    /// The node's gas price (wei).
    pub gas_price: u128,
}

impl Estimate {
    /// Gas of every step.
    pub fn gas(&self) -> u64 {
        self.steps.iter().map(|(_, gas)| gas).sum()
    }

    /// Gas at the node's price plus the data fees, in wei.
    pub fn cost(&self) -> U256 {
        U256::from(self.gas()) * U256::from(self.gas_price) + self.data_fees.iter().filter_map(|(_, fee)| *fee).sum::<U256>()
    }
}

/// Runs `ls1 deploy`.
pub async fn run_deploy(rpc_url: &str, signer: Option<PrivateKeySigner>, yes: bool, args: DeployArgs) -> Res<()> {
    let file = DeployFile::load(&args.config)?;
    let signer = signer.ok_or("give the deployer's key: --keystore FILE (or --private-key)")?;
    let deployer = signer.address();
    let chain = Chain::connect(rpc_url, std::slice::from_ref(&signer)).map_err(|e| e.to_string())?;
    let chain_id = chain.provider().get_chain_id().await.map_err(|e| format!("cannot reach {rpc_url}: {e}"))?;
    if chain_id != file.chain.chain_id {
        return Err(format!("the node at {rpc_url} is chain {chain_id}; the config is for chain {}", file.chain.chain_id));
    }
    if (file.tokens.is_none() || file.exchange.is_none()) && chain_id != arbitrum::CHAIN_ID {
        return Err("tokens and exchange may be left out (test tokens and the exchange mock) only on the devnode".into());
    }
    let config = file.suite_config(deployer, &folder_of(&args.config))?;
    if let Some(at) = config.epoch_zero_at {
        let now = chain.now().await.map_err(|e| e.to_string())?;
        if at <= now {
            return Err(format!("epochs.epoch_zero ({at}) is not in the future (the node's time is {now})"));
        }
    }
    let journal_file = journal_path(&args.out);
    let mut journal = Journal::open(&journal_file)?;
    let estimate = estimate(&chain, &signer, &config, &journal).await?;
    match &estimate {
        Some(estimate) => print_estimate(estimate, journal.steps().len()),
        None => println!("no estimate: {NO_REHEARSAL}"),
    }
    if args.dry_run {
        estimate.as_ref().ok_or_else(|| format!("--dry-run needs the rehearsal: {NO_REHEARSAL}"))?;
        println!("dry run: nothing sent");
        return Ok(());
    }
    match &estimate {
        Some(estimate) => {
            let balance = chain.eth_balance(deployer).await.map_err(|e| e.to_string())?;
            if balance < estimate.cost() {
                return Err(format!(
                    "refused, nothing sent: the deployer {deployer} holds {balance} wei; the deployment needs about {} wei",
                    estimate.cost()
                ));
            }
            super::context::confirm(yes, estimate.transactions)?;
        }
        None => super::context::ask(yes, "send the deployment's transactions (not estimated)?")?,
    }
    journal.stop_after = args.stop_after;
    let suite = deploy_journaled(&chain, &config, &mut journal)
        .await
        .map_err(|e| format!("{e}\nprogress is saved in {}: run the same command again to resume", journal_file.display()))?;
    suite.save(&args.out)?;
    let (steps, gas) = (journal.steps().len(), journal.steps().iter().map(|s| s.gas).sum::<u64>());
    println!("deployed: pool {}, stkUSDC {}, {} StarkProxies; {steps} steps, {gas} gas", suite.pool, suite.stk_usdc, suite.borrowers.len());
    println!("wrote {}", args.out.display());
    if !chain.accounts.contains(&config.treasury) {
        println!("to do: the treasury {} approves the pool {} for DYDX (rewardsToken.approve)", config.treasury, suite.pool);
    }
    Ok(())
}

/// A dry run: the deployment rehearsed on an in-process devnode set up like the node (the
/// deployer's nonce, the time, the code of the tokens and the exchange), and the data fees the node
/// asks for the programs it has not activated yet.
#[cfg(feature = "embedded-node")]
async fn estimate(chain: &Chain, signer: &PrivateKeySigner, config: &SuiteConfig, journal: &Journal) -> Res<Option<Estimate>> {
    let deployer = signer.address();
    let provider = chain.provider();
    let now = chain.now().await.map_err(|e| e.to_string())?;
    let nonce = provider.get_transaction_count(deployer).await.map_err(|e| e.to_string())?;
    let mut outside: Vec<Address> = config.tokens.iter().flat_map(|(a, b)| [*a, *b]).collect();
    outside.extend(config.exchange.iter().flat_map(|(a, b)| [*a, *b]));
    let mut codes = Vec::new();
    for account in outside {
        codes.push((account, provider.get_code_at(account).await.map_err(|e| e.to_string())?));
    }
    let url = crate::node::serve_devnode(0, move |copy: &mut devnode::Devnode| {
        copy.set_timestamp(now);
        copy.set_nonce(deployer, nonce);
        copy.set_balance(deployer, U256::MAX >> 8);
        for (account, code) in codes {
            copy.set_code(account, code);
        }
    })?;
    let rehearsal = Chain::connect(&url, std::slice::from_ref(signer)).map_err(|e| e.to_string())?;
    let mut rehearsed = Journal::memory();
    deploy_journaled(&rehearsal, config, &mut rehearsed).await.map_err(|e| format!("the dry run failed: {e}"))?;
    let done = |name: &str| journal.steps().iter().any(|step| step.name == name);
    let left: Vec<_> = rehearsed.steps().iter().filter(|step| !done(&step.name)).collect();
    let transactions = left.iter().map(|step| step.txs.len()).sum();
    let steps = left.iter().map(|step| (step.name.clone(), step.gas)).collect();
    let mut data_fees = Vec::new();
    for name in programs_of(config) {
        let path = config.wasm_dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).map_err(|e| format!("{}: {e} (run scripts/build.sh)", path.display()))?;
        match crate::deploy::data_fee(chain, deployer, &wasm).await {
            Ok(Some(fee)) => data_fees.push((name, Some(fee))),
            Ok(None) => {}
            Err(_) => data_fees.push((name, None)),
        }
    }
    let gas_price = provider.get_gas_price().await.map_err(|e| e.to_string())?;
    Ok(Some(Estimate { steps, transactions, data_fees, gas_price }))
}

/// Without the embedded node there is nothing to rehearse on: no estimate.
#[cfg(not(feature = "embedded-node"))]
async fn estimate(_: &Chain, _: &PrivateKeySigner, _: &SuiteConfig, _: &Journal) -> Res<Option<Estimate>> {
    Ok(None)
}

/// Why a build without the embedded node has no estimate.
const NO_REHEARSAL: &str =
    "this ls1 was built without the embedded node, which rehearses the deployment (cargo build -p ls1-client --features embedded-node)";

/// The programs a deployment activates, each once.
#[cfg(feature = "embedded-node")]
fn programs_of(config: &SuiteConfig) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    if config.tokens.is_none() {
        names.extend([config.staked_token_program.as_str(), "dydx"]);
    }
    names.extend(POOL_FACETS.iter().map(|(name, _)| *name));
    names.extend([POOL_PROGRAM.0, "stk-usdc"]);
    if config.exchange.is_none() {
        names.push("mock-stark-perpetual");
    }
    names.extend(STARK_PROXY_FACETS.iter().map(|(name, _)| *name));
    names.push(STARK_PROXY_PROGRAM.0);
    names.into_iter().map(String::from).collect()
}

/// Prints a dry run's table: each step still to run and its gas, the data fees, the total cost.
fn print_estimate(estimate: &Estimate, done: usize) {
    if done > 0 {
        println!("{done} steps are done already (journal); the rest:");
    }
    println!("{:<4} {:<58} {:>12}", "#", "step", "gas");
    for (i, (name, gas)) in estimate.steps.iter().enumerate() {
        println!("{:<4} {:<58} {:>12}", done + i + 1, name, gas);
    }
    println!("{:<4} {:<58} {:>12}", "", "total gas", estimate.gas());
    let fees: Vec<String> = estimate
        .data_fees
        .iter()
        .map(|(name, fee)| match fee {
            Some(fee) => format!("{name} {fee}"),
            None => format!("{name} unknown (the node did not price it)"),
        })
        .collect();
    if fees.is_empty() {
        println!("activation data fees: none (the node has every program activated already)");
    } else {
        println!("activation data fees (wei): {}", fees.join(", "));
    }
    println!("gas price: {} wei; total cost: about {} wei", estimate.gas_price, estimate.cost());
}

/// `ls1 check`'s options.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The config the deployment was made from.
    #[arg(long)]
    pub config: PathBuf,
}

/// What `ls1 check` found: one line per fact, and how many did not match.
#[derive(Debug, Default)]
struct Report {
    failures: usize,
}

impl Report {
    /// One fact: `ok` or `FAIL`, with what was expected and found.
    fn line(&mut self, ok: bool, what: impl AsRef<str>) {
        if !ok {
            self.failures += 1;
        }
        println!("{} {}", if ok { "ok  " } else { "FAIL" }, what.as_ref());
    }

    /// `found` against `expected`.
    fn equal<T: PartialEq + std::fmt::Display>(&mut self, what: &str, found: T, expected: T) {
        if found == expected {
            self.line(true, format!("{what}: {found}"));
        } else {
            self.line(false, format!("{what}: {found}, expected {expected}"));
        }
    }

    /// A note that is not a mismatch.
    fn note(&self, what: impl AsRef<str>) {
        println!("note {}", what.as_ref());
    }
}

/// Runs `ls1 check`: reads the deployment back from the chain against `config`; an error when any
/// line does not match.
pub async fn run_check(chain: &Chain, suite: &Suite, args: CheckArgs) -> Res<()> {
    let file = DeployFile::load(&args.config)?;
    let config = file.suite_config(suite.deployer, &folder_of(&args.config))?;
    let mut report = Report::default();
    check_programs(chain, suite, &config, &mut report).await?;
    check_pool(chain, suite, &config, &mut report).await?;
    for borrower in &suite.borrowers {
        check_proxy(chain, suite, &config, borrower, &mut report).await?;
    }
    match report.failures {
        0 => {
            println!("the deployment matches {}", args.config.display());
            Ok(())
        }
        n => Err(format!("{n} line(s) do not match {}", args.config.display())),
    }
}

/// Reads `call` on `to`, as a sentence on failure.
async fn read<C: SolCall>(chain: &Chain, to: Address, call: C) -> Res<C::Return> {
    chain.call(to, call).await.map_err(|e| format!("{} on {to}: {e}", C::SIGNATURE))
}

/// Each program's code against the build, and its activation.
async fn check_programs(chain: &Chain, suite: &Suite, config: &SuiteConfig, report: &mut Report) -> Res<()> {
    let mut programs: Vec<(String, &str, Address)> = Vec::new();
    programs.extend(suite.pool_facets.iter().map(|(name, a)| (format!("pool facet {name}"), name.as_str(), *a)));
    programs.push(("pool".into(), POOL_PROGRAM.0, suite.pool));
    programs.push(("stkUSDC".into(), "stk-usdc", suite.stk_usdc));
    programs.extend(suite.proxy_facets.iter().map(|(name, a)| (format!("StarkProxy facet {name}"), name.as_str(), *a)));
    programs.extend(suite.borrowers.iter().map(|b| (format!("{}'s StarkProxy", b.config.name), STARK_PROXY_PROGRAM.0, b.proxy)));
    for (what, name, address) in programs {
        let path = config.wasm_dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).map_err(|e| format!("{}: {e} (run scripts/build.sh)", path.display()))?;
        let code = chain.provider().get_code_at(address).await.map_err(|e| e.to_string())?;
        let expected = keccak256(program_code(&wasm));
        report.line(keccak256(&code) == expected, format!("{what} {address}: code of {name}.wasm (hash {expected})"));
        match chain.call(ARBWASM, ArbWasm::programVersionCall { program: address }).await {
            Ok(version) => report.line(true, format!("{what}: activated, Stylus version {version}")),
            Err(e) => report.line(false, format!("{what}: not activated ({e})")),
        }
    }
    Ok(())
}

/// Where the build puts each selector: `table`'s at their facets in `facets`, the program's `own`
/// operations at no facet.
fn expected_table(
    table: &[(&str, &[&str])],
    facets: &[(String, Address)],
    selectors_of: fn(&[&str]) -> Vec<[u8; 4]>,
    own: &[&str],
) -> Vec<([u8; 4], Address)> {
    let facet = |name: &str| facets.iter().find(|(n, _)| n == name).map_or(Address::ZERO, |(_, a)| *a);
    let mut expected: Vec<([u8; 4], Address)> =
        table.iter().flat_map(|(name, functions)| selectors_of(functions).into_iter().map(move |s| (s, facet(name)))).collect();
    expected.extend(selectors_of(own).into_iter().map(|s| (s, Address::ZERO)));
    expected
}

/// The router at `router` answers `facetAddress` as `expected`.
async fn check_table(chain: &Chain, router: Address, what: &str, expected: &[([u8; 4], Address)], report: &mut Report) -> Res<()> {
    let mut wrong = Vec::new();
    for (selector, facet) in expected {
        let found = read(chain, router, ILS1Router::facetAddressCall { selector: (*selector).into() }).await?;
        if found != *facet {
            wrong.push(format!("0x{} -> {found} (expected {facet})", alloy::primitives::hex::encode(selector)));
        }
    }
    if wrong.is_empty() {
        report.line(true, format!("{what} router table: {} selectors where the build puts them", expected.len()));
    } else {
        report.line(false, format!("{what} router table: {}", wrong.join(", ")));
    }
    Ok(())
}

/// The pool: its table, write-once values, schedule, rewards, roles, stkUSDC link, treasury
/// allowance and allocations.
async fn check_pool(chain: &Chain, suite: &Suite, config: &SuiteConfig, report: &mut Report) -> Res<()> {
    let pool = suite.pool;
    let table = expected_table(POOL_FACETS, &suite.pool_facets, bindings::pool_selectors, POOL_PROGRAM.1);
    check_table(chain, pool, "pool", &table, report).await?;
    if let Some((usdc, dydx)) = config.tokens {
        report.equal("deployment file: USDC", suite.usdc, usdc);
        report.equal("deployment file: DYDX", suite.dydx, dydx);
    }
    report.equal("pool STAKED_TOKEN", read(chain, pool, LS::STAKED_TOKENCall {}).await?, suite.usdc);
    report.equal("pool REWARDS_TOKEN", read(chain, pool, LS::REWARDS_TOKENCall {}).await?, suite.dydx);
    report.equal("pool REWARDS_TREASURY", read(chain, pool, LS::REWARDS_TREASURYCall {}).await?, config.treasury);
    let start = U256::from(suite.epoch_zero);
    if let Some(at) = config.epoch_zero_at {
        report.equal("deployment file: epoch zero", suite.epoch_zero, at);
    }
    report.equal("pool DISTRIBUTION_START", read(chain, pool, LS::DISTRIBUTION_STARTCall {}).await?, start);
    let end = start + U256::from(config.distribution_length);
    report.equal("pool DISTRIBUTION_END", read(chain, pool, LS::DISTRIBUTION_ENDCall {}).await?, end);
    let epochs = read(chain, pool, LS::getEpochParametersCall {}).await?;
    report.equal("pool epoch length", U256::from(epochs.interval), U256::from(config.interval));
    report.equal("pool epoch zero", U256::from(epochs.offset), start);
    report.equal("pool blackout window", read(chain, pool, LS::getBlackoutWindowCall {}).await?, U256::from(config.blackout));
    report.equal("pool rewards per second", read(chain, pool, LS::getRewardsPerSecondCall {}).await?, config.rewards_per_second);

    let governance = config.handover.unwrap_or(config.governance);
    for name in POOL_ADMIN_ROLES {
        let held = read(chain, pool, LS::hasRoleCall { role: keccak256(name), account: governance }).await?;
        report.line(held, format!("pool {name}: held by governance {governance}"));
        if governance != suite.deployer {
            let kept = read(chain, pool, LS::hasRoleCall { role: keccak256(name), account: suite.deployer }).await?;
            report.line(!kept, format!("pool {name}: renounced by the deployer {}", suite.deployer));
        }
    }

    let linked = read(chain, pool, ILS1StkUsdc::getStkUsdcCall {}).await?;
    report.line(linked == suite.stk_usdc, format!("pool -> stkUSDC: the pool names {linked}, the deployment {}", suite.stk_usdc));
    let back = read(chain, suite.stk_usdc, IStkUsdc::LIQUIDITY_STAKINGCall {}).await?;
    report.line(back == pool, format!("stkUSDC -> pool: stkUSDC names {back}"));

    let allowance = read(chain, suite.dydx, ITestToken::allowanceCall { owner: config.treasury, spender: pool }).await?;
    let now = chain.now().await.map_err(|e| e.to_string())?;
    let due = config.rewards_per_second * end.saturating_sub(start.max(U256::from(now)));
    report.line(allowance >= due, format!("treasury's DYDX allowance to the pool: {}, the rewards still to pay {due}", amount(allowance)));

    for borrower in &suite.borrowers {
        let units = read(chain, pool, LS::getAllocationFractionNextEpochCall { borrower: borrower.proxy }).await?;
        let expected = config.borrowers.iter().find(|b| b.name == borrower.config.name).map_or(0, |b| b.allocation);
        report.equal(&format!("{}'s allocation (next epoch, hundredths of a percent)", borrower.config.name), units, U256::from(expected));
    }
    for missing in config.borrowers.iter().filter(|b| !suite.borrowers.iter().any(|d| d.config.name == b.name)) {
        report.line(false, format!("{}: in the config, not in the deployment", missing.name));
    }
    Ok(())
}

/// One StarkProxy: its table, write-once addresses, roles, approvals and STARK key.
async fn check_proxy(
    chain: &Chain,
    suite: &Suite,
    config: &SuiteConfig,
    borrower: &crate::deploy::Borrower,
    report: &mut Report,
) -> Res<()> {
    let (proxy, who) = (borrower.proxy, format!("{}'s StarkProxy", borrower.config.name));
    let table = expected_table(STARK_PROXY_FACETS, &suite.proxy_facets, bindings::stark_proxy_selectors, STARK_PROXY_PROGRAM.1);
    check_table(chain, proxy, &who, &table, report).await?;
    report.equal(&format!("{who} LIQUIDITY_STAKING"), read(chain, proxy, SP::LIQUIDITY_STAKINGCall {}).await?, suite.pool);
    report.equal(&format!("{who} STARK_PERPETUAL"), read(chain, proxy, SP::STARK_PERPETUALCall {}).await?, suite.exchange);
    report.equal(&format!("{who} TOKEN"), read(chain, proxy, SP::TOKENCall {}).await?, suite.usdc);
    report.equal(&format!("{who} MERKLE_DISTRIBUTOR"), read(chain, proxy, SP::MERKLE_DISTRIBUTORCall {}).await?, suite.merkle_distributor);
    let expected = config.borrowers.iter().find(|b| b.name == borrower.config.name);
    let operator = expected.map_or(borrower.config.operator, |b| b.operator);
    report.equal(&format!("{who} operator (deployment file)"), borrower.config.operator, operator);
    let holds =
        |role: &'static str, account: Address| async move { read(chain, proxy, SP::hasRoleCall { role: keccak256(role), account }).await };
    report.line(holds("GUARDIAN_ROLE", config.guardian).await?, format!("{who} GUARDIAN_ROLE: held by the guardian {}", config.guardian));
    for name in OPERATOR_ROLES {
        report.line(holds(name, operator).await?, format!("{who} {name}: held by the operator {operator}"));
    }
    for name in &OPERATOR_ROLES[3..] {
        report.line(!holds(name, suite.deployer).await?, format!("{who} {name}: renounced by the deployer {}", suite.deployer));
    }
    for (spender, name) in [(suite.pool, "the pool"), (suite.exchange, "the exchange")] {
        let allowance = read(chain, suite.usdc, ITestToken::allowanceCall { owner: proxy, spender }).await?;
        report.line(allowance == U256::MAX, format!("{who} USDC allowance to {name}: {}", amount(allowance)));
    }
    let key = expected.map_or(borrower.config.stark_key, |b| b.stark_key);
    if read(chain, proxy, SP::isStarkKeyAllowedCall { starkKey: key }).await? {
        report.line(true, format!("{who} STARK key {key:#x}: allowed"));
    } else {
        match chain.call(suite.exchange, IStarkPerpetual::getEthKeyCall { starkKey: key }).await {
            Ok(owner) if owner == proxy => report.line(false, format!("{who} STARK key {key:#x}: registered to the proxy, not allowed")),
            _ => report.note(format!("{who} STARK key {key:#x}: not registered to the proxy on the exchange yet")),
        }
    }
    Ok(())
}

/// An allowance in base units, the maximum as "unlimited".
fn amount(value: U256) -> String {
    if value == U256::MAX {
        "unlimited (2^256 - 1)".into()
    } else {
        value.to_string()
    }
}
