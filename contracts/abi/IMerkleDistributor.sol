// SPDX-License-Identifier: MIT
// The Merkle distributor function StarkProxy calls (spec §4.10, claimRewardsFromMerkleDistributor).
pragma solidity ^0.8.0;

interface IMerkleDistributor {
    function claimRewards(uint256 cumulativeAmount, bytes32[] calldata merkleProof) external returns (uint256);
}
