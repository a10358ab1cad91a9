//! Spec §0: narrowing casts revert with OpenZeppelin SafeCast's strings. The checks read the
//! limbs: ruint's `bit_len` and `to` loop over them, and on Stylus every iteration pays a basic
//! block's ink.

use alloy_primitives::U256;

use crate::{revert::Revertible, word::low_u128};

/// Whether `value` fits in `bits` bits (0 < `bits` < 256).
#[inline(always)]
fn fits(value: &U256, bits: usize) -> bool {
    let [l0, l1, l2, l3] = *value.as_limbs();
    match bits / 64 {
        0 => (l0 >> bits) | l1 | l2 | l3 == 0,
        1 => (l1 >> (bits - 64)) | l2 | l3 == 0,
        2 => (l2 >> (bits - 128)) | l3 == 0,
        _ => l3 >> (bits - 192) == 0,
    }
}

/// `'SafeCast: toUint<bits> overflow'`.
#[cold]
#[inline(never)]
fn overflow(bits: usize) -> alloc::vec::Vec<u8> {
    match bits {
        16 => crate::revert!("SafeCast: toUint16 overflow"),
        32 => crate::revert!("SafeCast: toUint32 overflow"),
        112 => crate::revert!("SafeCast: toUint112 overflow"),
        120 => crate::revert!("SafeCast: toUint120 overflow"),
        128 => crate::revert!("SafeCast: toUint128 overflow"),
        _ => crate::revert!("SafeCast: toUint224 overflow"),
    }
}

/// `value` if it fits in `bits` bits (16, 32, 112, 120, 128 or 224), else `'SafeCast: toUint<bits> overflow'`.
#[inline(always)]
pub fn to_uint(value: U256, bits: usize) -> Revertible<U256> {
    if fits(&value, bits) {
        Ok(value)
    } else {
        Err(overflow(bits))
    }
}

/// `value` as a u128 if it fits in `bits` bits (16, 32, 112, 120 or 128), else the SafeCast string.
#[inline(always)]
pub fn to_u128_within(value: U256, bits: usize) -> Revertible<u128> {
    if fits(&value, bits) {
        Ok(low_u128(&value))
    } else {
        Err(overflow(bits))
    }
}

/// `value` as a u16, or `'SafeCast: toUint16 overflow'`.
#[allow(clippy::cast_possible_truncation)] // it fits in 16 bits
#[inline(always)]
pub fn to_u16(value: U256) -> Revertible<u16> {
    to_u128_within(value, 16).map(|v| v as u16)
}

/// `value` as a u32, or `'SafeCast: toUint32 overflow'`.
#[allow(clippy::cast_possible_truncation)] // it fits in 32 bits
#[inline(always)]
pub fn to_u32(value: U256) -> Revertible<u32> {
    to_u128_within(value, 32).map(|v| v as u32)
}

/// `value` as a u128, or `'SafeCast: toUint128 overflow'`.
#[inline(always)]
pub fn to_u128(value: U256) -> Revertible<u128> {
    to_u128_within(value, 128)
}

#[cfg(test)]
mod tests {
    use alloy_primitives::U256;

    use super::*;

    #[test]
    fn casts_fit_or_revert_with_the_safecast_string() {
        assert_eq!(to_u16(U256::from(65_535)), Ok(65_535));
        assert_eq!(to_u16(U256::from(65_536)), Err(crate::revert!("SafeCast: toUint16 overflow")));
        assert_eq!(to_u32(U256::from(u32::MAX) + U256::from(1)), Err(crate::revert!("SafeCast: toUint32 overflow")));
        assert_eq!(to_u128(U256::from(u128::MAX)), Ok(u128::MAX));
        assert_eq!(to_uint(U256::from(1) << 112, 112), Err(crate::revert!("SafeCast: toUint112 overflow")));
        assert_eq!(to_uint((U256::from(1) << 112) - U256::from(1), 112), Ok((U256::from(1) << 112) - U256::from(1)));
        assert_eq!(to_uint(U256::MAX, 224), Err(crate::revert!("SafeCast: toUint224 overflow")));
        assert_eq!(to_uint(U256::from(1) << 224, 224), Err(crate::revert!("SafeCast: toUint224 overflow")));
        assert_eq!(to_uint((U256::from(1) << 224) - U256::from(1), 224), Ok((U256::from(1) << 224) - U256::from(1)));
        assert_eq!(to_u128_within((U256::from(1) << 120) - U256::from(1), 120), Ok((1 << 120) - 1));
        assert_eq!(to_u128_within(U256::from(1) << 120, 120), Err(crate::revert!("SafeCast: toUint120 overflow")));
        assert_eq!(to_u128_within(U256::from(1) << 192, 112), Err(crate::revert!("SafeCast: toUint112 overflow")));
        assert_eq!(to_u128(U256::from(u128::MAX) + U256::from(1)), Err(crate::revert!("SafeCast: toUint128 overflow")));
        assert_eq!(to_u32(U256::from(u32::MAX)), Ok(u32::MAX));
    }
}
