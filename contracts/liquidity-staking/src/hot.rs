//! D16 as amended: the operations the program at the pool's address (`ls1-pool`) serves itself, with
//! no delegate-call hop, and how an upgrade (D5) routes one of them to a facet instead: pointing a hot
//! selector at a facet sets its flag in a slot the operation reads anyway (the schedule slot, or the
//! staked token's for the two repayments, which read no epoch), so the check costs nothing until an
//! upgrade uses it; pointing it at `address(0)` gives it back to the pool's program. The same slots
//! carry a "constructed" bit, so that the pool's program refuses its operations before construction
//! at no cost after it.

use alloy_primitives::{Address, FixedBytes};
use alloy_sol_types::sol;
use ls1_common::router::Route;

use crate::pool::Pool;

sol!("../abi/ILiquidityStakingV1.sol");
sol!("../abi/ILS1StkUsdc.sol");

ls1_common::selector_position! {
    /// The hot operations whose override flag is in the schedule slot, in flag order (bit `i` of the
    /// schedule's overrides is the `i`th's).
    fn schedule_flag_position [
        ILiquidityStakingV1::stakeCall,
        ILiquidityStakingV1::stakeForCall,
        ILiquidityStakingV1::requestWithdrawalCall,
        ILiquidityStakingV1::withdrawStakeCall,
        ILiquidityStakingV1::withdrawMaxStakeCall,
        ILiquidityStakingV1::claimRewardsCall,
        ILS1StkUsdc::transferActiveBalanceCall,
        ILiquidityStakingV1::borrowCall,
        ILiquidityStakingV1::withdrawDebtCall,
        ILiquidityStakingV1::getBorrowerStateCall,
        ILiquidityStakingV1::balanceOfCall,
        ILiquidityStakingV1::getBorrowedBalanceCall,
        ILiquidityStakingV1::getBorrowerDebtBalanceCall,
    ]
}

ls1_common::selector_position! {
    /// The hot operations that read no epoch, whose override flag is in the staked token's slot
    /// instead, in flag order (bit `i` of its flags is the `i`th's).
    fn token_flag_position [ILiquidityStakingV1::repayBorrowCall, ILiquidityStakingV1::repayDebtCall]
}

/// The schedule overrides' bit set at construction (above the hot operations' flags).
pub const CONSTRUCTED: u32 = 1 << 23;
/// The staked token slot flags' bit set at construction (above the two repayments' flags).
pub const CONSTRUCTED_BY_TOKEN: u8 = 1 << 7;

/// The router's revert strings for the pool (`ls1_common::router`).
#[derive(Debug)]
pub struct LS1Router;

impl ls1_common::router::Router for LS1Router {
    const NOT_CONSTRUCTED: &'static str = "LS1Router: Not constructed";
    const NOT_DEPLOYER: &'static str = "LS1Router: Caller is not the StylusDeployer";
    const NO_CODE: &'static str = "LS1Router: Facet has no code";
    const NOT_RECORDED: &'static str = "LS1Router: Construction not recorded";
}

/// Where a hot operation's override flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// This bit of the schedule slot's overrides.
    Schedule(u32),
    /// This bit of the staked token slot's flags.
    StakedToken(u8),
}

/// The flag of `selector`, if it is a hot operation.
pub fn hot_flag(selector: [u8; 4]) -> Option<Flag> {
    schedule_flag_position(selector)
        .map(|i| Flag::Schedule(1 << i))
        .or_else(|| token_flag_position(selector).map(|i| Flag::StakedToken(1 << i)))
}

impl Pool {
    /// Who serves the operation with `flag`.
    pub fn hot_route(&self, flag: Flag) -> Route {
        let (flags, bit, constructed) = match flag {
            Flag::Schedule(bit) => (self.load_schedule().hot_overrides, bit, CONSTRUCTED),
            Flag::StakedToken(bit) => (u32::from(self.staked_token_and_debt().flags), u32::from(bit), u32::from(CONSTRUCTED_BY_TOKEN)),
        };
        Route::of(flags & constructed != 0, flags & bit != 0)
    }

    /// Records where `selector` now goes: for a hot operation, a facet (flag set) or the pool's own
    /// program (`address(0)`, flag cleared).
    pub fn route_hot(&mut self, selector: FixedBytes<4>, facet: Address) {
        let routed = !facet.is_zero();
        match hot_flag(selector.0) {
            Some(Flag::Schedule(bit)) => {
                let mut schedule = self.load_schedule();
                schedule.hot_overrides = if routed { schedule.hot_overrides | bit } else { schedule.hot_overrides & !bit };
                self.store_schedule(schedule);
            }
            Some(Flag::StakedToken(bit)) => {
                let mut slot = self.staked_token_and_debt();
                slot.flags = if routed { slot.flags | bit } else { slot.flags & !bit };
                self.staked_token_and_debt.set(slot.pack());
            }
            None => {}
        }
    }
}
