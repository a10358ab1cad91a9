//! The ArbWasm precompile (`0x…71`): program activation, as Nitro's `activateProgram`, and the
//! program views. Activation records live in the precompile account's storage (keyed by code hash),
//! so the journal rolls them back with the transaction that made them and snapshots restore them.

use alloy_primitives::{Address, Bytes, Log, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    context::ContextTr,
    context_interface::JournalTr,
    database::DatabaseRef,
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};

use crate::{
    meter::{self, ProgramCosts},
    stylus::{Ctx, Db, Programs},
    ArbWasm, ARBWASM, STYLUS_PREFIX, STYLUS_VERSION,
};

/// Gas Nitro charges for any activation before looking at the program.
const ACTIVATION_GAS: u64 = 1_659_168;
/// Gas charged for an ArbWasm view.
const VIEW_GAS: u64 = 800;

/// Serves one call to ArbWasm.
pub(crate) fn call(ctx: &mut Ctx, programs: &Programs, inputs: &CallInputs) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    let mut gas = Gas::new(inputs.gas_limit);
    let call = match ArbWasm::ArbWasmCalls::abi_decode(&data) {
        Ok(call) => call,
        Err(_) => return revert(gas, Bytes::new()),
    };
    let is_activation = matches!(call, ArbWasm::ArbWasmCalls::activateProgram(_));
    if !gas.record_regular_cost(if is_activation { ACTIVATION_GAS } else { VIEW_GAS }) {
        return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), Gas::new_spent_with_reservoir(inputs.gas_limit, 0));
    }
    let result = match call {
        ArbWasm::ArbWasmCalls::activateProgram(c) => {
            if inputs.is_static {
                return InterpreterResult::new(InstructionResult::StateChangeDuringStaticCall, Bytes::new(), gas);
            }
            activate(ctx, programs, inputs, c.program)
        }
        ArbWasm::ArbWasmCalls::stylusVersion(_) => Ok(ArbWasm::stylusVersionCall::abi_encode_returns(&STYLUS_VERSION)),
        ArbWasm::ArbWasmCalls::programVersion(c) => {
            active_program(ctx, c.program).map(|p| ArbWasm::programVersionCall::abi_encode_returns(&p.version))
        }
        ArbWasm::ArbWasmCalls::codehashVersion(c) => match version_of(ctx, c.codehash) {
            0 => Err(ArbWasm::ProgramNotActivated {}.abi_encode()),
            version => Ok(ArbWasm::codehashVersionCall::abi_encode_returns(&version)),
        },
        ArbWasm::ArbWasmCalls::programInitGas(c) => active_program(ctx, c.program).map(|p| {
            let gas = ArbWasm::programInitGasReturn { gas: p.costs.entry_gas(false), gasWhenCached: p.costs.entry_gas(true) };
            ArbWasm::programInitGasCall::abi_encode_returns(&gas)
        }),
        ArbWasm::ArbWasmCalls::programMemoryFootprint(c) => {
            active_program(ctx, c.program).map(|p| ArbWasm::programMemoryFootprintCall::abi_encode_returns(&p.costs.footprint))
        }
        ArbWasm::ArbWasmCalls::codehashAsmSize(c) => match program_of(ctx, c.codehash) {
            p if p.version == 0 => Err(ArbWasm::ProgramNotActivated {}.abi_encode()),
            p => Ok(ArbWasm::codehashAsmSizeCall::abi_encode_returns(&p.costs.asm_estimate)),
        },
        ArbWasm::ArbWasmCalls::inkPrice(_) => Ok(ArbWasm::inkPriceCall::abi_encode_returns(&(meter::INK_PRICE as u32))),
        ArbWasm::ArbWasmCalls::pageLimit(_) => Ok(ArbWasm::pageLimitCall::abi_encode_returns(&meter::PAGE_LIMIT)),
        ArbWasm::ArbWasmCalls::freePages(_) => Ok(ArbWasm::freePagesCall::abi_encode_returns(&meter::FREE_PAGES)),
        ArbWasm::ArbWasmCalls::pageGas(_) => Ok(ArbWasm::pageGasCall::abi_encode_returns(&(meter::PAGE_GAS as u16))),
        ArbWasm::ArbWasmCalls::pageRamp(_) => Ok(ArbWasm::pageRampCall::abi_encode_returns(&meter::PAGE_RAMP)),
        ArbWasm::ArbWasmCalls::minInitGas(_) => {
            let (gas, cached) = meter::min_init_gas();
            Ok(ArbWasm::minInitGasCall::abi_encode_returns(&ArbWasm::minInitGasReturn { gas, cached }))
        }
        ArbWasm::ArbWasmCalls::initCostScalar(_) => Ok(ArbWasm::initCostScalarCall::abi_encode_returns(&meter::init_cost_scalar_percent())),
    };
    match result {
        Ok(output) => InterpreterResult::new(InstructionResult::Return, output.into(), gas),
        Err(data) => revert(gas, data.into()),
    }
}

fn revert(gas: Gas, data: Bytes) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Revert, data, gas)
}

/// An activation record, packed in one storage word as ArbOS packs it: version, init cost,
/// cached init cost and footprint (big-endian u16s from byte 0), the asm estimate in KiB rounded up
/// (u24 at byte 11) and the cached flag at byte 14.
#[derive(Clone, Copy, Default)]
pub(crate) struct Program {
    pub version: u16,
    pub costs: ProgramCosts,
    pub cached: bool,
}

