//! Numbers and 32-byte big-endian words, converted eight bytes at a time, and byte comparisons
//! eight bytes at a time. ruint's `to_be_bytes` / `from_be_bytes` reverse a word byte by byte and
//! compiler-builtins' `memcmp` compares byte by byte: on Stylus every loop iteration pays a basic
//! block's ink, ~8 gas per conversion (a stake made ~45 of them) and ~3 gas per 32-byte comparison.

use alloy_primitives::U256;

/// The big-endian word of `value`.
#[inline(never)]
pub fn to_word(value: U256) -> [u8; 32] {
    let [l0, l1, l2, l3] = *value.as_limbs();
    let limbs = [l3.to_be_bytes(), l2.to_be_bytes(), l1.to_be_bytes(), l0.to_be_bytes()];
    // SAFETY: four arrays of eight bytes are 32 bytes, in order (no copy loop, no slice copy call).
    unsafe { core::mem::transmute::<[[u8; 8]; 4], [u8; 32]>(limbs) }
}

/// The number of a big-endian word.
#[inline(never)]
pub fn from_word(word: &[u8; 32]) -> U256 {
    // SAFETY: 32 bytes are four arrays of eight bytes, in order.
    let limbs = unsafe { core::mem::transmute::<[u8; 32], [[u8; 8]; 4]>(*word) };
    U256::from_limbs([
        u64::from_be_bytes(limbs[3]),
        u64::from_be_bytes(limbs[2]),
        u64::from_be_bytes(limbs[1]),
        u64::from_be_bytes(limbs[0]),
    ])
}

/// The number of a big-endian word given as a slice of 32 bytes.
pub fn from_slice(bytes: &[u8]) -> U256 {
    from_word(bytes.try_into().expect("a word is 32 bytes"))
}

/// The address bytes of a word (its low 20). Fixed-size array moves, not `copy_from_slice`, which
/// the programs call out of line with a byte count that Nitro charges for.
#[inline(always)]
pub fn tail(word: &[u8; 32]) -> &[u8; 20] {
    word.last_chunk().expect("20 of 32 bytes")
}

/// The address bytes of a word (its low 20), to write (see [`tail`]).
#[inline(always)]
pub fn tail_mut(word: &mut [u8; 32]) -> &mut [u8; 20] {
    word.last_chunk_mut().expect("20 of 32 bytes")
}

/// A constant word as four eight-byte pieces, for [`put_pieces`].
pub const fn pieces(word: &[u8; 32]) -> [[u8; 8]; 4] {
    [crate::revert::word(word, 0), crate::revert::word(word, 1), crate::revert::word(word, 2), crate::revert::word(word, 3)]
}

/// Writes a constant word, given as its [`pieces`], into `out` as four stores of immediates: a
/// constant word passed by reference sits in the data segment, which every entry of the program
/// pays for per byte.
#[inline(always)]
pub fn put_pieces(out: &mut [u8; 32], pieces: [[u8; 8]; 4]) {
    // SAFETY: four pieces of eight bytes at 0, 8, 16 and 24 of 32 bytes.
    unsafe {
        crate::revert::put_word(out, 0, pieces[0]);
        crate::revert::put_word(out, 8, pieces[1]);
        crate::revert::put_word(out, 16, pieces[2]);
        crate::revert::put_word(out, 24, pieces[3]);
    }
}

/// The bytes of a constant 32-byte word (a `B256`, a `Slot`), from immediates ([`put_pieces`]).
#[macro_export]
macro_rules! immediate {
    ($word:expr) => {{
        let mut out = [0u8; 32];
        $crate::word::put_pieces(&mut out, const { $crate::word::pieces(&$word.0) });
        out
    }};
}

/// `value` when it fits in 64 bits (256-bit comparisons and arithmetic loop over limbs).
#[inline(always)]
pub fn small(value: &U256) -> Option<u64> {
    let [l0, l1, l2, l3] = *value.as_limbs();
    (l1 | l2 | l3 == 0).then_some(l0)
}

/// `a < b`, by the borrow out of `a − b`: ruint's comparison loops over the limbs.
#[inline(always)]
pub fn less(a: &U256, b: &U256) -> bool {
    overflowing_sub(a, b).1
}

/// `a + b` (wrapped) and whether it overflowed, limb by limb in straight-line code: ruint's loop
/// pays a basic block per limb (at `opt-level = "s"` LLVM does not unroll it).
#[inline(always)]
pub fn overflowing_add(a: &U256, b: &U256) -> (U256, bool) {
    limb_chain(a, b, |a, b, carry| {
        let (sum, over) = a.overflowing_add(b);
        let (sum, carried) = sum.overflowing_add(u64::from(carry));
        (sum, over | carried)
    })
}

/// `a − b` (wrapped) and whether it underflowed, as [`overflowing_add`].
#[inline(always)]
pub fn overflowing_sub(a: &U256, b: &U256) -> (U256, bool) {
    limb_chain(a, b, |a, b, borrow| {
        let (difference, under) = a.overflowing_sub(b);
        let (difference, borrowed) = difference.overflowing_sub(u64::from(borrow));
        (difference, under | borrowed)
    })
}

