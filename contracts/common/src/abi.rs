//! The ABI of the calls the programs decode by hand: static arguments as 32-byte words, and the
//! encoding of static results.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};

use crate::Revertible;

/// The arguments of a call (after the selector): 32-byte words, as the ABI encodes static types.
#[derive(Debug, Clone, Copy)]
pub struct Args<'a>(pub &'a [u8]);

impl Args<'_> {
    /// Word `i`, or an empty revert when the calldata is too short.
    fn word(&self, i: usize) -> Revertible<&[u8; 32]> {
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
}

/// The ABI encoding of `values`.
pub fn words(values: &[U256]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * values.len());
    for value in values {
        out.extend_from_slice(&crate::word::to_word(*value));
    }
    out
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
    fn abi_string_is_alloys_encoding_of_a_string() {
        assert_eq!(crate::abi_string!(""), "".abi_encode());
        assert_eq!(crate::abi_string!("stkUSDC"), "stkUSDC".abi_encode());
        assert_eq!(crate::abi_string!("dYdX Staked USDC"), "dYdX Staked USDC".abi_encode());
        assert_eq!(crate::abi_string!("0123456789abcdef0123456789abcdef!"), "0123456789abcdef0123456789abcdef!".abi_encode());
    }
}
