//! The ABI of the calls the programs decode by hand: static arguments as 32-byte words, and the
//! encoding of static results.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};

use crate::Revertible;

/// The arguments of a call (after the selector): 32-byte words, as the ABI encodes static types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args<'a>(pub &'a [u8]);

impl<'a> Args<'a> {
    /// Word `i`, or an empty revert when the calldata is too short.
    fn word(&self, i: usize) -> Revertible<&'a [u8; 32]> {
        self.0.get(i * 32..(i + 1) * 32).and_then(|word| word.try_into().ok()).ok_or_else(Vec::new)
    }

    /// Argument `i` as a `uint256`.
    pub fn uint(&self, i: usize) -> Revertible<U256> {
        Ok(crate::word::from_word(self.word(i)?))
    }

    /// Argument `i` as a `bytes32`.
    pub fn bytes32(&self, i: usize) -> Revertible<B256> {
        Ok(B256::new(*self.word(i)?))
    }

    /// Argument `i` as an `address`: an empty revert when its 12 high bytes are not zero.
    pub fn address(&self, i: usize) -> Revertible<Address> {
        let word = self.word(i)?;
        if word[..12] != [0; 12] {
            return Err(Vec::new());
        }
        Ok(Address::new(*crate::word::tail(word)))
    }

    /// Argument `i` as an `address[]`: an empty revert when an element is not an address.
    pub fn addresses(&self, i: usize) -> Revertible<Vec<Address>> {
        let (elements, count) = self.array(i)?;
        (0..count).map(|j| elements.address(j)).collect()
    }

    /// Argument `i` as a `uint256[]`.
    pub fn uints(&self, i: usize) -> Revertible<Vec<U256>> {
        let (elements, count) = self.array(i)?;
        (0..count).map(|j| elements.uint(j)).collect()
    }

    /// Argument `i` as a dynamic array of one-word elements: the elements' words and their count, or
    /// an empty revert when its offset or its length runs past the calldata.
    fn array(&self, i: usize) -> Revertible<(Args<'a>, usize)> {
        let at = crate::word::saturating_usize(&self.uint(i)?);
        let tail = Args(self.0.get(at..).ok_or_else(Vec::new)?);
        let count = crate::word::saturating_usize(&tail.uint(0)?);
        let end = count.checked_mul(32).and_then(|bytes| bytes.checked_add(32)).ok_or_else(Vec::new)?;
        Ok((Args(tail.0.get(32..end).ok_or_else(Vec::new)?), count))
    }
}

/// The arguments of `input` when it calls `selector` (compared as a number, so that the selector is
/// an immediate, not bytes in the data segment).
#[inline(always)]
pub fn calling(input: &[u8], selector: [u8; 4]) -> Option<Args<'_>> {
    let (called, args) = input.split_first_chunk::<4>()?;
    (u32::from_be_bytes(*called) == u32::from_be_bytes(selector)).then_some(Args(args))
}

/// The ABI encoding of `values`, each word converted into its place (`extend_from_slice` would copy
/// it there with a `memory.copy`, charged per byte).
pub fn words(values: &[U256]) -> Vec<u8> {
    let mut out = buffer(32 * values.len());
    for (i, value) in values.iter().enumerate() {
        // SAFETY: word `i` of the `32 × values.len()` bytes reserved.
        unsafe { out.as_mut_ptr().add(32 * i).cast::<[u8; 32]>().write_unaligned(crate::word::to_word(*value)) };
    }
    // SAFETY: every word was written above.
    unsafe { out.set_len(32 * values.len()) };
    out
}

/// An empty buffer of `capacity` bytes from the global allocator, without the checks of
/// `Vec::with_capacity` (~4 gas in WASM, where the programs' bump allocator needs none).
pub fn buffer(capacity: usize) -> Vec<u8> {
    let Ok(layout) = core::alloc::Layout::array::<u8>(capacity) else {
        return Vec::with_capacity(capacity); // beyond `isize::MAX`: `Vec` reports it
    };
    if capacity == 0 {
        return Vec::new();
    }
    // SAFETY: a layout of `capacity` > 0 bytes; the pointer is checked, then handed to `Vec` with the
    // capacity it was allocated with, by the global allocator, for `u8`.
    unsafe {
        let data = alloc::alloc::alloc(layout);
        if data.is_null() {
            alloc::alloc::handle_alloc_error(layout);
        }
        Vec::from_raw_parts(data, 0, capacity)
    }
}

/// The ABI encoding of a constant string returned alone, its bytes written from immediates (as
/// `revert!` writes its message).
#[macro_export]
macro_rules! abi_string {
    ($text:expr) => {
        $crate::__constant_string!($crate::revert::string, 64, $text)
    };
}

#[cfg(test)]
mod tests {
    use alloy_primitives::B256;
    use alloy_sol_types::SolValue;

    #[test]
    fn a_bytes32_argument_is_its_word() {
        let words: Vec<u8> = (0..64).collect();
        let args = super::Args(&words);
        assert_eq!(args.bytes32(1), Ok(B256::from_slice(&words[32..])));
        assert_eq!(args.bytes32(2), Err(Vec::new()), "past the calldata");
    }

    #[test]
    fn arrays_are_read_as_alloy_encodes_them() {
        use alloy_primitives::{Address, U256};
        let (borrowers, units) = (vec![Address::repeat_byte(1), Address::repeat_byte(2)], vec![U256::from(7), U256::MAX, U256::ZERO]);
        let encoded = (borrowers.clone(), units.clone()).abi_encode_params();
        let args = super::Args(&encoded);
        assert_eq!(args.addresses(0), Ok(borrowers));
        assert_eq!(args.uints(1), Ok(units));
        assert_eq!(args.addresses(1), Err(Vec::new()), "U256::MAX is not an address");
        assert_eq!(args.array(1).unwrap().0.uint(3), Err(Vec::new()), "past the array");
        assert_eq!(args.array(2), Err(Vec::new()), "no third argument");
        assert_eq!(super::Args(&encoded[..encoded.len() - 32]).array(1), Err(Vec::new()), "an element cut off");
        let mut huge = encoded.clone();
        huge[64..96].copy_from_slice(&[0xff; 32]);
        assert_eq!(super::Args(&huge).array(0), Err(Vec::new()), "a length past the calldata");
        huge[32..64].copy_from_slice(&[0xff; 32]);
        assert_eq!(super::Args(&huge).array(1), Err(Vec::new()), "an offset past the calldata");
    }

    #[test]
    fn words_are_alloys_encoding_of_the_numbers() {
        use alloy_primitives::U256;
        let values = [U256::from(1), U256::MAX, U256::from(0x1234_5678_9abc_def0_u64) << 100];
        assert_eq!(super::words(&values), (values[0], values[1], values[2]).abi_encode_params());
        assert_eq!(super::words(&[]), Vec::<u8>::new());
        let buffer = super::buffer(70);
        assert!(buffer.is_empty() && buffer.capacity() == 70);
    }

    #[test]
    fn abi_string_is_alloys_encoding_of_a_string() {
        assert_eq!(crate::abi_string!(""), "".abi_encode());
        assert_eq!(crate::abi_string!("stkUSDC"), "stkUSDC".abi_encode());
        assert_eq!(crate::abi_string!("dYdX Staked USDC"), "dYdX Staked USDC".abi_encode());
        assert_eq!(crate::abi_string!("0123456789abcdef0123456789abcdef!"), "0123456789abcdef0123456789abcdef!".abi_encode());
    }
}
