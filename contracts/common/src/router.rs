//! D16: the entry point of a program that owns an address split into programs. It refuses reentry
//! (D3), serves the selectors the program implements itself, and delegate-calls every other selector
//! to the facet program named by the table at slot 0 (`mapping(bytes4 => address)`), which runs on the
//! same storage. Until the SDK's "constructor executed" slot is set, the SDK's constructor selector is
//! delegated to the facet named by the call's first argument, which writes the table; only the
//! StylusDeployer may make that call (so construction happens in the deployment's transaction), the
//! facet must have code, and it must record the construction, or the deployment reverts. Before
//! construction the table is empty, so every other call is refused.

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes};
use alloy_sol_types::sol;
use stylus_sdk::hostio;

use crate::{
    host::{has_code, sender},
    storage::{Map, Slot},
    Revertible,
};

sol!("../abi/ILS1Router.sol");

/// The table changed: `selector` now goes to `facet` (zero: removed). From `contracts/abi/ILS1Router.sol`.
pub use ILS1Router::FacetUpdated;

crate::logs! {
    FacetUpdated { [selector] facet }
}

#[doc(hidden)]
pub use alloy_sol_types::SolCall;

/// `fn $name(selector: [u8; 4]) -> Option<usize>`: the position of `selector` among the listed `sol!`
/// calls, found by comparing immediates (a search of a list would put the list in the data segment,
/// which every entry of the program pays for per byte).
#[macro_export]
macro_rules! selector_position {
    ($(#[$meta:meta])* $vis:vis fn $name:ident [$($call:ty),* $(,)?]) => {
        $(#[$meta])*
        #[allow(unused_assignments)] // the count after the last comparison
        $vis fn $name(selector: [u8; 4]) -> Option<usize> {
            let selector = u32::from_be_bytes(selector);
            let mut position = 0;
            $(
                if selector == const { u32::from_be_bytes(<$call as $crate::router::SolCall>::SELECTOR) } {
                    return Some(position);
                }
                position += 1;
            )*
            None
        }
    };
}

/// The entry point of a facet program `$facet` (an SDK `#[storage]` struct with a `#[public]`
/// block) that answers the listed `sol!` calls by hand, `handler(Args) -> Revertible<Vec<u8>>`
/// after refusing a value (the SDK's decoder of dynamic arguments validates them by encoding them
/// again and comparing), and everything else by the SDK's router.
#[macro_export]
macro_rules! facet_entry {
    ($facet:ty { $($call:ty => $handler:path),* $(,)? }) => {
        // SAFETY: a facet's storage is the whole layout of the contract it serves, as `#[entrypoint]`
        // on the struct would declare.
        unsafe impl stylus_sdk::stylus_core::storage::TopLevelStorage for $facet {}

        /// The program's entry: the calls decoded by hand, then the SDK's router.
        #[stylus_sdk::prelude::entrypoint]
        pub fn serve(input: alloc::vec::Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
            $(
                if let Some(args) = $crate::abi::calling(&input, <$call as $crate::router::SolCall>::SELECTOR) {
                    return if $crate::host::no_value() { $handler(args) } else { Err(alloc::vec::Vec::new()) };
                }
            )*
            stylus_sdk::abi::router_entrypoint::<$facet, $facet>(input, host)
        }
    };
}

/// keccak256("stylus_constructor()")[..4]: the SDK's constructor selector.
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];
/// keccak256("stylus_constructor"): the SDK's "constructor executed" slot.
pub const CONSTRUCTOR_EXECUTED_SLOT: Slot = Slot([
    0xd7, 0x19, 0xfb, 0x9e, 0xca, 0x6b, 0xd4, 0x80, 0x44, 0xbf, 0x2b, 0x38, 0xd8, 0x0a, 0xea, 0x3d, 0xd6, 0x66, 0x51, 0x1b, 0x02, 0x36,
    0x08, 0x1c, 0xd9, 0xa2, 0xb9, 0x55, 0x55, 0xfe, 0x7c, 0x8c,
]);

/// The facet table: selector → facet program, at slot 0.
pub const FACETS: Map<FixedBytes<4>, Address> = Map::at(Slot::at(0));

/// The StylusDeployer (at the same address on every Arbitrum chain), the only account that may
/// construct a program: it creates, activates and constructs in one transaction.
pub const STYLUS_DEPLOYER: Address =
    Address::new([0xce, 0xcb, 0xa2, 0xf1, 0xdc, 0x23, 0x4f, 0x70, 0xdd, 0x89, 0xf2, 0x04, 0x10, 0x29, 0x80, 0x7f, 0x8d, 0x03, 0xa9, 0x90]);

/// A program's router revert strings, in its contract's style (`'LS1Router: …'`, `'SP1Router: …'`).
pub trait Router {
    /// A call before construction (the program's own operations; others find an empty table).
    const NOT_CONSTRUCTED: &'static str;
    /// The constructor called by another account than the StylusDeployer.
    const NOT_DEPLOYER: &'static str;
    /// A facet without code (the constructor's, or one `setFacets` names).
    const NO_CODE: &'static str;
    /// The constructor's facet returned without recording the construction.
    const NOT_RECORDED: &'static str;
}

/// Who serves one of a program's own operations now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The program itself.
    Own,
    /// The facet the table names (an upgrade routed it there).
    Facet,
    /// Nobody: the program is not constructed.
    NotConstructed,
}

