// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.7.5;

interface IBaselineToken {
    function transfer(address to, uint256 amount) external returns (bool);

    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @notice The bench's EVM exchange: the StarkPerpetual functions StarkProxy calls (all but the forced
/// trade), doing the work the Solidity baseline's exchange mock does (a registration read on every call,
/// the caller's deposit total in one slot, the token in an immutable, one event per call). Compiled by
/// `scripts/evm-contracts.sh` with the baseline's compiler and settings (solc 0.7.5, optimizer 200 runs,
/// berlin).
contract BaselineExchange {
    mapping(uint256 => address) private registrations;
    mapping(address => uint256) private deposits;
    IBaselineToken private immutable token;

    event MockStarkRegistered(address ethKey, uint256 starkKey, bytes signature);
    event MockStarkDeposited(uint256 starkKey, uint256 assetType, uint256 vaultId, uint256 quantizedAmount);
    event MockStarkWithdrew(uint256 starkKey, uint256 assetType, uint256 amount);
    event MockStarkDepositCanceled(uint256 starkKey, uint256 assetType, uint256 vaultId);
    event MockStarkDepositReclaimed(uint256 starkKey, uint256 assetType, uint256 vaultId);

    constructor(IBaselineToken token_) {
        token = token_;
    }

    function TOKEN() external view returns (address) {
        return address(token);
    }

    function _REGISTRATIONS_(uint256 starkKey) external view returns (address) {
        return registrations[starkKey];
    }

    function _DEPOSITS_(address depositor) external view returns (uint256) {
        return deposits[depositor];
    }

    function registerUser(address ethKey, uint256 starkKey, bytes calldata signature) external {
        registrations[starkKey] = ethKey;
        emit MockStarkRegistered(ethKey, starkKey, signature);
    }

    function getEthKey(uint256 starkKey) public view returns (address) {
        address ethKey = registrations[starkKey];
        require(ethKey != address(0), "USER_UNREGISTERED");
        return ethKey;
    }

    function deposit(uint256 starkKey, uint256 assetType, uint256 vaultId, uint256 quantizedAmount) external {
        getEthKey(starkKey);
        deposits[msg.sender] += quantizedAmount;
        require(token.transferFrom(msg.sender, address(this), quantizedAmount));
        emit MockStarkDeposited(starkKey, assetType, vaultId, quantizedAmount);
    }

    function withdraw(uint256 starkKey, uint256 assetType) external {
        getEthKey(starkKey);
        uint256 amount = deposits[msg.sender];
        deposits[msg.sender] = 0;
        require(token.transfer(msg.sender, amount));
        emit MockStarkWithdrew(starkKey, assetType, amount);
    }

    function forcedWithdrawalRequest(uint256 starkKey, uint256, uint256, bool) external view {
        getEthKey(starkKey);
    }

    function depositCancel(uint256 starkKey, uint256 assetType, uint256 vaultId) external {
        getEthKey(starkKey);
        emit MockStarkDepositCanceled(starkKey, assetType, vaultId);
    }

    function depositReclaim(uint256 starkKey, uint256 assetType, uint256 vaultId) external {
        getEthKey(starkKey);
        emit MockStarkDepositReclaimed(starkKey, assetType, vaultId);
    }
}
