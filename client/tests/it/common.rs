//! The operator tools' test fixture: the suite deployed with `deploy_suite` (launch setup: 28-day
//! epochs, 14-day blackout, five market makers at 25/25/20/20/10 %) on the embedded devnode, its
//! deployment file saved in a temporary folder, and a way to run the `ls1` binary as each actor.

#![allow(dead_code)]

use std::{
    path::PathBuf,
    process::{Command, Stdio},
};

use alloy::{
    primitives::{hex, Address, U256},
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use bindings::{ILiquidityStakingV1 as LS, ITestToken};
use ls1_client::{deploy_suite, derived_signer, dev_signers, start_devnode, Chain, Suite, SuiteConfig};

/// `n` whole USDC in base units.
pub fn usdc(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000u64)
}

/// The actors, as indexes into [`Fixture::signers`].
pub const GOV: usize = 0;
/// The rewards treasury.
pub const TREASURY: usize = 1;
/// The proxies' guardian.
pub const GUARDIAN: usize = 2;
/// The operator of borrower `i` (MM-A is 0).
pub const fn operator(i: usize) -> usize {
    3 + i
}
/// A staker.
pub const ALICE: usize = 8;
/// A staker.
pub const BOB: usize = 9;
/// Anyone: no role anywhere.
pub const DAVE: usize = 10;

/// What `ls1` printed and how it ended.
#[derive(Debug)]
pub struct Out {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Out {
    /// Standard output without the `sent: … (tx …)` lines' hashes: `sent: LABEL`.
    pub fn text(&self) -> String {
        self.stdout
            .lines()
            .map(|line| match (line.starts_with("sent: "), line.rfind(" (tx ")) {
                (true, Some(i)) => format!("{}\n", &line[..i]),
                _ => format!("{line}\n"),
            })
            .collect()
    }
}

/// A deployed suite, its deployment file, and the actors' keys.
pub struct Fixture {
    /// The connection, signing for every actor.
    pub chain: Chain,
    /// The deployment.
    pub suite: Suite,
    /// The node's URL.
    pub url: String,
    /// The actors' keys.
    pub signers: Vec<PrivateKeySigner>,
    /// The temporary folder (deployment file, keeper state, keystore).
    pub dir: tempfile::TempDir,
    /// The deployment file.
    pub deployment: PathBuf,
    /// Epoch length.
    pub interval: u64,
    /// Blackout window.
    pub blackout: u64,
}

impl Fixture {
    /// Starts the embedded devnode and deploys the suite; `None` (after printing why) when the
    /// WASM programs are not built.
    pub async fn start(test: &str) -> Option<Self> {
        let wasm = ls1_client::deploy::default_wasm_dir();
        if !wasm.join("ls1-pool.wasm").exists() {
            devnode::skip_test(&format!("{test}: the WASM programs are not built in {} (run scripts/build.sh)", wasm.display()));
            return None;
        }
        let url = start_devnode(0).expect("the embedded devnode");
        let mut signers = dev_signers();
        let seed = signers[0].clone();
        signers.push(derived_signer(&seed, 0));
        let chain = Chain::connect(&url, &signers).expect("connect");
        if !chain.can_travel_in_time().await {
            devnode::skip_test(&format!("{test}: {url} has no time travel"));
            return None;
        }
        chain
            .transfer_eth(signers[0].address(), signers[DAVE].address(), U256::from(10u64).pow(U256::from(18u64)))
            .await
            .expect("fund dave");
        let a: Vec<Address> = signers.iter().map(PrivateKeySigner::address).collect();
        let config = SuiteConfig::launch(a[GOV], a[TREASURY], a[GUARDIAN], [a[3], a[4], a[5], a[6], a[7]]);
        let (interval, blackout) = (config.interval, config.blackout);
        let suite = deploy_suite(&chain, &config).await.unwrap_or_else(|e| panic!("deploy_suite: {e}"));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let deployment = dir.path().join("deployment.json");
        suite.save(&deployment).expect("save the deployment");
        Some(Self { chain, suite, url, signers, dir, deployment, interval, blackout })
    }

