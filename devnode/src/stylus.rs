//! The hook that makes revm a Stylus chain: a precompile provider that sees every call frame (after
//! revm has taken the journal checkpoint and moved the value), serves ArbWasm, and runs the callee's
//! WASM when its code carries the Stylus prefix. A program's result that is not a success makes revm
//! roll the frame back, including the storage the program flushed.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use alloy_primitives::{Address, Bytes, B256};
use revm::{
    context::{BlockEnv, CfgEnv, Context, ContextTr, Evm, Journal, LocalContextTr, TxEnv},
    context_interface::JournalTr,
    database::{CacheDB, EmptyDB},
    handler::{instructions::EthInstructions, EthFrame, EthPrecompiles, EvmTr, FrameResult, ItemOrResult, PrecompileProvider},
    inspector::InspectorEvmTr,
    interpreter::interpreter_action::FrameInit,
    interpreter::{
        interpreter::EthInterpreter, CallInputs, CallScheme, FrameInput, Gas, InstructionResult, InterpreterResult, SharedMemory,
    },
    primitives::{hardfork::SpecId, AddressSet, U256},
};

use crate::{arbos, arbwasm, cache, deployer, frames::FrameRecord, host, meter, profile, trace::Tracer, STYLUS_PREFIX};

/// Ink per unit of gas (ArbOS's default ink price).
pub const INK_PER_GAS: u64 = meter::INK_PRICE;
/// `BlockCacheSize`: programs entered recently in the block that enter again at the cached price.
const BLOCK_CACHE_SIZE: usize = 32;
/// The most `console` lines kept until taken; older ones are dropped (and counted).
pub const MAX_CONSOLE_LINES: usize = 10_000;

/// The chain's state.
pub type Db = CacheDB<EmptyDB>;
/// revm's context over the chain's state.
pub type Ctx = Context<BlockEnv, TxEnv, CfgEnv, Db, Journal<Db>, ()>;
/// The EVM with the Stylus hook.
pub type StylusEvm = Evm<Ctx, Tracer, EthInstructions<EthInterpreter, Ctx>, StylusPrecompiles, EthFrame<EthInterpreter>>;

/// Compiled (metered) modules of activated programs, by code hash, and the engine that runs them.
/// Shared by every EVM the node builds; a cache, not state (activation records are in ArbWasm's storage).
#[derive(Clone, Default)]
pub struct Programs {
    engine: wasmi::Engine,
    modules: Arc<Mutex<HashMap<B256, wasmi::Module>>>,
    console: Arc<Mutex<Console>>,
    /// The per-function profile, while profiling (`crate::profile`).
    profile: Arc<Mutex<Option<profile::Table>>>,
}

/// Lines programs printed through `console`, the newest [`MAX_CONSOLE_LINES`], and how many older
/// lines were dropped.
#[derive(Default)]
struct Console {
    lines: std::collections::VecDeque<String>,
    dropped: usize,
}

impl Programs {
    /// Decompresses, validates (the build's Stylus gate), instruments for metering and compiles
    /// deployed code; returns the module hash and the costs activation records.
    pub(crate) fn compile(&self, hash: B256, code: &[u8]) -> Result<(B256, meter::ProgramCosts), String> {
        let wasm = stylus_gate::decompress(&code[STYLUS_PREFIX.len()..]).map_err(|r| r.to_string())?;
        let (metered, costs) = meter::activate(&wasm, self.profiling())?;
        let module = wasmi::Module::new(&self.engine, &metered).map_err(|e| e.to_string())?;
        self.modules.lock().expect("module cache lock").insert(hash, module);
        Ok((alloy_primitives::keccak256(&wasm), costs))
    }

    /// The compiled module of an activated program (compiled again if the cache lost it).
    fn module(&self, hash: B256, code: &[u8]) -> Result<wasmi::Module, String> {
        if let Some(module) = self.modules.lock().expect("module cache lock").get(&hash) {
            return Ok(module.clone());
        }
        self.compile(hash, code)?;
        Ok(self.modules.lock().expect("module cache lock")[&hash].clone())
    }

    /// The engine programs run on.
    pub(crate) fn engine(&self) -> &wasmi::Engine {
        &self.engine
    }

    /// Profiles the programs activated from now on, or stops profiling (`crate::profile`).
    pub(crate) fn set_profiling(&self, on: bool) {
        *self.profile.lock().expect("profile lock") = on.then(profile::Table::new);
    }

    /// Whether programs activated now get the profile's counters.
    pub(crate) fn profiling(&self) -> bool {
        self.profile.lock().expect("profile lock").is_some()
    }