impl Program {
    fn from_word(word: U256) -> Self {
        let b = word.to_be_bytes::<32>();
        let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
        let asm_estimate = u32::from_be_bytes([0, b[11], b[12], b[13]]) * 1024;
        let costs = ProgramCosts { init_cost: u16_at(2), cached_init_cost: u16_at(4), footprint: u16_at(6), asm_estimate };
        Program { version: u16_at(0), costs, cached: b[14] != 0 }
    }

    fn to_word(self) -> U256 {
        let mut b = [0u8; 32];
        b[0..2].copy_from_slice(&self.version.to_be_bytes());
        b[2..4].copy_from_slice(&self.costs.init_cost.to_be_bytes());
        b[4..6].copy_from_slice(&self.costs.cached_init_cost.to_be_bytes());
        b[6..8].copy_from_slice(&self.costs.footprint.to_be_bytes());
        b[11..14].copy_from_slice(&self.costs.asm_estimate.div_ceil(1024).to_be_bytes()[1..]);
        b[14] = u8::from(self.cached);
        U256::from_be_bytes(b)
    }
}

/// The activation record of the program with code hash `hash` (version 0 when not activated).
pub(crate) fn program_of(ctx: &mut Ctx, hash: B256) -> Program {
    let _ = ctx.journal_mut().load_account(ARBWASM);
    match ctx.journal_mut().sload(ARBWASM, hash.into()) {
        Ok(slot) => Program::from_word(slot.data),
        Err(_) => Program::default(),
    }
}

/// Writes the activation record of code hash `hash` (journaled, as the transaction's other writes).
pub(crate) fn store_program(ctx: &mut Ctx, hash: B256, record: Program) {
    let _ = ctx.journal_mut().load_account(ARBWASM);
    let _ = ctx.journal_mut().sstore(ARBWASM, hash.into(), record.to_word());
}

/// The activated Stylus version of the program with code hash `hash` (0 when not activated).
pub(crate) fn version_of(ctx: &mut Ctx, hash: B256) -> u16 {
    program_of(ctx, hash).version
}

/// The activation record of the program at `program`, or `ProgramNotActivated()`.
fn active_program(ctx: &mut Ctx, program: Address) -> Result<Program, Vec<u8>> {
    let hash = ctx.journal_mut().load_account_with_code(program).map(|a| a.data.info.code_hash);
    match hash.map(|hash| program_of(ctx, hash)) {
        Ok(record) if record.version != 0 => Ok(record),
        _ => Err(ArbWasm::ProgramNotActivated {}.abi_encode()),
    }
}

/// Marks the code of `program` as cached or not in its activation record, as ArbOS's CacheManager does.
pub(crate) fn set_cached(db: &mut Db, program: Address, cached: bool) -> Result<(), String> {
    let hash = db.basic_ref(program).ok().flatten().map(|a| a.code_hash).unwrap_or_default();
    let slot = U256::from_be_bytes(hash.0);
    let mut record = Program::from_word(db.storage_ref(ARBWASM, slot).unwrap_or_default());
    if record.version == 0 {
        return Err(format!("{program} is not an activated program"));
    }
    record.cached = cached;
    db.insert_account_storage(ARBWASM, slot, record.to_word()).map_err(|e| e.to_string())
}

/// `activateProgram`: validates the program's WASM as Nitro would, records it as active, compiles it
/// into the module cache, refunds any value sent (the devnode charges no data fee) and emits
/// `ProgramActivated`.
fn activate(ctx: &mut Ctx, programs: &Programs, inputs: &CallInputs, program: Address) -> Result<Vec<u8>, Vec<u8>> {
    let code = match ctx.journal_mut().load_account_with_code(program) {
        Ok(account) => account.data.info.code.clone().map(|c| c.original_bytes()).unwrap_or_default(),
        Err(_) => Bytes::new(),
    };
    if !code.starts_with(&STYLUS_PREFIX) {
        return Err(ArbWasm::ProgramNotWasm {}.abi_encode());
    }
    let hash = alloy_primitives::keccak256(&code);
    if version_of(ctx, hash) == STYLUS_VERSION {
        return Err(ArbWasm::ProgramUpToDate {}.abi_encode());
    }
    let (module_hash, costs) = programs
        .compile(hash, &code)
        .map_err(|problem| alloy_sol_types::Revert::from(format!("program activation failed: {problem}")).abi_encode())?;
    let record = Program { version: STYLUS_VERSION, costs, cached: false };
    ctx.journal_mut().sstore(ARBWASM, hash.into(), record.to_word()).map_err(|_| Vec::new())?;
    if let Some(value) = inputs.transfer_value().filter(|v| !v.is_zero()) {
        if ctx.journal_mut().transfer(ARBWASM, inputs.caller, value).ok().flatten().is_some() {
            return Err(Vec::new());
        }
    }
    let event =
        ArbWasm::ProgramActivated { codehash: hash, moduleHash: module_hash, program, dataFee: U256::ZERO, version: STYLUS_VERSION };
    ctx.journal_mut().log(Log { address: ARBWASM, data: event.encode_log_data() });
    Ok(ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn { version: STYLUS_VERSION, dataFee: U256::ZERO }))
}
