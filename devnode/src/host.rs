//! The `vm_hooks` a Stylus program imports, with Nitro's semantics, and the `console` of a debug
//! chain. One [`execute`] runs one program frame on wasmi; host calls that need the chain (storage,
//! calls, creates, logs, accounts) are served by revm over the same journal.
//!
//! Metering: the instrumented module keeps its ink in the `stylus_ink_left` global (see `meter`);
//! host calls draw from the same counter Nitro's host-call ink and the EVM gas of what they do
//! (EIP-2929 access, EIP-2200/3529 SSTORE, logs, calls with the 63/64 rule, creates).

use std::collections::HashMap;

use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, B256, U256};
use revm::{
    context_interface::{CreateScheme, Host},
    handler::FrameResult,
    interpreter::{
        instructions::contract::load_account_delegated, CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput, Gas,
        InstructionResult, InterpreterResult,
    },
    primitives::hardfork::SpecId,
};
use wasmi::{AsContext, AsContextMut, Caller, Linker, Module, Store, Val};

use crate::arbos;
use crate::frames::{word, EvmData, FrameRecord, Outcome, Request};
use crate::meter::{self, ADD_MOD_INK, DIV_INK, EVM_API_INK, HOSTIO_INK, INK_PRICE, MUL_MOD_INK, PTR_INK};
use crate::stylus::{run_nested, Ctx, StylusGas, StylusPrecompiles};

/// Gas a storage read needs left before a miss (`COLD_SLOAD_GAS` + `REQUIRED_ACCESS_GAS`), besides
/// the EVM API's gas.
const STORAGE_LOAD_SENTRY: u64 = 2_100 + 10;
/// Gas a storage write needs left (`SSTORE_SENTRY_GAS` + `REQUIRED_ACCESS_GAS`).
const STORAGE_CACHE_SENTRY: u64 = 2_300 + 10;
/// `SSTORE_SENTRY_GAS` (EIP-2200): a flush needs more than this left.
const SSTORE_SENTRY: u64 = 2_300;
/// `COLD_ACCOUNT_GAS`: what an account access needs left.
const COLD_ACCOUNT_GAS: u64 = 2_600;
/// Gas of `TLOAD` and `TSTORE` (EIP-1153).
const TRANSIENT_GAS: u64 = 100;
/// `LogGas`: the base gas of a log, before its topics and data.
const LOG_GAS: u64 = 375;

/// The call a program frame answers.
pub(crate) struct Frame {
    /// Keccak of the program's deployed code.
    pub codehash: B256,
    /// Whether the program entered at the cached price.
    pub cached: bool,
    pub address: Address,
    pub caller: Address,
    pub value: U256,
    pub is_static: bool,
    pub args: Bytes,
    /// Journal depth of this frame.
    pub depth: usize,
    pub reentrant: bool,
}

/// The instrumented module's ink counter and out-of-ink flag.
#[derive(Clone, Copy)]
struct InkMeter {
    ink: wasmi::Global,
    status: wasmi::Global,
}

/// A slot in the storage cache: its value and the value the chain holds, when known.
struct Slot {
    value: U256,
    known: Option<U256>,
}

impl Slot {
    /// Whether the chain does not hold the cached value yet.
    fn dirty(&self) -> bool {
        self.known != Some(self.value)
    }
}

/// What a running program's host calls work on.
struct HostState<'a> {
    ctx: &'a mut Ctx,
    provider: &'a mut StylusPrecompiles,
    frame: Frame,
    memory: Option<wasmi::Memory>,
    meter: Option<InkMeter>,
    output: Vec<u8>,
    return_data: Bytes,
    /// The storage cache, and how many reads and writes it served (Nitro prices them in tiers).
    cache: HashMap<U256, Slot>,
    reads: u64,
    writes: u64,
    refund: i64,
    /// Gas spent on what an EVM contract would pay too: slots, logs, account accesses, transient
    /// storage and the gas nested frames used (the rest of the frame's gas is Stylus's own).
    evm_gas: u64,
    /// The account whose code was read last, and the code (Nitro asks the chain again only for
    /// another account, or after an empty code).
    last_code: Option<(Address, Bytes)>,
    /// The frame's requests of the chain, when frames are recorded.
    requests: Option<Vec<Request>>,
    /// Ink the host calls took, net of the gas nested frames gave back (Nitro's hostio ink).
    hostio_ink: u64,
}

impl HostState<'_> {
    /// Records a request of the chain (when frames are recorded); `data` is built only then.
    fn request(&mut self, method: &'static str, data: impl FnOnce() -> Vec<u8>, result: &[u8], raw: &[u8], gas: u64) {
        if let Some(requests) = &mut self.requests {
            requests.push(Request { method, data: data().into(), result: result.to_vec().into(), raw: raw.to_vec().into(), gas });
        }
    }

    /// Nitro's `EvmData` for this frame.
    fn evm_data(&self) -> EvmData {
        let (ctx, frame) = (&*self.ctx, &self.frame);
        EvmData {
            arbos_version: self.provider.arbos_version,
            block_basefee: word(U256::from(ctx.block.basefee)),
            chainid: ctx.cfg.chain_id,
            block_coinbase: ctx.block.beneficiary,
            block_gas_limit: ctx.block.gas_limit,
            block_number: ctx.block.number.saturating_to(),
            block_timestamp: ctx.block.timestamp.saturating_to(),
            contract_address: frame.address,
            msg_sender: frame.caller,
            msg_value: word(frame.value),
            tx_gas_price: word(U256::from(ctx.effective_gas_price())),
            tx_origin: ctx.tx.caller,
            reentrant: u32::from(frame.reentrant),
            cached: frame.cached,
        }
    }
}

