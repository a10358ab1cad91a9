//! Spec §2.2 and D3: the reentrancy guard of the pool and of StarkProxy, kept in transient storage
//! (EIP-1153, Stylus' `transient_*_bytes32` host calls) instead of a storage slot. The behaviour is the original's (a
//! guarded call made while another one runs fails with `'ReentrancyGuard: reentrant call'`); the
//! status lives only for the transaction, so a guarded call costs two transient writes and one read
//! (~330 gas) instead of a cold storage read and two writes (~2,300 gas after the refund).

use crate::revert::Revertible;

/// The transient slot of the status (in the contract's address, shared by its facets): slot 0, the
/// only transient slot the contracts use (a zero key takes no bytes of the data segment).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const STATUS_KEY: [u8; 32] = [0u8; 32];
/// Entered.
const ENTERED: [u8; 32] = {
    let mut word = [0u8; 32];
    word[31] = 1;
    word
};
/// Not entered (the value every transaction starts with).
const NOT_ENTERED: [u8; 32] = [0u8; 32];

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "vm_hooks")]
extern "C" {
    fn transient_load_bytes32(key: *const u8, dest: *mut u8);
    fn transient_store_bytes32(key: *const u8, value: *const u8);
}

#[cfg(target_arch = "wasm32")]
fn load() -> [u8; 32] {
    let mut word = [0u8; 32];
    // SAFETY: both pointers are to 32-byte buffers, as the host call reads and writes.
    unsafe { transient_load_bytes32(STATUS_KEY.as_ptr(), word.as_mut_ptr()) };
    word
}

#[cfg(target_arch = "wasm32")]
fn store(word: &[u8; 32]) {
    // SAFETY: both pointers are to 32-byte buffers, as the host call reads.
    unsafe { transient_store_bytes32(STATUS_KEY.as_ptr(), word.as_ptr()) };
}

#[cfg(not(target_arch = "wasm32"))]
std::thread_local! {
    static STATUS: core::cell::Cell<[u8; 32]> = const { core::cell::Cell::new(NOT_ENTERED) };
}

#[cfg(not(target_arch = "wasm32"))]
fn load() -> [u8; 32] {
    STATUS.with(std::cell::Cell::get)
}

#[cfg(not(target_arch = "wasm32"))]
fn store(word: &[u8; 32]) {
    STATUS.with(|status| status.set(*word));
}

/// Marks the pool entered, or fails with `'ReentrancyGuard: reentrant call'`.
pub fn enter() -> Revertible<()> {
    if load() != NOT_ENTERED {
        return Err(crate::revert!("ReentrancyGuard: reentrant call"));
    }
    store(&ENTERED);
    Ok(())
}

/// Marks the pool not entered.
pub fn exit() {
    store(&NOT_ENTERED);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_entry_fails_until_exit() {
        assert_eq!(enter(), Ok(()));
        assert_eq!(enter(), Err(crate::revert!("ReentrancyGuard: reentrant call")));
        exit();
        assert_eq!(enter(), Ok(()));
        exit();
    }
}
