//! `ls1 borrower …`: a market maker's operator acting on its StarkProxy.

use alloy::primitives::{Address, U256};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP};

use super::{
    context::{address, Ctx, Res, Tx},
    parse,
};
use crate::report::{clock, duration, usdc};

/// Which StarkProxy (default: the one of the deployment whose BORROWER_ROLE the signer holds).
#[derive(Debug, clap::Args)]
pub struct ProxyArgs {
    /// The StarkProxy's address.
    #[arg(long, global = true)]
    pub proxy: Option<String>,
    /// The borrower's name in the deployment file (e.g. MM-A).
    #[arg(long, global = true)]
    pub borrower: Option<String>,
}

/// The borrower's subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BorrowerCommand {
    /// Borrow up to the allocation or repay down to next epoch's, and repay debt (blackout window only).
    AutoPayOrBorrow,
    /// Deposit AMOUNT USDC of the proxy's funds to the exchange.
    Deposit {
        /// USDC.
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// The STARK key (default: the borrower's key in the deployment file).
        #[arg(long)]
        stark_key: Option<String>,
        /// The exchange's asset type.
        #[arg(long, default_value = "0")]
        asset_type: String,
        /// The exchange's vault.
        #[arg(long, default_value = "0")]
        vault_id: String,
    },
    /// Withdraw everything the proxy has to withdraw from the exchange.
    WithdrawFromExchange {
        /// The STARK key (default: the borrower's key in the deployment file).
        #[arg(long)]
        stark_key: Option<String>,
        /// The exchange's asset type.
        #[arg(long, default_value = "0")]
        asset_type: String,
    },
}

/// The StarkProxy acted on.
struct Target {
    /// For messages: `MM-A's StarkProxy`.
    what: String,
    /// Its address.
    proxy: Address,
    /// Its STARK key in the deployment file.
    stark_key: Option<U256>,
}

/// Parses a uint256 (decimal or 0x-hex).
fn uint(text: &str, what: &str) -> Res<U256> {
    text.trim().parse::<U256>().map_err(|_| format!("invalid {what} '{text}'"))
}

async fn target(ctx: &Ctx, args: &ProxyArgs) -> Res<Target> {
    let from_borrower = |b: &crate::deploy::Borrower| Target {
        what: format!("{}'s StarkProxy", b.config.name),
        proxy: b.proxy,
        stark_key: Some(b.config.stark_key),
    };
    if args.borrower.is_some() && args.proxy.is_some() {
        return Err("give either --borrower or --proxy, not both".into());
    }
    if let Some(name) = &args.borrower {
        return ctx.borrower(name).map(from_borrower);
    }
    if let Some(text) = &args.proxy {
        let proxy = address(text)?;
        if let Some(b) = ctx.suite.borrowers.iter().find(|b| b.proxy == proxy) {
            return Ok(from_borrower(b));
        }
        ctx.check_proxy(proxy).await?;
        return Ok(Target { what: format!("the StarkProxy {proxy}"), proxy, stark_key: None });
    }
    let me = ctx.signer()?;
    let mut mine = Vec::new();
    for b in &ctx.suite.borrowers {
        if ctx.has_role(b.proxy, "BORROWER_ROLE", me).await? {
            mine.push(b);
        }
    }
    match mine.as_slice() {
        [b] => Ok(from_borrower(b)),
        [] => {
            Err(format!("name the StarkProxy with --borrower NAME or --proxy ADDR: {me} holds BORROWER_ROLE on none of the deployment's"))
        }
        several => {
            let names: Vec<&str> = several.iter().map(|b| b.config.name.as_str()).collect();
            Err(format!("name the StarkProxy with --borrower NAME or --proxy ADDR: {me} operates several ({})", names.join(", ")))
        }
    }
}

/// Runs a borrower subcommand.
pub async fn run(ctx: &Ctx, args: ProxyArgs, command: BorrowerCommand) -> Res<()> {
    let t = target(ctx, &args).await?;
    match command {
        BorrowerCommand::AutoPayOrBorrow => auto_pay_or_borrow(ctx, t).await,
        BorrowerCommand::Deposit { amount, stark_key, asset_type, vault_id } => {
            deposit(ctx, t, amount, stark_key, asset_type, vault_id).await
        }
        BorrowerCommand::WithdrawFromExchange { stark_key, asset_type } => withdraw_from_exchange(ctx, t, stark_key, asset_type).await,
    }
}

