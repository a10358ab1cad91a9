//! A JSON-RPC connection that signs for a set of accounts: typed calls and transactions with the
//! contract's revert reason on failure, logs, balances, and the devnode's time controls.

use std::{
    fmt,
    sync::{Arc, Mutex},
};

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
    sol_types::{Revert, SolCall, SolError, SolEvent},
    transports::{RpcError, TransportErrorKind},
};
use bindings::ITestToken;

/// Why a call or transaction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The contract reverted: its `Error(string)` reason, or the raw revert data in hex.
    Reverted(String),
    /// The node or the connection failed.
    Rpc(String),
}

impl Failure {
    /// The revert reason, if the contract reverted.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Failure::Reverted(reason) => Some(reason),
            Failure::Rpc(_) => None,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Reverted(reason) => write!(f, "reverted: {reason}"),
            Failure::Rpc(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<RpcError<TransportErrorKind>> for Failure {
    // The method's type (alloy-json-rpc's ErrorPayload) is not reachable through the alloy facade.
    #[allow(clippy::redundant_closure_for_method_calls)]
    fn from(error: RpcError<TransportErrorKind>) -> Self {
        match error.as_error_resp().and_then(|payload| payload.as_revert_data()) {
            Some(data) => Failure::Reverted(revert_reason(&data)),
            None => Failure::Rpc(error.to_string()),
        }
    }
}

/// The `Error(string)` reason in revert `data`, or the data in hex (empty data: `"(no data)"`).
pub fn revert_reason(data: &[u8]) -> String {
    match Revert::abi_decode(data) {
        Ok(revert) => revert.reason,
        Err(_) if data.is_empty() => "(no data)".into(),
        Err(_) => alloy::primitives::hex::encode_prefixed(data),
    }
}

/// A transaction this connection sent and saw mined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Its hash.
    pub hash: B256,
    /// The gas it used.
    pub gas_used: u64,
    /// What each unit of gas cost (wei).
    pub gas_price: u128,
    /// The wei it carried.
    pub value: U256,
}

/// A connection to a node, signing for every account it was given.
#[derive(Clone)]
pub struct Chain {
    provider: DynProvider,
    /// The node's URL.
    pub url: String,
    /// The accounts this connection signs for, in the order given.
    pub accounts: Vec<Address>,
    /// Every transaction sent through this connection (and its clones) that was mined, in order.
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain").field("url", &self.url).field("accounts", &self.accounts).finish_non_exhaustive()
    }
}

impl Chain {
    /// Connects to `url`, signing with `signers`.
    pub fn connect(url: &str, signers: &[PrivateKeySigner]) -> Result<Self, Failure> {
        let mut wallet = EthereumWallet::default();
        for signer in signers {
            wallet.register_signer(signer.clone());
        }
        let endpoint = url.parse().map_err(|e| Failure::Rpc(format!("bad RPC URL {url}: {e}")))?;
        // Nonces are read from the node for every transaction: a transaction refused at its gas
        // estimate (a revert) must not use one up.
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .with_gas_estimation()
            .with_simple_nonce_management()
            .fetch_chain_id()
            .wallet(wallet)
            .connect_http(endpoint)
            .erased();
        let accounts = signers.iter().map(PrivateKeySigner::address).collect();
        Ok(Self { provider, url: url.into(), accounts, sent: Arc::default() })
    }

    /// The underlying alloy provider.
    pub fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// Sends a transaction from `from` (one of the signers) and waits for its receipt.
    pub async fn send_tx(&self, tx: TransactionRequest) -> Result<TransactionReceipt, Failure> {
        let value = tx.value.unwrap_or_default();
        let pending = self.provider.send_transaction(tx.clone()).await?;
        // A node that mines at once (the devnode) has the receipt already; others are watched for it.
        let receipt = match self.provider.get_transaction_receipt(*pending.tx_hash()).await? {
            Some(receipt) => receipt,
            None => pending.get_receipt().await.map_err(|e| Failure::Rpc(e.to_string()))?,
        };
        let sent = Sent { hash: receipt.transaction_hash, gas_used: receipt.gas_used, gas_price: receipt.effective_gas_price, value };
        self.sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(sent);
        if receipt.status() {
            return Ok(receipt);
        }
        // Reverted after the gas estimate passed: replay it as a call for the reason.
        match self.provider.call(tx).await {
            Err(error) => Err(error.into()),
            Ok(_) => Err(Failure::Reverted("(reverted in its block)".into())),
        }
    }

