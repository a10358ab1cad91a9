// SPDX-License-Identifier: MIT
// The external interface of the probe program (contracts/probes/probe), which exercises one Stylus
// host semantic per method for the devnode's tests. Failures revert with `Error(string)` ("Probe: …")
// unless they bubble up a callee's or an init code's revert data unchanged.
pragma solidity ^0.8.0;

interface IProbe {
    event Ping(address indexed sender, uint256 value);

    function set(uint256 key, uint256 value) external;
    function get(uint256 key) external view returns (uint256);
    function setAndRevert(uint256 key, uint256 value) external;
    function fail(string calldata message) external pure;
    function forward(address target, bytes calldata data) external payable returns (bytes memory);
    function forwardStatic(address target, bytes calldata data) external view returns (bytes memory);
    function forwardDelegate(address target, bytes calldata data) external returns (bytes memory);
    function context()
        external
        payable
        returns (address sender, address origin, uint256 value, address self_);
    function blockInfo()
        external
        view
        returns (
            uint256 number,
            uint256 timestamp,
            uint256 chainId,
            address coinbase,
            uint256 basefee,
            uint256 gasLimit
        );
    function accountInfo(address account)
        external
        view
        returns (uint256 balance, uint256 codeSize, bytes32 codeHash);
    function emitLogs(uint8 topics, bytes32[] calldata topicValues, bytes calldata data) external;
    function emitPing(uint256 value) external;
    function deploy(bytes calldata initCode, uint256 endowment) external payable returns (address);
    function deploy2(bytes calldata initCode, bytes32 salt, uint256 endowment)
        external
        payable
        returns (address);
    function sendValue(address to, uint256 amount) external;
    function hash(bytes calldata data) external view returns (bytes32);
    function grow(uint32 pages) external pure returns (uint256);
    function log(string calldata message) external pure;
    function gasLeft() external view returns (uint64 gas, uint64 ink);
    function reentrant() external view returns (bool);
}
