//! The test API: a chain in-process, driven with typed `sol!` calls.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use alloy_primitives::{address, Address, Bytes, Log, TxKind, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use revm::{
    context::{
        result::{EVMError, ExecutionResult, InvalidTransaction},
        BlockEnv, Context, ContextTr, Evm, TxEnv,
    },
    database::DatabaseRef,
    handler::instructions::EthInstructions,
    primitives::hardfork::SpecId,
    state::AccountInfo,
    ExecuteCommitEvm, ExecuteEvm, InspectCommitEvm, InspectEvm,
};

use alloy_consensus::{
    transaction::{Recovered, SignerRecoverable},
    Transaction as _, TxEnvelope,
};
use alloy_eips::{Decodable2718, Typed2718};

use crate::{
    arbos::{ARBGASINFO, ARBSYS},
    frames::FrameRecord,
    init_code_for,
    ledger::{unsigned_tx, Ledger, MinedTx},
    program_code,
    stylus::{Ctx, Db, Programs, StylusEvm, StylusGas, StylusPrecompiles},
    trace::Tracer,
    ArbWasm, ARBWASM, ARBWASM_CACHE, CACHE_MANAGER, CHAIN_ID, DEV_ACCOUNTS, STYLUS_DEPLOYER,
};

/// Gas limit of every transaction and call the test API sends.
pub const GAS_LIMIT: u64 = 30_000_000;
/// The most transactions of one sender waiting for an earlier nonce.
const MAX_QUEUED_PER_SENDER: usize = 64;
/// Native stack for transactions: each nested WASM ↔ EVM level takes tens of KiB.
const STACK_BYTES: usize = 256 << 20;
/// Balance of each dev account at genesis: one million ETH.
const DEV_BALANCE: U256 = U256::from_limbs([0x9f4f_2726_179a_2240, 0xd3c2, 0, 0]);
/// Timestamp of the genesis block (2026-01-01T00:00:00Z).
const GENESIS_TIME: u64 = 1_767_225_600;

/// The deterministic CREATE2 factory, present from genesis as on chains that installed it.
pub const CREATE2_FACTORY: Address = address!("4e59b44847b379578588920ca78fbf26c0b4956c");
/// The factory's runtime code: CREATE2 with the first calldata word as salt and the rest as init
/// code; returns the new address (20 bytes) or reverts.
pub const CREATE2_FACTORY_CODE: [u8; 69] = alloy_primitives::hex!(
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3"
);

/// A successful transaction.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// Gas the transaction used (after refunds).
    pub gas_used: u64,
    /// Logs, in order.
    pub logs: Vec<Log>,
    /// Return data.
    pub output: Bytes,
    /// The created contract, for a deployment.
    pub created: Option<Address>,
    /// Of `gas_used`, what Stylus programs spent on their own execution (its `total`: entries,
    /// memory, WASM and host-call ink); the rest is the EVM work an EVM contract doing the same would
    /// pay too.
    pub stylus: StylusGas,
}

impl Receipt {
    /// The logs that decode as `E` (matching topic0), in order.
    pub fn events<E: SolEvent>(&self) -> Vec<E> {
        self.logs.iter().filter_map(|log| E::decode_log(log).ok().map(|l| l.data)).collect()
    }

    /// The logs of `emitter` that decode as `E`, in order.
    pub fn events_from<E: SolEvent>(&self, emitter: Address) -> Vec<E> {
        let logs = self.logs.iter().filter(|log| log.address == emitter);
        logs.filter_map(|log| E::decode_log(log).ok().map(|l| l.data)).collect()
    }

    /// The return value, decoded as `C`'s returns.
    pub fn returns<C: SolCall>(&self) -> C::Return {
        C::abi_decode_returns(&self.output).expect("return data decodes as the call's returns")
    }
}

/// A transaction or call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The call reverted with this data.
    Revert {
        /// The revert data.
        output: Bytes,
        /// Gas the transaction used.
        gas_used: u64,
    },
    /// The call halted (out of gas, invalid opcode, static-call write, ...).
    Halt {
        /// Why, in revm's words.
        reason: String,
        /// Gas the transaction used.
        gas_used: u64,
    },
    /// The node refused the transaction.
    Invalid(String),
}

