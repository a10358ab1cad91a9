//! The devnode as the node tools expect (issue 15): state overrides that never outlive a refused
//! call, time that never goes back, block parameters and ranges checked, no answer from state the
//! node does not keep, refusals in geth's words, a queue for future nonces, filters, unprotected
//! transactions and the CREATE2 factory, ArbSys / ArbGasInfo / NodeInterface, a bounded console and the
//! ArbOS version's entry discount, call traces through Stylus frames, the wall clock.

use alloy::{
    consensus::TxEip1559,
    primitives::{hex, keccak256, Address, Bytes, TxKind, B256, U256},
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use devnode::{
    ArbGasInfo, ArbSys, Devnode, Rpc, ARBGASINFO, ARBSYS, CHAIN_ID, CREATE2_FACTORY, CREATE2_FACTORY_CODE, DEV_ACCOUNTS, DEV_KEYS,
    MAX_CONSOLE_LINES,
};
use serde_json::{json, Value};

use crate::{
    metering::{CALLER, TRIVIAL},
    rpc::signed,
};

fn ask(rpc: &mut Rpc, method: &str, params: Value) -> Value {
    rpc.handle(json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string().as_bytes())
}

fn error(reply: &Value) -> (i64, String) {
    let error = &reply["error"];
    (error["code"].as_i64().unwrap_or_else(|| panic!("an error: {reply}")), error["message"].as_str().unwrap().to_string())
}

#[test]
fn a_refused_state_override_changes_nothing() {
    let mut rpc = Rpc::new(Devnode::new());
    let (account, slot) = (DEV_ACCOUNTS[3], B256::with_last_byte(7));
    let before = rpc.node.balance(account);
    // The first account's balance is applied, then the second account's address is refused.
    let overrides = json!({ account.to_string(): {"balance": "0x5"}, "0xnot-an-address": {} });
    let reply = ask(&mut rpc, "eth_call", json!([{"to": DEV_ACCOUNTS[4]}, "latest", overrides]));
    assert_eq!(error(&reply), (-32602, "state override: bad address 0xnot-an-address".into()));
    assert_eq!(rpc.node.balance(account), before);
    // Within one account: the balance and the slot are applied, then the nonce is refused.
    let overrides =
        json!({ account.to_string(): {"balance": "0x5", "stateDiff": {slot.to_string(): B256::with_last_byte(1)}, "nonce": true} });
    let reply = ask(&mut rpc, "eth_call", json!([{"to": DEV_ACCOUNTS[4]}, "latest", overrides]));
    assert_eq!(error(&reply), (-32602, "expected a quantity".into()));
    assert_eq!(rpc.node.balance(account), before);
    assert_eq!(rpc.node.storage(account, slot.into()), U256::ZERO);
    // An accepted override lasts for the call only.
    let overrides = json!({ account.to_string(): {"balance": "0x5"} });
    let reply = ask(&mut rpc, "eth_call", json!([{"to": DEV_ACCOUNTS[4]}, "latest", overrides]));
    assert_eq!(reply["result"], "0x");
    assert_eq!(rpc.node.balance(account), before);
}

#[test]
fn time_never_goes_back_and_never_overflows() {
    let mut rpc = Rpc::new(Devnode::new());
    let start = rpc.node.timestamp();
    assert_eq!(ask(&mut rpc, "evm_increaseTime", json!(["0x64"]))["result"], "0x64");
    ask(&mut rpc, "evm_mine", json!([]));
    let latest = start + 100;
    let reply = ask(&mut rpc, "evm_setNextBlockTimestamp", json!([latest - 1]));
    let refused = format!("timestamp {} is lower than the previous block's timestamp {latest}", latest - 1);
    assert_eq!(error(&reply), (-32602, refused.clone()));
    assert_eq!(error(&ask(&mut rpc, "evm_mine", json!([latest - 1]))), (-32602, refused));
    let reply = ask(&mut rpc, "evm_increaseTime", json!(["0xffffffffffffffff"]));
    let overflow = "evm_increaseTime: 18446744073709551615 seconds would take the time past 2^63 - 1";
    assert_eq!(error(&reply), (-32602, overflow.into()));
    assert_eq!(rpc.node.timestamp(), latest);
    // The latest block's own timestamp is accepted (blocks may share a second here).
    assert_eq!(ask(&mut rpc, "evm_setNextBlockTimestamp", json!([latest])), json!({"jsonrpc": "2.0", "id": 1, "result": null}));
}

#[test]
fn malformed_block_parameters_and_ranges_are_refused() {
    let mut rpc = Rpc::new(Devnode::new());
    let account = DEV_ACCOUNTS[1].to_string();
    for (block, message) in [
        (json!(0), "invalid block parameter: 0"),
        (json!(true), "invalid block parameter: true"),
        (json!({}), "invalid block parameter: give blockNumber or blockHash"),
        (json!("12"), "invalid block parameter: 12"),
        (json!("0x"), "invalid block parameter: 0x"),
        (json!("0xzz"), "invalid block parameter: 0xzz"),
    ] {
        assert_eq!(error(&ask(&mut rpc, "eth_getBalance", json!([account, block]))), (-32602, message.into()), "{block}");
    }
    assert_eq!(error(&ask(&mut rpc, "eth_getBlockByNumber", json!([true, false]))).0, -32602);
    // EIP-1898 objects name a block by number or hash.
    let genesis = ask(&mut rpc, "eth_getBlockByNumber", json!(["0x0", false]))["result"]["hash"].clone();
    assert!(ask(&mut rpc, "eth_getBalance", json!([account, {"blockNumber": "0x0"}]))["result"].is_string());
    assert!(ask(&mut rpc, "eth_getBalance", json!([account, {"blockHash": genesis}]))["result"].is_string());
    let unknown = ask(&mut rpc, "eth_getBalance", json!([account, {"blockHash": B256::with_last_byte(9)}]));
    assert_eq!(error(&unknown), (-32000, format!("header for hash not found: {}", B256::with_last_byte(9))));
    let reply = ask(&mut rpc, "eth_getLogs", json!([{"fromBlock": "0x1", "toBlock": "0x0"}]));
    assert_eq!(error(&reply), (-32602, "invalid block range params: fromBlock 1 is after toBlock 0".into()));
}

#[test]
fn state_at_another_block_is_refused_rather_than_answered_from_the_latest() {
    let mut rpc = Rpc::new(Devnode::new());
    let (from, to) = (DEV_ACCOUNTS[0], DEV_ACCOUNTS[5]);
    let tx = json!([{"from": from, "to": to, "value": "0x2a"}]);
    assert!(ask(&mut rpc, "eth_sendTransaction", tx)["result"].is_string());
    let historical = "historical state not available: block 0 is older than the latest block 1, the only state this node keeps";
    for (method, params) in [
        ("eth_getBalance", json!([to, "earliest"])),
        ("eth_getCode", json!([to, "0x0"])),
        ("eth_getTransactionCount", json!([from, "earliest"])),
        ("eth_getStorageAt", json!([to, "0x0", "0x0"])),
        ("eth_call", json!([{"to": to}, "0x0"])),
        ("eth_estimateGas", json!([{"to": to}, "earliest"])),
    ] {
        assert_eq!(error(&ask(&mut rpc, method, params)), (-32000, historical.into()), "{method}");
    }
    assert_eq!(error(&ask(&mut rpc, "eth_getBalance", json!([to, "0x2"]))), (-32000, "header not found".into()));
    let balance = format!("{:#x}", rpc.node.balance(to));
    assert_eq!(ask(&mut rpc, "eth_getBalance", json!([to, "0x1"]))["result"], balance);
    assert_eq!(ask(&mut rpc, "eth_getBalance", json!([to, "latest"]))["result"], balance);
    assert_eq!(ask(&mut rpc, "eth_getTransactionCount", json!([from, "pending"]))["result"], "0x1");
}

#[test]
fn refused_transactions_are_described_in_geths_words() {
    let mut rpc = Rpc::new(Devnode::new());
    let poor = PrivateKeySigner::from_bytes(&B256::with_last_byte(0x42)).unwrap();
    let poor_key = hex::encode(poor.to_bytes());
    let tx = |nonce, gas_limit, max_fee_per_gas, max_priority_fee_per_gas| TxEip1559 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit,
        max_fee_per_gas,
        max_priority_fee_per_gas,
        to: TxKind::Call(DEV_ACCOUNTS[5]),
        value: U256::from(1_000),
        ..Default::default()
    };
    let send = |rpc: &mut Rpc, key: &str, tx| error(&ask(rpc, "eth_sendRawTransaction", json!([signed(key, tx)])));
    let want = 21_000u128 * 1_000_000_000 + 1_000;
    let funds = format!("insufficient funds for gas * price + value: address {} have 0 want {want}", poor.address());
    assert_eq!(send(&mut rpc, &poor_key, tx(0, 21_000, 1_000_000_000, 0)), (-32000, funds));
    let account = DEV_ACCOUNTS[2];
    assert_eq!(send(&mut rpc, DEV_KEYS[2], tx(0, 20_000, 0, 0)), (-32000, "intrinsic gas too low: have 20000, want 21000".into()));
    assert_eq!(send(&mut rpc, DEV_KEYS[2], tx(0, 40_000_000, 0, 0)), (-32000, "exceeds block gas limit".into()));
    let tip = format!("max priority fee per gas higher than max fee per gas: address {account}, maxPriorityFeePerGas: 2, maxFeePerGas: 1");
    assert_eq!(send(&mut rpc, DEV_KEYS[2], tx(0, 21_000, 1, 2)), (-32000, tip));
    let reply = ask(&mut rpc, "eth_sendRawTransaction", json!([signed(DEV_KEYS[2], tx(0, 21_000, 0, 0))]));
    assert!(reply["result"].is_string(), "{reply}");
    let low = format!("nonce too low: address {account}, tx: 0 state: 1");
    assert_eq!(send(&mut rpc, DEV_KEYS[2], tx(0, 21_000, 0, 0)), (-32000, low));
    let other_chain = TxEip1559 { chain_id: 1, ..tx(1, 21_000, 0, 0) };
    assert_eq!(send(&mut rpc, DEV_KEYS[2], other_chain), (-32000, "invalid chain id for signer: have 1 want 412346".into()));
    // eth_call reports an unaffordable call the same way.
    let call = json!([{"from": poor.address(), "to": DEV_ACCOUNTS[5], "value": "0x1"}]);
    let unaffordable = format!("insufficient funds for gas * price + value: address {} have 0 want 1", poor.address());
    assert_eq!(error(&ask(&mut rpc, "eth_call", call)), (-32000, unaffordable));
}