/// Why a host call stopped the program.
#[derive(Debug)]
enum HostError {
    /// The program ran out of ink (its status global says so too).
    OutOfInk,
    /// A write (storage, log, value, create) attempted in a static call.
    WriteProtection,
    /// A pointer outside the program's memory.
    BadPointer,
    /// The node itself failed.
    Fatal(String),
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::OutOfInk => f.write_str("out of ink"),
            HostError::WriteProtection => f.write_str("write protection: state change in a static call"),
            HostError::BadPointer => f.write_str("memory access out of bounds"),
            HostError::Fatal(e) => write!(f, "node error: {e}"),
        }
    }
}

impl wasmi::errors::HostError for HostError {}

type HostResult<T> = Result<T, wasmi::Error>;
type C<'c, 'a> = Caller<'c, HostState<'a>>;

/// Runs one program frame with the gas left after its entry cost and returns its result for revm.
pub(crate) fn execute(
    ctx: &mut Ctx,
    provider: &mut StylusPrecompiles,
    module: &Module,
    frame: Frame,
    gas_limit: u64,
    entry_gas: u64,
) -> InterpreterResult {
    let engine = provider.programs.engine().clone();
    let args_len = frame.args.len() as i32;
    let recording = provider.recorded.is_some();
    let state = HostState {
        ctx,
        provider,
        frame,
        memory: None,
        meter: None,
        output: Vec::new(),
        return_data: Bytes::new(),
        cache: HashMap::new(),
        reads: 0,
        writes: 0,
        refund: 0,
        evm_gas: 0,
        last_code: None,
        requests: recording.then(Vec::new),
        hostio_ink: 0,
    };
    let mut store = Store::new(&engine, state);
    let ink = gas_limit.saturating_sub(entry_gas).saturating_mul(INK_PRICE);
    let start = store.data().requests.is_some().then(|| (store.data().evm_data(), store.data().frame.args.clone()));
    let outcome = run_entrypoint(&mut store, module, args_len, ink);
    let exhausted = store.data().meter.is_some_and(|m| m.status.get(&store).i32() != Some(0));
    let ink_end = if exhausted { 0 } else { ink_left(&store) };
    let ended_by_program = outcome.is_ok() || is_exit(&outcome);
    let gas_left = ink_left(&store) / INK_PRICE;
    let state = store.into_data();
    let host_calls = (state.hostio_ink / INK_PRICE).saturating_sub(state.evm_gas);
    let total = gas_limit.saturating_sub(gas_left).saturating_sub(state.evm_gas);
    state.provider.add_stylus_gas(StylusGas { total, entries: entry_gas, host_calls });
    let mut gas = Gas::new(gas_limit);
    let _ = gas.record_regular_cost(gas_limit.saturating_sub(gas_left));
    gas.record_refund(state.refund);
    let out_of_ink = |gas: &mut Gas| {
        gas.spend_all();
        (InstructionResult::OutOfGas, Vec::new())
    };
    let (result, output) = match outcome {
        _ if exhausted => out_of_ink(&mut gas),
        Ok(0) => (InstructionResult::Return, state.output),
        Ok(_) => (InstructionResult::Revert, state.output),
        Err(e) => match e.i32_exit_status() {
            Some(0) => (InstructionResult::Return, state.output),
            Some(_) => (InstructionResult::Revert, state.output),
            None => match e.downcast_ref::<HostError>() {
                Some(HostError::OutOfInk) => out_of_ink(&mut gas),
                Some(HostError::WriteProtection) => (InstructionResult::StateChangeDuringStaticCall, Vec::new()),
                Some(HostError::Fatal(_)) => (InstructionResult::FatalExternalError, Vec::new()),
                _ => (InstructionResult::Revert, Vec::new()),
            },
        },
    };
    let output = Bytes::from(output);
    if let (Some((evm_data, calldata)), Some(requests), Some(recorded)) = (start, state.requests, &mut state.provider.recorded) {
        let status = match result {
            _ if exhausted => "OutOfInk",
            InstructionResult::Return => "Success",
            InstructionResult::Revert if ended_by_program => "Revert",
            _ => "Failure",
        };
        let devnode = Outcome { status, ink_left: ink_end, hostio_ink: state.hostio_ink, output: output.clone() };
        recorded.push(FrameRecord { codehash: state.frame.codehash, evm_data, calldata, ink, requests, devnode });
    }
    InterpreterResult::new(result, output, gas)
}

/// Whether the program ended through `exit_early` (rather than a trap or a host error).
fn is_exit(outcome: &HostResult<i32>) -> bool {
    outcome.as_ref().err().is_some_and(|e| e.i32_exit_status().is_some())
}

fn run_entrypoint(store: &mut Store<HostState<'_>>, module: &Module, args_len: i32, ink: u64) -> HostResult<i32> {
    let instance = linker(store.engine()).instantiate_and_start(&mut *store, module)?;
    let memory = instance.get_memory(&*store, "memory").ok_or_else(|| wasmi::Error::new("program exports no memory"))?;
    let global = |name| instance.get_global(&*store, name).ok_or_else(|| wasmi::Error::new("program is not metered"));
    let meter = InkMeter { ink: global(meter::INK_LEFT)?, status: global(meter::INK_STATUS)? };
    meter.ink.set(&mut *store, Val::I64(i64::try_from(ink).unwrap_or(i64::MAX)))?;
    store.data_mut().memory = Some(memory);
    store.data_mut().meter = Some(meter);
    let entry = instance.get_typed_func::<i32, i32>(&*store, "user_entrypoint")?;
    // No flush after the entry point, as Nitro: writes the program cached but never flushed are lost
    // (the SDK's entry point and ls1-common's flush before writing their result).
    let outcome = entry.call(&mut *store, args_len);
    let codehash = store.data().frame.codehash;
    store.data().provider.programs.collect_profile(codehash, &instance, &*store);
    outcome
}