impl Failure {
    /// The revert data, if it reverted.
    pub fn output(&self) -> Option<&Bytes> {
        match self {
            Failure::Revert { output, .. } => Some(output),
            _ => None,
        }
    }

    /// The `Error(string)` message, if it reverted with one.
    pub fn reason(&self) -> Option<String> {
        alloy_sol_types::Revert::abi_decode(self.output()?).ok().map(|r| r.reason)
    }

    /// The custom error `E`, if it reverted with one.
    pub fn error<E: SolError>(&self) -> Option<E> {
        E::abi_decode(self.output()?).ok()
    }
}

/// A saved state of the chain, to return to with [`Devnode::revert`].
#[derive(Clone)]
pub struct Snapshot {
    db: Db,
    block: BlockEnv,
    ledger: Ledger,
    queued: BTreeMap<(Address, u64), TxEnvelope>,
    wall_offset: Option<i64>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("block", &self.ledger.latest().header.number).finish_non_exhaustive()
    }
}

/// The chain.
pub struct Devnode {
    pub(crate) evm: StylusEvm,
    wasm_dir: PathBuf,
    ledger: Ledger,
    /// Signed transactions waiting for an earlier nonce of their sender, by sender and nonce.
    queued: BTreeMap<(Address, u64), TxEnvelope>,
    /// When blocks follow the wall clock: the seconds time travel added to it.
    wall_offset: Option<i64>,
    /// Whether every transaction's call trace is kept (for `debug_traceTransaction`).
    tracing: bool,
    /// The call trace of the last traced execution, until its block is mined.
    last_trace: Option<serde_json::Value>,
}

impl std::fmt::Debug for Devnode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let block = self.ledger.latest().header.number;
        f.debug_struct("Devnode").field("block", &block).field("wasm_dir", &self.wasm_dir).finish_non_exhaustive()
    }
}

impl Default for Devnode {
    fn default() -> Self {
        Self::new()
    }
}

impl Devnode {
    /// A fresh chain: chain id 412346, block 1 at 2026-01-01, every dev account holding 1,000,000 ETH,
    /// programs read from the workspace's `target/wasm`.
    pub fn new() -> Self {
        let spec = SpecId::PRAGUE;
        let mut ctx: Ctx = Context::new(Db::default(), spec);
        ctx.cfg.chain_id = CHAIN_ID;
        ctx.cfg.disable_eip3541 = true;
        ctx.cfg.disable_base_fee = true;
        ctx.block.number = U256::from(1);
        ctx.block.timestamp = U256::from(GENESIS_TIME);
        ctx.block.gas_limit = GAS_LIMIT;
        ctx.block.basefee = 0;
        let programs = Programs::default();
        let precompiles = StylusPrecompiles::new(spec, programs);
        let evm = Evm::new_with_inspector(ctx, Tracer::default(), EthInstructions::new_mainnet_with_spec(spec), precompiles);
        let ledger = Ledger::new(GENESIS_TIME, GAS_LIMIT);
        let wasm_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm");
        let mut node = Self { evm, wasm_dir, ledger, queued: BTreeMap::new(), wall_offset: None, tracing: false, last_trace: None };
        for account in DEV_ACCOUNTS {
            node.set_balance(account, DEV_BALANCE);
        }
        // The native contracts get placeholder code, so the state keeps ArbWasm's activation records
        // and tools that look for the deployer's code find it.
        for native in [ARBWASM, STYLUS_DEPLOYER, ARBWASM_CACHE, CACHE_MANAGER, ARBSYS, ARBGASINFO] {
            let code = revm::bytecode::Bytecode::new_raw(Bytes::from_static(&[0xfe]));
            node.evm.ctx.db_mut().insert_account_info(native, AccountInfo::default().with_code(code));
        }
        let factory = revm::bytecode::Bytecode::new_raw(Bytes::from_static(&CREATE2_FACTORY_CODE));
        node.evm.ctx.db_mut().insert_account_info(CREATE2_FACTORY, AccountInfo::default().with_nonce(1).with_code(factory));
        node
    }

