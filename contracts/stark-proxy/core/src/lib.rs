//! StarkProxy facet `sp-core`: construction and `initialize` (§4.4, D4, D14), access control (§2.1,
//! §4.3), the role constants, immutables and constants (§4.2), the plain getters (§4.11), the owner's
//! allowlists, allowances and forced-trade queue (§4.9), the guardian's settings and vetoes (§4.8) and
//! the router's facet table (D5: GUARDIAN_ROLE upgrades the proxy); the access-control and table
//! functions are `ls1_common::surface`'s, shared with the pool (`sp-proxy` serves `grantRole`,
//! `revokeRole` and `renounceRole` itself; they reach this facet only if an upgrade routes them here).
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, B256, U256};
use ls1_common::{role, surface::GovernanceSurface, Revertible};
use stark_proxy::{
    roles::{self, Immutables, GUARDIAN_ROLE, OWNER_ROLE, VETO_GUARDIAN_ROLE},
    StarkProxy,
};
use stylus_sdk::prelude::*;

ls1_common::governance_surface!(Core, sp);

/// The core facet.
#[entrypoint]
#[storage]
pub struct Core {
    sp: StarkProxy,
}

#[public]
#[implements(GovernanceSurface)]
impl Core {
    /// Run once by the StylusDeployer (through the router): the four write-once addresses, the
    /// account that may call `initialize`, and the facet table. `_router_facet` is this facet (read by
    /// the router).
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        _router_facet: Address,
        liquidity_staking: Address,
        stark_perpetual: Address,
        token: Address,
        merkle_distributor: Address,
        deployer: Address,
        selectors: Vec<FixedBytes<4>>,
        facets: Vec<Address>,
    ) -> Revertible<()> {
        let immutables = Immutables { liquidity_staking, stark_perpetual, token, merkle_distributor };
        self.sp.construct(immutables, deployer, &selectors, &facets)
    }

    /// `initialize(guardian)`: roles, role admins and the token approvals (deployer only, once).
    pub fn initialize(&mut self, guardian: Address) -> Revertible<()> {
        self.sp.initialize(guardian)
    }

    /// `GUARDIAN_ROLE`.
    #[selector(name = "GUARDIAN_ROLE")]
    pub fn guardian_role(&self) -> B256 {
        role!(roles::GUARDIAN_ROLE)
    }

    /// `VETO_GUARDIAN_ROLE`.
    #[selector(name = "VETO_GUARDIAN_ROLE")]
    pub fn veto_guardian_role(&self) -> B256 {
        role!(roles::VETO_GUARDIAN_ROLE)
    }

    /// `OWNER_ROLE`.
    #[selector(name = "OWNER_ROLE")]
    pub fn owner_role(&self) -> B256 {
        role!(roles::OWNER_ROLE)
    }

    /// `DELEGATION_ADMIN_ROLE`.
    #[selector(name = "DELEGATION_ADMIN_ROLE")]
    pub fn delegation_admin_role(&self) -> B256 {
        role!(roles::DELEGATION_ADMIN_ROLE)
    }

    /// `BORROWER_ROLE`.
    #[selector(name = "BORROWER_ROLE")]
    pub fn borrower_role(&self) -> B256 {
        role!(roles::BORROWER_ROLE)
    }

    /// `EXCHANGE_OPERATOR_ROLE`.
    #[selector(name = "EXCHANGE_OPERATOR_ROLE")]
    pub fn exchange_operator_role(&self) -> B256 {
        role!(roles::EXCHANGE_OPERATOR_ROLE)
    }

    /// `WITHDRAWAL_OPERATOR_ROLE`.
    #[selector(name = "WITHDRAWAL_OPERATOR_ROLE")]
    pub fn withdrawal_operator_role(&self) -> B256 {
        role!(roles::WITHDRAWAL_OPERATOR_ROLE)
    }

    /// `TOKEN`: the pool's staked token (USDC).
    #[selector(name = "TOKEN")]
    pub fn token(&self) -> Address {
        self.sp.token.get()
    }

    /// `LIQUIDITY_STAKING`: the pool.
    #[selector(name = "LIQUIDITY_STAKING")]
    pub fn liquidity_staking(&self) -> Address {
        self.sp.liquidity_staking.get()
    }

    /// `STARK_PERPETUAL`: the exchange.
    #[selector(name = "STARK_PERPETUAL")]
    pub fn stark_perpetual(&self) -> Address {
        self.sp.stark_perpetual.get()
    }

    /// `MERKLE_DISTRIBUTOR`.
    #[selector(name = "MERKLE_DISTRIBUTOR")]
    pub fn merkle_distributor(&self) -> Address {
        self.sp.merkle_distributor.get()
    }

    /// `FORCED_TRADE_WAITING_PERIOD`: 7 days.
    #[selector(name = "FORCED_TRADE_WAITING_PERIOD")]
    pub fn forced_trade_waiting_period(&self) -> U256 {
        U256::from(roles::FORCED_TRADE_WAITING_PERIOD)
    }

    /// `FORCED_TRADE_GRACE_PERIOD`: 7 days.
    #[selector(name = "FORCED_TRADE_GRACE_PERIOD")]
    pub fn forced_trade_grace_period(&self) -> U256 {
        U256::from(roles::FORCED_TRADE_GRACE_PERIOD)
    }

    /// Whether the owner allowed `stark_key`.
    pub fn is_stark_key_allowed(&self, stark_key: U256) -> bool {
        self.sp.allowed_stark_keys.get(stark_key)
    }

    /// Whether the owner allowed `recipient`.
    pub fn is_recipient_allowed(&self, recipient: Address) -> bool {
        self.sp.allowed_recipients.get(recipient)
    }

    /// The guardian-approved amount of TOKEN withdrawable regardless of the borrowed balance.
    pub fn get_approved_amount_for_external_withdrawal(&self) -> U256 {
        self.sp.approved_amount_for_external_withdrawal.get()
    }

    /// The guardian's borrowing restriction (not LS's).
    pub fn is_borrowing_restricted(&self) -> bool {
        self.sp.is_borrowing_restricted.get()
    }

    /// When the forced trade `args_hash` was queued (0: not queued, vetoed or consumed).
    pub fn get_queued_forced_trade_timestamp(&self, args_hash: B256) -> U256 {
        self.sp.queued_forced_trade_timestamps.get(args_hash)
    }

    /// Disallows a STARK key (OWNER_ROLE).
    pub fn disallow_stark_key(&mut self, stark_key: U256) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.disallow_stark_key(stark_key))
    }

    /// Allows an external withdrawal recipient (OWNER_ROLE).
    pub fn allow_external_recipient(&mut self, recipient: Address) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.allow_external_recipient(recipient))
    }

    /// Disallows an external withdrawal recipient (OWNER_ROLE).
    pub fn disallow_external_recipient(&mut self, recipient: Address) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.disallow_external_recipient(recipient))
    }

    /// Sets the exchange's allowance of `token` (OWNER_ROLE).
    pub fn set_exchange_contract_allowance(&mut self, token: Address, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.set_allowance(token, sp.stark_perpetual.get(), amount))
    }

    /// Sets the pool's allowance of `token` (OWNER_ROLE).
    pub fn set_staking_contract_allowance(&mut self, token: Address, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.set_allowance(token, sp.liquidity_staking.get(), amount))
    }

    /// Queues a forced trade; it may run 7 to 14 days later (OWNER_ROLE).
    pub fn queue_forced_trade_request(&mut self, args: [U256; 12]) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| {
            sp.queue_forced_trade(args);
            Ok(())
        })
    }

    /// Adds `amount` to the approved external withdrawal amount; returns the new total (GUARDIAN_ROLE).
    pub fn increase_approved_amount_for_external_withdrawal(&mut self, amount: U256) -> Revertible<U256> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.increase_approved_amount(amount))
    }

    /// Sets the approved external withdrawal amount to 0; returns the previous (GUARDIAN_ROLE).
    pub fn reset_approved_amount_for_external_withdrawal(&mut self) -> Revertible<U256> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| Ok(sp.reset_approved_amount()))
    }

    /// Restricts or frees borrowing and borrowed-fund deposits (GUARDIAN_ROLE).
    pub fn guardian_set_borrowing_restriction(&mut self, is_borrowing_restricted: bool) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| {
            sp.set_borrowing_restriction(is_borrowing_restricted);
            Ok(())
        })
    }

    /// Vetoes queued forced trades (VETO_GUARDIAN_ROLE).
    pub fn guardian_veto_forced_trade_requests(&mut self, args_hashes: Vec<B256>) -> Revertible<()> {
        self.sp.with_role(role!(VETO_GUARDIAN_ROLE), |sp| {
            sp.veto_forced_trades(&args_hashes);
            Ok(())
        })
    }
}
