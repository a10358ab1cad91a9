//! Nitro's host semantics, one per test, on the probe program (contracts/probes/probe) and a tiny
//! EVM forwarder: each test checks one behaviour against its expected value.

use alloy_primitives::{hex, keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::SolCall;
use bindings::IProbe;
use devnode::{program_code, ArbWasm, Devnode, Failure, CHAIN_ID};

/// EVM runtime: calls the address in the first calldata word with the rest of the calldata (and
/// the call's value), then returns or reverts with exactly what the callee returned.
const EVM_FORWARDER: &str = "6020360380602060003760006000826000346000355af13d600060003e6024573d6000fd5b3d6000f3";

struct Setup {
    node: Devnode,
    alice: Address,
    a: Address,
    b: Address,
}

fn setup() -> Setup {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let a = node.deploy_program(alice, "probe").expect("probe A deploys");
    let b = node.deploy_program(alice, "probe").expect("probe B deploys");
    Setup { node, alice, a, b }
}

fn get(node: &mut Devnode, probe: Address, key: u64) -> U256 {
    node.call(Address::ZERO, probe, IProbe::getCall { key: U256::from(key) }).expect("get")
}

fn set(key: u64, value: u64) -> Bytes {
    IProbe::setCall { key: U256::from(key), value: U256::from(value) }.abi_encode().into()
}

fn forward(target: Address, data: impl Into<Bytes>) -> IProbe::forwardCall {
    IProbe::forwardCall { target, data: data.into() }
}

/// The probe's `values` map is its first field: slot keccak(key . 0).
fn value_slot(key: u64) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(&U256::from(key).to_be_bytes::<32>());
    U256::from_be_bytes(keccak256(preimage).0)
}

#[test]
fn storage_persists_on_success() {
    let Setup { mut node, alice, a, .. } = setup();
    node.send(alice, a, IProbe::setCall { key: U256::from(1), value: U256::from(42) }).unwrap();
    assert_eq!(get(&mut node, a, 1), U256::from(42));
    assert_eq!(node.storage(a, value_slot(1)), U256::from(42));
}

#[test]
fn storage_rolls_back_on_revert_including_the_flushed_cache() {
    let Setup { mut node, alice, a, .. } = setup();
    node.send(alice, a, IProbe::setCall { key: U256::from(1), value: U256::from(42) }).unwrap();
    let failure = node.send(alice, a, IProbe::setAndRevertCall { key: U256::from(1), value: U256::from(99) }).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("Probe: reverted after write"));
    assert_eq!(get(&mut node, a, 1), U256::from(42));
    assert_eq!(node.storage(a, value_slot(1)), U256::from(42));
}

#[test]
fn nested_revert_data_reaches_the_caller_and_nested_writes_roll_back() {
    let Setup { mut node, alice, a, b } = setup();
    let fail = IProbe::failCall { message: "boom from B".into() }.abi_encode();
    let failure = node.send(alice, a, forward(b, fail)).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("boom from B"));

    let revert = IProbe::setAndRevertCall { key: U256::from(3), value: U256::from(7) }.abi_encode();
    let failure = node.send(alice, a, forward(b, revert)).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("Probe: reverted after write"));
    assert_eq!(get(&mut node, b, 3), U256::ZERO);

    let receipt = node.send(alice, a, forward(b, set(3, 8))).unwrap();
    assert_eq!(receipt.returns::<IProbe::forwardCall>(), Bytes::new());
    assert_eq!(get(&mut node, b, 3), U256::from(8));
}

#[test]
fn static_calls_cannot_write() {
    let Setup { mut node, alice, a, b } = setup();
    node.send(alice, b, IProbe::setCall { key: U256::from(1), value: U256::from(5) }).unwrap();
    let read = IProbe::getCall { key: U256::from(1) }.abi_encode();
    let out = node.call(alice, a, IProbe::forwardStaticCall { target: b, data: read.into() }).unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(5));

    let failure = node.send(alice, a, IProbe::forwardStaticCall { target: b, data: set(1, 6) }).unwrap_err();
    assert_eq!(failure.output(), Some(&Bytes::new()));
    let ping = IProbe::emitPingCall { value: U256::from(1) }.abi_encode();
    let failure = node.send(alice, a, IProbe::forwardStaticCall { target: b, data: ping.into() }).unwrap_err();
    assert_eq!(failure.output(), Some(&Bytes::new()));
    assert_eq!(get(&mut node, b, 1), U256::from(5));
}

