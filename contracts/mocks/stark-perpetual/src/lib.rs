//! Spec §5.2: the StarkPerpetual exchange mock the StarkProxy tests run against. Registrations bind
//! STARK keys to addresses without checks; deposits pull tokens (quantum 1) and `withdraw` pays back
//! everything the caller deposited; `depositReclaim` transfers nothing. D15: `forcedTradeRequest`
//! records its arguments so tests can read back what the proxy sent.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
use ls1_common::{
    host::{sender, this},
    revert, Revertible,
};
#[allow(deprecated)]
use stylus_sdk::call::RawCall;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBytes, StorageMap, StorageU256, StorageVec},
};

sol!("../../abi/IMockStarkPerpetual.sol");

use IMockStarkPerpetual::{
    MockStarkDepositCanceled, MockStarkDepositReclaimed, MockStarkDeposited, MockStarkRegistered, MockStarkWithdrew,
};

sol! {
    /// The token calls the mock makes.
    interface IToken {
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
    }
}

/// The mock exchange.
#[entrypoint]
#[storage]
pub struct MockStarkPerpetual {
    token: StorageAddress,
    registrations: StorageMap<U256, StorageAddress>,
    deposits: StorageMap<Address, StorageU256>,
    forced_trade_count: StorageU256,
    last_forced_trade_args: StorageVec<StorageU256>,
    last_forced_trade_signature: StorageBytes,
}

/// Calls `token`; its revert data bubbles, a `false` return reverts with empty data.
fn token_call(token: Address, data: &[u8]) -> Revertible<()> {
    // SAFETY: the storage cache is written out before the call, and nothing read before it is used after;
    // the program is not re-entered (Stylus refuses re-entry by default, and the router keeps that).
    #[allow(deprecated)]
    let output = unsafe { RawCall::new().flush_storage_cache().call(token, data)? };
    match output.get(..32) {
        Some(word) if U256::from_be_slice(word).is_zero() => Err(Vec::new()),
        _ => Ok(()),
    }
}

impl MockStarkPerpetual {
    fn require_registered(&self, stark_key: U256) -> Revertible<Address> {
        let eth_key = self.registrations.get(stark_key);
        if eth_key.is_zero() {
            return Err(revert!("USER_UNREGISTERED"));
        }
        Ok(eth_key)
    }
}

#[public]
impl MockStarkPerpetual {
    /// Sets the token deposits are made in.
    #[constructor]
    pub fn constructor(&mut self, token: Address) {
        self.token.set(token);
    }

    /// The token deposits are made in.
    #[selector(name = "TOKEN")]
    pub fn token(&self) -> Address {
        self.token.get()
    }

    /// The address registered for `stark_key` (zero if none).
    #[selector(name = "_REGISTRATIONS_")]
    pub fn registrations(&self, stark_key: U256) -> Address {
        self.registrations.get(stark_key)
    }

    /// What `depositor` deposited since its last withdrawal.
    #[selector(name = "_DEPOSITS_")]
    pub fn deposits(&self, depositor: Address) -> U256 {
        self.deposits.get(depositor)
    }

    /// Binds `stark_key` to `eth_key`, overwriting any registration, without checks.
    pub fn register_user(&mut self, eth_key: Address, stark_key: U256, signature: Bytes) {
        self.registrations.insert(stark_key, eth_key);
        log(MockStarkRegistered { ethKey: eth_key, starkKey: stark_key, signature: signature.0.into() });
    }

    /// The address registered for `stark_key`, or `'USER_UNREGISTERED'`.
    pub fn get_eth_key(&self, stark_key: U256) -> Revertible<Address> {
        self.require_registered(stark_key)
    }

    /// Pulls `quantized_amount` tokens from the caller and records them as its deposit.
    pub fn deposit(&mut self, stark_key: U256, asset_type: U256, vault_id: U256, quantized_amount: U256) -> Revertible<()> {
        self.require_registered(stark_key)?;
        let depositor = sender();
        let total = self.deposits.get(depositor).wrapping_add(quantized_amount);
        self.deposits.insert(depositor, total);
        let pull = IToken::transferFromCall { from: depositor, to: this(), value: quantized_amount };
        token_call(self.token.get(), &pull.abi_encode())?;
        log(MockStarkDeposited { starkKey: stark_key, assetType: asset_type, vaultId: vault_id, quantizedAmount: quantized_amount });
        Ok(())
    }

