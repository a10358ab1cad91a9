//! D1: the pool's ABI answers exactly the selectors of spec §1.1 (less the ERC-20 transfer and
//! allowance surface, which moves to stkUSDC, plus D17's `getBorrowerState`) and declares every event of §3.18 with the same
//! topic and indexed fields.

use std::collections::BTreeSet;

use alloy_primitives::keccak256;
use bindings::ILiquidityStakingV1;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/spec/LS1-SPEC.md");
/// The ERC-20 functions that live on stkUSDC instead of the pool (D1).
const ON_STK_USDC: [&str; 6] = [
    "transfer(address,uint256)",
    "allowance(address,address)",
    "approve(address,uint256)",
    "transferFrom(address,address,uint256)",
    "increaseAllowance(address,uint256)",
    "decreaseAllowance(address,uint256)",
];

/// The functions the port adds to the original's ABI (D17).
const ADDED: [&str; 1] = ["getBorrowerState(address)"];

fn section<'a>(spec: &'a str, from: &str, to: &str) -> &'a str {
    let start = spec.find(from).expect("section start");
    &spec[start..start + spec[start..].find(to).expect("section end")]
}

/// The backticked cells of each table row: (selector, signature) in §1.1.
fn spec_functions(spec: &str) -> Vec<(String, String)> {
    section(spec, "### 1.1", "### 1.2")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let selector = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
            let signature = cells.get(3)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((selector.to_string(), signature.to_string()))
        })
        .collect()
}

#[test]
fn the_pool_abi_answers_every_spec_selector_and_no_other() {
    let spec = std::fs::read_to_string(SPEC).expect("docs/spec/LS1-SPEC.md");
    let rows = spec_functions(&spec);
    assert_eq!(rows.len(), 93, "spec §1.1 lists 93 functions");
    let abi = ILiquidityStakingV1::abi::contract();
    let have: BTreeSet<String> = abi.functions().map(|f| f.selector().to_string()).collect();
    let mut want = BTreeSet::new();
    for (selector, signature) in rows.iter().filter(|(_, s)| !ON_STK_USDC.contains(&s.as_str())) {
        assert_eq!(selector, &alloy_primitives::hex::encode_prefixed(&keccak256(signature)[..4]), "{signature}");
        assert!(have.contains(selector), "missing {signature} ({selector})");
        want.insert(selector.clone());
    }
    for signature in ADDED {
        want.insert(alloy_primitives::hex::encode_prefixed(&keccak256(signature)[..4]));
    }
    assert_eq!(have, want, "the ABI has functions neither the spec nor the decisions list");
    assert_eq!(have.len(), 88, "87 of the spec, getBorrowerState (D17)");
}

#[test]
fn the_pool_abi_declares_every_spec_event() {
    let spec = std::fs::read_to_string(SPEC).expect("docs/spec/LS1-SPEC.md");
    let abi = ILiquidityStakingV1::abi::contract();
    let mut checked = 0;
    for line in section(&spec, "### 3.18", "### 3.19").lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(signature) = cells.get(1).and_then(|c| c.strip_prefix('`')).and_then(|c| c.split('`').next()) else { continue };
        let Some(name) = signature.split('(').next().filter(|n| !n.contains(' ')) else { continue };
        if !signature.contains('(') || ["Transfer", "Approval"].contains(&name) {
            continue; // the role events' row; Transfer and Approval come from stkUSDC (D9)
        }
        let events = abi.events.get(name).unwrap_or_else(|| panic!("missing event {name}"));
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!(event.signature(), signature, "{name}");
        assert_eq!(event.selector(), keccak256(signature), "{name}");
        let indexed: Vec<&str> = event.inputs.iter().filter(|i| i.indexed).map(|i| i.name.as_str()).collect();
        let spec_indexed = cells.get(2).copied().unwrap_or_default();
        if spec_indexed == "—" {
            assert!(indexed.is_empty(), "{name} has no indexed field");
        } else {
            assert_eq!(indexed, spec_indexed.split(", ").collect::<Vec<_>>(), "{name}");
        }
        checked += 1;
    }
    assert_eq!(checked, 24, "every event row but Transfer, Approval and the role events' row");
    for role_event in ["RoleAdminChanged", "RoleGranted", "RoleRevoked"] {
        assert!(abi.events[role_event][0].inputs.iter().all(|i| i.indexed), "{role_event}: all fields indexed");
    }
}

#[test]
fn every_pool_function_has_exactly_one_facet() {
    let abi = bindings::pool_abi();
    let mut served = std::collections::BTreeMap::new();
    for (facet, functions) in std::iter::once(&bindings::POOL_PROGRAM).chain(bindings::POOL_FACETS) {
        for function in *functions {
            assert!(abi.functions.contains_key(*function), "{function} is not in the pool's ABI");
            assert!(served.insert(*function, *facet).is_none(), "{function} is served twice");
        }
    }
    let unserved: Vec<_> = abi.functions.keys().filter(|f| !served.contains_key(f.as_str())).collect();
    assert!(unserved.is_empty(), "not served: {unserved:?}");
    assert_eq!(served.len(), 93, "87 spec functions, the router's 2, the stkUSDC link's 3 and getBorrowerState (D17)");
}

/// The selectors spec §1.3 lists as called on `target` (`on SPX`, `on the Merkle distributor`).
fn consumed(spec: &str, target: &str) -> BTreeSet<String> {
    section(spec, "### 1.3", "## 2.")
        .lines()
        .filter(|line| line.contains(target))
        .filter_map(|line| Some(line.split('|').nth(1)?.trim().trim_matches('`').to_string()))
        .collect()
}

#[test]
fn the_proxys_exchange_and_distributor_interfaces_are_the_ones_spec_1_3_lists_and_the_mock_adds_to_the_exchange() {
    let spec = std::fs::read_to_string(SPEC).expect("docs/spec/LS1-SPEC.md");
    let selectors = |abi: &alloy_json_abi::JsonAbi| -> BTreeSet<String> { abi.functions().map(|f| f.selector().to_string()).collect() };
    let exchange = bindings::IStarkPerpetual::abi::contract();
    assert_eq!(selectors(&exchange), consumed(&spec, " on SPX "));
    assert_eq!(selectors(&exchange).len(), 7);
    let distributor = bindings::IMerkleDistributor::abi::contract();
    assert_eq!(selectors(&distributor), consumed(&spec, " on the Merkle distributor "));
    let own = selectors(&bindings::IMockStarkPerpetual::abi::contract());
    assert!(own.is_disjoint(&selectors(&exchange)), "the exchange's functions are declared once, in IStarkPerpetual.sol");
    let mock = selectors(&bindings::mock_stark_perpetual_abi());
    assert_eq!(mock, own.union(&selectors(&exchange)).cloned().collect());
}
