//! Exact metering: hand-written programs whose ink and gas are computed by hand from Nitro's tables
//! (opcode ink, the 2,450-ink block header, host-call ink) and the EVM's gas rules.
//!
//! The programs read `evm_ink_left` before and after a window of code and return the difference.
//! Nitro charges a basic block (the opcodes up to and including the next `call`, `br*`, `if`,
//! `else`, `loop`, `end` or `return`) at its head, so a window holds: the block that starts right
//! after the first `evm_ink_left` returns, every block executed until the second `evm_ink_left`
//! (which ends the last block), and the host calls in between, the second `evm_ink_left` included.

use alloy_primitives::{Address, Bytes, B256, U256};
use devnode::{ArbWasm, Devnode, Failure, StylusGas, ARBWASM};

/// Returns the ink each window used, as little-endian u64s.
fn windows(output: &[u8]) -> Vec<u64> {
    output.chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect()
}

/// The metering example: a window over a memory.fill, a br_table, a call_indirect and a loop.
const OPCODES: &str = r#"
(module
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (type $binary (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (table 1 funcref)
  (elem (i32.const 0) $add)
  (func $add (type $binary) local.get 0 local.get 1 i32.add)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $start i64) (local $n i32)
    call $ink
    local.set $start
    i32.const 0 i32.const 7 i32.const 100 memory.fill
    block i32.const 1 br_table 0 0 0 end
    i32.const 3 i32.const 4 i32.const 0 call_indirect (type $binary)
    drop
    i32.const 3 local.set $n
    loop $again
      local.get $n i32.const 1 i32.sub local.tee $n br_if $again
    end
    i32.const 0 local.get $start call $ink i64.sub i64.store
    i32.const 0 i32.const 8 call $write_result
    i32.const 0))
"#;

#[test]
fn opcode_ink_matches_the_hand_computed_total() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wat::parse_str(OPCODES).unwrap()).unwrap();
    let receipt = node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
    // Header: 2,450 ink per basic block. Block by block (ink of each opcode from the table):
    //   local.set 210 + 3 × i32.const 1 + memory.fill 950 + block 1 + i32.const 1
    //     + br_table 2,400 + 325 × 2 targets = 4,215, + header = 6,665; memory.fill's 100 bytes × 100 = 10,000
    //   (br_table jumps past the `end`, so the one-opcode block before it never runs)
    //   3 × i32.const 1 + call_indirect 13,610 + 650 × 2 parameters = 14,913, + header = 17,363
    //   $add: 2 × local.get 75 + i32.add 70 + end 1 = 221, + header = 2,671
    //   drop 9 + i32.const 1 + local.set 210 + loop 1 = 221, + header = 2,671
    //   loop body, 3 times: local.get 75 + i32.const 1 + i32.sub 70 + local.tee 75 + br_if 765 = 986,
    //     + header = 3,436, × 3 = 10,308
    //   the loop's `end` 1, + header = 2,451
    //   i32.const 1 + local.get 75 + call 3,800 = 3,876, + header = 6,326
    //   evm_ink_left: 8,400
    let expected = 6_665 + 10_000 + 17_363 + 2_671 + 2_671 + 10_308 + 2_451 + 6_326 + 8_400;
    assert_eq!(expected, 66_855);
    assert_eq!(windows(&receipt.output), vec![expected]);
}

/// Measures, in five windows: a storage write and flush of the first calldata word, then of the
/// second (same slot), a log with two topics and 32 bytes of data, and two calls to the account in
/// the third calldata word. Writes the five ink figures.
pub(crate) const HOSTIO: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "storage_cache_bytes32" (func $cache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "emit_log" (func $log (param i32 i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $start i64)
    i32.const 0 call $read_args
    call $ink
    local.set $start i32.const 256 i32.const 0 call $cache
    i32.const 0 call $flush
    i32.const 512 local.get $start call $ink i64.sub i64.store
    call $ink
    local.set $start i32.const 256 i32.const 32 call $cache
    i32.const 0 call $flush
    i32.const 520 local.get $start call $ink i64.sub i64.store
    call $ink
    local.set $start i32.const 128 i32.const 96 i32.const 2 call $log
    i32.const 528 local.get $start call $ink i64.sub i64.store
    call $ink
    local.set $start i32.const 76 i32.const 0 i32.const 0 i32.const 256 i64.const -1 i32.const 600 call $call
    drop i32.const 536 local.get $start call $ink i64.sub i64.store
    call $ink
    local.set $start i32.const 76 i32.const 0 i32.const 0 i32.const 256 i64.const -1 i32.const 600 call $call
    drop i32.const 544 local.get $start call $ink i64.sub i64.store
    i32.const 512 i32.const 40 call $write_result
    i32.const 0))