/// Ink the program has left.
fn ink_left<'a>(ctx: impl AsContext<Data = HostState<'a>>) -> u64 {
    let ctx = ctx.as_context();
    match ctx.data().meter {
        Some(meter) => meter.ink.get(ctx).i64().map_or(0, |ink| ink as u64),
        None => 0,
    }
}

/// Gas the program has left (its ink at the ink price, rounded down).
fn gas_left<'a>(ctx: impl AsContext<Data = HostState<'a>>) -> u64 {
    ink_left(ctx) / INK_PRICE
}

/// Takes `ink` from the program, or runs it out of ink; once the call's deadline passed, runs it out
/// of ink (the caller reports the time limit).
fn buy_ink<'a>(mut ctx: impl AsContextMut<Data = HostState<'a>>, ink: u64) -> HostResult<()> {
    if ctx.as_context().data().provider.deadline.is_some_and(|d| std::time::Instant::now() >= d) {
        return out_of_ink(ctx);
    }
    require_ink(&mut ctx, ink)?;
    let left = ink_left(&ctx);
    set_ink(&mut ctx, left - ink)?;
    ctx.as_context_mut().data_mut().hostio_ink += ink;
    Ok(())
}

/// Takes `gas` from the program, or runs it out of ink.
fn buy_gas<'a>(ctx: impl AsContextMut<Data = HostState<'a>>, gas: u64) -> HostResult<()> {
    buy_ink(ctx, gas.saturating_mul(INK_PRICE))
}

/// Takes `gas` for EVM work (see `HostState::evm_gas`), or runs the program out of ink.
fn buy_evm_gas<'a>(mut ctx: impl AsContextMut<Data = HostState<'a>>, gas: u64) -> HostResult<()> {
    buy_gas(&mut ctx, gas)?;
    ctx.as_context_mut().data_mut().evm_gas += gas;
    Ok(())
}

/// Runs the program out of ink unless it has `ink` left.
fn require_ink<'a>(ctx: impl AsContextMut<Data = HostState<'a>>, ink: u64) -> HostResult<()> {
    if ink_left(&ctx) >= ink {
        return Ok(());
    }
    out_of_ink(ctx)
}

/// Empties the ink counter, sets the out-of-ink flag and stops the program.
fn out_of_ink<'a>(mut ctx: impl AsContextMut<Data = HostState<'a>>) -> HostResult<()> {
    if let Some(meter) = ctx.as_context().data().meter {
        meter.status.set(&mut ctx, Val::I32(1))?;
    }
    set_ink(&mut ctx, 0)?;
    Err(wasmi::Error::host(HostError::OutOfInk))
}

/// Runs the program out of ink unless it has `gas` left.
fn require_gas<'a>(ctx: impl AsContextMut<Data = HostState<'a>>, gas: u64) -> HostResult<()> {
    require_ink(ctx, gas.saturating_mul(INK_PRICE))
}

/// Sets the ink the program has left.
fn set_ink<'a>(mut ctx: impl AsContextMut<Data = HostState<'a>>, ink: u64) -> HostResult<()> {
    match ctx.as_context().data().meter {
        Some(meter) => Ok(meter.ink.set(&mut ctx, Val::I64(i64::try_from(ink).unwrap_or(i64::MAX)))?),
        None => Err(wasmi::Error::host(HostError::OutOfInk)),
    }
}

/// Writes the dirty slots of the storage cache, in key order, and charges their EVM gas; empties the
/// cache when `clear`. As Nitro, the chain gets one gas more than the program has left, and the
/// program runs out of ink when the slots cost that much or more.
fn flush<'a>(mut ctx: impl AsContextMut<Data = HostState<'a>>, clear: bool) -> HostResult<()> {
    let budget = gas_left(&ctx) + 1;
    let mut context = ctx.as_context_mut();
    let state = context.data_mut();
    let mut dirty: Vec<_> = state.cache.iter().filter(|(_, s)| s.dirty()).map(|(k, s)| (*k, s.value)).collect();
    dirty.sort();
    if clear {
        state.cache.clear();
    }
    if dirty.is_empty() {
        return Ok(());
    }
    let mut cost = 0u64;
    for (key, value) in &dirty {
        cost = cost.saturating_add(write_slot(state, *key, *value)?).min(budget);
    }
    let out_of_gas = cost == budget;
    let slots = || {
        let mut data = budget.to_be_bytes().to_vec();
        dirty.iter().for_each(|(k, v)| data.extend(k.to_be_bytes::<32>().into_iter().chain(v.to_be_bytes::<32>())));
        data
    };
    state.request("SetTrieSlots", slots, &[if out_of_gas { 2 } else { 0 }], &[], cost);
    let charged = state.provider.arbos_version >= arbos::STYLUS_CHARGING_FIXES_VERSION;
    if out_of_gas {
        return out_of_ink(ctx);
    }
    if charged {
        buy_evm_gas(&mut ctx, cost)?;
    }
    Ok(())
}

/// Stores one slot through the journal; returns its EVM gas (EIP-2200/2929) and records the refund.
fn write_slot(state: &mut HostState<'_>, key: U256, value: U256) -> HostResult<u64> {
    if state.frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let address = state.frame.address;
    let load = state.ctx.sstore_skip_cold_load(address, key, value, false).map_err(fatal)?;
    let params = state.ctx.gas_params();
    let gas = params.sstore_static_gas() + params.sstore_dynamic_gas(true, &load.data, load.is_cold);
    state.refund += params.sstore_refund(true, &load.data);
    if let Some(slot) = state.cache.get_mut(&key) {
        slot.known = Some(value);
    }
    Ok(gas)
}

