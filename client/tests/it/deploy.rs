//! `ls1 deploy` and `ls1 check` as processes against the embedded devnode over JSON-RPC: a dry run
//! that sends nothing, a deployment interrupted midway and resumed without repeating a step, a check
//! of the result, its programs cached through the CacheManager, three broken deployments each named by its failing line, and the config refusals.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use alloy::{
    primitives::{hex, keccak256, Address, U256},
    providers::Provider,
    signers::local::PrivateKeySigner,
    sol_types::SolValue,
};
use arbitrum::{ArbWasmCache, ARBWASM_CACHE};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP, CONSTRUCTOR_SELECTOR};
use ls1_client::{deploy::default_wasm_dir, deploy_with_constructor, dev_signers, start_devnode, Chain, Suite};

use crate::common::Out;

/// The dev accounts' roles in these tests: the deployer (also the treasury), governance, the
/// guardian, then the five operators.
const DEPLOYER: usize = 0;
const GOVERNANCE: usize = 1;
const GUARDIAN: usize = 2;

/// A devnode, the dev keys, and a folder for configs and deployments.
struct Node {
    url: String,
    chain: Chain,
    signers: Vec<PrivateKeySigner>,
    dir: tempfile::TempDir,
}

impl Node {
    /// Starts the embedded devnode; `None` (after printing why) when the programs are not built.
    fn start(test: &str) -> Option<Self> {
        if !default_wasm_dir().join("ls1-pool.wasm").exists() {
            devnode::skip_test(&format!(
                "{test}: the WASM programs are not built in {} (run scripts/build.sh)",
                default_wasm_dir().display()
            ));
            return None;
        }
        let url = start_devnode(0).expect("the embedded devnode");
        let signers = dev_signers();
        let chain = Chain::connect(&url, &signers).expect("connect");
        Some(Self { url, chain, signers, dir: tempfile::tempdir().expect("a temporary folder") })
    }

    fn addr(&self, i: usize) -> Address {
        self.signers[i].address()
    }

    /// A config like the repository's `deploy.toml`, with `edit` applied to its text; returns its path.
    fn config(&self, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
        let operators: Vec<String> = (3..8).map(|i| self.addr(i).to_string()).collect();
        let shares = [2_500, 2_500, 2_000, 2_000, 1_000];
        let mut text = format!(
            "[chain]\nchain_id = 412346\n\n[programs]\nwasm_dir = \"{}\"\n\n[roles]\ngovernance = \"{}\"\ntreasury = \"{}\"\nguardian = \"{}\"\n\n\
             [epochs]\ninterval = 2419200\nblackout_window = 1209600\nepoch_zero_in = 86400\n\n\
             [rewards]\nper_second = \"158548959918822932\"\ndistribution_length = 157680000\n",
            default_wasm_dir().display(),
            self.addr(GOVERNANCE),
            self.addr(DEPLOYER),
            self.addr(GUARDIAN),
        );
        for (i, operator) in operators.iter().enumerate() {
            text += &format!(
                "\n[[market_makers]]\nname = \"MM-{}\"\noperator = \"{operator}\"\nallocation = {}\nstark_key = \"0x5717000{i}\"\n",
                (b'A' + i as u8) as char,
                shares[i]
            );
        }
        let path = self.dir.path().join(name);
        std::fs::write(&path, edit(text)).expect("write the config");
        path
    }

