//! Mintable USDC for tests and devnets: 6 decimals, like the real USDC.
extern crate alloc;

test_token::mintable_token!(Usdc, "USD Coin", "USDC", 6);

#[cfg(test)]
mod tests {
    use motsu::prelude::*;

    use super::{Address, Usdc};

    #[motsu::test]
    fn metadata(token: Contract<Usdc>, alice: Address) {
        assert_eq!(token.sender(alice).name(), "USD Coin");
        assert_eq!(token.sender(alice).symbol(), "USDC");
        assert_eq!(token.sender(alice).decimals(), 6);
    }
}
