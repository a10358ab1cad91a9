//! Spec §4.13: the proxy's events (no indexed fields), generated from its interface file
//! (`contracts/abi/IStarkProxy.sol`, the one source of their signatures), and the router table's `FacetUpdated`.

pub use crate::hot::IStarkProxy::{
    Borrowed, BorrowingRestrictionChanged, DepositCanceled, DepositReclaimed, DepositedToExchange, ExternalWithdrewEther,
    ExternalWithdrewOtherToken, ExternalWithdrewToken, GuardianUpdateApprovedAmountForExternalWithdrawal, GuardianVetoedForcedTradeRequest,
    QueuedForcedTradeRequest, RepaidBorrow, RepaidDebt, RequestedForcedTrade, RequestedForcedWithdrawal, UpdatedExternalRecipient,
    UpdatedStarkKey, WithdrewFromExchange,
};
pub use ls1_common::router::FacetUpdated;