/// Gas of the storage cache's `n`th read (Nitro's `read_gas`).
fn cache_read_gas(n: u64) -> u64 {
    match n {
        0..=32 => 0,
        33..=128 => 2,
        _ => 10,
    }
}

/// Gas of the storage cache's `n`th write (Nitro's `write_gas`).
fn cache_write_gas(n: u64) -> u64 {
    match n {
        0..=8 => 0,
        9..=64 => 7,
        _ => 10,
    }
}

fn read(caller: &C<'_, '_>, ptr: i32, len: usize) -> HostResult<Vec<u8>> {
    let memory = caller.data().memory.ok_or(wasmi::Error::host(HostError::BadPointer))?;
    let mut buf = vec![0u8; len];
    memory.read(caller, ptr as u32 as usize, &mut buf).map_err(|_| wasmi::Error::host(HostError::BadPointer))?;
    Ok(buf)
}

fn write(caller: &mut C<'_, '_>, ptr: i32, bytes: &[u8]) -> HostResult<()> {
    let memory = caller.data().memory.ok_or(wasmi::Error::host(HostError::BadPointer))?;
    memory.write(caller, ptr as u32 as usize, bytes).map_err(|_| wasmi::Error::host(HostError::BadPointer))
}

fn read_word(caller: &C<'_, '_>, ptr: i32) -> HostResult<U256> {
    Ok(U256::from_be_slice(&read(caller, ptr, 32)?))
}

fn read_address(caller: &C<'_, '_>, ptr: i32) -> HostResult<Address> {
    Ok(Address::from_slice(&read(caller, ptr, 20)?))
}

fn write_word(caller: &mut C<'_, '_>, ptr: i32, word: U256) -> HostResult<()> {
    write(caller, ptr, &word.to_be_bytes::<32>())
}

/// A context field: charges a host call with one pointer and writes `bytes` at `ptr`.
fn put(caller: &mut C<'_, '_>, ptr: i32, bytes: &[u8]) -> HostResult<()> {
    buy_ink(&mut *caller, HOSTIO_INK + PTR_INK)?;
    write(caller, ptr, bytes)
}

fn fatal(e: impl std::fmt::Debug) -> wasmi::Error {
    wasmi::Error::host(HostError::Fatal(format!("{e:?}")))
}

/// EVM gas of an account access (EIP-2929).
fn access_gas(caller: &C<'_, '_>, is_cold: bool) -> u64 {
    let params = caller.data().ctx.gas_params();
    params.warm_storage_read_cost() + if is_cold { params.cold_account_additional_cost() } else { 0 }
}

/// The kinds of call a program can make.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallKind {
    Call,
    Delegate,
    Static,
}

/// `call_contract` and friends: EVM call costs, the 63/64 rule, a nested frame over the same
/// journal; returns Nitro's status (0 success, 2 failure) and stores the return data. As Nitro, the
/// program pays for a value call's stipend. The parameters are the host functions' own.
#[allow(clippy::too_many_arguments)]
fn do_call(
    caller: &mut C<'_, '_>,
    kind: CallKind,
    contract: i32,
    data: i32,
    data_len: i32,
    value: Option<i32>,
    gas_req: i64,
    ret_len: i32,
) -> HostResult<i32> {
    let data_len = data_len as u32 as usize;
    buy_ink(&mut *caller, HOSTIO_INK + 3 * PTR_INK + EVM_API_INK + 2 * meter::read_price(data_len as u64))?;
    let to = read_address(caller, contract)?;
    let input = Bytes::from(read(caller, data, data_len)?);
    let value = match value {
        Some(ptr) => read_word(caller, ptr)?,
        None => U256::ZERO,
    };
    let transfers = !value.is_zero();
    if transfers && caller.data().frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let available = gas_left(&*caller);
    let gas_req = (gas_req as u64).min(available);
    let state = caller.data_mut();
    let (access, _, bytecode, code_hash) =
        load_account_delegated(&mut *state.ctx, SpecId::PRAGUE, available, to, transfers, kind == CallKind::Call).map_err(fatal)?;
    let params = state.ctx.gas_params();
    let base = params.warm_storage_read_cost() + access + if transfers { params.transfer_value_cost() } else { 0 };
    buy_evm_gas(&mut *caller, base)?;
    let after_base = gas_left(&*caller);
    let mut gas = (after_base * 63 / 64).min(gas_req);
    buy_evm_gas(&mut *caller, gas)?;
    let stipend = if transfers { caller.data().ctx.gas_params().call_stipend() } else { 0 };
    gas += stipend;
    let request = caller.data().requests.is_some().then(|| {
        let method = match kind {
            CallKind::Call => "ContractCall",
            CallKind::Delegate => "DelegateCall",
            CallKind::Static => "StaticCall",
        };
        let head = [to.as_slice(), &value.to_be_bytes::<32>(), &available.to_be_bytes(), &gas_req.to_be_bytes()].concat();
        (method, [head.as_slice(), &input].concat())
    });
    let state = caller.data_mut();
    let frame = &state.frame;
    let inputs = CallInputs {
        input: CallInput::Bytes(input),
        return_memory_offset: 0..0,
        gas_limit: gas,
        reservoir: 0,
        bytecode_address: to,
        known_bytecode: (code_hash, bytecode),
        target_address: if kind == CallKind::Delegate { frame.address } else { to },
        caller: if kind == CallKind::Delegate { frame.caller } else { frame.address },
        value: if kind == CallKind::Delegate { CallValue::Apparent(frame.value) } else { CallValue::Transfer(value) },
        scheme: match kind {
            CallKind::Call => CallScheme::Call,
            CallKind::Delegate => CallScheme::DelegateCall,
            CallKind::Static => CallScheme::StaticCall,
        },
        is_static: frame.is_static || kind == CallKind::Static,
        charged_new_account_state_gas: false,
    };
    let depth = frame.depth;
    let result = match run_nested(state.ctx, state.provider, FrameInput::Call(Box::new(inputs)), depth) {
        FrameResult::Call(outcome) => outcome.result,
        FrameResult::Create(outcome) => outcome.result,
    };
    if result.result == InstructionResult::FatalExternalError {
        return Err(fatal(String::from_utf8_lossy(&result.output)));
    }
    finish_nested(caller, &result)?;
    buy_evm_gas(&mut *caller, stipend)?;
    let status = if result.result.is_ok() { 0 } else { 2 };
    if let Some((method, data)) = request {
        let cost = base + gas.saturating_sub(result.gas.remaining());
        let state = caller.data_mut();
        let returned = state.return_data.clone();
        state.request(method, || data, &[status], &returned, cost);
    }
    let len = caller.data().return_data.len() as u32;
    write(caller, ret_len, &len.to_le_bytes())?;
    Ok(i32::from(status))
}

