//! A malicious ERC-20 for attack tests (D3): an open-mint token that, inside every `transfer` and
//! `transferFrom`, calls a configured target with configured calldata and reverts with the target's
//! revert data if that call fails. Pointed at the pool, it re-enters the pool mid-operation.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use openzeppelin_stylus::token::erc20::{Erc20, IErc20};
use stylus_sdk::{
    abi::Bytes,
    call::RawCall,
    prelude::*,
    storage::{StorageAddress, StorageBytes},
};

/// The token's state: balances and allowances, and the callback.
#[entrypoint]
#[storage]
pub struct ReentrantToken {
    erc20: Erc20,
    target: StorageAddress,
    data: StorageBytes,
}

#[public]
impl ReentrantToken {
    /// Every transfer will call `target` with `data` (the zero address: no callback).
    pub fn set_callback(&mut self, target: Address, data: Bytes) {
        self.target.set(target);
        self.data.set_bytes(data.0);
    }

    /// Creates `amount` tokens for `to` (anyone may mint).
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        self.erc20._mint(to, amount).map_err(Into::into)
    }

    /// ERC-20 `balanceOf`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    /// ERC-20 `allowance`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    /// ERC-20 `approve`.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Vec<u8>> {
        self.erc20.approve(spender, value).map_err(Into::into)
    }

    /// ERC-20 `transfer`, then the callback.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Vec<u8>> {
        self.erc20.transfer(to, value)?;
        self.callback()
    }

    /// ERC-20 `transferFrom`, then the callback.
    pub fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Vec<u8>> {
        self.erc20.transfer_from(from, to, value)?;
        self.callback()
    }
}

impl ReentrantToken {
    fn callback(&mut self) -> Result<bool, Vec<u8>> {
        let target = self.target.get();
        if !target.is_zero() {
            let data = self.data.get_bytes();
            // SAFETY: a test token: the cache is written out before the callback, whose whole point is
            // to try re-entry (which the host refuses).
            #[allow(deprecated)]
            unsafe {
                RawCall::new().flush_storage_cache().call(target, &data)?
            };
        }
        Ok(true)
    }
}