/// The well-known presigned deployment of the CREATE2 factory (pre-EIP-155, from a key nobody holds).
const FACTORY_DEPLOYMENT: &str = "f8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222";

#[test]
fn unprotected_transactions_are_accepted_and_the_create2_factory_is_there() {
    // On a node without the factory, its presigned deployment (no chain id) installs it.
    let mut rpc = Rpc::new(Devnode::new());
    let signer = alloy::primitives::address!("3fab184622dc19b6109349b94811493bf2a45362");
    rpc.node.set_code(CREATE2_FACTORY, Bytes::new());
    rpc.node.set_nonce(CREATE2_FACTORY, 0);
    rpc.node.set_balance(signer, U256::from(10_000_000_000_000_000u64));
    let reply = ask(&mut rpc, "eth_sendRawTransaction", json!([format!("0x{FACTORY_DEPLOYMENT}")]));
    let hash = reply["result"].clone();
    assert!(hash.is_string(), "{reply}");
    let receipt = ask(&mut rpc, "eth_getTransactionReceipt", json!([hash]))["result"].clone();
    let address = |field: &str| serde_json::from_value::<Address>(receipt[field].clone()).unwrap();
    assert_eq!((&receipt["status"], address("from"), address("contractAddress")), (&json!("0x1"), signer, CREATE2_FACTORY));
    assert_eq!(rpc.node.code(CREATE2_FACTORY), Bytes::from_static(&CREATE2_FACTORY_CODE));

    // A fresh node has it from genesis: CREATE2 through it lands where the formula says.
    let mut node = Devnode::new();
    assert_eq!(node.code(CREATE2_FACTORY), Bytes::from_static(&CREATE2_FACTORY_CODE));
    let init = devnode::init_code_for(&[0x60, 0x2a]);
    let salt = B256::with_last_byte(5);
    let receipt = node.send_raw(node.account(1), CREATE2_FACTORY, [salt.as_slice(), &init].concat().into(), U256::ZERO).unwrap();
    let expected = CREATE2_FACTORY.create2(salt, keccak256(&init));
    assert_eq!(Address::from_slice(&receipt.output), expected);
    assert_eq!(node.code(expected), Bytes::from_static(&[0x60, 0x2a]));
}

