//! nitro-replay: replays recorded Stylus program frames under Nitro's own Stylus runtime
//! (crate `stylus` of OffchainLabs/nitro, native wasmer execution) and reports the ink used.
//!
//! The flow mirrors Nitro's node (`stylus_activate` -> `stylus_compile` -> `stylus_call`):
//!   * `stylus::native::activate` (prover's `Module::activate`): validation + module hash,
//!   * `stylus::native::compile`: the serialized native asm (singlepass, like the node),
//!   * `NativeInstance::deserialize` + `run_main` with an `EvmApiRequestor` (Nitro's storage
//!     cache) around a `RequestHandler` that answers from the recorded request list.
//!
//! The only thing replaced is Go: the request handler, which here answers from the frame's
//! recording instead of geth's state.

use std::{
    collections::HashMap,
    panic::{AssertUnwindSafe, catch_unwind},
    path::{Path, PathBuf},
};

use arbutil::{
    Bytes20, Bytes32,
    evm::{
        EvmData,
        api::{EvmApiMethod, Gas, Ink, VecReader},
        req::{EvmApiRequestor, RequestHandler},
        user::{UserOutcome, UserOutcomeKind},
    },
};
use eyre::{Result, WrapErr, bail, eyre};
use prover::programs::{
    config::PricingParams,
    prelude::{CompileConfig, MeteredMachine, StylusConfig},
};
use serde::Deserialize;
use serde_json::{Value, json};
use stylus::{native::NativeInstance, run::RunProgram};
use wasmer::sys::Target;

const NITRO_COMMIT: &str = "6dce8d13902649a1acdfd3f2504129f1f5612358";

// ---------------------------------------------------------------------------------------------
// input format
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct Input {
    stylus_version: u16,
    ink_price: u32,
    max_depth: u32,
    page_limit: u16,
    #[serde(default)]
    debug: bool,
    /// ArbOS version passed to activation (validation only; does not change the asm).
    /// Default: the first frame's `evm_data.arbos_version`.
    #[serde(default)]
    arbos_version_for_activation: Option<u64>,
    programs: HashMap<String, String>,
    frames: Vec<Frame>,
}

#[derive(Deserialize)]
struct Frame {
    #[serde(default)]
    label: String,
    codehash: String,
    evm_data: EvmDataJson,
    calldata: String,
    ink: u64,
    #[serde(default)]
    requests: Vec<RecordedRequest>,
    #[serde(default)]
    devnode: Option<DevnodeResult>,
    /// optional per-frame overrides of the top-level config
    #[serde(default)]
    max_depth: Option<u32>,
    #[serde(default)]
    ink_price: Option<u32>,
}

#[derive(Deserialize)]
struct EvmDataJson {
    arbos_version: u64,
    block_basefee: String,
    chainid: u64,
    block_coinbase: String,
    block_gas_limit: u64,
    block_number: u64,
    block_timestamp: u64,
    contract_address: String,
    /// only used by Nitro's InitCache (not used here); optional, default zero
    #[serde(default)]
    module_hash: Option<String>,
    msg_sender: String,
    msg_value: String,
    tx_gas_price: String,
    tx_origin: String,
    reentrant: u32,
    #[serde(default)]
    cached: bool,
    /// Nitro's Go side always passes 0 here (arbos/programs/native.go `encode`); accepted
    /// for completeness.
    #[serde(default)]
    return_data_len: u32,
}

#[derive(Deserialize, Clone)]
struct RecordedRequest {
    method: String,
    #[serde(default)]
    data: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    raw: String,
    #[serde(default)]
    gas: u64,
}

#[derive(Deserialize)]
struct DevnodeResult {
    status: String,
    ink_left: u64,
    #[serde(default)]
    output: String,
}

// ---------------------------------------------------------------------------------------------
// hex helpers
// ---------------------------------------------------------------------------------------------