    /// Adds the profile counters of a call of program `codehash` that just ended.
    pub(crate) fn collect_profile(&self, codehash: B256, instance: &wasmi::Instance, store: impl wasmi::AsContext) {
        if let Some(table) = self.profile.lock().expect("profile lock").as_mut() {
            profile::collect(table, codehash, instance, store);
        }
    }

    /// The profile so far, emptied.
    pub(crate) fn take_profile(&self) -> Vec<profile::FunctionInk> {
        self.profile.lock().expect("profile lock").as_mut().map(profile::take).unwrap_or_default()
    }

    /// Records a line a program printed through `console`.
    pub(crate) fn console_line(&self, line: String) {
        let mut console = self.console.lock().expect("console lock");
        if console.lines.len() == MAX_CONSOLE_LINES {
            console.lines.pop_front();
            console.dropped += 1;
        }
        console.lines.push_back(line);
    }

    /// Takes the lines programs printed so far, after a line counting those dropped, if any.
    pub(crate) fn take_console(&self) -> Vec<String> {
        let Console { lines, dropped } = std::mem::take(&mut *self.console.lock().expect("console lock"));
        let note = (dropped > 0).then(|| format!("({dropped} earlier console lines dropped)"));
        note.into_iter().chain(lines).collect()
    }
}

/// The precompile provider: Ethereum's precompiles, ArbWasm, and Stylus program frames.
#[derive(Clone)]
pub struct StylusPrecompiles {
    eth: EthPrecompiles,
    addresses: AddressSet,
    pub(crate) programs: Programs,
    /// Open non-delegate frames as (journal depth, address), to answer `msg_reentrant`.
    frames: Vec<(usize, Address)>,
    /// The transaction's Stylus memory and recently entered programs, as ArbOS tracks them.
    tx: TxMemory,
    /// Gas programs spent on their own execution since `take_stylus_gas`: a transaction's gas less
    /// its total is the EVM work it did.
    stylus_gas: StylusGas,
    /// The ArbOS version the chain models.
    pub(crate) arbos_version: u64,
    /// The transaction's call tracer, shared with the EVMs a program's calls run on.
    pub(crate) tracer: Tracer,
    /// The frames programs ran, with their requests of the chain, when recording (issue 19).
    pub(crate) recorded: Option<Vec<FrameRecord>>,
    /// When set, programs stop at their next host call after this instant (a call's time limit).
    pub(crate) deadline: Option<std::time::Instant>,
}

/// Per-transaction state of the metering: pages open now and ever (Nitro's `openWasmPages` and
/// `everWasmPages`) and the recent-programs cache (each transaction mines its own block).
#[derive(Clone, Default)]
struct TxMemory {
    open: u16,
    ever: u16,
    recent: Vec<B256>,
}

impl StylusPrecompiles {
    /// A provider for `spec` sharing `programs`.
    pub fn new(spec: SpecId, programs: Programs) -> Self {
        let eth = EthPrecompiles::new(spec);
        let mut addresses = eth.warm_addresses().clone();
        addresses.insert(crate::ARBWASM);
        addresses.insert(crate::ARBWASM_CACHE);
        addresses.insert(crate::STYLUS_DEPLOYER);
        addresses.insert(arbos::ARBSYS);
        addresses.insert(arbos::ARBGASINFO);
        let arbos_version = arbos::ARBOS_VERSION;
        let tracer = Tracer::default();
        Self {
            eth,
            addresses,
            programs,
            frames: Vec::new(),
            tx: TxMemory::default(),
            stylus_gas: StylusGas::default(),
            arbos_version,
            tracer,
            recorded: None,
            deadline: None,
        }
    }
}

impl Default for StylusPrecompiles {
    fn default() -> Self {
        Self::new(SpecId::PRAGUE, Programs::default())
    }
}

