//! Mintable DYDX for tests and devnets: 18 decimals, like the real DYDX.
extern crate alloc;

test_token::mintable_token!(Dydx, "dYdX", "DYDX", 18);

#[cfg(test)]
mod tests {
    use motsu::prelude::*;

    use super::{Address, Dydx};

    #[motsu::test]
    fn metadata(token: Contract<Dydx>, alice: Address) {
        assert_eq!(token.sender(alice).name(), "dYdX");
        assert_eq!(token.sender(alice).symbol(), "DYDX");
        assert_eq!(token.sender(alice).decimals(), 18);
    }
}
