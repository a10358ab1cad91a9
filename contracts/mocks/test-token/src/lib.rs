//! The mintable ERC-20 behind the USDC and DYDX test tokens: OpenZeppelin's `Erc20` plus fixed
//! metadata and an open `mint`, so a devnet or a test can fund any account.
//!
//! `mintable_token!(Usdc, "USD Coin", "USDC", 6);` declares the program's entrypoint; the invoking
//! crate depends on `stylus-sdk`, `openzeppelin-stylus` and `alloy-primitives` and has `extern crate alloc`.

/// The revert data of `mint` when the total supply would pass `U256::MAX`.
pub const SUPPLY_OVERFLOW: &str = "TestToken: total supply overflow";

/// Declares a mintable ERC-20 program named `$name` with the given name, symbol and decimals.
#[macro_export]
macro_rules! mintable_token {
    ($name:ident, $token_name:literal, $symbol:literal, $decimals:literal) => {
        use alloc::{string::String, vec::Vec};

        use alloy_primitives::{Address, U256};
        use alloy_sol_types::SolError as _;
        use openzeppelin_stylus::token::erc20::{self, Erc20, IErc20};
        use stylus_sdk::prelude::*;

        /// A mintable ERC-20 test token.
        #[entrypoint]
        #[storage]
        pub struct $name {
            erc20: Erc20,
        }

        #[public]
        #[implements(IErc20<Error = erc20::Error>)]
        impl $name {
            /// The token's name.
            pub fn name(&self) -> String {
                String::from($token_name)
            }

            /// The token's symbol.
            pub fn symbol(&self) -> String {
                String::from($symbol)
            }

            /// The number of decimals of one whole token.
            pub fn decimals(&self) -> u8 {
                $decimals
            }

            /// Creates `amount` new tokens for `to`; open to anyone (test token).
            pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Vec<u8>> {
                if self.erc20.total_supply().checked_add(amount).is_none() {
                    return Err(alloy_sol_types::Revert::from($crate::SUPPLY_OVERFLOW).abi_encode());
                }
                self.erc20._mint(to, amount).map_err(Into::into)
            }
        }

        #[public]
        impl IErc20 for $name {
            type Error = erc20::Error;

            fn total_supply(&self) -> U256 {
                self.erc20.total_supply()
            }

            fn balance_of(&self, account: Address) -> U256 {
                self.erc20.balance_of(account)
            }

            fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Self::Error> {
                self.erc20.transfer(to, value)
            }

            fn allowance(&self, owner: Address, spender: Address) -> U256 {
                self.erc20.allowance(owner, spender)
            }

            fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Self::Error> {
                self.erc20.approve(spender, value)
            }

            fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Self::Error> {
                self.erc20.transfer_from(from, to, value)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    extern crate alloc;

    use alloy_sol_types::Revert;
    use motsu::prelude::*;
    use openzeppelin_stylus::token::erc20::{
        Approval, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver, ERC20InvalidSpender, Error, Transfer,
    };

    crate::mintable_token!(TestToken, "Test Token", "TST", 6);

    const MILLION: U256 = U256::from_limbs([1_000_000, 0, 0, 0]);

    #[motsu::test]
    fn metadata(token: Contract<TestToken>, alice: Address) {
        assert_eq!(token.sender(alice).name(), "Test Token");
        assert_eq!(token.sender(alice).symbol(), "TST");
        assert_eq!(token.sender(alice).decimals(), 6);
        assert_eq!(token.sender(alice).total_supply(), U256::ZERO);
    }

    #[motsu::test]
    fn mint_credits_the_recipient_and_emits_transfer(token: Contract<TestToken>, alice: Address, bob: Address) {
        token.sender(alice).mint(bob, MILLION).expect("mint");
        assert_eq!(token.sender(alice).balance_of(bob), MILLION);
        assert_eq!(token.sender(alice).balance_of(alice), U256::ZERO);
        assert_eq!(token.sender(alice).total_supply(), MILLION);
        token.assert_emitted(&Transfer { from: Address::ZERO, to: bob, value: MILLION });
    }

    #[motsu::test]
    fn mint_rejects_zero_address_and_overflow(token: Contract<TestToken>, alice: Address) {
        let err = token.sender(alice).mint(Address::ZERO, MILLION).expect_err("zero recipient");
        assert_eq!(err, ERC20InvalidReceiver { receiver: Address::ZERO }.abi_encode());
        token.sender(alice).mint(alice, U256::MAX).expect("mint max");
        let err = token.sender(alice).mint(alice, U256::from(1)).expect_err("overflow");
        assert_eq!(err, Revert::from(crate::SUPPLY_OVERFLOW).abi_encode());
        assert_eq!(token.sender(alice).total_supply(), U256::MAX);
        assert_eq!(token.sender(alice).balance_of(alice), U256::MAX);
    }

    #[motsu::test]
    fn transfer_moves_balance_and_emits_transfer(token: Contract<TestToken>, alice: Address, bob: Address) {
        token.sender(alice).mint(alice, MILLION).expect("mint");
        assert!(token.sender(alice).transfer(bob, U256::from(400_000)).expect("succeeds"));
        assert_eq!(token.sender(alice).balance_of(alice), U256::from(600_000));
        assert_eq!(token.sender(alice).balance_of(bob), U256::from(400_000));
        assert_eq!(token.sender(alice).total_supply(), MILLION);
        token.assert_emitted(&Transfer { from: alice, to: bob, value: U256::from(400_000) });
    }

    #[motsu::test]
    fn transfer_reverts_without_balance_or_to_zero(token: Contract<TestToken>, alice: Address, bob: Address) {
        token.sender(alice).mint(alice, MILLION).expect("mint");
        let err = token.sender(alice).transfer(bob, MILLION + U256::from(1)).expect_err("too much");
        assert!(matches!(err, Error::InsufficientBalance(ERC20InsufficientBalance { sender, balance, needed })
            if sender == alice && balance == MILLION && needed == MILLION + U256::from(1)));
        let err = token.sender(alice).transfer(Address::ZERO, U256::from(1)).expect_err("to zero");
        assert!(matches!(err, Error::InvalidReceiver(ERC20InvalidReceiver { receiver }) if receiver.is_zero()));
        assert_eq!(token.sender(alice).balance_of(alice), MILLION);
        assert_eq!(token.sender(alice).balance_of(bob), U256::ZERO);
    }

    #[motsu::test]
    fn approve_sets_allowance_and_emits_approval(token: Contract<TestToken>, alice: Address, bob: Address) {
        assert!(token.sender(alice).approve(bob, MILLION).expect("succeeds"));
        assert_eq!(token.sender(alice).allowance(alice, bob), MILLION);
        token.assert_emitted(&Approval { owner: alice, spender: bob, value: MILLION });
        let err = token.sender(alice).approve(Address::ZERO, MILLION).expect_err("zero spender");
        assert!(matches!(err, Error::InvalidSpender(ERC20InvalidSpender { spender }) if spender.is_zero()));
    }

    #[motsu::test]
    fn transfer_from_spends_allowance(token: Contract<TestToken>, alice: Address, bob: Address, carol: Address) {
        token.sender(alice).mint(alice, MILLION).expect("mint");
        token.sender(alice).approve(bob, U256::from(300_000)).expect("approve");
        assert!(token.sender(bob).transfer_from(alice, carol, U256::from(200_000)).expect("succeeds"));
        assert_eq!(token.sender(alice).balance_of(alice), U256::from(800_000));
        assert_eq!(token.sender(alice).balance_of(carol), U256::from(200_000));
        assert_eq!(token.sender(alice).allowance(alice, bob), U256::from(100_000));
        token.assert_emitted(&Transfer { from: alice, to: carol, value: U256::from(200_000) });
        let err = token.sender(bob).transfer_from(alice, carol, U256::from(100_001)).expect_err("over allowance");
        assert!(matches!(err, Error::InsufficientAllowance(ERC20InsufficientAllowance { spender, allowance, needed })
            if spender == bob && allowance == U256::from(100_000) && needed == U256::from(100_001)));
        assert_eq!(token.sender(alice).balance_of(carol), U256::from(200_000));
    }

    #[motsu::test]
    fn infinite_allowance_is_not_spent(token: Contract<TestToken>, alice: Address, bob: Address) {
        token.sender(alice).mint(alice, MILLION).expect("mint");
        token.sender(alice).approve(bob, U256::MAX).expect("approve");
        token.sender(bob).transfer_from(alice, bob, MILLION).expect("transferFrom");
        assert_eq!(token.sender(alice).allowance(alice, bob), U256::MAX);
        assert_eq!(token.sender(alice).balance_of(bob), MILLION);
    }
}
