//! Benchmark (not a test): USDC test-token transfers per second, in-process through the test API and
//! over JSON-RPC with signed EIP-1559 transactions (signature, chain id and nonce checked).
//! Run with `scripts/bench.sh`, or `cargo run --release -p devnode --example throughput [N]`.

use std::{net::TcpListener, str::FromStr, time::Instant};

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::Encodable2718,
    primitives::{Address, TxKind, U256},
    providers::{Provider, ProviderBuilder},
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::SolCall,
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
        nonce += 1;
        let signature = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
        TxEnvelope::from(tx.into_signed(signature)).encoded_2718()
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