#[test]
fn delegate_calls_use_the_callers_storage_and_sender() {
    let Setup { mut node, alice, a, b } = setup();
    node.send(alice, a, IProbe::forwardDelegateCall { target: b, data: set(7, 70) }).unwrap();
    assert_eq!(get(&mut node, a, 7), U256::from(70));
    assert_eq!(get(&mut node, b, 7), U256::ZERO);

    let context = IProbe::contextCall {}.abi_encode();
    let out = node.call(alice, a, IProbe::forwardDelegateCall { target: b, data: context.into() }).unwrap();
    let seen = IProbe::contextCall::abi_decode_returns(&out).unwrap();
    assert_eq!((seen.sender, seen.origin, seen.self_), (alice, alice, a));
}

#[test]
fn sdk_programs_reject_reentrancy() {
    let Setup { mut node, alice, a, b } = setup();
    assert!(!node.call(alice, a, IProbe::reentrantCall {}).unwrap());
    // A -> B -> A: the SDK's entrypoint refuses the re-entered call, and the failure travels up.
    let back_into_a = forward(a, IProbe::getCall { key: U256::ZERO }.abi_encode()).abi_encode();
    let failure = node.send(alice, a, forward(b, back_into_a)).unwrap_err();
    assert_eq!(failure.output(), Some(&Bytes::new()));
    // A -> B -> B's sibling is fine: only the same contract counts as re-entered.
    let c = node.deploy_program(alice, "probe").unwrap();
    let into_c = forward(c, IProbe::setCall { key: U256::from(2), value: U256::from(9) }.abi_encode()).abi_encode();
    node.send(alice, a, forward(b, into_c)).unwrap();
    assert_eq!(get(&mut node, c, 2), U256::from(9));
}

#[test]
fn create1_and_create2_use_the_evm_address_formulas() {
    let Setup { mut node, alice, a, .. } = setup();
    let runtime = hex!("602a60005260206000f3"); // returns 42
    let mut init = hex!("600a600c600039600a6000f3").to_vec(); // copies and returns the 10 runtime bytes
    init.extend_from_slice(&runtime);
    let nonce = node.nonce(a);
    let receipt = node.send(alice, a, IProbe::deployCall { initCode: init.clone().into(), endowment: U256::ZERO }).unwrap();
    let created = receipt.returns::<IProbe::deployCall>();
    assert_eq!(created, a.create(nonce));
    assert_eq!(node.code(created), Bytes::from(runtime.to_vec()));
    assert_eq!(node.nonce(a), nonce + 1);

    let salt = B256::repeat_byte(7);
    let receipt = node
        .send_value(alice, a, IProbe::deploy2Call { initCode: init.clone().into(), salt, endowment: U256::from(5) }, U256::from(5))
        .unwrap();
    let created2 = receipt.returns::<IProbe::deploy2Call>();
    assert_eq!(created2, a.create2(salt, keccak256(&init)));
    assert_eq!(node.balance(created2), U256::from(5));
    let out = node.call(alice, a, forward(created2, Bytes::new())).unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));
}