    /// The transactions mined so far through this connection, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Sends `call` to `to` from `from`.
    pub async fn send<C: SolCall>(&self, from: Address, to: Address, call: C) -> Result<TransactionReceipt, Failure> {
        self.send_value(from, to, call, U256::ZERO).await
    }

    /// Sends `call` to `to` from `from` with `value` wei.
    pub async fn send_value<C: SolCall>(&self, from: Address, to: Address, call: C, value: U256) -> Result<TransactionReceipt, Failure> {
        let tx = TransactionRequest::default().with_from(from).with_to(to).with_input(call.abi_encode()).with_value(value);
        self.send_tx(tx).await
    }

    /// Calls `call` on `to` as `from` (`eth_call`) and decodes the result.
    pub async fn call_as<C: SolCall>(&self, from: Address, to: Address, call: C) -> Result<C::Return, Failure> {
        let tx = TransactionRequest::default().with_from(from).with_to(to).with_input(call.abi_encode());
        let output = self.provider.call(tx).await?;
        C::abi_decode_returns(&output).map_err(|e| Failure::Rpc(format!("cannot decode {}: {e}", C::SIGNATURE)))
    }

    /// Calls the view `call` on `to`.
    pub async fn call<C: SolCall>(&self, to: Address, call: C) -> Result<C::Return, Failure> {
        self.call_as(Address::ZERO, to, call).await
    }

    /// Sends a contract creation with `init_code` from `from`; returns the new address.
    pub async fn create(&self, from: Address, init_code: Bytes) -> Result<Address, Failure> {
        let tx = TransactionRequest::default().with_from(from).with_deploy_code(init_code);
        let receipt = self.send_tx(tx).await?;
        receipt.contract_address.ok_or_else(|| Failure::Rpc("the creation returned no address".into()))
    }

    /// Sends `value` wei from `from` to `to`.
    pub async fn transfer_eth(&self, from: Address, to: Address, value: U256) -> Result<(), Failure> {
        self.send_tx(TransactionRequest::default().with_from(from).with_to(to).with_value(value)).await.map(|_| ())
    }

    /// `account`'s ether balance.
    pub async fn eth_balance(&self, account: Address) -> Result<U256, Failure> {
        Ok(self.provider.get_balance(account).await?)
    }

    /// `account`'s balance of the ERC-20 `token`.
    pub async fn token_balance(&self, token: Address, account: Address) -> Result<U256, Failure> {
        self.call(token, ITestToken::balanceOfCall { account }).await
    }

    /// The latest block's timestamp.
    pub async fn now(&self) -> Result<u64, Failure> {
        let block = self.provider.get_block_by_number(Default::default()).await?;
        block.map(|b| b.header.timestamp).ok_or_else(|| Failure::Rpc("no latest block".into()))
    }

    /// Whether the node has the devnode/anvil time controls (a Nitro node does not).
    pub async fn can_travel_in_time(&self) -> bool {
        self.provider.raw_request::<_, serde_json::Value>("evm_increaseTime".into(), (0u64,)).await.is_ok()
    }

    /// Mines a block at `timestamp` (devnode/anvil only), so that the next transaction runs then.
    pub async fn travel_to(&self, timestamp: u64) -> Result<(), Failure> {
        let _: serde_json::Value = self.provider.raw_request("evm_setNextBlockTimestamp".into(), (timestamp,)).await?;
        let _: serde_json::Value = self.provider.raw_request("evm_mine".into(), ()).await?;
        Ok(())
    }

    /// Moves the clock `seconds` forward (devnode/anvil only).
    pub async fn advance(&self, seconds: u64) -> Result<(), Failure> {
        let now = self.now().await?;
        self.travel_to(now + seconds).await
    }
}

/// The events `E` logged by `emitter` in `receipt`, in order.
pub fn events<E: SolEvent>(receipt: &TransactionReceipt, emitter: Address) -> Vec<E> {
    let logs = receipt.inner.logs().iter().filter(|log| log.address() == emitter);
    logs.filter_map(|log| E::decode_log(&log.inner).ok().map(|decoded| decoded.data)).collect()
}