alloy::sol! {
    /// Nitro's NodeInterface (two of its calls).
interface NodeInterface {
function gasEstimateComponents(address to, bool contractCreation, bytes calldata data)
external payable returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
function nitroGenesisBlock() external pure returns (uint256 number);
}
}

#[test]
fn arbsys_arbgasinfo_and_node_interface_answer_as_on_a_devnode_without_l1_pricing() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    node.mine(3);
    assert_eq!(node.call(alice, ARBSYS, ArbSys::arbBlockNumberCall {}).unwrap(), U256::from(node.block_number()));
    assert_eq!(node.call(alice, ARBSYS, ArbSys::arbChainIDCall {}).unwrap(), U256::from(CHAIN_ID));
    assert_eq!(node.call(alice, ARBSYS, ArbSys::arbOSVersionCall {}).unwrap(), U256::from(55 + 60));
    node.set_arbos_version(51).unwrap();
    assert_eq!(node.call(alice, ARBSYS, ArbSys::arbOSVersionCall {}).unwrap(), U256::from(55 + 51));
    let prices = node.call(alice, ARBGASINFO, ArbGasInfo::getPricesInWeiCall {}).unwrap();
    assert_eq!([prices._0, prices._1, prices._2, prices._3, prices._4, prices._5], [U256::ZERO; 6]);
    let params = node.call(alice, ARBGASINFO, ArbGasInfo::getGasAccountingParamsCall {}).unwrap();
    assert_eq!([params._0, params._1, params._2], [U256::from(7_000_000), U256::from(30_000_000), U256::from(30_000_000)]);
    assert_eq!(node.call(alice, ARBGASINFO, ArbGasInfo::getMinimumGasPriceCall {}).unwrap(), U256::ZERO);
    assert_eq!(node.call(alice, ARBGASINFO, ArbGasInfo::getL1BaseFeeEstimateCall {}).unwrap(), U256::ZERO);
    assert_eq!(node.code(ARBSYS), Bytes::from_static(&[0xfe]));
    // An unknown selector reverts with no data, as Nitro's precompiles do.
    let unknown = node.send_raw(alice, ARBSYS, Bytes::from_static(&[1, 2, 3, 4]), U256::ZERO).unwrap_err();
    assert_eq!(unknown.output(), Some(&Bytes::new()));

    let mut rpc = Rpc::new(node);
    let node_interface = "0x00000000000000000000000000000000000000c8";
    let data = NodeInterface::gasEstimateComponentsCall { to: DEV_ACCOUNTS[5], contractCreation: false, data: Bytes::new() };
    let reply = ask(&mut rpc, "eth_call", json!([{"from": alice, "to": node_interface, "data": Bytes::from(data.abi_encode())}]));
    let output: Bytes = serde_json::from_value(reply["result"].clone()).unwrap();
    let components = NodeInterface::gasEstimateComponentsCall::abi_decode_returns(&output).unwrap();
    assert_eq!((components.gasEstimate, components.gasEstimateForL1), (21_000, 0));
    assert_eq!((components.baseFee, components.l1BaseFeeEstimate), (U256::ZERO, U256::ZERO));
    let plain = ask(&mut rpc, "eth_estimateGas", json!([{"from": alice, "to": DEV_ACCOUNTS[5]}]));
    assert_eq!(plain["result"], "0x5208");
    let data = Bytes::from(NodeInterface::nitroGenesisBlockCall {}.abi_encode());
    let reply = ask(&mut rpc, "eth_call", json!([{"to": node_interface, "data": &data}]));
    assert_eq!(error(&reply), (-32000, format!("NodeInterface: the devnode does not serve this call ({data})")));
}

