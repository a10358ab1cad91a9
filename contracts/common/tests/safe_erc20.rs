//! Spec §2.4 on a vault contract moving the USDC test token: success paths, a target without code,
//! a reverting token (its own reason discarded), a token returning `false`, and safeApprove's rule.

extern crate alloc;

use alloy_primitives::{Address, U256};
use ls1_common::revert;
use motsu::prelude::*;

mod token {
    test_token::mintable_token!(Usdc, "USD Coin", "USDC", 6);
}

mod false_token {
    use alloy_primitives::{Address, U256};
    use stylus_sdk::prelude::*;

    /// A token whose `transfer` and `approve` return `false` without reverting.
    #[entrypoint]
    #[storage]
    pub struct FalseToken {}

    #[public]
    impl FalseToken {
        fn transfer(&mut self, _to: Address, _value: U256) -> bool {
            false
        }

        fn approve(&mut self, _spender: Address, _value: U256) -> bool {
            false
        }

        fn allowance(&self, _owner: Address, _spender: Address) -> U256 {
            U256::ZERO
        }
    }
}

mod vault {
    use alloc::vec::Vec;

    use alloy_primitives::{Address, U256};
    use ls1_common::safe_erc20::{safe_approve, safe_transfer, safe_transfer_from};
    use stylus_sdk::prelude::*;

    /// Moves tokens with SafeERC20.
    #[entrypoint]
    #[storage]
    pub struct Vault {}

    #[public]
    impl Vault {
        pub fn pay(&mut self, token: Address, to: Address, value: U256) -> Result<(), Vec<u8>> {
            safe_transfer(token, to, value)
        }

        pub fn pull(&mut self, token: Address, from: Address, value: U256) -> Result<(), Vec<u8>> {
            safe_transfer_from(token, from, self.vm().contract_address(), value)
        }

        pub fn allow(&mut self, token: Address, spender: Address, value: U256) -> Result<(), Vec<u8>> {
            safe_approve(token, self.vm().contract_address(), spender, value)
        }
    }
}

use false_token::FalseToken;
use openzeppelin_stylus::token::erc20::IErc20;
use token::Usdc;
use vault::Vault;

#[motsu::test]
fn transfers_and_pulls_move_tokens(usdc: Contract<Usdc>, vault: Contract<Vault>, alice: Address, bob: Address) {
    usdc.sender(alice).mint(alice, U256::from(1_000)).expect("mint");
    usdc.sender(alice).approve(vault.address(), U256::from(600)).expect("approve");
    vault.sender(alice).pull(usdc.address(), alice, U256::from(600)).expect("pull");
    vault.sender(alice).pay(usdc.address(), bob, U256::from(250)).expect("pay");
    assert_eq!(usdc.sender(alice).balance_of(alice), U256::from(400));
    assert_eq!(usdc.sender(alice).balance_of(vault.address()), U256::from(350));
    assert_eq!(usdc.sender(alice).balance_of(bob), U256::from(250));
}

#[motsu::test]
fn a_target_without_code_is_refused(vault: Contract<Vault>, alice: Address, bob: Address) {
    let err = vault.sender(alice).pay(bob, alice, U256::from(1)).expect_err("bob has no code");
    assert_eq!(err, revert("SafeERC20: call to non-contract"));
}

#[motsu::test]
fn a_reverting_token_reports_safeerc20s_reason(usdc: Contract<Usdc>, vault: Contract<Vault>, alice: Address, bob: Address) {
    let err = vault.sender(alice).pay(usdc.address(), bob, U256::from(1)).expect_err("the vault holds nothing");
    assert_eq!(err, revert("SafeERC20: low-level call failed"));
    let err = vault.sender(alice).pull(usdc.address(), alice, U256::from(1)).expect_err("no allowance");
    assert_eq!(err, revert("SafeERC20: low-level call failed"));
}

#[motsu::test]
fn a_false_return_is_refused(fake: Contract<FalseToken>, vault: Contract<Vault>, alice: Address, bob: Address) {
    let err = vault.sender(alice).pay(fake.address(), bob, U256::from(1)).expect_err("transfer returned false");
    assert_eq!(err, revert("SafeERC20: ERC20 operation did not succeed"));
    let err = vault.sender(alice).allow(fake.address(), bob, U256::from(1)).expect_err("approve returned false");
    assert_eq!(err, revert("SafeERC20: ERC20 operation did not succeed"));
}

#[motsu::test]
fn safe_approve_only_from_or_to_zero(usdc: Contract<Usdc>, vault: Contract<Vault>, alice: Address, bob: Address) {
    vault.sender(alice).allow(usdc.address(), bob, U256::from(5)).expect("zero to five");
    let err = vault.sender(alice).allow(usdc.address(), bob, U256::from(7)).expect_err("five to seven");
    assert_eq!(err, revert("SafeERC20: approve from non-zero to non-zero allowance"));
    vault.sender(alice).allow(usdc.address(), bob, U256::ZERO).expect("five to zero");
    vault.sender(alice).allow(usdc.address(), bob, U256::from(7)).expect("zero to seven");
    assert_eq!(usdc.sender(alice).allowance(vault.address(), bob), U256::from(7));
}
