//! Exact Stylus metering, as ArbOS prices it: ArbOS's default parameters, the ink of every WASM
//! opcode and host call, the instrumentation that charges opcodes per basic block (as Nitro's
//! `Meter`, `DynamicMeter` and `HeapBound` middlewares do), the program entry (init) cost computed
//! at activation, and the memory model. Values are read from OffchainLabs/nitro
//! (`arbos/programs/params.go`, `memory.go`, `crates/prover/src/programs/`, `crates/arbutil/src/pricing.rs`).

use std::convert::Infallible;

use wasm_encoder::{
    reencode::{utils, Error, Reencode},
    BlockType, ConstExpr, ExportKind, GlobalType, Instruction, SectionId, ValType,
};
use wasmparser::{Operator, Parser, Payload, TypeRef};

/// `InkPrice`: ink per unit of gas.
pub const INK_PRICE: u64 = 10_000;
/// `FreePages`: 64 KiB pages a transaction uses for free.
pub const FREE_PAGES: u16 = 2;
/// `PageGas`: linear gas per page beyond the free ones.
pub const PAGE_GAS: u64 = 1_000;
/// `PageLimit`: pages a transaction may have open.
pub const PAGE_LIMIT: u16 = 128;
/// `MinInitGas` (Stylus version 2, from ArbOS 31), in units of `MinInitGasUnits`.
pub const MIN_INIT_GAS: u64 = 69;
/// `MinCachedInitGas`, in units of `MinCachedGasUnits`.
pub const MIN_CACHED_INIT_GAS: u64 = 11;
/// `InitCostScalar`, in units of `CostScalarPercent`.
pub const INIT_COST_SCALAR: u64 = 50;
/// `CachedCostScalar`, in units of `CostScalarPercent`.
pub const CACHED_COST_SCALAR: u64 = 50;
/// `PageRamp`: the exponential memory term's parameter (the table below is computed from it).
pub const PAGE_RAMP: u64 = 620_674_314;
/// `MinInitGasUnits`.
const MIN_INIT_GAS_UNITS: u64 = 128;
/// `MinCachedGasUnits`.
const MIN_CACHED_GAS_UNITS: u64 = 32;
/// `CostScalarPercent`.
const COST_SCALAR_PERCENT: u64 = 2;

/// `ink_header_cost`: ink of the check that opens every basic block.
pub const INK_HEADER_COST: u64 = 2_450;
/// `memory_copy_ink` and `memory_fill_ink`: ink per byte of `memory.copy` / `memory.fill`.
pub const MEMORY_BYTE_INK: u64 = 100;
/// `HOSTIO_INK`: the base price of a host call.
pub const HOSTIO_INK: u64 = 8_400;
/// `PTR_INK`: per pointer a host call reads or writes.
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// `EVM_API_INK`: a host call that asks the EVM for something.
pub const EVM_API_INK: u64 = 59_673;
/// `DIV_INK`: `math_div` and `math_mod`.
pub const DIV_INK: u64 = 20_000;
/// `MUL_MOD_INK`: `math_mul_mod`.
pub const MUL_MOD_INK: u64 = 24_100;
/// `ADD_MOD_INK`: `math_add_mod`.
pub const ADD_MOD_INK: u64 = 21_000;

/// Export name of the instrumented module's ink counter.
pub const INK_LEFT: &str = "stylus_ink_left";
/// Export name of the instrumented module's out-of-ink flag (1 once the program ran out of ink).
pub const INK_STATUS: &str = "stylus_ink_status";

/// Ink of copying `bytes` into the program (`pay_for_write`).
pub fn write_price(bytes: u64) -> u64 {
    5_040 + 30 * bytes.saturating_sub(32)
}

/// Ink of copying `bytes` out of the program (`pay_for_read`).
pub fn read_price(bytes: u64) -> u64 {
    16_381 + 55 * bytes.saturating_sub(32)
}

/// Ink of `native_keccak256` over `bytes`.
pub fn keccak_price(bytes: u64) -> u64 {
    121_800 + 21_000 * bytes.div_ceil(32).saturating_sub(2)
}