/// Repays what the pool asks or borrows what it allows, through the StarkProxy.
async fn auto_pay_or_borrow(ctx: &Ctx, t: Target) -> Res<()> {
    let pool = ctx.suite.pool;
    let me = ctx.require_role(t.proxy, &t.what, "BORROWER_ROLE", "auto-pay-or-borrow").await?;
    let clock = clock(&ctx.chain, pool).await.map_err(Ctx::rpc)?;
    if !clock.in_blackout {
        let when = match clock.epoch {
            Some(epoch) => format!("epoch {epoch}'s opens in {}", duration(clock.until_blackout)),
            None => format!("the first opens in {}", duration(clock.until_blackout)),
        };
        return Err(format!("refused: autoPayOrBorrow works only in the blackout window; {when}"));
    }
    let preview = match ctx.chain.call_as(me, t.proxy, SP::autoPayOrBorrowCall {}).await {
        Ok(r) => r,
        Err(crate::Failure::Reverted(reason)) => return Err(format!("refused, nothing sent: autoPayOrBorrow would revert: {reason}")),
        Err(failure) => return Err(Ctx::rpc(failure)),
    };
    let (b, r, d) = (preview.borrowed, preview.repaidBorrow, preview.repaidDebt);
    let borrowed_now = ctx.view(pool, LS::getBorrowedBalanceCall { borrower: t.proxy }).await?;
    if b.is_zero() && r.is_zero() && d.is_zero() {
        ctx.say(format!("nothing to do: {} is at its allocation ({} USDC borrowed)", t.what, usdc(borrowed_now)));
        return Ok(());
    }
    let mut parts = Vec::new();
    if !b.is_zero() {
        parts.push(format!("borrow {} USDC", usdc(b)));
    }
    if !r.is_zero() {
        parts.push(format!("repay {} USDC", usdc(r)));
    }
    if !d.is_zero() {
        parts.push(format!("repay {} USDC of debt", usdc(d)));
    }
    let label = format!("autoPayOrBorrow on {}: {}", t.what, parts.join(", "));
    ctx.execute(&[], vec![Tx::new(label, t.proxy, SP::autoPayOrBorrowCall {})]).await?;
    let borrowed = ctx.view(pool, LS::getBorrowedBalanceCall { borrower: t.proxy }).await?;
    let next = ctx.view(pool, LS::getAllocatedBalanceNextEpochCall { borrower: t.proxy }).await?;
    let debt = ctx.view(pool, LS::getBorrowerDebtBalanceCall { borrower: t.proxy }).await?;
    ctx.say(format!("{}: borrowed {} USDC, allocated next epoch {} USDC, debt {} USDC", t.what, usdc(borrowed), usdc(next), usdc(debt)));
    Ok(())
}

/// Deposits `amount` USDC from the StarkProxy to the exchange.
async fn deposit(ctx: &Ctx, t: Target, amount: String, stark_key: Option<String>, asset_type: String, vault_id: String) -> Res<()> {
    let amount = parse::usdc(&amount)?;
    if amount.is_zero() {
        return Err("invalid amount '0': the amount must be above zero".into());
    }
    let key = match stark_key {
        Some(text) => uint(&text, "STARK key")?,
        None => t.stark_key.ok_or_else(|| format!("give --stark-key: {} is not in the deployment file", t.what))?,
    };
    let (asset, vault) = (uint(&asset_type, "asset type")?, uint(&vault_id, "vault id")?);
    ctx.require_role(t.proxy, &t.what, "EXCHANGE_OPERATOR_ROLE", "deposit").await?;
    if !ctx.view(t.proxy, SP::isStarkKeyAllowedCall { starkKey: key }).await? {
        return Err(format!("refused: the STARK key {key:#x} is not on the allowlist of {}", t.what));
    }
    let held = ctx.view(t.proxy, SP::getTokenBalanceCall {}).await?;
    if amount > held {
        return Err(format!("cannot deposit {} USDC: {} holds {} USDC", usdc(amount), t.what, usdc(held)));
    }
    let label = format!("deposit {} USDC from {} to the exchange (STARK key {key:#x}, vault {vault})", usdc(amount), t.what);
    let call = SP::depositToExchangeCall { starkKey: key, assetType: asset, vaultId: vault, quantizedAmount: amount };
    ctx.execute(&[], vec![Tx::new(label, t.proxy, call)]).await?;
    let left = ctx.view(t.proxy, SP::getTokenBalanceCall {}).await?;
    ctx.say(format!("deposited: {} holds {} USDC", t.what, usdc(left)));
    Ok(())
}

/// Withdraws the StarkProxy's balance from the exchange.
async fn withdraw_from_exchange(ctx: &Ctx, t: Target, stark_key: Option<String>, asset_type: String) -> Res<()> {
    let key = match stark_key {
        Some(text) => uint(&text, "STARK key")?,
        None => t.stark_key.ok_or_else(|| format!("give --stark-key: {} is not in the deployment file", t.what))?,
    };
    let asset = uint(&asset_type, "asset type")?;
    let me = ctx.require_role(t.proxy, &t.what, "EXCHANGE_OPERATOR_ROLE", "withdraw-from-exchange").await?;
    if !ctx.view(t.proxy, SP::isStarkKeyAllowedCall { starkKey: key }).await? {
        return Err(format!("refused: the STARK key {key:#x} is not on the allowlist of {}", t.what));
    }
    let call = SP::withdrawFromExchangeCall { starkKey: key, assetType: asset };
    let expected = match ctx.chain.call_as(me, t.proxy, call.clone()).await {
        Ok(v) => v,
        Err(crate::Failure::Reverted(reason)) => return Err(format!("refused, nothing sent: withdrawFromExchange would revert: {reason}")),
        Err(failure) => return Err(Ctx::rpc(failure)),
    };
    if expected.is_zero() {
        ctx.say(format!("nothing to do: {} has nothing to withdraw from the exchange", t.what));
        return Ok(());
    }
    let label = format!("withdraw {} USDC from the exchange to {}", usdc(expected), t.what);
    ctx.execute(&[], vec![Tx::new(label, t.proxy, call)]).await?;
    let held = ctx.view(t.proxy, SP::getTokenBalanceCall {}).await?;
    ctx.say(format!("withdrawn: {} holds {} USDC", t.what, usdc(held)));
    Ok(())
}
