//! `ls1 governance …`: the pool's admin functions, each behind its role; and `ls1 mark-debt`.

use alloy::primitives::{Address, U256};
use bindings::ILiquidityStakingV1 as LS;

use super::{
    context::{Ctx, Res, Tx},
    parse,
};
use crate::report::{clock, duration, dydx, percent, units, usdc};

/// Governance's subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum GovernanceCommand {
    /// Schedule next epoch's allocations: NAME_OR_ADDR=PERCENT ... (`unallocated` is address 0);
    /// the listed entries must keep their sum.
    SetAllocations {
        /// e.g. MM-A=30% unallocated=0
        #[arg(required = true)]
        entries: Vec<String>,
        /// Values are units out of 10,000 instead of percentages.
        #[arg(long)]
        units: bool,
    },
    /// Change the epoch length and offset.
    SetEpochParameters {
        /// Epoch length: seconds or e.g. 28d.
        #[arg(long, allow_hyphen_values = true)]
        interval: String,
        /// Start of epoch zero (unix seconds); default: unchanged.
        #[arg(long)]
        offset: Option<u64>,
    },
    /// Change the blackout window: seconds or e.g. 14d.
    SetBlackoutWindow {
        /// The new window.
        #[arg(allow_hyphen_values = true)]
        window: String,
    },
    /// Change the rewards rate: DYDX per second (18 decimals), e.g. 0.15.
    SetRewardsPerSecond {
        /// DYDX per second.
        #[arg(allow_hyphen_values = true)]
        rate: String,
    },
    /// Restrict a borrower from borrowing (or lift the restriction with --lift).
    Restrict {
        /// Name or StarkProxy address.
        borrower: String,
        /// Lift the restriction.
        #[arg(long)]
        lift: bool,
    },
}

/// Resolves an allocation target: a borrower of the deployment or `unallocated` (address 0).
fn target(ctx: &Ctx, text: &str) -> Res<Address> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("unallocated") {
        return Ok(Address::ZERO);
    }
    if let Ok(addr) = t.parse::<Address>() {
        if addr == Address::ZERO {
            return Ok(addr);
        }
    }
    ctx.borrower(t).map(|b| b.proxy)
}

/// Refuses in the blackout window (`what` cannot change then).
async fn outside_blackout(ctx: &Ctx, what: &str) -> Res<()> {
    let clock = clock(&ctx.chain, ctx.suite.pool).await.map_err(Ctx::rpc)?;
    if clock.in_blackout {
        return Err(format!(
            "refused: {what} cannot change in the blackout window; epoch {} ends in {}",
            clock.epoch.unwrap_or_default(),
            duration(clock.until_next_epoch)
        ));
    }
    Ok(())
}

/// Runs a governance subcommand.
pub async fn run(ctx: &Ctx, command: GovernanceCommand) -> Res<()> {
    match command {
        GovernanceCommand::SetAllocations { entries, units } => set_allocations(ctx, entries, units).await,
        GovernanceCommand::SetEpochParameters { interval, offset } => set_epoch_parameters(ctx, interval, offset).await,
        GovernanceCommand::SetBlackoutWindow { window } => set_blackout_window(ctx, window).await,
        GovernanceCommand::SetRewardsPerSecond { rate } => set_rewards_per_second(ctx, rate).await,
        GovernanceCommand::Restrict { borrower, lift } => restrict(ctx, borrower, lift).await,
    }
}

