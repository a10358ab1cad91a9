//! Spec §4.3 and §4.4: the roles and their admins, the proxy's construction (the write-once
//! addresses, D4) and `initialize(address guardian)` (D14), the guard order of §2.2 (lock, then role),
//! and the router's facet table (D5).

use alloy_primitives::{b256, Address, FixedBytes, B256, U256};
use ls1_common::{
    access::AccessControl, host::has_code, require, role, router::Router, safe_erc20::safe_approve, surface::Governed, Revertible,
};

use crate::{
    emit,
    events::FacetUpdated,
    hot::{SP1Router, CONSTRUCTED},
    storage::{sender, this, StarkProxy},
};

/// `GUARDIAN_ROLE`.
pub const GUARDIAN_ROLE: B256 = b256!("55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a5041");
/// `VETO_GUARDIAN_ROLE`.
pub const VETO_GUARDIAN_ROLE: B256 = b256!("41f69eec3ae0a88a429dd80e56128f5db215a5b5dd0900d4998a2f6516c09355");
/// `OWNER_ROLE`.
pub const OWNER_ROLE: B256 = b256!("b19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e");
/// `DELEGATION_ADMIN_ROLE`.
pub const DELEGATION_ADMIN_ROLE: B256 = b256!("a434a7eae4dc33d33707b4ea79a4d2f6f2fde6108bbe8f120bc12699e152e91e");
/// `BORROWER_ROLE`.
pub const BORROWER_ROLE: B256 = b256!("2344277e405079ec07749d374ba0b5862a4e45a6a05ac889dbb4a991c6f9354d");
/// `EXCHANGE_OPERATOR_ROLE`.
pub const EXCHANGE_OPERATOR_ROLE: B256 = b256!("03d64837e30f3bde14c47536cffb1dc441abfcf02e886b676a4ef6c83c39f980");
/// `WITHDRAWAL_OPERATOR_ROLE`.
pub const WITHDRAWAL_OPERATOR_ROLE: B256 = b256!("6663d80d1ddaf7af549b98207d87c23d06e0a662c0bc9bd97a9b07d71e130fe6");

/// The implementation revision (§2.3): V1's initializer, with the V2 functions built in (D14).
pub const REVISION: u64 = 1;
/// `FORCED_TRADE_WAITING_PERIOD`: 7 days.
pub const FORCED_TRADE_WAITING_PERIOD: u64 = 7 * 86_400;
/// `FORCED_TRADE_GRACE_PERIOD`: 7 days.
pub const FORCED_TRADE_GRACE_PERIOD: u64 = 7 * 86_400;

/// The write-once addresses the original took as constructor arguments (D4).
#[derive(Debug, Clone, Copy)]
pub struct Immutables {
    /// `LIQUIDITY_STAKING`.
    pub liquidity_staking: Address,
    /// `STARK_PERPETUAL`.
    pub stark_perpetual: Address,
    /// `TOKEN`.
    pub token: Address,
    /// `MERKLE_DISTRIBUTOR`.
    pub merkle_distributor: Address,
}

impl StarkProxy {
    /// The constructor: the four addresses (unvalidated, as the original), the account that may call
    /// `initialize` (not zero) and the router's facet table.
    pub fn construct(
        &mut self,
        immutables: Immutables,
        deployer: Address,
        selectors: &[FixedBytes<4>],
        facets: &[Address],
    ) -> Revertible<()> {
        require!(!deployer.is_zero(), "SP1Initializer: Invalid deployer")?;
        self.liquidity_staking.set(immutables.liquidity_staking);
        self.stark_perpetual.set(immutables.stark_perpetual);
        self.token.set(immutables.token);
        self.merkle_distributor.set(immutables.merkle_distributor);
        self.deployer.set(deployer);
        self.pool_op_overrides.set(CONSTRUCTED);
        self.exchange_op_overrides.set(CONSTRUCTED);
        self.set_facets(selectors, facets)
    }

    /// Points each selector at its facet (the zero address removes it; a facet must have code),
    /// emitting `FacetUpdated`.
    pub fn set_facets(&mut self, selectors: &[FixedBytes<4>], facets: &[Address]) -> Revertible<()> {
        require!(selectors.len() == facets.len(), "SP1Router: Params length mismatch")?;
        for (&selector, &facet) in selectors.iter().zip(facets) {
            require!(facet.is_zero() || has_code(facet), <SP1Router as Router>::NO_CODE)?;
            self.facets.setter(selector).set(facet);
            self.route_hot(selector, facet);
            emit(FacetUpdated { selector, facet });
        }
        Ok(())
    }