#[test]
fn msg_value_and_balances() {
    let Setup { mut node, alice, a, .. } = setup();
    let bob = node.account(2);
    let ether = U256::from(10u64).pow(U256::from(18));
    let before = node.balance(alice);
    let receipt = node.send_value(alice, a, IProbe::contextCall {}, ether).unwrap();
    let seen = receipt.returns::<IProbe::contextCall>();
    assert_eq!((seen.sender, seen.origin, seen.value, seen.self_), (alice, alice, ether, a));
    assert_eq!(node.balance(a), ether);
    assert_eq!(node.balance(alice), before - ether);

    let bob_before = node.balance(bob);
    node.send(alice, a, IProbe::sendValueCall { to: bob, amount: ether / U256::from(4) }).unwrap();
    assert_eq!(node.balance(bob), bob_before + ether / U256::from(4));
    assert_eq!(node.balance(a), ether - ether / U256::from(4));
    let info = node.call(alice, a, IProbe::accountInfoCall { account: bob }).unwrap();
    assert_eq!((info.balance, info.codeSize, info.codeHash), (bob_before + ether / U256::from(4), U256::ZERO, keccak256([])));
    let info = node.call(alice, a, IProbe::accountInfoCall { account: a }).unwrap();
    assert_eq!((info.codeSize, info.codeHash), (U256::from(node.code(a).len()), keccak256(node.code(a))));

    let failure = node.send(alice, a, IProbe::sendValueCall { to: bob, amount: ether }).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("Probe: send failed"));
    let failure = node.send_value(alice, a, IProbe::setCall { key: U256::ZERO, value: U256::ZERO }, U256::from(1)).unwrap_err();
    assert!(matches!(failure, Failure::Revert { .. }), "a non-payable method refuses value: {failure:?}");
}

#[test]
fn logs_carry_address_topics_and_data() {
    let Setup { mut node, alice, a, .. } = setup();
    let topics = vec![B256::repeat_byte(1), B256::repeat_byte(2), B256::repeat_byte(3)];
    for count in 0..=3u8 {
        let call = IProbe::emitLogsCall { topics: count, topicValues: topics.clone(), data: Bytes::from_static(b"payload") };
        let receipt = node.send(alice, a, call).unwrap();
        assert_eq!(receipt.logs.len(), 1);
        assert_eq!(receipt.logs[0].address, a);
        assert_eq!(receipt.logs[0].topics(), &topics[..count as usize]);
        assert_eq!(receipt.logs[0].data.data, Bytes::from_static(b"payload"));
    }
    let receipt = node.send(alice, a, IProbe::emitPingCall { value: U256::from(5) }).unwrap();
    assert_eq!(receipt.events::<IProbe::Ping>(), vec![IProbe::Ping { sender: alice, value: U256::from(5) }]);
}

#[test]
fn stylus_to_evm_to_stylus_calls() {
    let Setup { mut node, alice, a, b } = setup();
    let evm = node.deploy_code(alice, &hex::decode(EVM_FORWARDER).unwrap()).unwrap();
    node.send(alice, b, IProbe::setCall { key: U256::from(4), value: U256::from(44) }).unwrap();
    let mut via_evm = B256::left_padding_from(b.as_slice()).to_vec();
    via_evm.extend(IProbe::getCall { key: U256::from(4) }.abi_encode());
    let out = node.call(alice, a, forward(evm, via_evm)).unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(44));

    let mut context = B256::left_padding_from(b.as_slice()).to_vec();
    context.extend(IProbe::contextCall {}.abi_encode());
    let out = node.call(alice, a, forward(evm, context)).unwrap();
    let seen = IProbe::contextCall::abi_decode_returns(&out).unwrap();
    assert_eq!((seen.sender, seen.origin, seen.self_), (evm, alice, b));

    let mut failing = B256::left_padding_from(b.as_slice()).to_vec();
    failing.extend(IProbe::failCall { message: "deep".into() }.abi_encode());
    let failure = node.send(alice, a, forward(evm, failing)).unwrap_err();
    assert_eq!(failure.reason().as_deref(), Some("deep"));
}

#[test]
fn block_fields_follow_time_control() {
    let Setup { mut node, alice, a, .. } = setup();
    node.set_timestamp(1_800_000_000);
    let info = node.call(alice, a, IProbe::blockInfoCall {}).unwrap();
    assert_eq!(info.timestamp, U256::from(1_800_000_000u64));
    assert_eq!(info.number, U256::from(node.block_number()));
    assert_eq!(info.chainId, U256::from(CHAIN_ID));
    assert_eq!(info.gasLimit, U256::from(devnode::GAS_LIMIT));
    node.advance(28 * 86_400);
    node.mine(5);
    let info = node.call(alice, a, IProbe::blockInfoCall {}).unwrap();
    assert_eq!(info.timestamp, U256::from(1_800_000_000u64 + 28 * 86_400));
    assert_eq!(info.number, U256::from(node.block_number()));
}

