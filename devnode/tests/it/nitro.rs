//! The devnode's activation against Nitro's own: every figure Nitro's activation computed for the
//! shipped programs (`tests/fixtures/nitro/activation.json`, with the nitro commit it came from) and
//! Nitro's verdict on the gate's refusal corpus, checked against what the devnode's ArbWasm records.

use std::path::PathBuf;

use devnode::{activation_costs, ProgramCosts};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nitro")
}

fn fixture() -> Value {
    let text = std::fs::read_to_string(fixtures().join("activation.json")).expect("the Nitro fixture");
    serde_json::from_str(&text).expect("the Nitro fixture is JSON")
}

fn field(entry: &Value, name: &str) -> u64 {
    entry[name].as_u64().unwrap_or_else(|| panic!("{name} in {entry}"))
}

#[test]
fn activation_records_what_nitro_computes_for_every_shipped_program() {
    let fixture = fixture();
    let programs = fixture["programs"].as_array().expect("programs");
    assert_eq!(programs.len(), 17);
    for entry in programs {
        let name = entry["name"].as_str().expect("name");
        let compressed = std::fs::read(fixtures().join(format!("{name}.wasm.br"))).expect("the program as Nitro saw it");
        let wasm = stylus_gate::decompress(&compressed).expect("brotli");
        assert_eq!(wasm.len() as u64, field(entry, "wasm_len"), "{name}");
        let ours = activation_costs(&wasm);
        if let Some(refusal) = entry["refused"].as_str() {
            // The probe imports `console`, which Nitro links on debug chains only; the devnode is one.
            assert!(refusal.contains("Host func log_txt in console not enabled"), "{name}: {refusal}");
            assert!(ours.is_ok(), "{name}: the devnode serves console as a debug chain: {ours:?}");
            continue;
        }
        let nitro = ProgramCosts {
            init_cost: field(entry, "init_cost") as u16,
            cached_init_cost: field(entry, "cached_init_cost") as u16,
            footprint: field(entry, "footprint") as u16,
            asm_estimate: field(entry, "asm_estimate") as u32,
        };
        assert_eq!(ours, Ok(nitro), "{name}");
    }
}

#[test]
fn activation_refuses_what_nitro_refuses() {
    let fixture = fixture();
    let cases = fixture["refusals"].as_array().expect("refusals");
    assert_eq!(cases.len(), 24);
    for case in cases {
        let name = case["case"].as_str().expect("case");
        let wasm = alloy_primitives::hex::decode(case["wasm"].as_str().expect("wasm")).expect("hex");
        let ours = activation_costs(&wasm);
        match case["nitro"].as_str() {
            // The one deliberate difference: `console` is served, the devnode being a debug chain.
            Some(nitro) if nitro.contains("in console not enabled") => assert!(ours.is_ok(), "{name}: {ours:?}"),
            Some(nitro) => assert!(ours.is_err(), "{name}: Nitro refuses ({nitro}), the devnode accepts"),
            None => assert!(ours.is_ok(), "{name}: Nitro accepts, the devnode refuses: {ours:?}"),
        }
    }
}
