//! D16: the entry point of a program that owns an address split into programs. It refuses reentry
//! (D3), serves the selectors the program implements itself, and delegate-calls every other selector
//! to the facet program named by the table at slot 0 (`mapping(bytes4 => address)`), which runs on the
//! same storage. Until the SDK's "constructor executed" slot is set, the SDK's constructor selector is
//! delegated to the facet named by the call's first argument, which writes the table.

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes};
use stylus_sdk::hostio;

use crate::{
    storage::{Map, Slot},
    Revertible,
};

/// keccak256("stylus_constructor()")[..4]: the SDK's constructor selector.
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];
/// keccak256("stylus_constructor"): the SDK's "constructor executed" slot.
pub const CONSTRUCTOR_EXECUTED_SLOT: Slot = Slot([
    0xd7, 0x19, 0xfb, 0x9e, 0xca, 0x6b, 0xd4, 0x80, 0x44, 0xbf, 0x2b, 0x38, 0xd8, 0x0a, 0xea, 0x3d, 0xd6, 0x66, 0x51, 0x1b, 0x02, 0x36,
    0x08, 0x1c, 0xd9, 0xa2, 0xb9, 0x55, 0x55, 0xfe, 0x7c, 0x8c,
]);

/// The facet table: selector → facet program, at slot 0.
pub const FACETS: Map<FixedBytes<4>, Address> = Map::at(Slot::at(0));

/// The entry point: `serve` answers the selectors the program implements (`None` for the others,
/// which go to the facet table). Returns the status the host expects (0 success, 1 revert).
pub fn route(len: usize, serve: impl FnOnce(&[u8]) -> Option<Revertible<Vec<u8>>>) -> usize {
    // SAFETY: plain host calls; `input` is allocated with the capacity the host fills.
    unsafe {
        // Keeps the import Nitro needs to meter memory growth (as the SDK's entry point does).
        hostio::pay_for_memory_grow(0);
        if hostio::msg_reentrant() {
            return 1;
        }
    }
    let mut input = Vec::with_capacity(len);
    // SAFETY: the host writes exactly `len` bytes, the capacity reserved above.
    unsafe {
        hostio::read_args(input.as_mut_ptr());
        input.set_len(len);
    }
    let (output, status) = match serve(&input) {
        Some(Ok(output)) => (output, 0),
        Some(Err(revert)) => (revert, 1),
        None => match facet_for(&input) {
            Some(facet) => delegate(facet, &input),
            None => (Vec::new(), 1),
        },
    };
    // SAFETY: plain host calls on a buffer valid for its length. The cache is flushed on revert too,
    // as the SDK does (the chain rolls the frame back).
    unsafe {
        hostio::storage_flush_cache(false);
        hostio::write_result(output.as_ptr(), output.len());
    }
    status
}

/// The facet that serves `input`, or `None` (unknown selector, or the constructor once it ran).
fn facet_for(input: &[u8]) -> Option<Address> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let facet = if selector == CONSTRUCTOR_SELECTOR {
        if CONSTRUCTOR_EXECUTED_SLOT.load() != [0; 32] {
            return None;
        }
        Address::from_slice(input.get(16..36)?)
    } else {
        FACETS.get(FixedBytes(selector))
    };
    (!facet.is_zero()).then_some(facet)
}

/// Delegate-calls `facet` with `input` and all the gas; returns its output and the status.
pub fn delegate(facet: Address, input: &[u8]) -> (Vec<u8>, usize) {
    let mut out_len = 0usize;
    // SAFETY: every pointer is valid for the length passed with it; the host fills at most `out_len`
    // bytes of `output`.
    unsafe {
        let status = hostio::delegate_call_contract(facet.as_ptr(), input.as_ptr(), input.len(), u64::MAX, &mut out_len);
        let mut output = Vec::with_capacity(out_len);
        let copied = hostio::read_return_data(output.as_mut_ptr(), 0, out_len);
        output.set_len(copied);
        (output, usize::from(status != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keccak(data: &[u8]) -> [u8; 32] {
        alloy_primitives::keccak256(data).0
    }

    #[test]
    fn constructor_constants_are_the_sdks() {
        assert_eq!(CONSTRUCTOR_EXECUTED_SLOT.0, keccak(b"stylus_constructor"));
        assert_eq!(CONSTRUCTOR_SELECTOR, keccak(b"stylus_constructor()")[..4]);
        assert_eq!(u32::from_be_bytes(CONSTRUCTOR_SELECTOR), stylus_sdk::abi::CONSTRUCTOR_SELECTOR);
    }
}