fn unhex(s: &str) -> Result<Vec<u8>> {
    let s = s.trim();
    let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
    if s.len() % 2 == 1 {
        return Ok(hex::decode(format!("0{s}"))?);
    }
    Ok(hex::decode(s)?)
}

fn tohex(b: &[u8]) -> String {
    format!("0x{}", hex::encode(b))
}

/// Fixed-size big-endian value; shorter inputs are left-padded, longer ones are an error.
fn fixed<const N: usize>(s: &str, what: &str) -> Result<[u8; N]> {
    let v = unhex(s).wrap_err_with(|| format!("bad hex in {what}"))?;
    if v.len() > N {
        bail!("{what}: {} bytes, expected {N}", v.len());
    }
    let mut out = [0u8; N];
    out[N - v.len()..].copy_from_slice(&v);
    Ok(out)
}

fn method_from_name(name: &str) -> Option<EvmApiMethod> {
    use EvmApiMethod::*;
    Some(match name {
        "GetBytes32" => GetBytes32,
        "SetTrieSlots" => SetTrieSlots,
        "GetTransientBytes32" => GetTransientBytes32,
        "SetTransientBytes32" => SetTransientBytes32,
        "ContractCall" => ContractCall,
        "DelegateCall" => DelegateCall,
        "StaticCall" => StaticCall,
        "Create1" => Create1,
        "Create2" => Create2,
        "EmitLog" => EmitLog,
        "AccountBalance" => AccountBalance,
        "AccountCode" => AccountCode,
        "AccountCodeHash" => AccountCodeHash,
        "AddPages" => AddPages,
        "CaptureHostIO" => CaptureHostIO,
        _ => return None,
    })
}

fn method_name(m: EvmApiMethod) -> String {
    format!("{m:?}")
}

// ---------------------------------------------------------------------------------------------
// the replaying request handler (stands in for Nitro's Go side)
// ---------------------------------------------------------------------------------------------

struct Recorded {
    method: String,
    data: Vec<u8>,
    result: Vec<u8>,
    raw: Vec<u8>,
    gas: u64,
}

#[derive(Clone)]
struct Mismatch {
    index: usize,
    expected_method: Option<String>,
    got_method: Option<String>,
    expected_data: Option<String>,
    got_data: Option<String>,
    reason: String,
}

struct ReplayHandler {
    recorded: Vec<Recorded>,
    next: usize,
    strict: bool,
    /// set once the replay cannot be continued faithfully; every later request then gets an
    /// answer that makes Nitro's requestor fail (see `abort_answer`)
    aborted: bool,
    mismatch: Option<Mismatch>,
    hostios: Vec<(String, u64, u64)>,
    /// requests Nitro sent (excluding CaptureHostIO), for --verbose / diagnostics
    sent: Vec<(String, Vec<u8>)>,
}

/// SetTrieSlots data: 8-byte gas_left then 64-byte (key, value) pairs in HashMap order.
fn trie_slots_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() || a.len() < 8 || (a.len() - 8) % 64 != 0 || a[..8] != b[..8] {
        return false;
    }
    let mut x: Vec<&[u8]> = a[8..].chunks(64).collect();
    let mut y: Vec<&[u8]> = b[8..].chunks(64).collect();
    x.sort();
    y.sort();
    x == y
}

impl ReplayHandler {
    fn new(recorded: Vec<Recorded>, strict: bool) -> Self {
        Self {
            recorded,
            next: 0,
            strict,
            aborted: false,
            mismatch: None,
            hostios: vec![],
            sent: vec![],
        }
    }

