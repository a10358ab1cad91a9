//! How a Stylus program is deployed: its code (Nitro's prefix and the brotli-compressed module) and
//! the EVM init code that returns it.

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
};

use alloy_primitives::{Bytes, B256};

/// Nitro's code prefix for a Stylus program without a dictionary: `EF F0 00` + dictionary byte 0.
pub const STYLUS_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// Deployable code for `wasm`: the Stylus prefix and the brotli-compressed module. Compressing at
/// quality 11 takes a while, so results are kept for the life of the process, by the module's hash.
pub fn program_code(wasm: &[u8]) -> Bytes {
    static COMPRESSED: OnceLock<Mutex<HashMap<B256, Bytes>>> = OnceLock::new();
    let key = alloy_primitives::keccak256(wasm);
    let cache = COMPRESSED.get_or_init(Default::default);
    if let Some(code) = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
        return code.clone();
    }
    let mut code = STYLUS_PREFIX.to_vec();
    code.extend(stylus_gate::compress(wasm));
    let code = Bytes::from(code);
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, code.clone());
    code
}

/// EVM init code that returns `runtime` as the contract's code (how a Stylus program is deployed).
pub fn init_code_for(runtime: &[u8]) -> Vec<u8> {
    let len = u16::try_from(runtime.len()).expect("runtime code fits the 24 KiB limit");
    let [hi, lo] = len.to_be_bytes();
    // PUSH2 len, DUP1, PUSH2 13, PUSH1 0, CODECOPY, PUSH1 0, RETURN
    let mut code = vec![0x61, hi, lo, 0x80, 0x61, 0x00, 0x0d, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3];
    code.extend_from_slice(runtime);
    code
}