/// Returns a nested frame's unused gas and refund to the program and keeps its return data.
fn finish_nested(caller: &mut C<'_, '_>, result: &InterpreterResult) -> HostResult<()> {
    let ink = ink_left(&*caller).saturating_add(result.gas.remaining().saturating_mul(INK_PRICE));
    set_ink(&mut *caller, ink)?;
    let state = caller.data_mut();
    state.evm_gas = state.evm_gas.saturating_sub(result.gas.remaining());
    state.hostio_ink = state.hostio_ink.saturating_sub(result.gas.remaining().saturating_mul(INK_PRICE));
    if result.result.is_ok() {
        state.refund += result.gas.refunded();
    }
    state.return_data = result.output.clone();
    Ok(())
}

/// `create1` and `create2`: a nested create frame with all but 1/64 of the gas left.
fn do_create(
    caller: &mut C<'_, '_>,
    code: i32,
    code_len: i32,
    endowment: i32,
    salt: Option<i32>,
    contract: i32,
    revert_len: i32,
) -> HostResult<()> {
    let code_len = code_len as u32 as usize;
    let pointers = if salt.is_some() { 4 } else { 3 };
    buy_ink(&mut *caller, HOSTIO_INK + pointers * PTR_INK + EVM_API_INK + 2 * meter::read_price(code_len as u64))?;
    if caller.data().frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let init_code = Bytes::from(read(caller, code, code_len)?);
    let value = read_word(caller, endowment)?;
    let scheme = match salt {
        Some(ptr) => CreateScheme::Create2 { salt: read_word(caller, ptr)? },
        None => CreateScheme::Create,
    };
    let available = gas_left(&*caller);
    let request = caller.data().requests.is_some().then(|| {
        let salt = match scheme {
            CreateScheme::Create2 { salt } => salt.to_be_bytes::<32>().to_vec(),
            _ => Vec::new(),
        };
        let data = [&available.to_be_bytes()[..], &value.to_be_bytes::<32>(), &salt, &init_code].concat();
        (if salt.is_empty() { "Create1" } else { "Create2" }, data)
    });
    let params = caller.data().ctx.gas_params();
    let base = params.create_cost()
        + params.initcode_cost(init_code.len())
        + if salt.is_some() { params.keccak256_cost(init_code.len()) } else { 0 };
    buy_evm_gas(&mut *caller, base)?;
    let left = gas_left(&*caller);
    let gas = left - left / 64;
    buy_evm_gas(&mut *caller, gas)?;
    let state = caller.data_mut();
    let inputs = CreateInputs::new(state.frame.address, scheme, value, init_code, gas, 0);
    let depth = state.frame.depth;
    let (result, address) = match run_nested(state.ctx, state.provider, FrameInput::Create(Box::new(inputs)), depth) {
        FrameResult::Create(outcome) => (outcome.result, outcome.address),
        FrameResult::Call(outcome) => (outcome.result, None),
    };
    if result.result == InstructionResult::FatalExternalError {
        return Err(fatal(String::from_utf8_lossy(&result.output)));
    }
    let created = if result.result.is_ok() { address.unwrap_or_default() } else { Address::ZERO };
    finish_nested(caller, &result)?;
    if result.result != InstructionResult::Revert {
        caller.data_mut().return_data = Bytes::new();
    }
    if let Some((method, data)) = request {
        let cost = base + gas.saturating_sub(result.gas.remaining());
        let state = caller.data_mut();
        let returned = state.return_data.clone();
        state.request(method, || data, &[&[1], created.as_slice()].concat(), &returned, cost);
    }
    write(caller, contract, created.as_slice())?;
    let len = caller.data().return_data.len() as u32;
    write(caller, revert_len, &len.to_le_bytes())
}

/// The code of the account at `address` for `account_code` and `account_code_size`, its access paid
/// for; as Nitro, the last account's code again costs nothing (unless it was empty).
fn account_code(caller: &mut C<'_, '_>, address: i32) -> HostResult<Bytes> {
    let address = read_address(caller, address)?;
    if let Some((last, code)) = &caller.data().last_code {
        if *last == address {
            return Ok(code.clone());
        }
    }
    let available = gas_left(&*caller);
    let load = caller.data_mut().ctx.load_account_code(address).ok_or_else(|| fatal("code"))?;
    let gas = access_gas(caller, load.is_cold);
    let state = caller.data_mut();
    state.request("AccountCode", || [address.as_slice(), &available.to_be_bytes()].concat(), &[], &load.data, gas);
    if !load.data.is_empty() {
        state.last_code = Some((address, load.data.clone()));
    }
    buy_evm_gas(&mut *caller, gas)?;
    Ok(load.data)
}

