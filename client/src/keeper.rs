//! The keeper: a long-running service for a borrower's operator and for anyone guarding the pool.
//!
//! Each epoch it calls `autoPayOrBorrow` on the StarkProxies it operates inside the blackout window,
//! once the time left in the epoch is below a margin, and after an epoch boundary it calls `markDebt`
//! on the overdue borrowers. One [`Keeper::tick`] looks at the chain, decides and acts; the service
//! ([`serve`]) calls it every `--interval` seconds, retries with backoff when the node is away, and
//! stops cleanly on SIGINT/SIGTERM. What it sent is kept per epoch in a state file, and every action
//! is also re-checked on the chain first (an `autoPayOrBorrow` that would do nothing, or a `markDebt`
//! without shortfall, is not sent), so nothing is sent twice in an epoch, across restarts too.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use alloy::primitives::{Address, B256};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP};
use serde::{Deserialize, Serialize};

use crate::{
    chain::{Chain, Failure},
    cli::{context::role, parse, Ctx, Res},
    deploy::Suite,
    report::{clock, duration, usdc},
};

/// `ls1 keeper`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct KeeperArgs {
    /// Call autoPayOrBorrow once the time left in the epoch is below this (and the blackout window
    /// is open): seconds or e.g. 1d, 12h.
    #[arg(long, default_value = "1d")]
    pub margin: String,
    /// Seconds between two looks at the chain.
    #[arg(long, default_value_t = 60)]
    pub interval: u64,
    /// The StarkProxies to operate, by name or address (default: every proxy of the deployment
    /// whose BORROWER_ROLE the signer holds).
    #[arg(long = "proxy")]
    pub proxies: Vec<String>,
    /// Where the keeper keeps what it did in each epoch.
    #[arg(long, default_value = "ls1-keeper-state.json")]
    pub state: PathBuf,
    /// Never call autoPayOrBorrow (a guard that only marks debt).
    #[arg(long)]
    pub no_auto_pay: bool,
    /// Never call markDebt.
    #[arg(long)]
    pub no_mark_debt: bool,
    /// Look once, act, and exit.
    #[arg(long)]
    pub once: bool,
}

/// What the keeper does.
#[derive(Debug, Clone)]
pub struct KeeperConfig {
    /// Act on autoPayOrBorrow when the time left in the epoch is at most this many seconds.
    pub margin: u64,
    /// The proxies to operate; `None`: those of the deployment whose BORROWER_ROLE the signer holds.
    pub proxies: Option<Vec<Address>>,
    /// The state file; `None` keeps the state in memory only.
    pub state_path: Option<PathBuf>,
    /// Whether to call autoPayOrBorrow.
    pub auto_pay: bool,
    /// Whether to call markDebt.
    pub mark_debt: bool,
}

impl Default for KeeperConfig {
    fn default() -> Self {
        Self { margin: 86_400, proxies: None, state_path: None, auto_pay: true, mark_debt: true }
    }
}

/// One action sent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Done {
    /// `autoPayOrBorrow` or `markDebt`.
    pub action: String,
    /// The proxy (autoPayOrBorrow) or the borrowers charged (markDebt).
    pub targets: Vec<Address>,
    /// The transaction.
    pub tx: B256,
    /// The chain time when it was sent.
    pub at: u64,
}

/// What the keeper sent, per epoch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeeperState {
    /// Epoch → actions sent in it.
    pub epochs: BTreeMap<u64, Vec<Done>>,
}

impl KeeperState {
    /// Reads `path`; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("the keeper state {} is damaged: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read the keeper state {}: {e}", path.display())),
        }
    }

    /// Writes `path` (through a temporary file, so a crash never leaves half a file).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The action `action` on `target` sent in `epoch`, if any.
    pub fn find(&self, epoch: u64, action: &str, target: Option<Address>) -> Option<&Done> {
        self.epochs.get(&epoch)?.iter().find(|d| d.action == action && target.is_none_or(|t| d.targets.contains(&t)))
    }
}

/// The result of one tick.
#[derive(Debug, Clone, Default)]
pub struct Tick {
    /// The chain time looked at.
    pub now: u64,
    /// The epoch then (`None` before epoch zero).
    pub epoch: Option<u64>,
    /// Every decision, in words.
    pub log: Vec<String>,
    /// The actions sent.
    pub sent: Vec<Done>,
}

