//! The LS1 pool's address (D16): every call is delegated to the facet program that the table in the
//! pool's storage names for its selector, so the pool keeps one address, one storage and one ABI
//! while its code is split in programs within the Stylus size limit. Upgrades rewrite the table (D5).
//!
//! The constructor call (`stylus_constructor`, sent by the StylusDeployer in the deployment
//! transaction) is delegated to the facet named by its first argument, once: that facet's constructor
//! writes the table and the pool's write-once values.

// The SDK brings the allocator the program links with.
use stylus_sdk as _;

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
/// keccak256("stylus_constructor()")[..4]: the SDK's constructor selector.
const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
/// keccak256("stylus_constructor"): the SDK's "constructor executed" slot.
const CONSTRUCTOR_EXECUTED_SLOT: [u8; 32] = [
    0xd7, 0x19, 0xfb, 0x9e, 0xca, 0x6b, 0xd4, 0x80, 0x44, 0xbf, 0x2b, 0x38, 0xd8, 0x0a, 0xea, 0x3d, 0xd6, 0x66, 0x51, 0x1b, 0x02, 0x36,
    0x08, 0x1c, 0xd9, 0xa2, 0xb9, 0x55, 0x55, 0xfe, 0x7c, 0x8c,
];

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "vm_hooks")]
extern "C" {
    fn read_args(dest: *mut u8);
    fn write_result(data: *const u8, len: usize);
    fn msg_reentrant() -> u32;
    fn pay_for_memory_grow(pages: u16);
    fn storage_load_bytes32(key: *const u8, dest: *mut u8);
    fn native_keccak256(bytes: *const u8, len: usize, output: *mut u8);
    fn delegate_call_contract(contract: *const u8, calldata: *const u8, calldata_len: usize, gas: u64, return_data_len: *mut usize) -> u8;
    fn read_return_data(dest: *mut u8, offset: usize, size: usize) -> usize;
}

/// The facet that serves `input`, or `None` (unknown selector, or the constructor once it ran).
#[cfg(target_arch = "wasm32")]
fn facet_for(input: &[u8]) -> Option<[u8; 20]> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let mut word = [0u8; 32];
    if selector == CONSTRUCTOR_SELECTOR {
        unsafe { storage_load_bytes32(CONSTRUCTOR_EXECUTED_SLOT.as_ptr(), word.as_mut_ptr()) };
        if word != [0; 32] {
            return None;
        }
        word.copy_from_slice(input.get(4..36)?);
    } else {
        // facets: mapping(bytes4 => address) at slot 0: keccak256(selector padded right ‖ slot 0).
        let mut key = [0u8; 64];
        key[..4].copy_from_slice(&selector);
        let mut slot = [0u8; 32];
        unsafe {
            native_keccak256(key.as_ptr(), key.len(), slot.as_mut_ptr());
            storage_load_bytes32(slot.as_ptr(), word.as_mut_ptr());
        }
    }
    let facet: [u8; 20] = word[12..].try_into().ok()?;
    (facet != [0; 20]).then_some(facet)
}

/// The program's entry point: delegate to the facet and return what it returned or reverted.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    unsafe {
        // Keeps the import Nitro needs to meter memory growth (as the SDK's entry point does).
        pay_for_memory_grow(0);
        if msg_reentrant() != 0 {
            return 1;
        }
        let mut input = Vec::with_capacity(len);
        read_args(input.as_mut_ptr());
        input.set_len(len);
        let Some(facet) = facet_for(&input) else {
            return 1;
        };
        let mut out_len = 0usize;
        let status = delegate_call_contract(facet.as_ptr(), input.as_ptr(), len, u64::MAX, &mut out_len);
        let mut output = Vec::with_capacity(out_len);
        let copied = read_return_data(output.as_mut_ptr(), 0, out_len);
        output.set_len(copied);
        write_result(output.as_ptr(), output.len());
        usize::from(status != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use motsu as _;

    fn keccak(data: &[u8]) -> [u8; 32] {
        stylus_sdk::alloy_primitives::keccak256(data).0
    }

    #[test]
    fn constructor_constants_are_the_sdks() {
        assert_eq!(CONSTRUCTOR_EXECUTED_SLOT, keccak(b"stylus_constructor"));
        assert_eq!(CONSTRUCTOR_SELECTOR, keccak(b"stylus_constructor()")[..4]);
        assert_eq!(u32::from_be_bytes(CONSTRUCTOR_SELECTOR), stylus_sdk::abi::CONSTRUCTOR_SELECTOR);
    }
}