/// Prints its calldata's first byte times 256 numbers through `console.log_i32`.
const PRINTER: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "console" "log_i32" (func $log (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $i i32) (local $n i32)
    i32.const 0 call $read_args
    i32.const 0 i32.load8_u i32.const 256 i32.mul local.set $n
    (block (loop
      local.get $i local.get $n i32.ge_u br_if 1
      local.get $i call $log
      local.get $i i32.const 1 i32.add local.set $i
      br 0))
    i32.const 0))
"#;

#[test]
fn the_console_keeps_only_the_newest_lines() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let printer = node.deploy_wasm(alice, &wat::parse_str(PRINTER).unwrap()).unwrap();
    let count = MAX_CONSOLE_LINES.div_ceil(256) * 256 + 256;
    node.send_raw(alice, printer, Bytes::from(vec![(count / 256) as u8]), U256::ZERO).unwrap();
    let lines = node.console();
    let dropped = count - MAX_CONSOLE_LINES;
    assert_eq!(lines.len(), MAX_CONSOLE_LINES + 1);
    assert_eq!(lines[0], format!("({dropped} earlier console lines dropped)"));
    assert_eq!(lines[1], dropped.to_string());
    assert_eq!(lines[MAX_CONSOLE_LINES], (count - 1).to_string());
    assert!(node.console().is_empty());
}