"#;

/// Ink of a storage window without the SSTORE gas: the block before `storage_cache_bytes32`
/// (local.set 210 + 2 × i32.const 1 + call 3,800 + header 2,450 = 6,462), that call (8,400 +
/// 2 pointers × 5,040 = 18,480; the cache's first writes cost no gas), the block before the flush
/// (i32.const 1 + call 3,800 + header = 6,251), the flush (8,400 + EVM API 59,673 = 68,073), the
/// block before `evm_ink_left` (i32.const 1 + local.get 75 + call 3,800 + header = 6,326) and
/// `evm_ink_left` (8,400).
const STORAGE_WINDOW: u64 = 6_462 + 18_480 + 6_251 + 68_073 + 6_326 + 8_400;
/// Ink of a log window without the log's gas: the block before `emit_log` (local.set 210 +
/// 3 × i32.const 1 + call 3,800 + header = 6,463), `emit_log` (8,400 + 59,673, plus reading 96
/// bytes: 16,381 + 55 × 64 = 19,901), then 6,326 + 8,400 as above.
const LOG_WINDOW: u64 = 6_463 + 8_400 + 59_673 + 19_901 + 6_326 + 8_400;
/// Ink of a call window without the call's gas: the block before `call_contract` (local.set 210 +
/// 6 consts + call 3,800 + header = 6,466), `call_contract` (8,400 + 3 pointers × 5,040 + 59,673,
/// plus reading 0 bytes of calldata twice: 2 × 16,381), the block before `evm_ink_left` (drop 9 +
/// i32.const 1 + local.get 75 + call 3,800 + header = 6,335) and `evm_ink_left` (8,400).
const CALL_WINDOW: u64 = 6_466 + 8_400 + 3 * 5_040 + 59_673 + 2 * 16_381 + 6_335 + 8_400;

/// Calldata: the two values to store and the account to call.
pub(crate) fn args(first: u64, second: u64, callee: Address) -> Bytes {
    let mut data = U256::from(first).to_be_bytes::<32>().to_vec();
    data.extend(U256::from(second).to_be_bytes::<32>());
    data.extend(B256::left_padding_from(callee.as_slice()));
    data.into()
}

