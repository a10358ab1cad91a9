//! The devnode's chain: its id and its prefunded dev accounts with their public keys.

use alloy_primitives::{address, Address};

/// Chain id of Nitro's devnode.
pub const CHAIN_ID: u64 = 412_346;

/// Prefunded dev accounts: Nitro devnode's well-known dev account, then anvil's first nine.
pub const DEV_ACCOUNTS: [Address; 10] = [
    address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E"),
    address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
    address!("70997970C51812dc3A010C7d01b50e0d17dc79C8"),
    address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
    address!("90F79bf6EB2c4f870365E785982E1f101E93b906"),
    address!("15d34AAf54267DB7D7c367839AAf71A00a2C6A65"),
    address!("9965507D1a55bcC2695C58ba16FB37d819B0A4dc"),
    address!("976EA74026E726554dB657fA54763abd0C3a0aa9"),
    address!("14dC79964da2C08b23698B3D3cc7Ca32193d9955"),
    address!("23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"),
];

/// The chain owner, who may cache, evict and size the cache directly (Nitro's dev account).
pub const CHAIN_OWNER: Address = DEV_ACCOUNTS[0];

/// Private keys of [`DEV_ACCOUNTS`], in the same order: Nitro devnode's well-known dev key, then the
/// keys of anvil's default mnemonic. Public test keys: never use them on a real chain.
pub const DEV_KEYS: [&str; 10] = [
    "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659",
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
];
