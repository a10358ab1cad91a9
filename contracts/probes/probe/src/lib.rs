//! A test program for Stylus hosts: each method exercises one host semantic (storage, reverts,
//! calls, context, logs, deploys, value transfer, keccak, memory growth, console, metering,
//! reentrancy) so that a test can compare the result with the expected value. ABI: `IProbe.sol`.
extern crate alloc;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, Revert, SolError as _};
use stylus_sdk::stylus_core::calls::context::Call;
use stylus_sdk::{abi::Bytes, prelude::*, storage::StorageMap, storage::StorageU256};

sol! {
    /// Emitted by `emitPing`.
    event Ping(address indexed sender, uint256 value);
}

/// The revert data of `setAndRevert`.
pub const REVERTED_AFTER_WRITE: &str = "Probe: reverted after write";

/// `Error(string)` revert data for `message`.
fn revert(message: &str) -> Vec<u8> {
    Revert::from(message).abi_encode()
}

/// The probe's state: one uint256 → uint256 map.
#[entrypoint]
#[storage]
pub struct Probe {
    values: StorageMap<U256, StorageU256>,
}

#[public]
impl Probe {
    /// Stores `value` under `key`.
    pub fn set(&mut self, key: U256, value: U256) {
        self.values.insert(key, value);
    }

    /// The value stored under `key`.
    pub fn get(&self, key: U256) -> U256 {
        self.values.get(key)
    }

    /// Stores `value` under `key`, then reverts: the SDK flushes the write, the host must undo it.
    pub fn set_and_revert(&mut self, key: U256, value: U256) -> Result<(), Vec<u8>> {
        self.values.insert(key, value);
        Err(revert(REVERTED_AFTER_WRITE))
    }

    /// Reverts with `Error(message)`.
    pub fn fail(message: String) -> Result<(), Vec<u8>> {
        Err(revert(&message))
    }

    /// Calls `target` with `data` and msg.value; returns its output or bubbles up its revert data.
    #[payable]
    pub fn forward(&mut self, target: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        let call = Call::new().value(self.vm().msg_value());
        Ok(self.vm().call(&call, target, &data)?.into())
    }

    /// Static-calls `target` with `data`; returns its output or bubbles up its revert data.
    pub fn forward_static(&self, target: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        Ok(self.vm().static_call(&Call::new(), target, &data)?.into())
    }

    /// Delegate-calls `target` with `data`; returns its output or bubbles up its revert data.
    pub fn forward_delegate(&mut self, target: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        // SAFETY: a test program: the callee runs on this storage, and nothing read before is used after.
        Ok(unsafe { self.vm().delegate_call(&Call::new(), target, &data) }?.into())
    }

    /// msg.sender, tx.origin, msg.value and the program's own address.
    #[payable]
    pub fn context(&self) -> (Address, Address, U256, Address) {
        let vm = self.vm();
        (vm.msg_sender(), vm.tx_origin(), vm.msg_value(), vm.contract_address())
    }

    /// Block number, timestamp, chain id, coinbase, basefee and gas limit.
    pub fn block_info(&self) -> (U256, U256, U256, Address, U256, U256) {
        let vm = self.vm();
        (
            U256::from(vm.block_number()),
            U256::from(vm.block_timestamp()),
            U256::from(vm.chain_id()),
            vm.block_coinbase(),
            vm.block_basefee(),
            U256::from(vm.block_gas_limit()),
        )
    }

    /// Balance, code size and code hash of `account`.
    pub fn account_info(&self, account: Address) -> (U256, U256, B256) {
        let vm = self.vm();
        (vm.balance(account), U256::from(vm.code_size(account)), vm.code_hash(account))
    }

    /// Emits a raw log: the first `topics` entries of `topic_values` as topics, `data` as data.
    pub fn emit_logs(&mut self, topics: u8, topic_values: Vec<B256>, data: Bytes) -> Result<(), Vec<u8>> {
        let bad = || revert("Probe: bad topic count");
        let topics = topic_values.get(..usize::from(topics)).ok_or_else(bad)?;
        self.vm().raw_log(topics, &data).map_err(|_| bad())
    }

    /// Emits `Ping(msg.sender, value)`.
    pub fn emit_ping(&mut self, value: U256) {
        log(self.vm(), Ping { sender: self.vm().msg_sender(), value });
    }

    /// Deploys `init_code` with CREATE and `endowment` wei; reverts with the host's revert data.
    #[payable]
    pub fn deploy(&mut self, init_code: Bytes, endowment: U256) -> Result<Address, Vec<u8>> {
        // SAFETY: a test program: nothing read before the deployment is used after it.
        created(unsafe { self.vm().deploy(&init_code, endowment, None) })
    }

    /// Deploys `init_code` with CREATE2, `salt` and `endowment` wei; reverts with the host's revert data.
    #[payable]
    pub fn deploy2(&mut self, init_code: Bytes, salt: B256, endowment: U256) -> Result<Address, Vec<u8>> {
        // SAFETY: a test program: nothing read before the deployment is used after it.
        created(unsafe { self.vm().deploy(&init_code, endowment, Some(salt)) })
    }

    /// Sends `amount` wei to `to` with empty calldata.
    pub fn send_value(&mut self, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        self.vm().transfer_eth(to, amount).map_err(|_| revert("Probe: send failed"))
    }

    /// keccak256 of `data`, through the host's `native_keccak256`.
    pub fn hash(&self, data: Bytes) -> B256 {
        self.vm().native_keccak256(&data)
    }

    /// Allocates and fills `pages` × 64 KiB of memory; returns the number of bytes.
    pub fn grow(pages: u32) -> Result<U256, Vec<u8>> {
        let oom = || revert("Probe: out of memory");
        let len = usize::try_from(pages).ok().and_then(|p| p.checked_mul(65536)).ok_or_else(oom)?;
        let mut buffer = Vec::new();
        buffer.try_reserve_exact(len).map_err(|_| oom())?;
        buffer.resize(len, 0xa5u8);
        Ok(U256::from(core::hint::black_box(buffer).len()))
    }

    /// Prints `message` to the host's console (`console::log_txt`, debug chains only).
    pub fn log(message: String) {
        #[cfg(target_arch = "wasm32")]
        unsafe {
            log_txt(message.as_ptr(), message.len())
        };
        #[cfg(not(target_arch = "wasm32"))]
        let _ = message;
    }

    /// EVM gas and Stylus ink left.
    pub fn gas_left(&self) -> (u64, u64) {
        (self.vm().evm_gas_left(), self.vm().evm_ink_left())
    }

    /// The `msg_reentrant` flag as the program sees it.
    pub fn reentrant(&self) -> bool {
        self.vm().msg_reentrant()
    }
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "console")]
extern "C" {
    /// Prints a UTF-8 string on a debug chain (the import the SDK's `console!` uses).
    fn log_txt(text: *const u8, len: usize);
}

/// The deployed address, or the host's revert data (`Probe: create failed` when there is none).
fn created(result: Result<Address, Vec<u8>>) -> Result<Address, Vec<u8>> {
    result.map_err(|data| if data.is_empty() { revert("Probe: create failed") } else { data })
}
