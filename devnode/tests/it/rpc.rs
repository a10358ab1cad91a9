//! The devnode as a JSON-RPC server: requests answered in-process, then an alloy client in another
//! process deploying and driving the USDC test token with signed transactions.

use crate::common;

use std::str::FromStr;

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::Encodable2718,
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, Signature, TxKind, U256},
    providers::{Provider, ProviderBuilder},
    rpc::types::{Filter, TransactionRequest},
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::{SolCall, SolEvent},
};
use bindings::ITestToken;
use devnode::{init_code_for, program_code, ArbWasm, Devnode, Rpc, ARBWASM, CHAIN_ID, DEV_ACCOUNTS, DEV_KEYS};
use serde_json::{json, Value};

fn ask(rpc: &mut Rpc, request: Value) -> Value {
    rpc.handle(request.to_string().as_bytes())
}

#[test]
fn dev_keys_match_dev_accounts() {
    for (key, account) in DEV_KEYS.iter().zip(DEV_ACCOUNTS) {
        assert_eq!(PrivateKeySigner::from_str(key).unwrap().address(), account);
    }
}

#[test]
fn malformed_and_unknown_requests_get_json_rpc_errors() {
    let mut rpc = Rpc::new(Devnode::new());
    let reply = rpc.handle(b"{\"jsonrpc\":\"2.0\",");
    assert_eq!(reply["error"]["code"], -32700);
    assert!(reply["error"]["message"].as_str().unwrap().starts_with("parse error: "));
    let reply = ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 7, "method": "eth_nothing", "params": []}));
    assert_eq!(reply, json!({"jsonrpc": "2.0", "id": 7, "error": {"code": -32601, "message": "method not found: eth_nothing"}}));
    let reply = ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 8, "method": "eth_getBalance", "params": ["0x12"]}));
    assert_eq!(reply["error"]["code"], -32602);
    let reply = ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 9, "params": []}));
    assert_eq!(reply["error"], json!({"code": -32600, "message": "invalid request: no method"}));
    let reply = ask(&mut rpc, json!([]));
    assert_eq!(reply["error"], json!({"code": -32600, "message": "empty batch"}));
    let reply = ask(
        &mut rpc,
        json!([
            {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"},
            {"jsonrpc": "2.0", "id": 2, "method": "eth_blockNumber", "params": []}
        ]),
    );
    assert_eq!(
        reply,
        json!([
            {"jsonrpc": "2.0", "id": 1, "result": "0x64aba"},
            {"jsonrpc": "2.0", "id": 2, "result": "0x0"}
        ])
    );
    let reply = ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 3, "method": "eth_sendRawTransaction", "params": ["0x02ff"]}));
    assert_eq!(reply["error"]["code"], -32000);
    assert!(reply["error"]["message"].as_str().unwrap().starts_with("invalid transaction encoding"));
}

pub(crate) fn signed(key: &str, tx: TxEip1559) -> Bytes {
    let signer = PrivateKeySigner::from_str(key).unwrap();
    let signature = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
    TxEnvelope::from(tx.into_signed(signature)).encoded_2718().into()
}

