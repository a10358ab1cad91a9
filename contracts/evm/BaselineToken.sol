// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.7.5;

/// @notice The bench's EVM tokens (USDC and DYDX): an ERC-20 that does the work the Solidity baseline's
/// token does (OpenZeppelin 3.x behaviour: the allowance written and `Approval` logged on every
/// `transferFrom`, even at the maximum; checked arithmetic with revert strings), the same external
/// functions (so the same dispatch), and a public `mint`. Compiled by `scripts/evm-token.sh` with the
/// baseline's compiler and settings (solc 0.7.5, optimizer 200 runs, berlin).
contract BaselineToken {
    mapping(address => uint256) private balances;
    mapping(address => mapping(address => uint256)) private allowances;
    uint256 private supply;
    string private tokenName;
    string private tokenSymbol;
    uint8 private tokenDecimals;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        tokenName = name_;
        tokenSymbol = symbol_;
        tokenDecimals = decimals_;
    }

    function name() public view returns (string memory) {
        return tokenName;
    }

    function symbol() public view returns (string memory) {
        return tokenSymbol;
    }

    function decimals() public view returns (uint8) {
        return tokenDecimals;
    }

    function totalSupply() public view returns (uint256) {
        return supply;
    }

    function balanceOf(address account) public view returns (uint256) {
        return balances[account];
    }

    function allowance(address owner, address spender) public view returns (uint256) {
        return allowances[owner][spender];
    }

    function transfer(address to, uint256 amount) public returns (bool) {
        move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) public returns (bool) {
        setAllowance(msg.sender, spender, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) public returns (bool) {
        move(from, to, amount);
        setAllowance(from, msg.sender, minus(allowances[from][msg.sender], amount, "ERC20: transfer amount exceeds allowance"));
        return true;
    }

    function increaseAllowance(address spender, uint256 added) public returns (bool) {
        setAllowance(msg.sender, spender, plus(allowances[msg.sender][spender], added));
        return true;
    }

    function decreaseAllowance(address spender, uint256 subtracted) public returns (bool) {
        setAllowance(msg.sender, spender, minus(allowances[msg.sender][spender], subtracted, "ERC20: decreased allowance below zero"));
        return true;
    }

    function mint(address to, uint256 amount) external {
        require(to != address(0), "ERC20: mint to the zero address");
        supply = plus(supply, amount);
        balances[to] = plus(balances[to], amount);
        emit Transfer(address(0), to, amount);
    }

    function move(address from, address to, uint256 amount) internal {
        require(from != address(0), "ERC20: transfer from the zero address");
        require(to != address(0), "ERC20: transfer to the zero address");
        balances[from] = minus(balances[from], amount, "ERC20: transfer amount exceeds balance");
        balances[to] = plus(balances[to], amount);
        emit Transfer(from, to, amount);
    }

    function setAllowance(address owner, address spender, uint256 amount) internal {
        require(owner != address(0), "ERC20: approve from the zero address");
        require(spender != address(0), "ERC20: approve to the zero address");
        allowances[owner][spender] = amount;
        emit Approval(owner, spender, amount);
    }

    function plus(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "SafeMath: addition overflow");
        return c;
    }

    function minus(uint256 a, uint256 b, string memory message) internal pure returns (uint256) {
        require(b <= a, message);
        return a - b;
    }
}
