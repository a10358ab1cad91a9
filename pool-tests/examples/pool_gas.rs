//! Gas of the pool's operations on the devnode (Nitro's ink and EVM gas), next to the original
//! Solidity's on the same scenario (`docs/reference/solidity-baseline-gas.md`, London):
//!
//! - `pool-gas`: the main scenario, sections 1-8 (setup, stakes, requests, stkUSDC transfers through
//!   the stkUSDC contract, claims, allocations, borrowing, withdrawals, the shortfall), with totals;
//! - `pool-gas-scaling`: scenario 10's stake and claim with 1 and 1,000+ existing stakers;
//! - `pool-gas-markdebt`: scenario 10's `markDebt` with 1, 3 and 5 overdue borrowers;
//! - `pool-gas-overhead`: the main scenario's cached rows again, their Stylus part (cached − floor)
//!   split into the programs' entries, the host calls' own ink and the WASM, and what each would cost
//!   with its WASM free.
//!
//! Section 9 (StarkProxy) follows section 8 in `pool-gas`. The tokens and the exchange are EVM contracts
//! doing what the baseline's do (`contracts/evm/`). Each operation runs twice from the same
//! state: with every program (the pool's, its facets, stkUSDC, StarkProxy's) not
//! cached (each call pays each program's full init cost, as on a chain where they are not in the
//! CacheManager) and cached, then the scenario goes on from the uncached run; the floor is the cached
//! run's gas less what the programs spent on their own execution. Prints each table after a
//! `## <name>` line; `scripts/bench.sh` puts them in the README between the markers of the same name.
//!
//! With `LS1_NITRO_FRAMES=<dir>`, also writes `<dir>/frames.json`: every Stylus frame of every cached
//! run, with its requests of the chain (`Devnode::record_frames`), for Nitro's runtime to replay
//! (issue 19, `scripts/nitro-oracle.sh`); the programs are named by their files in `target/wasm`.
//!
//! The cached runs are profiled (`Devnode::profile_functions`, which changes no figure):
//! `wasm-coverage` is the code sections 1-9 run in each program, and `pool-gas-uncached-bound` the
//! least that each row above 1.30x of Solidity uncached could cost in programs holding that code.
//! With `LS1_PROFILE=1`, also prints `wasm-profile`: where the WASM gas of sections 1-9 (cached) goes,
//! function by function (`scripts/profile.sh` builds the programs with their function names first).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use alloy_primitives::{keccak256, B256};
use devnode::{FunctionInk, ProgramCosts, INK_PER_GAS};
use pool_tests::bench::{
    main_scenario, mark_debt_scenario, profile_functions, proxy_scenario, record_frames, scaling_scenario, take_frames, take_profile, Row,
};

/// Rows of the profile table printed.
const PROFILE_ROWS: usize = 60;

