//! The ArbWasm precompile (`0x…71`): program activation, as Nitro's `activateProgram`, and the
//! program views. Activation records live in the precompile account's storage (keyed by code hash),
//! so the journal rolls them back with the transaction that made them and snapshots restore them.

use alloy_primitives::{address, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::{
    context::ContextTr,
    context_interface::JournalTr,
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};

use crate::stylus::{Ctx, Programs, STYLUS_PREFIX};

/// Address of the ArbWasm precompile.
pub const ARBWASM: Address = address!("0000000000000000000000000000000000000071");
/// The Stylus version programs are activated at (Nitro's current version).
pub const STYLUS_VERSION: u16 = 2;
/// Gas Nitro charges for any activation before looking at the program.
const ACTIVATION_GAS: u64 = 1_659_168;
/// Gas charged for an ArbWasm view.
const VIEW_GAS: u64 = 800;

sol! {
    #[sol(all_derives)]
    /// The ArbWasm precompile's interface, as Nitro's `ArbWasm.sol` (the parts the devnode serves).
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function inkPrice() external view returns (uint32 price);
        function pageLimit() external view returns (uint16 limit);
        function freePages() external view returns (uint16 pages);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramUpToDate();
    }
}

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
            let hash = ctx.journal_mut().load_account_with_code(c.program).map(|a| a.data.info.code_hash);
            let version = match hash {
                Ok(hash) => version_of(ctx, hash),
                Err(_) => 0,
            };
            if version == 0 {
                Err(ArbWasm::ProgramNotActivated {}.abi_encode())
            } else {
                Ok(ArbWasm::programVersionCall::abi_encode_returns(&version))
            }
        }
        ArbWasm::ArbWasmCalls::codehashVersion(c) => match version_of(ctx, c.codehash) {
            0 => Err(ArbWasm::ProgramNotActivated {}.abi_encode()),
            version => Ok(ArbWasm::codehashVersionCall::abi_encode_returns(&version)),
        },
        ArbWasm::ArbWasmCalls::inkPrice(_) => Ok(ArbWasm::inkPriceCall::abi_encode_returns(&(crate::INK_PER_GAS as u32))),
        ArbWasm::ArbWasmCalls::pageLimit(_) => Ok(ArbWasm::pageLimitCall::abi_encode_returns(&128u16)),
        ArbWasm::ArbWasmCalls::freePages(_) => Ok(ArbWasm::freePagesCall::abi_encode_returns(&2u16)),
    };
    match result {
        Ok(output) => InterpreterResult::new(InstructionResult::Return, output.into(), gas),
        Err(data) => revert(gas, data.into()),
    }
}

fn revert(gas: Gas, data: Bytes) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Revert, data, gas)
}

/// The activated Stylus version of the program with code hash `hash` (0 when not activated).
pub(crate) fn version_of(ctx: &mut Ctx, hash: B256) -> u16 {
    let _ = ctx.journal_mut().load_account(ARBWASM);
    match ctx.journal_mut().sload(ARBWASM, hash.into()) {
        Ok(slot) => slot.data.to::<u16>(),
        Err(_) => 0,
    }
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
    let module_hash = programs
        .compile(hash, &code)
        .map_err(|problem| alloy_sol_types::Revert::from(format!("program activation failed: {problem}")).abi_encode())?;
    ctx.journal_mut()
        .sstore(ARBWASM, hash.into(), U256::from(STYLUS_VERSION))
        .map_err(|_| Vec::new())?;
    if let Some(value) = inputs.transfer_value().filter(|v| !v.is_zero()) {
        if ctx.journal_mut().transfer(ARBWASM, inputs.caller, value).ok().flatten().is_some() {
            return Err(Vec::new());
        }
    }
    let event = ArbWasm::ProgramActivated {
        codehash: hash,
        moduleHash: module_hash,
        program,
        dataFee: U256::ZERO,
        version: STYLUS_VERSION,
    };
    ctx.journal_mut().log(Log { address: ARBWASM, data: event.encode_log_data() });
    Ok(ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn {
        version: STYLUS_VERSION,
        dataFee: U256::ZERO,
    }))
}
