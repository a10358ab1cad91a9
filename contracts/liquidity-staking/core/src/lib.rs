//! LS1 pool facet: construction (§3.5), `initialize`, access control (§2.1, §3.4), constants, the
//! epoch schedule getters (§3.6), the rewards parameters (§3.8), the plain getters (§3.17), the ERC-20
//! metadata (§3.11, D1) and the router's facet table (D5, D16); the access-control and table functions
//! are `ls1_common::surface`'s, shared with StarkProxy.
extern crate alloc;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::U224, Address, FixedBytes, B256, U256};
use liquidity_staking::{
    balance::Shortfall,
    roles::{self, Immutables},
    Pool,
};
use ls1_common::{revert, role, surface::GovernanceSurface, Revertible};
use stylus_sdk::prelude::*;

ls1_common::governance_surface!(Core, pool);

/// The core facet.
#[entrypoint]
#[storage]
pub struct Core {
    pool: Pool,
}

#[public]
#[implements(GovernanceSurface)]
impl Core {
    /// Run once by the StylusDeployer (through the router): the write-once values, the account that
    /// may call `initialize`, and the facet table. `_router_facet` is this facet (read by the router).
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        _router_facet: Address,
        staked_token: Address,
        rewards_token: Address,
        rewards_treasury: Address,
        distribution_start: U256,
        distribution_end: U256,
        deployer: Address,
        selectors: Vec<FixedBytes<4>>,
        facets: Vec<Address>,
    ) -> Revertible<()> {
        let immutables = Immutables { staked_token, rewards_token, rewards_treasury, distribution_start, distribution_end };
        self.pool.construct(immutables, deployer, &selectors, &facets)
    }

    /// `initialize(interval, offset, blackoutWindow)`: roles, epoch schedule, rewards and allocations.
    pub fn initialize(&mut self, interval: U256, offset: U256, blackout_window: U256) -> Revertible<()> {
        self.pool.initialize(interval, offset, blackout_window)
    }

    /// `OWNER_ROLE`.
    #[selector(name = "OWNER_ROLE")]
    pub fn owner_role(&self) -> B256 {
        role!(roles::OWNER_ROLE)
    }

    /// `EPOCH_PARAMETERS_ROLE`.
    #[selector(name = "EPOCH_PARAMETERS_ROLE")]
    pub fn epoch_parameters_role(&self) -> B256 {
        role!(roles::EPOCH_PARAMETERS_ROLE)
    }

    /// `REWARDS_RATE_ROLE`.
    #[selector(name = "REWARDS_RATE_ROLE")]
    pub fn rewards_rate_role(&self) -> B256 {
        role!(roles::REWARDS_RATE_ROLE)
    }

    /// `BORROWER_ADMIN_ROLE`.
    #[selector(name = "BORROWER_ADMIN_ROLE")]
    pub fn borrower_admin_role(&self) -> B256 {
        role!(roles::BORROWER_ADMIN_ROLE)
    }

    /// `CLAIM_OPERATOR_ROLE`.
    #[selector(name = "CLAIM_OPERATOR_ROLE")]
    pub fn claim_operator_role(&self) -> B256 {
        role!(roles::CLAIM_OPERATOR_ROLE)
    }

    /// `STAKE_OPERATOR_ROLE`.
    #[selector(name = "STAKE_OPERATOR_ROLE")]
    pub fn stake_operator_role(&self) -> B256 {
        role!(roles::STAKE_OPERATOR_ROLE)
    }

    /// `DEBT_OPERATOR_ROLE`.
    #[selector(name = "DEBT_OPERATOR_ROLE")]
    pub fn debt_operator_role(&self) -> B256 {
        role!(roles::DEBT_OPERATOR_ROLE)
    }

    /// The current epoch; reverts before epoch zero.
    pub fn get_current_epoch(&self) -> Revertible<U256> {
        self.pool.current_epoch()
    }

    /// Seconds left in the current epoch, in `(0, interval]`; reverts before epoch zero.
    pub fn get_time_remaining_in_current_epoch(&self) -> Revertible<U256> {
        self.pool.epoch_parameters().time_remaining(liquidity_staking::pool::now())
    }

    /// When epoch `epoch_number` starts.
    pub fn get_start_of_epoch(&self, epoch_number: U256) -> Revertible<U256> {
        self.pool.epoch_parameters().start_of_epoch(epoch_number)
    }

    /// Whether epoch zero has started.
    pub fn has_epoch_zero_started(&self) -> bool {
        self.pool.has_epoch_zero_started()
    }

    /// Whether now is in the last `blackoutWindow` seconds of an epoch.
    pub fn in_blackout_window(&self) -> bool {
        self.pool.in_blackout_window()
    }

    /// `STAKED_TOKEN`.
    #[selector(name = "STAKED_TOKEN")]
    pub fn staked_token(&self) -> Address {
        self.pool.staked_token()
    }

    /// `REWARDS_TOKEN`.
    #[selector(name = "REWARDS_TOKEN")]
    pub fn rewards_token(&self) -> Address {
        self.pool.rewards_token.get()
    }

    /// `REWARDS_TREASURY`.
    #[selector(name = "REWARDS_TREASURY")]
    pub fn rewards_treasury(&self) -> Address {
        self.pool.rewards_treasury.get()
    }

    /// `DISTRIBUTION_START`.
    #[selector(name = "DISTRIBUTION_START")]
    pub fn distribution_start(&self) -> U256 {
        self.pool.distribution_start.get()
    }

    /// `DISTRIBUTION_END`.
    #[selector(name = "DISTRIBUTION_END")]
    pub fn distribution_end(&self) -> U256 {
        self.pool.distribution_end.get()
    }

    /// Rewards emitted per second.
    pub fn get_rewards_per_second(&self) -> U256 {
        self.pool.rewards_per_second()
    }

    /// `TOTAL_ALLOCATION`.
    #[selector(name = "TOTAL_ALLOCATION")]
    pub fn total_allocation(&self) -> U256 {
        U256::from(roles::TOTAL_ALLOCATION)
    }

    /// `'dYdX Staked USDC'`.
    pub fn name(&self) -> String {
        String::from("dYdX Staked USDC")
    }

    /// `'stkUSDC'`.
    pub fn symbol(&self) -> String {
        String::from("stkUSDC")
    }

    /// 6, as USDC.
    pub fn decimals(&self) -> u8 {
        6
    }

    /// What all borrowers borrowed.
    pub fn get_total_borrowed_balance(&self) -> U256 {
        self.pool.borrow_totals().borrowed
    }

    /// What all borrowers owe as debt.
    pub fn get_total_borrower_debt_balance(&self) -> U256 {
        self.pool.borrow_totals().debt
    }

    /// Repaid debt not yet withdrawn by stakers.
    pub fn get_total_debt_available_to_withdraw(&self) -> U256 {
        self.pool.total_debt_available_to_withdraw()
    }

    /// Whether `borrower` may not borrow.
    pub fn is_borrowing_restricted_for_borrower(&self, borrower: Address) -> bool {
        self.pool.borrower(borrower).restricted
    }

    /// `(interval, offset)`.
    pub fn get_epoch_parameters(&self) -> (u128, u128) {
        let parameters = self.pool.epoch_parameters();
        (parameters.interval.to(), parameters.offset.to())
    }

    /// The blackout window in seconds.
    pub fn get_blackout_window(&self) -> U256 {
        self.pool.blackout_window()
    }

    /// Shortfall `shortfall_counter`: `(epoch, index)`; D13 message when out of range.
    pub fn get_shortfall(&self, shortfall_counter: U256) -> Revertible<(u16, U224)> {
        let word = usize::try_from(shortfall_counter).ok().and_then(|i| self.pool.shortfalls.get(i));
        let shortfall = Shortfall::unpack(word.ok_or_else(|| revert!("LS1Getters: Invalid shortfall index"))?);
        Ok((shortfall.epoch.to(), U224::from(shortfall.index)))
    }

    /// How many shortfalls were recorded.
    pub fn get_shortfall_count(&self) -> U256 {
        U256::from(self.pool.shortfalls.len())
    }
}