#[test]
fn sstore_log_and_call_cost_what_the_eips_and_the_pricing_say() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wat::parse_str(HOSTIO).unwrap()).unwrap();
    let callee = Address::repeat_byte(0x42);
    let gas = |ink: u64| ink * 10_000;
    let run = |node: &mut Devnode, first, second| node.send_raw(alice, program, args(first, second, callee), U256::ZERO).unwrap();

    // Slot 0 holds 0. First write, 0 → 1: cold (EIP-2929: 2,100) and a new value (EIP-2200: 20,000).
    // Second write, 1 → 2: the slot is warm and already dirty: 100.
    // The log: 375 + 2 topics × 375 + 32 bytes × 8 = 1,381. The calls to a codeless account: cold
    // access 2,600, then warm 100 (EIP-2929); the callee uses no gas.
    let first = run(&mut node, 1, 2);
    let expected = vec![
        STORAGE_WINDOW + gas(22_100),
        STORAGE_WINDOW + gas(100),
        LOG_WINDOW + gas(1_381),
        CALL_WINDOW + gas(2_600),
        CALL_WINDOW + gas(100),
    ];
    assert_eq!(windows(&first.output), expected);
    assert_eq!(node.storage(program, U256::ZERO), U256::from(2));
    // What an EVM contract doing the same would pay too: 21,000, the calldata (22 non-zero bytes × 16
    // + 74 zero bytes × 4 = 648), the two writes, the log and the two calls; the rest is Stylus's.
    assert_eq!(first.gas_used - first.stylus.total, 21_000 + 648 + 22_100 + 100 + 1_381 + 2_600 + 100);
    // Of Stylus's part: the entry (not cached, one page within the free two: ArbWasm's init gas), the
    // host calls' own ink and the WASM, which takes some.
    let StylusGas { total, entries, host_calls } = first.stylus;
    assert_eq!(entries, node.call(alice, ARBWASM, ArbWasm::programInitGasCall { program }).unwrap().gas);
    assert!(host_calls > 0 && entries + host_calls < total, "{:?}", first.stylus);

    // Slot 0 holds 2. 2 → 3: cold, and a change of a clean non-zero slot: 2,100 + 2,900 = 5,000.
    // 3 → 2 restores the original: 100, with a refund of 2,900 − 100 = 2,800 (EIP-3529).
    let restoring = run(&mut node, 3, 2);
    assert_eq!(windows(&restoring.output)[..2], [STORAGE_WINDOW + gas(5_000), STORAGE_WINDOW + gas(100)]);
    // The same transaction over 2 → 3 → 7 costs the same, without the refund.
    let changing = run(&mut node, 3, 7);
    assert_eq!(windows(&changing.output), windows(&restoring.output));
    assert_eq!(changing.gas_used - restoring.gas_used, 2_800);
}

/// The smallest program: its entry returns 0 (one block: i32.const 1 + end 1 + header 2,450 ink).
pub(crate) const TRIVIAL: &str =
    r#"(module (memory (export "memory") 1 1) (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;

#[test]
fn entry_costs_uncached_and_cached() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let wasm = wat::parse_str(TRIVIAL).unwrap();
    assert_eq!(wasm.len(), 64);
    let program = node.deploy_wasm(alice, &wasm).unwrap();
    // Activation estimates (Nitro's binary.rs, Stylus version 2), with 1 function, a type of 2 values,
    // 64 bytes of WASM, 4 globals (all from the instrumentation), no data and 1 page:
    //   init_cost = 1 × 8,252 / 1,000 + 2 × 1,059 / 1,000 + 64 × 1,286 / 10,000 = 8 + 2 + 8 = 18
    //   cached_init_cost = 1 × 13,420 / 100,000 + 2 × 89 / 100,000 + 64 × 122 / 100,000
    //     + 4 × 1,628 / 1,000 + 0 + 1 × 5 = 0 + 0 + 0 + 6 + 0 + 5 = 11
    // Entry gas: uncached = MinInitGas 69 × 128 + 18 + MinCachedInitGas 11 × 32 + 11 = 8,832 + 18 + 352 + 11
    // = 9,213; cached = 352 + 11 = 363. One page is within the 2 free pages.
    let init = node.call(alice, ARBWASM, ArbWasm::programInitGasCall { program }).unwrap();
    assert_eq!((init.gas, init.gasWhenCached), (9_213, 363));
    // A transaction: 21,000 intrinsic, the entry, and 2,452 ink of opcodes, paid as 1 gas.
    let uncached = node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
    assert_eq!(uncached.gas_used, 21_000 + 9_213 + 1);
    assert_eq!(uncached.stylus, StylusGas { total: 9_213 + 1, entries: 9_213, host_calls: 0 });
    node.set_cached(program, true).unwrap();
    let cached = node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
    assert_eq!(cached.gas_used, 21_000 + 363 + 1);
    assert_eq!(cached.stylus, StylusGas { total: 363 + 1, entries: 363, host_calls: 0 });
    node.set_cached(program, false).unwrap();
    assert_eq!(node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap().gas_used, 21_000 + 9_213 + 1);
    assert_eq!(node.set_cached(alice, true).unwrap_err(), Failure::Invalid(format!("{alice} is not an activated program")));
}

