//! D16 as amended: the operations the program at the pool's address (`ls1-pool`) serves itself, with
//! no delegate-call hop, and how an upgrade (D5) routes one of them to a facet instead: pointing a hot
//! selector at a facet sets its flag in the schedule slot, which every hot call reads anyway, so the
//! check costs nothing until an upgrade uses it; pointing it at `address(0)` gives it back to the
//! pool's program.

use alloy_primitives::{Address, FixedBytes};
use alloy_sol_types::{sol, SolCall};

use crate::pool::Pool;

sol!("../abi/ILiquidityStakingV1.sol");
sol!("../abi/ILS1StkUsdc.sol");

/// The hot operations, in flag order (bit `i` of the schedule slot's overrides is `HOT[i]`'s).
pub const HOT: [[u8; 4]; 13] = [
    ILiquidityStakingV1::stakeCall::SELECTOR,
    ILiquidityStakingV1::stakeForCall::SELECTOR,
    ILiquidityStakingV1::requestWithdrawalCall::SELECTOR,
    ILiquidityStakingV1::withdrawStakeCall::SELECTOR,
    ILiquidityStakingV1::withdrawMaxStakeCall::SELECTOR,
    ILiquidityStakingV1::claimRewardsCall::SELECTOR,
    ILS1StkUsdc::transferActiveBalanceCall::SELECTOR,
    ILiquidityStakingV1::borrowCall::SELECTOR,
    ILiquidityStakingV1::repayBorrowCall::SELECTOR,
    ILiquidityStakingV1::repayDebtCall::SELECTOR,
    ILiquidityStakingV1::withdrawDebtCall::SELECTOR,
    ILiquidityStakingV1::getBorrowerStateCall::SELECTOR,
    ILiquidityStakingV1::balanceOfCall::SELECTOR,
];

/// The flag of `selector`, if it is a hot operation.
pub fn hot_flag(selector: [u8; 4]) -> Option<u32> {
    HOT.iter().position(|hot| *hot == selector).map(|i| 1 << i)
}

impl Pool {
    /// Whether the operation with `flag` is routed to a facet (the table names which).
    pub fn hot_overridden(&self, flag: u32) -> bool {
        self.load_schedule().hot_overrides & flag != 0
    }

    /// Records where `selector` now goes: for a hot operation, a facet (flag set) or the pool's own
    /// program (`address(0)`, flag cleared).
    pub fn route_hot(&mut self, selector: FixedBytes<4>, facet: Address) {
        if let Some(flag) = hot_flag(selector.0) {
            let mut schedule = self.load_schedule();
            if facet.is_zero() {
                schedule.hot_overrides &= !flag;
            } else {
                schedule.hot_overrides |= flag;
            }
            self.schedule.set(schedule.pack());
        }
    }
}
