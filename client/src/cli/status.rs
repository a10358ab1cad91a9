//! `ls1 status`: the epoch clock, the pool's totals and solvency, each borrower's position, and
//! optionally one staker's, as text tables or JSON (amounts in JSON are base-unit decimal strings).

use alloy::primitives::{Address, U256};
use serde_json::{json, Value};

use super::context::{address, Ctx, Res};
use crate::report::{dydx, pool_status, staker_status, usdc, PoolStatus, StakerStatus, Table};

/// A base-unit amount as a decimal string.
fn n(amount: U256) -> Value {
    Value::String(amount.to_string())
}

/// The pool's status as JSON.
pub fn pool_json(pool: Address, s: &PoolStatus) -> Value {
    let borrowers: Vec<Value> = s
        .borrowers
        .iter()
        .map(|b| {
            json!({
                "name": b.name,
                "proxy": b.proxy,
                "allocation": b.allocation.saturating_to::<u64>(),
                "allocation_next": b.allocation_next.saturating_to::<u64>(),
                "allocated": n(b.allocated),
                "allocated_next": n(b.allocated_next),
                "borrowed": n(b.borrowed),
                "debt": n(b.debt),
                "overdue": b.overdue,
                "restricted": b.restricted,
            })
        })
        .collect();
    json!({
        "pool": pool,
        "now": s.clock.now,
        "epoch": s.clock.epoch,
        "until_next_epoch": s.clock.until_next_epoch,
        "until_blackout": s.clock.until_blackout,
        "in_blackout": s.clock.in_blackout,
        "active": {"current": n(s.active.0), "next": n(s.active.1)},
        "inactive": {"current": n(s.inactive.0), "next": n(s.inactive.1)},
        "cash": n(s.cash),
        "borrowed": n(s.borrowed),
        "borrower_debt": n(s.borrower_debt),
        "debt_available": n(s.debt_available),
        "rewards_per_second": n(s.rewards_per_second),
        "solvent": s.solvent(),
        "borrowers": borrowers,
    })
}

/// A staker's status as JSON.
pub fn staker_json(s: &StakerStatus) -> Value {
    json!({
        "staker": s.staker,
        "active": {"current": n(s.active.0), "next": n(s.active.1)},
        "inactive": {"current": n(s.inactive.0), "next": n(s.inactive.1)},
        "debt": n(s.debt),
        "withdrawable": n(s.withdrawable),
        "debt_withdrawable": n(s.debt_withdrawable),
        "rewards": n(s.rewards),
        "stk_usdc": n(s.stk_usdc),
        "wallet": n(s.wallet),
    })
}

/// A staker's status as a table.
pub fn staker_text(s: &StakerStatus) -> String {
    let mut table = Table::new(&[&format!("staker {}", s.staker), "this epoch", "next epoch"]);
    table.row(vec!["active stake (USDC)".into(), usdc(s.active.0), usdc(s.active.1)]);
    table.row(vec!["inactive stake (USDC)".into(), usdc(s.inactive.0), usdc(s.inactive.1)]);
    table.row(vec!["withdrawable now (USDC)".into(), usdc(s.withdrawable), String::new()]);
    table.row(vec!["debt owed to it (USDC)".into(), usdc(s.debt), String::new()]);
    table.row(vec!["debt withdrawable now (USDC)".into(), usdc(s.debt_withdrawable), String::new()]);
    table.row(vec!["unclaimed rewards (DYDX)".into(), dydx(s.rewards), String::new()]);
    table.row(vec!["stkUSDC".into(), usdc(s.stk_usdc), String::new()]);
    table.row(vec!["wallet (USDC)".into(), usdc(s.wallet), String::new()]);
    table.to_string()
}

/// `ls1 status [--staker ADDR]`.
pub async fn run(ctx: &Ctx, staker: Option<String>) -> Res<()> {
    let staker = staker.map(|s| address(&s)).transpose()?;
    let status = pool_status(&ctx.chain, &ctx.suite).await.map_err(Ctx::rpc)?;
    let position = match staker {
        Some(staker) => Some(staker_status(&ctx.chain, &ctx.suite, staker).await.map_err(Ctx::rpc)?),
        None => None,
    };
    if ctx.json {
        let mut value = pool_json(ctx.suite.pool, &status);
        if let Some(p) = &position {
            value["staker"] = staker_json(p);
        }
        println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!("LS1 pool {} (chain time {})", ctx.suite.pool, status.clock.now);
    print!("{status}");
    if let Some(p) = &position {
        print!("{}", staker_text(p));
    }
    Ok(())
}
