//! Spec §3.18: the pool's events, generated from its interface file (`contracts/abi/ILiquidityStakingV1.sol`,
//! the one source of their signatures, the original's), and the router table's `FacetUpdated`.

pub use crate::hot::ILiquidityStakingV1::{
    BlackoutWindowChanged, Borrowed, BorrowingRestrictionChanged, ClaimedRewards, ConvertedInactiveBalancesToDebt, DebtMarked,
    EpochParametersChanged, GlobalIndexUpdated, OperatorClaimedRewardsFor, OperatorDecreasedBorrowerDebt, OperatorDecreasedStakerDebt,
    OperatorWithdrawalRequestedFor, OperatorWithdrewStakeFor, ReceivedDebt, RepaidBorrow, RepaidDebt, RewardsPerSecondUpdated,
    ScheduledBorrowerAllocationChange, Staked, UserIndexUpdated, WithdrawalRequested, WithdrewDebt, WithdrewStake,
};
pub use ls1_common::router::FacetUpdated;
