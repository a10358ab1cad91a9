//! Ethereum JSON-RPC over HTTP for the devnode: what alloy, cast and cargo-stylus use to deploy, send
//! signed transactions, call, estimate gas and read receipts, blocks, logs and state, plus anvil's and
//! hardhat's test controls, answered by the same engine the in-process test API uses (the servers are
//! in `http` and `ws`).

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use alloy_primitives::{Address, Bytes, B256, U256};
use revm::context::{result::ExecutionResult, TxEnv};
use serde_json::{json, Value};

use crate::{
    chain::{Devnode, Failure, Snapshot, GAS_LIMIT},
    ledger::{Ledger, MinedBlock},
    CHAIN_ID, DEV_ACCOUNTS, DEV_KEYS,
};

/// The default time limit of a call (geth's `rpc.evmtimeout`).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest request body accepted (bytes).
pub const MAX_REQUEST: usize = 4 << 20;
/// Nitro's NodeInterface, served to `eth_call` only (as on Nitro, it has no code).
pub const NODE_INTERFACE: Address = alloy_primitives::address!("00000000000000000000000000000000000000c8");

alloy_sol_types::sol! {
    #[sol(all_derives)]
    /// Nitro's NodeInterface (the gas estimates the devnode serves).
    interface NodeInterface {
        function gasEstimateComponents(address to, bool contractCreation, bytes calldata data)
            external payable returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
        function gasEstimateL1Component(address to, bool contractCreation, bytes calldata data)
            external payable returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
    }
}

/// A JSON-RPC error.
pub(crate) struct RpcError {
    code: i64,
    message: String,
    data: Option<Value>,
}

pub(crate) type RpcResult = Result<Value, RpcError>;

pub(crate) fn error(code: i64, message: impl Into<String>) -> RpcError {
    RpcError { code, message: message.into(), data: None }
}

pub(crate) fn invalid_params(message: impl Into<String>) -> RpcError {
    error(-32602, message)
}

/// The node behind the server: the chain and the snapshots taken over RPC.
#[derive(Debug)]
pub struct Rpc {
    /// The chain.
    pub node: Devnode,
    snapshots: Vec<Snapshot>,
    filters: Filters,
    /// The copy of the history the HTTP server answers reads from, while serving.
    history: Option<crate::http::History>,
    /// The time limit of `eth_call`, `eth_estimateGas` and `debug_traceCall` (geth's `rpc.evmtimeout`).
    call_timeout: Duration,
}

impl Rpc {
    /// Serves `node`.
    pub fn new(node: Devnode) -> Self {
        Self { node, snapshots: Vec::new(), filters: Filters::default(), history: None, call_timeout: CALL_TIMEOUT }
    }

    /// Limits `eth_call`, `eth_estimateGas` and `debug_traceCall` to `timeout` (default 5 s, as geth;
    /// `Duration::MAX`: no limit).
    pub fn with_call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// Runs a call within the time limit; past it, geth's error. Programs stop at their next host
    /// call once the time is up; an estimate stops searching.
    fn timed<T>(&mut self, call: impl FnOnce(&mut Devnode) -> Result<T, RpcError>) -> Result<T, RpcError> {
        self.node.set_deadline(Instant::now().checked_add(self.call_timeout));
        let result = call(&mut self.node);
        let late = self.node.past_deadline();
        self.node.set_deadline(None);
        if late {
            return Err(error(-32000, format!("execution aborted (timeout = {:?})", self.call_timeout)));
        }
        result
    }