    /// An answer that makes `EvmApiRequestor` return an error (-> the hostio fails and the
    /// program ends as `Failure`) wherever Nitro's code checks the answer. Create1/2 and
    /// AccountCode don't check, so the program sees a failed create / empty code there.
    fn abort_answer(method: EvmApiMethod) -> (Vec<u8>, VecReader, Gas) {
        use EvmApiMethod::*;
        let empty = VecReader::new(vec![]);
        match method {
            // res[0] must parse as UserOutcomeKind: 0xff does not -> Err
            ContractCall | DelegateCall | StaticCall => (vec![0xff], empty, Gas(0)),
            // non-empty result = error string
            EmitLog => (b"nitro-replay: request mismatch".to_vec(), empty, Gas(0)),
            Create1 | Create2 => (b"\0nitro-replay: request mismatch".to_vec(), empty, Gas(0)),
            // can't fail this one; charge everything so the program runs out of ink
            AddPages => (vec![], empty, Gas(u64::MAX)),
            // empty result -> try_into / first() fails
            _ => (vec![], empty, Gas(0)),
        }
    }
}

impl RequestHandler<VecReader> for ReplayHandler {
    fn request(
        &mut self,
        req_type: EvmApiMethod,
        req_data: impl AsRef<[u8]>,
    ) -> (Vec<u8>, VecReader, Gas) {
        let data = req_data.as_ref();
        if let EvmApiMethod::CaptureHostIO = req_type {
            // start_ink u64 | end_ink u64 | name_len u32 | args_len u32 | outs_len u32 | name ..
            let start = u64::from_be_bytes(data[0..8].try_into().unwrap());
            let end = u64::from_be_bytes(data[8..16].try_into().unwrap());
            let name_len = u32::from_be_bytes(data[16..20].try_into().unwrap()) as usize;
            let name = String::from_utf8_lossy(&data[28..28 + name_len]).into_owned();
            self.hostios.push((name, start, end));
            return (vec![], VecReader::new(vec![]), Gas(0));
        }
        let got_method = method_name(req_type);
        self.sent.push((got_method.clone(), data.to_vec()));
        if self.aborted {
            return Self::abort_answer(req_type);
        }
        let index = self.next;
        let Some(rec) = self.recorded.get(index) else {
            self.mismatch.get_or_insert(Mismatch {
                index,
                expected_method: None,
                got_method: Some(got_method),
                expected_data: None,
                got_data: Some(tohex(data)),
                reason: "Nitro sent more requests than were recorded".into(),
            });
            self.aborted = true;
            return Self::abort_answer(req_type);
        };
        let differs = |reason: &str| Mismatch {
            index,
            expected_method: Some(rec.method.clone()),
            got_method: Some(got_method.clone()),
            expected_data: Some(tohex(&rec.data)),
            got_data: Some(tohex(data)),
            reason: reason.into(),
        };
        if rec.method != got_method {
            self.mismatch.get_or_insert(differs("method differs"));
            self.aborted = true;
            return Self::abort_answer(req_type);
        }
        let same = match req_type {
            EvmApiMethod::SetTrieSlots => trie_slots_equal(&rec.data, data),
            _ => rec.data == data,
        };
        if !same {
            self.mismatch.get_or_insert(differs("data differs"));
            if self.strict {
                self.aborted = true;
                return Self::abort_answer(req_type);
            }
            // same method: keep going with the recorded answer
        }
        self.next += 1;
        (
            rec.result.clone(),
            VecReader::new(rec.raw.clone()),
            Gas(rec.gas),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// programs
// ---------------------------------------------------------------------------------------------

/// Path to a .wasm (raw), a .wasm.br / Stylus-prefixed brotli, or 0x-hex of either.
fn load_program(spec: &str, base: &Path) -> Result<Vec<u8>> {
    let bytes = if spec.starts_with("0x") || spec.starts_with("0X") {
        unhex(spec)?
    } else {
        let p = PathBuf::from(spec);
        let p = if p.is_absolute() { p } else { base.join(p) };
        std::fs::read(&p).wrap_err_with(|| format!("reading {}", p.display()))?
    };
    decode_program(bytes)
}

fn decode_program(bytes: Vec<u8>) -> Result<Vec<u8>> {
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    use brotli::Dictionary;
    // Stylus contract code: 0xEFF000 ++ dictionary byte ++ brotli
    if bytes.starts_with(&[0xEF, 0xF0, 0x00]) && bytes.len() > 4 {
        let dict = match bytes[3] {
            0 => Dictionary::Empty,
            1 => Dictionary::StylusProgram,
            d => bail!("unknown Stylus dictionary byte {d}"),
        };
        return brotli::decompress(&bytes[4..], dict)
            .map_err(|e| eyre!("brotli decompress failed: {e:?}"));
    }
    if let Ok(w) = brotli::decompress(&bytes, Dictionary::Empty)
        && w.starts_with(b"\0asm")
    {
        return Ok(w);
    }
    if let Ok(w) = brotli::decompress(&bytes, Dictionary::StylusProgram)
        && w.starts_with(b"\0asm")
    {
        return Ok(w);
    }
    // last resort: wat text
    Ok(wasmer::wat2wasm(&bytes)
        .map_err(|e| eyre!("program is neither wasm, brotli nor wat: {e}"))?
        .into_owned())
}

struct Program {
    singlepass: Vec<u8>,
    cranelift: Option<Vec<u8>>,
    wasm: Vec<u8>,
    module_hash: Bytes32,
    activation: Value,
}

// ---------------------------------------------------------------------------------------------
// one frame
// ---------------------------------------------------------------------------------------------

struct RunResult {
    kind: UserOutcomeKind,
    output: Vec<u8>,
    error: Option<String>,
    ink_left: u64,
    handler: ReplayHandler,
}

fn run_once(
    asm: &[u8],
    input: &Input,
    frame: &Frame,
    evm_data: EvmData,
    recorded: Vec<Recorded>,
    strict: bool,
) -> Result<RunResult> {
    let calldata = unhex(&frame.calldata).wrap_err("calldata")?;
    let config = StylusConfig {
        version: input.stylus_version,
        max_depth: frame.max_depth.unwrap_or(input.max_depth),
        pricing: PricingParams {
            ink_price: frame.ink_price.unwrap_or(input.ink_price),
        },
    };
    let evm_api = EvmApiRequestor::new(ReplayHandler::new(recorded, strict));
    let compile = CompileConfig::version(input.stylus_version, input.debug);
    // as in `stylus_call`, minus the InitCache (keyed by module hash only)
    let mut instance = unsafe { NativeInstance::deserialize(asm, compile, evm_api, evm_data)? };
    let outcome = instance.run_main(&calldata, config, Ink(frame.ink));

    let (kind, output, error) = match outcome {
        Ok(UserOutcome::NativeStackOverflow) => {
            (UserOutcomeKind::NativeStackOverflow, vec![], None)
        }
        Err(e) | Ok(UserOutcome::Failure(e)) => (
            UserOutcomeKind::Failure,
            vec![],
            Some(format!("{:?}", e.wrap_err("call failed"))),
        ),
        Ok(outcome) => {
            let (kind, out) = outcome.into_data();
            (kind, out, None)
        }
    };
    // exactly stylus_call's rule
    let ink_left = match kind {
        UserOutcomeKind::OutOfStack | UserOutcomeKind::NativeStackOverflow => 0,
        _ => {
            let ink: Ink = instance.ink_left().into();
            ink.0
        }
    };
    let requestor = &mut instance.env_mut().evm_api;
    let handler = std::mem::replace(
        requestor.request_handler(),
        ReplayHandler::new(vec![], false),
    );
    Ok(RunResult {
        kind,
        output,
        error,
        ink_left,
        handler,
    })
}

fn build_evm_data(e: &EvmDataJson) -> Result<EvmData> {
    Ok(EvmData {
        arbos_version: e.arbos_version,
        block_basefee: Bytes32(fixed(&e.block_basefee, "block_basefee")?),
        chainid: e.chainid,
        block_coinbase: Bytes20(fixed(&e.block_coinbase, "block_coinbase")?),
        block_gas_limit: e.block_gas_limit,
        block_number: e.block_number,
        block_timestamp: e.block_timestamp,
        contract_address: Bytes20(fixed(&e.contract_address, "contract_address")?),
        module_hash: match &e.module_hash {
            Some(h) => Bytes32(fixed(h, "module_hash")?),
            None => Bytes32::default(),
        },
        msg_sender: Bytes20(fixed(&e.msg_sender, "msg_sender")?),
        msg_value: Bytes32(fixed(&e.msg_value, "msg_value")?),
        tx_gas_price: Bytes32(fixed(&e.tx_gas_price, "tx_gas_price")?),
        tx_origin: Bytes20(fixed(&e.tx_origin, "tx_origin")?),
        reentrant: e.reentrant,
        return_data_len: e.return_data_len,
        cached: e.cached,
        tracing: true, // so Nitro sends CaptureHostIO requests
    })
}

fn status_name(k: UserOutcomeKind) -> String {
    format!("{k:?}")
}

fn run_frame(
    input: &Input,
    frame: &Frame,
    programs: &mut HashMap<String, Program>,
    opts: &Opts,
) -> Result<Value> {
    let key = frame.codehash.to_lowercase();
    let Some(program) = programs.get_mut(&key) else {
        bail!("no program for codehash {}", frame.codehash);
    };
    let evm_data = build_evm_data(&frame.evm_data)?;
    let recorded = || -> Result<Vec<Recorded>> {
        frame
            .requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if method_from_name(&r.method).is_none() {
                    bail!("request {i}: unknown method {}", r.method);
                }
                Ok(Recorded {
                    method: r.method.clone(),
                    data: unhex(&r.data).wrap_err_with(|| format!("request {i} data"))?,
                    result: unhex(&r.result).wrap_err_with(|| format!("request {i} result"))?,
                    raw: unhex(&r.raw).wrap_err_with(|| format!("request {i} raw"))?,
                    gas: r.gas,
                })
            })
            .collect()
    };

    let mut compiler = if opts.cranelift { "cranelift" } else { "singlepass" }.to_string();
    let asm = if opts.cranelift {
        cranelift_asm(program, input)?.to_vec()
    } else {
        program.singlepass.clone()
    };
    let mut res = run_once(&asm, input, frame, evm_data, recorded()?, opts.strict)?;
    if res.kind == UserOutcomeKind::NativeStackOverflow && !opts.cranelift {
        // Nitro's Go side (handleNativeStackOverflow) retries with cranelift asm
        let asm = cranelift_asm(program, input)?.to_vec();
        res = run_once(&asm, input, frame, evm_data, recorded()?, opts.strict)?;
        compiler = "singlepass->NativeStackOverflow->cranelift".into();
    }

    let h = &mut res.handler;
    // Nitro made fewer requests than recorded: report as a mismatch too
    if h.mismatch.is_none() && h.next < h.recorded.len() {
        let rec = &h.recorded[h.next];
        h.mismatch = Some(Mismatch {
            index: h.next,
            expected_method: Some(rec.method.clone()),
            got_method: None,
            expected_data: Some(tohex(&rec.data)),
            got_data: None,
            reason: format!(
                "Nitro sent fewer requests than recorded ({} of {})",
                h.next,
                h.recorded.len()
            ),
        });
    }
    let hostio_ink: u64 = h
        .hostios
        .iter()
        .map(|(_, s, e)| s.saturating_sub(*e))
        .sum();
    let hostios: Vec<Value> = h
        .hostios
        .iter()
        .map(|(n, s, e)| json!([n, s.saturating_sub(*e)]))
        .collect();
    let mismatch = h.mismatch.as_ref().map(|m| {
        json!({
            "index": m.index,
            "expected_method": m.expected_method,
            "got_method": m.got_method,
            "expected_data": m.expected_data,
            "got_data": m.got_data,
            "reason": m.reason,
        })
    });
    let mut out = json!({
        "label": frame.label,
        "codehash": frame.codehash,
        "status": status_name(res.kind),
        "ink": frame.ink,
        "ink_left": res.ink_left,
        "ink_used": frame.ink.saturating_sub(res.ink_left),
        "output": tohex(&res.output),
        "requests_used": h.next,
        "requests_recorded": h.recorded.len(),
        "mismatch": mismatch,
        "hostio_ink": hostio_ink,
        "hostios": hostios,
        "compiler": compiler,
        "module_hash": tohex(&program.module_hash.0),
    });
    if let Some(err) = &res.error {
        out["error"] = json!(err);
    }
    if opts.verbose {
        out["requests_sent"] = h
            .sent
            .iter()
            .map(|(m, d)| json!([m, tohex(d)]))
            .collect::<Vec<_>>()
            .into();
        out["hostios_raw"] = h
            .hostios
            .iter()
            .map(|(n, s, e)| json!([n, s, e]))
            .collect::<Vec<_>>()
            .into();
    }
    Ok(out)
}

fn cranelift_asm<'a>(program: &'a mut Program, input: &Input) -> Result<&'a [u8]> {
    if program.cranelift.is_none() {
        let asm = stylus::native::compile(
            &program.wasm,
            input.stylus_version,
            input.debug,
            Target::default(),
            true,
        )?;
        program.cranelift = Some(asm);
    }
    Ok(program.cranelift.as_deref().unwrap())
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

