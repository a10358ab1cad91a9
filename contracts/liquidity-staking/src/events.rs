//! Spec §3.18: the pool's events, with the original's exact signatures (same topic0).

use alloy_sol_types::sol;

sol! {
    /// The epoch formula changed.
    event EpochParametersChanged((uint128,uint128) epochParameters);
    /// The blackout window changed.
    event BlackoutWindowChanged(uint256 blackoutWindow);
    /// The rewards rate changed.
    event RewardsPerSecondUpdated(uint256 emissionPerSecond);
    /// The global rewards index was settled.
    event GlobalIndexUpdated(uint256 index);
    /// A user's rewards were settled.
    event UserIndexUpdated(address indexed user, uint256 index, uint256 unclaimedRewards);
    /// Rewards were paid.
    event ClaimedRewards(address indexed user, address recipient, uint256 claimedRewards);
    /// A shortfall turned part of a staker's inactive balance into debt owed to it.
    event ReceivedDebt(address indexed staker, uint256 amount, uint256 newDebtBalance);
    /// Stake was added.
    event Staked(address indexed staker, address spender, uint256 amount);
    /// A withdrawal was requested for the next epoch.
    event WithdrawalRequested(address indexed staker, uint256 amount);
    /// Inactive stake was withdrawn.
    event WithdrewStake(address indexed staker, address recipient, uint256 amount);
    /// Debt was withdrawn.
    event WithdrewDebt(address indexed staker, address recipient, uint256 amount, uint256 newDebtBalance);
    /// An allocation change was scheduled.
    event ScheduledBorrowerAllocationChange(address indexed borrower, uint256 oldAllocation, uint256 newAllocation, uint256 epochNumber);
    /// A borrower's restriction changed.
    event BorrowingRestrictionChanged(address indexed borrower, bool isBorrowingRestricted);
    /// A borrower borrowed.
    event Borrowed(address indexed borrower, uint256 amount, uint256 newBorrowedBalance);
    /// A borrow was repaid.
    event RepaidBorrow(address indexed borrower, address sender, uint256 amount, uint256 newBorrowedBalance);
    /// Debt was repaid.
    event RepaidDebt(address indexed borrower, address sender, uint256 amount, uint256 newDebtBalance);
    /// markDebt converted inactive balances to debt.
    event ConvertedInactiveBalancesToDebt(uint256 shortfallAmount, uint256 shortfallIndex, uint256 newInactiveBalance);
    /// markDebt charged a borrower.
    event DebtMarked(address indexed borrower, uint256 amount, uint256 newBorrowedBalance, uint256 newDebtBalance);
    /// A stake operator requested a withdrawal for a staker.
    event OperatorWithdrawalRequestedFor(address indexed staker, uint256 amount, address operator);
    /// A stake operator withdrew a staker's stake.
    event OperatorWithdrewStakeFor(address indexed staker, address recipient, uint256 amount, address operator);
    /// A claim operator claimed a staker's rewards.
    event OperatorClaimedRewardsFor(address indexed staker, address recipient, uint256 claimedRewards, address operator);
    /// A debt operator decreased a staker's debt.
    event OperatorDecreasedStakerDebt(address indexed staker, uint256 amount, uint256 newDebtBalance, address operator);
    /// A debt operator decreased a borrower's debt.
    event OperatorDecreasedBorrowerDebt(address indexed borrower, uint256 amount, uint256 newDebtBalance, address operator);
    /// The router now sends `selector` to `facet` (zero: removed).
    event FacetUpdated(bytes4 indexed selector, address facet);
}