    /// Records every Stylus frame from now on, or stops (issue 19): what each was given, its requests
    /// of the chain with the answers, and how it ended; [`Devnode::take_frames`] hands them over.
    pub fn record_frames(&mut self, on: bool) {
        self.evm.precompiles.recorded = on.then(Vec::new);
    }

    /// Runs programs out of ink at their next host call once `deadline` passes (until set to `None`):
    /// the time limit of a call that is not a transaction.
    pub fn set_deadline(&mut self, deadline: Option<std::time::Instant>) {
        self.evm.precompiles.deadline = deadline;
    }

    /// Whether the deadline set by [`Devnode::set_deadline`] has passed.
    pub fn past_deadline(&self) -> bool {
        self.evm.precompiles.deadline.is_some_and(|d| std::time::Instant::now() >= d)
    }

    /// Gives every program activated from now on the profile's counters (ink and calls per function,
    /// outside the metering: no figure changes), or stops; [`Devnode::take_profile`] hands the sums
    /// over. A program activated before keeps running without them.
    pub fn profile_functions(&mut self, on: bool) {
        self.evm.precompiles.programs.set_profiling(on);
    }

    /// What each profiled program's functions spent since the last call.
    pub fn take_profile(&mut self) -> Vec<crate::FunctionInk> {
        self.evm.precompiles.programs.take_profile()
    }

    /// The frames recorded since the last call, oldest end first.
    pub fn take_frames(&mut self) -> Vec<FrameRecord> {
        self.evm.precompiles.recorded.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Keeps the call trace of every transaction from now on (geth's `callTracer`, served by
    /// `debug_traceTransaction`); costs each transaction its tracing.
    pub fn set_tracing(&mut self, on: bool) {
        self.tracing = on;
    }

    /// The ArbOS version the chain models (ArbSys reports it; from 60 on, a program entered again in
    /// the same block pays the cached entry price).
    pub fn arbos_version(&self) -> u64 {
        self.evm.precompiles.arbos_version
    }

    /// Models ArbOS `version` (31 to 60).
    pub fn set_arbos_version(&mut self, version: u64) -> Result<(), String> {
        if !crate::arbos::ARBOS_VERSIONS.contains(&version) {
            let (first, last) = (crate::arbos::ARBOS_VERSIONS.start(), crate::arbos::ARBOS_VERSIONS.end());
            return Err(format!("ArbOS {version} is not modelled: the devnode models ArbOS {first} to {last}"));
        }
        self.evm.precompiles.arbos_version = version;
        Ok(())
    }

    /// Reads programs from `dir` instead of the workspace's `target/wasm`.
    pub fn with_wasm_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.wasm_dir = dir.into();
        self
    }

    /// Dev account `i` (0 is Nitro's dev account).
    pub fn account(&self, i: usize) -> Address {
        DEV_ACCOUNTS[i]
    }

    /// Deploys `target/wasm/<name>.wasm` as a Stylus program (create, then activate) from `from`.
    pub fn deploy_program(&mut self, from: Address, name: &str) -> Result<Address, Failure> {
        let path = self.wasm_dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path)
            .map_err(|e| Failure::Invalid(format!("cannot read {}: {e} (run scripts/build.sh first)", path.display())))?;
        self.deploy_wasm(from, &wasm)
    }

    /// Deploys a WASM module as a Stylus program from `from`: creates it, then activates it unless
    /// its code hash is already active (activation is per code hash, as on Nitro).
    pub fn deploy_wasm(&mut self, from: Address, wasm: &[u8]) -> Result<Address, Failure> {
        let code = program_code(wasm);
        let program = self.deploy_code(from, &code)?;
        let codehash = alloy_primitives::keccak256(&code);
        if self.call(from, ARBWASM, ArbWasm::codehashVersionCall { codehash }).is_err() {
            self.activate(from, program)?;
        }
        Ok(program)
    }

