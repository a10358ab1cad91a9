//! Spec §4.2: the proxy's storage, one layout shared by the router and every facet, and the host values
//! the proxy reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, B256, U256};
use ls1_common::{
    storage::{Cell, Map, SharedAddress, SharedByte, Slot},
    AccessControl, Initializer,
};

/// The proxy's storage, laid out as the SDK laid out its `#[storage]` struct before (a field's slot
/// and bytes in the comment); raw slots, as the pool's. The router's table must stay at slot 0;
/// upgrades append new fields at the end only (D5).
#[derive(Debug)]
pub struct StarkProxy {
    /// Facet table: selector → facet (slot 0, read by `sp-proxy`).
    pub facets: Map<FixedBytes<4>, Address>,
    /// Roles (§4.3; slot 1).
    pub access: AccessControl,
    /// `lastInitializedRevision` (§2.3; slot 2).
    pub initializer: Initializer,
    /// The account allowed to call `initialize`, fixed by the constructor (slot 3).
    pub deployer: Cell<Address>,
    /// `LIQUIDITY_STAKING` (write-once, D4; slot 4, low 20 bytes).
    pub liquidity_staking: SharedAddress,
    /// The upgrade flags of the hot operations that call the pool (slot 4, byte 11: in
    /// `liquidity_staking`'s slot, which they read anyway; see [`crate::hot`]).
    pub pool_op_overrides: SharedByte<u8>,
    /// `STARK_PERPETUAL` (write-once, D4; slot 5, low 20 bytes).
    pub stark_perpetual: SharedAddress,
    /// The upgrade flags of the hot operations that call the exchange (slot 5, byte 11).
    pub exchange_op_overrides: SharedByte<u8>,
    /// `TOKEN` (write-once, D4; slot 6, low 20 bytes).
    pub token: SharedAddress,
    /// `isBorrowingRestricted` (the guardian's flag; slot 6, byte 11): `depositToExchange` and
    /// `autoPayOrBorrow` read both.
    pub is_borrowing_restricted: SharedByte<bool>,
    /// `MERKLE_DISTRIBUTOR` (write-once, D4; slot 7).
    pub merkle_distributor: Cell<Address>,
    /// `allowedStarkKeys` (slot 8).
    pub allowed_stark_keys: Map<U256, bool>,
    /// `allowedRecipients` (slot 9).
    pub allowed_recipients: Map<Address, bool>,
    /// `approvedAmountForExternalWithdrawal` (slot 10).
    pub approved_amount_for_external_withdrawal: Cell<U256>,
    /// `queuedForcedTradeTimestamps`: argsHash → queue time (0: not queued, vetoed or consumed; slot 11).
    pub queued_forced_trade_timestamps: Map<B256, U256>,
}

impl StarkProxy {
    /// The proxy's storage: slot 0 upwards, in the order of the fields.
    pub const fn new() -> Self {
        /// The byte of a slot that holds the field after an address (as the SDK packs them).
        const AFTER_ADDRESS: usize = 11;
        Self {
            facets: Map::at(Slot::at(0)),
            access: AccessControl::at(Slot::at(1)),
            initializer: Initializer::at(Slot::at(2)),
            deployer: Cell::at(Slot::at(3)),
            liquidity_staking: SharedAddress::at(Slot::at(4)),
            pool_op_overrides: SharedByte::at(Slot::at(4), AFTER_ADDRESS),
            stark_perpetual: SharedAddress::at(Slot::at(5)),
            exchange_op_overrides: SharedByte::at(Slot::at(5), AFTER_ADDRESS),
            token: SharedAddress::at(Slot::at(6)),
            is_borrowing_restricted: SharedByte::at(Slot::at(6), AFTER_ADDRESS),
            merkle_distributor: Cell::at(Slot::at(7)),
            allowed_stark_keys: Map::at(Slot::at(8)),
            allowed_recipients: Map::at(Slot::at(9)),
            approved_amount_for_external_withdrawal: Cell::at(Slot::at(10)),
            queued_forced_trade_timestamps: Map::at(Slot::at(11)),
        }
    }
}

impl Default for StarkProxy {
    fn default() -> Self {
        Self::new()
    }
}

// A facet program holds the proxy as its `#[storage]` field; the layout ignores the slot the SDK assigns.
ls1_common::storage_type!(StarkProxy, |_| StarkProxy::new());

pub use ls1_common::host::{now, sender, this};
