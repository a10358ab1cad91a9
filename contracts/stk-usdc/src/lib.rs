//! stkUSDC (spec §3.11, D1, D9): the ERC-20 face of the LS1 pool's staked balances. The pool keeps
//! the balances; this contract owns allowances, asks the pool to move next-epoch active balances on
//! transfers, and emits every `Transfer`, including the mints and burns the pool announces. As lean
//! as the pool's own program: selectors matched by hand, arguments read as words, slots computed by
//! `ls1_common::storage` (the layout is the one the SDK gave it: the pool at slot 0, the allowances
//! mapping at slot 1).
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
use ls1_common::{
    abi::{words, Args},
    access::emit,
    host::sender,
    require, revert,
    revert::add,
    router::{constructed, mark_constructed, CONSTRUCTOR_SELECTOR, STYLUS_DEPLOYER},
    storage::{Cell, Key, Slot, Word},
    Revertible,
};

sol!("../abi/IStkUsdc.sol");

sol! {
    /// What stkUSDC calls on the pool.
    interface IPool {
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transferActiveBalance(address from, address to, uint256 amount) external;
    }
}

ls1_common::calldata! {
    IPool::totalSupplyCall {}
    IPool::balanceOfCall { account }
    IPool::transferActiveBalanceCall { from, to, amount }
}

use IStkUsdc::{Approval, Transfer};

ls1_common::logs! {
    Approval { [owner, spender] value }
    Transfer { [from, to] value }
}

/// The pool this token fronts (slot 0).
fn pool() -> Cell<Address> {
    Cell::at(Slot::at(0))
}

/// `allowances[owner][spender]` (a mapping of mappings at slot 1).
fn allowance_cell(owner: Address, spender: Address) -> Cell<U256> {
    Cell::at(Slot::at(1).entry(owner.key()).entry(spender.key()))
}

/// The program's entry point.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    ls1_common::router::entry(len, |input| match serve(input) {
        Ok(output) => (output, 0),
        Err(revert) => (revert, 1),
    })
}

/// Answers a call (no function is payable; an unknown selector reverts with empty data).
pub fn serve(input: &[u8]) -> Revertible<Vec<u8>> {
    if !ls1_common::host::no_value() {
        return Err(Vec::new());
    }
    let selector: [u8; 4] = input.get(..4).and_then(|s| s.try_into().ok()).ok_or_else(Vec::new)?;
    let args = Args(&input[4..]);
    let yes = || words(&[U256::from(1)]);
    match selector {
        IStkUsdc::transferCall::SELECTOR => {
            move_balance(sender(), args.address(0)?, args.uint(1)?)?;
            Ok(yes())
        }
        IStkUsdc::transferFromCall::SELECTOR => {
            let (from, to, amount, spender) = (args.address(0)?, args.address(1)?, args.uint(2)?, sender());
            move_balance(from, to, amount)?;
            let left =
                allowance(from, spender).checked_sub(amount).ok_or_else(|| revert!("LS1ERC20: transfer amount exceeds allowance"))?;
            set_allowance(from, spender, left)?;
            Ok(yes())
        }
        IStkUsdc::approveCall::SELECTOR => {
            set_allowance(sender(), args.address(0)?, args.uint(1)?)?;
            Ok(yes())
        }
        IStkUsdc::increaseAllowanceCall::SELECTOR => {
            let (owner, spender) = (sender(), args.address(0)?);
            set_allowance(owner, spender, add(allowance(owner, spender), args.uint(1)?)?)?;
            Ok(yes())
        }
        IStkUsdc::decreaseAllowanceCall::SELECTOR => {
            let (owner, spender) = (sender(), args.address(0)?);
            let left =
                allowance(owner, spender).checked_sub(args.uint(1)?).ok_or_else(|| revert!("LS1ERC20: Decreased allowance below zero"))?;
            set_allowance(owner, spender, left)?;
            Ok(yes())
        }
        IStkUsdc::emitTransferCall::SELECTOR => {
            require!(sender() == pool().get(), "stkUSDC: Caller is not the pool")?;
            emit(Transfer { from: args.address(0)?, to: args.address(1)?, value: args.uint(2)? });
            Ok(Vec::new())
        }
        IStkUsdc::allowanceCall::SELECTOR => Ok(words(&[allowance(args.address(0)?, args.address(1)?)])),
        IStkUsdc::balanceOfCall::SELECTOR => pool_view(&IPool::balanceOfCall { account: args.address(0)? }),
        IStkUsdc::totalSupplyCall::SELECTOR => pool_view(&IPool::totalSupplyCall {}),
        IStkUsdc::nameCall::SELECTOR => Ok(ls1_common::abi_string!("dYdX Staked USDC")),
        IStkUsdc::symbolCall::SELECTOR => Ok(ls1_common::abi_string!("stkUSDC")),
        IStkUsdc::decimalsCall::SELECTOR => Ok(words(&[U256::from(6)])),
        IStkUsdc::LIQUIDITY_STAKINGCall::SELECTOR => Ok(pool().get().encode().to_vec()),
        CONSTRUCTOR_SELECTOR => construct(args.address(0)?),
        _ => Err(Vec::new()),
    }
}

/// The constructor, run once by the StylusDeployer in the deployment's transaction: links the pool.
fn construct(linked: Address) -> Revertible<Vec<u8>> {
    require!(sender() == STYLUS_DEPLOYER, "stkUSDC: Caller is not the StylusDeployer")?;
    if constructed() {
        return Err(Vec::new());
    }
    require!(!linked.is_zero(), "stkUSDC: Invalid pool")?;
    mark_constructed();
    pool().set(linked);
    Ok(Vec::new())
}

/// What `spender` may move of `owner`'s balance.
fn allowance(owner: Address, spender: Address) -> U256 {
    allowance_cell(owner, spender).get()
}

/// The internal approve: both addresses non-zero, stores and emits `Approval`.
fn set_allowance(owner: Address, spender: Address, amount: U256) -> Revertible<()> {
    require!(!owner.is_zero(), "LS1ERC20: Approve from address(0)")?;
    require!(!spender.is_zero(), "LS1ERC20: Approve to address(0)")?;
    allowance_cell(owner, spender).set(amount);
    emit(Approval { owner, spender, value: amount });
    Ok(())
}

/// Has the pool move the balance (it checks the addresses and the transferable amount), then
/// announces the transfer.
fn move_balance(from: Address, to: Address, amount: U256) -> Revertible<()> {
    ls1_common::call::call_sol(pool().get(), &IPool::transferActiveBalanceCall { from, to, amount })?;
    emit(Transfer { from, to, value: amount });
    Ok(())
}

/// A view of the pool's, answered as the pool answers it.
fn pool_view(call: &impl ls1_common::call::Calldata) -> Revertible<Vec<u8>> {
    ls1_common::call::view_sol(pool().get(), call)
}

#[cfg(test)]
mod tests {
    use ls1_common::call::Calldata;

    use super::*;

    #[test]
    fn the_pool_calls_are_encoded_as_alloy_encodes_them() {
        let (from, to) = (Address::repeat_byte(1), Address::repeat_byte(2));
        assert_eq!(IPool::totalSupplyCall {}.calldata().as_ref(), IPool::totalSupplyCall {}.abi_encode());
        assert_eq!(IPool::balanceOfCall { account: to }.calldata().as_ref(), IPool::balanceOfCall { account: to }.abi_encode());
        let call = IPool::transferActiveBalanceCall { from, to, amount: U256::from(5) << 200 };
        assert_eq!(call.calldata().as_ref(), call.abi_encode());
    }
}