/// `math_*`: 256-bit arithmetic in place at `value`, at `ink` (the call's base price).
fn math(caller: &mut C<'_, '_>, ink: u64, value: i32, args: &[i32], op: fn(U256, &[U256]) -> U256) -> HostResult<()> {
    buy_ink(&mut *caller, ink)?;
    let a = read_word(caller, value)?;
    let rest = args.iter().map(|p| read_word(caller, *p)).collect::<HostResult<Vec<_>>>()?;
    write_word(caller, value, op(a, &rest))
}

/// The module of Nitro's host functions.
const VM_HOOKS: &str = "vm_hooks";
/// Why binding a host function cannot fail.
const UNIQUE: &str = "host function names are unique";

/// Every host function, bound for one program frame.
fn linker<'a>(engine: &wasmi::Engine) -> Linker<HostState<'a>> {
    let mut l = Linker::new(engine);
    link_io(&mut l);
    link_storage(&mut l);
    link_calls(&mut l);
    link_accounts(&mut l);
    link_context(&mut l);
    link_math(&mut l);
    link_console(&mut l);
    l
}

/// The call's input and output: `read_args`, `write_result`, `exit_early`.
fn link_io<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(vm, "read_args", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let args = c.data().frame.args.clone();
        buy_ink(&mut c, HOSTIO_INK + meter::write_price(args.len() as u64))?;
        write(&mut c, dest, &args)
    })
    .expect(ok);
    l.func_wrap(vm, "write_result", |mut c: C<'_, 'a>, ptr: i32, len: i32| -> HostResult<()> {
        let len = len as u32 as usize;
        buy_ink(&mut c, HOSTIO_INK + 2 * meter::read_price(len as u64))?;
        c.data_mut().output = read(&c, ptr, len)?;
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "exit_early", |_: C<'_, 'a>, status: i32| -> HostResult<()> { Err(wasmi::Error::i32_exit(status)) }).expect(ok);
}

/// Storage through the cache, and transient storage.
fn link_storage<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(vm, "storage_load_bytes32", |mut c: C<'_, 'a>, key: i32, dest: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
        // Before ArbOS 32, Nitro charged the EVM API's ink figure as gas.
        let api_gas =
            if c.data().provider.arbos_version < arbos::STYLUS_CHARGING_FIXES_VERSION { EVM_API_INK } else { EVM_API_INK / INK_PRICE };
        require_gas(&mut c, STORAGE_LOAD_SENTRY + api_gas)?;
        let key = read_word(&c, key)?;
        let state = c.data_mut();
        state.reads += 1;
        let mut gas = cache_read_gas(state.reads);
        let mut evm_gas = 0;
        let value = match state.cache.get(&key) {
            Some(slot) => slot.value,
            None => {
                let address = state.frame.address;
                let load = state.ctx.sload_skip_cold_load(address, key, false).map_err(fatal)?;
                let params = state.ctx.gas_params();
                evm_gas = params.warm_storage_read_cost() + if load.is_cold { params.cold_storage_additional_cost() } else { 0 };
                gas += api_gas;
                state.cache.insert(key, Slot { value: load.data, known: Some(load.data) });
                let value = load.data.to_be_bytes::<32>();
                state.request("GetBytes32", || key.to_be_bytes::<32>().to_vec(), &value, &[], evm_gas);
                load.data
            }
        };
        buy_gas(&mut c, gas)?;
        buy_evm_gas(&mut c, evm_gas)?;
        write_word(&mut c, dest, value)
    })
    .expect(ok);
    l.func_wrap(vm, "storage_cache_bytes32", |mut c: C<'_, 'a>, key: i32, value: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
        require_gas(&mut c, STORAGE_CACHE_SENTRY)?;
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        let state = c.data_mut();
        state.writes += 1;
        let gas = cache_write_gas(state.writes);
        state.cache.entry(key).and_modify(|slot| slot.value = value).or_insert(Slot { value, known: None });
        buy_gas(&mut c, gas)
    })
    .expect(ok);
    l.func_wrap(vm, "storage_flush_cache", |mut c: C<'_, 'a>, clear: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        require_gas(&mut c, SSTORE_SENTRY)?;
        flush(&mut c, clear != 0)
    })
    .expect(ok);
    l.func_wrap(vm, "transient_load_bytes32", |mut c: C<'_, 'a>, key: i32, dest: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        buy_evm_gas(&mut c, TRANSIENT_GAS)?;
        let key = read_word(&c, key)?;
        let address = c.data().frame.address;
        let value = c.data_mut().ctx.tload(address, key);
        c.data_mut().request("GetTransientBytes32", || key.to_be_bytes::<32>().to_vec(), &value.to_be_bytes::<32>(), &[], 0);
        write_word(&mut c, dest, value)
    })
    .expect(ok);
    l.func_wrap(vm, "transient_store_bytes32", |mut c: C<'_, 'a>, key: i32, value: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        buy_evm_gas(&mut c, TRANSIENT_GAS)?;
        if c.data().frame.is_static {
            return Err(wasmi::Error::host(HostError::WriteProtection));
        }
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        let address = c.data().frame.address;
        let state = c.data_mut();
        state.ctx.tstore(address, key, value);
        let data = || [key.to_be_bytes::<32>(), value.to_be_bytes::<32>()].concat();
        state.request("SetTransientBytes32", data, &[0], &[], 0);
        Ok(())
    })
    .expect(ok);
}