    /// Answers one HTTP body: a JSON-RPC request or batch. Never panics on bad input.
    pub fn handle(&mut self, body: &[u8]) -> Value {
        let request: Value = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(e) => return response(Value::Null, Err(error(-32700, format!("parse error: {e}")))),
        };
        let answer = match request {
            Value::Array(batch) if batch.is_empty() => response(Value::Null, Err(error(-32600, "empty batch"))),
            Value::Array(batch) => Value::Array(batch.into_iter().map(|r| self.one(r)).collect()),
            request => self.one(request),
        };
        self.publish();
        answer
    }

    /// Brings the HTTP server's copy of the history up to the chain, before the answer goes out.
    fn publish(&self) {
        if let Some(history) = &self.history {
            history.write().unwrap_or_else(std::sync::PoisonError::into_inner).catch_up(self.node.ledger());
        }
    }

    fn one(&mut self, request: Value) -> Value {
        match parse_request(&request) {
            Ok((id, method, params)) => response(id, self.dispatch(method, &params)),
            Err(refusal) => refusal,
        }
    }

    fn dispatch(&mut self, method: &str, p: &[Value]) -> RpcResult {
        if let Some(result) = history(self.node.ledger(), method, p) {
            return result;
        }
        let node = &mut self.node;
        match method {
            "eth_feeHistory" => fee_history(node, p),
            "eth_getBalance" => {
                latest_state(node, p.get(1))?;
                Ok(json!(node.balance(address(p, 0)?)))
            }
            "eth_getTransactionCount" => {
                latest_state(node, p.get(1))?;
                Ok(quantity(node.nonce(address(p, 0)?)))
            }
            "eth_getCode" => {
                latest_state(node, p.get(1))?;
                Ok(json!(node.code(address(p, 0)?)))
            }
            "eth_getStorageAt" => {
                latest_state(node, p.get(2))?;
                let slot: U256 = param(p, 1)?;
                Ok(json!(B256::from(node.storage(address(p, 0)?, slot))))
            }
            "eth_call" => self.timed(|node| {
                latest_state(node, p.get(1))?;
                let tx = call_env(node, p)?;
                let saved = match p.get(2).filter(|v| !v.is_null()) {
                    Some(overrides) => Some(apply_overrides(node, overrides)?),
                    None => None,
                };
                let result = match tx.kind {
                    revm::primitives::TxKind::Call(NODE_INTERFACE) => node_interface(node, tx),
                    _ => call_output(node.execute(tx, false)),
                };
                if let Some(saved) = saved {
                    node.revert(&saved);
                }
                result
            }),
            "eth_estimateGas" => self.timed(|node| {
                latest_state(node, p.get(1))?;
                estimate_gas(node, call_env(node, p)?).map(quantity)
            }),
            "eth_sendRawTransaction" => {
                let raw: Bytes = param(p, 0)?;
                node.submit_raw(&raw).map(|hash| json!(hash)).map_err(|m| error(-32000, m))
            }
            "eth_sendTransaction" => send_transaction(node, p),
            "eth_getTransactionByHash" => {
                let hash: B256 = param(p, 0)?;
                Ok(match node.ledger().block_of_tx(hash) {
                    Some(block) => json!(block.tx.as_ref().map(|tx| block.rpc_tx(tx))),
                    None => json!(node.queued_tx(hash).map(crate::ledger::pending_rpc_tx)),
                })
            }
            "debug_traceCall" => self.timed(|node| {
                latest_state(node, p.get(1))?;
                let options = CallTracer::parse(p.get(2))?;
                let (_, trace) = node.trace_call(call_env(node, p)?).map_err(failure_error)?;
                Ok(options.shape(trace.ok_or_else(|| error(-32603, "the call left no trace"))?))
            }),
            "eth_newFilter" => {
                let filter = LogFilter::parse(node, p.first())?;
                let from = filter.from.unwrap_or(node.ledger().latest().header.number + 1);
                Ok(self.filters.install(Filter::Logs { filter, next: from }))
            }
            "eth_newBlockFilter" => {
                let next = node.ledger().latest().header.number + 1;
                Ok(self.filters.install(Filter::Blocks { next }))
            }
            "eth_newPendingTransactionFilter" => Ok(self.filters.install(Filter::PendingTransactions)),
            "eth_getFilterChanges" => self.filters.changes(&self.node, p),
            "eth_getFilterLogs" => self.filters.logs(&self.node, p),
            "eth_uninstallFilter" => Ok(json!(self.filters.uninstall(p)?)),
            "eth_getLogs" => get_logs(node, p),
            "evm_increaseTime" => {
                let seconds = number_param(p, 0)?;
                node.timestamp()
                    .checked_add(seconds)
                    .filter(|t| *t <= i64::MAX as u64)
                    .ok_or_else(|| invalid_params(format!("evm_increaseTime: {seconds} seconds would take the time past 2^63 - 1")))?;
                node.advance(seconds);
                Ok(quantity(seconds))
            }
            "evm_setNextBlockTimestamp" => {
                node.set_timestamp(not_before_latest(node, number_param(p, 0)?)?);
                Ok(Value::Null)
            }
            "evm_mine" => {
                if let Some(timestamp) = p.first().filter(|v| !v.is_null()) {
                    node.set_timestamp(not_before_latest(node, number_value(timestamp)?)?);
                }
                node.mine(1);
                Ok(quantity(0))
            }
            "evm_snapshot" => {
                self.snapshots.push(self.node.snapshot());
                Ok(quantity(self.snapshots.len() as u64))
            }
            "evm_revert" => {
                let id = number_param(p, 0)? as usize;
                if id == 0 || id > self.snapshots.len() {
                    return Ok(json!(false));
                }
                let snapshot = self.snapshots[id - 1].clone();
                self.snapshots.truncate(id - 1);
                self.node.revert(&snapshot);
                Ok(json!(true))
            }
            "eth_subscribe" | "eth_unsubscribe" => Err(error(-32601, "notifications not supported: subscribe over the websocket port")),
            _ => Err(error(-32601, format!("method not found: {method}"))),
        }
    }

    /// Serves HTTP on `addr` until the process ends.
    pub fn serve(self, addr: SocketAddr) -> Result<(), String> {
        self.serve_all(addr, None)
    }

    /// Serves HTTP on `http` and, when given, JSON-RPC over websocket on `ws` (with `eth_subscribe`),
    /// until the process ends. This thread owns the chain and runs the work both servers hand it, one
    /// request at a time (see `http` for what they answer without it).
    pub fn serve_all(mut self, http: SocketAddr, ws: Option<SocketAddr>) -> Result<(), String> {
        let (jobs, work) = std::sync::mpsc::channel::<crate::ws::Job>();
        if let Some(ws) = ws {
            crate::ws::serve(jobs.clone(), ws)?;
        }
        let history = std::sync::Arc::new(std::sync::RwLock::new(self.node.ledger().clone()));
        self.history = Some(history.clone());
        crate::http::serve(jobs, history, http)?;
        for job in work {
            job(&mut self);
            // What programs printed through `console` is shown, not kept.
            for line in self.node.console() {
                println!("console: {line}");
            }
        }
        Err("the servers stopped".into())
    }
}

