//! A router program (D16): the address of a contract split into facet programs, whose every call is
//! delegated to the facet that the table in the contract's storage names for its selector, so that
//! the contract keeps one address, one storage and one ABI. Upgrades rewrite the table (D5).
//! StarkProxy's address runs it; the pool's address runs `ls1-pool`, which serves its frequent
//! operations itself and routes the rest the same way (`ls1_common::router`).

#[cfg(target_arch = "wasm32")]
#[no_mangle]
/// The program's entry point: every selector goes to the facet table.
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    ls1_common::router::route(len, |_| None)
}
