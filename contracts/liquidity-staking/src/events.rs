//! Spec §3.18: the pool's events, generated from its interface file (`contracts/abi/ILiquidityStakingV1.sol`,
//! the one source of their signatures, the original's), and the router table's `FacetUpdated`.

pub use crate::hot::ILiquidityStakingV1::{
    BlackoutWindowChanged, Borrowed, BorrowingRestrictionChanged, ClaimedRewards, ConvertedInactiveBalancesToDebt, DebtMarked,
    EpochParametersChanged, GlobalIndexUpdated, OperatorClaimedRewardsFor, OperatorDecreasedBorrowerDebt, OperatorDecreasedStakerDebt,
    OperatorWithdrawalRequestedFor, OperatorWithdrewStakeFor, ReceivedDebt, RepaidBorrow, RepaidDebt, RewardsPerSecondUpdated,
    ScheduledBorrowerAllocationChange, Staked, UserIndexUpdated, WithdrawalRequested, WithdrewDebt, WithdrewStake,
};
pub use ls1_common::router::FacetUpdated;

ls1_common::logs! {
    BlackoutWindowChanged { [] blackoutWindow }
    Borrowed { [borrower] amount, newBorrowedBalance }
    BorrowingRestrictionChanged { [borrower] isBorrowingRestricted }
    ClaimedRewards { [user] recipient, claimedRewards }
    ConvertedInactiveBalancesToDebt { [] shortfallAmount, shortfallIndex, newInactiveBalance }
    DebtMarked { [borrower] amount, newBorrowedBalance, newDebtBalance }
    EpochParametersChanged { [] epochParameters.interval, epochParameters.offset }
    GlobalIndexUpdated { [] index }
    OperatorClaimedRewardsFor { [staker] recipient, claimedRewards, operator }
    OperatorDecreasedBorrowerDebt { [borrower] amount, newDebtBalance, operator }
    OperatorDecreasedStakerDebt { [staker] amount, newDebtBalance, operator }
    OperatorWithdrawalRequestedFor { [staker] amount, operator }
    OperatorWithdrewStakeFor { [staker] recipient, amount, operator }
    ReceivedDebt { [staker] amount, newDebtBalance }
    RepaidBorrow { [borrower] sender, amount, newBorrowedBalance }
    RepaidDebt { [borrower] sender, amount, newDebtBalance }
    RewardsPerSecondUpdated { [] emissionPerSecond }
    ScheduledBorrowerAllocationChange { [borrower] oldAllocation, newAllocation, epochNumber }
    Staked { [staker] spender, amount }
    UserIndexUpdated { [user] index, unclaimedRewards }
    WithdrawalRequested { [staker] amount }
    WithdrewDebt { [staker] recipient, amount, newDebtBalance }
    WithdrewStake { [staker] recipient, amount }
}
