//! The `vm_hooks` a Stylus program imports, with Nitro's semantics, and the `console` of a debug
//! chain. One [`execute`] runs one program frame on wasmi; host calls that need the chain (storage,
//! calls, creates, logs, accounts) are served by revm over the same journal.
//!
//! Metering in this core: one wasmi fuel unit stands for [`INK_PER_FUEL`] ink (about one WASM
//! instruction at Nitro's prices); host calls charge Nitro's published ink and the EVM gas of what
//! they do (EIP-2929 access, EIP-2200/3529 SSTORE, logs, calls with the 63/64 rule, creates).

use std::collections::HashMap;

use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, B256, U256};
use revm::{
    context_interface::{CreateScheme, Host},
    handler::FrameResult,
    interpreter::{
        instructions::contract::load_account_delegated, CallInput, CallInputs, CallScheme, CallValue,
        CreateInputs, FrameInput, Gas, InstructionResult, InterpreterResult,
    },
    primitives::hardfork::SpecId,
};
use wasmi::{Caller, Linker, Module, Store, TrapCode};

use crate::stylus::{run_nested, Ctx, StylusPrecompiles, INK_PER_GAS};

/// Ink one wasmi fuel unit stands for.
pub const INK_PER_FUEL: u64 = 100;
/// Fuel per unit of gas.
const FUEL_PER_GAS: u64 = INK_PER_GAS / INK_PER_FUEL;
/// Ink of a host call that only reads a word of context.
const HOSTIO_INK: u64 = 8_400;
/// Ink of a host call that writes a word of context into memory.
const CONTEXT_WORD_INK: u64 = 13_440;
/// Gas per memory page beyond the free ones (ArbOS `pageGas`).
const PAGE_GAS: u64 = 1_000;
/// Pages a program may use without paying (ArbOS `freePages`).
const FREE_PAGES: u64 = 2;

/// The call a program frame answers.
pub(crate) struct Frame {
    pub address: Address,
    pub caller: Address,
    pub value: U256,
    pub is_static: bool,
    pub args: Bytes,
    /// Journal depth of this frame.
    pub depth: usize,
    pub reentrant: bool,
}

/// What a running program's host calls work on.
struct HostState<'a> {
    ctx: &'a mut Ctx,
    provider: &'a mut StylusPrecompiles,
    frame: Frame,
    memory: Option<wasmi::Memory>,
    output: Vec<u8>,
    return_data: Bytes,
    /// The storage cache: key to (value, dirty).
    cache: HashMap<U256, (U256, bool)>,
    refund: i64,
    pages: u64,
}

/// Why a host call stopped the program.
#[derive(Debug)]
enum HostError {
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
            HostError::WriteProtection => f.write_str("write protection: state change in a static call"),
            HostError::BadPointer => f.write_str("memory access out of bounds"),
            HostError::Fatal(e) => write!(f, "node error: {e}"),
        }
    }
}

impl wasmi::errors::HostError for HostError {}

type HostResult<T> = Result<T, wasmi::Error>;
type C<'c, 'a> = Caller<'c, HostState<'a>>;

