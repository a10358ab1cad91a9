//! The Stylus program gate: checks a WASM program the way Nitro's activation does (WASM features,
//! imports, exports) and against the portable size limits of DECISIONS D16, so a program that would
//! not activate on Arbitrum fails the build here, and the devnode refuses it at activation.

use std::fmt;

use wasmparser::{ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator, WasmFeatures};

/// Largest accepted program, brotli-compressed at quality 11 and window 22 (D16).
pub const MAX_COMPRESSED: usize = 24_576;
/// Largest accepted program, uncompressed (D16).
pub const MAX_RAW: usize = 128 * 1024;
/// Brotli quality used for deployed code.
pub const BROTLI_QUALITY: u32 = 11;
/// Brotli window (log2 bytes) used for deployed code.
pub const BROTLI_WINDOW: u32 = 22;
/// Import modules a Stylus program may use.
pub const IMPORT_MODULES: [&str; 2] = ["vm_hooks", "console"];

/// One host function a program may import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostFunction {
    /// Import module: `vm_hooks` or `console`.
    pub module: &'static str,
    /// Import name.
    pub name: &'static str,
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
}

/// Every host function Nitro links into a user program (`vm_hooks`), plus the debug chain's `console`.
pub const HOST_FUNCTIONS: &[HostFunction] = &[
    HostFunction { module: "vm_hooks", name: "read_args", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "write_result", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "exit_early", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "storage_load_bytes32", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "storage_cache_bytes32", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "storage_flush_cache", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "transient_load_bytes32", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "transient_store_bytes32", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction {
        module: "vm_hooks",
        name: "call_contract",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I32, ValType::I64, ValType::I32],
        results: &[ValType::I32],
    },
    HostFunction {
        module: "vm_hooks",
        name: "delegate_call_contract",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I64, ValType::I32],
        results: &[ValType::I32],
    },
    HostFunction {
        module: "vm_hooks",
        name: "static_call_contract",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I64, ValType::I32],
        results: &[ValType::I32],
    },
    HostFunction {
        module: "vm_hooks",
        name: "create1",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I32, ValType::I32],
        results: &[],
    },
    HostFunction {
        module: "vm_hooks",
        name: "create2",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I32, ValType::I32, ValType::I32],
        results: &[],
    },
    HostFunction {
        module: "vm_hooks",
        name: "read_return_data",
        params: &[ValType::I32, ValType::I32, ValType::I32],
        results: &[ValType::I32],
    },
    HostFunction { module: "vm_hooks", name: "return_data_size", params: &[], results: &[ValType::I32] },
    HostFunction { module: "vm_hooks", name: "emit_log", params: &[ValType::I32, ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "account_balance", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction {
        module: "vm_hooks",
        name: "account_code",
        params: &[ValType::I32, ValType::I32, ValType::I32, ValType::I32],
        results: &[ValType::I32],
    },
    HostFunction { module: "vm_hooks", name: "account_code_size", params: &[ValType::I32], results: &[ValType::I32] },
    HostFunction { module: "vm_hooks", name: "account_codehash", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "evm_gas_left", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "evm_ink_left", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "block_basefee", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "chainid", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "block_coinbase", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "block_gas_limit", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "block_number", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "block_timestamp", params: &[], results: &[ValType::I64] },
    HostFunction { module: "vm_hooks", name: "contract_address", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "math_div", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "math_mod", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "math_pow", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "math_add_mod", params: &[ValType::I32, ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "math_mul_mod", params: &[ValType::I32, ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "msg_reentrant", params: &[], results: &[ValType::I32] },
    HostFunction { module: "vm_hooks", name: "msg_sender", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "msg_value", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "native_keccak256", params: &[ValType::I32, ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "tx_gas_price", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "tx_ink_price", params: &[], results: &[ValType::I32] },
    HostFunction { module: "vm_hooks", name: "tx_origin", params: &[ValType::I32], results: &[] },
    HostFunction { module: "vm_hooks", name: "pay_for_memory_grow", params: &[ValType::I32], results: &[] },
    HostFunction { module: "console", name: "log_txt", params: &[ValType::I32, ValType::I32], results: &[] },
    HostFunction { module: "console", name: "log_i32", params: &[ValType::I32], results: &[] },
    HostFunction { module: "console", name: "log_i64", params: &[ValType::I64], results: &[] },
    HostFunction { module: "console", name: "log_f32", params: &[ValType::F32], results: &[] },
    HostFunction { module: "console", name: "log_f64", params: &[ValType::F64], results: &[] },
    HostFunction { module: "console", name: "tee_i32", params: &[ValType::I32], results: &[ValType::I32] },
    HostFunction { module: "console", name: "tee_i64", params: &[ValType::I64], results: &[ValType::I64] },
    HostFunction { module: "console", name: "tee_f32", params: &[ValType::F32], results: &[ValType::F32] },
    HostFunction { module: "console", name: "tee_f64", params: &[ValType::F64], results: &[ValType::F64] },
];

/// The WASM features Nitro accepts: the MVP with mutable globals, sign extension, saturating
/// float-to-int and bulk memory; no reference types, multi-value, SIMD, threads or other proposals.
pub fn stylus_features() -> WasmFeatures {
    WasmFeatures::WASM1 | WasmFeatures::SIGN_EXTENSION | WasmFeatures::SATURATING_FLOAT_TO_INT | WasmFeatures::BULK_MEMORY
}

/// Sizes of one program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Uncompressed bytes.
    pub raw: usize,
    /// Brotli-compressed bytes.
    pub compressed: usize,
    /// Bytes of the data segments, which every cached entry pays for (Nitro's `cached_init_cost`:
    /// ~0.75 gas a byte).
    pub data: usize,
}

impl Sizes {
    /// Bytes left under the compressed limit (negative when over).
    pub fn headroom(&self) -> i64 {
        MAX_COMPRESSED as i64 - self.compressed as i64
    }
}

/// Why a program was refused; every problem found, each a readable sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The problems, in the order found.
    pub problems: Vec<String>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("; "))
    }
}

