//! Spec §4.13: the proxy's events (no indexed fields), and the router table's `FacetUpdated`.

use alloy_sol_types::sol;

sol! {
    /// The proxy borrowed from LS.
    event Borrowed(uint256 amount, uint256 newBorrowedBalance);
    /// The proxy repaid borrowed funds to LS.
    event RepaidBorrow(uint256 amount, uint256 newBorrowedBalance, bool isGuardianAction);
    /// The proxy repaid debt to LS.
    event RepaidDebt(uint256 amount, uint256 newDebtBalance, bool isGuardianAction);
    /// Tokens went to the exchange.
    event DepositedToExchange(uint256 starkKey, uint256 starkAssetType, uint256 starkVaultId, uint256 tokenAmount);
    /// Tokens came back from the exchange.
    event WithdrewFromExchange(uint256 starkKey, uint256 starkAssetType, uint256 tokenAmount, bool isGuardianAction);
    /// A forced withdrawal was requested on the exchange.
    event RequestedForcedWithdrawal(uint256 starkKey, uint256 vaultId, bool isGuardianAction);
    /// A forced trade was requested on the exchange.
    event RequestedForcedTrade(uint256 starkKey, uint256 vaultId, bool isGuardianAction);
    /// The guardian set the borrowing restriction.
    event BorrowingRestrictionChanged(bool isBorrowingRestricted);
    /// The veto guardian vetoed a queued forced trade.
    event GuardianVetoedForcedTradeRequest(bytes32 argsHash);
    /// The guardian-approved external withdrawal amount changed (the new total).
    event GuardianUpdateApprovedAmountForExternalWithdrawal(uint256 amount);
    /// A STARK key was allowed or disallowed.
    event UpdatedStarkKey(uint256 starkKey, bool isAllowed);
    /// An external recipient was allowed or disallowed.
    event UpdatedExternalRecipient(address recipient, bool isAllowed);
    /// The owner queued a forced trade.
    event QueuedForcedTradeRequest(uint256[12] args, bytes32 argsHash);
    /// TOKEN was withdrawn to an external recipient.
    event ExternalWithdrewToken(address recipient, uint256 amount);
    /// Another token was withdrawn to an external recipient.
    event ExternalWithdrewOtherToken(address token, address recipient, uint256 amount);
    /// Ether was withdrawn to an external recipient.
    event ExternalWithdrewEther(address recipient, uint256 amount);
    /// A pending exchange deposit was cancelled (V2).
    event DepositCanceled(uint256 starkKey, uint256 starkAssetType, uint256 vaultId, bool isGuardianAction);
    /// A cancelled exchange deposit was reclaimed (V2).
    event DepositReclaimed(uint256 starkKey, uint256 starkAssetType, uint256 vaultId, uint256 fundsReclaimed, bool isGuardianAction);
    /// The router now sends `selector` to `facet` (zero: removed).
    event FacetUpdated(bytes4 indexed selector, address facet);
}