/// Calls, creates and their return data.
fn link_calls<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(
        vm,
        "call_contract",
        |mut c: C<'_, 'a>, contract: i32, data: i32, len: i32, value: i32, gas: i64, ret: i32| -> HostResult<i32> {
            do_call(&mut c, CallKind::Call, contract, data, len, Some(value), gas, ret)
        },
    )
    .expect(ok);
    l.func_wrap(
        vm,
        "delegate_call_contract",
        |mut c: C<'_, 'a>, contract: i32, data: i32, len: i32, gas: i64, ret: i32| -> HostResult<i32> {
            do_call(&mut c, CallKind::Delegate, contract, data, len, None, gas, ret)
        },
    )
    .expect(ok);
    l.func_wrap(
        vm,
        "static_call_contract",
        |mut c: C<'_, 'a>, contract: i32, data: i32, len: i32, gas: i64, ret: i32| -> HostResult<i32> {
            do_call(&mut c, CallKind::Static, contract, data, len, None, gas, ret)
        },
    )
    .expect(ok);
    l.func_wrap(vm, "create1", |mut c: C<'_, 'a>, code: i32, len: i32, endowment: i32, contract: i32, revert_len: i32| -> HostResult<()> {
        do_create(&mut c, code, len, endowment, None, contract, revert_len)
    })
    .expect(ok);
    l.func_wrap(
        vm,
        "create2",
        |mut c: C<'_, 'a>, code: i32, len: i32, endowment: i32, salt: i32, contract: i32, revert_len: i32| -> HostResult<()> {
            do_create(&mut c, code, len, endowment, Some(salt), contract, revert_len)
        },
    )
    .expect(ok);
    l.func_wrap(vm, "read_return_data", |mut c: C<'_, 'a>, dest: i32, offset: i32, size: i32| -> HostResult<i32> {
        let data = c.data().return_data.clone();
        let start = (offset as u32 as usize).min(data.len());
        let end = start.saturating_add(size as u32 as usize).min(data.len());
        buy_ink(&mut c, HOSTIO_INK + EVM_API_INK + meter::write_price((end - start) as u64))?;
        write(&mut c, dest, &data[start..end])?;
        Ok((end - start) as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "return_data_size", |mut c: C<'_, 'a>| -> HostResult<i32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().return_data.len() as i32)
    })
    .expect(ok);
}