fn main() {
    if std::env::var_os("LS1_NITRO_FRAMES").is_some() {
        record_frames(true);
    }
    profile_functions(true);
    let (rows, setup_rows) = main_scenario();
    let proxy_rows = proxy_scenario();
    println!("## pool-gas");
    print_header();
    for row in &rows {
        print_row(row);
    }
    print_total("**total, sections 1-8** (the rows below the setup)", &rows[setup_rows..]);
    println!("| *9. StarkProxy* | | | | | | | |");
    for row in &proxy_rows {
        print_row(row);
    }
    print_total("**total, section 9** (StarkProxy)", &proxy_rows);
    let scenario: Vec<Row> = rows[setup_rows..].iter().chain(&proxy_rows).cloned().collect();
    print_total("**total, sections 1-9**", &scenario);

    println!();
    println!("## pool-gas-scaling");
    print_header();
    for row in &scaling_scenario() {
        print_row(row);
    }

    println!();
    println!("## pool-gas-markdebt");
    print_header();
    for (units, solidity) in
        [(&[10_000][..], 176_348), (&[4_000, 3_000, 3_000][..], 295_893), (&[2_500, 2_500, 2_000, 2_000, 1_000][..], 415_465)]
    {
        print_row(&mark_debt_scenario(units, solidity));
    }

    println!();
    println!("## pool-gas-overhead");
    println!(
        "| operation | cached − floor | entries | host calls | WASM | floor + entries + host calls | that / Solidity | cached / Solidity |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        print_overhead(row);
    }
    print_overhead(&total("**total, sections 1-8**", &rows[setup_rows..]));
    for row in &proxy_rows {
        print_overhead(row);
    }
    print_overhead(&total("**total, section 9**", &proxy_rows));
    print_overhead(&total("**total, sections 1-9**", &scenario));
    let programs = program_files();
    let profile: Vec<_> =
        take_profile().into_iter().filter(|(operation, _)| scenario.iter().any(|row| row.operation == *operation)).collect();
    print_coverage(&programs, &profile);
    print_uncached_bound(&scenario, &programs, &profile);
    if std::env::var_os("LS1_PROFILE").is_some() {
        print_profile(&programs, &profile);
    }
    if let Some(dir) = std::env::var_os("LS1_NITRO_FRAMES") {
        write_frames(&programs, std::path::Path::new(&dir));
    }
}

/// The name of program `codehash`: its file's in `target/wasm`, else the code hash.
fn program_name(programs: &Programs, codehash: &B256) -> String {
    match programs.get(codehash) {
        Some(path) => path.file_stem().expect("a file name").to_string_lossy().into_owned(),
        None => codehash.to_string(),
    }
}

/// Where the WASM gas of sections 1-9 (`profile`) went, by program and function, most first.
fn print_profile(programs: &Programs, profile: &[(String, FunctionInk)]) {
    let mut functions: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for (_, function) in profile {
        let name = format!("{:#}", rustc_demangle::demangle(&function.function));
        let sums = functions.entry((program_name(programs, &function.codehash), name)).or_default();
        sums.0 += function.ink;
        sums.1 += function.calls;
    }
    let mut functions: Vec<_> = functions.into_iter().collect();
    functions.sort_by_key(|(_, (ink, _))| std::cmp::Reverse(*ink));
    let total: u64 = functions.iter().map(|(_, (ink, _))| ink).sum();
    println!();
    println!("## wasm-profile");
    println!(
        "WASM gas of sections 1-9 (cached) by function: {} in all (the basic blocks' ink; host calls, memory",
        group(total / INK_PER_GAS)
    );
    println!("and the per-byte charges of memory.copy and memory.fill aside). The first {PROFILE_ROWS}:");
    println!();
    println!("| program | function | calls | WASM gas | per call |");
    println!("|---|---|---:|---:|---:|");
    for ((program, function), (ink, calls)) in functions.iter().take(PROFILE_ROWS) {
        let per_call = *ink as f64 / INK_PER_GAS as f64 / (*calls).max(1) as f64;
        println!("| {program} | `{function}` | {} | {} | {per_call:.2} |", group(*calls), group(ink / INK_PER_GAS));
    }
}

/// The code that `functions` (profile entries) ran, by program: the functions that ran and the basic
/// blocks that ran (module offset -> bytes).
fn code_run<'a>(functions: impl Iterator<Item = &'a FunctionInk>) -> BTreeMap<B256, (BTreeSet<&'a str>, BTreeMap<u32, u32>)> {
    let mut code: BTreeMap<B256, (BTreeSet<&str>, BTreeMap<u32, u32>)> = BTreeMap::new();
    for function in functions.filter(|function| !function.blocks_run.is_empty()) {
        let program = code.entry(function.codehash).or_default();
        program.0.insert(&function.function);
        program.1.extend(&function.blocks_run);
    }
    code
}