/// The id, method and parameters of one request, or the error response it gets.
fn parse_request(request: &Value) -> Result<(Value, &str, Vec<Value>), Value> {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return Err(response(id, Err(error(-32600, "invalid request: no method"))));
    };
    match request.get("params") {
        None | Some(Value::Null) => Ok((id, method, vec![])),
        Some(Value::Array(params)) => Ok((id, method, params.clone())),
        Some(_) => Err(response(id, Err(invalid_params("params must be an array")))),
    }
}

/// Answers the methods that read only the chain's constants and its mined history (blocks,
/// receipts, traces); `None` for any other method. The HTTP server answers these from its copy of the
/// history without waiting for the chain.
fn history(ledger: &Ledger, method: &str, p: &[Value]) -> Option<RpcResult> {
    let block = |number: u64, full: bool| json!(ledger.block(number).map(|b| b.to_rpc(full)));
    let full = || p.get(1).and_then(Value::as_bool).unwrap_or(false);
    Some(match method {
        "web3_clientVersion" => Ok(json!(concat!("ls1-devnode/", env!("CARGO_PKG_VERSION")))),
        "net_version" => Ok(json!(CHAIN_ID.to_string())),
        "net_listening" => Ok(json!(true)),
        "eth_chainId" => Ok(quantity(CHAIN_ID)),
        "eth_syncing" => Ok(json!(false)),
        "eth_blockNumber" => Ok(quantity(ledger.latest().header.number)),
        "eth_gasPrice" | "eth_maxPriorityFeePerGas" | "eth_blobBaseFee" => Ok(quantity(0)),
        "eth_accounts" => Ok(json!(DEV_ACCOUNTS)),
        "eth_getTransactionReceipt" => param(p, 0).map(|hash: B256| json!(ledger.block_of_tx(hash).and_then(MinedBlock::receipt))),
        "eth_getBlockByNumber" => block_number(ledger, p.first()).map(|number| block(number, full())),
        "eth_getBlockByHash" => param(p, 0).map(|hash: B256| json!(ledger.block_by_hash(hash).map(|b| b.to_rpc(full())))),
        "eth_getBlockReceipts" => {
            block_number(ledger, p.first()).map(|number| json!(ledger.block(number).map(|b| b.receipt().into_iter().collect::<Vec<_>>())))
        }
        "debug_traceTransaction" => trace_transaction(ledger, p),
        _ => return None,
    })
}

/// `debug_traceTransaction`: the call trace kept when the transaction was mined.
fn trace_transaction(ledger: &Ledger, p: &[Value]) -> RpcResult {
    let hash: B256 = param(p, 0)?;
    let options = CallTracer::parse(p.get(1))?;
    let block = ledger.block_of_tx(hash).ok_or_else(|| error(-32000, format!("transaction {hash} not found")))?;
    let trace = block.tx.as_ref().and_then(|tx| tx.trace.clone());
    let trace = trace
        .ok_or_else(|| error(-32000, "no trace of this transaction: traces are kept while tracing is on (the devnode binary's default)"))?;
    Ok(options.shape(trace))
}

