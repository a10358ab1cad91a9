//! Program caching as on a chain: the ArbWasmCache precompile (`0x…72`), which marks a code hash
//! cached (cached programs pay the cached entry price), and the chain's CacheManager, natively, at
//! the address Nitro's test node gives it, which sells cache space for bids as Nitro's CacheManager
//! contract does (no decay on the devnode). The cached flag lives in ArbWasm's activation record and
//! the bids in the manager's storage, so transactions roll both back and snapshots restore them.

use alloy_primitives::{Address, Bytes, Log, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    context::ContextTr,
    context_interface::JournalTr,
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};

use crate::{
    arbwasm::{program_of, store_program},
    stylus::Ctx,
    ArbWasmCache, CacheManager, ARBWASM_CACHE, CACHE_MANAGER, CHAIN_OWNER,
};

/// The cache's size until the owner changes it: 64 MiB of compiled code (the suite takes about 13).
pub const DEFAULT_CACHE_SIZE: u64 = 64 << 20;
/// The least size the CacheManager counts for a program.
const MIN_CODE_SIZE: u64 = 4096;
/// Gas of a view of either contract.
const VIEW_GAS: u64 = 800;
/// Gas of a change: caching, evicting, a bid (the devnode's price, near the Solidity manager's).
const CHANGE_GAS: u64 = 50_000;
/// Gas of each bid a new bid evicts.
const EVICTION_GAS: u64 = 25_000;

/// A call's gas meter and answer.
type Answer = Result<Vec<u8>, Vec<u8>>;

/// Serves one call to ArbWasmCache.
pub(crate) fn call_cache(ctx: &mut Ctx, inputs: &CallInputs) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    let Ok(call) = ArbWasmCache::ArbWasmCacheCalls::abi_decode(&data) else { return finish(inputs, 0, Err(Vec::new())) };
    use ArbWasmCache::ArbWasmCacheCalls as C;
    let changes = matches!(call, C::cacheProgram(_) | C::evictCodehash(_));
    if changes && inputs.is_static {
        return InterpreterResult::new(InstructionResult::StateChangeDuringStaticCall, Bytes::new(), Gas::new(inputs.gas_limit));
    }
    let caller = inputs.caller;
    let allowed = caller == CACHE_MANAGER || caller == CHAIN_OWNER;
    let refused = || alloy_sol_types::Revert::from("ArbWasmCache: caller is not a cache manager or the chain owner").abi_encode();
    let answer = match call {
        C::isCacheManager(c) => Ok(ArbWasmCache::isCacheManagerCall::abi_encode_returns(&(c.manager == CACHE_MANAGER))),
        C::allCacheManagers(_) => Ok(ArbWasmCache::allCacheManagersCall::abi_encode_returns(&vec![CACHE_MANAGER])),
        C::codehashIsCached(c) => Ok(ArbWasmCache::codehashIsCachedCall::abi_encode_returns(&program_of(ctx, c.codehash).cached)),
        C::cacheProgram(_) | C::evictCodehash(_) if !allowed => Err(refused()),
        C::cacheProgram(c) => {
            let hash = code_hash(ctx, c.addr);
            if program_of(ctx, hash).version == 0 {
                Err(CacheManager::ProgramNotActivated {}.abi_encode())
            } else {
                set_cached(ctx, caller, hash, true).map(|()| Vec::new())
            }
        }
        C::evictCodehash(c) => set_cached(ctx, caller, c.codehash, false).map(|()| Vec::new()),
    };
    finish(inputs, if changes { CHANGE_GAS } else { VIEW_GAS }, answer)
}

