//! Spec §0: reverts carry `Error(string)` with the spec's exact strings (D2); checked arithmetic
//! reverts with the SafeMath strings.

use alloc::vec::Vec;

use alloy_primitives::U256;

/// A result whose error is the revert data.
pub type Revertible<T> = core::result::Result<T, Vec<u8>>;

/// `Error(string)` revert data for `message`.
#[inline(never)]
pub fn revert(message: &str) -> Vec<u8> {
    let mut out = error_string(message.len());
    out[68..68 + message.len()].copy_from_slice(message.as_bytes());
    out
}

/// `Error(string)` revert data for a message of `len` bytes, the message itself left zero.
#[inline(never)]
pub fn error_string(len: usize) -> Vec<u8> {
    let mut out = string_after(4, len);
    // SAFETY: `out` holds at least 68 bytes.
    unsafe { put_word(&mut out, 0, [0x08, 0xc3, 0x79, 0xa0, 0, 0, 0, 0]) };
    out
}

/// The ABI encoding of a string of `len` bytes returned alone, the string itself left zero.
#[inline(never)]
pub fn string(len: usize) -> Vec<u8> {
    string_after(0, len)
}

/// `at` zero bytes, then a string of `len` bytes as the ABI encodes it, its offset and length stored
/// from immediates (a slice copy here kept a panic location in every program's data segment).
#[inline(always)]
fn string_after(at: usize, len: usize) -> Vec<u8> {
    let mut out = alloc::vec![0; at + 64 + len.div_ceil(32) * 32];
    // SAFETY: `out` holds at least `at + 64` bytes.
    unsafe {
        put_word(&mut out, at + 24, [0, 0, 0, 0, 0, 0, 0, 0x20]);
        put_word(&mut out, at + 56, (len as u64).to_be_bytes());
    }
    out
}

/// Bytes `8 * index ..` of `message` (zero past its end), for `revert!`.
pub const fn word(message: &[u8], index: usize) -> [u8; 8] {
    let mut word = [0; 8];
    let mut i = 0;
    while i < 8 && 8 * index + i < message.len() {
        word[i] = message[8 * index + i];
        i += 1;
    }
    word
}

/// Writes `word` at byte `at` of `out`, as one store of an immediate that the compiler may not turn
/// back into a copy from the data segment.
///
/// # Safety
///
/// `at + 8 <= out.len()`.
#[inline(always)]
pub unsafe fn put_word(out: &mut [u8], at: usize, word: [u8; 8]) {
    debug_assert!(at + 8 <= out.len());
    // SAFETY: the caller keeps the eight bytes at `at` inside `out`; `[u8; 8]` has alignment 1.
    unsafe { core::ptr::write_volatile(out.as_mut_ptr().add(at).cast::<[u8; 8]>(), word) }
}

/// `Error(string)` revert data for a constant message, its bytes written from immediates in the
/// code: in the data segment they would cost 0.75 gas per byte on every entry of the program.
#[macro_export]
macro_rules! revert {
    ($message:expr) => {
        $crate::__constant_string!($crate::revert::error_string, 68, $message)
    };
}