    /// Creates a contract whose runtime code is `code` (a Stylus program stays inactive until activated).
    pub fn deploy_code(&mut self, from: Address, code: &[u8]) -> Result<Address, Failure> {
        self.deploy_evm(from, &init_code_for(code))
    }

    /// Creates a contract by running EVM init code.
    pub fn deploy_evm(&mut self, from: Address, init_code: &[u8]) -> Result<Address, Failure> {
        let receipt = self.transact(from, TxKind::Create, Bytes::copy_from_slice(init_code), U256::ZERO, true)?;
        receipt.created.ok_or_else(|| Failure::Invalid("creation returned no address".into()))
    }

    /// Activates a deployed Stylus program through ArbWasm, as `cargo stylus` does after deploying.
    pub fn activate(&mut self, from: Address, program: Address) -> Result<Receipt, Failure> {
        self.send(from, ARBWASM, ArbWasm::activateProgramCall { program })
    }

    /// Sends a transaction calling `call` on `to` and mines it in its own block.
    pub fn send<C: SolCall>(&mut self, from: Address, to: Address, call: C) -> Result<Receipt, Failure> {
        self.send_value(from, to, call, U256::ZERO)
    }

    /// Sends a transaction with `value` wei calling `call` on `to`.
    pub fn send_value<C: SolCall>(&mut self, from: Address, to: Address, call: C, value: U256) -> Result<Receipt, Failure> {
        self.send_raw(from, to, call.abi_encode().into(), value)
    }

    /// Sends a transaction with raw calldata.
    pub fn send_raw(&mut self, from: Address, to: Address, data: Bytes, value: U256) -> Result<Receipt, Failure> {
        self.transact(from, TxKind::Call(to), data, value, true)
    }

    /// Calls `call` on `to` without a transaction (as `eth_call`) and decodes the result.
    pub fn call<C: SolCall>(&mut self, from: Address, to: Address, call: C) -> Result<C::Return, Failure> {
        let receipt = self.transact(from, TxKind::Call(to), call.abi_encode().into(), U256::ZERO, false)?;
        C::abi_decode_returns(&receipt.output).map_err(|e| Failure::Invalid(format!("cannot decode the return data: {e}")))
    }

    fn transact(&mut self, from: Address, kind: TxKind, data: Bytes, value: U256, commit: bool) -> Result<Receipt, Failure> {
        let nonce = self.nonce(from);
        let tx = TxEnv::builder()
            .caller(from)
            .kind(kind)
            .data(data.clone())
            .value(value)
            .gas_limit(GAS_LIMIT)
            .gas_price(0)
            .nonce(nonce)
            .chain_id(Some(CHAIN_ID))
            .build()
            .map_err(|e| Failure::Invalid(format!("{e:?}")))?;
        self.evm.precompiles.take_stylus_gas();
        let result = self.execute(tx, commit)?;
        let stylus = self.evm.precompiles.take_stylus_gas();
        if commit {
            let envelope = unsigned_tx(from, kind, nonce, GAS_LIMIT, value, data, CHAIN_ID);
            self.record(Recovered::new_unchecked(envelope, from), &result, 0);
            self.mine_queued(from);
        }
        outcome(result, stylus)
    }

    /// Validates a signed raw transaction (EIP-2718 bytes) and mines it, or queues it until its
    /// sender's earlier nonces are mined; returns its hash. Refuses bad encodings and signatures, other
    /// chains and used nonces, in geth's words; accepts unprotected (pre-EIP-155) legacy transactions,
    /// as Nitro's devnode does.
    pub fn submit_raw(&mut self, raw: &[u8]) -> Result<B256, String> {
        let envelope = TxEnvelope::decode_2718(&mut &raw[..]).map_err(|e| format!("invalid transaction encoding: {e}"))?;
        let from = envelope.recover_signer().map_err(|_| "invalid transaction signature".to_string())?;
        if let Some(id) = envelope.chain_id().filter(|id| *id != CHAIN_ID) {
            return Err(format!("invalid chain id for signer: have {id} want {CHAIN_ID}"));
        }
        let (state, nonce, hash) = (self.nonce(from), envelope.nonce(), *envelope.tx_hash());
        if nonce < state {
            return Err(format!("nonce too low: address {from}, tx: {nonce} state: {state}"));
        }
        if nonce > state {
            return self.queue(from, envelope).map(|()| hash);
        }
        self.mine_signed(from, envelope)?;
        self.mine_queued(from);
        Ok(hash)
    }

