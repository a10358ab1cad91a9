// SPDX-License-Identifier: MIT
// A malicious ERC-20 for attack tests: every transfer calls back `target` with `data` and reverts
// with the callee's revert data if that call fails.
pragma solidity ^0.8.0;

interface IReentrantToken {
    function setCallback(address target, bytes calldata data) external;
    function mint(address to, uint256 amount) external;
    function balanceOf(address account) external view returns (uint256);
    function allowance(address owner, address spender) external view returns (uint256);
    function approve(address spender, uint256 value) external returns (bool);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}