/// Answers an HTTP body from `ledger` when every request in it reads only the history; `None` when
/// the chain must answer it.
pub(crate) fn answer_from_history(ledger: &Ledger, body: &[u8]) -> Option<Value> {
    let one = |request: &Value| {
        let (id, method, params) = parse_request(request).ok()?;
        Some(response(id, history(ledger, method, &params)?))
    };
    match serde_json::from_slice(body).ok()? {
        Value::Array(batch) if batch.is_empty() => None,
        Value::Array(batch) => batch.iter().map(one).collect::<Option<Vec<_>>>().map(Value::Array),
        request => one(&request),
    }
}

pub(crate) fn response(id: Value, result: RpcResult) -> Value {
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(RpcError { code, message, data }) => {
            let mut error = json!({ "code": code, "message": message });
            if let Some(data) = data {
                error["data"] = data;
            }
            json!({ "jsonrpc": "2.0", "id": id, "error": error })
        }
    }
}

pub(crate) fn quantity(n: u64) -> Value {
    json!(format!("{n:#x}"))
}

fn param<T: serde::de::DeserializeOwned>(p: &[Value], i: usize) -> Result<T, RpcError> {
    let value = p.get(i).ok_or_else(|| invalid_params(format!("missing parameter {i}")))?;
    serde_json::from_value(value.clone()).map_err(|e| invalid_params(format!("parameter {i}: {e}")))
}

fn address(p: &[Value], i: usize) -> Result<Address, RpcError> {
    param(p, i)
}

fn number_value(value: &Value) -> Result<u64, RpcError> {
    match value {
        Value::Number(n) => n.as_u64().ok_or_else(|| invalid_params("expected a non-negative integer")),
        Value::String(s) => {
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.map_err(|_| invalid_params(format!("not a quantity: {s}")))
        }
        _ => Err(invalid_params("expected a quantity")),
    }
}

fn number_param(p: &[Value], i: usize) -> Result<u64, RpcError> {
    number_value(p.get(i).ok_or_else(|| invalid_params(format!("missing parameter {i}")))?)
}

/// A block parameter: absent or null (latest), a tag, a hex number, or an EIP-1898 object naming a
/// block by number or hash. Anything else is refused.
fn block_number(ledger: &Ledger, tag: Option<&Value>) -> Result<u64, RpcError> {
    let latest = ledger.latest().header.number;
    let hex = |s: &str| s.strip_prefix("0x").filter(|h| !h.is_empty()).and_then(|h| u64::from_str_radix(h, 16).ok());
    match tag {
        None | Some(Value::Null) => Ok(latest),
        Some(Value::String(tag)) => match tag.as_str() {
            "latest" | "pending" | "safe" | "finalized" => Ok(latest),
            "earliest" => Ok(0),
            number => hex(number).ok_or_else(|| invalid_params(format!("invalid block parameter: {number}"))),
        },
        Some(Value::Object(object)) if object.len() <= 2 => {
            match (object.get("blockNumber").and_then(Value::as_str), object.get("blockHash")) {
                (Some(number), None) => hex(number).ok_or_else(|| invalid_params(format!("invalid block number: {number}"))),
                (None, Some(hash)) => {
                    let hash: B256 = serde_json::from_value(hash.clone()).map_err(|e| invalid_params(format!("blockHash: {e}")))?;
                    let block = ledger.block_by_hash(hash).ok_or_else(|| error(-32000, format!("header for hash not found: {hash}")))?;
                    Ok(block.header.number)
                }
                _ => Err(invalid_params("invalid block parameter: give blockNumber or blockHash")),
            }
        }
        Some(other) => Err(invalid_params(format!("invalid block parameter: {other}"))),
    }
}

/// Refuses a state query at any block but the latest: the devnode keeps only the latest state.
fn latest_state(node: &Devnode, tag: Option<&Value>) -> Result<(), RpcError> {
    let (asked, latest) = (block_number(node.ledger(), tag)?, node.ledger().latest().header.number);
    match asked.cmp(&latest) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(error(-32000, "header not found")),
        std::cmp::Ordering::Less => Err(error(
            -32000,
            format!(
                "historical state not available: block {asked} is older than the latest block {latest}, the only state this node keeps"
            ),
        )),
    }
}