/// Logs, and what the chain knows of accounts.
fn link_accounts<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(vm, "emit_log", |mut c: C<'_, 'a>, data: i32, len: i32, topics: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        let (len, topics) = (len as u32 as usize, topics as u32 as usize);
        if topics > 4 || len < topics * 32 {
            return Err(wasmi::Error::host(HostError::BadPointer));
        }
        buy_ink(&mut c, meter::read_price(len as u64))?;
        let gas = LOG_GAS + c.data().ctx.gas_params().log_cost(topics as u8, (len - topics * 32) as u64);
        buy_evm_gas(&mut c, gas)?;
        if c.data().frame.is_static {
            return Err(wasmi::Error::host(HostError::WriteProtection));
        }
        let bytes = read(&c, data, len)?;
        let (topic_bytes, body) = bytes.split_at(topics * 32);
        let topics: Vec<B256> = topic_bytes.chunks(32).map(B256::from_slice).collect();
        let address = c.data().frame.address;
        let state = c.data_mut();
        let count = topics.len() as u32;
        state.request("EmitLog", || [&count.to_be_bytes()[..], &bytes].concat(), &[], &[], 0);
        state.ctx.log(Log { address, data: LogData::new_unchecked(topics, Bytes::copy_from_slice(body)) });
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "account_balance", |mut c: C<'_, 'a>, address: i32, dest: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        require_gas(&mut c, COLD_ACCOUNT_GAS)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.balance(address).ok_or_else(|| fatal("balance"))?;
        let gas = access_gas(&c, load.is_cold);
        c.data_mut().request("AccountBalance", || address.to_vec(), &load.data.to_be_bytes::<32>(), &[], gas);
        buy_evm_gas(&mut c, gas)?;
        write_word(&mut c, dest, load.data)
    })
    .expect(ok);
    l.func_wrap(vm, "account_code", |mut c: C<'_, 'a>, address: i32, offset: i32, size: i32, dest: i32| -> HostResult<i32> {
        buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        require_gas(&mut c, COLD_ACCOUNT_GAS)?;
        let code = account_code(&mut c, address)?;
        buy_ink(&mut c, meter::write_price(code.len() as u64))?;
        let start = (offset as u32 as usize).min(code.len());
        let end = start.saturating_add(size as u32 as usize).min(code.len());
        write(&mut c, dest, &code[start..end])?;
        Ok((end - start) as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "account_code_size", |mut c: C<'_, 'a>, address: i32| -> HostResult<i32> {
        buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        require_gas(&mut c, COLD_ACCOUNT_GAS)?;
        Ok(account_code(&mut c, address)?.len() as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "account_codehash", |mut c: C<'_, 'a>, address: i32, dest: i32| -> HostResult<()> {
        buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        require_gas(&mut c, COLD_ACCOUNT_GAS)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.load_account_code_hash(address).ok_or_else(|| fatal("codehash"))?;
        let gas = access_gas(&c, load.is_cold);
        c.data_mut().request("AccountCodeHash", || address.to_vec(), load.data.as_slice(), &[], gas);
        buy_evm_gas(&mut c, gas)?;
        write(&mut c, dest, load.data.as_slice())
    })
    .expect(ok);
}

/// The frame's gas, its block, message and transaction, and memory growth.
fn link_context<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(vm, "evm_gas_left", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(gas_left(&c) as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "evm_ink_left", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(ink_left(&c) as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_basefee", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let fee = U256::from(c.data().ctx.block.basefee);
        put(&mut c, dest, &fee.to_be_bytes::<32>())
    })
    .expect(ok);
    l.func_wrap(vm, "chainid", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.cfg.chain_id as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_coinbase", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let coinbase = c.data().ctx.block.beneficiary;
        put(&mut c, dest, coinbase.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "block_gas_limit", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.gas_limit as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_number", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.number.saturating_to::<u64>() as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_timestamp", |mut c: C<'_, 'a>| -> HostResult<i64> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.timestamp.saturating_to::<u64>() as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "contract_address", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let address = c.data().frame.address;
        put(&mut c, dest, address.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "msg_reentrant", |mut c: C<'_, 'a>| -> HostResult<i32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(i32::from(c.data().frame.reentrant))
    })
    .expect(ok);
    l.func_wrap(vm, "msg_sender", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let sender = c.data().frame.caller;
        put(&mut c, dest, sender.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "msg_value", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let value = c.data().frame.value;
        put(&mut c, dest, &value.to_be_bytes::<32>())
    })
    .expect(ok);
    l.func_wrap(vm, "tx_gas_price", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let price = c.data().ctx.effective_gas_price();
        put(&mut c, dest, &price.to_be_bytes::<32>())
    })
    .expect(ok);
    l.func_wrap(vm, "tx_ink_price", |mut c: C<'_, 'a>| -> HostResult<i32> {
        buy_ink(&mut c, HOSTIO_INK)?;
        Ok(INK_PRICE as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "tx_origin", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let origin = c.data().ctx.tx.caller;
        put(&mut c, dest, origin.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "pay_for_memory_grow", |mut c: C<'_, 'a>, pages: i32| -> HostResult<()> {
        let pages = u16::try_from(pages as u32).unwrap_or(u16::MAX);
        if pages == 0 {
            return buy_ink(&mut c, HOSTIO_INK);
        }
        let state = c.data_mut();
        let gas = state.provider.add_pages(pages);
        state.request("AddPages", || pages.to_be_bytes().to_vec(), &[], &[], gas);
        buy_gas(&mut c, gas)
    })
    .expect(ok);
}

/// 256-bit arithmetic and keccak.
fn link_math<'a>(l: &mut Linker<HostState<'a>>) {
    let (vm, ok) = (VM_HOOKS, UNIQUE);
    l.func_wrap(vm, "math_div", |mut c: C<'_, 'a>, value: i32, divisor: i32| -> HostResult<()> {
        let ink = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
        math(&mut c, ink, value, &[divisor], |a, b| a.checked_div(b[0]).unwrap_or_default())
    })
    .expect(ok);
    l.func_wrap(vm, "math_mod", |mut c: C<'_, 'a>, value: i32, modulus: i32| -> HostResult<()> {
        let ink = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
        math(&mut c, ink, value, &[modulus], |a, b| a.checked_rem(b[0]).unwrap_or_default())
    })
    .expect(ok);
    l.func_wrap(vm, "math_pow", |mut c: C<'_, 'a>, value: i32, exponent: i32| -> HostResult<()> {
        let exp = read_word(&c, exponent)?;
        let ink = HOSTIO_INK + 3 * PTR_INK + meter::pow_price(&exp.to_be_bytes::<32>());
        math(&mut c, ink, value, &[exponent], |a, b| a.wrapping_pow(b[0]))
    })
    .expect(ok);
    l.func_wrap(vm, "math_add_mod", |mut c: C<'_, 'a>, value: i32, addend: i32, modulus: i32| -> HostResult<()> {
        let ink = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
        math(&mut c, ink, value, &[addend, modulus], |a, b| a.add_mod(b[0], b[1]))
    })
    .expect(ok);
    l.func_wrap(vm, "math_mul_mod", |mut c: C<'_, 'a>, value: i32, factor: i32, modulus: i32| -> HostResult<()> {
        let ink = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
        math(&mut c, ink, value, &[factor, modulus], |a, b| a.mul_mod(b[0], b[1]))
    })
    .expect(ok);
    l.func_wrap(vm, "native_keccak256", |mut c: C<'_, 'a>, input: i32, len: i32, output: i32| -> HostResult<()> {
        let len = len as u32 as usize;
        buy_ink(&mut c, meter::keccak_price(len as u64))?;
        let hash = keccak256(read(&c, input, len)?);
        write(&mut c, output, hash.as_slice())
    })
    .expect(ok);
}

/// The `console` of a debug chain: lines and values printed by the node.
fn link_console<'a>(l: &mut Linker<HostState<'a>>) {
    let (con, ok) = ("console", UNIQUE);
    l.func_wrap(con, "log_txt", |c: C<'_, 'a>, ptr: i32, len: i32| -> HostResult<()> {
        let text = read(&c, ptr, len as u32 as usize)?;
        c.data().provider.programs.console_line(String::from_utf8_lossy(&text).into_owned());
        Ok(())
    })
    .expect(ok);
    // `log_<type>` prints a value; `tee_<type>` prints it and hands it back.
    macro_rules! console_value {
        ($log:literal, $tee:literal, $ty:ty) => {
            l.func_wrap(con, $log, |c: C<'_, 'a>, v: $ty| c.data().provider.programs.console_line(v.to_string())).expect(ok);
            l.func_wrap(con, $tee, |c: C<'_, 'a>, v: $ty| -> $ty {
                c.data().provider.programs.console_line(v.to_string());
                v
            })
            .expect(ok);
        };
    }
    console_value!("log_i32", "tee_i32", i32);
    console_value!("log_i64", "tee_i64", i64);
    console_value!("log_f32", "tee_f32", f32);
    console_value!("log_f64", "tee_f64", f64);
}