/// The encoding `$head` lays out for a constant string, the string's bytes stored at `$at` from
/// immediates (`revert!`, `abi_string!`).
#[doc(hidden)]
#[macro_export]
macro_rules! __constant_string {
    ($head:path, $at:literal, $text:expr) => {{
        const { assert!($text.len() <= 160, "constant strings are at most 160 bytes") };
        let mut out = $head(const { $text.len() });
        $crate::__string_words!(out, $at, $text, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
        out
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __string_words {
    ($out:ident, $at:literal, $text:expr, $($index:literal)*) => {
        $(
            if 8 * $index < const { $text.len() } {
                let word = const { $crate::revert::word($text.as_bytes(), $index) };
                // SAFETY: `$out` holds `$at` bytes and the text rounded up to 32, so the word that
                // starts inside the text ends inside `$out`.
                unsafe { $crate::revert::put_word(&mut $out, $at + 8 * $index, word) };
            }
        )*
    };
}

/// `Ok(())` if the condition holds, else `Err` with `revert!(message)`.
#[macro_export]
macro_rules! require {
    ($condition:expr, $message:expr) => {
        if $condition {
            Ok(())
        } else {
            Err($crate::revert!($message))
        }
    };
}

/// `a + b`, or `'SafeMath: addition overflow'`.
pub fn add(a: U256, b: U256) -> Revertible<U256> {
    match crate::word::overflowing_add(&a, &b) {
        (sum, false) => Ok(sum),
        (_, true) => Err(crate::revert!("SafeMath: addition overflow")),
    }
}

/// `a - b`, or `'SafeMath: subtraction overflow'`.
pub fn sub(a: U256, b: U256) -> Revertible<U256> {
    match crate::word::overflowing_sub(&a, &b) {
        (difference, false) => Ok(difference),
        (_, true) => Err(crate::revert!("SafeMath: subtraction overflow")),
    }
}

/// `a * b`, or `'SafeMath: multiplication overflow'`.
pub fn mul(a: U256, b: U256) -> Revertible<U256> {
    let product = match (crate::word::small(&a), crate::word::small(&b)) {
        (Some(a), _) => scale(b, a),
        (_, Some(b)) => scale(a, b),
        _ => a.checked_mul(b),
    };
    product.ok_or_else(|| crate::revert!("SafeMath: multiplication overflow"))
}

/// `value × factor` when it fits in 256 bits, limb by limb without a loop (ruint's multiplication
/// loops over every pair of limbs; amounts, rates, times and the index bases fit in 64 bits).
#[allow(clippy::cast_possible_truncation)] // each cast keeps the low 64 bits, as meant
fn scale(value: U256, factor: u64) -> Option<U256> {
    let [l0, l1, l2, l3] = *value.as_limbs();
    let factor = u128::from(factor);
    let p0 = u128::from(l0) * factor;
    let p1 = u128::from(l1) * factor + (p0 >> 64);
    let p2 = u128::from(l2) * factor + (p1 >> 64);
    let p3 = u128::from(l3) * factor + (p2 >> 64);
    (p3 >> 64 == 0).then(|| U256::from_limbs([p0 as u64, p1 as u64, p2 as u64, p3 as u64]))
}

/// `a / b` (floor), or `'SafeMath: division by zero'`.
pub fn div(a: U256, b: U256) -> Revertible<U256> {
    if b.is_zero() {
        return Err(crate::revert!("SafeMath: division by zero"));
    }
    Ok(quotient(a, b))
}

/// `a % b`, or `'SafeMath: modulo by zero'`.
pub fn rem(a: U256, b: U256) -> Revertible<U256> {
    if b.is_zero() {
        return Err(crate::revert!("SafeMath: modulo by zero"));
    }
    Ok(host_math(a, b, Op::Rem))
}

/// `a / b` for a non-zero `b` (zero for zero, as the EVM's `DIV`).
pub fn quotient(a: U256, b: U256) -> U256 {
    host_math(a, b, Op::Div)
}

/// The host's 256-bit division and remainder.
#[derive(Clone, Copy)]
enum Op {
    Div,
    Rem,
}

/// `a / b` or `a % b` (zero when `b` is zero) by the host's `math_div` / `math_mod`: ruint's division
/// would bring a 512-byte table into the data segment, paid on every entry of the program.
/// Operands within 64 bits (epochs, timestamps, most amounts) divide in WASM, without the call.
#[cfg(target_arch = "wasm32")]
fn host_math(a: U256, b: U256, op: Op) -> U256 {
    if let (Some(a), Some(b @ 1..)) = (crate::word::small(&a), crate::word::small(&b)) {
        return U256::from(match op {
            Op::Div => a / b,
            Op::Rem => a % b,
        });
    }
    #[link(wasm_import_module = "vm_hooks")]
    extern "C" {
        fn math_div(value: *mut u8, divisor: *const u8);
        fn math_mod(value: *mut u8, modulus: *const u8);
    }
    let mut value = crate::word::to_word(a);
    let operand = crate::word::to_word(b);
    // SAFETY: both pointers are to 32-byte big-endian words, as the host functions read and write.
    unsafe {
        match op {
            Op::Div => math_div(value.as_mut_ptr(), operand.as_ptr()),
            Op::Rem => math_mod(value.as_mut_ptr(), operand.as_ptr()),
        }
    }
    crate::word::from_word(&value)
}

/// Off-chain (the unit tests), ruint's division.
#[cfg(not(target_arch = "wasm32"))]
fn host_math(a: U256, b: U256, op: Op) -> U256 {
    match op {
        Op::Div => a.checked_div(b).unwrap_or_default(),
        Op::Rem => a.checked_rem(b).unwrap_or_default(),
    }
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
    fn revert_macro_writes_the_same_data_from_code() {
        assert_eq!(crate::revert!(""), revert(""));
        assert_eq!(crate::revert!("x"), revert("x"));
        assert_eq!(crate::revert!("0123456789abcdef0123456789abcde"), revert("0123456789abcdef0123456789abcde"));
        assert_eq!(crate::revert!("0123456789abcdef0123456789abcdef"), revert("0123456789abcdef0123456789abcdef"));
        assert_eq!(crate::revert!("0123456789abcdef0123456789abcdef!"), revert("0123456789abcdef0123456789abcdef!"));
        const LONG: &str = "LS1EpochSchedule: Blackout window can be at most half the epoch length, and this goes on to 128 bytes...........................";
        assert_eq!(LONG.len(), 128);
        assert_eq!(crate::revert!(LONG), Revert::from(LONG).abi_encode());
        assert_eq!(crate::require!(true, "no"), Ok(()));
        assert_eq!(crate::require!(1 + 1 == 3, "no"), Err::<(), _>(revert("no")));
    }

    #[test]
    fn multiplication_by_a_64_bit_factor_is_ruints() {
        let mut x = U256::from(0x9e37_79b9_7f4a_7c15u64);
        let edges = [U256::ZERO, U256::from(1), U256::from(u64::MAX), U256::from(u64::MAX) + U256::from(1), U256::MAX, U256::MAX >> 64];
        for i in 0..400 {
            x = x.wrapping_mul(U256::from(0x2545_f491_4f6c_dd1du64)).wrapping_add(U256::from(i)) ^ (x >> 71);
            let small = U256::from(x.as_limbs()[i % 4] >> (i % 64));
            let big = if i % 3 == 0 { x } else { x >> (i % 256) };
            for (a, b) in [(small, big), (big, small), (edges[i % 6], small), (big, edges[i % 6])] {
                let expected = a.checked_mul(b).ok_or_else(|| revert("SafeMath: multiplication overflow"));
                assert_eq!(mul(a, b), expected, "{a} × {b}");
            }
        }
    }

    #[test]
    fn checked_math_uses_the_safemath_strings() {
        assert_eq!(add(U256::MAX, U256::from(1)), Err(revert("SafeMath: addition overflow")));
        assert_eq!(sub(U256::ZERO, U256::from(1)), Err(revert("SafeMath: subtraction overflow")));
        assert_eq!(mul(U256::MAX, U256::from(2)), Err(revert("SafeMath: multiplication overflow")));
        assert_eq!(div(U256::from(1), U256::ZERO), Err(revert("SafeMath: division by zero")));
        assert_eq!(rem(U256::from(1), U256::ZERO), Err(revert("SafeMath: modulo by zero")));
        assert_eq!(rem(U256::from(7), U256::from(4)), Ok(U256::from(3)));
        assert_eq!(quotient(U256::MAX, U256::from(2)), U256::MAX >> 1);
        assert_eq!(add(U256::from(2), U256::from(3)), Ok(U256::from(5)));
        assert_eq!(div(U256::from(7), U256::from(2)), Ok(U256::from(3)));
    }
}