/// Ink of `math_pow` beyond its base, by the exponent's significant bytes.
pub fn pow_price(exponent: &[u8; 32]) -> u64 {
    let zeros = exponent.iter().take_while(|b| **b == 0).count() as u64;
    3_000 + (33 - zeros) * 17_500
}

/// Ink of one opcode (Nitro's `pricing_v1`); `params` holds each type's parameter count.
pub fn op_ink(op: &Operator<'_>, params: &[u32]) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } | Block { .. } | Loop { .. } | Else | End => 1,
        Drop => 9,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1_250,
        Call { .. } => 3_800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. } | I32Load8S { .. } | I32Load8U { .. } | I32Load16S { .. } | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3_000,
        MemoryGrow { .. } => 8_050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS | I64GeU => 225,
        I32Clz | I32Ctz | I64Clz | I64Ctz => 210,
        I32Add | I32Sub | I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1_120,
        I64Add | I64Sub | I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I64DivS | I64DivU | I64RemS | I64RemU => 1_270,
        I32Popcnt => 2_650,
        I64Popcnt => 6_000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U | I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2_400 + 325 * u64::from(targets.len()),
        CallIndirect { type_index, .. } => 13_610 + 650 * u64::from(params.get(*type_index as usize).copied().unwrap_or_default()),
        // Everything else is refused at activation (floats, reference types, tables, ...).
        _ => u64::MAX,
    }
}

/// Whether `op` ends a basic block (Nitro's `ends_basic_block`).
fn ends_basic_block(op: &Operator<'_>) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else | Return | Loop { .. } | Br { .. } | BrTable { .. } | BrIf { .. } | If { .. } | Call { .. } | CallIndirect { .. }
    )
}

/// What activation records about a program to price its calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProgramCosts {
    /// `init_cost`: gas of an uncached entry beyond the minimum.
    pub init_cost: u16,
    /// `cached_init_cost`: gas of a cached entry beyond the minimum.
    pub cached_init_cost: u16,
    /// `footprint`: the module's initial memory pages.
    pub footprint: u16,
    /// `asm_estimate`: the predicted size of the compiled program in bytes (what the CacheManager sells).
    pub asm_estimate: u32,
}

impl ProgramCosts {
    /// Gas of entering the program (memory aside): Nitro's `initGas` (when uncached) plus `cachedGas`
    /// (always, at Stylus version 2).
    pub fn entry_gas(&self, cached: bool) -> u64 {
        let cached_gas = MIN_CACHED_INIT_GAS * MIN_CACHED_GAS_UNITS + scaled(self.cached_init_cost, CACHED_COST_SCALAR);
        let init_gas = MIN_INIT_GAS * MIN_INIT_GAS_UNITS + self.init_gas();
        cached_gas + if cached { 0 } else { init_gas }
    }

    /// The uncached entry's gas beyond Nitro's minimum: the init cost, scaled.
    pub fn init_gas(&self) -> u64 {
        scaled(self.init_cost, INIT_COST_SCALAR)
    }
}

/// `cost` scaled by `scalar` (in units of `COST_SCALAR_PERCENT`), as Nitro prices entries.
fn scaled(cost: impl Into<u64>, scalar: u64) -> u64 {
    (cost.into() * scalar * COST_SCALAR_PERCENT).div_ceil(100)
}

/// ArbWasm's `minInitGas`: the minimum entry gas, uncached and cached.
pub fn min_init_gas() -> (u64, u64) {
    (MIN_INIT_GAS * MIN_INIT_GAS_UNITS, MIN_CACHED_INIT_GAS * MIN_CACHED_GAS_UNITS)
}

/// ArbWasm's `initCostScalar`, in percent.
pub fn init_cost_scalar_percent() -> u64 {
    INIT_COST_SCALAR * COST_SCALAR_PERCENT
}

/// Gas of opening `new` pages while `open` are open and `ever` were ever open in the transaction.
pub fn memory_gas(new: u16, open: u16, ever: u16) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= FREE_PAGES {
        return 0;
    }
    let paid = |pages: u16| u64::from(pages.saturating_sub(FREE_PAGES));
    let linear = paid(new_open).saturating_sub(paid(open)) * PAGE_GAS;
    let ramp = |pages: u16| MEMORY_EXPONENTS.get(usize::from(pages)).map_or(u64::MAX, |x| u64::from(*x));
    linear.saturating_add(ramp(new_ever).saturating_sub(ramp(ever)))
}

