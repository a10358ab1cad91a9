//! Spec §0: narrowing casts revert with OpenZeppelin SafeCast's strings.

use alloy_primitives::U256;

use crate::revert::Revertible;

/// `value` if it fits in `bits` bits (16, 32, 112, 120, 128 or 224), else `'SafeCast: toUint<bits> overflow'`.
pub fn to_uint(value: U256, bits: usize) -> Revertible<U256> {
    if value.bit_len() <= bits {
        Ok(value)
    } else {
        Err(match bits {
            16 => crate::revert!("SafeCast: toUint16 overflow"),
            32 => crate::revert!("SafeCast: toUint32 overflow"),
            112 => crate::revert!("SafeCast: toUint112 overflow"),
            120 => crate::revert!("SafeCast: toUint120 overflow"),
            128 => crate::revert!("SafeCast: toUint128 overflow"),
            _ => crate::revert!("SafeCast: toUint224 overflow"),
        })
    }
}

/// `value` as a u16, or `'SafeCast: toUint16 overflow'`.
pub fn to_u16(value: U256) -> Revertible<u16> {
    to_uint(value, 16).map(|v| v.to::<u16>())
}

/// `value` as a u32, or `'SafeCast: toUint32 overflow'`.
pub fn to_u32(value: U256) -> Revertible<u32> {
    to_uint(value, 32).map(|v| v.to::<u32>())
}

/// `value` as a u128, or `'SafeCast: toUint128 overflow'`.
pub fn to_u128(value: U256) -> Revertible<u128> {
    to_uint(value, 128).map(|v| v.to::<u128>())
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
    }
}