/// A timestamp for the next block, refused when it is before the latest block's.
fn not_before_latest(node: &Devnode, timestamp: u64) -> Result<u64, RpcError> {
    let latest = node.ledger().latest().header.timestamp;
    if timestamp < latest {
        return Err(invalid_params(format!("timestamp {timestamp} is lower than the previous block's timestamp {latest}")));
    }
    Ok(timestamp)
}

/// The transaction environment of an `eth_call` / `eth_estimateGas` request.
fn call_env(node: &Devnode, p: &[Value]) -> Result<TxEnv, RpcError> {
    let request = p.first().and_then(Value::as_object).ok_or_else(|| invalid_params("expected a call object"))?;
    let field = |name: &str| request.get(name).filter(|v| !v.is_null());
    let from: Address = match field("from") {
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| invalid_params(format!("from: {e}")))?,
        None => Address::ZERO,
    };
    let data: Bytes = match field("input").or_else(|| field("data")) {
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| invalid_params(format!("input: {e}")))?,
        None => Bytes::new(),
    };
    let kind = match field("to") {
        Some(v) => revm::primitives::TxKind::Call(serde_json::from_value(v.clone()).map_err(|e| invalid_params(format!("to: {e}")))?),
        None => revm::primitives::TxKind::Create,
    };
    let value: U256 = match field("value") {
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| invalid_params(format!("value: {e}")))?,
        None => U256::ZERO,
    };
    let gas = match field("gas") {
        Some(v) => number_value(v)?.min(GAS_LIMIT),
        None => GAS_LIMIT,
    };
    TxEnv::builder()
        .caller(from)
        .kind(kind)
        .data(data)
        .value(value)
        .gas_limit(gas)
        .gas_price(0)
        .nonce(node.nonce(from))
        .chain_id(Some(CHAIN_ID))
        .build()
        .map_err(|e| invalid_params(format!("{e:?}")))
}

/// Applies an `eth_call` state override (balance, nonce, code, storage per account) and returns the
/// state to restore afterwards; a refused override changes nothing.
fn apply_overrides(node: &mut Devnode, overrides: &Value) -> Result<Snapshot, RpcError> {
    let saved = node.snapshot();
    if let Err(e) = override_state(node, overrides) {
        node.revert(&saved);
        return Err(e);
    }
    Ok(saved)
}

fn override_state(node: &mut Devnode, overrides: &Value) -> Result<(), RpcError> {
    let overrides = overrides.as_object().ok_or_else(|| invalid_params("state override must be an object"))?;
    for (account, fields) in overrides {
        let account: Address = account.parse().map_err(|_| invalid_params(format!("state override: bad address {account}")))?;
        let field = |name: &str| fields.get(name).filter(|v| !v.is_null()).cloned();
        if let Some(balance) = field("balance") {
            node.set_balance(account, override_field("balance", balance)?);
        }
        if let Some(nonce) = field("nonce") {
            node.set_nonce(account, number_value(&nonce)?);
        }
        if let Some(code) = field("code") {
            node.set_code(account, override_field("code", code)?);
        }
        for name in ["state", "stateDiff"] {
            if let Some(slots) = field(name) {
                let slots: std::collections::BTreeMap<B256, B256> = override_field(name, slots)?;
                for (slot, value) in slots {
                    node.set_storage(account, slot.into(), value.into());
                }
            }
        }
    }
    Ok(())
}

fn override_field<T: serde::de::DeserializeOwned>(name: &str, value: Value) -> Result<T, RpcError> {
    serde_json::from_value(value).map_err(|e| invalid_params(format!("state override {name}: {e}")))
}

/// A reverted or halted call as a JSON-RPC error: code 3 with the revert data, as geth reports it.
fn execution_error(result: ExecutionResult) -> RpcError {
    match result {
        ExecutionResult::Revert { output, .. } => {
            let reason = <alloy_sol_types::Revert as alloy_sol_types::SolError>::abi_decode(&output).map(|r| r.reason).ok();
            let message = match reason {
                Some(reason) => format!("execution reverted: {reason}"),
                None => "execution reverted".to_string(),
            };
            RpcError { code: 3, message, data: Some(json!(output)) }
        }
        ExecutionResult::Halt { reason, .. } => error(-32000, format!("execution halted: {reason:?}")),
        ExecutionResult::Success { .. } => error(-32603, "internal error: success reported as failure"),
    }
}

fn failure_error(failure: Failure) -> RpcError {
    match failure {
        Failure::Invalid(message) => error(-32000, message),
        other => error(-32000, format!("{other:?}")),
    }
}

