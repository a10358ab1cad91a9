//! Spec §3.3: the pool's storage, one layout shared by the router and every facet (D16), and the
//! host values the pool reads (time, caller, own address).

use alloy_primitives::{Address, FixedBytes, U256};
use ls1_common::{AccessControl, Initializer, ReentrancyGuard};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageVec},
};

/// Where the router finds each function: selector → facet program. Slot 0, so that the router can
/// compute an entry's slot as `keccak256(selector ‖ 28 zero bytes ‖ 32 zero bytes)`.
pub const FACETS_SLOT: u64 = 0;

/// The pool's storage. Append new fields at the end only: upgrades keep this layout (D5).
#[storage]
pub struct Pool {
    /// Router table: selector → facet.
    pub facets: StorageMap<FixedBytes<4>, StorageAddress>,
    /// Roles (§3.4).
    pub access: AccessControl,
    /// Reentrancy status (§2.2).
    pub guard: ReentrancyGuard,
    /// `lastInitializedRevision` (§2.3).
    pub initializer: Initializer,
    /// The account allowed to call `initialize`, set by the constructor.
    pub deployer: StorageAddress,
    /// `STAKED_TOKEN` (write-once, D4).
    pub staked_token: StorageAddress,
    /// `REWARDS_TOKEN` (write-once, D4).
    pub rewards_token: StorageAddress,
    /// `REWARDS_TREASURY` (write-once, D4).
    pub rewards_treasury: StorageAddress,
    /// `DISTRIBUTION_START` (write-once, D4).
    pub distribution_start: StorageU256,
    /// `DISTRIBUTION_END` (write-once, D4).
    pub distribution_end: StorageU256,
    /// `epochParameters`: interval (low 128 bits), offset (high 128 bits).
    pub epoch_parameters: StorageU256,
    /// `blackoutWindow`.
    pub blackout_window: StorageU256,
    /// `rewardsPerSecond`.
    pub rewards_per_second: StorageU256,
    /// `globalIndex` (low 224 bits) and `globalIndexTimestamp` (high 32 bits).
    pub global_index: StorageU256,
    /// `userIndexes`.
    pub user_indexes: StorageMap<Address, StorageU256>,
    /// `userRewardsBalances`.
    pub user_rewards_balances: StorageMap<Address, StorageU256>,
    /// `epochIndexes`: the global index at the end of an epoch.
    pub epoch_indexes: StorageMap<U256, StorageU256>,
    /// `activeBalances` (packed StoredBalance).
    pub active_balances: StorageMap<Address, StorageU256>,
    /// `totalActiveBalance` (packed StoredBalance).
    pub total_active_balance: StorageU256,
    /// `inactiveBalances` (packed StoredBalance).
    pub inactive_balances: StorageMap<Address, StorageU256>,
    /// `totalInactiveBalance` (packed StoredBalance).
    pub total_inactive_balance: StorageU256,
    /// `shortfalls`: each packed as the original packs it, epoch in the low 16 bits, index above.
    pub shortfalls: StorageVec<StorageU256>,
    /// `borrowerAllocations` (packed StoredAllocation).
    pub borrower_allocations: StorageMap<Address, StorageU256>,
    /// `borrowedBalances`.
    pub borrowed_balances: StorageMap<Address, StorageU256>,
    /// `totalBorrowedBalance`.
    pub total_borrowed_balance: StorageU256,
    /// `borrowerRestrictions`.
    pub borrower_restrictions: StorageMap<Address, StorageBool>,
    /// `stakerDebtBalances`.
    pub staker_debt_balances: StorageMap<Address, StorageU256>,
    /// `borrowerDebtBalances`.
    pub borrower_debt_balances: StorageMap<Address, StorageU256>,
    /// `totalBorrowerDebtBalance`.
    pub total_borrower_debt_balance: StorageU256,
    /// `totalDebtAvailableToWithdraw`.
    pub total_debt_available_to_withdraw: StorageU256,
    /// The stkUSDC contract: the ERC-20 face of the balances (D1, D9), set once.
    pub stk_usdc: StorageAddress,
}

/// `block.timestamp`.
pub fn now() -> U256 {
    #[allow(deprecated)]
    U256::from(stylus_sdk::block::timestamp())
}

/// `msg.sender`.
pub fn sender() -> Address {
    #[allow(deprecated)]
    stylus_sdk::msg::sender()
}

/// The pool's own address (the router's, in a facet's delegate call).
pub fn this() -> Address {
    #[allow(deprecated)]
    stylus_sdk::contract::address()
}
