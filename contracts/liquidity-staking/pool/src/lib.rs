//! The program at the LS1 pool's address (D16 as amended). It serves the frequent operations itself,
//! with no delegate-call hop (stakes, withdrawal requests and withdrawals, claims, stkUSDC's transfers,
//! borrowing and repaying, debt withdrawals, and the views clients and StarkProxy read: the list is
//! [`liquidity_staking::hot::hot_flag`]), and delegates every other selector, and any hot one an upgrade
//! routed away, to the facet program the table names (`ls1_common::router`). The constructor call is
//! delegated to the core facet, as a router does.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::U256;
use alloy_sol_types::SolCall;
use liquidity_staking::{
    hot::{hot_flag, ILS1StkUsdc, ILiquidityStakingV1 as LS, LS1Router},
    pool::sender,
    Pool,
};
use ls1_common::{
    abi::{words, Args},
    router::{Route, Router},
    Revertible,
};

/// The program's entry point.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    ls1_common::router::route::<LS1Router>(len, serve)
}

/// Answers a hot operation that no upgrade routed to a facet; `None` for every other call.
pub fn serve(input: &[u8]) -> Option<Revertible<Vec<u8>>> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let flag = hot_flag(selector)?;
    let mut pool = Pool::new();
    match pool.hot_route(flag) {
        Route::Own => Some(run(&mut pool, selector, Args(&input[4..]))),
        Route::Facet => None,
        Route::NotConstructed => Some(Err(ls1_common::revert!(<LS1Router as Router>::NOT_CONSTRUCTED))),
    }
}

/// Runs hot operation `selector` (non-payable, as every pool function).
fn run(pool: &mut Pool, selector: [u8; 4], args: Args) -> Revertible<Vec<u8>> {
    if !ls1_common::host::no_value() {
        return Err(Vec::new());
    }
    match selector {
        LS::stakeCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.stake_for(sender(), amount))
        }
        LS::stakeForCall::SELECTOR => {
            let (staker, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.stake_for(staker, amount))
        }
        LS::requestWithdrawalCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.request_withdrawal(sender(), amount))
        }
        LS::withdrawStakeCall::SELECTOR => {
            let (recipient, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.withdraw_stake(sender(), recipient, amount))
        }
        LS::withdrawMaxStakeCall::SELECTOR => {
            let recipient = args.address(0)?;
            uint(pool.withdraw_max_stake(sender(), recipient))
        }
        LS::claimRewardsCall::SELECTOR => {
            let recipient = args.address(0)?;
            uint(pool.settle_and_claim(sender(), recipient))
        }
        ILS1StkUsdc::transferActiveBalanceCall::SELECTOR => {
            let (from, to, amount) = (args.address(0)?, args.address(1)?, args.uint(2)?);
            none(pool.transfer_active_balance(from, to, amount))
        }
        LS::borrowCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.borrow(amount))
        }
        LS::repayBorrowCall::SELECTOR => {
            let (borrower, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.repay_borrow(borrower, amount))
        }
        LS::repayDebtCall::SELECTOR => {
            let (borrower, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.repay_debt(borrower, amount))
        }
        LS::withdrawDebtCall::SELECTOR => {
            let (recipient, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.withdraw_debt(sender(), recipient, amount))
        }
        LS::getBorrowerStateCall::SELECTOR => {
            let (blackout, borrowed, allocated, borrowable, debt) = pool.borrower_state(args.address(0)?)?;
            Ok(words(&[U256::from(u8::from(blackout)), borrowed, allocated, borrowable, debt]))
        }
        LS::balanceOfCall::SELECTOR => uint(pool.balance_of(args.address(0)?)),
        LS::getBorrowedBalanceCall::SELECTOR => Ok(words(&[pool.borrower(args.address(0)?).borrowed])),
        LS::getBorrowerDebtBalanceCall::SELECTOR => Ok(words(&[pool.borrower(args.address(0)?).debt])),
        _ => Err(Vec::new()),
    }
}

/// A function that returns nothing.
fn none(result: Revertible<()>) -> Revertible<Vec<u8>> {
    result.map(|()| Vec::new())
}

/// A function that returns one `uint256`.
fn uint(result: Revertible<U256>) -> Revertible<Vec<u8>> {
    result.map(|value| words(&[value]))
}
