//! Spec §2.4: SafeERC20 semantics for every token movement: the token must have code, a failed call
//! reverts with SafeERC20's own string (the token's reason is discarded), and return data, when
//! present, must decode to `true`.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::sol;
#[allow(deprecated)]
use stylus_sdk::types::AddressVM;

use crate::{call::Calldata, revert::Revertible};

sol! {
    /// The ERC-20 functions SafeERC20 calls.
    interface IERC20 {
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function allowance(address owner, address spender) external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
    }
}

crate::calldata! {
    IERC20::transferCall { to, value }
    IERC20::transferFromCall { from, to, value }
    IERC20::approveCall { spender, value }
    IERC20::allowanceCall { owner, spender }
    IERC20::balanceOfCall { account }
}

/// `safeTransfer`: moves `value` of `token` from this contract to `to`.
pub fn safe_transfer(token: Address, to: Address, value: U256) -> Revertible<()> {
    call_optional_return(token, IERC20::transferCall { to, value }.calldata().as_ref())
}

/// `safeTransferFrom`: moves `value` of `token` from `from` to `to` on this contract's allowance.
pub fn safe_transfer_from(token: Address, from: Address, to: Address, value: U256) -> Revertible<()> {
    call_optional_return(token, IERC20::transferFromCall { from, to, value }.calldata().as_ref())
}

/// `safeApprove`: sets this contract's allowance for `spender`, only from or to zero.
pub fn safe_approve(token: Address, this: Address, spender: Address, value: U256) -> Revertible<()> {
    if !value.is_zero() && !allowance(token, this, spender)?.is_zero() {
        return Err(crate::revert!("SafeERC20: approve from non-zero to non-zero allowance"));
    }
    call_optional_return(token, IERC20::approveCall { spender, value }.calldata().as_ref())
}

/// `token.allowance(owner, spender)` as a plain call: the callee's revert data is bubbled.
pub fn allowance(token: Address, owner: Address, spender: Address) -> Revertible<U256> {
    uint_returned(&crate::call::view_sol(token, &IERC20::allowanceCall { owner, spender })?)
}

/// `token.balanceOf(account)` as a plain call: the callee's revert data is bubbled.
pub fn balance_of(token: Address, account: Address) -> Revertible<U256> {
    uint_returned(&crate::call::view_sol(token, &IERC20::balanceOfCall { account })?)
}

/// A returned `uint256` as Solidity decodes it: at least one word, anything after it ignored.
fn uint_returned(output: &[u8]) -> Revertible<U256> {
    output.get(..32).map(crate::word::from_slice).ok_or_else(Vec::new)
}

fn call_optional_return(token: Address, data: &[u8]) -> Revertible<()> {
    #[allow(deprecated)]
    if !token.has_code() {
        return Err(crate::revert!("SafeERC20: call to non-contract"));
    }
    let output = crate::call::call(token, data).map_err(|_| crate::revert!("SafeERC20: low-level call failed"))?;
    if output.is_empty() {
        return Ok(());
    }
    match output.get(..32).map(crate::word::from_slice) {
        Some(word) if word == U256::from(1) => Ok(()),
        Some(word) if word.is_zero() => Err(crate::revert!("SafeERC20: ERC20 operation did not succeed")),
        _ => Err(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;
    use alloy_sol_types::SolCall;

    use super::*;

    #[test]
    fn the_calls_are_encoded_as_alloy_encodes_them() {
        let (a, b, value) = (address!("00000000000000000000000000000000000000aa"), Address::repeat_byte(0xbb), U256::MAX - U256::from(7));
        assert_eq!(IERC20::transferCall { to: a, value }.calldata().as_ref(), IERC20::transferCall { to: a, value }.abi_encode());
        let transfer_from = IERC20::transferFromCall { from: a, to: b, value };
        assert_eq!(transfer_from.calldata().as_ref(), transfer_from.abi_encode());
        assert_eq!(IERC20::approveCall { spender: b, value }.calldata().as_ref(), IERC20::approveCall { spender: b, value }.abi_encode());
        let allowance = IERC20::allowanceCall { owner: a, spender: b };
        assert_eq!(allowance.calldata().as_ref(), allowance.abi_encode());
        assert_eq!(IERC20::balanceOfCall { account: b }.calldata().as_ref(), IERC20::balanceOfCall { account: b }.abi_encode());
    }
}
