//! Spec §3.11 and D1, D9: the link with stkUSDC, the ERC-20 contract that owns allowances and
//! transfers. stkUSDC asks the pool to move next-epoch active balances; the pool asks stkUSDC to
//! announce mints and burns (`Transfer` events naming the staker, from stkUSDC's address).

use crate::{
    balance::Change,
    pool::{sender, Pool},
};
use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
use ls1_common::{
    host::{has_code, this},
    require, Revertible,
};

sol! {
    /// What the pool calls on stkUSDC.
    interface IStkUsdcLink {
        function emitTransfer(address from, address to, uint256 amount) external;
        function LIQUIDITY_STAKING() external view returns (address);
    }
}

ls1_common::calldata! {
    IStkUsdcLink::emitTransferCall { from, to, amount }
    IStkUsdcLink::LIQUIDITY_STAKINGCall {}
}

/// The pool `stk_usdc` says it belongs to (`None` if the call fails or answers something else).
fn linked_pool(stk_usdc: Address) -> Option<Address> {
    let call = IStkUsdcLink::LIQUIDITY_STAKINGCall {};
    let output = ls1_common::call::view_sol(stk_usdc, &call).ok()?;
    IStkUsdcLink::LIQUIDITY_STAKINGCall::abi_decode_returns(&output, true).ok().map(|pool| pool._0)
}

impl Pool {
    /// Links stkUSDC, once (OWNER_ROLE is checked by the caller): a contract whose
    /// `LIQUIDITY_STAKING()` is this pool.
    pub fn set_stk_usdc(&mut self, stk_usdc: Address) -> Revertible<()> {
        require!(!stk_usdc.is_zero(), "LS1StkUsdc: Invalid address")?;
        require!(self.stk_usdc().is_zero(), "LS1StkUsdc: Already set")?;
        require!(has_code(stk_usdc), "LS1StkUsdc: Invalid address")?;
        require!(linked_pool(stk_usdc) == Some(this()), "LS1StkUsdc: Linked to another pool")?;
        self.store_stk_usdc(stk_usdc);
        Ok(())
    }

    /// §3.11 internal transfer, asked by stkUSDC: moves `amount` of `from`'s next-epoch active
    /// balance, current and next, to `to`, settling both parties' rewards (TransferActive, §3.7.3).
    pub fn transfer_active_balance(&mut self, from: Address, to: Address, amount: U256) -> Revertible<()> {
        require!(sender() == self.stk_usdc(), "LS1StkUsdc: Caller is not stkUSDC")?;
        require!(!from.is_zero(), "LS1ERC20: Transfer from address(0)")?;
        require!(!to.is_zero(), "LS1ERC20: Transfer to address(0)")?;
        require!(self.active_balance_next_epoch(from)? >= amount, "LS1ERC20: Transfer exceeds next epoch active balance")?;
        let total = self.update_total_active(Change::Settle)?;
        let old_from = self.update_user_active(from, Change::DecreaseBoth(amount))?;
        let old_to = self.update_user_active(to, Change::IncreaseBoth(amount))?;
        self.settle_user_rewards_to_now(from, old_from, total)?;
        self.settle_user_rewards_to_now(to, old_to, total)?;
        Ok(())
    }

    /// D9: has stkUSDC emit `Transfer(from, to, amount)` for a mint or burn (nothing before it is linked).
    pub fn announce_transfer(&mut self, from: Address, to: Address, amount: U256) -> Revertible<()> {
        let stk_usdc = self.stk_usdc();
        if !stk_usdc.is_zero() {
            ls1_common::call::call_sol(stk_usdc, &IStkUsdcLink::emitTransferCall { from, to, amount })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use ls1_common::call::Calldata;

    use super::*;

    #[test]
    fn the_link_calls_are_encoded_as_alloy_encodes_them() {
        let call = IStkUsdcLink::emitTransferCall { from: Address::repeat_byte(1), to: Address::repeat_byte(2), amount: U256::from(3) };
        assert_eq!(call.calldata().as_ref(), call.abi_encode());
        assert_eq!(IStkUsdcLink::LIQUIDITY_STAKINGCall {}.calldata().as_ref(), IStkUsdcLink::LIQUIDITY_STAKINGCall {}.abi_encode());
    }
}
