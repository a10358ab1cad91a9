//! StarkProxy facet `sp-ops`: the balance views (§4.5), the guardian's repayments and exchange actions
//! (§4.8, §4.12), the owner's exchange actions (§4.9, §4.12) and the withdrawal operator functions
//! (§4.10). The borrower functions (§4.6, D10) and the exchange operator functions (§4.7) are hot
//! operations of `sp-proxy`.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use ls1_common::{role, Revertible};
use stark_proxy::{
    roles::{GUARDIAN_ROLE, OWNER_ROLE, WITHDRAWAL_OPERATOR_ROLE},
    StarkProxy,
};
use stylus_sdk::{abi::Bytes, prelude::*};

/// The operations facet.
#[entrypoint]
#[storage]
pub struct Ops {
    sp: StarkProxy,
}

#[public]
impl Ops {
    /// The proxy's allocation for the current epoch, from LS.
    pub fn get_allocated_balance_current_epoch(&self) -> Revertible<U256> {
        self.sp.allocated_balance_current_epoch()
    }

    /// The proxy's allocation for the next epoch, from LS.
    pub fn get_allocated_balance_next_epoch(&self) -> Revertible<U256> {
        self.sp.allocated_balance_next_epoch()
    }

    /// What the proxy may borrow now (0 while the guardian restricts borrowing).
    pub fn get_borrowable_amount(&self) -> Revertible<U256> {
        self.sp.borrowable_amount()
    }

    /// What the proxy borrowed, from LS.
    pub fn get_borrowed_balance(&self) -> Revertible<U256> {
        self.sp.borrowed_balance()
    }

    /// The proxy's debt, from LS.
    pub fn get_debt_balance(&self) -> Revertible<U256> {
        self.sp.debt_balance()
    }

    /// Borrowed plus debt.
    pub fn get_borrowed_and_debt_balance(&self) -> Revertible<U256> {
        self.sp.borrowed_and_debt_balance()
    }

    /// The proxy's TOKEN balance (not counting funds on the exchange).
    pub fn get_token_balance(&self) -> Revertible<U256> {
        self.sp.token_balance()
    }

    /// Repays borrowed funds from the proxy's tokens (GUARDIAN_ROLE).
    pub fn guardian_repay_borrow(&mut self, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.repay_borrow_to_pool(amount, true))
    }

    /// Repays debt from the proxy's tokens (GUARDIAN_ROLE).
    pub fn guardian_repay_debt(&mut self, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.repay_debt_to_pool(amount, true))
    }

    /// Withdraws from the exchange for any key; returns the tokens received (GUARDIAN_ROLE).
    pub fn guardian_withdraw_from_exchange(&mut self, stark_key: U256, asset_type: U256) -> Revertible<U256> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.withdraw_from_exchange(stark_key, asset_type, true))
    }

    /// Requests a forced withdrawal, only while the proxy has debt (GUARDIAN_ROLE).
    pub fn guardian_forced_withdrawal_request(
        &mut self,
        stark_key: U256,
        vault_id: U256,
        quantized_amount: U256,
        premium_cost: bool,
    ) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.guardian_forced_withdrawal(stark_key, vault_id, quantized_amount, premium_cost))
    }

    /// Requests a forced trade at once, only while the proxy has debt (GUARDIAN_ROLE).
    pub fn guardian_forced_trade_request(&mut self, args: [U256; 12], signature: Bytes) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.guardian_forced_trade(&args, signature))
    }

    /// Cancels a pending exchange deposit for any key (GUARDIAN_ROLE, V2).
    pub fn guardian_deposit_cancel(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.deposit_cancel(stark_key, asset_type, vault_id, true))
    }

    /// Reclaims a cancelled exchange deposit for any key (GUARDIAN_ROLE, V2).
    pub fn guardian_deposit_reclaim(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.sp.with_role(role!(GUARDIAN_ROLE), |sp| sp.deposit_reclaim(stark_key, asset_type, vault_id, true))
    }

    /// Requests a forced withdrawal for an allowed key (OWNER_ROLE).
    pub fn forced_withdrawal_request(
        &mut self,
        stark_key: U256,
        vault_id: U256,
        quantized_amount: U256,
        premium_cost: bool,
    ) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| {
            sp.only_allowed_key(stark_key)?;
            sp.request_forced_withdrawal(stark_key, vault_id, quantized_amount, premium_cost, false)
        })
    }

    /// Runs a queued forced trade in its window (OWNER_ROLE, allowed `args[0]`).
    pub fn forced_trade_request(&mut self, args: [U256; 12], signature: Bytes) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| sp.forced_trade(&args, signature))
    }

    /// Cancels a pending exchange deposit for an allowed key (OWNER_ROLE, V2).
    pub fn deposit_cancel(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| {
            sp.only_allowed_key(stark_key)?;
            sp.deposit_cancel(stark_key, asset_type, vault_id, false)
        })
    }

    /// Reclaims a cancelled exchange deposit for an allowed key (OWNER_ROLE, V2).
    pub fn deposit_reclaim(&mut self, stark_key: U256, asset_type: U256, vault_id: U256) -> Revertible<()> {
        self.sp.with_role(role!(OWNER_ROLE), |sp| {
            sp.only_allowed_key(stark_key)?;
            sp.deposit_reclaim(stark_key, asset_type, vault_id, false)
        })
    }

    /// Claims Merkle rewards into the proxy; returns what the distributor returns (WITHDRAWAL_OPERATOR_ROLE).
    pub fn claim_rewards_from_merkle_distributor(&mut self, cumulative_amount: U256, merkle_proof: Vec<B256>) -> Revertible<U256> {
        self.sp.with_role(role!(WITHDRAWAL_OPERATOR_ROLE), |sp| sp.claim_merkle_rewards(cumulative_amount, merkle_proof))
    }

    /// Sends TOKEN to an allowed recipient, never below borrowed + debt without guardian approval
    /// (WITHDRAWAL_OPERATOR_ROLE).
    pub fn external_withdraw_token(&mut self, recipient: Address, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(WITHDRAWAL_OPERATOR_ROLE), |sp| sp.external_withdraw_token(recipient, amount))
    }

    /// Sends another token to an allowed recipient (WITHDRAWAL_OPERATOR_ROLE).
    pub fn external_withdraw_other_token(&mut self, token: Address, recipient: Address, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(WITHDRAWAL_OPERATOR_ROLE), |sp| sp.external_withdraw_other_token(token, recipient, amount))
    }

    /// Sends ether to an allowed recipient (WITHDRAWAL_OPERATOR_ROLE).
    pub fn external_withdraw_ether(&mut self, recipient: Address, amount: U256) -> Revertible<()> {
        self.sp.with_role(role!(WITHDRAWAL_OPERATOR_ROLE), |sp| sp.external_withdraw_ether(recipient, amount))
    }
}
