//! Readable views of a deployed suite: the epoch clock, the pool's totals and solvency, each
//! borrower's allocation, borrowed balance and debt, and a staker's position, read through the
//! contracts' getters, with amounts in human units.

use std::fmt::{self, Write};

use alloy::primitives::{Address, U256};
use bindings::{ILiquidityStakingV1 as LS, IStkUsdc};
use serde::Serialize;

use crate::{chain::Chain, deploy::Suite, Failure};

/// `amount` base units of a token with `decimals`, as `1,234.5678` (trailing zeros dropped).
pub fn units(amount: U256, decimals: u8) -> String {
    let scale = U256::from(10u64).pow(U256::from(decimals));
    let (whole, fraction) = (amount / scale, amount % scale);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if fraction.is_zero() {
        return grouped;
    }
    let fraction = format!("{:0>width$}", fraction.to_string(), width = decimals as usize);
    format!("{grouped}.{}", fraction.trim_end_matches('0'))
}

/// USDC (6 decimals) in human units.
pub fn usdc(amount: U256) -> String {
    units(amount, 6)
}

/// DYDX (18 decimals) in human units, to four decimals.
pub fn dydx(amount: U256) -> String {
    units(amount / U256::from(100_000_000_000_000u64) * U256::from(100_000_000_000_000u64), 18)
}

/// A duration as `12d 03h 04m`.
pub fn duration(seconds: u64) -> String {
    format!("{}d {:02}h {:02}m", seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60)
}

/// The epoch clock.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Clock {
    /// The chain's time.
    pub now: u64,
    /// The current epoch, `None` before epoch zero.
    pub epoch: Option<u64>,
    /// Seconds until the next epoch (until epoch zero before it).
    pub until_next_epoch: u64,
    /// Seconds until the blackout window opens (0 inside it).
    pub until_blackout: u64,
    /// Whether withdrawal requests are blocked now.
    pub in_blackout: bool,
}

/// One market maker's position in the pool.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BorrowerStatus {
    /// Its name.
    pub name: String,
    /// Its StarkProxy.
    pub proxy: Address,
    /// Allocation this epoch, in hundredths of a percent.
    pub allocation: U256,
    /// Allocation next epoch, in hundredths of a percent.
    pub allocation_next: U256,
    /// What it may have borrowed this epoch.
    pub allocated: U256,
    /// What it may have borrowed next epoch: what it must be down to at the boundary.
    pub allocated_next: U256,
    /// What it borrowed.
    pub borrowed: U256,
    /// Its debt.
    pub debt: U256,
    /// Borrowed above this epoch's allocation.
    pub overdue: bool,
    /// Restricted from borrowing by the pool.
    pub restricted: bool,
}

/// The pool at a moment.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PoolStatus {
    /// The clock.
    pub clock: Clock,
    /// Total active stake, this epoch and next.
    pub active: (U256, U256),
    /// Total inactive stake (withdrawable or requested), this epoch and next.
    pub inactive: (U256, U256),
    /// Lent to borrowers.
    pub borrowed: U256,
    /// Owed by borrowers in default.
    pub borrower_debt: U256,
    /// Repaid debt waiting for stakers to withdraw it.
    pub debt_available: U256,
    /// The pool's USDC.
    pub cash: U256,
    /// Rewards per second (DYDX base units).
    pub rewards_per_second: U256,
    /// The borrowers.
    pub borrowers: Vec<BorrowerStatus>,
}

impl PoolStatus {
    /// Whether what the pool holds and lent covers what it owes its stakers (spec INV-C2 without
    /// rounding surplus: cash + lent − earmarked debt ≥ active + inactive).
    pub fn solvent(&self) -> bool {
        self.cash + self.borrowed >= self.debt_available + self.active.0 + self.inactive.0
    }
}

/// One staker's position.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StakerStatus {
    /// The staker.
    pub staker: Address,
    /// Active stake, this epoch and next.
    pub active: (U256, U256),
    /// Inactive stake, this epoch (withdrawable) and next.
    pub inactive: (U256, U256),
    /// Debt claims on borrowers in default.
    pub debt: U256,
    /// What `withdrawMaxStake` would pay now.
    pub withdrawable: U256,
    /// What `withdrawMaxDebt` would pay now.
    pub debt_withdrawable: U256,
    /// Unclaimed rewards (what `claimRewards` would pay now).
    pub rewards: U256,
    /// stkUSDC balance.
    pub stk_usdc: U256,
    /// USDC in the wallet.
    pub wallet: U256,
}

