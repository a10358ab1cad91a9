//! The chain's history: one block per transaction, with its receipt, in the shapes JSON-RPC serves.

use std::collections::HashMap;

use alloy_consensus::{
    Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, Signed, Transaction as _, TxEnvelope, TxLegacy, TxType,
};
use alloy_eips::Typed2718;
use alloy_primitives::{keccak256, Address, Bloom, Bytes, Log, Signature, TxKind, B256, U256};
use alloy_rpc_types_eth as rpc;

/// A mined transaction and what it did.
#[derive(Clone, Debug)]
pub struct MinedTx {
    /// The transaction with its sender.
    pub tx: alloy_consensus::transaction::Recovered<TxEnvelope>,
    /// Whether it succeeded.
    pub success: bool,
    /// Gas used, after refunds.
    pub gas_used: u64,
    /// Its logs.
    pub logs: Vec<Log>,
    /// The contract it created.
    pub contract_address: Option<Address>,
    /// The price per gas it paid.
    pub effective_gas_price: u128,
    /// Its call trace (geth's `callTracer` frame), when the node traces.
    pub trace: Option<serde_json::Value>,
}

impl MinedTx {
    /// The transaction's hash.
    pub fn hash(&self) -> B256 {
        *self.tx.inner().tx_hash()
    }
}

/// A mined block: the header, its hash, and its transaction if any.
#[derive(Clone, Debug)]
pub struct MinedBlock {
    /// The block's header.
    pub header: Header,
    /// The header's hash.
    pub hash: B256,
    /// Its transaction (one per block), if any.
    pub tx: Option<MinedTx>,
}

/// Every mined block, and an index of transactions by hash.
#[derive(Clone, Debug)]
pub struct Ledger {
    blocks: Vec<MinedBlock>,
    by_hash: HashMap<B256, u64>,
}

impl Ledger {
    /// A ledger holding only the genesis block.
    pub fn new(timestamp: u64, gas_limit: u64) -> Self {
        let mut ledger = Self { blocks: Vec::new(), by_hash: HashMap::new() };
        ledger.mine(timestamp, gas_limit, None);
        ledger
    }

    /// Appends the next block, holding `tx` if given, and returns its hash.
    pub fn mine(&mut self, timestamp: u64, gas_limit: u64, tx: Option<MinedTx>) -> B256 {
        let number = self.blocks.len() as u64;
        let mut bloom = Bloom::default();
        for log in tx.iter().flat_map(|t| &t.logs) {
            bloom.accrue_log(log);
        }
        let header = Header {
            parent_hash: self.blocks.last().map(|b| b.hash).unwrap_or_default(),
            number,
            timestamp,
            gas_limit,
            gas_used: tx.as_ref().map_or(0, |t| t.gas_used),
            base_fee_per_gas: Some(0),
            logs_bloom: bloom,
            transactions_root: tx.as_ref().map_or(alloy_consensus::EMPTY_ROOT_HASH, |t| keccak256(t.hash())),
            receipts_root: alloy_consensus::EMPTY_ROOT_HASH,
            ommers_hash: alloy_consensus::EMPTY_OMMER_ROOT_HASH,
            ..Default::default()
        };
        let hash = header.hash_slow();
        if let Some(tx) = &tx {
            self.by_hash.insert(tx.hash(), number);
        }
        self.blocks.push(MinedBlock { header, hash, tx });
        hash
    }

    /// The latest block.
    pub fn latest(&self) -> &MinedBlock {
        self.blocks.last().expect("the ledger always holds the genesis block")
    }

    /// The block with this number.
    pub fn block(&self, number: u64) -> Option<&MinedBlock> {
        self.blocks.get(usize::try_from(number).ok()?)
    }

    /// The block with this hash.
    pub fn block_by_hash(&self, hash: B256) -> Option<&MinedBlock> {
        self.blocks.iter().rev().find(|b| b.hash == hash)
    }

    /// The block holding the transaction with this hash.
    pub fn block_of_tx(&self, hash: B256) -> Option<&MinedBlock> {
        self.block(*self.by_hash.get(&hash)?)
    }

    /// Brings this copy up to `chain`: appends the blocks it lacks, or copies `chain` whole when the
    /// chain went back (a reverted snapshot).
    pub(crate) fn catch_up(&mut self, chain: &Ledger) {
        let known = self.blocks.len();
        if chain.blocks.get(known - 1).map(|b| b.hash) != Some(self.latest().hash) {
            *self = chain.clone();
            return;
        }
        for block in &chain.blocks[known..] {
            if let Some(tx) = &block.tx {
                self.by_hash.insert(tx.hash(), block.header.number);
            }
            self.blocks.push(block.clone());
        }
    }