/// The keeper: a connection signing for one account, the deployment, what it did.
#[derive(Debug)]
pub struct Keeper {
    /// The connection (it must sign for `signer`).
    pub chain: Chain,
    /// The deployment.
    pub suite: Suite,
    /// The keeper's account.
    pub signer: Address,
    /// What it does.
    pub config: KeeperConfig,
    /// What it sent (loaded from the state file).
    pub state: KeeperState,
}

impl Keeper {
    /// A keeper; loads the state file if there is one.
    pub fn new(chain: Chain, suite: Suite, signer: Address, config: KeeperConfig) -> Result<Self, String> {
        let state = match &config.state_path {
            Some(path) => KeeperState::load(path)?,
            None => KeeperState::default(),
        };
        Ok(Self { chain, suite, signer, config, state })
    }

    fn name(&self, proxy: Address) -> String {
        self.suite.borrowers.iter().find(|b| b.proxy == proxy).map(|b| b.config.name.clone()).unwrap_or_else(|| proxy.to_string())
    }

    fn record(&mut self, epoch: u64, done: Done) -> Result<(), Failure> {
        self.state.epochs.entry(epoch).or_default().push(done);
        // Keep the last 16 epochs.
        while self.state.epochs.len() > 16 {
            let first = *self.state.epochs.keys().next().expect("not empty");
            self.state.epochs.remove(&first);
        }
        if let Some(path) = &self.config.state_path {
            self.state.save(path).map_err(Failure::Rpc)?;
        }
        Ok(())
    }

    /// The proxies operated now.
    async fn operated(&self) -> Result<Vec<Address>, Failure> {
        if let Some(list) = &self.config.proxies {
            return Ok(list.clone());
        }
        let mut mine = Vec::new();
        for b in &self.suite.borrowers {
            if self.chain.call(b.proxy, SP::hasRoleCall { role: role("BORROWER_ROLE"), account: self.signer }).await? {
                mine.push(b.proxy);
            }
        }
        Ok(mine)
    }

    /// Looks at the chain, decides and acts once.
    pub async fn tick(&mut self) -> Result<Tick, Failure> {
        let pool = self.suite.pool;
        let clock = clock(&self.chain, pool).await?;
        let mut tick = Tick { now: clock.now, epoch: clock.epoch, ..Tick::default() };
        let Some(epoch) = clock.epoch else {
            tick.log.push(format!("before epoch zero (it starts in {}): nothing to do", duration(clock.until_next_epoch)));
            return Ok(tick);
        };
        if self.config.mark_debt {
            self.mark_debt(epoch, &mut tick).await?;
        }
        if self.config.auto_pay {
            self.auto_pay(epoch, &clock, &mut tick).await?;
        }
        Ok(tick)
    }

    async fn mark_debt(&mut self, epoch: u64, tick: &mut Tick) -> Result<(), Failure> {
        let pool = self.suite.pool;
        let mut overdue = Vec::new();
        for b in &self.suite.borrowers {
            if self.chain.call(pool, LS::isBorrowerOverdueCall { borrower: b.proxy }).await? {
                overdue.push(b.proxy);
            }
        }
        if overdue.is_empty() {
            tick.log.push(format!("epoch {epoch}: no borrower is overdue"));
            return Ok(());
        }
        let names: Vec<String> = overdue.iter().map(|p| self.name(*p)).collect();
        let names = names.join(", ");
        if let Some(done) = self.state.find(epoch, "markDebt", None) {
            tick.log.push(format!("epoch {epoch}: overdue {names}; markDebt already sent in this epoch (tx {})", done.tx));
            return Ok(());
        }
        let call = LS::markDebtCall { borrowers: overdue.clone() };
        let shortfall = match self.chain.call_as(self.signer, pool, call.clone()).await {
            Ok(shortfall) => shortfall,
            Err(Failure::Reverted(reason)) => {
                tick.log.push(format!("epoch {epoch}: overdue {names}; markDebt would revert ({reason}): not sent"));
                return Ok(());
            }
            Err(failure) => return Err(failure),
        };
        let receipt = match self.chain.send(self.signer, pool, call).await {
            Ok(receipt) => receipt,
            Err(Failure::Reverted(reason)) => {
                tick.log.push(format!("epoch {epoch}: overdue {names}; markDebt reverted: {reason}"));
                return Ok(());
            }
            Err(failure) => return Err(failure),
        };
        let done = Done { action: "markDebt".into(), targets: overdue, tx: receipt.transaction_hash, at: tick.now };
        tick.log.push(format!("epoch {epoch}: overdue {names}; markDebt sent: shortfall {} USDC (tx {})", usdc(shortfall), done.tx));
        tick.sent.push(done.clone());
        self.record(epoch, done)
    }

