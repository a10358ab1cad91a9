//! Spec §0: reverts carry `Error(string)` with the spec's exact strings (D2); checked arithmetic
//! reverts with the SafeMath strings.

use alloc::vec::Vec;

use alloy_primitives::U256;

/// A result whose error is the revert data.
pub type Revertible<T> = core::result::Result<T, Vec<u8>>;

/// `Error(string)` revert data for `message`.
#[inline(never)]
pub fn revert(message: &str) -> Vec<u8> {
    let bytes = message.as_bytes();
    let padded = bytes.len().div_ceil(32) * 32;
    let mut out = Vec::with_capacity(4 + 64 + padded);
    out.extend_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    out.extend_from_slice(&U256::from(0x20).to_be_bytes::<32>());
    out.extend_from_slice(&U256::from(bytes.len()).to_be_bytes::<32>());
    out.extend_from_slice(bytes);
    out.resize(4 + 64 + padded, 0);
    out
}

/// Fails with `message` unless `condition` holds.
#[inline(never)]
pub fn require(condition: bool, message: &str) -> Revertible<()> {
    if condition {
        Ok(())
    } else {
        Err(revert(message))
    }
}

/// `a + b`, or `'SafeMath: addition overflow'`.
pub fn add(a: U256, b: U256) -> Revertible<U256> {
    a.checked_add(b).ok_or_else(|| revert("SafeMath: addition overflow"))
}

/// `a - b`, or `'SafeMath: subtraction overflow'`.
pub fn sub(a: U256, b: U256) -> Revertible<U256> {
    sub_or(a, b, "SafeMath: subtraction overflow")
}

/// `a - b`, or the given message (the few subtractions the spec names).
pub fn sub_or(a: U256, b: U256, message: &str) -> Revertible<U256> {
    a.checked_sub(b).ok_or_else(|| revert(message))
}

/// `a * b`, or `'SafeMath: multiplication overflow'`.
pub fn mul(a: U256, b: U256) -> Revertible<U256> {
    a.checked_mul(b).ok_or_else(|| revert("SafeMath: multiplication overflow"))
}

/// `a / b` (floor), or `'SafeMath: division by zero'`.
pub fn div(a: U256, b: U256) -> Revertible<U256> {
    a.checked_div(b).ok_or_else(|| revert("SafeMath: division by zero"))
}

#[cfg(test)]
mod tests {
    use alloy_primitives::U256;
    use alloy_sol_types::{Revert, SolError};

    use super::*;

    #[test]
    fn revert_data_is_solidity_error_string() {
        for message in ["", "x", "LS1EpochSchedule: Blackout window can be at most half the epoch length"] {
            assert_eq!(revert(message), Revert::from(message).abi_encode());
        }
    }

    #[test]
    fn checked_math_uses_the_safemath_strings() {
        assert_eq!(add(U256::MAX, U256::from(1)), Err(revert("SafeMath: addition overflow")));
        assert_eq!(sub(U256::ZERO, U256::from(1)), Err(revert("SafeMath: subtraction overflow")));
        assert_eq!(mul(U256::MAX, U256::from(2)), Err(revert("SafeMath: multiplication overflow")));
        assert_eq!(div(U256::from(1), U256::ZERO), Err(revert("SafeMath: division by zero")));
        assert_eq!(sub_or(U256::from(1), U256::from(2), "custom"), Err(revert("custom")));
        assert_eq!(add(U256::from(2), U256::from(3)), Ok(U256::from(5)));
        assert_eq!(div(U256::from(7), U256::from(2)), Ok(U256::from(3)));
        assert_eq!(require(true, "no"), Ok(()));
        assert_eq!(require(false, "no"), Err(revert("no")));
    }
}