struct Opts {
    frames: PathBuf,
    out: Option<PathBuf>,
    cranelift: bool,
    strict: bool,
    verbose: bool,
}

fn usage() -> ! {
    eprintln!(
        "usage: nitro-replay FRAMES.json [--out RESULTS.json] [--cranelift] [--strict] [--verbose]\n\
         \n  --cranelift  compile with cranelift instead of singlepass (the node's default)\n\
         \n  --strict     stop a frame (make Nitro's requestor fail) at the first data mismatch too\n\
         \n  --verbose    add every request Nitro sent and raw hostio inks to the output"
    );
    std::process::exit(2)
}

fn parse_args() -> Opts {
    let mut args = std::env::args().skip(1);
    let mut frames = None;
    let mut out = None;
    let (mut cranelift, mut strict, mut verbose) = (false, false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" | "-o" => out = Some(PathBuf::from(args.next().unwrap_or_else(|| usage()))),
            "--cranelift" => cranelift = true,
            "--strict" => strict = true,
            "--verbose" | "-v" => verbose = true,
            "-h" | "--help" => usage(),
            _ if frames.is_none() && !a.starts_with('-') => frames = Some(PathBuf::from(a)),
            _ => usage(),
        }
    }
    Opts {
        frames: frames.unwrap_or_else(|| usage()),
        out,
        cranelift,
        strict,
        verbose,
    }
}