/// EVM code calling `program` twice (no calldata, all gas) and stopping.
fn call_twice(program: Address) -> Vec<u8> {
    let one_call = [&[0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x73][..], program.as_slice(), &[0x5a, 0xf1, 0x50]].concat();
    [one_call.clone(), one_call, vec![0x00]].concat()
}

#[test]
fn a_program_entered_again_in_a_block_pays_the_cached_price_from_arbos_60_on() {
    let gas = |version| {
        let mut node = Devnode::new();
        node.set_arbos_version(version).unwrap();
        let alice = node.account(1);
        let program = node.deploy_wasm(alice, &wat::parse_str(TRIVIAL).unwrap()).unwrap();
        let caller = node.deploy_code(alice, &call_twice(program)).unwrap();
        node.send_raw(alice, caller, Bytes::new(), U256::ZERO).unwrap().gas_used
    };
    // The second entry: 9,213 uncached (metering.rs works it out) against 363 cached.
    assert_eq!(gas(59) - gas(60), 9_213 - 363);
    assert_eq!(Devnode::new().arbos_version(), 60);
    let refused = Devnode::new().set_arbos_version(61).unwrap_err();
    assert_eq!(refused, "ArbOS 61 is not modelled: the devnode models ArbOS 31 to 60");
    let refused = Devnode::new().set_arbos_version(30).unwrap_err();
    assert_eq!(refused, "ArbOS 30 is not modelled: the devnode models ArbOS 31 to 60");
}

#[test]
fn transactions_with_future_nonces_wait_until_the_gap_fills() {
    let mut rpc = Rpc::new(Devnode::new());
    let (sender, to) = (DEV_ACCOUNTS[6], DEV_ACCOUNTS[5]);
    let before = rpc.node.balance(to);
    let tx = |nonce| TxEip1559 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit: 21_000,
        to: TxKind::Call(to),
        value: U256::from(7),
        ..Default::default()
    };
    let raw: Vec<Bytes> = (0..5).map(|nonce| signed(DEV_KEYS[6], tx(nonce))).collect();
    let mut hashes = vec![Value::Null; 5];
    for nonce in [4, 2, 3] {
        hashes[nonce] = ask(&mut rpc, "eth_sendRawTransaction", json!([raw[nonce]]))["result"].clone();
        assert!(hashes[nonce].is_string());
    }
    assert_eq!(error(&ask(&mut rpc, "eth_sendRawTransaction", json!([raw[4]]))), (-32000, "already known".into()));
    let waiting = ask(&mut rpc, "eth_getTransactionByHash", json!([hashes[4]]))["result"].clone();
    assert_eq!((&waiting["nonce"], &waiting["blockNumber"]), (&json!("0x4"), &Value::Null));
    assert_eq!(ask(&mut rpc, "eth_getTransactionReceipt", json!([hashes[4]]))["result"], Value::Null);
    assert_eq!(rpc.node.balance(to), before);
    hashes[0] = ask(&mut rpc, "eth_sendRawTransaction", json!([raw[0]]))["result"].clone();
    assert_eq!((rpc.node.nonce(sender), rpc.node.balance(to)), (1, before + U256::from(7)));
    hashes[1] = ask(&mut rpc, "eth_sendRawTransaction", json!([raw[1]]))["result"].clone();
    assert_eq!((rpc.node.nonce(sender), rpc.node.balance(to)), (5, before + U256::from(35)));
    // Mined in nonce order, one block each.
    for (nonce, hash) in hashes.iter().enumerate() {
        let receipt = ask(&mut rpc, "eth_getTransactionReceipt", json!([hash]))["result"].clone();
        assert_eq!((&receipt["status"], &receipt["blockNumber"]), (&json!("0x1"), &json!(format!("{:#x}", nonce + 1))), "nonce {nonce}");
    }
}