/// `eth_sendTransaction` from a dev account: the node signs with the account's dev key (EIP-1559).
fn send_transaction(node: &mut Devnode, p: &[Value]) -> RpcResult {
    let env = call_env(node, p)?;
    let key = DEV_ACCOUNTS
        .iter()
        .position(|a| *a == env.caller)
        .map(|i| DEV_KEYS[i])
        .ok_or_else(|| error(-32000, format!("{} is not a dev account: only dev accounts are unlocked", env.caller)))?;
    let signer: alloy_signer_local::PrivateKeySigner = key.parse().map_err(|_| error(-32603, "bad dev key"))?;
    let nonce = match p[0].get("nonce").filter(|v| !v.is_null()) {
        Some(nonce) => number_value(nonce)?,
        None => env.nonce,
    };
    let tx = alloy_consensus::TxEip1559 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit: env.gas_limit,
        max_fee_per_gas: 0,
        max_priority_fee_per_gas: 0,
        to: env.kind,
        value: env.value,
        input: env.data,
        access_list: Default::default(),
    };
    let signature = alloy_signer::SignerSync::sign_hash_sync(&signer, &alloy_consensus::SignableTransaction::signature_hash(&tx))
        .map_err(|e| error(-32603, format!("cannot sign: {e}")))?;
    let raw = alloy_eips::Encodable2718::encoded_2718(&alloy_consensus::TxEnvelope::from(
        alloy_consensus::SignableTransaction::into_signed(tx, signature),
    ));
    node.submit_raw(&raw).map(|hash| json!(hash)).map_err(|m| error(-32000, m))
}

/// The result of an `eth_call`: the return data, or the revert or refusal as an error.
fn call_output(result: Result<ExecutionResult, Failure>) -> RpcResult {
    match result {
        Ok(ExecutionResult::Success { output, .. }) => Ok(json!(output.into_data())),
        Ok(other) => Err(execution_error(other)),
        Err(failure) => Err(failure_error(failure)),
    }
}

/// An `eth_call` to Nitro's NodeInterface (`0x…c8`, which exists only for calls): gas estimates of the
/// call it describes, with no L1 component (the devnode has no L1 pricing) and a zero base fee.
fn node_interface(node: &mut Devnode, mut tx: TxEnv) -> RpcResult {
    use alloy_sol_types::SolCall;
    use NodeInterface::NodeInterfaceCalls as C;
    let call = <NodeInterface::NodeInterfaceCalls as alloy_sol_types::SolInterface>::abi_decode(&tx.data)
        .map_err(|_| error(-32000, format!("NodeInterface: the devnode does not serve this call ({})", tx.data)))?;
    let output = match call {
        C::gasEstimateComponents(c) => {
            tx.kind = if c.contractCreation { revm::primitives::TxKind::Create } else { revm::primitives::TxKind::Call(c.to) };
            tx.data = c.data;
            let estimate = estimate_gas(node, tx)?;
            let components = NodeInterface::gasEstimateComponentsReturn {
                gasEstimate: estimate,
                gasEstimateForL1: 0,
                baseFee: U256::ZERO,
                l1BaseFeeEstimate: U256::ZERO,
            };
            NodeInterface::gasEstimateComponentsCall::abi_encode_returns(&components)
        }
        C::gasEstimateL1Component(_) => {
            let component =
                NodeInterface::gasEstimateL1ComponentReturn { gasEstimateForL1: 0, baseFee: U256::ZERO, l1BaseFeeEstimate: U256::ZERO };
            NodeInterface::gasEstimateL1ComponentCall::abi_encode_returns(&component)
        }
    };
    Ok(json!(Bytes::from(output)))
}

/// The least gas limit at which the call succeeds (a binary search, as geth does).
fn estimate_gas(node: &mut Devnode, mut tx: TxEnv) -> Result<u64, RpcError> {
    let used = match node.execute(tx.clone(), false).map_err(failure_error)? {
        ExecutionResult::Success { gas, .. } => gas.total_gas_spent(),
        other => return Err(execution_error(other)),
    };
    let (mut low, mut high) = (used.saturating_sub(1), tx.gas_limit);
    while low + 1 < high && !node.past_deadline() {
        let mid = low + (high - low) / 2;
        tx.gas_limit = mid;
        match node.execute(tx.clone(), false) {
            Ok(ExecutionResult::Success { .. }) => high = mid,
            _ => low = mid,
        }
    }
    Ok(high)
}

