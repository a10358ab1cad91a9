//! Spec §4.10 withdrawal operator functions: Merkle rewards claims and external withdrawals, which
//! never take the proxy's tokens below borrowed + debt without a guardian approval (INV-SP1).

use alloc::vec::Vec;

use crate::{
    calls::{word, IMerkleDistributor},
    emit,
    events::{ExternalWithdrewEther, ExternalWithdrewOtherToken, ExternalWithdrewToken},
    storage::StarkProxy,
};
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use ls1_common::{require, revert::sub, safe_erc20::safe_transfer, Revertible};

impl StarkProxy {
    /// `claimRewardsFromMerkleDistributor`: what the distributor returns.
    pub fn claim_merkle_rewards(&mut self, cumulative_amount: U256, merkle_proof: Vec<B256>) -> Revertible<U256> {
        let claim = IMerkleDistributor::claimRewardsCall { cumulativeAmount: cumulative_amount, merkleProof: merkle_proof };
        word(&ls1_common::call::call(self.merkle_distributor.get(), &claim.abi_encode())?)
    }

    /// `externalWithdrawToken`: from the guardian's approval if it covers `amount`, else only from the
    /// excess over borrowed + debt (and the partial approval is discarded).
    pub fn external_withdraw_token(&mut self, recipient: Address, amount: U256) -> Revertible<()> {
        self.only_allowed_recipient(recipient)?;
        let approved = self.approved_amount_for_external_withdrawal.get();
        if approved >= amount {
            self.approved_amount_for_external_withdrawal.set(approved - amount);
        } else {
            let owed = self.borrowed_and_debt_balance()?;
            let balance = self.token_balance()?;
            require!(balance > owed, "SP2Withdrawals: No withdrawable balance")?;
            require!(amount <= sub(balance, owed)?, "SP2Withdrawals: Amount exceeds withdrawable balance")?;
            self.approved_amount_for_external_withdrawal.set(U256::ZERO);
        }
        safe_transfer(self.token.get(), recipient, amount)?;
        emit(ExternalWithdrewToken { recipient, amount });
        Ok(())
    }

    /// `externalWithdrawOtherToken`: any token but TOKEN.
    pub fn external_withdraw_other_token(&mut self, token: Address, recipient: Address, amount: U256) -> Revertible<()> {
        self.only_allowed_recipient(recipient)?;
        require!(token != self.token.get(), "SP2Withdrawals: Cannot use this function to withdraw borrowed token")?;
        safe_transfer(token, recipient, amount)?;
        emit(ExternalWithdrewOtherToken { token, recipient, amount });
        Ok(())
    }

    /// `externalWithdrawEther`: a plain value call (D14); a failed send reverts with empty data.
    pub fn external_withdraw_ether(&mut self, recipient: Address, amount: U256) -> Revertible<()> {
        self.only_allowed_recipient(recipient)?;
        ls1_common::call::call_with_value(recipient, &[], amount).map_err(|_| Vec::new())?;
        emit(ExternalWithdrewEther { recipient, amount });
        Ok(())
    }
}