    /// Keeps a transaction whose nonce is ahead of its sender's until the gap fills; a later one with
    /// the same nonce replaces it.
    fn queue(&mut self, from: Address, envelope: TxEnvelope) -> Result<(), String> {
        let key = (from, envelope.nonce());
        match self.queued.get(&key) {
            Some(queued) if queued.tx_hash() == envelope.tx_hash() => return Err("already known".into()),
            Some(_) => {}
            None if self.queued.range((from, 0)..=(from, u64::MAX)).count() >= MAX_QUEUED_PER_SENDER => {
                return Err(format!("txpool is full: {MAX_QUEUED_PER_SENDER} transactions of {from} wait for an earlier nonce"));
            }
            None => {}
        }
        tx_env(&envelope, from)?;
        self.queued.insert(key, envelope);
        Ok(())
    }

    /// Mines the queued transactions of `from` that its nonce now reaches, in nonce order; one the
    /// chain refuses (funds, gas) is dropped.
    fn mine_queued(&mut self, from: Address) {
        while let Some(envelope) = self.queued.remove(&(from, self.nonce(from))) {
            let _ = self.mine_signed(from, envelope);
        }
    }

    /// A transaction waiting in the queue.
    pub(crate) fn queued_tx(&self, hash: B256) -> Option<Recovered<TxEnvelope>> {
        let ((from, _), envelope) = self.queued.iter().find(|(_, envelope)| *envelope.tx_hash() == hash)?;
        Some(Recovered::new_unchecked(envelope.clone(), *from))
    }

    /// Executes and mines a signed transaction whose nonce is its sender's.
    fn mine_signed(&mut self, from: Address, envelope: TxEnvelope) -> Result<(), String> {
        let tx = tx_env(&envelope, from)?;
        let price = envelope.effective_gas_price(Some(self.evm.ctx.block.basefee));
        let result = self.execute(tx, true).map_err(|failure| match failure {
            Failure::Invalid(message) => message,
            other => format!("{other:?}"),
        })?;
        self.record(Recovered::new_unchecked(envelope, from), &result, price);
        Ok(())
    }

    /// Runs `tx` on a thread with a large stack; commits its state when `commit`.
    pub(crate) fn execute(&mut self, tx: TxEnv, commit: bool) -> Result<ExecutionResult, Failure> {
        self.run(tx, commit, self.tracing && commit)
    }

    /// Runs a call without committing it and traces it: its result and geth's `callTracer` frame.
    pub(crate) fn trace_call(&mut self, tx: TxEnv) -> Result<(ExecutionResult, Option<serde_json::Value>), Failure> {
        let result = self.run(tx, false, true)?;
        Ok((result, self.last_trace.take()))
    }

