//! Where a program's WASM gas goes, function by function (a developer's tool: `scripts/profile.sh`).
//! With profiling on, activation gives every function of a program two counters, the ink of the
//! basic blocks it ran and the times it was called, and every basic block a flag set when it runs
//! (the code a call needs), which Nitro's metering knows nothing of: they cost no ink and change no
//! figure. After each call of the program the devnode adds them to its table, by code hash and
//! function name. Host calls' ink, memory growth and the per-byte charges of
//! `memory.copy`/`memory.fill` are not in a function's ink; the entry is not either.

use std::collections::BTreeMap;

use alloy_primitives::B256;
use wasmi::{AsContext, Instance};

/// Export name prefix of a function's ink counter (the function's name follows).
pub(crate) const INK: &str = "devnode_profile_ink:";
/// Export name prefix of a function's call counter.
pub(crate) const CALLS: &str = "devnode_profile_calls:";
/// Export name prefix of a basic block's flag (the function's name, `:`, the block's module offset,
/// `:`, its bytes follow).
pub(crate) const BLOCK: &str = "devnode_profile_block:";

/// What one function of a program spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInk {
    /// The program's code hash.
    pub codehash: B256,
    /// The function's name: its export's, else the module's name section's, else its index.
    pub function: String,
    /// Ink of the basic blocks it ran (divide by `INK_PER_GAS` for gas).
    pub ink: u64,
    /// Times it was called.
    pub calls: u64,
    /// The basic blocks it ran: module offset and bytes of each.
    pub blocks_run: BTreeMap<u32, u32>,
}

/// What a function spent: ink, calls, blocks run.
pub(crate) type Sums = (u64, u64, BTreeMap<u32, u32>);

/// The profile table: ink, calls and blocks run by code hash and function.
pub(crate) type Table = BTreeMap<(B256, String), Sums>;

/// Adds the counters of `instance`, a call of the program `codehash` that just ended, to `table`.
pub(crate) fn collect(table: &mut Table, codehash: B256, instance: &Instance, store: impl AsContext) {
    for export in instance.exports(&store) {
        let name = export.name().to_string();
        let Some(value) = export.into_global().and_then(|global| global.get(&store).i64()).filter(|value| *value != 0) else {
            continue;
        };
        if let Some(function) = name.strip_prefix(INK) {
            table.entry((codehash, function.to_string())).or_default().0 += value as u64;
        } else if let Some(function) = name.strip_prefix(CALLS) {
            table.entry((codehash, function.to_string())).or_default().1 += value as u64;
        } else if let Some(block) = name.strip_prefix(BLOCK) {
            let mut fields = block.rsplitn(3, ':');
            let (Some(bytes), Some(offset), Some(function)) = (fields.next(), fields.next(), fields.next()) else { continue };
            let (Ok(bytes), Ok(offset)) = (bytes.parse(), offset.parse()) else { continue };
            table.entry((codehash, function.to_string())).or_default().2.insert(offset, bytes);
        }
    }
}

/// The table as a list, emptying it.
pub(crate) fn take(table: &mut Table) -> Vec<FunctionInk> {
    std::mem::take(table)
        .into_iter()
        .map(|((codehash, function), (ink, calls, blocks_run))| FunctionInk { codehash, function, ink, calls, blocks_run })
        .collect()
}
