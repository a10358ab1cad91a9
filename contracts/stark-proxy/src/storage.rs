//! Spec §4.2: the proxy's storage, one layout shared by the router and every facet, and the host values
//! the proxy reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, B256, U256};
use ls1_common::{AccessControl, Initializer};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageU8},
};

/// The proxy's storage. The router's table must stay the first field (slot 0); upgrades append new
/// fields at the end only (D5).
#[storage]
pub struct StarkProxy {
    /// Facet table: selector → facet (slot 0, read by `sp-proxy`).
    pub facets: StorageMap<FixedBytes<4>, StorageAddress>,
    /// Roles (§4.3).
    pub access: AccessControl,
    /// `lastInitializedRevision` (§2.3).
    pub initializer: Initializer,
    /// The account allowed to call `initialize`, fixed by the constructor.
    pub deployer: StorageAddress,
    /// `LIQUIDITY_STAKING` (write-once, D4).
    pub liquidity_staking: StorageAddress,
    /// The upgrade flags of the hot operations that call the pool (in `liquidity_staking`'s slot, which
    /// they read anyway; see [`crate::hot`]).
    pub pool_op_overrides: StorageU8,
    /// `STARK_PERPETUAL` (write-once, D4).
    pub stark_perpetual: StorageAddress,
    /// The upgrade flags of the hot operations that call the exchange (in `stark_perpetual`'s slot).
    pub exchange_op_overrides: StorageU8,
    /// `TOKEN` (write-once, D4).
    pub token: StorageAddress,
    /// `isBorrowingRestricted` (the guardian's flag), in `token`'s slot: `depositToExchange` and
    /// `autoPayOrBorrow` read both.
    pub is_borrowing_restricted: StorageBool,
    /// `MERKLE_DISTRIBUTOR` (write-once, D4).
    pub merkle_distributor: StorageAddress,
    /// `allowedStarkKeys`.
    pub allowed_stark_keys: StorageMap<U256, StorageBool>,
    /// `allowedRecipients`.
    pub allowed_recipients: StorageMap<Address, StorageBool>,
    /// `approvedAmountForExternalWithdrawal`.
    pub approved_amount_for_external_withdrawal: StorageU256,
    /// `queuedForcedTradeTimestamps`: argsHash → queue time (0: not queued, vetoed or consumed).
    pub queued_forced_trade_timestamps: StorageMap<B256, StorageU256>,
}

pub use ls1_common::host::{now, sender, this};