    /// Runs `tx` on a thread with a large stack; commits its state when `commit`; keeps its call trace
    /// in `last_trace` when `trace`.
    fn run(&mut self, tx: TxEnv, commit: bool, trace: bool) -> Result<ExecutionResult, Failure> {
        self.tick();
        let (from, max_fee, tip) = (tx.caller, tx.gas_price, tx.gas_priority_fee.unwrap_or_default());
        if trace {
            let tracer = Tracer::calls();
            self.evm.precompiles.tracer = tracer.clone();
            self.evm.inspector = tracer;
        }
        let evm = AssertSend(&mut self.evm);
        let result = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let evm = evm;
                    let evm = &mut *evm.0;
                    let geth = |e| geth_message(e, from, max_fee, tip);
                    match (commit, trace) {
                        (true, false) => evm.transact_commit(tx).map_err(geth),
                        (false, false) => evm.transact(tx).map(|r| r.result).map_err(geth),
                        (true, true) => evm.inspect_tx_commit(tx).map_err(geth),
                        (false, true) => evm.inspect_tx(tx).map(|r| r.result).map_err(geth),
                    }
                })
                .expect("spawn the transaction thread")
                .join()
                .expect("the transaction thread does not panic")
        })
        .map_err(Failure::Invalid);
        if trace {
            let tracer = std::mem::take(&mut self.evm.inspector);
            self.evm.precompiles.tracer = Tracer::default();
            self.last_trace = result.as_ref().ok().and_then(|r| tracer.call_frame(r.gas().tx_gas_used()));
        }
        result
    }

    /// Mines the block holding a committed transaction.
    pub(crate) fn record(&mut self, tx: Recovered<TxEnvelope>, result: &ExecutionResult, effective_gas_price: u128) {
        let (success, gas_used, logs, contract_address) = match result {
            ExecutionResult::Success { gas, logs, output, .. } => (true, gas.tx_gas_used(), logs.clone(), output.address().copied()),
            ExecutionResult::Revert { gas, logs, .. } | ExecutionResult::Halt { gas, logs, .. } => {
                (false, gas.tx_gas_used(), logs.clone(), None)
            }
        };
        let trace = self.last_trace.take();
        let mined = MinedTx { tx, success, gas_used, logs, contract_address, effective_gas_price, trace };
        self.ledger.mine(self.timestamp(), GAS_LIMIT, Some(mined));
        self.evm.ctx.block.number = U256::from(self.ledger.latest().header.number + 1);
    }

    /// The mined history.
    pub(crate) fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

/// A transaction revm refused, in the words geth and Nitro use (which client libraries classify).
fn geth_message<D: std::fmt::Display>(error: EVMError<D>, from: Address, max_fee: u128, tip: u128) -> String {
    let EVMError::Transaction(invalid) = error else { return error.to_string() };
    match invalid {
        InvalidTransaction::LackOfFundForMaxFee { fee, balance } => {
            format!("insufficient funds for gas * price + value: address {from} have {balance} want {fee}")
        }
        InvalidTransaction::NonceTooLow { tx, state } => format!("nonce too low: address {from}, tx: {tx} state: {state}"),
        InvalidTransaction::NonceTooHigh { tx, state } => format!("nonce too high: address {from}, tx: {tx} state: {state}"),
        InvalidTransaction::CallGasCostMoreThanGasLimit { initial_gas, gas_limit } => {
            format!("intrinsic gas too low: have {gas_limit}, want {initial_gas}")
        }
        InvalidTransaction::GasFloorMoreThanGasLimit { gas_floor, gas_limit } => {
            format!("insufficient gas for floor data gas cost: have {gas_limit}, want {gas_floor}")
        }
        InvalidTransaction::CallerGasLimitMoreThanBlock | InvalidTransaction::TxGasLimitGreaterThanCap { .. } => {
            "exceeds block gas limit".to_string()
        }
        InvalidTransaction::GasPriceLessThanBasefee => {
            format!("max fee per gas less than block base fee: address {from}, maxFeePerGas: {max_fee}, baseFee: 0")
        }
        InvalidTransaction::PriorityFeeGreaterThanMaxFee => {
            format!("max priority fee per gas higher than max fee per gas: address {from}, maxPriorityFeePerGas: {tip}, maxFeePerGas: {max_fee}")
        }
        InvalidTransaction::RejectCallerWithCode => format!("sender not an eoa: address {from}"),
        InvalidTransaction::CreateInitCodeSizeLimit => "max initcode size exceeded".to_string(),
        InvalidTransaction::InvalidChainId => format!("invalid chain id for signer: want {CHAIN_ID}"),
        other => other.to_string(),
    }
}

