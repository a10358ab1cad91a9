//! The host values the contracts read: the block time, the caller, the value sent, their own address
//! and whether an account has code.

use alloy_primitives::{Address, U256};

/// `block.timestamp`.
pub fn now() -> U256 {
    #[allow(deprecated)]
    U256::from(stylus_sdk::block::timestamp())
}

/// `msg.sender` (kept by a router's delegate call).
pub fn sender() -> Address {
    #[allow(deprecated)]
    stylus_sdk::msg::sender()
}

/// Whether the call carries no value (the 32 bytes compared as they come: the SDK's `msg::value`
/// converts them to a number byte by byte first).
pub fn no_value() -> bool {
    let mut value = [0u8; 32];
    // SAFETY: the host writes the 32 bytes of the value.
    unsafe { stylus_sdk::hostio::msg_value(value.as_mut_ptr()) };
    value == [0u8; 32]
}

/// The contract's own address (the router's, in a facet's delegate call).
pub fn this() -> Address {
    #[allow(deprecated)]
    stylus_sdk::contract::address()
}

/// Whether `account` has code (`extcodesize > 0`).
pub fn has_code(account: Address) -> bool {
    // SAFETY: the host reads the 20 bytes of the address.
    unsafe { stylus_sdk::hostio::account_code_size(account.as_ptr()) > 0 }
}
