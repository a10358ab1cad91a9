//! D16 as amended, for StarkProxy: the operations the program at the proxy's address (`sp-proxy`)
//! serves itself (the borrower's and the exchange operator's, and the set-up of a proxy: `initialize`,
//! its roles and keys), and their upgrade flags. Pointing a hot selector at a facet (`setFacets`, D5)
//! sets its flag next to an address the operation reads anyway (`LIQUIDITY_STAKING` for the borrower
//! functions, `STARK_PERPETUAL` for the exchange ones and `initialize`, which approves the exchange),
//! so the check costs nothing until an upgrade uses it;
//! pointing it at `address(0)` gives it back to `sp-proxy`. Both flag bytes carry a "constructed" bit,
//! so that `sp-proxy` refuses its operations before construction at no cost after it.

use alloy_primitives::{Address, FixedBytes};
use alloy_sol_types::sol;
use ls1_common::router::Route;

use crate::storage::StarkProxy;

sol!("../abi/IStarkProxy.sol");

ls1_common::selector_position! {
    /// The hot operations whose flags sit next to `LIQUIDITY_STAKING`, in flag order (bit `i` of
    /// `pool_op_overrides`): those that call the pool, which read that slot anyway, then the role
    /// functions, which read no fixed slot (their flag's read costs what the facet table's read did).
    fn pool_op_position [
        IStarkProxy::autoPayOrBorrowCall,
        IStarkProxy::borrowCall,
        IStarkProxy::repayBorrowCall,
        IStarkProxy::repayDebtCall,
        IStarkProxy::grantRoleCall,
        IStarkProxy::revokeRoleCall,
        IStarkProxy::renounceRoleCall,
    ]
}

ls1_common::selector_position! {
    /// The hot operations that read the exchange's address, in flag order (bit `i` of
    /// `exchange_op_overrides`): its deposits and withdrawals, `allowStarkKey` (the owner's step before
    /// a key's first deposit, which asks the exchange) and `initialize` (which approves it).
    fn exchange_op_position [
        IStarkProxy::depositToExchangeCall,
        IStarkProxy::withdrawFromExchangeCall,
        IStarkProxy::allowStarkKeyCall,
        IStarkProxy::initializeCall,
    ]
}

/// The flags' bit set at construction (above the operations' flags).
pub const CONSTRUCTED: u8 = 1 << 7;

/// The router's revert strings for StarkProxy (`ls1_common::router`).
#[derive(Debug)]
pub struct SP1Router;

impl ls1_common::router::Router for SP1Router {
    const NOT_CONSTRUCTED: &'static str = "SP1Router: Not constructed";
    const NOT_DEPLOYER: &'static str = "SP1Router: Caller is not the StylusDeployer";
    const NO_CODE: &'static str = "SP1Router: Facet has no code";
    const NOT_RECORDED: &'static str = "SP1Router: Construction not recorded";
}

/// Where a hot operation's flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// This bit of `pool_op_overrides`.
    Pool(u8),
    /// This bit of `exchange_op_overrides`.
    Exchange(u8),
}

/// The flag of `selector`, if it is a hot operation.
pub fn hot_flag(selector: [u8; 4]) -> Option<Flag> {
    pool_op_position(selector).map(|i| Flag::Pool(1 << i)).or_else(|| exchange_op_position(selector).map(|i| Flag::Exchange(1 << i)))
}

impl StarkProxy {
    /// Who serves the operation with `flag`.
    pub fn hot_route(&self, flag: Flag) -> Route {
        let (flags, bit) = match flag {
            Flag::Pool(bit) => (self.pool_op_overrides.get(), bit),
            Flag::Exchange(bit) => (self.exchange_op_overrides.get(), bit),
        };
        Route::of(flags & CONSTRUCTED != 0, flags & bit != 0)
    }

    /// Records where `selector` now goes: for a hot operation, a facet (flag set) or `sp-proxy`
    /// (`address(0)`, flag cleared).
    pub fn route_hot(&mut self, selector: FixedBytes<4>, facet: Address) {
        let update = |flags: u8, bit: u8| if facet.is_zero() { flags & !bit } else { flags | bit };
        match hot_flag(selector.0) {
            Some(Flag::Pool(bit)) => {
                let flags = update(self.pool_op_overrides.get(), bit);
                self.pool_op_overrides.set(flags);
            }
            Some(Flag::Exchange(bit)) => {
                let flags = update(self.exchange_op_overrides.get(), bit);
                self.exchange_op_overrides.set(flags);
            }
            None => {}
        }
    }
}