fn main() -> Result<()> {
    let opts = parse_args();
    let text = std::fs::read_to_string(&opts.frames)
        .wrap_err_with(|| format!("reading {}", opts.frames.display()))?;
    let input: Input = serde_json::from_str(&text).wrap_err("parsing frames json")?;
    let base = opts
        .frames
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();

    let arbos_for_activation = input
        .arbos_version_for_activation
        .or_else(|| input.frames.first().map(|f| f.evm_data.arbos_version))
        .unwrap_or(60);

    let mut programs = HashMap::new();
    let mut program_errors: HashMap<String, String> = HashMap::new();
    for (codehash, spec) in &input.programs {
        let key = codehash.to_lowercase();
        let res = (|| -> Result<Program> {
            let wasm = load_program(spec, &base)?;
            let ch = Bytes32(fixed(codehash, "codehash")?);
            let mut gas = u64::MAX;
            let (module, data) = stylus::native::activate(
                &wasm,
                &ch,
                input.stylus_version,
                arbos_for_activation,
                input.page_limit,
                input.debug,
                &mut gas,
            )
            .wrap_err("activation failed")?;
            let activation = json!({
                "module_hash": tohex(&module.hash().0),
                "init_cost": data.init_cost,
                "cached_init_cost": data.cached_init_cost,
                "footprint": data.footprint,
                "asm_estimate": data.asm_estimate,
                "activation_gas": u64::MAX - gas,
                "wasm_len": wasm.len(),
            });
            let singlepass = stylus::native::compile(
                &wasm,
                input.stylus_version,
                input.debug,
                Target::default(),
                false,
            )
            .wrap_err("compile failed")?;
            Ok(Program {
                singlepass,
                cranelift: None,
                module_hash: module.hash(),
                wasm,
                activation,
            })
        })();
        match res {
            Ok(p) => {
                programs.insert(key, p);
            }
            Err(e) => {
                eprintln!("program {codehash}: {e:?}");
                program_errors.insert(key, format!("{e:?}"));
            }
        }
    }

    let mut results = vec![];
    for (i, frame) in input.frames.iter().enumerate() {
        let key = frame.codehash.to_lowercase();
        let res = match program_errors.get(&key) {
            Some(err) => Err(eyre!("program failed to load: {err}")),
            None => catch_unwind(AssertUnwindSafe(|| {
                run_frame(&input, frame, &mut programs, &opts)
            }))
            .unwrap_or_else(|p| {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into());
                Err(eyre!("panic while running frame: {msg}"))
            }),
        };
        let value = match res {
            Ok(v) => v,
            Err(e) => json!({
                "label": frame.label,
                "codehash": frame.codehash,
                "status": "ReplayError",
                "error": format!("{e:?}"),
            }),
        };
        eprintln!("{}", summary_line(i, frame, &value));
        results.push(value);
    }

    let program_info: serde_json::Map<String, Value> = programs
        .iter()
        .map(|(k, p)| (k.clone(), p.activation.clone()))
        .collect();
    let doc = json!({
        "nitro_commit": NITRO_COMMIT,
        "runtime": "nitro crates/stylus (native wasmer 7.1.0 from crates.io + minimal fork patches), singlepass unless --cranelift",
        "stylus_version": input.stylus_version,
        "ink_price": input.ink_price,
        "max_depth": input.max_depth,
        "programs": program_info,
        "frames": results,
    });
    let text = serde_json::to_string_pretty(&doc)?;
    match &opts.out {
        Some(p) => std::fs::write(p, text + "\n")?,
        None => println!("{text}"),
    }
    Ok(())
}