    /// `initialize(guardian)`, revision 1, in the order of §4.4; only the deployer named at construction
    /// may call it.
    pub fn initialize(&mut self, guardian: Address) -> Revertible<()> {
        let caller = sender();
        self.initializer.initialize(REVISION)?;
        require!(caller == self.deployer.get(), "SP1Initializer: Caller is not the deployer")?;
        let (guardian_role, owner_role, delegation_admin_role) = (role!(GUARDIAN_ROLE), role!(OWNER_ROLE), role!(DELEGATION_ADMIN_ROLE));
        self.access.setup_role(caller, guardian_role, guardian);
        self.access.setup_role(caller, owner_role, caller);
        self.access.setup_role(caller, delegation_admin_role, caller);
        // Each role's admin, in §4.4's order.
        for (role, admin) in [
            (guardian_role, guardian_role),
            (role!(VETO_GUARDIAN_ROLE), guardian_role),
            (owner_role, owner_role),
            (delegation_admin_role, owner_role),
            (role!(BORROWER_ROLE), delegation_admin_role),
            (role!(EXCHANGE_OPERATOR_ROLE), delegation_admin_role),
            (role!(WITHDRAWAL_OPERATOR_ROLE), delegation_admin_role),
        ] {
            self.access.set_role_admin(role, admin);
        }
        let (token, this) = (self.token.get(), this());
        safe_approve(token, this, self.liquidity_staking.get(), U256::MAX)?;
        safe_approve(token, this, self.stark_perpetual.get(), U256::MAX)
    }

    /// Fails with the AccessControl message unless the caller holds `role`.
    pub fn only_role(&self, role: B256) -> Revertible<()> {
        self.access.check_role(role, sender())
    }

    /// Runs `body` if the caller holds `role` (§2.2's lock is the entry's refusal of reentrant calls, D3).
    pub fn with_role<T>(&mut self, role: B256, body: impl FnOnce(&mut Self) -> Revertible<T>) -> Revertible<T> {
        self.only_role(role)?;
        body(self)
    }

    /// `onlyAllowedKey`: `'SP1Storage: STARK key is not on the allowlist'`.
    pub fn only_allowed_key(&self, stark_key: U256) -> Revertible<()> {
        require!(self.allowed_stark_keys.get(stark_key), "SP1Storage: STARK key is not on the allowlist")
    }

    /// `onlyAllowedRecipient`: `'SP1Storage: Recipient is not on the allowlist'`.
    pub fn only_allowed_recipient(&self, recipient: Address) -> Revertible<()> {
        require!(self.allowed_recipients.get(recipient), "SP1Storage: Recipient is not on the allowlist")
    }
}

impl Governed for StarkProxy {
    fn roles(&self) -> AccessControl {
        self.access
    }

    fn facet(&self, selector: FixedBytes<4>) -> Address {
        self.facets.get(selector)
    }

    /// GUARDIAN_ROLE upgrades the proxy (D5).
    fn upgrade(&mut self, selectors: &[FixedBytes<4>], facet: Address) -> Revertible<()> {
        self.only_role(role!(GUARDIAN_ROLE))?;
        self.set_facets(selectors, &alloc::vec![facet; selectors.len()])
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::keccak256;

    use super::*;

    #[test]
    fn role_constants_are_the_hashes_of_their_names() {
        for (role, name) in [
            (GUARDIAN_ROLE, "GUARDIAN_ROLE"),
            (VETO_GUARDIAN_ROLE, "VETO_GUARDIAN_ROLE"),
            (OWNER_ROLE, "OWNER_ROLE"),
            (DELEGATION_ADMIN_ROLE, "DELEGATION_ADMIN_ROLE"),
            (BORROWER_ROLE, "BORROWER_ROLE"),
            (EXCHANGE_OPERATOR_ROLE, "EXCHANGE_OPERATOR_ROLE"),
            (WITHDRAWAL_OPERATOR_ROLE, "WITHDRAWAL_OPERATOR_ROLE"),
        ] {
            assert_eq!(role, keccak256(name), "{name}");
        }
        assert_eq!(FORCED_TRADE_WAITING_PERIOD, 604_800);
        assert_eq!(FORCED_TRADE_GRACE_PERIOD, 604_800);
    }
}
