//! `cargo stylus deploy` against the devnode binary: the ecosystem's own tool deploys and activates
//! the USDC test token over JSON-RPC. Skipped, with the reason printed, when cargo-stylus is absent
//! (`scripts/test.sh` installs it).

use crate::common;

use std::process::Command;

use alloy_sol_types::SolCall;
use bindings::ITestToken;
use devnode::DEV_KEYS;
use serde_json::{json, Value};

/// The cargo-stylus binary, if it runs.
fn cargo_stylus() -> Option<String> {
    let program = std::env::var("CARGO_STYLUS").unwrap_or_else(|_| "cargo-stylus".into());
    let works = Command::new(&program).args(["stylus", "--version"]).output().is_ok_and(|o| o.status.success());
    works.then_some(program)
}

fn rpc(url: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
    let (_, reply) = common::post(url, body.as_bytes());
    serde_json::from_str::<Value>(&reply).expect("a JSON-RPC reply")["result"].clone()
}

#[test]
fn cargo_stylus_deploys_and_activates_a_token() {
    let Some(cargo_stylus) = cargo_stylus() else {
        devnode::skip_test(
            "cargo_stylus_deploys_and_activates_a_token: cargo-stylus is not installed (scripts/test.sh installs it; or set CARGO_STYLUS)",
        );
        return;
    };
    let server = common::start_server();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let output = Command::new(&cargo_stylus)
        .current_dir(format!("{root}/contracts/mocks/usdc"))
        .args(["stylus", "deploy", "--no-verify", "--wasm-file", &format!("{root}/target/wasm/usdc.wasm")])
        .args(["--endpoint", &server.url, "--private-key", &format!("0x{}", DEV_KEYS[1])])
        .output()
        .expect("cargo stylus runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "cargo stylus deploy failed:\n{stdout}\n{stderr}");
    let address = stdout
        .split("successfully activated contract ")
        .nth(1)
        .and_then(|rest| rest.get(..42))
        .expect("cargo stylus reports the activation")
        .to_string();
    let name = ITestToken::nameCall {}.abi_encode();
    let out = rpc(&server.url, "eth_call", json!([{"to": address, "input": alloy_primitives::hex::encode_prefixed(name)}, "latest"]));
    let out = alloy_primitives::hex::decode(out.as_str().expect("the call succeeds")).unwrap();
    assert_eq!(ITestToken::nameCall::abi_decode_returns(&out).unwrap(), "USD Coin");
}