/// Nitro's `memoryExponents`: the exponential term of `pages` open, 31,874,000^(pages/128).
const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38, 43, 50, 57, 65, 75, 85, 98, 112, 128,
    147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569, 651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765,
    4309, 4932, 5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642, 37359, 42758, 48938, 56010,
    64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735, 216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672,
    635973, 727880, 833067, 953456, 1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113, 4208502,
    4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199, 16230562, 18576084, 21260563, 24332984, 27849408,
    31873999,
];

/// Globals Nitro's instrumentation adds (ink left, ink status, scratch, stack left): they count in
/// the cached init cost.
const INSTRUMENTATION_GLOBALS: u64 = 4;

/// What the instrumentation and the cost estimates need to know about a module.
#[derive(Default)]
struct Shape {
    /// Parameter count of each type.
    params: Vec<u32>,
    /// Parameter plus result count of each type.
    arity: Vec<u64>,
    /// Imported functions.
    imports: u32,
    /// Function index of the `pay_for_memory_grow` import.
    pay_for_memory_grow: Option<u32>,
    /// Type index of each local function.
    functions: Vec<u32>,
    /// Globals the module defines.
    globals: u64,
    /// Whether the module has a global section.
    has_globals: bool,
    /// Encoded bytes of the data and element segments (each whole, header included, as Nitro counts them).
    data_len: u64,
    /// Initial memory pages.
    pages: u64,
    /// Whether the memory's maximum differs from its initial size.
    growable: bool,
    /// Each local function's name for a profile: its export's, else the name section's.
    names: std::collections::BTreeMap<u32, String>,
}