/// Sets the borrowers' shares of the pool (percentages, or units with `units`).
async fn set_allocations(ctx: &Ctx, entries: Vec<String>, units: bool) -> Res<()> {
    let pool = ctx.suite.pool;
    let mut borrowers = Vec::new();
    let mut values = Vec::new();
    for entry in &entries {
        let (name, value) =
            entry.rsplit_once('=').ok_or_else(|| format!("invalid entry '{entry}': expected NAME_OR_ADDR=PERCENT, e.g. MM-A=25%"))?;
        let borrower = target(ctx, name)?;
        if borrowers.contains(&borrower) {
            return Err(format!("refused: {} is listed twice", ctx.name_of(borrower)));
        }
        borrowers.push(borrower);
        values.push(parse::allocation(value, units)?);
    }
    ctx.require_role(pool, "the pool", "BORROWER_ADMIN_ROLE", "set-allocations").await?;
    outside_blackout(ctx, "allocations").await?;
    let mut preview = Vec::new();
    let (mut old_sum, mut new_sum) = (0u64, 0u64);
    for (borrower, value) in borrowers.iter().zip(&values) {
        let old: u64 = ctx.view(pool, LS::getAllocationFractionNextEpochCall { borrower: *borrower }).await?.saturating_to();
        preview.push(format!("{}: {} -> {} next epoch", ctx.name_of(*borrower), percent(U256::from(old)), percent(U256::from(*value))));
        old_sum += old;
        new_sum += value;
    }
    if old_sum != new_sum {
        return Err(format!(
                "refused: the listed allocations must keep their sum: they hold {} next epoch and would get {}; list unallocated or other borrowers to balance",
                percent(U256::from(old_sum)),
                percent(U256::from(new_sum))
            ));
    }
    let described: Vec<String> =
        borrowers.iter().zip(&values).map(|(b, v)| format!("{} {}", ctx.name_of(*b), percent(U256::from(*v)))).collect();
    let call = LS::setBorrowerAllocationsCall { borrowers, newAllocations: values.iter().map(|v| U256::from(*v)).collect() };
    ctx.execute(&preview, vec![Tx::new(format!("set allocations: {}", described.join(", ")), pool, call)]).await?;
    ctx.say("allocations scheduled for the next epoch");
    Ok(())
}

/// Sets the epoch length and offset.
async fn set_epoch_parameters(ctx: &Ctx, interval: String, offset: Option<u64>) -> Res<()> {
    let pool = ctx.suite.pool;
    let interval = parse::duration(&interval)?;
    ctx.require_role(pool, "the pool", "EPOCH_PARAMETERS_ROLE", "set-epoch-parameters").await?;
    let old = ctx.view(pool, LS::getEpochParametersCall {}).await?;
    let offset = offset.unwrap_or(old.offset as u64);
    let preview = vec![format!(
        "epochs: every {} from {} (now every {} from {})",
        duration(interval),
        offset,
        duration(old.interval as u64),
        old.offset
    )];
    let call = LS::setEpochParametersCall { interval: U256::from(interval), offset: U256::from(offset) };
    ctx.execute(&preview, vec![Tx::new(format!("set epoch parameters: interval {interval} s, offset {offset}"), pool, call)]).await?;
    ctx.say(format!("{}", clock(&ctx.chain, pool).await.map_err(Ctx::rpc)?));
    Ok(())
}

/// Sets the blackout window.
async fn set_blackout_window(ctx: &Ctx, window: String) -> Res<()> {
    let pool = ctx.suite.pool;
    let window = parse::duration(&window)?;
    ctx.require_role(pool, "the pool", "EPOCH_PARAMETERS_ROLE", "set-blackout-window").await?;
    let old: u64 = ctx.view(pool, LS::getBlackoutWindowCall {}).await?.saturating_to();
    let preview = vec![format!("blackout window: {} (now {})", duration(window), duration(old))];
    let call = LS::setBlackoutWindowCall { blackoutWindow: U256::from(window) };
    ctx.execute(&preview, vec![Tx::new(format!("set the blackout window to {window} s"), pool, call)]).await?;
    ctx.say(format!("{}", clock(&ctx.chain, pool).await.map_err(Ctx::rpc)?));
    Ok(())
}