/// Calls the program in the first calldata word with 100,000 gas; writes the status and the ink the
/// call's window used.
pub(crate) const CALLER: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $start i64) (local $status i32)
    i32.const 0 call $read_args
    call $ink
    local.set $start i32.const 12 i32.const 0 i32.const 0 i32.const 256 i64.const 100000 i32.const 600 call $call
    local.set $status i32.const 512 local.get $start call $ink i64.sub i64.store
    i32.const 520 local.get $status i64.extend_i32_u i64.store
    i32.const 512 i32.const 16 call $write_result
    i32.const 0))
"#;

#[test]
fn out_of_ink_ends_the_frame_as_out_of_gas_and_unreachable_does_not() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let caller = node.deploy_wasm(alice, &wat::parse_str(CALLER).unwrap()).unwrap();
    let spin =
        r#"(module (memory (export "memory") 1 1) (func (export "user_entrypoint") (param i32) (result i32) (loop br 0) i32.const 0))"#;
    let trap = r#"(module (memory (export "memory") 1 1) (func (export "user_entrypoint") (param i32) (result i32) unreachable))"#;
    let spin = node.deploy_wasm(alice, &wat::parse_str(spin).unwrap()).unwrap();
    let trap = node.deploy_wasm(alice, &wat::parse_str(trap).unwrap()).unwrap();
    let run = |node: &mut Devnode, callee: Address| {
        let receipt = node.send_raw(alice, caller, B256::left_padding_from(callee.as_slice()).0.to_vec().into(), U256::ZERO).unwrap();
        windows(&receipt.output)
    };
    // The window: the block before the call (local.set 210 + 6 consts + call 3,800 + header = 6,466),
    // `call_contract` (8,400 + 15,120 + 59,673 + 2 × 16,381), the block before `evm_ink_left`
    // (local.set 210 + i32.const 1 + local.get 75 + call 3,800 + header = 6,536) and `evm_ink_left`
    // 8,400; the callee is cold (2,600 gas).
    let window = 6_466 + 8_400 + 15_120 + 59_673 + 2 * 16_381 + 6_536 + 8_400 + 2_600 * 10_000;
    // Out of ink: the callee fails and keeps all 100,000 gas it was given. A failed call's status is
    // 2, as Nitro's chain answers it (`Failure`), whatever the callee's reason.
    assert_eq!(run(&mut node, spin), vec![window + 100_000 * 10_000, 2]);
    // Its own `unreachable`: the callee fails but returns the gas it did not use: the entry (the
    // program is entered for the first time: uncached) and one block (unreachable 1 + end 1 + header).
    let ArbWasm::programInitGasReturn { gas: entry, .. } =
        node.call(alice, ARBWASM, ArbWasm::programInitGasCall { program: trap }).unwrap();
    assert_eq!(run(&mut node, trap), vec![window + (entry + 1) * 10_000, 2]);
    // At the top level, running out of ink is a halt that consumes all the gas.
    match node.send_raw(alice, spin, Bytes::new(), U256::ZERO).unwrap_err() {
        Failure::Halt { reason, gas_used } => assert_eq!((reason.as_str(), gas_used), ("OutOfGas(Basic)", devnode::GAS_LIMIT)),
        other => panic!("expected an out-of-gas halt, got {other:?}"),
    }
}

#[test]
fn memory_growth_pays_the_linear_and_exponential_terms() {
    let grow = r#"
(module
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1 128)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $start i64)
    call $ink
    local.set $start i32.const 100 memory.grow drop i32.const 0 local.get $start call $ink i64.sub i64.store
    i32.const 0 i32.const 8 call $write_result
    i32.const 0))
"#;
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wat::parse_str(grow).unwrap()).unwrap();
    let receipt = node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
    // The block: local.set 210 + i32.const 1 + memory.grow 8,050 + drop 9 + i32.const 1 + local.get 75
    // + call 3,800 = 12,146, + header = 14,596; then `evm_ink_left` 8,400. The instrumentation calls
    // `pay_for_memory_grow(100)` before `memory.grow`: with 1 page open, 101 pages cost
    // (101 − 2 free) × 1,000 linear + memoryExponents[101] − memoryExponents[1] = 99,000 + 833,067 − 1
    // = 932,066 gas.
    assert_eq!(windows(&receipt.output), vec![14_596 + 932_066 * 10_000 + 8_400]);
}