#[test]
fn keccak_memory_growth_gas_and_console() {
    let Setup { mut node, alice, a, .. } = setup();
    let data = Bytes::from_static(b"the quick brown fox jumps over the lazy dog, twice over");
    assert_eq!(node.call(alice, a, IProbe::hashCall { data: data.clone() }).unwrap(), keccak256(&data));
    assert_eq!(node.call(alice, a, IProbe::growCall { pages: 3 }).unwrap(), U256::from(3 * 65_536));
    let left = node.call(alice, a, IProbe::gasLeftCall {}).unwrap();
    assert!(left.gas > 29_000_000 && left.gas < devnode::GAS_LIMIT, "gas left {}", left.gas);
    assert!(left.ink / devnode::INK_PER_GAS >= left.gas - 10 && left.ink / devnode::INK_PER_GAS <= left.gas + 10);
    node.send(alice, a, IProbe::logCall { message: "hello from probe".into() }).unwrap();
    assert_eq!(node.console(), vec!["hello from probe".to_string()]);
}

#[test]
fn inactive_programs_revert_until_activated() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/probe.wasm")).unwrap();
    let program = node.deploy_code(alice, &program_code(&wasm)).unwrap();
    let failure = node.send(alice, program, IProbe::setCall { key: U256::ZERO, value: U256::ZERO }).unwrap_err();
    assert_eq!(failure.error::<ArbWasm::ProgramNotActivated>(), Some(ArbWasm::ProgramNotActivated {}));
    let receipt = node.activate(alice, program).unwrap();
    let activated = receipt.events::<ArbWasm::ProgramActivated>();
    assert_eq!(activated.len(), 1);
    assert_eq!((activated[0].program, activated[0].version, activated[0].codehash), (program, 2, keccak256(node.code(program))));
    node.send(alice, program, IProbe::setCall { key: U256::ZERO, value: U256::from(1) }).unwrap();
    let failure = node.activate(alice, program).unwrap_err();
    assert_eq!(failure.error::<ArbWasm::ProgramUpToDate>(), Some(ArbWasm::ProgramUpToDate {}));
    let version = node.call(alice, devnode::ARBWASM, ArbWasm::programVersionCall { program }).unwrap();
    assert_eq!(version, 2);
    let failure = node.activate(alice, alice).unwrap_err();
    assert_eq!(failure.error::<ArbWasm::ProgramNotWasm>(), Some(ArbWasm::ProgramNotWasm {}));
}

/// Deploys `wasm` and returns the activation's failure message.
fn activation_failure(wasm: &[u8]) -> String {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_code(alice, &program_code(wasm)).unwrap();
    let failure = node.activate(alice, program).unwrap_err();
    let reason = failure.reason().expect("activation reverts with a reason");
    let call = node.send(alice, program, IProbe::getCall { key: U256::ZERO }).unwrap_err();
    assert_eq!(call.error::<ArbWasm::ProgramNotActivated>(), Some(ArbWasm::ProgramNotActivated {}));
    reason
}

const ENTRY: &str = r#"(func (export "user_entrypoint") (param i32) (result i32) (i32.const 0))"#;

