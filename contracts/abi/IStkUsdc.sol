// SPDX-License-Identifier: MIT
// stkUSDC (spec §3.11, D1, D9): the ERC-20 surface of LiquidityStakingV1, moved to its own contract.
// Balances live in the pool; transfers move next-epoch active balance there; allowances live here.
pragma solidity ^0.8.0;

interface IStkUsdc {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function name() external pure returns (string memory);
    function symbol() external pure returns (string memory);
    function decimals() external pure returns (uint8);
    function totalSupply() external view returns (uint256);
    function balanceOf(address account) external view returns (uint256);
    function transfer(address recipient, uint256 amount) external returns (bool);
    function allowance(address owner, address spender) external view returns (uint256);
    function approve(address spender, uint256 amount) external returns (bool);
    function transferFrom(address sender, address recipient, uint256 amount) external returns (bool);
    function increaseAllowance(address spender, uint256 addedValue) external returns (bool);
    function decreaseAllowance(address spender, uint256 subtractedValue) external returns (bool);

    // The link with the pool: the pool whose balances it shows, and the mint/burn events only the
    // pool may ask for (D9).
    function LIQUIDITY_STAKING() external view returns (address);
    function emitTransfer(address from, address to, uint256 amount) external;
}
