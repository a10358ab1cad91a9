//! Spec §2: the building blocks the LS1 pool and StarkProxy share: `Error(string)` revert data and
//! SafeMath-style checked arithmetic, access control with the original's revert strings and events,
//! the versioned initializer, SafeERC20, and the access-control and facet-table
//! functions both programs export; and what keeps the programs lean: raw storage, events and calls
//! by the host directly, numbers and comparisons eight bytes at a time.
extern crate alloc;

pub mod abi;
pub mod access;
pub mod call;
pub mod host;
pub mod initializer;
pub mod log;
pub mod revert;
pub mod router;
pub mod safe_cast;
pub mod safe_erc20;
pub mod storage;
pub mod surface;
pub mod word;

pub use access::AccessControl;
pub use initializer::Initializer;
pub use revert::{revert, Revertible};
