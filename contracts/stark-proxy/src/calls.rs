//! Spec §1.3: the external functions the proxy calls on LS (from the pool's interface file, with D17's
//! `getBorrowerState`), the exchange (SPX) and the Merkle distributor, as raw calls whose revert data
//! bubbles up unchanged.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};

use ls1_common::Revertible;

sol!("../abi/ILiquidityStakingV1.sol");

sol!("../abi/IStarkPerpetual.sol");
sol!("../abi/IMerkleDistributor.sol");

/// Calls of `target` (the storage cache written out first) and static calls, by `sol!` call; the
/// callee's revert data bubbles up.
pub use ls1_common::call::{call_sol as call, view_sol as view};

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
