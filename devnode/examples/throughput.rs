//! Benchmark (not a test): USDC test-token transfers per second, in-process through the test API and
//! over JSON-RPC with signed EIP-1559 transactions (signature, chain id and nonce checked); then the
//! workload `bench/hardhat/throughput.js` runs on Hardhat's node, for the comparison: transfers of
//! the EVM token `contracts/evm/BaselineToken.sol`, signed beforehand, sent one after the other as raw
//! transactions in-process and over JSON-RPC (printed after a `## hardhat-workload` line as
//! `<path>\t<transfers per second>`).
//! Run with `scripts/bench.sh`, or `cargo run --release -p devnode --example throughput [N]`.

use std::{net::TcpListener, str::FromStr, time::Instant};

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::Encodable2718,
    primitives::{Address, TxKind, U256},
    providers::{Provider, ProviderBuilder},
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::{SolCall, SolValue},
};
use bindings::ITestToken;
use devnode::{init_code_for, program_code, ArbWasm, Devnode, Rpc, ARBWASM, CHAIN_ID, DEV_KEYS};

fn main() {
    let transfers: u64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(2_000);
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/usdc.wasm"))
        .expect("target/wasm/usdc.wasm (run scripts/build.sh first)");
    let in_process = in_process(&wasm, transfers);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let json_rpc = runtime.block_on(over_rpc(&wasm, transfers, false));
    let as_served = runtime.block_on(over_rpc(&wasm, transfers, true));
    println!("| path | transfers | seconds | transfers per second |");
    println!("|---|---:|---:|---:|");
    let rows = [
        ("in-process test API", in_process),
        ("JSON-RPC, signed raw transactions", json_rpc),
        ("the same, as the devnode binary serves (call traces kept, websocket port open)", as_served),
    ];
    for (path, seconds) in rows {
        println!("| {path} | {transfers} | {seconds:.3} | {:.0} |", transfers as f64 / seconds);
    }
    let signed = evm_transfers(transfers);
    let in_process = evm_in_process(&signed);
    let json_rpc = runtime.block_on(evm_over_rpc(&signed));
    println!("## hardhat-workload");
    println!("in-process\t{:.0}", transfers as f64 / in_process);
    println!("JSON-RPC\t{:.0}", transfers as f64 / json_rpc);
}

/// The EVM token's deployment, a mint of `transfers` units to dev account 1, and `transfers`
/// transfers of one unit, signed by dev account 1 with nonces from 0.
fn evm_transfers(transfers: u64) -> Vec<Vec<u8>> {
    let signer = PrivateKeySigner::from_str(DEV_KEYS[1]).unwrap();
    let alice = signer.address();
    let token = Address::create(&alice, 0);
    let mut creation = alloy::hex::decode(include_str!("../../contracts/evm/BaselineToken.bin").trim()).unwrap();
    creation.extend(("USD Coin".to_string(), "USDC".to_string(), U256::from(6)).abi_encode_params());
    let mint = ITestToken::mintCall { to: alice, amount: U256::from(transfers) }.abi_encode();
    let transfer = ITestToken::transferCall { to: Address::repeat_byte(0xb0), value: U256::from(1) }.abi_encode();
    let calls = [(TxKind::Create, creation), (TxKind::Call(token), mint)].into_iter();
    let calls = calls.chain((0..transfers).map(|_| (TxKind::Call(token), transfer.clone())));
    calls.enumerate().map(|(nonce, (to, input))| signed(&signer, nonce as u64, to, input)).collect()
}

/// An EIP-1559 transaction of the devnode's chain, signed.
fn signed(signer: &PrivateKeySigner, nonce: u64, to: TxKind, input: Vec<u8>) -> Vec<u8> {
    let tx = TxEip1559 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit: 20_000_000,
        max_fee_per_gas: 0,
        max_priority_fee_per_gas: 0,
        to,
        input: input.into(),
        ..Default::default()
    };
    let signature = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
    TxEnvelope::from(tx.into_signed(signature)).encoded_2718()
}