/// The code sections 1-9 (`profile`) ran in each program (the basic blocks run at least once), against
/// the program's whole code, and the uncached init gas of that code alone: no program holding it pays less.
fn print_coverage(programs: &Programs, profile: &[(String, FunctionInk)]) {
    let run = code_run(profile.iter().map(|(_, function)| function));
    println!();
    println!("## wasm-coverage");
    println!("| program | functions run | of | code bytes run | of | uncached init gas now | of the code run |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut rows: Vec<_> = run.into_iter().collect();
    rows.sort_by_key(|(codehash, _)| program_name(programs, codehash));
    for (codehash, (functions, blocks)) in rows {
        let wasm = std::fs::read(&programs[&codehash]).expect("a program");
        let (mut all_functions, mut all_bytes) = (0u64, 0u64);
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::CodeSectionEntry(body) = payload.expect("a valid program") {
                all_functions += 1;
                all_bytes += body.range().len() as u64;
            }
        }
        let bytes_run: u64 = blocks.values().map(|bytes| u64::from(*bytes)).sum();
        let now = devnode::activation_costs(&wasm).expect("an activated program").init_gas();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            program_name(programs, &codehash),
            functions.len(),
            all_functions,
            group(bytes_run),
            group(all_bytes),
            group(now),
            group(devnode::init_gas_of_code(functions.len() as u64, bytes_run))
        );
    }
}

/// Uncached, the least gas of each row above 1.30x of Solidity that any programs holding the code it
/// runs could cost: its floor and host calls, Nitro's minimum for each entry (the first of each program
/// uncached), and the init gas of the code each program entered must hold: for the pool's program, all
/// the code sections 1-9 (`profile`) run in it (it serves the hot operations, D16); for the others, the
/// code this row runs in them.
fn print_uncached_bound(scenario: &[Row], programs: &Programs, profile: &[(String, FunctionInk)]) {
    let least_cached = ProgramCosts::default().entry_gas(true);
    let least_uncached = ProgramCosts::default().entry_gas(false) - least_cached;
    let all = code_run(profile.iter().map(|(_, function)| function));
    println!();
    println!("## pool-gas-uncached-bound");
    println!("| operation | not cached / Solidity | programs entered (entries; code bytes they must hold) | floor + host calls + least entries | that / Solidity |");
    println!("|---|---:|---|---:|---:|");
    for row in scenario.iter().filter(|row| row.solidity > 0 && row.uncached * 100 > row.solidity * 130) {
        let ran = code_run(profile.iter().filter(|(operation, _)| *operation == row.operation).map(|(_, function)| function));
        let mut least = row.floor + row.host_calls;
        let mut entered = Vec::new();
        for (codehash, own) in &ran {
            let name = program_name(programs, codehash);
            let entries: u64 = profile
                .iter()
                .filter(|(operation, function)| {
                    *operation == row.operation && function.codehash == *codehash && function.function == "user_entrypoint"
                })
                .map(|(_, function)| function.calls)
                .sum();
            let (functions, blocks) = if name == "ls1-pool" { &all[codehash] } else { own };
            let bytes: u64 = blocks.values().map(|bytes| u64::from(*bytes)).sum();
            least += entries * least_cached + least_uncached + devnode::init_gas_of_code(functions.len() as u64, bytes);
            entered.push(format!("{name} ({entries}; {})", group(bytes)));
        }
        println!(
            "| {} | {} | {} | {} | {:.3}x |",
            row.operation,
            ratio(row.uncached, row.solidity),
            entered.join(", "),
            group(least),
            least as f64 / row.solidity as f64
        );
    }
}

/// Program files by the code hash of their deployed code.
type Programs = HashMap<B256, std::path::PathBuf>;

/// The programs in `target/wasm`.
fn program_files() -> Programs {
    let wasm_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm");
    let mut programs = Programs::new();
    for entry in std::fs::read_dir(&wasm_dir).expect("target/wasm") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let wasm = std::fs::read(&path).expect("a program");
            programs.insert(keccak256(devnode::program_code(&wasm)), path.canonicalize().expect("a path"));
        }
    }
    programs
}