impl Shape {
    /// Reads the shape of a validated module.
    fn read(wasm: &[u8]) -> Result<Self, wasmparser::BinaryReaderError> {
        let mut shape = Shape::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(types) => {
                    for ty in types.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        shape.params.push(ty.params().len() as u32);
                        shape.arity.push((ty.params().len() + ty.results().len()) as u64);
                    }
                }
                Payload::ImportSection(imports) => {
                    for import in imports {
                        let import = import?;
                        if let TypeRef::Func(_) = import.ty {
                            if (import.module, import.name) == ("vm_hooks", "pay_for_memory_grow") {
                                shape.pay_for_memory_grow = Some(shape.imports);
                            }
                            shape.imports += 1;
                        }
                    }
                }
                Payload::FunctionSection(functions) => {
                    shape.functions = functions.into_iter().collect::<Result<_, _>>()?;
                }
                Payload::GlobalSection(globals) => {
                    shape.globals = u64::from(globals.count());
                    shape.has_globals = true;
                }
                Payload::MemorySection(memories) => {
                    for memory in memories {
                        let memory = memory?;
                        shape.pages = memory.initial;
                        shape.growable = memory.maximum != Some(memory.initial);
                    }
                }
                Payload::DataSection(datas) => {
                    for data in datas {
                        shape.data_len += data?.range.len() as u64;
                    }
                }
                Payload::ElementSection(elements) => {
                    for element in elements {
                        shape.data_len += element?.range.len() as u64;
                    }
                }
                Payload::ExportSection(exports) => {
                    for export in exports {
                        let export = export?;
                        if export.kind == wasmparser::ExternalKind::Func {
                            shape.names.insert(export.index, export.name.to_string());
                        }
                    }
                }
                Payload::CustomSection(section) => {
                    if let wasmparser::KnownCustom::Name(names) = section.as_known() {
                        for name in names {
                            if let Ok(wasmparser::Name::Function(functions)) = name {
                                for naming in functions.into_iter().flatten() {
                                    shape.names.entry(naming.index).or_insert_with(|| naming.name.to_string());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(shape)
    }

    /// Nitro's activation estimates (`binary.rs`, Stylus version 2): init cost, cached init cost,
    /// footprint and compiled size.
    fn costs(&self, wasm_len: u64) -> Result<ProgramCosts, String> {
        let funcs = self.functions.len() as u64;
        let type_len: u64 = self.functions.iter().map(|t| self.arity.get(*t as usize).copied().unwrap_or_default()).sum();
        let globals = self.globals + INSTRUMENTATION_GLOBALS;
        let cached = funcs * 13_420 / 100_000
            + type_len * 89 / 100_000
            + wasm_len * 122 / 100_000
            + globals * 1_628 / 1_000
            + self.data_len * 75_244 / 100_000
            + self.pages * 5;
        let init = init_cost(funcs, type_len, wasm_len);
        let asm = 512_000 + funcs * 996_829 / 1_000 + type_len * 11_416 / 1_000 + wasm_len * 62_628 / 10_000;
        Ok(ProgramCosts {
            init_cost: u16::try_from(init).map_err(|_| "init cost too high")?,
            cached_init_cost: u16::try_from(cached).map_err(|_| "cached cost too high")?,
            footprint: u16::try_from(self.pages).map_err(|_| "memory too large")?,
            asm_estimate: u32::try_from(asm).map_err(|_| "asm estimate too large")?,
        })
    }
}

/// Nitro's init cost of a module of `funcs` local functions, `type_len` parameters and results over
/// their types, and `wasm_len` bytes.
fn init_cost(funcs: u64, type_len: u64, wasm_len: u64) -> u64 {
    funcs * 8_252 / 1_000 + type_len * 1_059 / 1_000 + wasm_len * 1_286 / 10_000
}

/// The least uncached init gas (beyond Nitro's minimum) of any program holding `funcs` functions of
/// `code_bytes` bytes in all: their types and the module's other sections counted as nothing.
pub fn init_gas_of_code(funcs: u64, code_bytes: u64) -> u64 {
    scaled(init_cost(funcs, 0, code_bytes), INIT_COST_SCALAR)
}

/// Activation's work on a program: the gate's checks (Nitro's refusals), then [`instrument`]
/// (with `profile`, the counters of `crate::profile` too).
pub fn activate(wasm: &[u8], profile: bool) -> Result<(Vec<u8>, ProgramCosts), String> {
    stylus_gate::validate(wasm).map_err(|r| r.to_string())?;
    instrument(wasm, profile)
}

/// What activating `wasm` records (init cost, cached init cost, footprint, asm estimate), or why
/// activation refuses it.
pub fn activation_costs(wasm: &[u8]) -> Result<ProgramCosts, String> {
    activate(wasm, false).map(|(_, costs)| costs)
}

/// Instruments a validated Stylus module as Nitro does: a charge at the head of every basic block
/// for the block's opcodes plus the header, a per-byte charge before `memory.copy` / `memory.fill`,
/// and a call to `pay_for_memory_grow` before `memory.grow`. With `profile`, also each function's
/// ink and call counters and each basic block's flag (`crate::profile`), outside the metering.
/// Returns the module and its costs.
pub fn instrument(wasm: &[u8], profile: bool) -> Result<(Vec<u8>, ProgramCosts), String> {
    let shape = Shape::read(wasm).map_err(|e| e.to_string())?;
    let costs = shape.costs(wasm.len() as u64)?;
    let globals = shape.globals as u32;
    let profile = profile.then(|| {
        // Export names must be unique: a name that repeats gets its function's index.
        let mut seen = std::collections::HashSet::new();
        let mut name = |i: u32| {
            let index = shape.imports + i;
            let name = shape.names.get(&index).cloned().unwrap_or_else(|| format!("function {index}"));
            if seen.insert(name.clone()) {
                name
            } else {
                format!("{name} (function {index})")
            }
        };
        let names: Vec<String> = (0..shape.functions.len() as u32).map(&mut name).collect();
        basic_blocks(wasm).map(|blocks| Profile { counters: globals + 3, blocks, names, function: 0, block: 0 })
    });
    let profile = profile.transpose().map_err(|e| e.to_string())?;
    let mut meter = Meter {
        pay_for_memory_grow: shape.pay_for_memory_grow.filter(|_| shape.growable),
        add_globals: !shape.has_globals,
        params: shape.params,
        ink: globals,
        status: globals + 1,
        scratch: globals + 2,
        profile,
    };
    let mut module = wasm_encoder::Module::new();
    meter.parse_core_module(&mut module, Parser::new(0), wasm).map_err(|e| e.to_string())?;
    Ok((module.finish(), costs))
}

/// The reencoder that adds the metering.
struct Meter {
    /// Parameter count of each type, for `call_indirect`.
    params: Vec<u32>,
    /// The import to call before `memory.grow`, when the memory can grow.
    pay_for_memory_grow: Option<u32>,
    /// The module has no global section: one must be added.
    add_globals: bool,
    /// Indices of the added globals: ink left, out-of-ink flag, scratch.
    ink: u32,
    status: u32,
    scratch: u32,
    /// The profile's counters, when profiling.
    profile: Option<Profile>,
}

/// The profile's counters (`crate::profile`): after the metering's globals, an ink counter per local
/// function, then a call counter per local function, then a flag per basic block (set once it runs).
struct Profile {
    /// Index of the first counter global.
    counters: u32,
    /// The local functions' names, in order.
    names: Vec<String>,
    /// Each local function's basic blocks: module offset and bytes of each.
    blocks: Vec<Vec<(u32, u32)>>,
    /// The local function being instrumented.
    function: u32,
    /// The basic block being instrumented, counted over the whole module.
    block: u32,
}

/// Each local function's basic blocks as Nitro's metering cuts them: module offset and bytes of each
/// (the first from the body's start, its local declarations included).
fn basic_blocks(wasm: &[u8]) -> Result<Vec<Vec<(u32, u32)>>, wasmparser::BinaryReaderError> {
    let mut functions = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload? {
            let mut blocks = Vec::new();
            let mut start = body.range().start;
            let mut reader = body.get_operators_reader()?;
            while !reader.eof() {
                if ends_basic_block(&reader.read()?) {
                    let end = reader.original_position();
                    blocks.push((start as u32, (end - start) as u32));
                    start = end;
                }
            }
            functions.push(blocks);
        }
    }
    Ok(functions)
}

impl Profile {
    /// The ink counter of local function `i`.
    fn ink(&self, i: u32) -> u32 {
        self.counters + i
    }

    /// The call counter of local function `i`.
    fn calls(&self, i: u32) -> u32 {
        self.counters + self.names.len() as u32 + i
    }

    /// The flag of the basic block being instrumented.
    fn flag(&self) -> u32 {
        self.counters + 2 * self.names.len() as u32 + self.block
    }

    /// Adds `amount` to counter `global`.
    fn add(global: u32, amount: u64) -> [Instruction<'static>; 4] {
        [Instruction::GlobalGet(global), Instruction::I64Const(amount as i64), Instruction::I64Add, Instruction::GlobalSet(global)]
    }
}

impl Meter {
    /// Appends the ink counter, the out-of-ink flag and the scratch global.
    fn add_meter_globals(&self, globals: &mut wasm_encoder::GlobalSection) {
        let global = |ty| GlobalType { val_type: ty, mutable: true, shared: false };
        globals.global(global(ValType::I64), &ConstExpr::i64_const(0));
        globals.global(global(ValType::I32), &ConstExpr::i32_const(0));
        globals.global(global(ValType::I32), &ConstExpr::i32_const(0));
        if let Some(profile) = &self.profile {
            let blocks = profile.blocks.iter().map(Vec::len).sum::<usize>();
            for _ in 0..2 * profile.names.len() + blocks {
                globals.global(global(ValType::I64), &ConstExpr::i64_const(0));
            }
        }
    }

    /// The block header: out of ink unless `cost` is left, then take it.
    fn header(&self, cost: u64) -> [Instruction<'static>; 12] {
        let cost = cost as i64;
        [
            Instruction::GlobalGet(self.ink),
            Instruction::I64Const(cost),
            Instruction::I64LtU,
            Instruction::If(BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(self.status),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::GlobalGet(self.ink),
            Instruction::I64Const(cost),
            Instruction::I64Sub,
            Instruction::GlobalSet(self.ink),
        ]
    }

    /// The per-byte charge for the length on top of the stack, left in place.
    fn per_byte(&self) -> [Instruction<'static>; 17] {
        [
            Instruction::GlobalSet(self.scratch),
            Instruction::GlobalGet(self.ink),
            Instruction::GlobalGet(self.ink),
            Instruction::GlobalGet(self.scratch),
            Instruction::I64ExtendI32U,
            Instruction::I64Const(MEMORY_BYTE_INK as i64),
            Instruction::I64Mul,
            Instruction::I64Sub,
            Instruction::GlobalSet(self.ink),
            Instruction::GlobalGet(self.ink),
            Instruction::I64LtU,
            Instruction::If(BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(self.status),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::GlobalGet(self.scratch),
        ]
    }
}

impl Reencode for Meter {
    type Error = Infallible;

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), Error> {
        utils::parse_global_section(self, globals, section)?;
        self.add_meter_globals(globals);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), Error> {
        let past_globals = !matches!(
            before,
            Some(
                SectionId::Type
                    | SectionId::Import
                    | SectionId::Function
                    | SectionId::Table
                    | SectionId::Memory
                    | SectionId::Tag
                    | SectionId::Global
            )
        );
        if self.add_globals && past_globals {
            let mut globals = wasm_encoder::GlobalSection::new();
            self.add_meter_globals(&mut globals);
            module.section(&globals);
            self.add_globals = false;
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), Error> {
        utils::parse_export_section(self, exports, section)?;
        exports.export(INK_LEFT, ExportKind::Global, self.ink);
        exports.export(INK_STATUS, ExportKind::Global, self.status);
        if let Some(profile) = &self.profile {
            for (i, name) in (0..).zip(&profile.names) {
                exports.export(&format!("{}{name}", crate::profile::INK), ExportKind::Global, profile.ink(i));
                exports.export(&format!("{}{name}", crate::profile::CALLS), ExportKind::Global, profile.calls(i));
            }
            let blocks = profile.blocks.iter().zip(&profile.names).flat_map(|(blocks, name)| blocks.iter().map(move |b| (name, b)));
            for (global, (name, (offset, bytes))) in (profile.counters + 2 * profile.names.len() as u32..).zip(blocks) {
                exports.export(&format!("{}{name}:{offset}:{bytes}", crate::profile::BLOCK), ExportKind::Global, global);
            }
        }
        Ok(())
    }

    fn parse_function_body(&mut self, code: &mut wasm_encoder::CodeSection, body: wasmparser::FunctionBody<'_>) -> Result<(), Error> {
        let mut function = self.new_function_with_parsed_locals(&body)?;
        if let Some(profile) = &self.profile {
            for instruction in Profile::add(profile.calls(profile.function), 1) {
                function.instruction(&instruction);
            }
        }
        let mut block = Vec::new();
        let mut cost = 0u64;
        for op in body.get_operators_reader()? {
            let op = op?;
            cost = cost.saturating_add(op_ink(&op, &self.params));
            let ends = ends_basic_block(&op);
            match op {
                Operator::MemoryCopy { .. } | Operator::MemoryFill { .. } => block.extend(self.per_byte()),
                Operator::MemoryGrow { .. } => {
                    if let Some(pay) = self.pay_for_memory_grow {
                        block.extend([
                            Instruction::GlobalSet(self.scratch),
                            Instruction::GlobalGet(self.scratch),
                            Instruction::GlobalGet(self.scratch),
                            Instruction::Call(pay),
                        ]);
                    }
                }
                _ => {}
            }
            block.push(self.instruction(op)?);
            if ends {
                for instruction in self.header(cost.saturating_add(INK_HEADER_COST)) {
                    function.instruction(&instruction);
                }
                if let Some(profile) = &mut self.profile {
                    for instruction in Profile::add(profile.ink(profile.function), cost.saturating_add(INK_HEADER_COST)) {
                        function.instruction(&instruction);
                    }
                    function.instruction(&Instruction::I64Const(1));
                    function.instruction(&Instruction::GlobalSet(profile.flag()));
                    profile.block += 1;
                }
                for instruction in block.drain(..) {
                    function.instruction(&instruction);
                }
                cost = 0;
            }
        }
        code.function(&function);
        if let Some(profile) = &mut self.profile {
            profile.function += 1;
        }
        Ok(())
    }
}