impl PrecompileProvider<Ctx> for StylusPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec)
    }

    fn run(&mut self, ctx: &mut Ctx, inputs: &CallInputs) -> Result<Option<InterpreterResult>, String> {
        let depth = ctx.journal().depth();
        while self.frames.last().is_some_and(|(d, _)| *d >= depth) {
            self.frames.pop();
        }
        // As Nitro's tx processor: delegate and callcode frames do not count; a program is re-entered
        // when its address has more than one counted frame open.
        if !matches!(inputs.scheme, CallScheme::DelegateCall | CallScheme::CallCode) {
            self.frames.push((depth, inputs.target_address));
        }
        let reentrant = self.frames.iter().filter(|(_, a)| *a == inputs.target_address).count() > 1;

        if inputs.bytecode_address == crate::ARBWASM {
            return Ok(Some(arbwasm::call(ctx, &self.programs, inputs)));
        }
        if inputs.bytecode_address == crate::STYLUS_DEPLOYER {
            return Ok(Some(deployer::call(ctx, self, inputs)));
        }
        if inputs.bytecode_address == crate::ARBWASM_CACHE {
            return Ok(Some(cache::call_cache(ctx, inputs)));
        }
        if inputs.bytecode_address == crate::CACHE_MANAGER {
            return Ok(Some(cache::call_manager(ctx, inputs)));
        }
        if inputs.bytecode_address == arbos::ARBSYS {
            return Ok(Some(arbos::call_arbsys(ctx, inputs, self.arbos_version)));
        }
        if inputs.bytecode_address == arbos::ARBGASINFO {
            return Ok(Some(arbos::call_gas_info(ctx, inputs)));
        }
        if let Some(result) = <EthPrecompiles as PrecompileProvider<Ctx>>::run(&mut self.eth, ctx, inputs)? {
            return Ok(Some(result));
        }
        let (hash, code) = &inputs.known_bytecode;
        let code = code.original_byte_slice();
        if !code.starts_with(&STYLUS_PREFIX[..3]) {
            return Ok(None);
        }
        Ok(Some(self.run_program(ctx, inputs, *hash, code, depth, reentrant)))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.addresses
    }

    fn contains(&self, address: &Address) -> bool {
        self.addresses.contains(address)
    }
}

/// What Stylus programs spent on their own execution (beyond the EVM work of their host calls),
/// and of it, their entries and their host calls; the rest is their WASM.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StylusGas {
    /// All of it: entries, memory, WASM and the host calls' own ink.
    pub total: u64,
    /// The programs' entry costs, their memory included.
    pub entries: u64,
    /// The host calls' own ink (their EVM work aside).
    pub host_calls: u64,
}

impl StylusPrecompiles {
    /// Counts what a program frame spent on Stylus's own execution.
    pub(crate) fn add_stylus_gas(&mut self, gas: StylusGas) {
        let total = &mut self.stylus_gas;
        total.total = total.total.saturating_add(gas.total);
        total.entries = total.entries.saturating_add(gas.entries);
        total.host_calls = total.host_calls.saturating_add(gas.host_calls);
    }

    /// The Stylus execution gas counted since the last call, and starts counting afresh.
    pub(crate) fn take_stylus_gas(&mut self) -> StylusGas {
        std::mem::take(&mut self.stylus_gas)
    }

    /// Gas of opening `pages` more pages in this transaction (`pay_for_memory_grow`).
    pub(crate) fn add_pages(&mut self, pages: u16) -> u64 {
        let tx = &mut self.tx;
        let gas = meter::memory_gas(pages, tx.open, tx.ever);
        tx.open = tx.open.saturating_add(pages);
        tx.ever = tx.ever.max(tx.open);
        gas
    }

    /// The transaction's metering state, started afresh when a new transaction runs: a marker in
    /// ArbWasm's transient storage (which revm empties after every transaction, and which no program
    /// can read) tells whether this transaction has run a program yet.
    fn tx_memory(&mut self, ctx: &mut Ctx) -> &mut TxMemory {
        let transient = &mut ctx.journal_mut().inner.transient_storage;
        if transient.entry(crate::ARBWASM).or_default().insert(U256::MAX, U256::from(1)).is_none() {
            self.tx = TxMemory::default();
        }
        &mut self.tx
    }

    /// Whether `hash` entered recently (Nitro's recent-programs cache, from ArbOS 60 on); records
    /// this entry.
    fn entered_recently(&mut self, ctx: &mut Ctx, hash: B256) -> bool {
        if self.arbos_version < arbos::RECENT_PROGRAMS_VERSION {
            return false;
        }
        let recent = &mut self.tx_memory(ctx).recent;
        let hit = recent.iter().position(|h| *h == hash).map(|i| recent.remove(i)).is_some();
        recent.push(hash);
        if recent.len() > BLOCK_CACHE_SIZE {
            recent.remove(0);
        }
        hit
    }

