// SPDX-License-Identifier: MIT
// The LS1 pool's external interface (spec §1.1, §3.18), as one ABI at one address (D1, D16): every
// function of LiquidityStakingV1 except the ERC-20 transfer and allowance surface, which moves to the
// stkUSDC contract; the pool still answers the ERC-20 views name, symbol, decimals, totalSupply, balanceOf.
pragma solidity ^0.8.0;

interface ILiquidityStakingV1 {
    struct EpochParameters {
        uint128 interval;
        uint128 offset;
    }

    struct Shortfall {
        uint16 epoch;
        uint224 index;
    }

    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    event EpochParametersChanged(EpochParameters epochParameters);
    event BlackoutWindowChanged(uint256 blackoutWindow);
    event RewardsPerSecondUpdated(uint256 emissionPerSecond);
    event GlobalIndexUpdated(uint256 index);
    event UserIndexUpdated(address indexed user, uint256 index, uint256 unclaimedRewards);
    event ClaimedRewards(address indexed user, address recipient, uint256 claimedRewards);
    event ReceivedDebt(address indexed staker, uint256 amount, uint256 newDebtBalance);
    event Staked(address indexed staker, address spender, uint256 amount);
    event WithdrawalRequested(address indexed staker, uint256 amount);
    event WithdrewStake(address indexed staker, address recipient, uint256 amount);
    event WithdrewDebt(address indexed staker, address recipient, uint256 amount, uint256 newDebtBalance);
    event ScheduledBorrowerAllocationChange(address indexed borrower, uint256 oldAllocation, uint256 newAllocation, uint256 epochNumber);
    event BorrowingRestrictionChanged(address indexed borrower, bool isBorrowingRestricted);
    event Borrowed(address indexed borrower, uint256 amount, uint256 newBorrowedBalance);
    event RepaidBorrow(address indexed borrower, address sender, uint256 amount, uint256 newBorrowedBalance);
    event RepaidDebt(address indexed borrower, address sender, uint256 amount, uint256 newDebtBalance);
    event ConvertedInactiveBalancesToDebt(uint256 shortfallAmount, uint256 shortfallIndex, uint256 newInactiveBalance);
    event DebtMarked(address indexed borrower, uint256 amount, uint256 newBorrowedBalance, uint256 newDebtBalance);
    event OperatorStakedFor(address indexed staker, uint256 amount, address operator);
    event OperatorWithdrawalRequestedFor(address indexed staker, uint256 amount, address operator);
    event OperatorWithdrewStakeFor(address indexed staker, address recipient, uint256 amount, address operator);
    event OperatorClaimedRewardsFor(address indexed staker, address recipient, uint256 claimedRewards, address operator);
    event OperatorDecreasedStakerDebt(address indexed staker, uint256 amount, uint256 newDebtBalance, address operator);
    event OperatorDecreasedBorrowerDebt(address indexed borrower, uint256 amount, uint256 newDebtBalance, address operator);

    // §3.5 initialization
    function initialize(uint256 interval, uint256 offset, uint256 blackoutWindow) external;