impl std::error::Error for Rejection {}

/// Compresses `wasm` as deployed Stylus code is compressed.
pub fn compress(wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: BROTLI_QUALITY as i32, lgwin: BROTLI_WINDOW as i32, ..Default::default() };
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &wasm[..], &mut out, &params);
    out
}

/// Decompresses deployed Stylus code, refusing anything that inflates past `MAX_RAW`.
pub fn decompress(compressed: &[u8]) -> Result<Vec<u8>, Rejection> {
    let mut out = Vec::new();
    let mut reader = brotli::Decompressor::new(compressed, 4096);
    let mut buf = [0u8; 4096];
    loop {
        match std::io::Read::read(&mut reader, &mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) if out.len() + n > MAX_RAW => {
                return Err(reject(format!("program is larger than {MAX_RAW} bytes uncompressed once decompressed")))
            }
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return Err(reject(format!("program is not valid brotli: {e}"))),
        }
    }
}

/// Measures `wasm` raw, compressed and its data segments (those that parse).
pub fn sizes(wasm: &[u8]) -> Sizes {
    Sizes { raw: wasm.len(), compressed: compress(wasm).len(), data: data_bytes(wasm) }
}

/// Bytes of the data segments of `wasm`.
fn data_bytes(wasm: &[u8]) -> usize {
    let segments = Parser::new(0).parse_all(wasm).filter_map(|payload| match payload {
        Ok(Payload::DataSection(section)) => Some(section.into_iter().filter_map(|data| data.ok().map(|d| d.data.len())).sum::<usize>()),
        _ => None,
    });
    segments.sum()
}

/// Checks the size limits of D16.
pub fn check_size(sizes: Sizes) -> Result<(), Rejection> {
    let mut problems = Vec::new();
    if sizes.compressed > MAX_COMPRESSED {
        problems.push(format!(
            "program is {} bytes compressed, over the limit of {MAX_COMPRESSED} by {}",
            sizes.compressed,
            sizes.compressed - MAX_COMPRESSED
        ));
    }
    if sizes.raw > MAX_RAW {
        problems.push(format!("program is {} bytes uncompressed, over the limit of {MAX_RAW} by {}", sizes.raw, sizes.raw - MAX_RAW));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Rejection { problems })
    }
}

/// Checks that `wasm` is a module Nitro would activate: valid under the Stylus feature set; only
/// known host functions imported, with their exact signatures; `user_entrypoint(i32) -> i32` and
/// `memory` exported; one memory of at most 128 initial pages, growable only with
/// `pay_for_memory_grow`; no start function, reserved `stylus` names, float arithmetic or bulk-memory
/// operations other than `memory.copy`/`memory.fill`; and within Nitro's count limits.
pub fn validate(wasm: &[u8]) -> Result<(), Rejection> {
    let mut validator = Validator::new_with_features(stylus_features());
    if let Err(e) = validator.validate_all(wasm) {
        return Err(reject(format!("invalid WASM for Stylus: {}", e.message())));
    }
    let mut v = Checker::default();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(malformed)?;
        v.payload(payload).map_err(malformed)?;
    }
    v.finish();
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(Rejection { problems: v.problems })
    }
}