impl Route {
    /// The route of an operation whose flags say whether the program is constructed and whether an
    /// upgrade routed the operation away.
    pub fn of(constructed: bool, routed_away: bool) -> Self {
        match (constructed, routed_away) {
            (false, _) => Self::NotConstructed,
            (true, true) => Self::Facet,
            (true, false) => Self::Own,
        }
    }
}

/// The entry point: `serve` answers the selectors the program implements (`None` for the others,
/// which go to the facet table). Returns the status the host expects (0 success, 1 revert).
pub fn route<R: Router>(len: usize, serve: impl FnOnce(&[u8]) -> Option<Revertible<Vec<u8>>>) -> usize {
    entry(len, |input| match serve(input) {
        Some(Ok(output)) => (output, 0),
        Some(Err(revert)) => (revert, 1),
        None if is_constructor(input) && !constructed() => construct::<R>(input),
        None => match facet_for(input) {
            Some(facet) => delegate(facet, input),
            None => (Vec::new(), 1),
        },
    })
}

/// The entry point of a program that answers every call itself: refuses reentry (D3), reads the
/// calldata, lets `answer` give the output and the status, writes out the storage cache and returns
/// the output. The calldata and the output are never freed: the program's memory ends with the call,
/// and the allocator frees nothing anyway (`Vec`'s own allocation and drop cost ~6 gas each).
pub fn entry(len: usize, answer: impl FnOnce(&[u8]) -> (Vec<u8>, usize)) -> usize {
    // SAFETY: plain host calls.
    unsafe {
        // Keeps the import Nitro needs to meter memory growth (as the SDK's entry point does).
        hostio::pay_for_memory_grow(0);
        if hostio::msg_reentrant() {
            return 1;
        }
    }
    let mut input = crate::abi::buffer(len);
    // SAFETY: the host writes exactly `len` bytes, the capacity reserved above.
    unsafe {
        hostio::read_args(input.as_mut_ptr());
        input.set_len(len);
    }
    let (output, status) = answer(&input);
    // SAFETY: plain host calls on a buffer valid for its length. The cache is flushed on revert too,
    // as the SDK does (the chain rolls the frame back).
    unsafe {
        hostio::storage_flush_cache(false);
        hostio::write_result(output.as_ptr(), output.len());
    }
    core::mem::forget(input);
    core::mem::forget(output);
    status
}

/// Whether `input` calls the SDK's constructor (compared as a number: the selector's bytes would sit
/// in the data segment, which every entry of the program pays for per byte).
pub fn is_constructor(input: &[u8]) -> bool {
    crate::abi::calling(input, CONSTRUCTOR_SELECTOR).is_some()
}