/// The execution environment of a signed transaction.
fn tx_env(envelope: &TxEnvelope, from: Address) -> Result<TxEnv, String> {
    let builder = TxEnv::builder()
        .caller(from)
        .tx_type(Some(envelope.ty()))
        .gas_limit(envelope.gas_limit())
        .nonce(envelope.nonce())
        .value(envelope.value())
        .data(envelope.input().clone())
        .kind(envelope.kind())
        .chain_id(envelope.chain_id())
        .access_list(envelope.access_list().cloned().unwrap_or_default());
    let builder = match envelope {
        TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) => builder.gas_price(envelope.gas_price().unwrap_or_default()),
        TxEnvelope::Eip1559(_) => builder.gas_price(envelope.max_fee_per_gas()).gas_priority_fee(envelope.max_priority_fee_per_gas()),
        _ => return Err("unsupported transaction type: only legacy, EIP-2930 and EIP-1559 transactions".into()),
    };
    builder.build().map_err(|e| format!("invalid transaction: {e:?}"))
}

/// The test API's view of an execution result, of which programs spent `stylus` on their own execution.
fn outcome(result: ExecutionResult, stylus: StylusGas) -> Result<Receipt, Failure> {
    match result {
        ExecutionResult::Success { gas, logs, output, .. } => {
            let (created, output) = (output.address().copied(), output.into_data());
            Ok(Receipt { gas_used: gas.tx_gas_used(), logs, created, output, stylus })
        }
        ExecutionResult::Revert { gas, output, .. } => Err(Failure::Revert { output, gas_used: gas.tx_gas_used() }),
        ExecutionResult::Halt { reason, gas, .. } => Err(Failure::Halt { reason: format!("{reason:?}"), gas_used: gas.tx_gas_used() }),
    }
}

impl Devnode {
    /// Sets the balance of `account` (mints or burns test ETH).
    pub fn set_balance(&mut self, account: Address, wei: U256) {
        let db = self.evm.ctx.db_mut();
        let mut info = db.basic_ref(account).ok().flatten().unwrap_or_default();
        info.balance = wei;
        db.insert_account_info(account, info);
    }

    /// Sets the nonce of `account`.
    pub fn set_nonce(&mut self, account: Address, nonce: u64) {
        let db = self.evm.ctx.db_mut();
        let mut info = db.basic_ref(account).ok().flatten().unwrap_or_default();
        info.nonce = nonce;
        db.insert_account_info(account, info);
    }

    /// Replaces the code at `account` (as `anvil_setCode`); a Stylus program still needs activation.
    pub fn set_code(&mut self, account: Address, code: Bytes) {
        let db = self.evm.ctx.db_mut();
        let info = db.basic_ref(account).ok().flatten().unwrap_or_default();
        db.insert_account_info(account, info.with_code(revm::bytecode::Bytecode::new_raw(code)));
    }

    /// Sets the storage word at `slot` of `account`.
    pub fn set_storage(&mut self, account: Address, slot: U256, value: U256) {
        let _ = self.evm.ctx.db_mut().insert_account_storage(account, slot, value);
    }

    /// The balance of `account` in wei.
    pub fn balance(&self, account: Address) -> U256 {
        self.evm.ctx.db_ref().basic_ref(account).ok().flatten().map(|a| a.balance).unwrap_or_default()
    }

    /// The nonce of `account`.
    pub fn nonce(&self, account: Address) -> u64 {
        self.evm.ctx.db_ref().basic_ref(account).ok().flatten().map(|a| a.nonce).unwrap_or_default()
    }

    /// The code at `account`.
    pub fn code(&self, account: Address) -> Bytes {
        let db = self.evm.ctx.db_ref();
        let Some(info) = db.basic_ref(account).ok().flatten() else { return Bytes::new() };
        match info.code {
            Some(code) => code.original_bytes(),
            None => db.code_by_hash_ref(info.code_hash).map(|c| c.original_bytes()).unwrap_or_default(),
        }
    }

    /// The storage word at `slot` of `account`.
    pub fn storage(&self, account: Address, slot: U256) -> U256 {
        self.evm.ctx.db_ref().storage_ref(account, slot).unwrap_or_default()
    }