/// Sets the rewards rate (DYDX per second).
async fn set_rewards_per_second(ctx: &Ctx, rate: String) -> Res<()> {
    let pool = ctx.suite.pool;
    let rate = parse::dydx(&rate)?;
    ctx.require_role(pool, "the pool", "REWARDS_RATE_ROLE", "set-rewards-per-second").await?;
    let old = ctx.view(pool, LS::getRewardsPerSecondCall {}).await?;
    let day = U256::from(86_400u64);
    let preview = vec![format!(
        "rewards: {} DYDX per second, {} per day (now {} per second, {} per day)",
        dydx(rate),
        dydx(rate * day),
        dydx(old),
        dydx(old * day)
    )];
    let call = LS::setRewardsPerSecondCall { emissionPerSecond: rate };
    let label = format!("set the rewards rate to {} DYDX per second", units(rate, parse::DYDX_DECIMALS));
    ctx.execute(&preview, vec![Tx::new(label, pool, call)]).await?;
    ctx.say("rewards rate changed");
    Ok(())
}

/// Restricts a borrower from borrowing, or lifts it with `lift`.
async fn restrict(ctx: &Ctx, borrower: String, lift: bool) -> Res<()> {
    let pool = ctx.suite.pool;
    let b = ctx.borrower(&borrower)?;
    let (name, proxy) = (b.config.name.clone(), b.proxy);
    ctx.require_role(pool, "the pool", "BORROWER_ADMIN_ROLE", "restrict").await?;
    let restricted = ctx.view(pool, LS::isBorrowingRestrictedForBorrowerCall { borrower: proxy }).await?;
    if restricted != lift {
        let state = if restricted { "restricted" } else { "not restricted" };
        ctx.say(format!("nothing to do: {name} is already {state}"));
        return Ok(());
    }
    let label = if lift { format!("lift the borrowing restriction on {name}") } else { format!("restrict borrowing by {name}") };
    ctx.execute(&[], vec![Tx::new(label, pool, LS::setBorrowingRestrictionCall { borrower: proxy, isBorrowingRestricted: !lift })]).await?;
    ctx.say(format!("{name} is {}", if lift { "free to borrow" } else { "restricted" }));
    Ok(())
}

/// `ls1 mark-debt [BORROWERS...]`: default, every overdue borrower of the deployment.
pub async fn mark_debt(ctx: &Ctx, names: Vec<String>) -> Res<()> {
    let pool = ctx.suite.pool;
    let mut borrowers = Vec::new();
    for name in &names {
        borrowers.push(ctx.borrower(name)?.proxy);
    }
    ctx.signer()?;
    if borrowers.is_empty() {
        for b in &ctx.suite.borrowers {
            if ctx.view(pool, LS::isBorrowerOverdueCall { borrower: b.proxy }).await? {
                borrowers.push(b.proxy);
            }
        }
        if borrowers.is_empty() {
            ctx.say("nothing to do: no borrower of the deployment is overdue");
            return Ok(());
        }
    }
    let started = clock(&ctx.chain, pool).await.map_err(Ctx::rpc)?.epoch.is_some();
    let active = if started { ctx.view(pool, LS::getTotalActiveBalanceCurrentEpochCall {}).await? } else { U256::ZERO };
    let lent = ctx.view(pool, LS::getTotalBorrowedBalanceCall {}).await?;
    if lent <= active {
        return Err(format!("refused: no shortfall: the borrowers owe {} USDC and the active stake is {} USDC", usdc(lent), usdc(active)));
    }
    let names: Vec<String> = borrowers.iter().map(|b| ctx.name_of(*b)).collect();
    let preview = vec![format!("shortfall: {} USDC lent, {} USDC active: {} USDC", usdc(lent), usdc(active), usdc(lent - active))];
    let label = format!("markDebt({})", names.join(", "));
    ctx.execute(&preview, vec![Tx::new(label, pool, LS::markDebtCall { borrowers: borrowers.clone() })]).await?;
    for b in borrowers {
        let debt = ctx.view(pool, LS::getBorrowerDebtBalanceCall { borrower: b }).await?;
        let restricted = ctx.view(pool, LS::isBorrowingRestrictedForBorrowerCall { borrower: b }).await?;
        ctx.say(format!("{}: debt {} USDC{}", ctx.name_of(b), usdc(debt), if restricted { ", restricted" } else { "" }));
    }
    Ok(())
}
