//! The accounts of a run: the devnode's prefunded dev keys, or keys derived from one funded key.

use std::str::FromStr;

use alloy::{primitives::keccak256, signers::local::PrivateKeySigner};
use arbitrum::DEV_KEYS;

/// The devnode's ten prefunded dev keys (public test keys: never use them on a real chain).
pub fn dev_signers() -> Vec<PrivateKeySigner> {
    DEV_KEYS.iter().map(|key| PrivateKeySigner::from_str(key).expect("a valid dev key")).collect()
}

/// The `i`-th account derived from `seed` (a run's actors on a real node: funded by the one funded key).
pub fn derived_signer(seed: &PrivateKeySigner, i: u64) -> PrivateKeySigner {
    let material = [seed.to_bytes().as_slice(), &i.to_be_bytes()].concat();
    PrivateKeySigner::from_bytes(&keccak256(material)).expect("a keccak digest is a valid key")
}