/// Writes the recorded frames as `nitro-replay` reads them, the programs named by their WASM files.
fn write_frames(programs: &Programs, dir: &std::path::Path) {
    let programs: serde_json::Map<_, _> =
        programs.iter().map(|(codehash, path)| (codehash.to_string(), path.display().to_string().into())).collect();
    let frames: Vec<serde_json::Value> = take_frames()
        .into_iter()
        .map(|(label, frame)| {
            let mut value = serde_json::to_value(frame).expect("a frame is JSON");
            value["label"] = label.into();
            value
        })
        .collect();
    let count = frames.len();
    let document = serde_json::json!({
        "stylus_version": 2, "ink_price": 10_000, "max_depth": 4 * 65_536, "page_limit": 128, "debug": false,
        "programs": programs, "frames": frames,
    });
    std::fs::create_dir_all(dir).expect("the frames directory");
    let text = serde_json::to_string_pretty(&document).expect("JSON");
    std::fs::write(dir.join("frames.json"), text).expect("write frames.json");
    eprintln!("wrote {count} frames to {}", dir.join("frames.json").display());
}

fn print_header() {
    println!(
        "| operation | Stylus, not cached | Stylus, cached | floor (EVM work) | Solidity (London) | cached / Solidity | floor / Solidity | not cached / Solidity |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
}

/// One row; a Solidity figure of 0 means the baseline has none (printed as "—").
fn print_row(row: &Row) {
    let ratios = match row.solidity {
        0 => ["—".to_string(), "—".to_string(), "—".to_string(), "—".to_string()],
        figure => [group(figure), ratio(row.cached, figure), ratio(row.floor, figure), ratio(row.uncached, figure)],
    };
    let [solidity, cached, floor, uncached] = ratios;
    let (operation, figures) = (&row.operation, [row.uncached, row.cached, row.floor].map(group));
    println!("| {operation} | {} | {} | {} | {solidity} | {cached} | {floor} | {uncached} |", figures[0], figures[1], figures[2]);
}

/// The sums of `rows`, labelled.
fn total(label: &str, rows: &[Row]) -> Row {
    let sum = |field: fn(&Row) -> u64| rows.iter().map(field).sum::<u64>();
    Row {
        operation: label.to_string(),
        uncached: sum(|r| r.uncached),
        cached: sum(|r| r.cached),
        floor: sum(|r| r.floor),
        entries: sum(|r| r.entries),
        host_calls: sum(|r| r.host_calls),
        solidity: sum(|r| r.solidity),
    }
}

fn print_total(label: &str, rows: &[Row]) {
    let Row { uncached, cached, floor, solidity, .. } = total(label, rows);
    let cells = [
        group(uncached),
        group(cached),
        group(floor),
        group(solidity),
        ratio(cached, solidity),
        ratio(floor, solidity),
        ratio(uncached, solidity),
    ];
    println!("| {label} | {} |", cells.map(|c| format!("**{c}**")).join(" | "));
}

/// One row of the overhead table: the cached run's Stylus part split, and the row with its WASM free
/// (ratios to three places: the targets sit within a few hundred gas).
fn print_overhead(row: &Row) {
    let overhead = row.cached - row.floor;
    let wasm = overhead - row.entries - row.host_calls;
    let least = row.floor + row.entries + row.host_calls;
    let [least_ratio, cached_ratio] = match row.solidity {
        0 => ["—".to_string(), "—".to_string()],
        figure => [least, row.cached].map(|gas| format!("{:.3}x", gas as f64 / figure as f64)),
    };
    let figures = [overhead, row.entries, row.host_calls, wasm, least].map(group);
    println!("| {} | {} | {least_ratio} | {cached_ratio} |", row.operation, figures.join(" | "));
}

/// `a / b` as `0.87x`.
fn ratio(a: u64, b: u64) -> String {
    format!("{:.2}x", a as f64 / b as f64)
}

/// `1234567` as `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
