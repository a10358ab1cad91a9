//! StarkProxy (spec §4, V1 with the V2 functions built in, D14): one borrower's proxy between the LS1
//! pool and the StarkPerpetual exchange. This crate holds the storage layout and the logic; the program
//! at the proxy's address (`sp-proxy`) serves the hot operations and delegates every other selector to
//! one of the facet programs (`sp-core`, `sp-ops`) that wrap this logic (D5, D16).
extern crate alloc;

pub mod borrowing;
pub mod calls;
pub mod events;
pub mod exchange;
pub mod guardian;
pub mod hot;
pub mod owner;
pub mod roles;
pub mod storage;
pub mod withdrawals;

pub use ls1_common::access::emit;
pub use storage::StarkProxy;
