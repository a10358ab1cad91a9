//! D1 for StarkProxy: the ABI answers exactly the selectors of spec §1.2 (V1 + V2, with the one
//! initializer `initialize(address)` of D14 instead of V2's empty `initialize()`), declares every event
//! of §4.13 with the same signature, field names and no indexed field, and the facet table sends
//! every selector to exactly one facet.

use std::collections::BTreeSet;

use alloy_primitives::keccak256;
use bindings::{stark_proxy_abi, IStarkProxy, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/spec/LS1-SPEC.md");

fn section<'a>(spec: &'a str, from: &str, to: &str) -> &'a str {
    let start = spec.find(from).expect("section start");
    &spec[start..start + spec[start..].find(to).expect("section end")]
}

fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn ticked(cell: &str) -> Option<&str> {
    let start = cell.find('`')? + 1;
    let len = cell[start..].find('`')?;
    Some(&cell[start..start + len])
}

fn spec() -> String {
    std::fs::read_to_string(SPEC).expect("docs/spec/LS1-SPEC.md")
}

#[test]
fn the_stark_proxy_abi_answers_every_spec_selector_and_no_other() {
    let spec = spec();
    let rows: Vec<(String, String)> = section(&spec, "### 1.2", "### 1.3")
        .lines()
        .filter_map(|line| {
            let cells = cells(line);
            Some((ticked(cells.get(2)?)?.to_string(), ticked(cells.get(3)?)?.to_string()))
        })
        .collect();
    assert_eq!(rows.len(), 66, "spec §1.2 lists 66 rows (V1 and V2 together)");
    let abi = IStarkProxy::abi::contract();
    let have: BTreeSet<String> = abi.functions().map(|f| f.selector().to_string()).collect();
    let mut want = BTreeSet::new();
    for (selector, signature) in rows.iter().filter(|(_, s)| s != "initialize()") {
        assert_eq!(selector, &alloy_primitives::hex::encode_prefixed(&keccak256(signature)[..4]), "{signature}");
        assert!(have.contains(selector), "missing {signature} ({selector})");
        want.insert(selector.clone());
    }
    assert_eq!(have, want, "the ABI has functions the spec does not list");
    assert_eq!(have.len(), 65);
}

#[test]
fn the_stark_proxy_abi_declares_every_spec_event_unindexed() {
    let spec = spec();
    let abi = IStarkProxy::abi::contract();
    let mut checked = 0;
    for line in section(&spec, "### 4.13", "## 5.").lines() {
        let cells = cells(line);
        let Some(signature) = cells.get(1).and_then(|c| ticked(c)) else { continue };
        let name = signature.split('(').next().unwrap_or_default();
        let events = abi.events.get(name).unwrap_or_else(|| panic!("missing event {name}"));
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!(event.signature(), signature, "{name}");
        assert!(event.inputs.iter().all(|i| !i.indexed), "{name} has no indexed field");
        let names: Vec<String> = event.inputs.iter().map(|i| i.name.clone()).collect();
        let spec_names: Vec<String> = cells[2].split(", ").map(|n| n.split(" (").next().unwrap_or_default().to_string()).collect();
        assert_eq!(names, spec_names, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 18);
    // The role events of §2.1: every field indexed.
    for (name, signature) in [
        ("RoleAdminChanged", "RoleAdminChanged(bytes32,bytes32,bytes32)"),
        ("RoleGranted", "RoleGranted(bytes32,address,address)"),
        ("RoleRevoked", "RoleRevoked(bytes32,address,address)"),
    ] {
        let event = &abi.events[name][0];
        assert_eq!(event.signature(), signature);
        assert!(event.inputs.iter().all(|i| i.indexed), "{name}");
    }
}

#[test]
fn every_stark_proxy_function_has_exactly_one_facet() {
    let abi = stark_proxy_abi();
    let programs = std::iter::once(&STARK_PROXY_PROGRAM).chain(STARK_PROXY_FACETS);
    let served: Vec<&str> = programs.flat_map(|(_, functions)| functions.iter().copied()).collect();
    let unique: BTreeSet<&str> = served.iter().copied().collect();
    assert_eq!(unique.len(), served.len(), "a function is listed twice");
    let names: BTreeSet<&str> = abi.functions().map(|f| f.name.as_str()).collect();
    assert_eq!(unique, names);
    assert_eq!(abi.functions().count(), 67, "65 StarkProxy functions + setFacets + facetAddress");
}
