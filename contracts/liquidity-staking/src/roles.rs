//! Spec §3.4 and §3.5: the seven roles (OWNER_ROLE administers all) and the pool's construction
//! and initialization.

use alloy_primitives::{b256, Address, FixedBytes, B256, U256};
use ls1_common::{access::AccessControl, host::has_code, require, role, router::Router, safe_cast::to_uint, surface::Governed, Revertible};

use crate::{
    allocation::StoredAllocation,
    emit,
    epoch::{cap_distribution_end, EpochParameters, Schedule},
    events::{BlackoutWindowChanged, FacetUpdated},
    hot::{LS1Router, CONSTRUCTED, CONSTRUCTED_BY_TOKEN},
    pool::{now, sender, Pool},
    rewards::GlobalIndex,
};

/// `OWNER_ROLE`.
pub const OWNER_ROLE: B256 = b256!("b19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e");
/// `EPOCH_PARAMETERS_ROLE`.
pub const EPOCH_PARAMETERS_ROLE: B256 = b256!("a69ba352872fe0ee634bc8d48d2a09a61267da1bfb2015e67a11ad05fe21f04b");
/// `REWARDS_RATE_ROLE`.
pub const REWARDS_RATE_ROLE: B256 = b256!("74ec845281a5bcabeef9a800a79d30928ff9e6f2dc6f69a233fc39a83cb81ed2");
/// `BORROWER_ADMIN_ROLE`.
pub const BORROWER_ADMIN_ROLE: B256 = b256!("6c2e489c3a95017c97c0bcc47de38933a0bbf2041c9289b8ca34c445b13177af");
/// `CLAIM_OPERATOR_ROLE`.
pub const CLAIM_OPERATOR_ROLE: B256 = b256!("36dc7495d0ae0bc2a620bf292049e4d4e5f800043895b13c08a1977d3a3297f5");
/// `STAKE_OPERATOR_ROLE`.
pub const STAKE_OPERATOR_ROLE: B256 = b256!("a6fbd0d4ef0ac50b4de984ab8f303863596293cce6d67dd6111979bcf56abe74");
/// `DEBT_OPERATOR_ROLE`.
pub const DEBT_OPERATOR_ROLE: B256 = b256!("0428e137352b5b1a834770c71b580c01521c0b3f2442928c650692cd1b3f496c");

/// The implementation revision (§2.3).
pub const REVISION: u64 = 1;
/// `TOTAL_ALLOCATION`: allocations are in units of 0.01 %.
pub const TOTAL_ALLOCATION: u64 = 10_000;

/// The write-once values the original took as constructor arguments (D4).
#[derive(Debug, Clone, Copy)]
pub struct Immutables {
    /// `STAKED_TOKEN`.
    pub staked_token: Address,
    /// `REWARDS_TOKEN`.
    pub rewards_token: Address,
    /// `REWARDS_TREASURY`.
    pub rewards_treasury: Address,
    /// `DISTRIBUTION_START`.
    pub distribution_start: U256,
    /// `DISTRIBUTION_END`.
    pub distribution_end: U256,
}

impl Pool {
    /// The constructor: the immutables (`'LS1Rewards: Invalid parameters'` if the distribution ends
    /// before it starts), the account that may initialize (not zero), and the router's facet table.
    pub fn construct(
        &mut self,
        immutables: Immutables,
        deployer: Address,
        selectors: &[FixedBytes<4>],
        facets: &[Address],
    ) -> Revertible<()> {
        require!(immutables.distribution_end >= immutables.distribution_start, "LS1Rewards: Invalid parameters")?;
        require!(!deployer.is_zero(), "LS1Initializer: Invalid deployer")?;
        let mut token = self.staked_token_and_debt();
        token.address = immutables.staked_token;
        token.flags |= CONSTRUCTED_BY_TOKEN;
        self.staked_token_and_debt.set(token.pack());
        self.rewards_token.set(immutables.rewards_token);
        self.rewards_treasury.set(immutables.rewards_treasury);
        self.distribution_start.set(immutables.distribution_start);
        self.distribution_end.set(immutables.distribution_end);
        let parameters = EpochParameters { interval: U256::ZERO, offset: U256::ZERO };
        let distribution_end = cap_distribution_end(immutables.distribution_end);
        self.store_schedule(Schedule { parameters, blackout_window: U256::ZERO, distribution_end, hot_overrides: CONSTRUCTED });
        self.deployer.set(deployer);
        self.set_facets(selectors, facets)
    }

    /// Points each selector at its facet (the zero address removes it; a facet must have code),
    /// emitting `FacetUpdated`.
    pub fn set_facets(&mut self, selectors: &[FixedBytes<4>], facets: &[Address]) -> Revertible<()> {
        require!(selectors.len() == facets.len(), "LS1Router: Params length mismatch")?;
        for (&selector, &facet) in selectors.iter().zip(facets) {
            require!(facet.is_zero() || has_code(facet), <LS1Router as Router>::NO_CODE)?;
            self.facets.setter(selector).set(facet);
            self.route_hot(selector, facet);
            emit(FacetUpdated { selector, facet });
        }
        Ok(())
    }

    /// `initialize(interval, offset, blackoutWindow)`, revision 1, in the order of §3.5.
    pub fn initialize(&mut self, interval: U256, offset: U256, blackout_window: U256) -> Revertible<()> {
        let caller = sender();
        self.initializer.initialize(REVISION)?;
        require!(caller == self.deployer.get(), "LS1Initializer: Caller is not the deployer")?;
        let owner = role!(OWNER_ROLE);
        let granted = [owner, role!(EPOCH_PARAMETERS_ROLE), role!(REWARDS_RATE_ROLE), role!(BORROWER_ADMIN_ROLE)];
        for role in granted {
            self.access.setup_role(caller, role, caller);
        }
        let operators = [role!(CLAIM_OPERATOR_ROLE), role!(STAKE_OPERATOR_ROLE), role!(DEBT_OPERATOR_ROLE)];
        for role in granted.into_iter().chain(operators) {
            self.access.set_role_admin(role, owner);
        }
        let now = now();
        require!(now < offset, "LS1EpochSchedule: Epoch zero must be in future")?;
        emit(BlackoutWindowChanged { blackoutWindow: blackout_window });
        self.schedule_epochs(interval, offset, blackout_window)?;
        let start = self.distribution_start.get();
        self.global_index.set(GlobalIndex { index: U256::ZERO, timestamp: to_uint(now.max(start), 32)? }.pack());
        self.borrower_allocations.setter(Address::ZERO).set(StoredAllocation::unallocated().pack()?);
        Ok(())
    }

    /// Fails with the AccessControl message unless the caller holds `role`.
    pub fn only_role(&self, role: B256) -> Revertible<()> {
        self.access.check_role(role, sender())
    }
}

impl Governed for Pool {
    fn roles(&self) -> AccessControl {
        self.access
    }

    fn facet(&self, selector: FixedBytes<4>) -> Address {
        self.facets.get(selector)
    }

    /// OWNER_ROLE upgrades the pool (D5).
    fn upgrade(&mut self, selectors: &[FixedBytes<4>], facet: Address) -> Revertible<()> {
        self.only_role(role!(OWNER_ROLE))?;
        self.set_facets(selectors, &alloc::vec![facet; selectors.len()])
    }
}
