//! The program at a StarkProxy's address (D16 as amended). It serves the operations a borrower and its
//! exchange operator call every epoch itself, with no delegate-call hop (`autoPayOrBorrow`, `borrow`,
//! `repayBorrow`, `repayDebt`, `depositToExchange`, `withdrawFromExchange`), and the set-up of a
//! proxy (`initialize`, `grantRole`, `revokeRole`, `renounceRole`, `allowStarkKey`): see
//! [`stark_proxy::hot`]. It
//! delegates every other selector, and any hot one an upgrade routed away, to the facet program the
//! table names (`ls1_common::router`). The constructor call is delegated to the core facet.
extern crate alloc;

use alloc::vec::Vec;

use alloy_sol_types::SolCall;
#[cfg(target_arch = "wasm32")]
use ls1_common::router::{Route, Router};
use ls1_common::{
    abi::{words, Args},
    host::sender,
    role, Revertible,
};
#[cfg(target_arch = "wasm32")]
use stark_proxy::hot::{hot_flag, SP1Router};
use stark_proxy::{
    hot::IStarkProxy as SP,
    roles::{BORROWER_ROLE, EXCHANGE_OPERATOR_ROLE, OWNER_ROLE},
    StarkProxy,
};

/// The program's entry point.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    ls1_common::router::route::<SP1Router>(len, serve)
}

/// Answers a hot operation that no upgrade routed to a facet; `None` for every other call.
#[cfg(target_arch = "wasm32")]
fn serve(input: &[u8]) -> Option<Revertible<Vec<u8>>> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let flag = hot_flag(selector)?;
    let mut sp = StarkProxy::new();
    match sp.hot_route(flag) {
        Route::Own => Some(run(&mut sp, selector, &input[4..])),
        Route::Facet => None,
        Route::NotConstructed => Some(Err(ls1_common::revert!(<SP1Router as Router>::NOT_CONSTRUCTED))),
    }
}

/// Runs hot operation `selector` with the checks of its facet version (non-payable, role, key).
pub fn run(sp: &mut StarkProxy, selector: [u8; 4], args: &[u8]) -> Revertible<Vec<u8>> {
    if !ls1_common::host::no_value() {
        return Err(Vec::new());
    }
    let args = Args(args);
    match selector {
        SP::autoPayOrBorrowCall::SELECTOR => {
            let (borrowed, repaid_borrow, repaid_debt) = sp.with_role(role!(BORROWER_ROLE), stark_proxy::StarkProxy::auto_pay_or_borrow)?;
            Ok(words(&[borrowed, repaid_borrow, repaid_debt]))
        }
        SP::borrowCall::SELECTOR => {
            let amount = args.uint(0)?;
            sp.with_role(role!(BORROWER_ROLE), |sp| sp.borrow(amount)).map(|()| Vec::new())
        }
        SP::repayBorrowCall::SELECTOR => {
            let amount = args.uint(0)?;
            sp.with_role(role!(BORROWER_ROLE), |sp| sp.repay_borrow_to_pool(amount, false)).map(|()| Vec::new())
        }
        SP::repayDebtCall::SELECTOR => {
            let amount = args.uint(0)?;
            sp.with_role(role!(BORROWER_ROLE), |sp| sp.repay_debt_to_pool(amount, false)).map(|()| Vec::new())
        }
        SP::depositToExchangeCall::SELECTOR => {
            let (stark_key, asset_type, vault_id, amount) = (args.uint(0)?, args.uint(1)?, args.uint(2)?, args.uint(3)?);
            let spent = sp.with_role(role!(EXCHANGE_OPERATOR_ROLE), |sp| {
                sp.only_allowed_key(stark_key)?;
                sp.deposit_to_exchange(stark_key, asset_type, vault_id, amount)
            })?;
            Ok(words(&[spent]))
        }
        SP::withdrawFromExchangeCall::SELECTOR => {
            let (stark_key, asset_type) = (args.uint(0)?, args.uint(1)?);
            let received = sp.with_role(role!(EXCHANGE_OPERATOR_ROLE), |sp| {
                sp.only_allowed_key(stark_key)?;
                sp.withdraw_from_exchange(stark_key, asset_type, false)
            })?;
            Ok(words(&[received]))
        }
        SP::grantRoleCall::SELECTOR => {
            let (role, account) = (args.bytes32(0)?, args.address(1)?);
            sp.access.grant_role(sender(), role, account).map(|()| Vec::new())
        }
        SP::revokeRoleCall::SELECTOR => {
            let (role, account) = (args.bytes32(0)?, args.address(1)?);
            sp.access.revoke_role(sender(), role, account).map(|()| Vec::new())
        }
        SP::renounceRoleCall::SELECTOR => {
            let (role, account) = (args.bytes32(0)?, args.address(1)?);
            sp.access.renounce_role(sender(), role, account).map(|()| Vec::new())
        }
        SP::initializeCall::SELECTOR => {
            let guardian = args.address(0)?;
            sp.initialize(guardian).map(|()| Vec::new())
        }
        SP::allowStarkKeyCall::SELECTOR => {
            let stark_key = args.uint(0)?;
            sp.with_role(role!(OWNER_ROLE), |sp| sp.allow_stark_key(stark_key)).map(|()| Vec::new())
        }
        _ => Err(Vec::new()),
    }
}
