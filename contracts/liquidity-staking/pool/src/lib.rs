//! The program at the LS1 pool's address (D16 as amended). It serves the frequent operations itself,
//! with no delegate-call hop (stakes, withdrawal requests and withdrawals, claims, stkUSDC's transfers,
//! borrowing and repaying, debt withdrawals, and the views clients and StarkProxy read: the list is
//! [`liquidity_staking::hot::HOT`]), and delegates every other selector, and any hot one an upgrade
//! routed away, to the facet program the table names (`ls1_common::router`). The constructor call is
//! delegated to the core facet, as a router does.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use liquidity_staking::{
    hot::{hot_flag, ILS1StkUsdc, ILiquidityStakingV1 as LS},
    pool::sender,
    Pool,
};
use ls1_common::Revertible;

/// The program's entry point.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn user_entrypoint(len: usize) -> usize {
    ls1_common::router::route(len, serve)
}

/// Answers a hot operation that no upgrade routed to a facet; `None` for every other call.
pub fn serve(input: &[u8]) -> Option<Revertible<Vec<u8>>> {
    let selector: [u8; 4] = input.get(..4)?.try_into().ok()?;
    let flag = hot_flag(selector)?;
    let mut pool = Pool::new();
    if pool.hot_overridden(flag) {
        return None;
    }
    Some(run(&mut pool, selector, Args(&input[4..])))
}

/// Runs hot operation `selector` (non-payable, as every pool function).
fn run(pool: &mut Pool, selector: [u8; 4], args: Args) -> Revertible<Vec<u8>> {
    if !msg_value_is_zero() {
        return Err(Vec::new());
    }
    match selector {
        LS::stakeCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.non_reentrant(|pool| pool.stake_for(sender(), amount)))
        }
        LS::stakeForCall::SELECTOR => {
            let (staker, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.non_reentrant(|pool| pool.stake_for(staker, amount)))
        }
        LS::requestWithdrawalCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.non_reentrant(|pool| pool.request_withdrawal(sender(), amount)))
        }
        LS::withdrawStakeCall::SELECTOR => {
            let (recipient, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.non_reentrant(|pool| pool.withdraw_stake(sender(), recipient, amount)))
        }
        LS::withdrawMaxStakeCall::SELECTOR => {
            let recipient = args.address(0)?;
            uint(pool.non_reentrant(|pool| pool.withdraw_max_stake(sender(), recipient)))
        }
        LS::claimRewardsCall::SELECTOR => {
            let recipient = args.address(0)?;
            uint(pool.non_reentrant(|pool| pool.settle_and_claim(sender(), recipient)))
        }
        ILS1StkUsdc::transferActiveBalanceCall::SELECTOR => {
            let (from, to, amount) = (args.address(0)?, args.address(1)?, args.uint(2)?);
            none(pool.non_reentrant(|pool| pool.transfer_active_balance(from, to, amount)))
        }
        LS::borrowCall::SELECTOR => {
            let amount = args.uint(0)?;
            none(pool.non_reentrant(|pool| pool.borrow(amount)))
        }
        LS::repayBorrowCall::SELECTOR => {
            let (borrower, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.non_reentrant(|pool| pool.repay_borrow(borrower, amount)))
        }
        LS::repayDebtCall::SELECTOR => {
            let (borrower, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.non_reentrant(|pool| pool.repay_debt(borrower, amount)))
        }
        LS::withdrawDebtCall::SELECTOR => {
            let (recipient, amount) = (args.address(0)?, args.uint(1)?);
            none(pool.non_reentrant(|pool| pool.withdraw_debt(sender(), recipient, amount)))
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

/// The arguments of a call: 32-byte words, as the ABI encodes static types.
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i`, or an empty revert when the calldata is too short.
    fn word(&self, i: usize) -> Revertible<&[u8]> {
        self.0.get(i * 32..(i + 1) * 32).ok_or_else(Vec::new)
    }

    /// Argument `i` as a `uint256`.
    fn uint(&self, i: usize) -> Revertible<U256> {
        Ok(U256::from_be_slice(self.word(i)?))
    }

    /// Argument `i` as an `address`: an empty revert when its 12 high bytes are not zero.
    fn address(&self, i: usize) -> Revertible<Address> {
        let word = self.word(i)?;
        if word[..12] != [0; 12] {
            return Err(Vec::new());
        }
        Ok(Address::from_slice(&word[12..]))
    }
}

/// The ABI encoding of `values`.
fn words(values: &[U256]) -> Vec<u8> {
    values.iter().flat_map(|value| value.to_be_bytes::<32>()).collect()
}

/// A function that returns nothing.
fn none(result: Revertible<()>) -> Revertible<Vec<u8>> {
    result.map(|()| Vec::new())
}

/// A function that returns one `uint256`.
fn uint(result: Revertible<U256>) -> Revertible<Vec<u8>> {
    result.map(|value| words(&[value]))
}

/// Whether the call carries no value.
fn msg_value_is_zero() -> bool {
    #[allow(deprecated)]
    stylus_sdk::msg::value().is_zero()
}