/// Runs one program frame and returns its result for revm.
pub(crate) fn execute(
    ctx: &mut Ctx,
    provider: &mut StylusPrecompiles,
    module: &Module,
    frame: Frame,
    gas_limit: u64,
) -> InterpreterResult {
    let engine = provider.programs.engine().clone();
    let args_len = frame.args.len() as i32;
    let state = HostState {
        ctx,
        provider,
        frame,
        memory: None,
        output: Vec::new(),
        return_data: Bytes::new(),
        cache: HashMap::new(),
        refund: 0,
        pages: 0,
    };
    let mut store = Store::new(&engine, state);
    let _ = store.set_fuel(gas_limit.saturating_mul(FUEL_PER_GAS));
    let outcome = run_entrypoint(&mut store, module, args_len);
    let fuel_left = store.get_fuel().unwrap_or(0);
    let state = store.into_data();
    let mut gas = Gas::new(gas_limit);
    let _ = gas.record_regular_cost(gas_limit.saturating_sub(fuel_left / FUEL_PER_GAS));
    gas.record_refund(state.refund);
    let (result, output) = match outcome {
        Ok(0) => (InstructionResult::Return, state.output),
        Ok(_) => (InstructionResult::Revert, state.output),
        Err(e) => match e.i32_exit_status() {
            Some(0) => (InstructionResult::Return, state.output),
            Some(_) => (InstructionResult::Revert, state.output),
            None if e.as_trap_code() == Some(TrapCode::OutOfFuel) => {
                gas.spend_all();
                (InstructionResult::OutOfGas, Vec::new())
            }
            None => match e.downcast_ref::<HostError>() {
                Some(HostError::WriteProtection) => {
                    (InstructionResult::StateChangeDuringStaticCall, Vec::new())
                }
                Some(HostError::Fatal(_)) => (InstructionResult::FatalExternalError, Vec::new()),
                _ => (InstructionResult::Revert, Vec::new()),
            },
        },
    };
    InterpreterResult::new(result, output.into(), gas)
}

fn run_entrypoint(store: &mut Store<HostState<'_>>, module: &Module, args_len: i32) -> HostResult<i32> {
    let instance = linker(store.engine()).instantiate_and_start(&mut *store, module)?;
    let memory = instance
        .get_memory(&*store, "memory")
        .ok_or_else(|| wasmi::Error::new("program exports no memory"))?;
    let pages = u64::from(memory.size(&*store));
    store.data_mut().memory = Some(memory);
    store.data_mut().pages = pages;
    let entry = instance.get_typed_func::<i32, i32>(&*store, "user_entrypoint")?;
    charge_gas_store(store, pages.saturating_sub(FREE_PAGES) * PAGE_GAS)?;
    let status = entry.call(&mut *store, args_len);
    flush(store)?;
    status
}

/// Writes any dirty cached storage the program left unflushed.
fn flush(store: &mut Store<HostState<'_>>) -> HostResult<()> {
    let dirty: Vec<_> = store.data().cache.iter().filter(|(_, (_, d))| *d).map(|(k, (v, _))| (*k, *v)).collect();
    for (key, value) in dirty {
        let gas = write_slot(store.data_mut(), key, value)?;
        charge_gas_store(store, gas)?;
    }
    Ok(())
}

fn charge_gas_store(store: &mut Store<HostState<'_>>, gas: u64) -> HostResult<()> {
    let fuel = store.get_fuel()?;
    let cost = gas.saturating_mul(FUEL_PER_GAS);
    if cost > fuel {
        let _ = store.set_fuel(0);
        return Err(TrapCode::OutOfFuel.into());
    }
    store.set_fuel(fuel - cost)
}

/// Stores one slot through the journal; returns its EVM gas (EIP-2200/2929) and records the refund.
fn write_slot(state: &mut HostState<'_>, key: U256, value: U256) -> HostResult<u64> {
    if state.frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let address = state.frame.address;
    let load = state
        .ctx
        .sstore_skip_cold_load(address, key, value, false)
        .map_err(|e| wasmi::Error::host(HostError::Fatal(format!("{e:?}"))))?;
    let params = state.ctx.gas_params();
    let gas = params.sstore_static_gas() + params.sstore_dynamic_gas(true, &load.data, load.is_cold);
    state.refund += params.sstore_refund(true, &load.data);
    if let Some(entry) = state.cache.get_mut(&key) {
        entry.1 = false;
    }
    Ok(gas)
}

fn charge_ink(caller: &mut C<'_, '_>, ink: u64) -> HostResult<()> {
    let fuel = caller.get_fuel()?;
    let cost = ink.div_ceil(INK_PER_FUEL);
    if cost > fuel {
        let _ = caller.set_fuel(0);
        return Err(TrapCode::OutOfFuel.into());
    }
    caller.set_fuel(fuel - cost)
}