fn send_raw(rpc: &mut Rpc, raw: &Bytes) -> Value {
    ask(rpc, json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": [raw]}))
}

#[test]
fn signed_transactions_are_checked() {
    let mut rpc = Rpc::new(Devnode::new());
    let tx = |nonce, chain_id| TxEip1559 {
        chain_id,
        nonce,
        gas_limit: 100_000,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(DEV_ACCOUNTS[5]),
        value: U256::from(1_000),
        ..Default::default()
    };
    // A future nonce waits in the queue (node.rs tests the queue).
    let reply = send_raw(&mut rpc, &signed(DEV_KEYS[2], tx(3, CHAIN_ID)));
    assert!(reply["result"].is_string(), "{reply}");
    let reply = send_raw(&mut rpc, &signed(DEV_KEYS[2], tx(0, 1)));
    assert_eq!(reply["error"], json!({"code": -32000, "message": "invalid chain id for signer: have 1 want 412346"}));
    let unsigned = TxEnvelope::from(tx(0, CHAIN_ID).into_signed(Signature::new(U256::ZERO, U256::ZERO, false)));
    let reply = send_raw(&mut rpc, &unsigned.encoded_2718().into());
    assert_eq!(reply["error"], json!({"code": -32000, "message": "invalid transaction signature"}));
    // A signature over other data recovers another account, which has nothing to pay with.
    let mut tampered = signed(DEV_KEYS[2], tx(0, CHAIN_ID)).to_vec();
    let last = tampered.len() - 1;
    tampered[last] ^= 0xff;
    let reply = send_raw(&mut rpc, &tampered.into());
    assert!(reply["error"]["message"].as_str().unwrap().contains("insufficient funds for gas * price + value"), "{reply}");
    let before = rpc.node.balance(DEV_ACCOUNTS[5]);
    let reply = send_raw(&mut rpc, &signed(DEV_KEYS[2], tx(0, CHAIN_ID)));
    assert!(reply["result"].is_string(), "{reply}");
    assert_eq!(rpc.node.balance(DEV_ACCOUNTS[5]), before + U256::from(1_000));
    let reply = send_raw(&mut rpc, &signed(DEV_KEYS[2], tx(0, CHAIN_ID)));
    let low = format!("nonce too low: address {}, tx: 0 state: 1", DEV_ACCOUNTS[2]);
    assert_eq!(reply["error"], json!({"code": -32000, "message": low}));
}

#[test]
fn dev_accounts_are_unlocked_for_eth_send_transaction() {
    let mut rpc = Rpc::new(Devnode::new());
    let (from, to) = (DEV_ACCOUNTS[0], DEV_ACCOUNTS[4]);
    let before = rpc.node.balance(to);
    let request = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendTransaction",
        "params": [{"from": from, "to": to, "value": "0x2a", "gas": "0x5208"}]});
    let hash = ask(&mut rpc, request)["result"].clone();
    assert_eq!(rpc.node.balance(to), before + U256::from(42));
    let receipt = ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 2, "method": "eth_getTransactionReceipt", "params": [hash]}));
    assert_eq!(receipt["result"]["status"], "0x1");
    assert_eq!(receipt["result"]["gasUsed"], "0x5208");
    assert_eq!(receipt["result"]["from"], json!(from));
    let stranger = Address::repeat_byte(0x11);
    let request = json!({"jsonrpc": "2.0", "id": 3, "method": "eth_sendTransaction", "params": [{"from": stranger, "to": to}]});
    assert_eq!(ask(&mut rpc, request)["error"]["message"], format!("{stranger} is not a dev account: only dev accounts are unlocked"));
}