/// `step` over the limbs of `a` and `b` from the lowest, each taking the carry out of the last;
/// returns the limbs it made and the last carry.
#[inline(always)]
fn limb_chain(a: &U256, b: &U256, step: impl Fn(u64, u64, bool) -> (u64, bool)) -> (U256, bool) {
    let (a, b) = (a.as_limbs(), b.as_limbs());
    let (l0, carry) = step(a[0], b[0], false);
    let (l1, carry) = step(a[1], b[1], carry);
    let (l2, carry) = step(a[2], b[2], carry);
    let (l3, carry) = step(a[3], b[3], carry);
    (U256::from_limbs([l0, l1, l2, l3]), carry)
}

/// The low 128 bits of `value` (ruint's `to::<u128>()` checks the others in a loop).
#[inline(always)]
pub fn low_u128(value: &U256) -> u128 {
    let [l0, l1, _, _] = *value.as_limbs();
    u128::from(l0) | (u128::from(l1) << 64)
}

/// `value` as a `usize`, or `usize::MAX` when it does not fit (ruint's `saturating_to` loops).
pub fn saturating_usize(value: &U256) -> usize {
    small(value).and_then(|value| usize::try_from(value).ok()).unwrap_or(usize::MAX)
}

/// The sign of the first differing byte of `a` and `b` over `n` bytes, eight bytes at a time: the
/// programs' `memcmp` and `bcmp` (below). Inlined, so a comparison of a known length (a word, an
/// address) unrolls instead of paying a basic block per eight bytes.
///
/// # Safety
/// `a` and `b` must be valid for reading `n` bytes.
#[inline(always)]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    // The eight bytes at `p`, most significant first.
    // SAFETY: called below only with `p` valid for eight bytes.
    let chunk = |p: *const u8| u64::from_be(unsafe { core::ptr::read_unaligned(p.cast::<u64>()) });
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 <= n`, and both are valid for `n` bytes.
        let (x, y) = unsafe { (chunk(a.add(i)), chunk(b.add(i))) };
        if x != y {
            return if x < y { -1 } else { 1 };
        }
        i += 8;
    }
    while i < n {
        // SAFETY: `i < n`, and both are valid for `n` bytes.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// `memcmp` and `bcmp` of the programs: they replace compiler-builtins' weak ones, which compare
/// byte by byte and which every `==` on a `U256`, an address or a word calls.
#[cfg(target_arch = "wasm32")]
mod exported {
    /// `memcmp`.
    ///
    /// # Safety
    /// `a` and `b` must be valid for reading `n` bytes.
    #[no_mangle]
    pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's promise.
        unsafe { super::compare(a, b, n) }
    }

    /// `bcmp`: zero when the `n` bytes are the same.
    ///
    /// # Safety
    /// `a` and `b` must be valid for reading `n` bytes.
    #[no_mangle]
    pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's promise.
        unsafe { super::compare(a, b, n) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_as_ruint_converts_them() {
        let values = [U256::ZERO, U256::from(1), U256::MAX, U256::from(0x0102_0304_0506_0708_u64) << 100, U256::from(7) << 255];
        for value in values {
            assert_eq!(to_word(value), value.to_be_bytes::<32>());
            assert_eq!(from_word(&value.to_be_bytes::<32>()), value);
            assert_eq!(from_slice(&value.to_be_bytes::<32>()), value);
        }
    }

    #[test]
    fn less_add_and_sub_agree_with_ruint() {
        let values = [
            U256::ZERO,
            U256::from(1),
            U256::from(u64::MAX),
            U256::from(u64::MAX) + U256::from(1),
            U256::from(5) << 128,
            (U256::from(5) << 128) + U256::from(1),
            (U256::from(u64::MAX) << 64) | U256::from(u64::MAX),
            U256::from(1) << 192,
            U256::from(7) << 255,
            U256::MAX - U256::from(1),
            U256::MAX,
        ];
        for a in values {
            for b in values {
                assert_eq!(less(&a, &b), a < b, "{a} < {b}");
                assert_eq!(overflowing_add(&a, &b), a.overflowing_add(b), "{a} + {b}");
                assert_eq!(overflowing_sub(&a, &b), a.overflowing_sub(b), "{a} - {b}");
            }
        }
    }

    #[test]
    fn compare_orders_as_memcmp_does() {
        // SAFETY: both slices are valid for the first one's length, which the cases give both.
        let cmp = |a: &[u8], b: &[u8]| unsafe { compare(a.as_ptr(), b.as_ptr(), a.len()) }.signum();
        let word = |last: u8, at: usize| {
            let mut w = [0x55u8; 21];
            w[at] = last;
            w
        };
        for at in [0, 7, 8, 15, 16, 20] {
            assert_eq!(cmp(&word(1, at), &word(2, at)), -1, "byte {at}");
            assert_eq!(cmp(&word(0xff, at), &word(0, at)), 1, "byte {at}");
            assert_eq!(cmp(&word(9, at), &word(9, at)), 0, "byte {at}");
        }
        assert_eq!(cmp(&[], &[]), 0);
        assert_eq!(cmp(&[1, 2, 3, 4, 5, 6, 7, 8, 0], &[1, 2, 3, 4, 5, 6, 7, 9, 0]), -1);
    }
}