fn malformed(e: wasmparser::BinaryReaderError) -> Rejection {
    reject(format!("malformed WASM: {}", e.message()))
}

/// Nitro's count limits on a user program: (what, limit).
const LIMITS: [(&str, usize); 6] = [
    ("functions", 4096),
    ("imports", 513),
    ("data segments", 128),
    ("element segments", 128),
    ("table entries", 4096),
    ("globals", 32_768),
];
/// Most locals one function may declare.
const MAX_LOCALS: u32 = 348;
/// Most initial memory pages (64 KiB each).
const MAX_PAGES: u64 = 128;
/// Float operators Nitro accepts: constants, loads, stores and reinterpretations.
const ALLOWED_FLOAT_OPS: [&str; 10] = [
    "F32Const",
    "F64Const",
    "F32Load",
    "F64Load",
    "F32Store",
    "F64Store",
    "F32ReinterpretI32",
    "F64ReinterpretI64",
    "I32ReinterpretF32",
    "I64ReinterpretF64",
];
/// Bulk-memory and table operators Nitro rejects.
const FORBIDDEN_OPS: [&str; 10] =
    ["MemoryInit", "DataDrop", "ElemDrop", "TableInit", "TableCopy", "TableFill", "TableGet", "TableSet", "TableGrow", "TableSize"];

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
    types: Vec<FuncType>,
    func_types: Vec<u32>,
    imported_funcs: usize,
    counts: [usize; 6],
    entrypoint: Option<u32>,
    memory_export: Option<u32>,
    memories: Vec<wasmparser::MemoryType>,
    imports_grow: bool,
    body: usize,
}

impl Checker {
    fn payload(&mut self, payload: Payload<'_>) -> wasmparser::Result<()> {
        match payload {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    self.types.push(ty?);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    self.import(import?);
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    self.func_types.push(ty?);
                    self.counts[0] += 1;
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    self.counts[4] += table?.ty.initial as usize;
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    self.memories.push(memory?);
                }
            }
            Payload::GlobalSection(reader) => self.counts[5] += reader.count() as usize,
            Payload::DataSection(reader) => self.counts[2] += reader.count() as usize,
            Payload::ElementSection(reader) => self.counts[3] += reader.count() as usize,
            Payload::StartSection { .. } => self.problems.push("program has a start function; Stylus forbids start functions".into()),
            Payload::DataCountSection { .. } => self.problems.push(
                "program has a DataCount section, which Nitro's parser refuses (wasm-opt writes one under bulk memory; `stylus-gate strip` removes it)"
                    .into(),
            ),
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    if export.name.starts_with("stylus") {
                        self.problems.push(format!("export `{}` uses the reserved prefix `stylus`", export.name));
                    }
                    match (export.name, export.kind) {
                        ("user_entrypoint", ExternalKind::Func) => self.entrypoint = Some(export.index),
                        ("memory", ExternalKind::Memory) => self.memory_export = Some(export.index),
                        _ => {}
                    }
                }
            }
            Payload::CodeSectionEntry(body) => self.function(body)?,
            _ => {}
        }
        Ok(())
    }

    fn import(&mut self, import: wasmparser::Import<'_>) {
        self.counts[1] += 1;
        let TypeRef::Func(ty) = import.ty else {
            self.problems
                .push(format!("import `{}::{}` is not a function; Stylus imports only host functions", import.module, import.name));
            return;
        };
        self.func_types.push(ty);
        self.imported_funcs += 1;
        let known = HOST_FUNCTIONS.iter().find(|h| h.module == import.module && h.name == import.name);
        match known {
            None if !IMPORT_MODULES.contains(&import.module) => {
                self.problems.push(format!("import `{}::{}` is from a module other than vm_hooks or console", import.module, import.name));
            }
            None => self.problems.push(format!("import `{}::{}` is not a Stylus host function", import.module, import.name)),
            Some(host) => {
                let expected = FuncType::new(host.params.iter().copied(), host.results.iter().copied());
                if self.types.get(ty as usize) != Some(&expected) {
                    self.problems
                        .push(format!("import `{}::{}` has the wrong signature (expected {expected})", import.module, import.name));
                }
                self.imports_grow |= host.name == "pay_for_memory_grow";
            }
        }
    }

    fn function(&mut self, body: wasmparser::FunctionBody<'_>) -> wasmparser::Result<()> {
        let index = self.imported_funcs + self.body;
        self.body += 1;
        let mut locals = 0u32;
        for local in body.get_locals_reader()? {
            locals = locals.saturating_add(local?.0);
        }
        if locals > MAX_LOCALS {
            self.problems.push(format!("function {index} declares {locals} locals, over Nitro's limit of {MAX_LOCALS}"));
        }
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let op = format!("{:?}", reader.read()?);
            let name = op.split([' ', '{', '(']).next().unwrap_or_default();
            let float = (name.contains("F32") || name.contains("F64")) && !ALLOWED_FLOAT_OPS.contains(&name);
            if float || FORBIDDEN_OPS.contains(&name) {
                let kind = if float { "float arithmetic" } else { "bulk-memory or table operator" };
                self.problems.push(format!("function {index} uses `{name}`: {kind} not supported by Stylus"));
                break;
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        for ((what, limit), count) in LIMITS.iter().zip(self.counts) {
            if count > *limit {
                self.problems.push(format!("too many {what}: {count} > {limit}"));
            }
        }
        match self.entrypoint {
            None => self.problems.push("missing export `user_entrypoint` (a function)".into()),
            Some(index) => {
                let ty = self.func_types.get(index as usize).and_then(|t| self.types.get(*t as usize));
                if ty != Some(&FuncType::new([ValType::I32], [ValType::I32])) {
                    self.problems.push("export `user_entrypoint` must have type (i32) -> i32".into());
                }
            }
        }
        match (self.memories.as_slice(), self.memory_export) {
            ([memory], Some(0)) => {
                if memory.initial > MAX_PAGES {
                    self.problems.push(format!("memory starts at {} pages, over the limit of {MAX_PAGES}", memory.initial));
                }
                if memory.maximum != Some(memory.initial) && !self.imports_grow {
                    self.problems.push("memory can grow but `vm_hooks::pay_for_memory_grow` is not imported".into());
                }
            }
            ([], _) => self.problems.push("program defines no memory".into()),
            (_, None) => self.problems.push("missing export `memory` (a memory)".into()),
            _ => self.problems.push("only one memory is allowed".into()),
        }
    }
}

