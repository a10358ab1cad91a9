//! Spec §4.7 exchange operator functions, and the exchange calls the owner and guardian share
//! (§4.8, §4.9, §4.9.1, §4.12 items 2-3). Amounts reported are measured balance deltas (§7 item 33).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use ls1_common::{revert::sub, Revertible};
use stylus_sdk::abi::Bytes;

use crate::{
    calls::{call, IStarkPerpetual as SPX},
    emit,
    events::{
        DepositCanceled, DepositReclaimed, DepositedToExchange, RequestedForcedTrade, RequestedForcedWithdrawal, WithdrewFromExchange,
    },
    storage::StarkProxy,
};

/// The restricted-deposit message (V2 prefix, §4.12 item 4).
const RESTRICTED_DEPOSIT: &str = "SP2Exchange: Cannot deposit borrowed funds to the exchange while Restricted";

impl StarkProxy {
    fn spx(&self) -> Address {
        self.stark_perpetual.get()
    }

    /// `depositToExchange`: deposits and returns the tokens spent; while restricted, only the proxy's
    /// excess over borrowed + debt may go.
    pub fn deposit_to_exchange(&mut self, stark_key: U256, asset_type: U256, vault_id: U256, quantized_amount: U256) -> Revertible<U256> {
        let start = self.token_balance()?;
        call(
            self.spx(),
            &SPX::depositCall { starkKey: stark_key, assetType: asset_type, vaultId: vault_id, quantizedAmount: quantized_amount },
        )?;
        let end = self.token_balance()?;
        let spent = sub(start, end)?;
        if self.is_borrowing_restricted.get() {
            ls1_common::require!(end >= self.borrowed_and_debt_balance()?, RESTRICTED_DEPOSIT)?;
        }
        emit(DepositedToExchange { starkKey: stark_key, starkAssetType: asset_type, starkVaultId: vault_id, tokenAmount: spent });
        Ok(spent)
    }

    /// `withdrawFromExchange` / `guardianWithdrawFromExchange`: returns the tokens received.
    pub fn withdraw_from_exchange(&mut self, stark_key: U256, asset_type: U256, is_guardian_action: bool) -> Revertible<U256> {
        let start = self.token_balance()?;
        call(self.spx(), &SPX::withdrawCall { starkKey: stark_key, assetType: asset_type })?;
        let received = sub(self.token_balance()?, start)?;
        emit(WithdrewFromExchange {
            starkKey: stark_key,
            starkAssetType: asset_type,
            tokenAmount: received,
            isGuardianAction: is_guardian_action,
        });
        Ok(received)
    }

    /// Requests a forced withdrawal on the exchange.
    pub fn request_forced_withdrawal(
        &mut self,
        stark_key: U256,
        vault_id: U256,
        quantized_amount: U256,
        premium_cost: bool,
        is_guardian_action: bool,
    ) -> Revertible<()> {
        call(
            self.spx(),
            &SPX::forcedWithdrawalRequestCall {
                starkKey: stark_key,
                vaultId: vault_id,
                quantizedAmount: quantized_amount,
                premiumCost: premium_cost,
            },
        )?;
        emit(RequestedForcedWithdrawal { starkKey: stark_key, vaultId: vault_id, isGuardianAction: is_guardian_action });
        Ok(())
    }

    /// Requests a forced trade on the exchange with the argument mapping of §4.9.1.
    pub fn request_forced_trade(&mut self, args: &[U256; 12], signature: Bytes, is_guardian_action: bool) -> Revertible<()> {
        let trade = SPX::forcedTradeRequestCall {
            starkKeyA: args[0],
            starkKeyB: args[1],
            vaultIdA: args[2],
            vaultIdB: args[3],
            collateralAssetId: args[4],
            syntheticAssetId: args[5],
            amountCollateral: args[6],
            amountSynthetic: args[7],
            aIsBuyingSynthetic: !args[8].is_zero(),
            submissionExpirationTime: args[9],
            nonce: args[10],
            signature: signature.0.into(),
            premiumCost: !args[11].is_zero(),
        };
        ls1_common::call::call(self.spx(), &trade.abi_encode())?;
        emit(RequestedForcedTrade { starkKey: args[0], vaultId: args[2], isGuardianAction: is_guardian_action });
        Ok(())
    }

    /// `depositCancel` / `guardianDepositCancel` (V2).
    pub fn deposit_cancel(&mut self, stark_key: U256, asset_type: U256, vault_id: U256, is_guardian_action: bool) -> Revertible<()> {
        call(self.spx(), &SPX::depositCancelCall { starkKey: stark_key, assetType: asset_type, vaultId: vault_id })?;
        emit(DepositCanceled { starkKey: stark_key, starkAssetType: asset_type, vaultId: vault_id, isGuardianAction: is_guardian_action });
        Ok(())
    }

    /// `depositReclaim` / `guardianDepositReclaim` (V2): returns nothing, reports the tokens received.
    pub fn deposit_reclaim(&mut self, stark_key: U256, asset_type: U256, vault_id: U256, is_guardian_action: bool) -> Revertible<()> {
        let start = self.token_balance()?;
        call(self.spx(), &SPX::depositReclaimCall { starkKey: stark_key, assetType: asset_type, vaultId: vault_id })?;
        let reclaimed = sub(self.token_balance()?, start)?;
        emit(DepositReclaimed {
            starkKey: stark_key,
            starkAssetType: asset_type,
            vaultId: vault_id,
            fundsReclaimed: reclaimed,
            isGuardianAction: is_guardian_action,
        });
        Ok(())
    }
}

/// `keccak256(abi.encodePacked(args))`: the 12 arguments as 32-byte words.
pub fn forced_trade_hash(args: &[U256; 12]) -> alloy_primitives::B256 {
    let mut packed = [0u8; 384];
    for (chunk, arg) in packed.chunks_exact_mut(32).zip(args) {
        chunk.copy_from_slice(&ls1_common::word::to_word(*arg));
    }
    stylus_sdk::crypto::keccak(packed)
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{keccak256, U256};

    use super::forced_trade_hash;
    // motsu links the host functions (keccak) the native test needs.
    use motsu as _;

    #[test]
    fn the_forced_trade_hash_is_keccak_of_twelve_words() {
        let args: [U256; 12] = core::array::from_fn(|i| U256::from(i) << (20 * i));
        let mut packed = Vec::new();
        for arg in &args {
            packed.extend_from_slice(&arg.to_be_bytes::<32>());
        }
        assert_eq!(packed.len(), 384);
        assert_eq!(forced_trade_hash(&args), keccak256(&packed));
    }
}
