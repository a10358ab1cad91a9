// SPDX-License-Identifier: MIT
// The StarkPerpetual exchange mock for tests (spec §5.2, D15): besides the functions StarkProxy calls
// (IStarkPerpetual.sol, which the mock answers too), test setup (registerUser), the public maps, and
// the getters of what the recording forcedTradeRequest kept.
pragma solidity ^0.8.0;

interface IMockStarkPerpetual {
    event MockStarkRegistered(address ethKey, uint256 starkKey, bytes signature);
    event MockStarkDeposited(uint256 starkKey, uint256 assetType, uint256 vaultId, uint256 quantizedAmount);
    event MockStarkWithdrew(uint256 starkKey, uint256 assetType, uint256 amount);
    event MockStarkDepositCanceled(uint256 starkKey, uint256 assetType, uint256 vaultId);
    event MockStarkDepositReclaimed(uint256 starkKey, uint256 assetType, uint256 vaultId);

    function TOKEN() external view returns (address);
    function _REGISTRATIONS_(uint256 starkKey) external view returns (address);
    function _DEPOSITS_(address depositor) external view returns (uint256);
    function registerUser(address ethKey, uint256 starkKey, bytes calldata signature) external;
    // D15: how many forced trades were requested, and the last one (StarkProxy's 12-word order, booleans 0/1).
    function forcedTradeRequestCount() external view returns (uint256);
    function getLastForcedTradeRequestArgs() external view returns (uint256[] memory);
    function getLastForcedTradeRequestSignature() external view returns (bytes memory);
}