    /// Runs one Stylus frame: checks activation, pays the entry (init and memory) cost, instantiates
    /// the metered module and calls its entrypoint.
    fn run_program(
        &mut self,
        ctx: &mut Ctx,
        inputs: &CallInputs,
        hash: B256,
        code: &[u8],
        depth: usize,
        reentrant: bool,
    ) -> InterpreterResult {
        let gas = Gas::new(inputs.gas_limit);
        let record = arbwasm::program_of(ctx, hash);
        if record.version != crate::STYLUS_VERSION {
            let data = alloy_sol_types::SolError::abi_encode(&crate::ArbWasm::ProgramNotActivated {});
            return InterpreterResult::new(InstructionResult::Revert, data.into(), gas);
        }
        let module = match self.programs.module(hash, code) {
            Ok(module) => module,
            Err(problem) => {
                let data = alloy_sol_types::Revert::from(format!("program failed to load: {problem}"));
                let data = alloy_sol_types::SolError::abi_encode(&data);
                return InterpreterResult::new(InstructionResult::Revert, data.into(), gas);
            }
        };
        let cached = self.entered_recently(ctx, hash) || record.cached;
        let frame = host::Frame {
            codehash: hash,
            cached,
            address: inputs.target_address,
            caller: inputs.caller,
            value: inputs.call_value(),
            is_static: inputs.is_static,
            args: inputs.input.bytes(ctx),
            depth,
            reentrant,
        };
        let footprint = record.costs.footprint;
        let TxMemory { open, ever, .. } = *self.tx_memory(ctx);
        let entry = record.costs.entry_gas(cached).saturating_add(meter::memory_gas(footprint, open, ever));
        if entry > inputs.gas_limit {
            self.add_stylus_gas(StylusGas { total: inputs.gas_limit, entries: inputs.gas_limit, host_calls: 0 });
            return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), Gas::new_spent_with_reservoir(inputs.gas_limit, 0));
        }
        self.add_pages(footprint);
        let result = host::execute(ctx, self, &module, frame, inputs.gas_limit, entry);
        self.tx.open = open;
        result
    }
}

/// Runs a nested frame (a program's call or create) to completion over the same journal, as revm's
/// own execution loop would, and returns its result.
pub(crate) fn run_nested(ctx: &mut Ctx, provider: &mut StylusPrecompiles, frame_input: FrameInput, depth: usize) -> FrameResult {
    // EVM frames keep their memory in the context's shared buffer (call inputs point into it): the
    // nested frames take the space after every open frame's memory, and give it back at the end.
    let buffer = ctx.local().shared_memory_buffer().clone();
    let base = buffer.borrow().len();
    let memory = SharedMemory::new_with_buffer(buffer.clone()).new_child_context();
    let placeholder = Context::new(Db::default(), ctx.cfg.spec);
    let owned = std::mem::replace(ctx, placeholder);
    let spec = owned.cfg.spec;
    let tracer = provider.tracer.clone();
    let mut evm: StylusEvm = Evm::new_with_inspector(owned, tracer, EthInstructions::new_mainnet_with_spec(spec), std::mem::take(provider));
    let result = drive(&mut evm, FrameInit { depth, memory, frame_input });
    *ctx = evm.ctx;
    *provider = evm.precompiles;
    buffer.borrow_mut().truncate(base);
    result
}

fn drive(evm: &mut StylusEvm, init: FrameInit) -> FrameResult {
    let fatal = |e: String| -> FrameResult {
        FrameResult::Call(revm::interpreter::CallOutcome::new(
            InterpreterResult::new(InstructionResult::FatalExternalError, Bytes::from(e.into_bytes()), Gas::new(0)),
            0..0,
        ))
    };
    // While tracing, the inspecting steps, which call the tracer's hooks.
    let tracing = evm.inspector.is_on();
    let start = |evm: &mut StylusEvm, init| {
        let started = if tracing { evm.inspect_frame_init(init) } else { evm.frame_init(init) };
        started.map(|r| r.map_item(|_| ()))
    };
    match start(evm, init) {
        Ok(ItemOrResult::Result(result)) => return result,
        Ok(ItemOrResult::Item(())) => {}
        Err(e) => return fatal(format!("{e:?}")),
    }
    loop {
        let run = if tracing { evm.inspect_frame_run() } else { evm.frame_run() };
        let result = match run {
            Ok(ItemOrResult::Item(init)) => match start(evm, init) {
                Ok(ItemOrResult::Item(())) => continue,
                Ok(ItemOrResult::Result(result)) => result,
                Err(e) => return fatal(format!("{e:?}")),
            },
            Ok(ItemOrResult::Result(result)) => result,
            Err(e) => return fatal(format!("{e:?}")),
        };
        match evm.frame_return_result(result) {
            Ok(Some(result)) => return result,
            Ok(None) => {}
            Err(e) => return fatal(format!("{e:?}")),
        }
    }
}