    // §2.1 access control, §3.4 roles
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
    function hasRole(bytes32 role, address account) external view returns (bool);
    function getRoleAdmin(bytes32 role) external view returns (bytes32);
    function grantRole(bytes32 role, address account) external;
    function revokeRole(bytes32 role, address account) external;
    function renounceRole(bytes32 role, address account) external;
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);
    function OWNER_ROLE() external view returns (bytes32);
    function EPOCH_PARAMETERS_ROLE() external view returns (bytes32);
    function REWARDS_RATE_ROLE() external view returns (bytes32);
    function BORROWER_ADMIN_ROLE() external view returns (bytes32);
    function CLAIM_OPERATOR_ROLE() external view returns (bytes32);
    function STAKE_OPERATOR_ROLE() external view returns (bytes32);
    function DEBT_OPERATOR_ROLE() external view returns (bytes32);

    // §3.6 epoch schedule
    function getCurrentEpoch() external view returns (uint256);
    function getTimeRemainingInCurrentEpoch() external view returns (uint256);
    function getStartOfEpoch(uint256 epochNumber) external view returns (uint256);
    function hasEpochZeroStarted() external view returns (bool);
    function inBlackoutWindow() external view returns (bool);

    // §3.8 rewards
    function REWARDS_TOKEN() external view returns (address);
    function REWARDS_TREASURY() external view returns (address);
    function DISTRIBUTION_START() external view returns (uint256);
    function DISTRIBUTION_END() external view returns (uint256);
    function getRewardsPerSecond() external view returns (uint256);

    // §3.7.4 balances
    function getActiveBalanceCurrentEpoch(address staker) external view returns (uint256);
    function getActiveBalanceNextEpoch(address staker) external view returns (uint256);
    function getTotalActiveBalanceCurrentEpoch() external view returns (uint256);
    function getTotalActiveBalanceNextEpoch() external view returns (uint256);
    function getInactiveBalanceCurrentEpoch(address staker) external view returns (uint256);
    function getInactiveBalanceNextEpoch(address staker) external view returns (uint256);
    function getTotalInactiveBalanceCurrentEpoch() external view returns (uint256);
    function getTotalInactiveBalanceNextEpoch() external view returns (uint256);
    function getStakerDebtBalance(address staker) external view returns (uint256);
    function getTransferableBalance(address staker) external view returns (uint256);

    // §3.11 the ERC-20 views the pool keeps (D1)
    function name() external pure returns (string memory);
    function symbol() external pure returns (string memory);
    function decimals() external pure returns (uint8);
    function totalSupply() external view returns (uint256);
    function balanceOf(address account) external view returns (uint256);

    // §3.10 staking
    function STAKED_TOKEN() external view returns (address);
    function stake(uint256 amount) external;
    function stakeFor(address staker, uint256 amount) external;
    function requestWithdrawal(uint256 amount) external;
    function withdrawStake(address recipient, uint256 amount) external;
    function withdrawMaxStake(address recipient) external returns (uint256);
    function withdrawDebt(address recipient, uint256 amount) external;
    function withdrawMaxDebt(address recipient) external returns (uint256);
    function claimRewards(address recipient) external returns (uint256);
    function getStakeAvailableToWithdraw(address staker) external view returns (uint256);
    function getContractBalanceAvailableToWithdraw() external view returns (uint256);
    function getDebtAvailableToWithdraw(address staker) external view returns (uint256);

    // §3.12 allocations
    function TOTAL_ALLOCATION() external view returns (uint256);
    function getAllocationFractionCurrentEpoch(address borrower) external view returns (uint256);
    function getAllocationFractionNextEpoch(address borrower) external view returns (uint256);
    function getAllocatedBalanceCurrentEpoch(address borrower) external view returns (uint256);
    function getAllocatedBalanceNextEpoch(address borrower) external view returns (uint256);

    // §3.13 borrowing, §3.9 debt
    function borrow(uint256 amount) external;
    function repayBorrow(address borrower, uint256 amount) external;
    function repayDebt(address borrower, uint256 amount) external;
    function getBorrowableAmount(address borrower) external view returns (uint256);
    function getContractBalanceAvailableToBorrow() external view returns (uint256);
    function restrictBorrower(address borrower) external;
    function markDebt(address[] calldata borrowers) external returns (uint256);
    function isBorrowerOverdue(address borrower) external view returns (bool);
    // D17: what a borrower's StarkProxy reads, in one call (each value equals its own getter's).
    function getBorrowerState(address borrower)
        external
        view
        returns (
            bool inBlackoutWindow,
            uint256 borrowedBalance,
            uint256 allocatedBalanceNextEpoch,
            uint256 borrowableAmount,
            uint256 debtBalance
        );

    // §3.14 admin
    function setEpochParameters(uint256 interval, uint256 offset) external;
    function setBlackoutWindow(uint256 blackoutWindow) external;
    function setRewardsPerSecond(uint256 emissionPerSecond) external;
    function setBorrowerAllocations(address[] calldata borrowers, uint256[] calldata newAllocations) external;
    function setBorrowingRestriction(address borrower, bool isBorrowingRestricted) external;

    // §3.15 operators
    function requestWithdrawalFor(address staker, uint256 amount) external;
    function withdrawStakeFor(address staker, address recipient, uint256 amount) external;
    function claimRewardsFor(address staker, address recipient) external returns (uint256);
    function decreaseStakerDebt(address staker, uint256 amount) external returns (uint256);
    function decreaseBorrowerDebt(address borrower, uint256 amount) external returns (uint256);

    // §3.17 plain getters
    function getBorrowedBalance(address borrower) external view returns (uint256);
    function getTotalBorrowedBalance() external view returns (uint256);
    function getBorrowerDebtBalance(address borrower) external view returns (uint256);
    function getTotalBorrowerDebtBalance() external view returns (uint256);
    function getTotalDebtAvailableToWithdraw() external view returns (uint256);
    function isBorrowingRestrictedForBorrower(address borrower) external view returns (bool);
    function getEpochParameters() external view returns (EpochParameters memory);
    function getBlackoutWindow() external view returns (uint256);
    function getShortfall(uint256 shortfallCounter) external view returns (Shortfall memory);
    function getShortfallCount() external view returns (uint256);

    // §3.16 failsafe
    function failsafeSettleUserInactiveBalanceToEpoch(uint256 maxEpoch) external;
    function failsafeDeleteUserInactiveBalance() external;
}
