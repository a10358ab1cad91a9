//! Spec §1.3: the external functions the proxy calls on LS (from the pool's interface file, with D17's
//! `getBorrowerState`), the exchange (SPX) and the Merkle distributor, as raw calls whose revert data
//! bubbles up unchanged.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
#[allow(deprecated)]
use stylus_sdk::call::RawCall;

use ls1_common::Revertible;

sol!("../abi/ILiquidityStakingV1.sol");

sol!("../abi/IStarkPerpetual.sol");
sol!("../abi/IMerkleDistributor.sol");

/// A static call of `target`; the callee's revert data bubbles up.
pub fn view(target: Address, call: &impl SolCall) -> Revertible<Vec<u8>> {
    // SAFETY: a static call cannot write this program's storage, so no cached value goes stale.
    #[allow(deprecated)]
    unsafe {
        RawCall::new_static().call(target, &call.abi_encode())
    }
}

/// A call of `target` (storage flushed first); the callee's revert data bubbles up.
pub fn call(target: Address, call: &impl SolCall) -> Revertible<Vec<u8>> {
    // SAFETY: the storage cache is written out before the call, and nothing read before it is used after;
    // the program is not re-entered (Stylus refuses re-entry by default, and the router keeps that).
    #[allow(deprecated)]
    unsafe {
        RawCall::new().flush_storage_cache().call(target, &call.abi_encode())
    }
}

/// The first return word as a number (empty revert data if the callee returned too little).
pub fn word(output: &[u8]) -> Revertible<U256> {
    word_at(output, 0)
}

/// Return word `i` as a number (empty revert data if the callee returned too little).
pub fn word_at(output: &[u8], i: usize) -> Revertible<U256> {
    output.get(i * 32..(i + 1) * 32).map(ls1_common::word::from_slice).ok_or_else(Vec::new)
}

/// The first return word as an address (empty revert data if the callee returned too little).
pub fn address(output: &[u8]) -> Revertible<Address> {
    output.get(12..32).map(Address::from_slice).ok_or_else(Vec::new)
}

/// A static call returning one uint256.
pub fn view_u256(target: Address, c: &impl SolCall) -> Revertible<U256> {
    word(&view(target, c)?)
}
