//! Calls out of the programs, by the host's call functions directly: the storage cache written out
//! before a call that may change state, all the gas (the 63/64 rule caps it), and the return data
//! read once, at the length the host reported. The SDK's `RawCall` converts the call's value to a
//! word byte by byte and asks the host for the return data's length again.
//!
//! The programs refuse re-entry (their entry points return at once when re-entered, D3), so no
//! callee can change their storage behind a cached value: these calls are safe to make.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_sdk::hostio;

use crate::Revertible;

/// Calls `target` with `calldata`: the return data, or the callee's revert data.
pub fn call(target: Address, calldata: &[u8]) -> Revertible<Vec<u8>> {
    call_with_value(target, calldata, U256::ZERO)
}

/// Calls `target` with `calldata` and `value` wei.
pub fn call_with_value(target: Address, calldata: &[u8], value: U256) -> Revertible<Vec<u8>> {
    let value = crate::word::to_word(value);
    let mut len = 0;
    // SAFETY: every pointer is valid for the length passed with it (an address is 20 bytes, the value
    // 32); the cache is written out first, and the program is not re-entered (module doc).
    let status = unsafe {
        hostio::storage_flush_cache(false);
        hostio::call_contract(target.as_ptr(), calldata.as_ptr(), calldata.len(), value.as_ptr(), u64::MAX, &mut len)
    };
    outcome(status, len)
}

/// Static-calls `target` with `calldata` (nothing to write out: the callee cannot change state).
pub fn view(target: Address, calldata: &[u8]) -> Revertible<Vec<u8>> {
    let mut len = 0;
    // SAFETY: every pointer is valid for the length passed with it.
    let status = unsafe { hostio::static_call_contract(target.as_ptr(), calldata.as_ptr(), calldata.len(), u64::MAX, &mut len) };
    outcome(status, len)
}

/// Calls `target` with a `sol!` call of static arguments (see [`Calldata`]).
pub fn call_sol(target: Address, call: &impl Calldata) -> Revertible<Vec<u8>> {
    self::call(target, call.calldata().as_ref())
}

/// Static-calls `target` with a `sol!` call of static arguments (see [`Calldata`]).
pub fn view_sol(target: Address, call: &impl Calldata) -> Revertible<Vec<u8>> {
    view(target, call.calldata().as_ref())
}

/// A `sol!` call whose arguments are all static, encoded on the stack by [`calldata!`](crate::calldata):
/// alloy's encoder allocates, copies the selector from the data segment (paid per byte on every
/// entry) and converts each number byte by byte. Calls with dynamic arguments use alloy's
/// `abi_encode` and [`call`].
pub trait Calldata: SolCall {
    /// The selector and the arguments' words, as the ABI encodes them.
    fn calldata(&self) -> impl AsRef<[u8]>;
}

/// A selector and `N` argument words, contiguous: the calldata [`calldata!`](crate::calldata) builds.
#[repr(C)]
#[derive(Debug)]
pub struct Encoded<const N: usize> {
    selector: [u8; 4],
    words: [[u8; 32]; N],
}

impl<const N: usize> Encoded<N> {
    /// The calldata of `selector` (as a number: stored from an immediate) and `words`.
    #[inline(always)]
    pub fn new(selector: u32, words: [[u8; 32]; N]) -> Self {
        Self { selector: selector.to_be_bytes(), words }
    }
}

impl<const N: usize> AsRef<[u8]> for Encoded<N> {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: a `repr(C)` struct of byte arrays has no padding: its 4 + 32 × N bytes, in order.
        unsafe { core::slice::from_raw_parts((self as *const Self).cast::<u8>(), 4 + 32 * N) }
    }
}

/// Implements [`Calldata`] for `sol!` calls of static arguments: `Call { fields in the function's
/// order }`. A wrong count of words does not compile; each crate's tests check the bytes against
/// alloy's `abi_encode`.
#[macro_export]
macro_rules! calldata {
    ($($call:ty { $($field:ident),* })*) => {$(
        impl $crate::call::Calldata for $call {
            fn calldata(&self) -> impl AsRef<[u8]> {
                const WORDS: usize = <[&str]>::len(&[$(stringify!($field)),*]);
                const {
                    let size = <<$call as alloy_sol_types::SolCall>::Parameters<'static> as alloy_sol_types::SolType>::ENCODED_SIZE;
                    assert!(matches!(size, Some(size) if size == 32 * WORDS));
                }
                let selector = const { u32::from_be_bytes(<$call as alloy_sol_types::SolCall>::SELECTOR) };
                $crate::call::Encoded::<WORDS>::new(selector, [$($crate::log::Field::word(&self.$field)),*])
            }
        }
    )*};
}

/// The last call's return data, `len` bytes as the host reported them.
pub fn return_data(len: usize) -> Vec<u8> {
    let mut data = crate::abi::buffer(len);
    if len > 0 {
        // SAFETY: the host writes at most `len` bytes, the capacity reserved above.
        unsafe {
            let written = hostio::read_return_data(data.as_mut_ptr(), 0, len);
            data.set_len(written);
        }
    }
    data
}

/// The return data of `len` bytes, as `Ok` when the call succeeded (`status` 0) and `Err` otherwise.
fn outcome(status: u8, len: usize) -> Revertible<Vec<u8>> {
    let data = return_data(len);
    if status == 0 {
        Ok(data)
    } else {
        Err(data)
    }
}