fn summary_line(i: usize, frame: &Frame, v: &Value) -> String {
    let status = v["status"].as_str().unwrap_or("?");
    if status == "ReplayError" {
        return format!(
            "[{i}] {}: REPLAY ERROR {}",
            frame.label,
            v["error"].as_str().unwrap_or("").lines().next().unwrap_or("")
        );
    }
    let nitro_used = v["ink_used"].as_u64().unwrap_or(0);
    let mut line = format!(
        "[{i}] {}: nitro {status} ink_used={nitro_used} hostio_ink={}",
        frame.label,
        v["hostio_ink"].as_u64().unwrap_or(0)
    );
    if let Some(d) = &frame.devnode {
        let dev_used = frame.ink.saturating_sub(d.ink_left);
        let out_eq = unhex(&d.output).ok().map(|o| tohex(&o)) == v["output"].as_str().map(String::from);
        let verdict = if d.status == status && dev_used == nitro_used && out_eq {
            "MATCH"
        } else {
            "DIFF"
        };
        line += &format!(
            " | devnode {} ink_used={dev_used} | delta(devnode-nitro)={} status_eq={} output_eq={out_eq} => {verdict}",
            d.status,
            dev_used as i128 - nitro_used as i128,
            d.status == status,
        );
    }
    if !v["mismatch"].is_null() {
        let m = &v["mismatch"];
        line += &format!(
            " | REQUEST MISMATCH at #{}: expected {} got {} ({})",
            m["index"],
            m["expected_method"].as_str().unwrap_or("-"),
            m["got_method"].as_str().unwrap_or("-"),
            m["reason"].as_str().unwrap_or("")
        );
    }
    line
}