/// Reads the clock.
pub async fn clock(chain: &Chain, pool: Address) -> Result<Clock, Failure> {
    let now = chain.now().await?;
    let (interval, offset) = {
        let p = chain.call(pool, LS::getEpochParametersCall {}).await?;
        (p.interval as u64, p.offset as u64)
    };
    let blackout: u64 = chain.call(pool, LS::getBlackoutWindowCall {}).await?.saturating_to();
    if now < offset {
        return Ok(Clock {
            now,
            epoch: None,
            until_next_epoch: offset - now,
            until_blackout: offset + interval - blackout - now,
            in_blackout: false,
        });
    }
    let epoch = (now - offset) / interval;
    let until_next_epoch = interval - (now - offset) % interval;
    let in_blackout = until_next_epoch <= blackout;
    let until_blackout = until_next_epoch.saturating_sub(blackout);
    Ok(Clock { now, epoch: Some(epoch), until_next_epoch, until_blackout, in_blackout })
}

/// Reads the pool's state.
pub async fn pool_status(chain: &Chain, suite: &Suite) -> Result<PoolStatus, Failure> {
    let pool = suite.pool;
    let mut borrowers = Vec::new();
    for b in &suite.borrowers {
        let borrower = b.proxy;
        borrowers.push(BorrowerStatus {
            name: b.config.name.clone(),
            proxy: borrower,
            allocation: chain.call(pool, LS::getAllocationFractionCurrentEpochCall { borrower }).await?,
            allocation_next: chain.call(pool, LS::getAllocationFractionNextEpochCall { borrower }).await?,
            allocated: chain.call(pool, LS::getAllocatedBalanceCurrentEpochCall { borrower }).await?,
            allocated_next: chain.call(pool, LS::getAllocatedBalanceNextEpochCall { borrower }).await?,
            borrowed: chain.call(pool, LS::getBorrowedBalanceCall { borrower }).await?,
            debt: chain.call(pool, LS::getBorrowerDebtBalanceCall { borrower }).await?,
            overdue: chain.call(pool, LS::isBorrowerOverdueCall { borrower }).await?,
            restricted: chain.call(pool, LS::isBorrowingRestrictedForBorrowerCall { borrower }).await?,
        });
    }
    Ok(PoolStatus {
        clock: clock(chain, pool).await?,
        active: (
            chain.call(pool, LS::getTotalActiveBalanceCurrentEpochCall {}).await?,
            chain.call(pool, LS::getTotalActiveBalanceNextEpochCall {}).await?,
        ),
        inactive: (
            chain.call(pool, LS::getTotalInactiveBalanceCurrentEpochCall {}).await?,
            chain.call(pool, LS::getTotalInactiveBalanceNextEpochCall {}).await?,
        ),
        borrowed: chain.call(pool, LS::getTotalBorrowedBalanceCall {}).await?,
        borrower_debt: chain.call(pool, LS::getTotalBorrowerDebtBalanceCall {}).await?,
        debt_available: chain.call(pool, LS::getTotalDebtAvailableToWithdrawCall {}).await?,
        cash: chain.token_balance(suite.usdc, pool).await?,
        rewards_per_second: chain.call(pool, LS::getRewardsPerSecondCall {}).await?,
        borrowers,
    })
}

/// Reads `staker`'s position; unclaimed rewards are what a `claimRewards` simulated now would pay.
pub async fn staker_status(chain: &Chain, suite: &Suite, staker: Address) -> Result<StakerStatus, Failure> {
    let pool = suite.pool;
    let started = clock(chain, pool).await?.epoch.is_some();
    let rewards = if started { chain.call_as(staker, pool, LS::claimRewardsCall { recipient: staker }).await? } else { U256::ZERO };
    Ok(StakerStatus {
        staker,
        active: (
            chain.call(pool, LS::getActiveBalanceCurrentEpochCall { staker }).await?,
            chain.call(pool, LS::getActiveBalanceNextEpochCall { staker }).await?,
        ),
        inactive: (
            chain.call(pool, LS::getInactiveBalanceCurrentEpochCall { staker }).await?,
            chain.call(pool, LS::getInactiveBalanceNextEpochCall { staker }).await?,
        ),
        debt: chain.call(pool, LS::getStakerDebtBalanceCall { staker }).await?,
        withdrawable: chain.call(pool, LS::getStakeAvailableToWithdrawCall { staker }).await?,
        debt_withdrawable: chain.call(pool, LS::getDebtAvailableToWithdrawCall { staker }).await?,
        rewards,
        stk_usdc: chain.call(suite.stk_usdc, IStkUsdc::balanceOfCall { account: staker }).await?,
        wallet: chain.token_balance(suite.usdc, staker).await?,
    })
}