/// EVM code logging its one topic with no data.
pub(crate) fn emitter(topic: B256) -> Vec<u8> {
    [&[0x7f][..], topic.as_slice(), &[0x60, 0, 0x60, 0, 0xa1, 0x00]].concat()
}

#[test]
fn filters_report_what_came_since_the_last_poll() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let topic = B256::with_last_byte(0x51);
    let emitter = node.deploy_code(alice, &emitter(topic)).unwrap();
    let mut rpc = Rpc::new(node);
    let logs = ask(&mut rpc, "eth_newFilter", json!([{"address": emitter}]))["result"].clone();
    let all_logs = ask(&mut rpc, "eth_newFilter", json!([{"fromBlock": "0x0", "topics": [topic]}]))["result"].clone();
    let other_topic = ask(&mut rpc, "eth_newFilter", json!([{"topics": [B256::with_last_byte(1)]}]))["result"].clone();
    let blocks = ask(&mut rpc, "eth_newBlockFilter", json!([]))["result"].clone();
    let pending = ask(&mut rpc, "eth_newPendingTransactionFilter", json!([]))["result"].clone();
    assert_eq!(ask(&mut rpc, "eth_getFilterChanges", json!([logs]))["result"], json!([]));
    let mut sent = vec![];
    for to in [emitter, DEV_ACCOUNTS[5], emitter] {
        sent.push(ask(&mut rpc, "eth_sendTransaction", json!([{"from": alice, "to": to}]))["result"].clone());
    }
    let changes = ask(&mut rpc, "eth_getFilterChanges", json!([logs]))["result"].clone();
    let seen: Vec<_> = changes.as_array().unwrap().iter().map(|l| (l["transactionHash"].clone(), l["blockNumber"].clone())).collect();
    assert_eq!(seen, [(sent[0].clone(), json!("0x2")), (sent[2].clone(), json!("0x4"))]);
    assert_eq!(changes[0]["topics"], json!([topic]));
    assert_eq!(ask(&mut rpc, "eth_getFilterChanges", json!([logs]))["result"], json!([]));
    assert_eq!(ask(&mut rpc, "eth_getFilterChanges", json!([other_topic]))["result"], json!([]));
    assert_eq!(ask(&mut rpc, "eth_getFilterLogs", json!([all_logs]))["result"].as_array().unwrap().len(), 2);
    let hashes = ask(&mut rpc, "eth_getFilterChanges", json!([blocks]))["result"].clone();
    let mined: Vec<Value> =
        (2..=4).map(|n| ask(&mut rpc, "eth_getBlockByNumber", json!([format!("{n:#x}"), false]))["result"]["hash"].clone()).collect();
    assert_eq!(hashes, json!(mined));
    assert_eq!(ask(&mut rpc, "eth_getFilterChanges", json!([pending]))["result"], json!([]));
    let receipts = ask(&mut rpc, "eth_getBlockReceipts", json!(["latest"]))["result"].clone();
    assert_eq!((receipts.as_array().unwrap().len(), &receipts[0]["transactionHash"]), (1, &sent[2]));
    assert_eq!(ask(&mut rpc, "eth_uninstallFilter", json!([logs]))["result"], json!(true));
    assert_eq!(ask(&mut rpc, "eth_uninstallFilter", json!([logs]))["result"], json!(false));
    assert_eq!(error(&ask(&mut rpc, "eth_getFilterChanges", json!([logs]))), (-32000, "filter not found".into()));
}