/// Runs every check of the gate on `wasm` and returns its sizes.
pub fn check(wasm: &[u8]) -> Result<Sizes, Rejection> {
    let sizes = sizes(wasm);
    let mut problems = Vec::new();
    if let Err(r) = check_size(sizes) {
        problems.extend(r.problems);
    }
    if let Err(r) = validate(wasm) {
        problems.extend(r.problems);
    }
    if problems.is_empty() {
        Ok(sizes)
    } else {
        Err(Rejection { problems })
    }
}

/// Id of the DataCount section.
const DATA_COUNT_SECTION: u8 = 12;

/// `wasm` without its DataCount section, which wasm-opt writes under bulk memory and Nitro refuses;
/// nothing else reads it once `memory.init` and `data.drop` are refused, as the gate does.
pub fn strip_data_count(wasm: &[u8]) -> Result<Vec<u8>, Rejection> {
    let truncated = || reject("malformed WASM: a section runs past the end of the module".into());
    let mut out = wasm.get(..8).ok_or_else(truncated)?.to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let (size, leb) = leb_u32(wasm.get(at + 1..).unwrap_or_default()).ok_or_else(truncated)?;
        at = at + 1 + leb + size as usize;
        let section = wasm.get(start..at).ok_or_else(truncated)?;
        if section[0] != DATA_COUNT_SECTION {
            out.extend_from_slice(section);
        }
    }
    Ok(out)
}

/// Reads an unsigned LEB128 u32: the value and the bytes it took.
fn leb_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value = 0u32;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn reject(problem: String) -> Rejection {
    Rejection { problems: vec![problem] }
}

/// Renders the size table (Markdown) for named programs.
pub fn size_table(rows: &[(String, Sizes)]) -> String {
    let mut out =
        String::from("| program | raw bytes | brotli bytes | headroom (of 24,576) | data segment bytes |\n|---|---:|---:|---:|---:|\n");
    for (name, s) in rows {
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {} |\n",
            thousands(s.raw as i64),
            thousands(s.compressed as i64),
            thousands(s.headroom()),
            thousands(s.data as i64)
        ));
    }
    out
}

fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->` in `doc`.
pub fn replace_between_markers(doc: &str, name: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN {name} -->");
    let end = format!("<!-- END {name} -->");
    let start = doc.find(&begin)? + begin.len();
    let stop = start + doc[start..].find(&end)?;
    Some(format!("{}\n{}{}", &doc[..start], body, &doc[stop..]))
}