    /// Runs `ls1 ARGS` against the node, signing as `signer`, with no terminal.
    fn ls1(&self, signer: Option<usize>, args: &[&str]) -> Out {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ls1"));
        command.args(args).env("LS1_RPC_URL", &self.url).env_remove("LS1_PRIVATE_KEY").env_remove("LS1_DEPLOYMENT").stdin(Stdio::null());
        if let Some(i) = signer {
            command.env("LS1_PRIVATE_KEY", hex::encode_prefixed(self.signers[i].to_bytes()));
        }
        let output = command.output().expect("run ls1");
        Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `ls1 check` of `deployment` against `config`.
    fn check(&self, config: &Path, deployment: &Path) -> Out {
        self.ls1(None, &["check", "--config", path(config), "--deployment", path(deployment)])
    }

    async fn nonce(&self, i: usize) -> u64 {
        self.chain.provider().get_transaction_count(self.addr(i)).await.expect("nonce")
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The journal's lines, parsed.
fn journal(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(format!("{}.journal", out.display())).expect("the journal");
    text.lines().map(|line| serde_json::from_str(line).expect("a journal line")).collect()
}

/// The `FAIL` lines of a check's output.
fn failures(out: &Out) -> Vec<String> {
    out.stdout.lines().filter(|line| line.starts_with("FAIL")).map(String::from).collect()
}

#[tokio::test]
async fn a_deployment_from_a_config_dry_run_interrupted_resumed_and_checked() {
    let Some(node) = Node::start("a_deployment_from_a_config_dry_run_interrupted_resumed_and_checked") else { return };
    let config = node.config("deploy.toml", |text| text);
    let out = node.dir.path().join("deployment.json");
    let deploy = ["deploy", "--config", path(&config), "--out", path(&out)];

    // The dry run lists every step with its gas and sends nothing.
    let dry = node.ls1(Some(DEPLOYER), &[&deploy[..], &["--dry-run"]].concat());
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    let steps: Vec<&str> = dry.stdout.lines().filter(|l| l.split_whitespace().next().is_some_and(|n| n.parse::<u32>().is_ok())).collect();
    assert_eq!(steps.len(), 85, "{}", dry.stdout);
    assert!(steps[0].contains("test token USDC"), "{}", steps[0]);
    assert!(steps[84].contains("pool deployer renounces OWNER_ROLE"), "{}", steps[84]);
    assert!(dry.stdout.contains("activation data fees (wei): usdc 0, dydx 0, ls1-core 0,"), "{}", dry.stdout);
    assert!(dry.stdout.ends_with("gas price: 0 wei; total cost: about 0 wei\ndry run: nothing sent\n"), "{}", dry.stdout);
    assert_eq!(node.nonce(DEPLOYER).await, 0, "the dry run sent nothing");
    assert!(!out.exists());

    // Interrupted after 20 steps: the journal has them, no deployment file yet.
    let stopped = node.ls1(Some(DEPLOYER), &[&deploy[..], &["--yes", "--stop-after", "20"]].concat());
    assert_eq!(stopped.code, 1, "{}{}", stopped.stdout, stopped.stderr);
    assert!(stopped.stderr.contains("after 20 steps, as asked"), "{}", stopped.stderr);
    assert!(stopped.stderr.contains("run the same command again to resume"), "{}", stopped.stderr);
    let first = journal(&out);
    assert_eq!(first.len(), 20);
    assert!(!out.exists());
    let sent_before = node.nonce(DEPLOYER).await;

    // Resumed: the remaining 65 steps, none of the first 20 again.
    let resumed = node.ls1(Some(DEPLOYER), &[&deploy[..], &["--yes"]].concat());
    assert_eq!(resumed.code, 0, "{}{}", resumed.stdout, resumed.stderr);
    assert!(resumed.stdout.starts_with("20 steps are done already (journal); the rest:\n"), "{}", resumed.stdout);
    let all = journal(&out);
    assert_eq!(all.len(), 85);
    assert_eq!(all[..20], first[..], "the first steps are kept as they were");
    let mut names: Vec<&str> = all.iter().map(|s| s["name"].as_str().expect("a name")).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 85, "no step ran twice");
    let txs: usize = all.iter().map(|s| s["txs"].as_array().expect("txs").len()).sum();
    assert_eq!(node.nonce(DEPLOYER).await as usize, txs, "every transaction the deployer sent is in the journal once");
    let later: usize = all[20..].iter().map(|s| s["txs"].as_array().expect("txs").len()).sum();
    assert_eq!(node.nonce(DEPLOYER).await - sent_before, later as u64);
    let suite = Suite::load(&out).expect("the deployment file");
    let ls1_core: U256 = serde_json::from_value(all[2]["value"].clone()).expect("a number");
    assert_eq!(all[2]["name"], "program ls1-core");
    assert_eq!(suite.pool_facets[0].1, Address::from_word(ls1_core.into()), "ls1-core from the interrupted run");
    assert_eq!((suite.governance, suite.deployer), (node.addr(GOVERNANCE), node.addr(DEPLOYER)));

    // The check reads it all back.
    let checked = node.check(&config, &out);
    assert_eq!(checked.code, 0, "{}{}", checked.stdout, checked.stderr);
    assert!(failures(&checked).is_empty());
    assert!(checked.stdout.contains("ok   pool router table: 93 selectors where the build puts them\n"), "{}", checked.stdout);
    assert!(checked.stdout.contains(&format!("ok   pool OWNER_ROLE: renounced by the deployer {}\n", node.addr(DEPLOYER))));
    assert!(checked.stdout.ends_with(&format!("the deployment matches {}\n", path(&config))), "{}", checked.stdout);

    // The programs cached through the chain's CacheManager; a second run finds them cached.
    let deployment = path(&out);
    let cache = node.ls1(Some(DEPLOYER), &["cache", "--deployment", deployment, "--yes"]);
    assert_eq!(cache.code, 0, "{}{}", cache.stdout, cache.stderr);
    let bids: Vec<&str> = cache.stdout.lines().filter(|l| l.starts_with("sent: bid 0 wei to cache ")).collect();
    assert_eq!(bids.len(), 12, "7 pool facets, the pool, stkUSDC, 2 StarkProxy facets, sp-proxy: {}", cache.stdout);
    for (name, program) in [("ls1-pool", suite.pool), ("stk-usdc", suite.stk_usdc), ("sp-proxy", suite.borrowers[4].proxy)] {
        let code = node.chain.provider().get_code_at(program).await.expect("code");
        let cached =
            node.chain.call(ARBWASM_CACHE, ArbWasmCache::codehashIsCachedCall { codehash: keccak256(&code) }).await.expect("cached");
        assert!(cached, "{name}");
    }
    let again = node.ls1(Some(DEPLOYER), &["cache", "--deployment", deployment, "--yes"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(again.stdout.lines().filter(|l| l.ends_with(": cached already")).count(), 12, "{}", again.stdout);
    assert!(again.stdout.starts_with("ls1-core: cached already\n"), "{}", again.stdout);

    // Broken 1: governance moves 5 % from MM-A to MM-B.
    let (a, b) = (suite.borrowers[0].proxy, suite.borrowers[1].proxy);
    let moved = LS::setBorrowerAllocationsCall { borrowers: vec![a, b], newAllocations: vec![U256::from(2_000), U256::from(3_000)] };
    node.chain.send(node.addr(GOVERNANCE), suite.pool, moved).await.expect("setBorrowerAllocations");
    let broken = node.check(&config, &out);
    assert_eq!(broken.code, 1);
    assert_eq!(
        failures(&broken),
        [
            "FAIL MM-A's allocation (next epoch, hundredths of a percent): 2000, expected 2500",
            "FAIL MM-B's allocation (next epoch, hundredths of a percent): 3000, expected 2500"
        ]
    );
    assert!(broken.stderr.contains("error: 2 line(s) do not match"), "{}", broken.stderr);

    // Broken 2: the guardian gives up its role on MM-C's proxy.
    let (guardian, c) = (node.addr(GUARDIAN), suite.borrowers[2].proxy);
    let renounce = SP::renounceRoleCall { role: alloy::primitives::keccak256("GUARDIAN_ROLE"), account: guardian };
    node.chain.send(guardian, c, renounce).await.expect("renounceRole");
    let broken = node.check(&config, &out);
    assert_eq!(broken.code, 1);
    assert!(
        failures(&broken).contains(&format!("FAIL MM-C's StarkProxy GUARDIAN_ROLE: held by the guardian {guardian}")),
        "{}",
        broken.stdout
    );
    assert_eq!(failures(&broken).len(), 3);

    // Broken 3: the deployment file names an stkUSDC the pool is not linked to.
    let code = std::fs::read(default_wasm_dir().join("stk-usdc.wasm")).expect("stk-usdc.wasm");
    let constructor = [&CONSTRUCTOR_SELECTOR[..], &suite.pool.abi_encode()].concat();
    let other = deploy_with_constructor(&node.chain, node.addr(DEPLOYER), &code, constructor, U256::ZERO).await.expect("another stkUSDC");
    let unlinked = node.dir.path().join("unlinked.json");
    Suite { stk_usdc: other, ..suite.clone() }.save(&unlinked).expect("save");
    let broken = node.check(&config, &unlinked);
    assert_eq!(broken.code, 1);
    let line = format!("FAIL pool -> stkUSDC: the pool names {}, the deployment {other}", suite.stk_usdc);
    assert!(failures(&broken).contains(&line), "{}", broken.stdout);
}

#[tokio::test]
async fn a_config_the_pool_would_refuse_is_refused_before_sending() {
    let Some(node) = Node::start("a_config_the_pool_would_refuse_is_refused_before_sending") else { return };
    let out = node.dir.path().join("deployment.json");
    let guardian = node.addr(GUARDIAN);
    // (config name, text replaced, replacement, the refusal's words)
    let cases = [
        (
            "allocations.toml",
            "allocation = 1000".into(),
            "allocation = 900".into(),
            "market_makers: the allocations add up to 9900 hundredths of a percent, not 10000 (100 %)",
        ),
        (
            "blackout.toml",
            "blackout_window = 1209600".into(),
            "blackout_window = 172800".into(),
            "epochs: the blackout window (172800) must be at least 3 days (259200)",
        ),
        (
            "half.toml",
            "blackout_window = 1209600".into(),
            "blackout_window = 1209601".into(),
            "epochs: the blackout window (1209601) can be at most half the epoch length (2419200)",
        ),
        (
            "long.toml",
            "interval = 2419200".into(),
            "interval = 8000000".into(),
            "epochs: the epoch length (8000000) can be at most 92 days (7948800)",
        ),
        (
            "guardian.toml",
            format!("guardian = \"{guardian}\""),
            format!("guardian = \"{}\"", Address::ZERO),
            "roles.guardian: the zero address",
        ),
        ("chain.toml", "chain_id = 412346".into(), "chain_id = 42161".into(), "is chain 412346; the config is for chain 42161"),
        ("past.toml", "epoch_zero_in = 86400".into(), "epoch_zero = 1000".into(), "epochs.epoch_zero (1000) is not in the future"),
    ];
    for (name, from, to, message) in cases {
        let config = node.config(name, |text: String| text.replace(&from, &to));
        let refused = node.ls1(Some(DEPLOYER), &["deploy", "--config", path(&config), "--out", path(&out), "--yes"]);
        assert_eq!(refused.code, 1, "{name}: {}{}", refused.stdout, refused.stderr);
        assert!(refused.stderr.contains(message), "{name}: {}", refused.stderr);
    }
    let no_key = node.ls1(None, &["deploy", "--config", path(&node.config("ok.toml", |t| t)), "--out", path(&out)]);
    assert_eq!(no_key.stderr, "error: give the deployer's key: --keystore FILE (or --private-key)\n");
    assert_eq!(node.nonce(DEPLOYER).await, 0, "nothing was sent");
    assert!(!out.exists());
}