/// The profile (`Devnode::profile_functions`) of the metering example: each function's basic blocks
/// at the ink the metering charged for them, its calls, and no figure changed by the counters.
#[test]
fn the_profile_gives_each_function_its_blocks_ink_and_calls() {
    let wasm = wat::parse_str(OPCODES).unwrap();
    let run = |profiled: bool| {
        let mut node = Devnode::new();
        let alice = node.account(1);
        node.profile_functions(profiled);
        let program = node.deploy_wasm(alice, &wasm).unwrap();
        let receipt = node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
        (receipt, node.take_profile(), alloy_primitives::keccak256(node.code(program)))
    };
    let (plain, none, _) = run(false);
    assert!(none.is_empty());
    let (profiled, profile, codehash) = run(true);
    assert_eq!((profiled.gas_used, &profiled.output), (plain.gas_used, &plain.output), "the counters cost nothing");
    let functions: Vec<_> = profile.iter().map(|f| (f.codehash, f.function.as_str(), f.ink, f.calls)).collect();
    // $add: the one block of the window's computation above (2,671). The entry point: the window's
    // other blocks (66,855 less $add, memory.fill's 10,000 bytes and the second evm_ink_left's 8,400:
    // 45,784), the block before it (call 3,800 + header = 6,250), and the two after it (i64.sub 100
    // + i64.store 950 + 2 × i32.const 1 + call 3,800 + header = 7,302; i32.const 1 + end 1 + header = 2,452).
    let entry = 6_250 + (66_855 - 2_671 - 10_000 - 8_400) + 7_302 + 2_452;
    assert_eq!(entry, 61_788);
    assert_eq!(functions, vec![(codehash, "add", 2_671, 1), (codehash, "user_entrypoint", entry, 1)]);
}

/// The profile of one call, without calldata, of `wasm` deployed with profiling on.
fn profile_one_call(wasm: &[u8]) -> Vec<devnode::FunctionInk> {
    let mut node = Devnode::new();
    let alice = node.account(1);
    node.profile_functions(true);
    let program = node.deploy_wasm(alice, wasm).unwrap();
    node.send_raw(alice, program, Bytes::new(), U256::ZERO).unwrap();
    node.take_profile()
}

/// Two functions of one name (a name section may repeat one) each keep their own counters.
#[test]
fn the_profile_tells_apart_functions_of_the_same_name() {
    let wasm = wat::parse_str(
        r#"(module
          (memory (export "memory") 1 1)
          (func (@name "same") (result i32) i32.const 0)
          (func (@name "same") (result i32) i32.const 0)
          (func (export "user_entrypoint") (param i32) (result i32) call 0 call 1 i32.add))"#,
    )
    .unwrap();
    let functions: Vec<_> = profile_one_call(&wasm).into_iter().map(|f| (f.function, f.calls)).collect();
    let names = ["same", "same (function 1)", "user_entrypoint"].map(String::from);
    assert_eq!(functions, names.into_iter().map(|name| (name, 1)).collect::<Vec<_>>());
}

/// The profile's basic-block flags: the blocks a call ran, at their module offsets and sizes, and
/// not the branch it skipped.
#[test]
fn the_profile_gives_the_basic_blocks_a_call_ran() {
    let wasm = wat::parse_str(
        r#"(module
          (memory (export "memory") 1 1)
          (func (export "user_entrypoint") (param i32) (result i32)
            local.get 0
            if (result i32)
              i32.const 1
            else
              i32.const 0
            end))"#,
    )
    .unwrap();
    let profile = profile_one_call(&wasm);
    assert_eq!(profile.len(), 1);
    let blocks: Vec<(u32, u32)> = profile[0].blocks_run.iter().map(|(offset, bytes)| (*offset, *bytes)).collect();
    // The body's blocks: the local declarations (1 byte), local.get 0 (2) and if (2); i32.const 1 (2)
    // and else (1), skipped (no calldata); i32.const 0 (2) and end (1); the function's end (1).
    let start = blocks[0].0;
    assert_eq!(blocks, vec![(start, 5), (start + 8, 3), (start + 11, 1)]);
}
