//! Frame records (issue 19): each Stylus frame's inputs and its requests of the chain, in the encoding
//! Nitro's runtime sends them, with the chain's answers, so that Nitro's runtime can replay the frame.

use alloy_primitives::{keccak256, Address, B256, U256};
use devnode::{ArbWasm, Devnode, ARBWASM, CHAIN_ID};

use crate::metering::{args, HOSTIO};

/// The big-endian u64 at `at` in `data`.
fn u64_at(data: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(data[at..at + 8].try_into().unwrap())
}

#[test]
fn a_frame_records_its_requests_in_nitros_encoding_and_its_ink() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let program = node.deploy_wasm(alice, &wat::parse_str(HOSTIO).unwrap()).unwrap();
    // PUSH1 0 PUSH1 0 REVERT: a callee that reverts after 6 gas.
    let reverter = node.deploy_code(alice, &[0x60, 0x00, 0x60, 0x00, 0xfd]).unwrap();
    let calldata = args(1, 2, reverter);
    let ArbWasm::programInitGasReturn { gas: entry, .. } = node.call(alice, ARBWASM, ArbWasm::programInitGasCall { program }).unwrap();
    let block = node.block_number();

    node.record_frames(true);
    let receipt = node.send_raw(alice, program, calldata.clone(), U256::ZERO).unwrap();
    let frames = node.take_frames();
    assert_eq!(frames.len(), 1);
    let frame = &frames[0];
    assert_eq!(frame.codehash, keccak256(node.code(program)));
    let data = &frame.evm_data;
    assert_eq!((data.contract_address, data.msg_sender, data.tx_origin, data.msg_value), (program, alice, alice, B256::ZERO));
    assert_eq!((data.chainid, data.block_number, data.arbos_version, data.reentrant, data.cached), (CHAIN_ID, block, 60, 0, false));
    assert_eq!(frame.calldata, calldata);
    assert_eq!((frame.devnode.status, &frame.devnode.output), ("Success", &receipt.output));

    let methods: Vec<_> = frame.requests.iter().map(|r| r.method).collect();
    assert_eq!(methods, ["SetTrieSlots", "SetTrieSlots", "EmitLog", "ContractCall", "ContractCall"]);
    // The flushes: the gas left plus one, then slot 0 and its value; 0 → 1 cold and new (22,100),
    // then 1 → 2 warm and dirty (100).
    let slot = |value: u64| [[0u8; 32], U256::from(value).to_be_bytes::<32>()].concat();
    for (request, (value, gas)) in frame.requests[..2].iter().zip([(1, 22_100), (2, 100)]) {
        assert_eq!((&request.data[8..], &request.result[..], request.gas), (&slot(value)[..], &[0u8][..], gas));
    }
    // The log: its topic count, then its topics and data (96 bytes from offset 128 of memory).
    let log = &frame.requests[2];
    assert_eq!((&log.data[..4], log.data.len(), log.gas), (&2u32.to_be_bytes()[..], 4 + 96, 0));
    // The calls: callee, value, the gas left, the gas asked (all of it), no input; the callee reverts
    // (status 2, no return data) after 6 gas, cold (2,600) the first time, warm (100) the second.
    for (request, access) in frame.requests[3..].iter().zip([2_600, 100]) {
        assert_eq!((&request.data[..20], &request.data[20..52], request.data.len()), (reverter.as_slice(), &[0u8; 32][..], 68));
        assert_eq!(u64_at(&request.data, 60), u64_at(&request.data, 52));
        assert_eq!((&request.result[..], request.raw.len(), request.gas), (&[2u8][..], 0, access + 6));
    }
    // Each request tells the chain the gas the program has left at that moment.
    let gas_left: Vec<u64> = frame.requests.iter().filter(|r| r.method != "EmitLog").map(|r| u64_at(&r.data, 0)).collect();
    let calls_left: Vec<u64> = frame.requests[3..].iter().map(|r| u64_at(&r.data, 52)).collect();
    assert!(gas_left[0] > gas_left[1] && gas_left[1] > calls_left[0] && calls_left[0] > calls_left[1], "{gas_left:?} {calls_left:?}");

    // The frame's gas is its entry plus the ink it used, rounded as the devnode charges it.
    let calldata_gas: u64 = calldata.iter().map(|b| if *b == 0 { 4 } else { 16 }).sum();
    let frame_gas = entry + frame.ink / 10_000 - frame.devnode.ink_left / 10_000;
    assert_eq!(receipt.gas_used, 21_000 + calldata_gas + frame_gas);

    // Not recording: nothing kept.
    node.record_frames(false);
    node.send_raw(alice, program, calldata, U256::ZERO).unwrap();
    assert!(node.take_frames().is_empty());
}

#[test]
fn nested_frames_are_recorded_each_with_its_own_requests() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let inner = node.deploy_wasm(alice, &wat::parse_str(HOSTIO).unwrap()).unwrap();
    let outer = node.deploy_wasm(alice, &wat::parse_str(HOSTIO).unwrap()).unwrap();
    node.record_frames(true);
    node.send_raw(alice, outer, args(3, 4, inner), U256::ZERO).unwrap();
    let frames = node.take_frames();
    // Frames are kept as they end: the two calls into `inner` (no calldata), then `outer`. `inner` is
    // the same program as `outer`, already entered in the transaction, so it enters at the cached
    // price (ArbOS 60's recent programs).
    let seen: Vec<(Address, Address, usize, bool)> =
        frames.iter().map(|f| (f.evm_data.contract_address, f.evm_data.msg_sender, f.calldata.len(), f.evm_data.cached)).collect();
    assert_eq!(seen, [(inner, outer, 0, true), (inner, outer, 0, true), (outer, alice, 96, false)]);
    // Each frame has its own requests. `inner` caches a zero for slot 0 without reading it, so the
    // first flush writes it (cold, unchanged: 2,200); the second finds it written and asks nothing;
    // then it logs and calls the zero address twice. `outer` calls `inner` twice.
    let methods = |f: &devnode::FrameRecord| f.requests.iter().map(|r| r.method).collect::<Vec<_>>();
    assert_eq!(methods(&frames[0]), ["SetTrieSlots", "EmitLog", "ContractCall", "ContractCall"]);
    assert_eq!(frames[0].requests[0].gas, 2_200);
    assert_eq!(methods(&frames[2]), ["SetTrieSlots", "SetTrieSlots", "EmitLog", "ContractCall", "ContractCall"]);
    assert_eq!(frames[2].requests[3].result[0], 0);
}