#[tokio::test(flavor = "current_thread")]
async fn alloy_client_deploys_and_drives_usdc_over_http() {
    let server = common::start_server();
    let signer = PrivateKeySigner::from_str(DEV_KEYS[1]).unwrap();
    let alice = signer.address();
    let bob = DEV_ACCOUNTS[2];
    let provider = ProviderBuilder::new().wallet(EthereumWallet::from(signer)).connect_http(server.url.parse().unwrap());
    assert_eq!(provider.get_chain_id().await.unwrap(), CHAIN_ID);

    // Deploy as on Nitro: a creation transaction carrying 0xEFF000 + brotli(wasm), then activateProgram.
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/usdc.wasm")).unwrap();
    let deploy = TransactionRequest::default().with_deploy_code(init_code_for(&program_code(&wasm)));
    let receipt = provider.send_transaction(deploy).await.unwrap().get_receipt().await.unwrap();
    let usdc = receipt.contract_address.expect("a creation receipt names the contract");
    let activate = TransactionRequest::default().with_to(ARBWASM).with_input(ArbWasm::activateProgramCall { program: usdc }.abi_encode());
    let receipt = provider.send_transaction(activate).await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status());
    let activated = ArbWasm::ProgramActivated::decode_log_data(receipt.inner.logs()[0].data()).unwrap();
    assert_eq!((activated.program, activated.version), (usdc, 2));

    let call = |input: Vec<u8>| TransactionRequest::default().with_to(usdc).with_input(input);
    let mint = ITestToken::mintCall { to: alice, amount: U256::from(1_000_000_000u64) }.abi_encode();
    provider.send_transaction(call(mint)).await.unwrap().get_receipt().await.unwrap();
    let transfer = ITestToken::transferCall { to: bob, value: U256::from(250_000_000u64) }.abi_encode();
    let receipt = provider.send_transaction(call(transfer)).await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status());
    let balance = |who: Address| call(ITestToken::balanceOfCall { account: who }.abi_encode());
    let out = provider.call(balance(bob)).await.unwrap();
    assert_eq!(ITestToken::balanceOfCall::abi_decode_returns(&out).unwrap(), U256::from(250_000_000u64));

    let logs =
        provider.get_logs(&Filter::new().address(usdc).event_signature(ITestToken::Transfer::SIGNATURE_HASH).from_block(0)).await.unwrap();
    let transfers: Vec<_> = logs.iter().map(|l| ITestToken::Transfer::decode_log_data(l.data()).unwrap()).collect();
    assert_eq!(transfers.len(), 2);
    assert_eq!((transfers[1].from, transfers[1].to, transfers[1].value), (alice, bob, U256::from(250_000_000u64)));

    // Time and snapshots.
    let before = provider.get_block_by_number(Default::default()).await.unwrap().unwrap().header.timestamp;
    let _: Value = provider.raw_request("evm_increaseTime".into(), (86_400u64,)).await.unwrap();
    let _: Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let after = provider.get_block_by_number(Default::default()).await.unwrap().unwrap().header.timestamp;
    assert_eq!(after, before + 86_400);
    let snapshot: String = provider.raw_request("evm_snapshot".into(), ()).await.unwrap();
    let transfer = ITestToken::transferCall { to: bob, value: U256::from(1u64) }.abi_encode();
    provider.send_transaction(call(transfer)).await.unwrap().get_receipt().await.unwrap();
    let reverted: bool = provider.raw_request("evm_revert".into(), (snapshot,)).await.unwrap();
    assert!(reverted);
    let out = provider.call(balance(bob)).await.unwrap();
    assert_eq!(ITestToken::balanceOfCall::abi_decode_returns(&out).unwrap(), U256::from(250_000_000u64));

    // A reverting call reports the reason and the revert data.
    let too_much = ITestToken::transferCall { to: bob, value: U256::MAX }.abi_encode();
    let error = provider.call(call(too_much).with_from(alice)).await.unwrap_err().to_string();
    assert!(error.contains("execution reverted"), "{error}");

    // A future nonce (queued), a wrong chain id and a bad signature, over HTTP.
    let tx = |nonce, chain_id| TxEip1559 { chain_id, nonce, gas_limit: 21_000, to: TxKind::Call(bob), ..Default::default() };
    let waiting = provider.send_raw_transaction(&signed(DEV_KEYS[3], tx(7, CHAIN_ID))).await.unwrap();
    assert_eq!(provider.get_transaction_receipt(*waiting.tx_hash()).await.unwrap(), None);
    let error = provider.send_raw_transaction(&signed(DEV_KEYS[3], tx(0, 5))).await.unwrap_err().to_string();
    assert!(error.contains("invalid chain id for signer: have 5 want 412346"), "{error}");
    let unsigned = TxEnvelope::from(tx(0, CHAIN_ID).into_signed(Signature::new(U256::ZERO, U256::ZERO, false)));
    let error = provider.send_raw_transaction(&unsigned.encoded_2718()).await.unwrap_err().to_string();
    assert!(error.contains("invalid transaction signature"), "{error}");

    // Malformed JSON and oversize bodies over HTTP.
    let (status, body) = common::post(&server.url, b"{not json");
    assert!(status.contains("200"), "{status}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["error"]["code"], -32700);
    let (status, body) = common::post(&server.url, &vec![b' '; devnode::MAX_REQUEST + 10]);
    assert!(status.contains("413"), "{status}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["error"]["message"], "request larger than 4194304 bytes");
}

#[test]
fn eth_call_applies_state_overrides_and_forgets_them() {
    // What cargo-stylus does to price an activation: code and balance overridden for one call.
    let mut rpc = Rpc::new(Devnode::new());
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/usdc.wasm")).unwrap();
    let (program, sender) = (Address::repeat_byte(0x42), Address::repeat_byte(0x43));
    let input = Bytes::from(ArbWasm::activateProgramCall { program }.abi_encode());
    let overrides =
        json!({ program.to_string(): {"code": program_code(&wasm)}, sender.to_string(): {"balance": "0xffffffffffffffffffff"} });
    let request = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call",
        "params": [{"from": sender, "to": ARBWASM, "input": input, "value": "0xde0b6b3a7640000"}, "latest", overrides]});
    let reply = ask(&mut rpc, request);
    let out: Bytes = serde_json::from_value(reply["result"].clone()).unwrap();
    let activated = ArbWasm::activateProgramCall::abi_decode_returns(&out).unwrap();
    assert_eq!((activated.version, activated.dataFee), (2, U256::ZERO));
    assert_eq!(rpc.node.code(program), Bytes::new());
    assert_eq!(rpc.node.balance(sender), U256::ZERO);
}