/// Seconds the transfers of `signed` (after its deployment and mint) take through `Devnode::submit_raw`.
fn evm_in_process(signed: &[Vec<u8>]) -> f64 {
    let mut node = Devnode::new();
    for raw in &signed[..2] {
        node.submit_raw(raw).unwrap();
    }
    let start = Instant::now();
    for raw in &signed[2..] {
        node.submit_raw(raw).unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// Seconds the transfers of `signed` (after its deployment and mint) take as `eth_sendRawTransaction`s.
async fn evm_over_rpc(signed: &[Vec<u8>]) -> f64 {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    std::thread::spawn(move || Rpc::new(Devnode::new()).serve(([127, 0, 0, 1], port).into()));
    let provider = ProviderBuilder::new().connect_http(format!("http://127.0.0.1:{port}").parse().unwrap());
    while provider.get_chain_id().await.is_err() {}
    for raw in &signed[..2] {
        let _ = provider.send_raw_transaction(raw).await.unwrap();
    }
    let start = Instant::now();
    for raw in &signed[2..] {
        let _ = provider.send_raw_transaction(raw).await.unwrap();
    }
    let seconds = start.elapsed().as_secs_f64();
    let alice = PrivateKeySigner::from_str(DEV_KEYS[1]).unwrap().address();
    let balance = ITestToken::balanceOfCall { account: Address::repeat_byte(0xb0) }.abi_encode();
    let call = alloy::rpc::types::TransactionRequest::default().to(Address::create(&alice, 0)).input(balance.into());
    let out = provider.call(call).await.unwrap();
    let landed = ITestToken::balanceOfCall::abi_decode_returns(&out).unwrap();
    assert_eq!(landed, U256::from(signed.len() - 2), "every transfer landed");
    seconds
}

fn in_process(wasm: &[u8], transfers: u64) -> f64 {
    let mut node = Devnode::new();
    let (alice, bob) = (node.account(1), node.account(2));
    let usdc = node.deploy_wasm(alice, wasm).unwrap();
    node.send(alice, usdc, ITestToken::mintCall { to: alice, amount: U256::from(transfers) }).unwrap();
    let start = Instant::now();
    for _ in 0..transfers {
        node.send(alice, usdc, ITestToken::transferCall { to: bob, value: U256::from(1) }).unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// Transfers over JSON-RPC; `as_served`: with the binary's defaults (call traces, websocket port).
async fn over_rpc(wasm: &[u8], transfers: u64, as_served: bool) -> f64 {
    let free = || TcpListener::bind("127.0.0.1:0").unwrap();
    let (http, ws) = (free(), free());
    let (port, ws_port) = (http.local_addr().unwrap().port(), ws.local_addr().unwrap().port());
    drop((http, ws));
    std::thread::spawn(move || {
        let mut node = Devnode::new();
        node.set_tracing(as_served);
        let ws = as_served.then(|| ([127, 0, 0, 1], ws_port).into());
        Rpc::new(node).serve_all(([127, 0, 0, 1], port).into(), ws)
    });
    let provider = ProviderBuilder::new().connect_http(format!("http://127.0.0.1:{port}").parse().unwrap());
    while provider.get_chain_id().await.is_err() {}
    let signer = PrivateKeySigner::from_str(DEV_KEYS[1]).unwrap();
    let alice = signer.address();
    let mut nonce = 0;
    let mut send = |to: TxKind, input: Vec<u8>| {
        nonce += 1;
        signed(&signer, nonce - 1, to, input)
    };
    let usdc = Address::create(&alice, 0);
    let _ = provider.send_raw_transaction(&send(TxKind::Create, init_code_for(&program_code(wasm)))).await.unwrap();
    let activate = ArbWasm::activateProgramCall { program: usdc }.abi_encode();
    let _ = provider.send_raw_transaction(&send(TxKind::Call(ARBWASM), activate)).await.unwrap();
    let mint = ITestToken::mintCall { to: alice, amount: U256::from(transfers) }.abi_encode();
    let _ = provider.send_raw_transaction(&send(TxKind::Call(usdc), mint)).await.unwrap();
    let start = Instant::now();
    for _ in 0..transfers {
        let transfer = ITestToken::transferCall { to: Address::repeat_byte(0xb0), value: U256::from(1) }.abi_encode();
        let _ = provider.send_raw_transaction(&send(TxKind::Call(usdc), transfer)).await.unwrap();
    }
    let seconds = start.elapsed().as_secs_f64();
    let out = provider
        .call(
            alloy::rpc::types::TransactionRequest::default()
                .to(usdc)
                .input(ITestToken::balanceOfCall { account: Address::repeat_byte(0xb0) }.abi_encode().into()),
        )
        .await
        .unwrap();
    assert_eq!(ITestToken::balanceOfCall::abi_decode_returns(&out).unwrap(), U256::from(transfers), "every transfer landed");
    seconds
}
