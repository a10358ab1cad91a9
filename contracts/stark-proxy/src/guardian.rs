//! Spec §4.8 guardian functions: external-withdrawal approvals, the borrowing restriction, forced
//! actions (only while the proxy has debt) and vetoes of queued forced trades.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use ls1_common::{require, revert::add, Revertible};
use stylus_sdk::abi::Bytes;

use crate::{
    emit,
    events::{BorrowingRestrictionChanged, GuardianUpdateApprovedAmountForExternalWithdrawal, GuardianVetoedForcedTradeRequest},
    storage::StarkProxy,
};

/// The forced-action precondition's message (V2 prefix).
const NO_DEBT: &str = "SP2Guardian: Cannot call forced action if borrower has no overdue debt";

impl StarkProxy {
    /// `increaseApprovedAmountForExternalWithdrawal`: returns the new approved amount.
    pub fn increase_approved_amount(&mut self, amount: U256) -> Revertible<U256> {
        let approved = add(self.approved_amount_for_external_withdrawal.get(), amount)?;
        self.approved_amount_for_external_withdrawal.set(approved);
        emit(GuardianUpdateApprovedAmountForExternalWithdrawal { amount: approved });
        Ok(approved)
    }

    /// `resetApprovedAmountForExternalWithdrawal`: returns the previous approved amount.
    pub fn reset_approved_amount(&mut self) -> U256 {
        let previous = self.approved_amount_for_external_withdrawal.get();
        self.approved_amount_for_external_withdrawal.set(U256::ZERO);
        emit(GuardianUpdateApprovedAmountForExternalWithdrawal { amount: U256::ZERO });
        previous
    }

    /// `guardianSetBorrowingRestriction`: always emits, even when unchanged.
    pub fn set_borrowing_restriction(&mut self, is_borrowing_restricted: bool) {
        self.is_borrowing_restricted.set(is_borrowing_restricted);
        emit(BorrowingRestrictionChanged { isBorrowingRestricted: is_borrowing_restricted });
    }

    /// Fails unless LS records debt for the proxy.
    fn require_debt(&self) -> Revertible<()> {
        require!(!self.debt_balance()?.is_zero(), NO_DEBT)
    }

    /// `guardianForcedWithdrawalRequest`: only with debt; no allowlist check.
    pub fn guardian_forced_withdrawal(
        &mut self,
        stark_key: U256,
        vault_id: U256,
        quantized_amount: U256,
        premium_cost: bool,
    ) -> Revertible<()> {
        self.require_debt()?;
        self.request_forced_withdrawal(stark_key, vault_id, quantized_amount, premium_cost, true)
    }

    /// `guardianForcedTradeRequest`: only with debt; no queue, no waiting period, no allowlist.
    pub fn guardian_forced_trade(&mut self, args: &[U256; 12], signature: Bytes) -> Revertible<()> {
        self.require_debt()?;
        self.request_forced_trade(args, signature, true)
    }

    /// `guardianVetoForcedTradeRequests`: clears each hash and emits, queued or not.
    pub fn veto_forced_trades(&mut self, args_hashes: &Vec<B256>) {
        for &args_hash in args_hashes {
            self.queued_forced_trade_timestamps.setter(args_hash).set(U256::ZERO);
            emit(GuardianVetoedForcedTradeRequest { argsHash: args_hash });
        }
    }
}
