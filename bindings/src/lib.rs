//! Typed bindings (alloy `sol!`) of every contract, generated from the hand-written Solidity
//! interfaces in `contracts/abi/`, which are the single source of each program's ABI.

use alloy_json_abi::JsonAbi;

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/ITestToken.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IProbe.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/ILiquidityStakingV1.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/ILS1Router.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IReentrantToken.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/ILS1StkUsdc.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IStkUsdc.sol"
);

/// Every contract address the build serves, with its ABI (the pool: one ABI for the router's address).
pub fn contracts() -> Vec<(&'static str, JsonAbi)> {
    vec![
        ("usdc", ITestToken::abi::contract()),
        ("dydx", ITestToken::abi::contract()),
        ("probe", IProbe::abi::contract()),
        ("reentrant-token", IReentrantToken::abi::contract()),
        ("liquidity-staking", pool_abi()),
        ("stk-usdc", IStkUsdc::abi::contract()),
    ]
}

/// The pool's ABI: ILiquidityStakingV1 plus the router's facet table and the stkUSDC link.
pub fn pool_abi() -> JsonAbi {
    let mut abi = ILiquidityStakingV1::abi::contract();
    for extra in [ILS1Router::abi::contract(), ILS1StkUsdc::abi::contract()] {
        abi.functions.extend(extra.functions);
        abi.events.extend(extra.events);
    }
    abi
}

/// Which facet program serves each pool function (D16); the router's constructor runs in the first.
pub const POOL_FACETS: &[(&str, &[&str])] = &[
    (
        "ls1-core",
        &[
            "initialize", "setFacets", "facetAddress", "supportsInterface", "hasRole", "getRoleAdmin", "grantRole",
            "revokeRole", "renounceRole", "DEFAULT_ADMIN_ROLE", "OWNER_ROLE", "EPOCH_PARAMETERS_ROLE",
            "REWARDS_RATE_ROLE", "BORROWER_ADMIN_ROLE", "CLAIM_OPERATOR_ROLE", "STAKE_OPERATOR_ROLE",
            "DEBT_OPERATOR_ROLE", "getCurrentEpoch", "getTimeRemainingInCurrentEpoch", "getStartOfEpoch",
            "hasEpochZeroStarted", "inBlackoutWindow", "STAKED_TOKEN", "REWARDS_TOKEN", "REWARDS_TREASURY",
            "DISTRIBUTION_START", "DISTRIBUTION_END", "getRewardsPerSecond", "TOTAL_ALLOCATION", "name", "symbol",
            "decimals", "getBorrowedBalance", "getTotalBorrowedBalance", "getBorrowerDebtBalance",
            "getTotalBorrowerDebtBalance", "getTotalDebtAvailableToWithdraw", "isBorrowingRestrictedForBorrower",
            "getEpochParameters", "getBlackoutWindow", "getShortfall", "getShortfallCount",
        ],
    ),
    (
        "ls1-balances",
        &[
            "getActiveBalanceCurrentEpoch", "getActiveBalanceNextEpoch", "getTotalActiveBalanceCurrentEpoch",
            "getTotalActiveBalanceNextEpoch", "getInactiveBalanceCurrentEpoch", "getInactiveBalanceNextEpoch",
            "getTotalInactiveBalanceCurrentEpoch", "getTotalInactiveBalanceNextEpoch", "getStakerDebtBalance",
            "getTransferableBalance", "totalSupply", "balanceOf", "getStakeAvailableToWithdraw",
            "getContractBalanceAvailableToWithdraw", "getDebtAvailableToWithdraw",
        ],
    ),
    (
        "ls1-staking",
        &[
            "stake", "stakeFor", "requestWithdrawal", "withdrawStake", "withdrawMaxStake", "claimRewards",
            "requestWithdrawalFor", "withdrawStakeFor", "claimRewardsFor",
        ],
    ),
    (
        "ls1-admin",
        &[
            "setEpochParameters", "setBlackoutWindow", "setRewardsPerSecond",
            "failsafeSettleUserInactiveBalanceToEpoch", "failsafeDeleteUserInactiveBalance",
        ],
    ),
    (
        "ls1-borrowing",
        &[
            "getAllocationFractionCurrentEpoch", "getAllocationFractionNextEpoch", "getAllocatedBalanceCurrentEpoch",
            "getAllocatedBalanceNextEpoch", "borrow", "repayBorrow", "repayDebt", "getBorrowableAmount",
            "getContractBalanceAvailableToBorrow", "isBorrowerOverdue", "restrictBorrower", "setBorrowerAllocations",
            "setBorrowingRestriction",
        ],
    ),
    ("ls1-debt", &["markDebt", "withdrawDebt", "withdrawMaxDebt", "decreaseStakerDebt", "decreaseBorrowerDebt"]),
    ("ls1-link", &["setStkUsdc", "getStkUsdc", "transferActiveBalance"]),
];

/// The selectors of `functions` in the pool's ABI.
pub fn pool_selectors(functions: &[&str]) -> Vec<[u8; 4]> {
    let abi = pool_abi();
    functions
        .iter()
        .map(|name| abi.function(name).and_then(|f| f.first()).unwrap_or_else(|| panic!("{name} is not a pool function")).selector().0)
        .collect()
}

