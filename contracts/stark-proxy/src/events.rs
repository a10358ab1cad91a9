//! Spec §4.13: the proxy's events (no indexed fields), generated from its interface file
//! (`contracts/abi/IStarkProxy.sol`, the one source of their signatures), and the router table's `FacetUpdated`.

pub use crate::hot::IStarkProxy::{
    Borrowed, BorrowingRestrictionChanged, DepositCanceled, DepositReclaimed, DepositedToExchange, ExternalWithdrewEther,
    ExternalWithdrewOtherToken, ExternalWithdrewToken, GuardianUpdateApprovedAmountForExternalWithdrawal, GuardianVetoedForcedTradeRequest,
    QueuedForcedTradeRequest, RepaidBorrow, RepaidDebt, RequestedForcedTrade, RequestedForcedWithdrawal, UpdatedExternalRecipient,
    UpdatedStarkKey, WithdrewFromExchange,
};
pub use ls1_common::router::FacetUpdated;

ls1_common::logs! {
    Borrowed { [] amount, newBorrowedBalance }
    BorrowingRestrictionChanged { [] isBorrowingRestricted }
    DepositCanceled { [] starkKey, starkAssetType, vaultId, isGuardianAction }
    DepositReclaimed { [] starkKey, starkAssetType, vaultId, fundsReclaimed, isGuardianAction }
    DepositedToExchange { [] starkKey, starkAssetType, starkVaultId, tokenAmount }
    ExternalWithdrewEther { [] recipient, amount }
    ExternalWithdrewOtherToken { [] token, recipient, amount }
    ExternalWithdrewToken { [] recipient, amount }
    GuardianUpdateApprovedAmountForExternalWithdrawal { [] amount }
    GuardianVetoedForcedTradeRequest { [] argsHash }
    RepaidBorrow { [] amount, newBorrowedBalance, isGuardianAction }
    RepaidDebt { [] amount, newDebtBalance, isGuardianAction }
    RequestedForcedTrade { [] starkKey, vaultId, isGuardianAction }
    RequestedForcedWithdrawal { [] starkKey, vaultId, isGuardianAction }
    UpdatedExternalRecipient { [] recipient, isAllowed }
    UpdatedStarkKey { [] starkKey, isAllowed }
    WithdrewFromExchange { [] starkKey, starkAssetType, tokenAmount, isGuardianAction }
}

/// The one event with an array: its twelve arguments and their hash as thirteen data words.
impl ls1_common::log::Log for QueuedForcedTradeRequest {
    fn log(&self) {
        const TOPIC0: [[u8; 8]; 4] = ls1_common::word::pieces(&<QueuedForcedTradeRequest as alloy_sol_types::SolEvent>::SIGNATURE_HASH.0);
        let mut words = [[0u8; 32]; 14];
        for (word, arg) in words[1..13].iter_mut().zip(&self.args) {
            *word = ls1_common::word::to_word(*arg);
        }
        words[13] = self.argsHash.0;
        ls1_common::log::emit(TOPIC0, words, 1);
    }
}
