//! `ls1 staker …`: stake, request a withdrawal, withdraw stake or debt, claim rewards, transfer stkUSDC.

use alloy::primitives::{Address, U256};
use bindings::{ILiquidityStakingV1 as LS, IStkUsdc, ITestToken};

use super::{
    context::{address, Ctx, Res, Tx},
    parse,
};
use crate::report::{clock, duration, dydx, usdc};

/// The staker's subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum StakerCommand {
    /// Stake AMOUNT USDC (approves the pool first when the allowance is short).
    Stake {
        /// USDC, e.g. 1000.5.
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
    /// Ask for AMOUNT USDC back: it becomes withdrawable at the next epoch (not in the blackout window).
    RequestWithdrawal {
        /// USDC.
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
    /// Withdraw AMOUNT USDC of inactive stake, or everything available with --max.
    Withdraw {
        /// USDC.
        #[arg(allow_hyphen_values = true, required_unless_present = "max", conflicts_with = "max")]
        amount: Option<String>,
        /// Withdraw everything available now.
        #[arg(long)]
        max: bool,
        /// Recipient (default: the signer).
        #[arg(long)]
        to: Option<String>,
    },
    /// Withdraw AMOUNT USDC of repaid debt owed to the staker, or everything available with --max.
    WithdrawDebt {
        /// USDC.
        #[arg(allow_hyphen_values = true, required_unless_present = "max", conflicts_with = "max")]
        amount: Option<String>,
        /// Withdraw everything available now.
        #[arg(long)]
        max: bool,
        /// Recipient (default: the signer).
        #[arg(long)]
        to: Option<String>,
    },
    /// Claim the DYDX rewards earned so far.
    Claim {
        /// Recipient (default: the signer).
        #[arg(long)]
        to: Option<String>,
    },
    /// Transfer AMOUNT stkUSDC (next epoch's active stake) to TO.
    Transfer {
        /// The recipient's address.
        to: String,
        /// stkUSDC (6 decimals).
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
}

/// Parses a non-zero USDC amount.
fn positive(text: &str) -> Res<U256> {
    let amount = parse::usdc(text)?;
    if amount.is_zero() {
        return Err(format!("invalid amount '{text}': the amount must be above zero"));
    }
    Ok(amount)
}

/// The recipient: `--to` or the signer.
fn recipient(to: &Option<String>, me: Address) -> Res<Address> {
    match to {
        None => Ok(me),
        Some(text) => {
            let addr = address(text)?;
            if addr == Address::ZERO {
                return Err("refused: the recipient is the zero address".into());
            }
            Ok(addr)
        }
    }
}

/// Refuses before epoch zero.
async fn require_started(ctx: &Ctx, what: &str) -> Res<()> {
    let clock = clock(&ctx.chain, ctx.suite.pool).await.map_err(Ctx::rpc)?;
    if clock.epoch.is_none() {
        return Err(format!("{what} opens at epoch zero, which starts in {}", duration(clock.until_next_epoch)));
    }
    Ok(())
}

/// Runs a staker subcommand.
pub async fn run(ctx: &Ctx, command: StakerCommand) -> Res<()> {
    let me = ctx.signer()?;
    match command {
        StakerCommand::Stake { amount } => stake(ctx, me, amount).await,
        StakerCommand::RequestWithdrawal { amount } => request_withdrawal(ctx, me, amount).await,
        StakerCommand::Withdraw { amount, max, to } => withdraw(ctx, me, amount, max, to).await,
        StakerCommand::WithdrawDebt { amount, max, to } => withdraw_debt(ctx, me, amount, max, to).await,
        StakerCommand::Claim { to } => claim(ctx, me, to).await,
        StakerCommand::Transfer { to, amount } => transfer(ctx, me, to, amount).await,
    }
}

/// Stakes `amount` USDC, approving the pool first when its allowance is short.
async fn stake(ctx: &Ctx, me: Address, amount: String) -> Res<()> {
    let pool = ctx.suite.pool;
    let amount = positive(&amount)?;
    require_started(ctx, "staking").await?;
    let wallet = ctx.view(ctx.suite.usdc, ITestToken::balanceOfCall { account: me }).await?;
    if amount > wallet {
        return Err(format!("cannot stake {} USDC: {me} holds {} USDC", usdc(amount), usdc(wallet)));
    }
    let allowance = ctx.view(ctx.suite.usdc, ITestToken::allowanceCall { owner: me, spender: pool }).await?;
    let mut txs = Vec::new();
    if allowance < amount {
        let label = format!("approve the pool to take {} USDC (allowance now {})", usdc(amount), usdc(allowance));
        txs.push(Tx::new(label, ctx.suite.usdc, ITestToken::approveCall { spender: pool, value: amount }));
        txs.push(Tx::after(format!("stake {} USDC", usdc(amount)), pool, LS::stakeCall { amount }));
    } else {
        txs.push(Tx::new(format!("stake {} USDC", usdc(amount)), pool, LS::stakeCall { amount }));
    }
    ctx.execute(&[], txs).await?;
    let active = ctx.view(pool, LS::getActiveBalanceCurrentEpochCall { staker: me }).await?;
    ctx.say(format!("staked {} USDC: active stake now {} USDC", usdc(amount), usdc(active)));
    Ok(())
}

/// Asks for `amount` USDC back from the next epoch, outside the blackout window.
async fn request_withdrawal(ctx: &Ctx, me: Address, amount: String) -> Res<()> {
    let pool = ctx.suite.pool;
    let amount = positive(&amount)?;
    let clock = clock(&ctx.chain, pool).await.map_err(Ctx::rpc)?;
    if clock.in_blackout {
        return Err(format!(
            "refused: withdrawal requests are closed in the blackout window; epoch {} ends in {}, ask again after that",
            clock.epoch.unwrap_or_default(),
            duration(clock.until_next_epoch)
        ));
    }
    let next = ctx.view(pool, LS::getActiveBalanceNextEpochCall { staker: me }).await?;
    if amount > next {
        return Err(format!("cannot request {} USDC: the active stake of {me} next epoch is {} USDC", usdc(amount), usdc(next)));
    }
    ctx.execute(&[], vec![Tx::new(format!("request a withdrawal of {} USDC", usdc(amount)), pool, LS::requestWithdrawalCall { amount })])
        .await?;
    let epoch = clock.epoch.map(|e| e + 1).unwrap_or(0);
    ctx.say(format!("requested {} USDC: withdrawable from epoch {epoch}, in {}", usdc(amount), duration(clock.until_next_epoch)));
    Ok(())
}

/// Withdraws inactive stake (`amount`, or all that is available with `max`) to `to`.
async fn withdraw(ctx: &Ctx, me: Address, amount: Option<String>, max: bool, to: Option<String>) -> Res<()> {
    let pool = ctx.suite.pool;
    let to = recipient(&to, me)?;
    let available = ctx.view(pool, LS::getStakeAvailableToWithdrawCall { staker: me }).await?;
    let inactive = ctx.view(pool, LS::getInactiveBalanceCurrentEpochCall { staker: me }).await?;
    if max {
        if available.is_zero() {
            ctx.say(format!("nothing to withdraw: {me} has {} USDC of inactive stake available now", usdc(available)));
            return Ok(());
        }
        let label = format!("withdraw all available stake ({} USDC now) to {to}", usdc(available));
        ctx.execute(&[], vec![Tx::new(label, pool, LS::withdrawMaxStakeCall { recipient: to })]).await?;
    } else {
        let amount = positive(amount.as_deref().unwrap_or_default())?;
        if amount > inactive {
            let next = ctx.view(pool, LS::getInactiveBalanceNextEpochCall { staker: me }).await?;
            let later = if next > inactive { format!(" ({} USDC from next epoch)", usdc(next)) } else { String::new() };
            return Err(format!(
                "cannot withdraw {} USDC: the withdrawable (inactive) stake of {me} is {} USDC{later}",
                usdc(amount),
                usdc(inactive)
            ));
        }
        if amount > available {
            return Err(format!(
                "cannot withdraw {} USDC now: the pool has {} USDC available for withdrawals (borrowers repay in the blackout window)",
                usdc(amount),
                usdc(available)
            ));
        }
        let label = format!("withdraw {} USDC of stake to {to}", usdc(amount));
        ctx.execute(&[], vec![Tx::new(label, pool, LS::withdrawStakeCall { recipient: to, amount })]).await?;
    }
    let left = ctx.view(pool, LS::getInactiveBalanceCurrentEpochCall { staker: me }).await?;
    ctx.say(format!("withdrawn: inactive stake left {} USDC", usdc(left)));
    Ok(())
}

/// Withdraws repaid debt (`amount`, or all that is available with `max`) to `to`.
async fn withdraw_debt(ctx: &Ctx, me: Address, amount: Option<String>, max: bool, to: Option<String>) -> Res<()> {
    let pool = ctx.suite.pool;
    let to = recipient(&to, me)?;
    let owed = ctx.view(pool, LS::getStakerDebtBalanceCall { staker: me }).await?;
    let available = ctx.view(pool, LS::getDebtAvailableToWithdrawCall { staker: me }).await?;
    if max {
        if available.is_zero() {
            ctx.say(format!("nothing to withdraw: {me} is owed {} USDC of debt, none of it repaid and available", usdc(owed)));
            return Ok(());
        }
        let label = format!("withdraw all available debt ({} USDC now) to {to}", usdc(available));
        ctx.execute(&[], vec![Tx::new(label, pool, LS::withdrawMaxDebtCall { recipient: to })]).await?;
    } else {
        let amount = positive(amount.as_deref().unwrap_or_default())?;
        if amount > owed {
            return Err(format!("cannot withdraw {} USDC of debt: {me} is owed {} USDC", usdc(amount), usdc(owed)));
        }
        if amount > available {
            return Err(format!(
                "cannot withdraw {} USDC of debt now: {} USDC of repaid debt is available to {me}",
                usdc(amount),
                usdc(available)
            ));
        }
        let label = format!("withdraw {} USDC of debt to {to}", usdc(amount));
        ctx.execute(&[], vec![Tx::new(label, pool, LS::withdrawDebtCall { recipient: to, amount })]).await?;
    }
    let left = ctx.view(pool, LS::getStakerDebtBalanceCall { staker: me }).await?;
    ctx.say(format!("withdrawn: debt still owed {} USDC", usdc(left)));
    Ok(())
}

/// Claims the rewards of the signer to `to`.
async fn claim(ctx: &Ctx, me: Address, to: Option<String>) -> Res<()> {
    let pool = ctx.suite.pool;
    let to = recipient(&to, me)?;
    require_started(ctx, "claiming").await?;
    let rewards = ctx.chain.call_as(me, pool, LS::claimRewardsCall { recipient: to }).await.map_err(Ctx::rpc)?;
    if rewards.is_zero() {
        ctx.say(format!("nothing to claim: {me} has no unclaimed rewards"));
        return Ok(());
    }
    let receipts = ctx
        .execute(
            &[],
            vec![Tx::new(format!("claim {} DYDX of rewards to {to}", dydx(rewards)), pool, LS::claimRewardsCall { recipient: to })],
        )
        .await?;
    let claimed: U256 =
        receipts.iter().flat_map(|r| crate::events::<LS::ClaimedRewards>(r, pool)).map(|e| e.claimedRewards).fold(U256::ZERO, |a, b| a + b);
    ctx.say(format!("claimed {} DYDX ({claimed} base units)", dydx(claimed)));
    Ok(())
}

/// Transfers `amount` stkUSDC to `to`.
async fn transfer(ctx: &Ctx, me: Address, to: String, amount: String) -> Res<()> {
    let pool = ctx.suite.pool;
    let to = address(&to)?;
    if to == Address::ZERO {
        return Err("refused: the recipient is the zero address".into());
    }
    let amount = positive(&amount)?;
    let transferable = ctx.view(pool, LS::getTransferableBalanceCall { staker: me }).await?;
    if amount > transferable {
        return Err(format!(
            "cannot transfer {} stkUSDC: {me} can transfer {} (its active stake next epoch)",
            usdc(amount),
            usdc(transferable)
        ));
    }
    let stk = ctx.suite.stk_usdc;
    let label = format!("transfer {} stkUSDC to {to}", usdc(amount));
    ctx.execute(&[], vec![Tx::new(label, stk, IStkUsdc::transferCall { recipient: to, amount })]).await?;
    let balance = ctx.view(stk, IStkUsdc::balanceOfCall { account: me }).await?;
    ctx.say(format!("transferred: {me} holds {} stkUSDC", usdc(balance)));
    Ok(())
}
