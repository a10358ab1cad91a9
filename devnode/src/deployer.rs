//! The StylusDeployer, natively, at the address cargo-stylus uses: deploys a program, activates it
//! when its code hash is not active yet, calls it with init data (a Stylus constructor), refunds the
//! rest of the value and emits `ContractDeployed`, in one transaction, as Nitro's deployer contract.

use alloy_primitives::{keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use revm::{
    context::ContextTr,
    context_interface::{CreateScheme, Host, JournalTr},
    handler::FrameResult,
    interpreter::{CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput, Gas, InstructionResult, InterpreterResult},
};

use crate::{
    arbwasm::version_of,
    stylus::{run_nested, Ctx, StylusPrecompiles},
    ArbWasm, StylusDeployer, ARBWASM, STYLUS_DEPLOYER, STYLUS_VERSION,
};

/// One call to the deployer: the frame's gas, the depth of its nested frames, and what it was sent.
struct Frame<'a> {
    ctx: &'a mut Ctx,
    provider: &'a mut StylusPrecompiles,
    gas: Gas,
    depth: usize,
}

impl Frame<'_> {
    /// Runs a nested frame with all but 1/64 of the gas left and charges what it used.
    fn nested(&mut self, input: impl FnOnce(u64) -> FrameInput) -> FrameResult {
        let left = self.gas.remaining();
        let given = left - left / 64;
        let result = run_nested(self.ctx, self.provider, input(given), self.depth);
        let used = given - result_of(&result).gas.remaining();
        let _ = self.gas.record_regular_cost(used);
        result
    }

    /// Calls `to` from the deployer with `data` and `value`.
    fn call(&mut self, to: Address, data: Bytes, value: U256) -> InterpreterResult {
        let code = self.ctx.load_account_code(to).map(|c| c.data).unwrap_or_default();
        let hash = keccak256(&code);
        let result = self.nested(|gas| {
            FrameInput::Call(Box::new(CallInputs {
                input: CallInput::Bytes(data),
                return_memory_offset: 0..0,
                gas_limit: gas,
                reservoir: 0,
                bytecode_address: to,
                known_bytecode: (hash, revm::bytecode::Bytecode::new_raw(code)),
                target_address: to,
                caller: STYLUS_DEPLOYER,
                value: CallValue::Transfer(value),
                scheme: CallScheme::Call,
                is_static: false,
                charged_new_account_state_gas: false,
            }))
        });
        result_of(&result).clone()
    }
}

fn result_of(result: &FrameResult) -> &InterpreterResult {
    match result {
        FrameResult::Call(outcome) => &outcome.result,
        FrameResult::Create(outcome) => &outcome.result,
    }
}

/// Serves one call to the deployer.
pub(crate) fn call(ctx: &mut Ctx, provider: &mut StylusPrecompiles, inputs: &CallInputs) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    let depth = ctx.journal().depth();
    let mut frame = Frame { ctx, provider, gas: Gas::new(inputs.gas_limit), depth };
    let result = match StylusDeployer::StylusDeployerCalls::abi_decode(&data) {
        Err(_) => Err(Bytes::new()),
        Ok(StylusDeployer::StylusDeployerCalls::initSalt(c)) => {
            Ok(StylusDeployer::initSaltCall::abi_encode_returns(&init_salt(c.salt, &c.initData)).into())
        }
        Ok(StylusDeployer::StylusDeployerCalls::requiresActivation(c)) => {
            let hash = frame.ctx.load_account_code_hash(c.addr).map(|h| h.data).unwrap_or_default();
            let requires = version_of(frame.ctx, hash) != STYLUS_VERSION;
            Ok(StylusDeployer::requiresActivationCall::abi_encode_returns(&requires).into())
        }
        Ok(StylusDeployer::StylusDeployerCalls::deploy(_)) if inputs.is_static => {
            return InterpreterResult::new(InstructionResult::StateChangeDuringStaticCall, Bytes::new(), frame.gas);
        }
        Ok(StylusDeployer::StylusDeployerCalls::deploy(c)) => deploy(&mut frame, inputs.caller, inputs.call_value(), c),
    };
    match result {
        Ok(output) => InterpreterResult::new(InstructionResult::Return, output, frame.gas),
        Err(output) => InterpreterResult::new(InstructionResult::Revert, output, frame.gas),
    }
}

/// The CREATE2 salt: the caller's salt hashed with the init data.
fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    keccak256([salt.as_slice(), init_data].concat())
}

fn revert(error: impl SolError) -> Bytes {
    error.abi_encode().into()
}

/// `deploy`: create, activate if needed, initialize, refund, `ContractDeployed`.
fn deploy(frame: &mut Frame<'_>, sender: Address, value: U256, c: StylusDeployer::deployCall) -> Result<Bytes, Bytes> {
    if c.bytecode.is_empty() {
        return Err(revert(StylusDeployer::EmptyBytecode {}));
    }
    let scheme = match c.salt {
        B256::ZERO => CreateScheme::Create,
        salt => CreateScheme::Create2 { salt: init_salt(salt, &c.initData).into() },
    };
    let created = frame
        .nested(|gas| FrameInput::Create(Box::new(CreateInputs::new(STYLUS_DEPLOYER, scheme, U256::ZERO, c.bytecode.clone(), gas, 0))));
    let program = match &created {
        FrameResult::Create(outcome) if outcome.result.is_ok() => outcome.address.unwrap_or_default(),
        other if !result_of(other).output.is_empty() => return Err(result_of(other).output.clone()),
        _ => return Err(revert(StylusDeployer::ContractDeploymentError { bytecode: c.bytecode })),
    };
    let hash = frame.ctx.load_account_code_hash(program).map(|h| h.data).unwrap_or_default();
    let mut data_fee = U256::ZERO;
    if version_of(frame.ctx, hash) != STYLUS_VERSION {
        let activation_value = value.checked_sub(c.initValue).ok_or_else(Bytes::new)?;
        let activate = ArbWasm::activateProgramCall { program }.abi_encode().into();
        let result = frame.call(ARBWASM, activate, activation_value);
        if !result.is_ok() {
            return Err(result.output);
        }
        data_fee = ArbWasm::activateProgramCall::abi_decode_returns(&result.output).map_err(|_| Bytes::new())?.dataFee;
    }
    if !c.initData.is_empty() {
        let result = frame.call(program, c.initData, c.initValue);
        if !result.is_ok() {
            return Err(revert(StylusDeployer::ContractInitializationError { newContract: program, data: result.output }));
        }
    } else if !c.initValue.is_zero() {
        return Err(revert(StylusDeployer::InitValueButNotInitData {}));
    }
    let excess = value.checked_sub(data_fee).and_then(|v| v.checked_sub(c.initValue)).ok_or_else(Bytes::new)?;
    if !excess.is_zero() && !frame.call(sender, Bytes::new(), excess).is_ok() {
        return Err(revert(StylusDeployer::RefundExcessValueError { excessValue: excess }));
    }
    let event = StylusDeployer::ContractDeployed { deployedContract: program };
    frame.ctx.journal_mut().log(Log { address: STYLUS_DEPLOYER, data: event.encode_log_data() });
    Ok(StylusDeployer::deployCall::abi_encode_returns(&program).into())
}