#[test]
fn on_the_wall_clock_blocks_follow_the_system_time_and_time_travel_adds_to_it() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    // Frozen (the default): two blocks share the genesis time.
    node.mine(2);
    assert_eq!(node.timestamp(), 1_767_225_600);
    let before = now();
    node.follow_wall_clock();
    let mut times = vec![];
    for _ in 0..3 {
        node.send_raw(alice, DEV_ACCOUNTS[5], Bytes::new(), U256::ZERO).unwrap();
        times.push(node.timestamp());
    }
    // Each block at least a second after the one before, none before the system time.
    assert!(times[0] >= before && times[1] > times[0] && times[2] > times[1], "{times:?} from {before}");
    // Time travel adds to the wall clock.
    let mut rpc = Rpc::new(node);
    let before = now();
    assert!(ask(&mut rpc, "evm_increaseTime", json!([86_400]))["result"].is_string());
    ask(&mut rpc, "evm_mine", json!([]));
    let later = rpc.node.timestamp();
    assert!(later >= before + 86_400 && later > times[2], "{later} from {before}");
    // A snapshot takes the offset with it.
    let id = ask(&mut rpc, "evm_snapshot", json!([]))["result"].clone();
    ask(&mut rpc, "evm_increaseTime", json!([1_000_000]));
    ask(&mut rpc, "evm_revert", json!([id]));
    ask(&mut rpc, "evm_mine", json!([]));
    assert!(rpc.node.timestamp() < now() + 86_400 + 1_000_000);
}

#[test]
fn call_traces_show_a_stylus_program_and_the_calls_it_makes() {
    let mut node = Devnode::new();
    node.set_tracing(true);
    let alice = node.account(1);
    // A Stylus program calling the account in its calldata with 100,000 gas; an EVM contract logging.
    let caller = node.deploy_wasm(alice, &wat::parse_str(CALLER).unwrap()).unwrap();
    let topic = B256::with_last_byte(0x51);
    let emitter = node.deploy_code(alice, &emitter(topic)).unwrap();
    let mut rpc = Rpc::new(node);
    let data = Bytes::from(B256::left_padding_from(emitter.as_slice()).to_vec());
    let hash = ask(&mut rpc, "eth_sendTransaction", json!([{"from": alice, "to": caller, "data": data}]))["result"].clone();
    let call_tracer = json!({"tracer": "callTracer", "tracerConfig": {"withLog": true}});
    let trace = ask(&mut rpc, "debug_traceTransaction", json!([hash, call_tracer]))["result"].clone();
    let address = |value: &Value| serde_json::from_value::<Address>(value.clone()).unwrap();
    assert_eq!((&trace["type"], address(&trace["from"]), address(&trace["to"])), (&json!("CALL"), alice, caller));
    let receipt = ask(&mut rpc, "eth_getTransactionReceipt", json!([hash]))["result"].clone();
    assert_eq!(trace["gasUsed"], receipt["gasUsed"]);
    let inner = &trace["calls"][0];
    assert_eq!((&inner["type"], address(&inner["from"]), address(&inner["to"])), (&json!("CALL"), caller, emitter));
    assert_eq!((&inner["gas"], &inner["logs"][0]["topics"]), (&json!("0x186a0"), &json!([topic])));
    assert_eq!(trace["calls"].as_array().unwrap().len(), 1);
    // The options cut the trace: no logs unless asked, no inner calls for onlyTopCall.
    let plain = ask(&mut rpc, "debug_traceTransaction", json!([hash, {"tracer": "callTracer"}]))["result"].clone();
    assert!(plain["calls"][0].get("logs").is_none() && plain["calls"][0]["to"] == inner["to"]);
    let top = json!({"tracer": "callTracer", "tracerConfig": {"onlyTopCall": true}});
    assert!(ask(&mut rpc, "debug_traceTransaction", json!([hash, top]))["result"].get("calls").is_none());
    // debug_traceCall traces without mining.
    let block = rpc.node.block_number();
    let call = json!([{"from": alice, "to": caller, "data": data}, "latest", call_tracer]);
    let traced = ask(&mut rpc, "debug_traceCall", call)["result"].clone();
    assert_eq!((address(&traced["calls"][0]["to"]), rpc.node.block_number()), (emitter, block));
    let other = ask(&mut rpc, "debug_traceTransaction", json!([hash, {"tracer": "prestateTracer"}]));
    let refused = "tracer prestateTracer is not served: the devnode serves the callTracer ({\"tracer\": \"callTracer\"})";
    assert_eq!(error(&other), (-32000, refused.into()));
    // Without tracing no trace is kept.
    rpc.node.set_tracing(false);
    let hash = ask(&mut rpc, "eth_sendTransaction", json!([{"from": alice, "to": caller, "data": data}]))["result"].clone();
    let untraced = ask(&mut rpc, "debug_traceTransaction", json!([hash, {"tracer": "callTracer"}]));
    assert_eq!(error(&untraced).0, -32000);
}