#[test]
fn activation_rejects_invalid_programs_naming_the_problem() {
    let simd = wat::parse_str(format!(r#"(module (memory (export "memory") 1 1) {ENTRY} (func (drop (v128.const i64x2 0 0))))"#)).unwrap();
    assert!(activation_failure(&simd).starts_with("program activation failed: invalid WASM for Stylus: SIMD support is not enabled"));

    let no_entry = wat::parse_str(r#"(module (memory (export "memory") 1 1))"#).unwrap();
    assert_eq!(activation_failure(&no_entry), "program activation failed: missing export `user_entrypoint` (a function)");

    let foreign = wat::parse_str(format!(r#"(module (import "env" "abort" (func)) (memory (export "memory") 1 1) {ENTRY})"#)).unwrap();
    assert_eq!(
        activation_failure(&foreign),
        "program activation failed: import `env::abort` is from a module other than vm_hooks or console"
    );

    let zeros = "\\00".repeat(140_000);
    let oversize = wat::parse_str(format!(r#"(module (memory (export "memory") 3 3) (data (i32.const 0) "{zeros}") {ENTRY})"#)).unwrap();
    assert_eq!(
        activation_failure(&oversize),
        "program activation failed: program is larger than 131072 bytes uncompressed once decompressed"
    );
}

#[test]
fn stylus_and_evm_frames_nest_alternately() {
    let Setup { mut node, alice, a, .. } = setup();
    let evm = node.deploy_code(alice, &hex::decode(EVM_FORWARDER).unwrap()).unwrap();
    // Six probes: each open probe frame holds its 17 initial pages, and an eighth probe frame would
    // open 136 pages, past ArbOS's 128-page memory table, which no amount of gas pays for.
    let probes: Vec<Address> = (0..6).map(|_| node.deploy_program(alice, "probe").unwrap()).collect();
    let last = *probes.last().unwrap();
    node.send(alice, last, IProbe::setCall { key: U256::from(1), value: U256::from(77) }).unwrap();
    // a -> evm -> p0 -> evm -> p1 -> ... -> evm -> p5.get(1): 13 frames, alternating Stylus and EVM.
    let mut data: Bytes = IProbe::getCall { key: U256::from(1) }.abi_encode().into();
    for probe in probes.iter().rev() {
        let mut via_evm = B256::left_padding_from(probe.as_slice()).to_vec();
        via_evm.extend_from_slice(&data);
        data = forward(evm, via_evm).abi_encode().into();
    }
    let mut out = node.call(alice, a, IProbe::forwardCall::abi_decode(&data).unwrap()).unwrap();
    for _ in 0..probes.len() - 1 {
        out = <alloy_sol_types::sol_data::Bytes as alloy_sol_types::SolType>::abi_decode(&out).unwrap();
    }
    assert_eq!(U256::from_be_slice(&out), U256::from(77));
}

#[test]
fn every_host_function_links() {
    let imports: String = stylus_gate::HOST_FUNCTIONS
        .iter()
        .map(|h| {
            let ty = |t: &[wasmparser::ValType]| t.iter().map(|v| format!(" {v}")).collect::<String>();
            format!(r#"(import "{}" "{}" (func (param{}) (result{})))"#, h.module, h.name, ty(h.params), ty(h.results))
        })
        .collect();
    let wasm = wat::parse_str(format!(r#"(module {imports} (memory (export "memory") 1 1) {ENTRY})"#)).unwrap();
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wasm).expect("a program importing every host function activates");
    let receipt = node.send_raw(alice, program, Bytes::new(), U256::ZERO).expect("and runs");
    assert_eq!(receipt.output, Bytes::new());
}

/// Caches calldata word 1 at key word 0, and flushes only when calldata byte 64 is non-zero.
const CACHE_ONLY: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $cache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    i32.const 0 call $read_args
    i32.const 0 i32.const 32 call $cache
    (if (i32.load8_u (i32.const 64)) (then (call $flush (i32.const 0))))
    i32.const 0))
"#;

#[test]
fn writes_cached_but_never_flushed_are_lost_as_on_nitro() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wat::parse_str(CACHE_ONLY).unwrap()).unwrap();
    let call = |value: u8, flush: u8| {
        let mut data = [0u8; 65];
        data[31] = 7;
        data[63] = value;
        data[64] = flush;
        Bytes::copy_from_slice(&data)
    };
    node.send_raw(alice, program, call(5, 0), U256::ZERO).unwrap();
    assert_eq!(node.storage(program, U256::from(7)), U256::ZERO, "Nitro does not flush after the entry point");
    node.send_raw(alice, program, call(5, 1), U256::ZERO).unwrap();
    assert_eq!(node.storage(program, U256::from(7)), U256::from(5));
}