fn charge_gas(caller: &mut C<'_, '_>, gas: u64) -> HostResult<()> {
    charge_ink(caller, gas.saturating_mul(INK_PER_GAS))
}

fn gas_left(caller: &C<'_, '_>) -> u64 {
    caller.get_fuel().unwrap_or(0) / FUEL_PER_GAS
}

fn read(caller: &C<'_, '_>, ptr: i32, len: usize) -> HostResult<Vec<u8>> {
    let memory = caller.data().memory.ok_or(wasmi::Error::host(HostError::BadPointer))?;
    let mut buf = vec![0u8; len];
    memory
        .read(caller, ptr as u32 as usize, &mut buf)
        .map_err(|_| wasmi::Error::host(HostError::BadPointer))?;
    Ok(buf)
}

fn write(caller: &mut C<'_, '_>, ptr: i32, bytes: &[u8]) -> HostResult<()> {
    let memory = caller.data().memory.ok_or(wasmi::Error::host(HostError::BadPointer))?;
    memory
        .write(caller, ptr as u32 as usize, bytes)
        .map_err(|_| wasmi::Error::host(HostError::BadPointer))
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

/// Charges context-word ink and writes `bytes` at `ptr`.
fn put(caller: &mut C<'_, '_>, ptr: i32, bytes: &[u8]) -> HostResult<()> {
    charge_ink(caller, CONTEXT_WORD_INK)?;
    write(caller, ptr, bytes)
}

/// Ink of a copy of `len` bytes, at `per_byte` ink beyond the first 32.
fn copy_ink(len: usize, per_byte: u64) -> u64 {
    HOSTIO_INK + (len.saturating_sub(32) as u64) * per_byte
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
/// journal; returns the status (0 success, 1 failure) and stores the return data.
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
    charge_ink(caller, HOSTIO_INK)?;
    let to = read_address(caller, contract)?;
    let input = Bytes::from(read(caller, data, data_len as u32 as usize)?);
    let value = match value {
        Some(ptr) => read_word(caller, ptr)?,
        None => U256::ZERO,
    };
    let transfers = !value.is_zero();
    if transfers && caller.data().frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let available = gas_left(caller);
    let state = caller.data_mut();
    let (access, _, bytecode, code_hash) =
        load_account_delegated(&mut *state.ctx, SpecId::PRAGUE, available, to, transfers, kind == CallKind::Call)
            .map_err(fatal)?;
    let base = access + if transfers { state.ctx.gas_params().transfer_value_cost() } else { 0 };
    charge_gas(caller, base)?;
    let after_base = gas_left(caller);
    let mut gas = (after_base - after_base / 64).min(gas_req as u64);
    charge_gas(caller, gas)?;
    if transfers {
        gas += caller.data().ctx.gas_params().call_stipend();
    }
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
    let len = caller.data().return_data.len() as u32;
    write(caller, ret_len, &len.to_le_bytes())?;
    Ok(if result.result.is_ok() { 0 } else { 1 })
}

/// Returns a nested frame's unused gas and refund to the program and keeps its return data.
fn finish_nested(caller: &mut C<'_, '_>, result: &InterpreterResult) -> HostResult<()> {
    let fuel = caller.get_fuel()?;
    caller.set_fuel(fuel.saturating_add(result.gas.remaining().saturating_mul(FUEL_PER_GAS)))?;
    let state = caller.data_mut();
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
    charge_ink(caller, HOSTIO_INK)?;
    if caller.data().frame.is_static {
        return Err(wasmi::Error::host(HostError::WriteProtection));
    }
    let init_code = Bytes::from(read(caller, code, code_len as u32 as usize)?);
    let value = read_word(caller, endowment)?;
    let scheme = match salt {
        Some(ptr) => CreateScheme::Create2 { salt: read_word(caller, ptr)? },
        None => CreateScheme::Create,
    };
    let params = caller.data().ctx.gas_params();
    let base = params.create_cost()
        + params.initcode_cost(init_code.len())
        + if salt.is_some() { params.keccak256_cost(init_code.len()) } else { 0 };
    charge_gas(caller, base)?;
    let left = gas_left(caller);
    let gas = left - left / 64;
    charge_gas(caller, gas)?;
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
    if result.result.is_ok() {
        caller.data_mut().return_data = Bytes::new();
    }
    write(caller, contract, created.as_slice())?;
    let len = caller.data().return_data.len() as u32;
    write(caller, revert_len, &len.to_le_bytes())
}

/// `math_*`: 256-bit arithmetic in place at `value` (charged as a plain host call for now).
fn math(caller: &mut C<'_, '_>, value: i32, args: &[i32], op: fn(U256, &[U256]) -> U256) -> HostResult<()> {
    charge_ink(caller, HOSTIO_INK)?;
    let a = read_word(caller, value)?;
    let rest = args.iter().map(|p| read_word(caller, *p)).collect::<HostResult<Vec<_>>>()?;
    write_word(caller, value, op(a, &rest))
}

/// Every host function, bound for one program frame.
fn linker<'a>(engine: &wasmi::Engine) -> Linker<HostState<'a>> {
    let mut l = Linker::new(engine);
    let vm = "vm_hooks";
    let ok = "host function names are unique";
    l.func_wrap(vm, "read_args", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let args = c.data().frame.args.clone();
        charge_ink(&mut c, copy_ink(args.len(), 5_040))?;
        write(&mut c, dest, &args)
    })
    .expect(ok);
    l.func_wrap(vm, "write_result", |mut c: C<'_, 'a>, ptr: i32, len: i32| -> HostResult<()> {
        charge_ink(&mut c, copy_ink(len as u32 as usize, 16_381))?;
        c.data_mut().output = read(&c, ptr, len as u32 as usize)?;
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "exit_early", |_: C<'_, 'a>, status: i32| -> HostResult<()> {
        Err(wasmi::Error::i32_exit(status))
    })
    .expect(ok);
    l.func_wrap(vm, "storage_load_bytes32", |mut c: C<'_, 'a>, key: i32, dest: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let key = read_word(&c, key)?;
        let value = match c.data().cache.get(&key) {
            Some((value, _)) => *value,
            None => {
                let state = c.data_mut();
                let address = state.frame.address;
                let load = state.ctx.sload_skip_cold_load(address, key, false).map_err(fatal)?;
                let params = state.ctx.gas_params();
                let gas = params.warm_storage_read_cost()
                    + if load.is_cold { params.cold_storage_additional_cost() } else { 0 };
                state.cache.insert(key, (load.data, false));
                charge_gas(&mut c, gas)?;
                load.data
            }
        };
        write_word(&mut c, dest, value)
    })
    .expect(ok);
    l.func_wrap(vm, "storage_cache_bytes32", |mut c: C<'_, 'a>, key: i32, value: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        c.data_mut().cache.insert(key, (value, true));
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "storage_flush_cache", |mut c: C<'_, 'a>, clear: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let dirty: Vec<_> = c.data().cache.iter().filter(|(_, (_, d))| *d).map(|(k, (v, _))| (*k, *v)).collect();
        for (key, value) in dirty {
            if gas_left(&c) <= c.data().ctx.gas_params().call_stipend() {
                return Err(TrapCode::OutOfFuel.into());
            }
            let gas = write_slot(c.data_mut(), key, value)?;
            charge_gas(&mut c, gas)?;
        }
        if clear != 0 {
            c.data_mut().cache.clear();
        }
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "transient_load_bytes32", |mut c: C<'_, 'a>, key: i32, dest: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        charge_gas(&mut c, 100)?;
        let key = read_word(&c, key)?;
        let address = c.data().frame.address;
        let value = c.data_mut().ctx.tload(address, key);
        write_word(&mut c, dest, value)
    })
    .expect(ok);
    l.func_wrap(vm, "transient_store_bytes32", |mut c: C<'_, 'a>, key: i32, value: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        charge_gas(&mut c, 100)?;
        if c.data().frame.is_static {
            return Err(wasmi::Error::host(HostError::WriteProtection));
        }
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        let address = c.data().frame.address;
        c.data_mut().ctx.tstore(address, key, value);
        Ok(())
    })
    .expect(ok);
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
    l.func_wrap(
        vm,
        "create1",
        |mut c: C<'_, 'a>, code: i32, len: i32, endowment: i32, contract: i32, revert_len: i32| -> HostResult<()> {
            do_create(&mut c, code, len, endowment, None, contract, revert_len)
        },
    )
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
        charge_ink(&mut c, copy_ink(end - start, 5_040))?;
        write(&mut c, dest, &data[start..end])?;
        Ok((end - start) as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "return_data_size", |mut c: C<'_, 'a>| -> HostResult<i32> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().return_data.len() as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "emit_log", |mut c: C<'_, 'a>, data: i32, len: i32, topics: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        if c.data().frame.is_static {
            return Err(wasmi::Error::host(HostError::WriteProtection));
        }
        let topics = topics as u32 as usize;
        let bytes = read(&c, data, len as u32 as usize)?;
        if topics > 4 || bytes.len() < topics * 32 {
            return Err(wasmi::Error::host(HostError::BadPointer));
        }
        let gas = c.data().ctx.gas_params().log_cost(topics as u8, (bytes.len() - topics * 32) as u64);
        charge_gas(&mut c, gas)?;
        let (topic_bytes, body) = bytes.split_at(topics * 32);
        let topics = topic_bytes.chunks(32).map(B256::from_slice).collect();
        let address = c.data().frame.address;
        c.data_mut().ctx.log(Log { address, data: LogData::new_unchecked(topics, Bytes::copy_from_slice(body)) });
        Ok(())
    })
    .expect(ok);
    l.func_wrap(vm, "account_balance", |mut c: C<'_, 'a>, address: i32, dest: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.balance(address).ok_or_else(|| fatal("balance"))?;
        let gas = access_gas(&c, load.is_cold);
        charge_gas(&mut c, gas)?;
        write_word(&mut c, dest, load.data)
    })
    .expect(ok);
    l.func_wrap(vm, "account_code", |mut c: C<'_, 'a>, address: i32, offset: i32, size: i32, dest: i32| -> HostResult<i32> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.load_account_code(address).ok_or_else(|| fatal("code"))?;
        let gas = access_gas(&c, load.is_cold);
        charge_gas(&mut c, gas)?;
        let start = (offset as u32 as usize).min(load.data.len());
        let end = start.saturating_add(size as u32 as usize).min(load.data.len());
        write(&mut c, dest, &load.data[start..end])?;
        Ok((end - start) as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "account_code_size", |mut c: C<'_, 'a>, address: i32| -> HostResult<i32> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.load_account_code(address).ok_or_else(|| fatal("code"))?;
        let gas = access_gas(&c, load.is_cold);
        charge_gas(&mut c, gas)?;
        Ok(load.data.len() as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "account_codehash", |mut c: C<'_, 'a>, address: i32, dest: i32| -> HostResult<()> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let address = read_address(&c, address)?;
        let load = c.data_mut().ctx.load_account_code_hash(address).ok_or_else(|| fatal("codehash"))?;
        let gas = access_gas(&c, load.is_cold);
        charge_gas(&mut c, gas)?;
        write(&mut c, dest, load.data.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "evm_gas_left", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(gas_left(&c) as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "evm_ink_left", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok((c.get_fuel()?.saturating_mul(INK_PER_FUEL)) as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_basefee", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let fee = U256::from(c.data().ctx.block.basefee);
        put(&mut c, dest, &fee.to_be_bytes::<32>())
    })
    .expect(ok);
    l.func_wrap(vm, "chainid", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.cfg.chain_id as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_coinbase", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let coinbase = c.data().ctx.block.beneficiary;
        put(&mut c, dest, coinbase.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "block_gas_limit", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.gas_limit as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_number", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.number.saturating_to::<u64>() as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "block_timestamp", |mut c: C<'_, 'a>| -> HostResult<i64> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().ctx.block.timestamp.saturating_to::<u64>() as i64)
    })
    .expect(ok);
    l.func_wrap(vm, "contract_address", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let address = c.data().frame.address;
        put(&mut c, dest, address.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "math_div", |mut c: C<'_, 'a>, value: i32, divisor: i32| -> HostResult<()> {
        math(&mut c, value, &[divisor], |a, b| a.checked_div(b[0]).unwrap_or_default())
    })
    .expect(ok);
    l.func_wrap(vm, "math_mod", |mut c: C<'_, 'a>, value: i32, modulus: i32| -> HostResult<()> {
        math(&mut c, value, &[modulus], |a, b| a.checked_rem(b[0]).unwrap_or_default())
    })
    .expect(ok);
    l.func_wrap(vm, "math_pow", |mut c: C<'_, 'a>, value: i32, exponent: i32| -> HostResult<()> {
        math(&mut c, value, &[exponent], |a, b| a.wrapping_pow(b[0]))
    })
    .expect(ok);
    l.func_wrap(vm, "math_add_mod", |mut c: C<'_, 'a>, value: i32, addend: i32, modulus: i32| -> HostResult<()> {
        math(&mut c, value, &[addend, modulus], |a, b| a.add_mod(b[0], b[1]))
    })
    .expect(ok);
    l.func_wrap(vm, "math_mul_mod", |mut c: C<'_, 'a>, value: i32, factor: i32, modulus: i32| -> HostResult<()> {
        math(&mut c, value, &[factor, modulus], |a, b| a.mul_mod(b[0], b[1]))
    })
    .expect(ok);
    l.func_wrap(vm, "msg_reentrant", |mut c: C<'_, 'a>| -> HostResult<i32> {
        charge_ink(&mut c, HOSTIO_INK)?;
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
    l.func_wrap(vm, "native_keccak256", |mut c: C<'_, 'a>, input: i32, len: i32, output: i32| -> HostResult<()> {
        let len = len as u32 as usize;
        charge_ink(&mut c, 121_800 + 21_000 * len.div_ceil(32) as u64)?;
        let hash = keccak256(read(&c, input, len)?);
        write(&mut c, output, hash.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "tx_gas_price", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let price = c.data().ctx.effective_gas_price();
        put(&mut c, dest, &price.to_be_bytes::<32>())
    })
    .expect(ok);
    l.func_wrap(vm, "tx_ink_price", |mut c: C<'_, 'a>| -> HostResult<i32> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(INK_PER_GAS as i32)
    })
    .expect(ok);
    l.func_wrap(vm, "tx_origin", |mut c: C<'_, 'a>, dest: i32| -> HostResult<()> {
        let origin = c.data().ctx.tx.caller;
        put(&mut c, dest, origin.as_slice())
    })
    .expect(ok);
    l.func_wrap(vm, "pay_for_memory_grow", |mut c: C<'_, 'a>, pages: i32| -> HostResult<()> {
        let pages = u64::from(pages as u32);
        let open = c.data().pages;
        let new_paid = (open + pages).saturating_sub(FREE_PAGES.max(open));
        charge_gas(&mut c, new_paid * PAGE_GAS)?;
        c.data_mut().pages = open + pages;
        Ok(())
    })
    .expect(ok);
    let con = "console";
    l.func_wrap(con, "log_txt", |c: C<'_, 'a>, ptr: i32, len: i32| -> HostResult<()> {
        let text = read(&c, ptr, len as u32 as usize)?;
        c.data().provider.programs.console_line(String::from_utf8_lossy(&text).into_owned());
        Ok(())
    })
    .expect(ok);
    // `log_<type>` prints a value; `tee_<type>` prints it and hands it back.
    macro_rules! console_value {
        ($log:literal, $tee:literal, $ty:ty) => {
            l.func_wrap(con, $log, |c: C<'_, 'a>, v: $ty| c.data().provider.programs.console_line(v.to_string()))
                .expect(ok);
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
    l
}