/// Serves one call to the CacheManager.
pub(crate) fn call_manager(ctx: &mut Ctx, inputs: &CallInputs) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    let Ok(call) = CacheManager::CacheManagerCalls::abi_decode(&data) else { return finish(inputs, 0, Err(Vec::new())) };
    use CacheManager::CacheManagerCalls as C;
    let changes = matches!(call, C::placeBid(_) | C::setCacheSize(_) | C::evictAll(_));
    if changes && inputs.is_static {
        return InterpreterResult::new(InstructionResult::StateChangeDuringStaticCall, Bytes::new(), Gas::new(inputs.gas_limit));
    }
    let value = inputs.call_value();
    if !value.is_zero() && !matches!(call, C::placeBid(_)) {
        return finish(inputs, 0, Err(Vec::new()));
    }
    let owner_only = |ctx: &mut Ctx, run: &dyn Fn(&mut Ctx) -> Answer| {
        if inputs.caller == CHAIN_OWNER {
            run(ctx)
        } else {
            Err(CacheManager::NotChainOwner { sender: inputs.caller }.abi_encode())
        }
    };
    let mut gas = if changes { CHANGE_GAS } else { VIEW_GAS };
    let answer = match call {
        C::placeBid(c) => place_bid(ctx, c.program, value, &mut gas),
        C::getMinBid_0(c) => {
            let hash = code_hash(ctx, c.program);
            if program_of(ctx, hash).version == 0 {
                Err(CacheManager::ProgramNotActivated {}.abi_encode())
            } else {
                let size = size_of(ctx, c.program);
                min_bid(ctx, size).map(|min| CacheManager::getMinBid_0Call::abi_encode_returns(&min))
            }
        }
        C::getMinBid_1(c) => min_bid(ctx, c.size).map(|min| CacheManager::getMinBid_1Call::abi_encode_returns(&min)),
        C::getEntries(_) => Ok(CacheManager::getEntriesCall::abi_encode_returns(&entries(ctx))),
        C::cacheSize(_) => Ok(CacheManager::cacheSizeCall::abi_encode_returns(&cache_size(ctx))),
        C::queueSize(_) => Ok(CacheManager::queueSizeCall::abi_encode_returns(&queue_size(ctx))),
        C::decay(_) => Ok(CacheManager::decayCall::abi_encode_returns(&0u64)),
        C::isPaused(_) => Ok(CacheManager::isPausedCall::abi_encode_returns(&false)),
        C::setCacheSize(c) => owner_only(ctx, &|ctx| {
            store(ctx, SIZE_SLOT, U256::from(c.newSize) + U256::from(1));
            Ok(Vec::new())
        }),
        C::evictAll(_) => owner_only(ctx, &|ctx| {
            for entry in entries(ctx) {
                delete(ctx, &entry)?;
            }
            store(ctx, COUNT_SLOT, U256::ZERO);
            Ok(Vec::new())
        }),
    };
    finish(inputs, gas, answer)
}

/// The manager's slots: the number of entries, the cache size (plus one; 0: the default), then
/// three words per entry from `ENTRIES_SLOT` (code hash, size, bid).
const COUNT_SLOT: u64 = 0;
const SIZE_SLOT: u64 = 1;
const ENTRIES_SLOT: u64 = 0x100;

fn load(ctx: &mut Ctx, slot: u64) -> U256 {
    let _ = ctx.journal_mut().load_account(CACHE_MANAGER);
    ctx.journal_mut().sload(CACHE_MANAGER, U256::from(slot)).map(|s| s.data).unwrap_or_default()
}

fn store(ctx: &mut Ctx, slot: u64, value: U256) {
    let _ = ctx.journal_mut().load_account(CACHE_MANAGER);
    let _ = ctx.journal_mut().sstore(CACHE_MANAGER, U256::from(slot), value);
}

fn cache_size(ctx: &mut Ctx) -> u64 {
    match load(ctx, SIZE_SLOT) {
        U256::ZERO => DEFAULT_CACHE_SIZE,
        stored => (stored - U256::from(1)).to::<u64>(),
    }
}

/// The bids in the cache, in storage order.
fn entries(ctx: &mut Ctx) -> Vec<CacheManager::Entry> {
    let count = load(ctx, COUNT_SLOT).to::<u64>();
    (0..count)
        .map(|i| {
            let base = ENTRIES_SLOT + 3 * i;
            let code = B256::from(load(ctx, base));
            let size = load(ctx, base + 1).to::<u64>();
            let bid = load(ctx, base + 2).to();
            CacheManager::Entry { code, size, bid }
        })
        .collect()
}

fn write_entries(ctx: &mut Ctx, list: &[CacheManager::Entry]) {
    for (i, entry) in list.iter().enumerate() {
        let base = ENTRIES_SLOT + 3 * i as u64;
        store(ctx, base, entry.code.into());
        store(ctx, base + 1, U256::from(entry.size));
        store(ctx, base + 2, U256::from(entry.bid));
    }
    store(ctx, COUNT_SLOT, U256::from(list.len()));
}

fn queue_size(ctx: &mut Ctx) -> u64 {
    entries(ctx).iter().map(|e| e.size).sum()
}

