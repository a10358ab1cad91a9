// SPDX-License-Identifier: MIT
// StarkProxy's external interface (spec §1.2, §4.13): V1 with the V2 functions built in and one
// initializer, initialize(address) (D1, D14). The proxy's address is the router (ls1-router), which
// also answers setFacets/facetAddress of ILS1Router (GUARDIAN_ROLE upgrades the proxy, D5).
pragma solidity ^0.8.0;

interface IStarkProxy {
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    event Borrowed(uint256 amount, uint256 newBorrowedBalance);
    event RepaidBorrow(uint256 amount, uint256 newBorrowedBalance, bool isGuardianAction);
    event RepaidDebt(uint256 amount, uint256 newDebtBalance, bool isGuardianAction);
    event DepositedToExchange(uint256 starkKey, uint256 starkAssetType, uint256 starkVaultId, uint256 tokenAmount);
    event WithdrewFromExchange(uint256 starkKey, uint256 starkAssetType, uint256 tokenAmount, bool isGuardianAction);
    event RequestedForcedWithdrawal(uint256 starkKey, uint256 vaultId, bool isGuardianAction);
    event RequestedForcedTrade(uint256 starkKey, uint256 vaultId, bool isGuardianAction);
    event BorrowingRestrictionChanged(bool isBorrowingRestricted);
    event GuardianVetoedForcedTradeRequest(bytes32 argsHash);
    event GuardianUpdateApprovedAmountForExternalWithdrawal(uint256 amount);
    event UpdatedStarkKey(uint256 starkKey, bool isAllowed);
    event UpdatedExternalRecipient(address recipient, bool isAllowed);
    event QueuedForcedTradeRequest(uint256[12] args, bytes32 argsHash);
    event ExternalWithdrewToken(address recipient, uint256 amount);
    event ExternalWithdrewOtherToken(address token, address recipient, uint256 amount);
    event ExternalWithdrewEther(address recipient, uint256 amount);
    event DepositCanceled(uint256 starkKey, uint256 starkAssetType, uint256 vaultId, bool isGuardianAction);
    event DepositReclaimed(uint256 starkKey, uint256 starkAssetType, uint256 vaultId, uint256 fundsReclaimed, bool isGuardianAction);

    // Initialization (§4.4): only the deployer named at construction, once.
    function initialize(address guardian) external;

    // Access control (§2.1) and roles (§4.3).
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
    function hasRole(bytes32 role, address account) external view returns (bool);
    function getRoleAdmin(bytes32 role) external view returns (bytes32);
    function grantRole(bytes32 role, address account) external;
    function revokeRole(bytes32 role, address account) external;
    function renounceRole(bytes32 role, address account) external;
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);
    function GUARDIAN_ROLE() external view returns (bytes32);
    function VETO_GUARDIAN_ROLE() external view returns (bytes32);
    function OWNER_ROLE() external view returns (bytes32);
    function DELEGATION_ADMIN_ROLE() external view returns (bytes32);
    function BORROWER_ROLE() external view returns (bytes32);
    function EXCHANGE_OPERATOR_ROLE() external view returns (bytes32);
    function WITHDRAWAL_OPERATOR_ROLE() external view returns (bytes32);

    // Write-once addresses and constants (§4.2, D4).
    function TOKEN() external view returns (address);
    function LIQUIDITY_STAKING() external view returns (address);
    function STARK_PERPETUAL() external view returns (address);
    function MERKLE_DISTRIBUTOR() external view returns (address);
    function FORCED_TRADE_WAITING_PERIOD() external view returns (uint256);
    function FORCED_TRADE_GRACE_PERIOD() external view returns (uint256);

    // Balance views (§4.5).
    function getAllocatedBalanceCurrentEpoch() external view returns (uint256);
    function getAllocatedBalanceNextEpoch() external view returns (uint256);
    function getBorrowableAmount() external view returns (uint256);
    function getBorrowedBalance() external view returns (uint256);
    function getDebtBalance() external view returns (uint256);
    function getBorrowedAndDebtBalance() external view returns (uint256);
    function getTokenBalance() external view returns (uint256);

    // Borrower (§4.6).
    function autoPayOrBorrow() external returns (uint256 borrowed, uint256 repaidBorrow, uint256 repaidDebt);
    function borrow(uint256 amount) external;
    function repayBorrow(uint256 amount) external;
    function repayDebt(uint256 amount) external;

    // Exchange operator (§4.7).
    function depositToExchange(uint256 starkKey, uint256 assetType, uint256 vaultId, uint256 quantizedAmount) external returns (uint256);
    function withdrawFromExchange(uint256 starkKey, uint256 assetType) external returns (uint256);

    // Guardian (§4.8, §4.12).
    function increaseApprovedAmountForExternalWithdrawal(uint256 amount) external returns (uint256);
    function resetApprovedAmountForExternalWithdrawal() external returns (uint256);
    function guardianSetBorrowingRestriction(bool isBorrowingRestricted) external;
    function guardianRepayBorrow(uint256 amount) external;
    function guardianRepayDebt(uint256 amount) external;
    function guardianWithdrawFromExchange(uint256 starkKey, uint256 assetType) external returns (uint256);
    function guardianForcedWithdrawalRequest(uint256 starkKey, uint256 vaultId, uint256 quantizedAmount, bool premiumCost) external;
    function guardianForcedTradeRequest(uint256[12] calldata args, bytes calldata signature) external;
    function guardianVetoForcedTradeRequests(bytes32[] calldata argsHashes) external;
    function guardianDepositCancel(uint256 starkKey, uint256 assetType, uint256 vaultId) external;
    function guardianDepositReclaim(uint256 starkKey, uint256 assetType, uint256 vaultId) external;

    // Owner (§4.9, §4.12).
    function allowStarkKey(uint256 starkKey) external;
    function disallowStarkKey(uint256 starkKey) external;
    function allowExternalRecipient(address recipient) external;
    function disallowExternalRecipient(address recipient) external;
    function setExchangeContractAllowance(address token, uint256 amount) external;
    function setStakingContractAllowance(address token, uint256 amount) external;
    function forcedWithdrawalRequest(uint256 starkKey, uint256 vaultId, uint256 quantizedAmount, bool premiumCost) external;
    function queueForcedTradeRequest(uint256[12] calldata args) external;
    function forcedTradeRequest(uint256[12] calldata args, bytes calldata signature) external;
    function depositCancel(uint256 starkKey, uint256 assetType, uint256 vaultId) external;
    function depositReclaim(uint256 starkKey, uint256 assetType, uint256 vaultId) external;

    // Withdrawal operator (§4.10).
    function claimRewardsFromMerkleDistributor(uint256 cumulativeAmount, bytes32[] calldata merkleProof) external returns (uint256);
    function externalWithdrawToken(address recipient, uint256 amount) external;
    function externalWithdrawOtherToken(address token, address recipient, uint256 amount) external;
    function externalWithdrawEther(address recipient, uint256 amount) external;

    // Getters (§4.11).
    function isStarkKeyAllowed(uint256 starkKey) external view returns (bool);
    function isRecipientAllowed(address recipient) external view returns (bool);
    function getApprovedAmountForExternalWithdrawal() external view returns (uint256);
    function isBorrowingRestricted() external view returns (bool);
    function getQueuedForcedTradeTimestamp(bytes32 argsHash) external view returns (uint256);
}