fn fee_history(node: &Devnode, p: &[Value]) -> RpcResult {
    let count = number_param(p, 0)?.clamp(1, 1024);
    let newest = block_number(node.ledger(), p.get(1))?;
    let oldest = newest.saturating_sub(count - 1);
    let blocks = newest - oldest + 1;
    let percentiles = p.get(2).and_then(Value::as_array).map_or(0, Vec::len);
    let ratios: Vec<f64> = node.ledger().range(oldest, newest).map(|b| b.header.gas_used as f64 / b.header.gas_limit as f64).collect();
    Ok(json!({
        "oldestBlock": quantity(oldest),
        "baseFeePerGas": vec![quantity(0); blocks as usize + 1],
        "gasUsedRatio": ratios,
        "reward": vec![vec![quantity(0); percentiles]; blocks as usize],
    }))
}

/// `eth_getLogs`: by block range or hash, address(es) and topic positions (each null, one or any of).
fn get_logs(node: &Devnode, p: &[Value]) -> RpcResult {
    Ok(json!(LogFilter::parse(node, p.first())?.in_range(node)))
}

/// The options of geth's `callTracer`, the one tracer the devnode serves.
struct CallTracer {
    only_top_call: bool,
    with_log: bool,
}

impl CallTracer {
    fn parse(options: Option<&Value>) -> Result<Self, RpcError> {
        let options = options.cloned().unwrap_or(Value::Null);
        match options.get("tracer").and_then(Value::as_str) {
            Some("callTracer") => {}
            other => {
                let asked = other.unwrap_or("the default (struct logger)");
                return Err(error(
                    -32000,
                    format!("tracer {asked} is not served: the devnode serves the callTracer ({{\"tracer\": \"callTracer\"}})"),
                ));
            }
        }
        let config = options.get("tracerConfig");
        let flag = |name: &str| config.and_then(|c| c.get(name)).and_then(Value::as_bool).unwrap_or(false);
        Ok(Self { only_top_call: flag("onlyTopCall"), with_log: flag("withLog") })
    }

    /// The full trace cut to the options: no inner calls for `onlyTopCall`, no logs unless `withLog`.
    fn shape(&self, mut frame: Value) -> Value {
        fn strip_logs(frame: &mut Value) {
            if let Some(frame) = frame.as_object_mut() {
                frame.remove("logs");
                frame.get_mut("calls").and_then(Value::as_array_mut).into_iter().flatten().for_each(strip_logs);
            }
        }
        if self.only_top_call {
            if let Some(frame) = frame.as_object_mut() {
                frame.remove("calls");
            }
        }
        if !self.with_log {
            strip_logs(&mut frame);
        }
        frame
    }
}

/// What a log filter selects: a block range (`None`: the latest block, for a filter the blocks to
/// come), addresses and topic positions.
#[derive(Debug, Clone)]
pub(crate) struct LogFilter {
    from: Option<u64>,
    to: Option<u64>,
    addresses: Vec<Address>,
    topics: Vec<Vec<B256>>,
}