/// The lowest bid that makes room for `size` bytes: 0 while it fits, else the highest of the
/// smallest bids that would be evicted; `AsmTooLarge` when it can never fit.
fn min_bid(ctx: &mut Ctx, size: u64) -> Result<alloy_primitives::aliases::U192, Vec<u8>> {
    let (cache, mut list) = (cache_size(ctx), entries(ctx));
    let mut queue: u64 = list.iter().map(|e| e.size).sum();
    if size > cache {
        return Err(
            CacheManager::AsmTooLarge { asm: U256::from(size), queueSize: U256::from(queue), cacheSize: U256::from(cache) }.abi_encode()
        );
    }
    list.sort_by_key(|e| e.bid);
    let mut min = alloy_primitives::aliases::U192::ZERO;
    for entry in list {
        if queue + size <= cache {
            break;
        }
        queue -= entry.size;
        min = entry.bid;
    }
    Ok(min)
}

/// `placeBid`: caches `program` for a bid of `value`, evicting the smallest bids to make room.
fn place_bid(ctx: &mut Ctx, program: Address, value: U256, gas: &mut u64) -> Answer {
    let hash = code_hash(ctx, program);
    let record = program_of(ctx, hash);
    if record.version == 0 {
        return Err(CacheManager::ProgramNotActivated {}.abi_encode());
    }
    if record.cached {
        return Err(CacheManager::AlreadyCached { codehash: hash }.abi_encode());
    }
    let size = size_of(ctx, program);
    let min = min_bid(ctx, size)?;
    let bid: alloy_primitives::aliases::U192 = value.saturating_to();
    if bid < min || U256::from(bid) != value {
        return Err(CacheManager::BidTooSmall { bid, min }.abi_encode());
    }
    let (cache, mut list) = (cache_size(ctx), entries(ctx));
    list.sort_by_key(|e| e.bid);
    while list.iter().map(|e| e.size).sum::<u64>() + size > cache {
        let evicted = list.remove(0);
        delete(ctx, &evicted)?;
        *gas += EVICTION_GAS;
    }
    list.push(CacheManager::Entry { code: hash, size, bid });
    write_entries(ctx, &list);
    set_cached(ctx, CACHE_MANAGER, hash, true)?;
    log(ctx, CACHE_MANAGER, CacheManager::InsertBid { codehash: hash, program, bid, size }.encode_log_data());
    Ok(Vec::new())
}

/// Evicts `entry`'s code and logs the deleted bid.
fn delete(ctx: &mut Ctx, entry: &CacheManager::Entry) -> Result<(), Vec<u8>> {
    set_cached(ctx, CACHE_MANAGER, entry.code, false)?;
    log(ctx, CACHE_MANAGER, CacheManager::DeleteBid { codehash: entry.code, bid: entry.bid, size: entry.size }.encode_log_data());
    Ok(())
}

/// Marks `hash` cached or not in its activation record and logs `UpdateProgramCache`.
fn set_cached(ctx: &mut Ctx, manager: Address, hash: B256, cached: bool) -> Result<(), Vec<u8>> {
    let mut record = program_of(ctx, hash);
    if record.version == 0 {
        return Err(CacheManager::ProgramNotActivated {}.abi_encode());
    }
    record.cached = cached;
    store_program(ctx, hash, record);
    log(ctx, ARBWASM_CACHE, ArbWasmCache::UpdateProgramCache { manager, codehash: hash, cached }.encode_log_data());
    Ok(())
}

/// The code hash of `account`.
fn code_hash(ctx: &mut Ctx, account: Address) -> B256 {
    ctx.journal_mut().load_account_with_code(account).map(|a| a.data.info.code_hash).unwrap_or_default()
}

/// A program's size in the cache, as Nitro's CacheManager counts it: ArbWasm's asm size of its code,
/// at least 4 KiB.
fn size_of(ctx: &mut Ctx, program: Address) -> u64 {
    let hash = code_hash(ctx, program);
    let record = program_of(ctx, hash);
    u64::from(record.costs.asm_estimate).max(MIN_CODE_SIZE)
}

fn log(ctx: &mut Ctx, address: Address, data: alloy_primitives::LogData) {
    ctx.journal_mut().log(Log { address, data });
}

/// The interpreter's result: `gas` charged (all of it when the call cannot pay), the answer.
fn finish(inputs: &CallInputs, gas: u64, answer: Answer) -> InterpreterResult {
    let mut meter = Gas::new(inputs.gas_limit);
    if !meter.record_regular_cost(gas) {
        return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), Gas::new_spent_with_reservoir(inputs.gas_limit, 0));
    }
    match answer {
        Ok(output) => InterpreterResult::new(InstructionResult::Return, output.into(), meter),
        Err(data) => InterpreterResult::new(InstructionResult::Revert, data.into(), meter),
    }
}