    /// The current block's timestamp (seconds).
    pub fn timestamp(&self) -> u64 {
        self.evm.ctx.block.timestamp.saturating_to()
    }

    /// Sets the timestamp of the blocks that follow (on the wall clock: the next block's, and time
    /// goes on from there).
    pub fn set_timestamp(&mut self, seconds: u64) {
        if self.wall_offset.is_some() {
            self.wall_offset = Some(signed(seconds) - signed(unix_now()));
        }
        self.evm.ctx.block.timestamp = U256::from(seconds);
    }

    /// Moves time forward by `seconds`.
    pub fn advance(&mut self, seconds: u64) {
        if let Some(offset) = &mut self.wall_offset {
            *offset = offset.saturating_add(signed(seconds));
        }
        self.evm.ctx.block.timestamp += U256::from(seconds);
    }

    /// From now on blocks follow the wall clock, as on anvil and Nitro: each block at the current
    /// time plus what time travel added, and at least one second after the block before. Time never
    /// goes back: a chain already ahead of the wall clock stays as far ahead.
    pub fn follow_wall_clock(&mut self) {
        self.wall_offset = Some((signed(self.timestamp()) - signed(unix_now())).max(0));
        self.tick();
    }

    /// On the wall clock, moves the pending block's time to now.
    fn tick(&mut self) {
        let Some(offset) = self.wall_offset else { return };
        let wall = u64::try_from(signed(unix_now()).saturating_add(offset)).unwrap_or(0);
        let after_latest = self.ledger.latest().header.timestamp + 1;
        self.evm.ctx.block.timestamp = U256::from(wall.max(after_latest));
    }

    /// The number of the block the next transaction goes into.
    pub fn block_number(&self) -> u64 {
        self.evm.ctx.block.number.saturating_to()
    }

    /// Mines `blocks` empty blocks at the current timestamp.
    pub fn mine(&mut self, blocks: u64) {
        for _ in 0..blocks {
            self.tick();
            self.ledger.mine(self.timestamp(), GAS_LIMIT, None);
        }
        self.evm.ctx.block.number = U256::from(self.ledger.latest().header.number + 1);
    }

    /// Saves the whole chain state.
    pub fn snapshot(&self) -> Snapshot {
        let (db, block, ledger, queued) =
            (self.evm.ctx.db_ref().clone(), self.evm.ctx.block.clone(), self.ledger.clone(), self.queued.clone());
        Snapshot { db, block, ledger, queued, wall_offset: self.wall_offset }
    }

    /// Returns the chain to a saved state.
    pub fn revert(&mut self, snapshot: &Snapshot) {
        *self.evm.ctx.db_mut() = snapshot.db.clone();
        self.evm.ctx.block = snapshot.block.clone();
        self.ledger = snapshot.ledger.clone();
        self.queued = snapshot.queued.clone();
        self.wall_offset = snapshot.wall_offset;
    }

    /// Marks `program`'s code cached or not, as ArbOS's CacheManager does: cached programs pay the
    /// cheaper entry cost. Fails when the program is not activated.
    pub fn set_cached(&mut self, program: Address, cached: bool) -> Result<(), Failure> {
        crate::arbwasm::set_cached(self.evm.ctx.db_mut(), program, cached).map_err(Failure::Invalid)
    }

    /// Takes the lines programs printed through `console` since the last call.
    pub fn console(&mut self) -> Vec<String> {
        self.evm.precompiles.programs.take_console()
    }
}

/// Seconds since the Unix epoch, by the system clock.
fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `seconds` as a signed count (saturating).
fn signed(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

/// Lends the EVM to the transaction thread.
struct AssertSend<'a>(&'a mut StylusEvm);

// SAFETY: revm's context holds `Rc`s (the shared memory buffer) that never leave the EVM; the EVM is
// borrowed exclusively by the one scoped thread, which is joined before the borrow ends, so no two
// threads ever touch those `Rc`s at once.
unsafe impl Send for AssertSend<'_> {}