/// [`CONSTRUCTOR_EXECUTED_SLOT`], written from immediates (`immediate!`).
fn constructor_executed_slot() -> Slot {
    Slot(crate::immediate!(CONSTRUCTOR_EXECUTED_SLOT))
}

/// Records the construction in the SDK's "constructor executed" slot (for a program that runs its own
/// constructor).
pub fn mark_constructed() {
    let mut executed = [0u8; 32];
    executed[31] = 1;
    constructor_executed_slot().store(&executed);
}

/// Whether the SDK's "constructor executed" slot is set.
pub fn constructed() -> bool {
    constructor_executed_slot().load() != [0; 32]
}

/// The constructor call: from the StylusDeployer only, delegated to the facet its first argument
/// names (which must have code), which must record the construction.
fn construct<R: Router>(input: &[u8]) -> (Vec<u8>, usize) {
    if sender() != STYLUS_DEPLOYER {
        return (crate::revert!(R::NOT_DEPLOYER), 1);
    }
    let facet = input.get(16..36).map(Address::from_slice).unwrap_or_default();
    if !has_code(facet) {
        return (crate::revert!(R::NO_CODE), 1);
    }
    let (output, status) = delegate(facet, input);
    if status == 0 && !constructed() {
        return (crate::revert!(R::NOT_RECORDED), 1);
    }
    (output, status)
}

/// The facet that serves `input`, or `None` (an unknown selector, every selector before construction,
/// and the constructor once it ran).
fn facet_for(input: &[u8]) -> Option<Address> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let facet = FACETS.get(FixedBytes(selector));
    (!facet.is_zero()).then_some(facet)
}

/// Delegate-calls `facet` with `input` and all the gas; returns its output and the status. The
/// storage cache is written out and emptied first: the facet works on the same storage, and what this
/// program reads afterwards must be what the facet left.
pub fn delegate(facet: Address, input: &[u8]) -> (Vec<u8>, usize) {
    let mut out_len = 0usize;
    // SAFETY: every pointer is valid for the length passed with it.
    let status = unsafe {
        hostio::storage_flush_cache(true);
        hostio::delegate_call_contract(facet.as_ptr(), input.as_ptr(), input.len(), u64::MAX, &mut out_len)
    };
    (crate::call::return_data(out_len), usize::from(status != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keccak(data: &[u8]) -> [u8; 32] {
        alloy_primitives::keccak256(data).0
    }

    #[test]
    fn the_stylus_deployer_is_the_canonical_one() {
        assert_eq!(STYLUS_DEPLOYER, alloy_primitives::address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990"));
    }

    #[test]
    fn constructor_constants_are_the_sdks() {
        assert_eq!(CONSTRUCTOR_EXECUTED_SLOT.0, keccak(b"stylus_constructor"));
        assert_eq!(CONSTRUCTOR_SELECTOR, keccak(b"stylus_constructor()")[..4]);
        assert_eq!(u32::from_be_bytes(CONSTRUCTOR_SELECTOR), stylus_sdk::abi::CONSTRUCTOR_SELECTOR);
        assert_eq!(constructor_executed_slot(), CONSTRUCTOR_EXECUTED_SLOT);
        assert!(is_constructor(&[0x55, 0x85, 0x25, 0x8d, 1, 2]));
        assert!(!is_constructor(&[0x55, 0x85, 0x25]));
        assert!(!is_constructor(&[0x55, 0x85, 0x25, 0x8e]));
    }

    sol! {
        interface IExample {
            function first() external;
            function second(uint256) external;
            function third(address) external;
        }
    }

    selector_position! {
        fn example_position [IExample::firstCall, IExample::secondCall, IExample::thirdCall]
    }

    #[test]
    fn selector_position_counts_in_list_order() {
        assert_eq!(example_position(IExample::firstCall::SELECTOR), Some(0));
        assert_eq!(example_position(IExample::secondCall::SELECTOR), Some(1));
        assert_eq!(example_position(IExample::thirdCall::SELECTOR), Some(2));
        assert_eq!(example_position(CONSTRUCTOR_SELECTOR), None);
    }
}