#[test]
fn json_rpc_and_the_test_api_give_the_same_result_and_gas() {
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/usdc.wasm")).unwrap();
    let (alice, bob) = (DEV_ACCOUNTS[1], DEV_ACCOUNTS[2]);
    let mint = ITestToken::mintCall { to: alice, amount: U256::from(1_000u64) }.abi_encode();
    let transfer = ITestToken::transferCall { to: bob, value: U256::from(400u64) }.abi_encode();

    let mut node = Devnode::new();
    let usdc = node.deploy_wasm(alice, &wasm).unwrap();
    node.send_raw(alice, usdc, mint.clone().into(), U256::ZERO).unwrap();
    let direct = node.send_raw(alice, usdc, transfer.clone().into(), U256::ZERO).unwrap();

    let mut rpc = Rpc::new(Devnode::new());
    let mut nonce = 0;
    let mut sign = |to: TxKind, input: Vec<u8>| {
        let tx = TxEip1559 { chain_id: CHAIN_ID, nonce, gas_limit: 30_000_000, to, input: input.into(), ..Default::default() };
        nonce += 1;
        signed(DEV_KEYS[1], tx)
    };
    send_raw(&mut rpc, &sign(TxKind::Create, init_code_for(&program_code(&wasm))));
    send_raw(&mut rpc, &sign(TxKind::Call(ARBWASM), ArbWasm::activateProgramCall { program: usdc }.abi_encode()));
    send_raw(&mut rpc, &sign(TxKind::Call(usdc), mint));
    let hash = send_raw(&mut rpc, &sign(TxKind::Call(usdc), transfer))["result"].clone();
    let receipt =
        ask(&mut rpc, json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getTransactionReceipt", "params": [hash]}))["result"].clone();
    assert_eq!(receipt["status"], "0x1");
    assert_eq!(receipt["gasUsed"], json!(format!("{:#x}", direct.gas_used)));
    assert_eq!(receipt["logs"][0]["data"], json!(direct.logs[0].data.data));
    assert_eq!(rpc.node.call(alice, usdc, ITestToken::balanceOfCall { account: bob }).unwrap(), U256::from(400u64));
}

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

/// Sends a request over a websocket and reads the next message (the reply: notifications follow it).
fn request(socket: &mut Socket, request: Value) -> Value {
    socket.send(tungstenite::Message::text(request.to_string())).unwrap();
    next_message(socket)
}

/// Reads the next JSON message of a websocket.
fn next_message(socket: &mut Socket) -> Value {
    loop {
        match socket.read().expect("a message within the timeout") {
            tungstenite::Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            _ => continue,
        }
    }
}

#[test]
fn websocket_subscriptions_notify_new_heads_and_logs() {
    let server = common::start_server();
    let (mut socket, _) = tungstenite::connect(&server.ws_url).expect("the websocket port answers");
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_mut() {
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    }
    let heads =
        request(&mut socket, json!({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["newHeads"]}))["result"].clone();
    // An emitter of one topic, deployed by a dev account over the websocket.
    let topic = alloy::primitives::B256::with_last_byte(0x51);
    let runtime = crate::node::emitter(topic);
    let deploy = json!({"from": DEV_ACCOUNTS[1], "data": Bytes::from(init_code_for(&runtime))});
    let hash =
        request(&mut socket, json!({"jsonrpc": "2.0", "id": 2, "method": "eth_sendTransaction", "params": [deploy]}))["result"].clone();
    let head = next_message(&mut socket);
    assert_eq!((&head["method"], &head["params"]["subscription"]), (&json!("eth_subscription"), &heads));
    assert_eq!(head["params"]["result"]["number"], "0x1");
    let receipt =
        request(&mut socket, json!({"jsonrpc": "2.0", "id": 3, "method": "eth_getTransactionReceipt", "params": [hash]}))["result"].clone();
    let emitter = receipt["contractAddress"].clone();
    let logs =
        request(&mut socket, json!({"jsonrpc": "2.0", "id": 4, "method": "eth_subscribe", "params": ["logs", {"address": emitter}]}))
            ["result"]
            .clone();
    // A transaction sent over HTTP reaches the websocket's subscribers.
    let emit = json!({"jsonrpc": "2.0", "id": 5, "method": "eth_sendTransaction", "params": [{"from": DEV_ACCOUNTS[1], "to": emitter}]});
    let (_, body) = common::post(&server.url, emit.to_string().as_bytes());
    let sent = serde_json::from_str::<Value>(&body).unwrap()["result"].clone();
    let (first, second) = (next_message(&mut socket), next_message(&mut socket));
    assert_eq!((&first["params"]["subscription"], &first["params"]["result"]["number"]), (&heads, &json!("0x2")));
    assert_eq!((&second["params"]["subscription"], &second["params"]["result"]["transactionHash"]), (&logs, &sent));
    assert_eq!(second["params"]["result"]["topics"], json!([topic]));
    // Unsubscribed, the heads stop; the logs go on.
    let reply = request(&mut socket, json!({"jsonrpc": "2.0", "id": 6, "method": "eth_unsubscribe", "params": [heads]}));
    assert_eq!(reply["result"], json!(true));
    common::post(&server.url, emit.to_string().as_bytes());
    let only = next_message(&mut socket);
    assert_eq!((&only["params"]["subscription"], &only["params"]["result"]["blockNumber"]), (&logs, &json!("0x3")));
    // Over HTTP there are no notifications.
    let (_, body) = common::post(&server.url, br#"{"jsonrpc":"2.0","id":7,"method":"eth_subscribe","params":["newHeads"]}"#);
    let reply: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(reply["error"]["message"], "notifications not supported: subscribe over the websocket port");
}

/// A program that asks for its gas left forever (it stops only out of ink or at a time limit).
const SPINNER: &str = r#"
(module
  (import "vm_hooks" "evm_gas_left" (func $gas (result i64)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (loop $again call $gas drop br $again)
    i32.const 0))
"#;

#[test]
fn reads_of_the_history_do_not_wait_behind_a_long_call_and_calls_stop_at_the_time_limit() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (deployed, spinner) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut node = Devnode::new();
        let alice = node.account(1);
        deployed.send(node.deploy_wasm(alice, &wat::parse_str(SPINNER).unwrap()).unwrap()).unwrap();
        let timeout = std::time::Duration::from_millis(500);
        Rpc::new(node).with_call_timeout(timeout).serve(([127, 0, 0, 1], port).into())
    });
    let spinner = spinner.recv().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {}
    let body = |method: &str, params: Value| json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();

    let estimate = body("eth_estimateGas", json!([{"from": DEV_ACCOUNTS[1], "to": spinner}]));
    let long = std::thread::spawn({
        let url = url.clone();
        move || common::post(&url, estimate.as_bytes())
    });
    // Give the estimate time to reach the chain, then read the history while it runs.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let (status, number) = common::post(&url, body("eth_blockNumber", json!([])).as_bytes());
    let (_, block) = common::post(&url, body("eth_getBlockByNumber", json!(["latest", false])).as_bytes());
    assert!(!long.is_finished(), "the reads were answered while the estimate ran");
    assert_eq!(status, "HTTP/1.1 200 OK");
    let number: Value = serde_json::from_str(&number).unwrap();
    let block: Value = serde_json::from_str(&block).unwrap();
    assert_eq!(block["result"]["number"], number["result"]);

    // The estimate stops at the time limit, with geth's message.
    let (_, answer) = long.join().unwrap();
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["error"], json!({"code": -32000, "message": "execution aborted (timeout = 500ms)"}));
    // The chain is free again: a call that needs it is answered.
    let (_, code) = common::post(&url, body("eth_getCode", json!([spinner, "latest"])).as_bytes());
    assert!(serde_json::from_str::<Value>(&code).unwrap()["result"].as_str().unwrap().starts_with("0xeff000"));
}
