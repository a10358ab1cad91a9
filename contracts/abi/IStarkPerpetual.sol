// SPDX-License-Identifier: MIT
// The StarkPerpetual exchange functions StarkProxy calls (spec §5.1), with the real exchange's
// signatures; the exchange mock (IMockStarkPerpetual) answers each of them the same way.
pragma solidity ^0.8.0;

interface IStarkPerpetual {
    function deposit(uint256 starkKey, uint256 assetType, uint256 vaultId, uint256 quantizedAmount) external;
    function withdraw(uint256 starkKey, uint256 assetType) external;
    function forcedWithdrawalRequest(uint256 starkKey, uint256 vaultId, uint256 quantizedAmount, bool premiumCost) external;
    function forcedTradeRequest(
        uint256 starkKeyA,
        uint256 starkKeyB,
        uint256 vaultIdA,
        uint256 vaultIdB,
        uint256 collateralAssetId,
        uint256 syntheticAssetId,
        uint256 amountCollateral,
        uint256 amountSynthetic,
        bool aIsBuyingSynthetic,
        uint256 submissionExpirationTime,
        uint256 nonce,
        bytes calldata signature,
        bool premiumCost
    ) external;
    function getEthKey(uint256 starkKey) external view returns (address);
    function depositCancel(uint256 starkKey, uint256 assetType, uint256 vaultId) external;
    function depositReclaim(uint256 starkKey, uint256 assetType, uint256 vaultId) external;
}