    async fn auto_pay(&mut self, epoch: u64, clock: &crate::report::Clock, tick: &mut Tick) -> Result<(), Failure> {
        let proxies = self.operated().await?;
        if proxies.is_empty() {
            return Ok(());
        }
        if !clock.in_blackout {
            tick.log
                .push(format!("epoch {epoch}: the blackout window opens in {}: no autoPayOrBorrow yet", duration(clock.until_blackout)));
            return Ok(());
        }
        if clock.until_next_epoch > self.config.margin {
            tick.log.push(format!(
                "epoch {epoch}: blackout window, {} left, waiting until {} are left",
                duration(clock.until_next_epoch),
                duration(self.config.margin)
            ));
            return Ok(());
        }
        for proxy in proxies {
            let name = self.name(proxy);
            if let Some(done) = self.state.find(epoch, "autoPayOrBorrow", Some(proxy)) {
                tick.log.push(format!("epoch {epoch}: {name}: autoPayOrBorrow already sent in this epoch (tx {})", done.tx));
                continue;
            }
            if !self.chain.call(proxy, SP::hasRoleCall { role: role("BORROWER_ROLE"), account: self.signer }).await? {
                tick.log.push(format!("epoch {epoch}: {name}: {} does not hold BORROWER_ROLE: skipped", self.signer));
                continue;
            }
            let preview = match self.chain.call_as(self.signer, proxy, SP::autoPayOrBorrowCall {}).await {
                Ok(r) => r,
                Err(Failure::Reverted(reason)) => {
                    tick.log.push(format!("epoch {epoch}: {name}: autoPayOrBorrow would revert ({reason}): not sent"));
                    continue;
                }
                Err(failure) => return Err(failure),
            };
            let (b, r, d) = (preview.borrowed, preview.repaidBorrow, preview.repaidDebt);
            if b.is_zero() && r.is_zero() && d.is_zero() {
                tick.log.push(format!("epoch {epoch}: {name}: autoPayOrBorrow would do nothing: not sent"));
                continue;
            }
            let receipt = match self.chain.send(self.signer, proxy, SP::autoPayOrBorrowCall {}).await {
                Ok(receipt) => receipt,
                Err(Failure::Reverted(reason)) => {
                    tick.log.push(format!("epoch {epoch}: {name}: autoPayOrBorrow reverted: {reason}"));
                    continue;
                }
                Err(failure) => return Err(failure),
            };
            let done = Done { action: "autoPayOrBorrow".into(), targets: vec![proxy], tx: receipt.transaction_hash, at: tick.now };
            tick.log.push(format!(
                "epoch {epoch}: {name}: autoPayOrBorrow sent: borrowed {}, repaid {}, repaid debt {} USDC (tx {})",
                usdc(b),
                usdc(r),
                usdc(d),
                done.tx
            ));
            tick.sent.push(done.clone());
            self.record(epoch, done)?;
        }
        Ok(())
    }
}

/// `seconds` since 1970 as `2026-11-26T12:00:00Z`.
pub fn utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rem = seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3_600, rem % 3_600 / 60, rem % 60)
}

/// Prints `line` with the wall-clock time.
pub fn log(line: &str) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    println!("{} {line}", utc(now));
}

/// The keeper's configuration from its options.
pub fn config(ctx: &Ctx, args: &KeeperArgs) -> Res<KeeperConfig> {
    let margin = parse::duration(&args.margin)?;
    let proxies = if args.proxies.is_empty() {
        None
    } else {
        let mut list = Vec::new();
        for text in &args.proxies {
            // A name or proxy of the deployment, or any address (checked to be a StarkProxy of the pool).
            let proxy = match ctx.borrower(text) {
                Ok(b) => b.proxy,
                Err(e) => text.trim().parse::<Address>().map_err(|_| e)?,
            };
            list.push(proxy);
        }
        Some(list)
    };
    Ok(KeeperConfig { margin, proxies, state_path: Some(args.state.clone()), auto_pay: !args.no_auto_pay, mark_debt: !args.no_mark_debt })
}

