//! `ls1`, the operators' command line: one subcommand group per role (staker, borrower,
//! governance), the reads and actions anyone may take (status, mark-debt), and the keeper service.
//! Every state-changing command checks its input, the caller's role and the getters' limits first,
//! shows what it will send, asks (unless `--yes`) and reports the contract's revert reason as given.

pub mod borrower;
pub mod cache;
pub mod context;
pub mod deploy;
pub mod governance;
pub mod parse;
pub mod staker;
pub mod status;

use std::{path::PathBuf, str::FromStr, time::Duration};

use alloy::signers::local::PrivateKeySigner;
use clap::{Parser, Subcommand};

use crate::{chain::Chain, deploy::Suite, keeper};
pub use context::{Ctx, Res};

/// Operate the LS1 pool, its stkUSDC and the borrowers' StarkProxies.
#[derive(Debug, Parser)]
#[command(name = "ls1", version, about = "Operate the LS1 pool, its stkUSDC and the borrowers' StarkProxies")]
pub struct Cli {
    /// The node's JSON-RPC URL.
    #[arg(long, global = true, env = "LS1_RPC_URL", default_value = "http://127.0.0.1:8547")]
    pub rpc_url: String,
    /// The deployment's addresses: the JSON file `Suite::save` writes.
    #[arg(long, global = true, env = "LS1_DEPLOYMENT")]
    pub deployment: Option<PathBuf>,
    /// The signer's private key (hex).
    #[arg(long, global = true, env = "LS1_PRIVATE_KEY", hide_env_values = true, conflicts_with = "keystore")]
    pub private_key: Option<String>,
    /// The signer as an encrypted JSON keystore (as foundry writes them).
    #[arg(long, global = true)]
    pub keystore: Option<PathBuf>,
    /// The keystore's password (asked on the terminal when missing).
    #[arg(long, global = true, env = "LS1_KEYSTORE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Print reads (and what was sent) as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Send without asking for confirmation.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The epoch clock, the pool's totals and solvency, the borrowers (and a staker with --staker).
    Status {
        /// Also show this staker's position.
        #[arg(long)]
        staker: Option<String>,
    },
    /// Staker actions.
    #[command(subcommand)]
    Staker(staker::StakerCommand),
    /// A market maker's actions on its StarkProxy.
    Borrower {
        /// Which StarkProxy.
        #[command(flatten)]
        proxy: borrower::ProxyArgs,
        /// The action.
        #[command(subcommand)]
        command: borrower::BorrowerCommand,
    },
    /// Governance: allocations, epochs, blackout window, rewards rate, restrictions.
    #[command(subcommand)]
    Governance(governance::GovernanceCommand),
    /// Anyone: charge the shortfall to overdue borrowers (default: every overdue borrower).
    MarkDebt {
        /// Names or StarkProxy addresses.
        borrowers: Vec<String>,
    },
    /// Deploys the suite from a config file (dry run with --dry-run; resumes an interrupted run).
    Deploy(deploy::DeployArgs),
    /// Reads a deployment (--deployment) back from the chain against its config; exit 1 on any mismatch.
    Check(deploy::CheckArgs),
    /// Bids to the chain's CacheManager for every program of the deployment not cached yet.
    Cache(cache::CacheArgs),
    /// The keeper service: autoPayOrBorrow in each blackout window, markDebt after each boundary.
    Keeper(keeper::KeeperArgs),
    /// Serves the dashboard page (pool, borrowers, a staker's position and actions) for this node.
    Dashboard {
        /// Address to serve the page on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// The page's files.
        #[arg(long, default_value_os_t = crate::dashboard::default_dir())]
        dir: PathBuf,
    },
}

/// Reads the signer from the options: a private key or a keystore.
pub fn load_signer(cli: &Cli) -> Res<Option<PrivateKeySigner>> {
    if let Some(key) = &cli.private_key {
        return PrivateKeySigner::from_str(key.trim()).map(Some).map_err(|e| format!("invalid --private-key: {e}"));
    }
    let Some(path) = &cli.keystore else { return Ok(None) };
    if !path.is_file() {
        return Err(format!("the keystore {} does not exist", path.display()));
    }
    let password = match &cli.password {
        Some(p) => p.clone(),
        None => {
            use std::io::{BufRead, IsTerminal, Write};
            if !std::io::stdin().is_terminal() {
                return Err("the keystore needs a password: pass --password or set LS1_KEYSTORE_PASSWORD".into());
            }
            eprint!("password for {}: ", path.display());
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    PrivateKeySigner::decrypt_keystore(path, password)
        .map(Some)
        .map_err(|e| format!("cannot open the keystore {}: {e} (wrong password?)", path.display()))
}

/// Runs the command line; errors are sentences for the operator.
pub async fn run(cli: Cli) -> Res<()> {
    let signer = load_signer(&cli)?;
    let command = match cli.command {
        Command::Deploy(args) => return deploy::run_deploy(&cli.rpc_url, signer, cli.yes, args).await,
        command => command,
    };
    let path = cli.deployment.clone().ok_or("give the deployment file with --deployment FILE (or LS1_DEPLOYMENT)")?;
    let suite = Suite::load(&path).map_err(|e| format!("cannot read the deployment: {e}"))?;
    let signers: Vec<PrivateKeySigner> = signer.into_iter().collect();
    let chain = Chain::connect(&cli.rpc_url, &signers).map_err(|e| e.to_string())?;
    let ctx = Ctx { chain, suite, signer: signers.first().map(PrivateKeySigner::address), json: cli.json, yes: cli.yes };
    match command {
        // Answered above, before a deployment file is needed.
        Command::Deploy(_) => Ok(()),
        Command::Check(args) => deploy::run_check(&ctx.chain, &ctx.suite, args).await,
        Command::Cache(args) => cache::run(&ctx, args).await,
        Command::Status { staker } => status::run(&ctx, staker).await,
        Command::Staker(command) => staker::run(&ctx, command).await,
        Command::Borrower { proxy, command } => borrower::run(&ctx, proxy, command).await,
        Command::Governance(command) => governance::run(&ctx, command).await,
        Command::MarkDebt { borrowers } => governance::mark_debt(&ctx, borrowers).await,
        Command::Keeper(args) => keeper::serve(ctx, args).await,
        Command::Dashboard { listen, dir } => {
            println!("dashboard: http://{listen}/ (node {})", cli.rpc_url);
            crate::dashboard::serve(&dir, listen, &cli.rpc_url, &ctx.suite)
        }
    }
}

/// How long to wait before retry `attempt` (1, 2, 4 … seconds from attempt 1, at most `cap`).
pub fn backoff(attempt: u32, cap: Duration) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(16)).min(cap)
}
