//! Spec §1.3: the external functions the proxy calls on LS (from the pool's interface file, with D17's
//! `getBorrowerState`), the exchange (SPX) and the Merkle distributor, as raw calls whose revert data
//! bubbles up unchanged.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::sol;

use ls1_common::Revertible;

sol!("../abi/ILiquidityStakingV1.sol");

sol!("../abi/IStarkPerpetual.sol");
sol!("../abi/IMerkleDistributor.sol");

ls1_common::calldata! {
    ILiquidityStakingV1::borrowCall { amount }
    ILiquidityStakingV1::repayBorrowCall { borrower, amount }
    ILiquidityStakingV1::repayDebtCall { borrower, amount }
    ILiquidityStakingV1::getBorrowerStateCall { borrower }
    ILiquidityStakingV1::getAllocatedBalanceCurrentEpochCall { borrower }
    ILiquidityStakingV1::getAllocatedBalanceNextEpochCall { borrower }
    ILiquidityStakingV1::getBorrowableAmountCall { borrower }
    ILiquidityStakingV1::getBorrowedBalanceCall { borrower }
    ILiquidityStakingV1::getBorrowerDebtBalanceCall { borrower }
    IStarkPerpetual::depositCall { starkKey, assetType, vaultId, quantizedAmount }
    IStarkPerpetual::withdrawCall { starkKey, assetType }
    IStarkPerpetual::forcedWithdrawalRequestCall { starkKey, vaultId, quantizedAmount, premiumCost }
    IStarkPerpetual::getEthKeyCall { starkKey }
    IStarkPerpetual::depositCancelCall { starkKey, assetType, vaultId }
    IStarkPerpetual::depositReclaimCall { starkKey, assetType, vaultId }
}

/// Calls of `target` (the storage cache written out first) and static calls, by `sol!` call of
/// static arguments (encoded on the stack, above); the callee's revert data bubbles up. The two
/// calls with dynamic arguments (`forcedTradeRequest`, the distributor's `claimRewards`) go through
/// alloy's encoder and `ls1_common::call::call`.
pub use ls1_common::call::{call_sol as call, view_sol as view};

/// The first return word as a number (empty revert data if the callee returned too little).
pub fn word(output: &[u8]) -> Revertible<U256> {
    word_at(output, 0)
}

/// Return word `i` as a number (empty revert data if the callee returned too little).
pub fn word_at(output: &[u8], i: usize) -> Revertible<U256> {
    output.get(i * 32..(i + 1) * 32).map(ls1_common::word::from_slice).ok_or_else(Vec::new)
}

/// The first return word as an address (empty revert data if the callee returned too little).
pub fn address(output: &[u8]) -> Revertible<Address> {
    output.get(12..32).map(Address::from_slice).ok_or_else(Vec::new)
}

/// A static call returning one uint256.
pub fn view_u256(target: Address, c: &impl ls1_common::call::Calldata) -> Revertible<U256> {
    word(&view(target, c)?)
}

#[cfg(test)]
mod tests {
    use ls1_common::call::Calldata;

    use super::{ILiquidityStakingV1 as LS, IStarkPerpetual as SPX, *};

    /// The bytes `calldata!` builds for `call` are alloy's.
    fn same(call: &impl Calldata) {
        assert_eq!(call.calldata().as_ref(), call.abi_encode(), "{}", core::any::type_name_of_val(call));
    }

    #[test]
    fn the_calls_are_encoded_as_alloy_encodes_them() {
        let (borrower, amount) = (Address::repeat_byte(0xb0), U256::MAX - U256::from(1));
        let [a, b, c, d] = [1, 2, 3, 4].map(|n| U256::from(n) << (60 * n));
        same(&LS::borrowCall { amount });
        same(&LS::repayBorrowCall { borrower, amount });
        same(&LS::repayDebtCall { borrower, amount });
        same(&LS::getBorrowerStateCall { borrower });
        same(&LS::getAllocatedBalanceCurrentEpochCall { borrower });
        same(&LS::getAllocatedBalanceNextEpochCall { borrower });
        same(&LS::getBorrowableAmountCall { borrower });
        same(&LS::getBorrowedBalanceCall { borrower });
        same(&LS::getBorrowerDebtBalanceCall { borrower });
        same(&SPX::depositCall { starkKey: a, assetType: b, vaultId: c, quantizedAmount: d });
        same(&SPX::withdrawCall { starkKey: a, assetType: b });
        same(&SPX::forcedWithdrawalRequestCall { starkKey: a, vaultId: b, quantizedAmount: c, premiumCost: true });
        same(&SPX::getEthKeyCall { starkKey: d });
        same(&SPX::depositCancelCall { starkKey: a, assetType: b, vaultId: c });
        same(&SPX::depositReclaimCall { starkKey: c, assetType: b, vaultId: a });
    }
}
