//! stkUSDC (spec §3.11, D1, D9): the ERC-20 face of the LS1 pool's staked balances. The pool keeps
//! the balances; this contract owns allowances, asks the pool to move next-epoch active balances on
//! transfers, and emits every `Transfer`, including the mints and burns the pool announces.
extern crate alloc;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
use ls1_common::{
    access::emit,
    host::sender,
    require,
    revert::{add, sub_or},
    Revertible,
};
#[allow(deprecated)]
use stylus_sdk::call::RawCall;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256},
};

sol! {
    /// Tokens moved (mint: from zero; burn: to zero).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// An allowance was set.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// What stkUSDC calls on the pool.
    interface IPool {
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transferActiveBalance(address from, address to, uint256 amount) external;
    }
}

/// The token's state: the pool it fronts and the allowances.
#[entrypoint]
#[storage]
pub struct StkUsdc {
    pool: StorageAddress,
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
}

#[public]
impl StkUsdc {
    /// Links the pool, once, at deployment.
    #[constructor]
    pub fn constructor(&mut self, pool: Address) -> Revertible<()> {
        require(!pool.is_zero(), "stkUSDC: Invalid pool")?;
        self.pool.set(pool);
        Ok(())
    }

    /// The pool whose balances this token shows.
    #[selector(name = "LIQUIDITY_STAKING")]
    pub fn liquidity_staking(&self) -> Address {
        self.pool.get()
    }

    /// `'dYdX Staked USDC'`.
    pub fn name(&self) -> String {
        String::from("dYdX Staked USDC")
    }

    /// `'stkUSDC'`.
    pub fn symbol(&self) -> String {
        String::from("stkUSDC")
    }

    /// 6, as USDC.
    pub fn decimals(&self) -> u8 {
        6
    }

    /// The pool's total active plus inactive balance, this epoch.
    pub fn total_supply(&self) -> Revertible<U256> {
        let output = self.static_call(&IPool::totalSupplyCall {}.abi_encode())?;
        IPool::totalSupplyCall::abi_decode_returns(&output, true).map(|r| r._0).map_err(|_| Vec::new())
    }

    /// `account`'s active plus inactive balance in the pool, this epoch.
    pub fn balance_of(&self, account: Address) -> Revertible<U256> {
        let output = self.static_call(&IPool::balanceOfCall { account }.abi_encode())?;
        IPool::balanceOfCall::abi_decode_returns(&output, true).map(|r| r._0).map_err(|_| Vec::new())
    }

    /// Moves `amount` of the caller's next-epoch active balance to `to`.
    pub fn transfer(&mut self, to: Address, amount: U256) -> Revertible<bool> {
        self.move_balance(sender(), to, amount)?;
        Ok(true)
    }

    /// Moves `amount` of `from`'s next-epoch active balance to `to`, then spends the caller's
    /// allowance (always, even for `from` itself).
    pub fn transfer_from(&mut self, from: Address, to: Address, amount: U256) -> Revertible<bool> {
        self.move_balance(from, to, amount)?;
        let spender = sender();
        let left = sub_or(self.allowance(from, spender), amount, "LS1ERC20: transfer amount exceeds allowance")?;
        self.set_allowance(from, spender, left)?;
        Ok(true)
    }

    /// `spender` may move `amount` of the caller's balance.
    pub fn approve(&mut self, spender: Address, amount: U256) -> Revertible<bool> {
        self.set_allowance(sender(), spender, amount)?;
        Ok(true)
    }

    /// What `spender` may move of `owner`'s balance.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Raises `spender`'s allowance by `added_value`.
    pub fn increase_allowance(&mut self, spender: Address, added_value: U256) -> Revertible<bool> {
        let owner = sender();
        self.set_allowance(owner, spender, add(self.allowance(owner, spender), added_value)?)?;
        Ok(true)
    }

    /// Lowers `spender`'s allowance by `subtracted_value`.
    pub fn decrease_allowance(&mut self, spender: Address, subtracted_value: U256) -> Revertible<bool> {
        let owner = sender();
        let left = sub_or(self.allowance(owner, spender), subtracted_value, "LS1ERC20: Decreased allowance below zero")?;
        self.set_allowance(owner, spender, left)?;
        Ok(true)
    }

    /// Emits `Transfer(from, to, amount)` for a mint or burn the pool made (the pool only, D9).
    pub fn emit_transfer(&mut self, from: Address, to: Address, amount: U256) -> Revertible<()> {
        require(sender() == self.pool.get(), "stkUSDC: Caller is not the pool")?;
        emit(Transfer { from, to, value: amount });
        Ok(())
    }
}

impl StkUsdc {
    /// Has the pool move the balance (it checks the addresses and the transferable amount), then
    /// announces the transfer.
    fn move_balance(&mut self, from: Address, to: Address, amount: U256) -> Revertible<()> {
        let call = IPool::transferActiveBalanceCall { from, to, amount };
        #[allow(deprecated)]
        unsafe {
            RawCall::new().flush_storage_cache().call(self.pool.get(), &call.abi_encode())?
        };
        emit(Transfer { from, to, value: amount });
        Ok(())
    }

    /// The internal approve: both addresses non-zero, stores and emits `Approval`.
    fn set_allowance(&mut self, owner: Address, spender: Address, amount: U256) -> Revertible<()> {
        require(!owner.is_zero(), "LS1ERC20: Approve from address(0)")?;
        require(!spender.is_zero(), "LS1ERC20: Approve to address(0)")?;
        self.allowances.setter(owner).setter(spender).set(amount);
        emit(Approval { owner, spender, value: amount });
        Ok(())
    }

    fn static_call(&self, data: &[u8]) -> Revertible<Vec<u8>> {
        #[allow(deprecated)]
        unsafe {
            RawCall::new_static().call(self.pool.get(), data)
        }
    }
}
