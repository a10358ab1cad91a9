// SPDX-License-Identifier: MIT
// The LS1 pool's side of the link with stkUSDC (D1, D9): linked once by OWNER_ROLE; only stkUSDC may
// move active balances.
pragma solidity ^0.8.0;

interface ILS1StkUsdc {
    function setStkUsdc(address stkUsdc) external;
    function getStkUsdc() external view returns (address);
    function transferActiveBalance(address from, address to, uint256 amount) external;
}