impl LogFilter {
    pub(crate) fn parse(node: &Devnode, filter: Option<&Value>) -> Result<Self, RpcError> {
        let filter = filter.and_then(Value::as_object).ok_or_else(|| invalid_params("expected a filter object"))?;
        let moving = |tag: Option<&Value>| -> Result<Option<u64>, RpcError> {
            match tag {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(t)) if matches!(t.as_str(), "latest" | "pending" | "safe" | "finalized") => Ok(None),
                tag => block_number(node.ledger(), tag).map(Some),
            }
        };
        let (from, to) = match filter.get("blockHash").filter(|v| !v.is_null()) {
            Some(hash) => {
                let hash: B256 = serde_json::from_value(hash.clone()).map_err(|e| invalid_params(format!("blockHash: {e}")))?;
                let block = node.ledger().block_by_hash(hash).ok_or_else(|| invalid_params("unknown block hash"))?;
                (Some(block.header.number), Some(block.header.number))
            }
            None => (moving(filter.get("fromBlock"))?, moving(filter.get("toBlock"))?),
        };
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(invalid_params(format!("invalid block range params: fromBlock {from} is after toBlock {to}")));
            }
        }
        let addresses: Vec<Address> = match filter.get("address") {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(list)) => {
                serde_json::from_value(Value::Array(list.clone())).map_err(|e| invalid_params(format!("address: {e}")))?
            }
            Some(one) => vec![serde_json::from_value(one.clone()).map_err(|e| invalid_params(format!("address: {e}")))?],
        };
        let topics: Vec<Vec<B256>> = match filter.get("topics") {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(positions)) => positions
                .iter()
                .map(|t| match t {
                    Value::Null => Ok(vec![]),
                    Value::Array(any) => serde_json::from_value(Value::Array(any.clone())),
                    one => serde_json::from_value(one.clone()).map(|t: B256| vec![t]),
                })
                .collect::<Result<_, _>>()
                .map_err(|e| invalid_params(format!("topics: {e}")))?,
            Some(_) => return Err(invalid_params("topics must be an array")),
        };
        Ok(Self { from, to, addresses, topics })
    }

    /// The matching logs of the filter's own block range (an open end: the latest block).
    fn in_range(&self, node: &Devnode) -> Vec<alloy_rpc_types_eth::Log> {
        let latest = node.ledger().latest().header.number;
        self.logs(node, self.from.unwrap_or(latest), self.to.unwrap_or(latest))
    }

    /// The matching logs of blocks `from` to `to` (inclusive, clamped to the latest block).
    pub(crate) fn logs(&self, node: &Devnode, from: u64, to: u64) -> Vec<alloy_rpc_types_eth::Log> {
        let latest = node.ledger().latest().header.number;
        if from > to.min(latest) {
            return vec![];
        }
        node.ledger()
            .range(from, to.min(latest))
            .flat_map(MinedBlock::rpc_logs)
            .filter(|log| self.addresses.is_empty() || self.addresses.contains(&log.inner.address))
            .filter(|log| {
                self.topics
                    .iter()
                    .enumerate()
                    .all(|(i, wanted)| wanted.is_empty() || log.inner.topics().get(i).is_some_and(|t| wanted.contains(t)))
            })
            .collect()
    }
}

/// How long a filter lives without being polled (geth's five minutes).
const FILTER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// A filter installed by `eth_new*Filter`, with the next block its changes start at.
#[derive(Debug)]
enum Filter {
    Logs { filter: LogFilter, next: u64 },
    Blocks { next: u64 },
    PendingTransactions,
}

/// The installed filters, by id, with when each was last polled.
#[derive(Debug, Default)]
struct Filters {
    next_id: u64,
    installed: std::collections::HashMap<u64, (Filter, std::time::Instant)>,
}

impl Filters {
    /// Installs `filter` and returns its id; filters not polled for five minutes are removed first.
    fn install(&mut self, filter: Filter) -> Value {
        self.installed.retain(|_, (_, polled)| polled.elapsed() < FILTER_TIMEOUT);
        self.next_id += 1;
        self.installed.insert(self.next_id, (filter, std::time::Instant::now()));
        quantity(self.next_id)
    }

    fn get(&mut self, p: &[Value]) -> Result<&mut Filter, RpcError> {
        let id = number_param(p, 0)?;
        let (filter, polled) = self.installed.get_mut(&id).ok_or_else(|| error(-32000, "filter not found"))?;
        *polled = std::time::Instant::now();
        Ok(filter)
    }

    /// `eth_getFilterChanges`: what came since the last poll (logs, block hashes, or no pending
    /// transactions: each is mined as it arrives).
    fn changes(&mut self, node: &Devnode, p: &[Value]) -> RpcResult {
        let latest = node.ledger().latest().header.number;
        let filter = self.get(p)?;
        // After evm_revert the chain may be shorter than when the filter last looked.
        if let Filter::Logs { next, .. } | Filter::Blocks { next } = filter {
            *next = (*next).min(latest + 1);
        }
        Ok(match filter {
            Filter::Logs { filter, next } => {
                let logs = filter.logs(node, *next, filter.to.unwrap_or(latest));
                *next = latest + 1;
                json!(logs)
            }
            Filter::Blocks { next } => {
                let hashes: Vec<B256> = node.ledger().range(*next, latest).map(|b| b.hash).collect();
                *next = latest + 1;
                json!(hashes)
            }
            Filter::PendingTransactions => json!([]),
        })
    }

    /// `eth_getFilterLogs`: every log a log filter matches.
    fn logs(&mut self, node: &Devnode, p: &[Value]) -> RpcResult {
        match self.get(p)? {
            Filter::Logs { filter, .. } => Ok(json!(filter.in_range(node))),
            _ => Err(error(-32000, "filter not found")),
        }
    }

    fn uninstall(&mut self, p: &[Value]) -> Result<bool, RpcError> {
        Ok(self.installed.remove(&number_param(p, 0)?).is_some())
    }
}