/// A plain-text table: a header row, then rows, columns right-aligned but the first.
#[derive(Debug)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with `header`.
    pub fn new(header: &[&str]) -> Self {
        Self { rows: vec![header.iter().map(ToString::to_string).collect()] }
    }

    /// Appends a row.
    pub fn row(&mut self, cells: Vec<String>) -> &mut Self {
        self.rows.push(cells);
        self
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> =
            (0..columns).map(|c| self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
        for (i, row) in self.rows.iter().enumerate() {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let sep = if c == 0 { "" } else { "  " };
                if c == 0 {
                    let _ = write!(line, "{sep}{cell:<w$}", w = widths[c]);
                } else {
                    let _ = write!(line, "{sep}{cell:>w$}", w = widths[c]);
                }
            }
            writeln!(f, "  {}", line.trim_end())?;
            if i == 0 {
                writeln!(f, "  {}", "-".repeat(widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1)))?;
            }
        }
        Ok(())
    }
}

/// The percentage of `units` out of 10,000, as `25%` or `12.5%`.
pub fn percent(units: U256) -> String {
    let units: u64 = units.saturating_to();
    if units.is_multiple_of(100) {
        format!("{}%", units / 100)
    } else {
        format!("{}%", units as f64 / 100.0)
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.epoch {
            None => write!(f, "before epoch zero: it starts in {}", duration(self.until_next_epoch)),
            Some(epoch) if self.in_blackout => {
                write!(f, "epoch {epoch}, BLACKOUT WINDOW (no withdrawal requests), next epoch in {}", duration(self.until_next_epoch))
            }
            Some(epoch) => write!(
                f,
                "epoch {epoch}, blackout window in {}, next epoch in {}",
                duration(self.until_blackout),
                duration(self.until_next_epoch)
            ),
        }
    }
}

impl fmt::Display for PoolStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  {}", self.clock)?;
        let mut totals = Table::new(&["pool (USDC)", "this epoch", "next epoch"]);
        totals.row(vec!["active stake".into(), usdc(self.active.0), usdc(self.active.1)]);
        totals.row(vec!["inactive stake".into(), usdc(self.inactive.0), usdc(self.inactive.1)]);
        totals.row(vec!["cash in the pool".into(), usdc(self.cash), String::new()]);
        totals.row(vec!["lent to borrowers".into(), usdc(self.borrowed), String::new()]);
        totals.row(vec!["borrowers' debt".into(), usdc(self.borrower_debt), String::new()]);
        totals.row(vec!["repaid debt to withdraw".into(), usdc(self.debt_available), String::new()]);
        write!(f, "{totals}")?;
        writeln!(f, "  solvency: {}", if self.solvent() { "cash + loans cover every staker" } else { "SHORT: loans not repaid" })?;
        let mut borrowers =
            Table::new(&["borrower", "alloc", "next", "allocated", "must be at", "borrowed", "debt", "overdue", "restricted"]);
        for b in &self.borrowers {
            borrowers.row(vec![
                b.name.clone(),
                percent(b.allocation),
                percent(b.allocation_next),
                usdc(b.allocated),
                usdc(b.allocated_next),
                usdc(b.borrowed),
                usdc(b.debt),
                if b.overdue { "YES".into() } else { "no".into() },
                if b.restricted { "YES".into() } else { "no".into() },
            ]);
        }
        write!(f, "{borrowers}")
    }
}

/// A table of stakers' positions, one row each, under their names.
pub fn stakers_table(stakers: &[(&str, StakerStatus)]) -> Table {
    let mut table = Table::new(&["staker", "active", "active next", "inactive", "inactive next", "debt", "rewards (DYDX)", "wallet USDC"]);
    for (name, s) in stakers {
        table.row(vec![
            name.to_string(),
            usdc(s.active.0),
            usdc(s.active.1),
            usdc(s.inactive.0),
            usdc(s.inactive.1),
            usdc(s.debt),
            dydx(s.rewards),
            usdc(s.wallet),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(usdc(U256::from(1_000_500_000u64)), "1,000.5");
        assert_eq!(usdc(U256::from(123u64)), "0.000123");
        assert_eq!(usdc(U256::ZERO), "0");
        assert_eq!(usdc(U256::from(250_000_000_000u64)), "250,000");
        assert_eq!(dydx(U256::from(158_548_959_918_822_932u64)), "0.1585");
        assert_eq!(percent(U256::from(2_500)), "25%");
        assert_eq!(percent(U256::from(1_250)), "12.5%");
        assert_eq!(duration(14 * 86_400 + 3_660), "14d 01h 01m");
    }

    #[test]
    fn tables_align() {
        let mut t = Table::new(&["name", "amount"]);
        t.row(vec!["alice".into(), "1,000".into()]);
        assert_eq!(t.to_string(), "  name   amount\n  -------------\n  alice   1,000\n");
    }
}
