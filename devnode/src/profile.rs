//! Where a program's WASM gas goes, function by function (a developer's tool: `scripts/profile.sh`).
//! With profiling on, activation gives every function of a program two counters, the ink of the
//! basic blocks it ran and the times it was called, which Nitro's metering knows nothing of: the
//! counters cost no ink and change no figure. After each call of the program the devnode adds them
//! to its table, by code hash and function name. Host calls' ink, memory growth and the per-byte
//! charges of `memory.copy`/`memory.fill` are not in a function's ink; the entry is not either.

use std::collections::BTreeMap;

use alloy_primitives::B256;
use wasmi::{AsContext, Instance};

/// Export name prefix of a function's ink counter (the function's name follows).
pub(crate) const INK: &str = "devnode_profile_ink:";
/// Export name prefix of a function's call counter.
pub(crate) const CALLS: &str = "devnode_profile_calls:";

/// What one function of a program spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInk {
    /// The program's code hash.
    pub codehash: B256,
    /// The function's name: from the module's name section, else its export, else its index.
    pub function: String,
    /// Ink of the basic blocks it ran (divide by `INK_PER_GAS` for gas).
    pub ink: u64,
    /// Times it was called.
    pub calls: u64,
}

/// The profile table: ink and calls by code hash and function.
pub(crate) type Table = BTreeMap<(B256, String), (u64, u64)>;

/// Adds the counters of `instance`, a call of the program `codehash` that just ended, to `table`.
pub(crate) fn collect(table: &mut Table, codehash: B256, instance: &Instance, store: impl AsContext) {
    for export in instance.exports(&store) {
        let (name, is_ink) = match (export.name().strip_prefix(INK), export.name().strip_prefix(CALLS)) {
            (Some(name), _) => (name.to_string(), true),
            (_, Some(name)) => (name.to_string(), false),
            _ => continue,
        };
        let Some(value) = export.into_global().and_then(|global| global.get(&store).i64()) else { continue };
        if value != 0 {
            let entry = table.entry((codehash, name)).or_default();
            if is_ink {
                entry.0 += value as u64;
            } else {
                entry.1 += value as u64;
            }
        }
    }
}

/// The table as a list, emptying it.
pub(crate) fn take(table: &mut Table) -> Vec<FunctionInk> {
    std::mem::take(table).into_iter().map(|((codehash, function), (ink, calls))| FunctionInk { codehash, function, ink, calls }).collect()
}