/// How long one tick may take before it is abandoned and retried.
const TICK_TIMEOUT: Duration = Duration::from_secs(300);

/// `ls1 keeper`: ticks every `--interval` seconds until SIGINT or SIGTERM.
pub async fn serve(ctx: Ctx, args: KeeperArgs) -> Res<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let signer = ctx.signer()?;
    let config = config(&ctx, &args)?;
    for proxy in config.proxies.iter().flatten() {
        if !ctx.suite.borrowers.iter().any(|b| b.proxy == *proxy) {
            ctx.check_proxy(*proxy).await?;
        }
    }
    let interval = Duration::from_secs(args.interval.max(1));
    let mut keeper = Keeper::new(ctx.chain.clone(), ctx.suite.clone(), signer, config)?;
    // Refuse to start with a state file it cannot write: it must record every action it sends.
    keeper.state.save(&args.state)?;
    let mut sigint = signal(SignalKind::interrupt()).map_err(|e| format!("cannot watch SIGINT: {e}"))?;
    let mut sigterm = signal(SignalKind::terminate()).map_err(|e| format!("cannot watch SIGTERM: {e}"))?;
    log(&format!(
        "keeper {signer} on {}: pool {}, margin {}, every {} s, state {}",
        ctx.chain.url,
        ctx.suite.pool,
        duration(keeper.config.margin),
        interval.as_secs(),
        args.state.display()
    ));
    if interval.as_secs() >= keeper.config.margin {
        log(&format!(
            "warning: the interval ({} s) is not shorter than the margin ({} s): a blackout window's last moments may pass between two looks",
            interval.as_secs(),
            keeper.config.margin
        ));
    }
    let mut failures = 0u32;
    loop {
        // A tick that hangs (a node that accepts but never answers) is abandoned after a while;
        // a signal stops the keeper even in the middle of one: what it sent is in the state file
        // and on the chain, so the next run does not repeat it.
        let result = tokio::select! {
            result = tokio::time::timeout(TICK_TIMEOUT, keeper.tick()) => {
                result.unwrap_or_else(|_| Err(Failure::Rpc(format!("no answer in {} s", TICK_TIMEOUT.as_secs()))))
            }
            _ = sigint.recv() => { log("SIGINT: stopping"); break; }
            _ = sigterm.recv() => { log("SIGTERM: stopping"); break; }
        };
        let wait = match result {
            Ok(tick) => {
                for line in &tick.log {
                    log(line);
                }
                failures = 0;
                if args.once {
                    return Ok(());
                }
                interval
            }
            Err(failure) => {
                if args.once {
                    return Err(format!("the tick failed: {failure}"));
                }
                failures += 1;
                let wait = crate::cli::backoff(failures, interval.max(Duration::from_secs(60)));
                log(&format!("the tick failed ({failure}); retry {failures} in {} s", wait.as_secs()));
                wait
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = sigint.recv() => { log("SIGINT: stopping"); break; }
            _ = sigterm.recv() => { log("SIGTERM: stopping"); break; }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(utc(1_772_323_199), "2026-02-28T23:59:59Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn state_round_trip() {
        let dir = std::env::temp_dir().join(format!("ls1-keeper-state-{}.json", std::process::id()));
        let mut state = KeeperState::default();
        let done = Done { action: "markDebt".into(), targets: vec![Address::ZERO], tx: B256::ZERO, at: 5 };
        state.epochs.entry(3).or_default().push(done.clone());
        state.save(&dir).unwrap();
        let loaded = KeeperState::load(&dir).unwrap();
        assert_eq!(loaded, state);
        assert_eq!(loaded.find(3, "markDebt", None), Some(&done));
        assert_eq!(loaded.find(4, "markDebt", None), None);
        std::fs::remove_file(&dir).unwrap();
        assert_eq!(KeeperState::load(&dir).unwrap(), KeeperState::default());
    }
}