    /// Actor `i`'s address.
    pub fn addr(&self, i: usize) -> Address {
        self.signers[i].address()
    }

    /// Actor `i`'s private key, hex.
    pub fn key(&self, i: usize) -> String {
        hex::encode_prefixed(self.signers[i].to_bytes())
    }

    /// Borrower `i`'s StarkProxy.
    pub fn proxy(&self, i: usize) -> Address {
        self.suite.borrowers[i].proxy
    }

    /// Runs `ls1 ARGS` with the node and the deployment in the environment, as actor `signer`
    /// (no key when `None`), with no terminal on stdin.
    pub fn ls1(&self, signer: Option<usize>, args: &[&str]) -> Out {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ls1"));
        command
            .args(args)
            .env("LS1_RPC_URL", &self.url)
            .env("LS1_DEPLOYMENT", &self.deployment)
            .env_remove("LS1_PRIVATE_KEY")
            .env_remove("LS1_KEYSTORE_PASSWORD")
            .stdin(Stdio::null());
        if let Some(i) = signer {
            command.env("LS1_PRIVATE_KEY", self.key(i));
        }
        let output = command.output().expect("run ls1");
        Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `ls1 ARGS` as `signer`; it must succeed. Returns stdout with the hashes cut.
    pub fn ok(&self, signer: Option<usize>, args: &[&str]) -> String {
        let out = self.ls1(signer, args);
        assert_eq!(out.code, 0, "ls1 {args:?} failed: {}{}", out.stdout, out.stderr);
        out.text()
    }

    /// Runs `ls1 ARGS` as `signer`; it must fail. Returns stderr.
    pub fn refused(&self, signer: Option<usize>, args: &[&str]) -> String {
        let out = self.ls1(signer, args);
        assert_eq!(out.code, 1, "ls1 {args:?} should fail: {}{}", out.stdout, out.stderr);
        out.stderr
    }

    /// The start of epoch `n`.
    pub fn start_of(&self, n: u64) -> u64 {
        self.suite.epoch_zero + n * self.interval
    }

    /// Moves the clock to `seconds` after the start of epoch `n`.
    pub async fn at(&self, n: u64, seconds: u64) {
        self.chain.travel_to(self.start_of(n) + seconds).await.expect("time travel");
    }

    /// Moves the clock to `seconds` before the end of epoch `n`.
    pub async fn before_end(&self, n: u64, seconds: u64) {
        self.chain.travel_to(self.start_of(n + 1) - seconds).await.expect("time travel");
    }

    /// Sends `call` from actor `from`; it must succeed.
    pub async fn send<C: SolCall>(&self, from: usize, to: Address, call: C) {
        let name = C::SIGNATURE;
        self.chain.send(self.addr(from), to, call).await.unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    /// Calls a view.
    pub async fn get<C: SolCall>(&self, to: Address, call: C) -> C::Return {
        let name = C::SIGNATURE;
        self.chain.call(to, call).await.unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Mints `amount` USDC to actor `to`.
    pub async fn mint(&self, to: usize, amount: U256) {
        self.send(GOV, self.suite.usdc, ITestToken::mintCall { to: self.addr(to), amount }).await;
    }

    /// Mints, approves and stakes directly (not through ls1).
    pub async fn stake(&self, staker: usize, amount: U256) {
        self.mint(staker, amount).await;
        self.send(staker, self.suite.usdc, ITestToken::approveCall { spender: self.suite.pool, value: amount }).await;
        self.send(staker, self.suite.pool, LS::stakeCall { amount }).await;
    }

    /// Actor `i`'s nonce (how many transactions it sent).
    pub async fn nonce(&self, i: usize) -> u64 {
        use alloy::providers::Provider;
        self.chain.provider().get_transaction_count(self.addr(i)).await.expect("nonce")
    }

    /// USDC of `account`.
    pub async fn usdc_of(&self, account: Address) -> U256 {
        self.chain.token_balance(self.suite.usdc, account).await.expect("balanceOf")
    }
}