    /// Pays the caller back everything it deposited since its last withdrawal.
    pub fn withdraw(&mut self, stark_key: U256, asset_type: U256) -> Revertible<()> {
        self.require_registered(stark_key)?;
        let depositor = sender();
        let amount = self.deposits.get(depositor);
        self.deposits.insert(depositor, U256::ZERO);
        token_call(self.token.get(), &IToken::transferCall { to: depositor, value: amount }.abi_encode())?;
        log(MockStarkWithdrew { starkKey: stark_key, assetType: asset_type, amount });
        Ok(())
    }

    /// Accepts a forced withdrawal request for a registered key (no state, no event).
    pub fn forced_withdrawal_request(
        &mut self,
        stark_key: U256,
        _vault_id: U256,
        _quantized_amount: U256,
        _premium_cost: bool,
    ) -> Revertible<()> {
        self.require_registered(stark_key).map(|_| ())
    }

    /// Records a forced trade request (D15): read it back with `getLastForcedTradeRequest`.
    #[allow(clippy::too_many_arguments)]
    pub fn forced_trade_request(
        &mut self,
        stark_key_a: U256,
        stark_key_b: U256,
        vault_id_a: U256,
        vault_id_b: U256,
        collateral_asset_id: U256,
        synthetic_asset_id: U256,
        amount_collateral: U256,
        amount_synthetic: U256,
        a_is_buying_synthetic: bool,
        submission_expiration_time: U256,
        nonce: U256,
        signature: Bytes,
        premium_cost: bool,
    ) {
        let args = [
            stark_key_a,
            stark_key_b,
            vault_id_a,
            vault_id_b,
            collateral_asset_id,
            synthetic_asset_id,
            amount_collateral,
            amount_synthetic,
            U256::from(a_is_buying_synthetic),
            submission_expiration_time,
            nonce,
            U256::from(premium_cost),
        ];
        while !self.last_forced_trade_args.is_empty() {
            self.last_forced_trade_args.pop();
        }
        for arg in args {
            self.last_forced_trade_args.push(arg);
        }
        self.last_forced_trade_signature.set_bytes(&signature.0);
        self.forced_trade_count.set(self.forced_trade_count.get().wrapping_add(U256::from(1)));
    }

    /// How many forced trades were requested.
    pub fn forced_trade_request_count(&self) -> U256 {
        self.forced_trade_count.get()
    }

    /// The last forced trade request's 12 arguments in the StarkProxy order (§4.9.1; booleans as 0 or 1).
    pub fn get_last_forced_trade_request_args(&self) -> Vec<U256> {
        (0..self.last_forced_trade_args.len()).map(|i| self.last_forced_trade_args.get(i).unwrap_or_default()).collect()
    }

    /// The last forced trade request's signature.
    pub fn get_last_forced_trade_request_signature(&self) -> Bytes {
        Bytes(self.last_forced_trade_signature.get_bytes())
    }

    /// Starts cancelling a pending deposit (only an event here).
    pub fn deposit_cancel(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.require_registered(stark_key)?;
        log(MockStarkDepositCanceled { starkKey: stark_key, assetType: asset_type, vaultId: vault_id });
        Ok(())
    }

    /// Reclaims a cancelled deposit (only an event here: transfers nothing).
    pub fn deposit_reclaim(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.require_registered(stark_key)?;
        log(MockStarkDepositReclaimed { starkKey: stark_key, assetType: asset_type, vaultId: vault_id });
        Ok(())
    }
}

/// Emits `event` by alloy's encoder (a test double; `MockStarkRegistered` carries `bytes`).
fn log<E: alloy_sol_types::SolEvent>(event: E) {
    #[allow(deprecated)]
    stylus_sdk::evm::log(event);
}
