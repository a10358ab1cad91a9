//! Frame records (issue 19): what each Stylus frame was given and every request it made of the chain,
//! with the chain's answers, in the encoding Nitro's runtime sends its EVM API requests, so that
//! Nitro's own runtime can replay the frame and its ink be compared with the devnode's.

use alloy_primitives::{Address, Bytes, B256, U256};
use serde::Serialize;

/// One program frame: its inputs, its requests in order, and how it ended on the devnode.
#[derive(Clone, Debug, Serialize)]
pub struct FrameRecord {
    /// Keccak of the program's deployed code.
    pub codehash: B256,
    /// The block, message and transaction fields Nitro hands the runtime.
    pub evm_data: EvmData,
    /// The call's input.
    pub calldata: Bytes,
    /// Ink given to the program after its entry cost.
    pub ink: u64,
    /// The frame's requests of the chain, in order.
    pub requests: Vec<Request>,
    /// The devnode's result.
    pub devnode: Outcome,
}

/// Nitro's `EvmData` for a frame, but its module hash (which no host function reads).
#[derive(Clone, Debug, Serialize)]
pub struct EvmData {
    /// The ArbOS version the chain models.
    pub arbos_version: u64,
    /// The block's base fee.
    pub block_basefee: B256,
    /// The chain id.
    pub chainid: u64,
    /// The block's coinbase.
    pub block_coinbase: Address,
    /// The block's gas limit.
    pub block_gas_limit: u64,
    /// The block's number.
    pub block_number: u64,
    /// The block's timestamp.
    pub block_timestamp: u64,
    /// The program's account (the caller's, in a delegate call).
    pub contract_address: Address,
    /// The frame's caller.
    pub msg_sender: Address,
    /// The frame's value.
    pub msg_value: B256,
    /// The transaction's effective gas price.
    pub tx_gas_price: B256,
    /// The transaction's sender.
    pub tx_origin: Address,
    /// 1 when the program's account is already executing below this frame.
    pub reentrant: u32,
    /// Whether the program entered at the cached price.
    pub cached: bool,
}

/// One EVM API request, named as Nitro's `EvmApiMethod`, and its answer.
#[derive(Clone, Debug, Serialize)]
pub struct Request {
    /// Nitro's name of the request.
    pub method: &'static str,
    /// The request as Nitro encodes it.
    pub data: Bytes,
    /// The answer's fixed part (a word, a status byte, an address).
    pub result: Bytes,
    /// The answer's data (return data or code).
    pub raw: Bytes,
    /// The EVM gas the chain charged for it.
    pub gas: u64,
}

/// How a frame ended: Nitro's `UserOutcomeKind` name, the ink left and the output.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Nitro's `UserOutcomeKind`: Success, Revert, Failure or OutOfInk.
    pub status: &'static str,
    /// Ink left at the end (0 when out of ink).
    pub ink_left: u64,
    /// Ink the host calls took (the rest went to the program's own code).
    pub hostio_ink: u64,
    /// The frame's output.
    pub output: Bytes,
}

/// A 256-bit word as Nitro's `Bytes32`.
pub(crate) fn word(value: U256) -> B256 {
    B256::from(value.to_be_bytes::<32>())
}