    /// Every block from `from` to `to`, inclusive.
    pub fn range(&self, from: u64, to: u64) -> impl Iterator<Item = &MinedBlock> {
        self.blocks.iter().skip(from as usize).take(to.saturating_sub(from) as usize + 1)
    }
}

/// A transaction sent through the test API, without a signature, as the ledger records it.
pub fn unsigned_tx(from: Address, to: TxKind, nonce: u64, gas_limit: u64, value: U256, input: Bytes, chain_id: u64) -> TxEnvelope {
    let tx = TxLegacy { chain_id: Some(chain_id), nonce, gas_price: 0, gas_limit, to, value, input };
    // A placeholder signature; the hash also covers the sender so that two senders never collide.
    let signature = Signature::new(U256::from(1), U256::from(1), false);
    let mut preimage = tx.input.to_vec();
    preimage.extend_from_slice(from.as_slice());
    preimage.extend_from_slice(&nonce.to_be_bytes());
    TxEnvelope::Legacy(Signed::new_unchecked(tx, signature, keccak256(preimage)))
}

/// A transaction not mined yet (waiting for an earlier nonce) as `eth_getTransactionByHash` returns it.
pub fn pending_rpc_tx(tx: alloy_consensus::transaction::Recovered<TxEnvelope>) -> rpc::Transaction {
    rpc::Transaction { inner: tx, block_hash: None, block_number: None, transaction_index: None, effective_gas_price: None }
}

impl MinedBlock {
    /// The block as `eth_getBlockBy*` returns it, with full transactions or hashes.
    pub fn to_rpc(&self, full: bool) -> rpc::Block {
        let transactions = match (&self.tx, full) {
            (Some(tx), true) => rpc::BlockTransactions::Full(vec![self.rpc_tx(tx)]),
            (Some(tx), false) => rpc::BlockTransactions::Hashes(vec![tx.hash()]),
            (None, true) => rpc::BlockTransactions::Full(vec![]),
            (None, false) => rpc::BlockTransactions::Hashes(vec![]),
        };
        rpc::Block {
            header: rpc::Header { hash: self.hash, inner: self.header.clone(), total_difficulty: Some(U256::ZERO), size: None },
            uncles: vec![],
            transactions,
            withdrawals: None,
        }
    }

    /// This block's transaction as `eth_getTransactionByHash` returns it.
    pub fn rpc_tx(&self, tx: &MinedTx) -> rpc::Transaction {
        rpc::Transaction {
            inner: tx.tx.clone(),
            block_hash: Some(self.hash),
            block_number: Some(self.header.number),
            transaction_index: Some(0),
            effective_gas_price: Some(tx.effective_gas_price),
        }
    }

    /// The logs of this block's transaction, with their positions.
    pub fn rpc_logs(&self) -> Vec<rpc::Log> {
        let Some(tx) = &self.tx else { return vec![] };
        tx.logs
            .iter()
            .enumerate()
            .map(|(i, log)| rpc::Log {
                inner: log.clone(),
                block_hash: Some(self.hash),
                block_number: Some(self.header.number),
                block_timestamp: Some(self.header.timestamp),
                transaction_hash: Some(tx.hash()),
                transaction_index: Some(0),
                log_index: Some(i as u64),
                removed: false,
            })
            .collect()
    }

    /// The receipt of this block's transaction.
    pub fn receipt(&self) -> Option<rpc::TransactionReceipt> {
        let tx = self.tx.as_ref()?;
        let receipt = ReceiptWithBloom {
            receipt: Receipt { status: Eip658Value::Eip658(tx.success), cumulative_gas_used: tx.gas_used, logs: self.rpc_logs() },
            logs_bloom: self.header.logs_bloom,
        };
        let inner = match TxType::try_from(tx.tx.inner().ty()).unwrap_or(TxType::Legacy) {
            TxType::Legacy => ReceiptEnvelope::Legacy(receipt),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(receipt),
            TxType::Eip4844 => ReceiptEnvelope::Eip4844(receipt),
            TxType::Eip7702 => ReceiptEnvelope::Eip7702(receipt),
            TxType::Eip1559 => ReceiptEnvelope::Eip1559(receipt),
        };
        Some(rpc::TransactionReceipt {
            inner,
            transaction_hash: tx.hash(),
            transaction_index: Some(0),
            block_hash: Some(self.hash),
            block_number: Some(self.header.number),
            gas_used: tx.gas_used,
            effective_gas_price: tx.effective_gas_price,
            blob_gas_used: None,
            blob_gas_price: None,
            from: tx.tx.signer(),
            to: tx.tx.inner().to(),
            contract_address: tx.contract_address,
        })
    }
}
