//! Typed bindings (alloy `sol!`) of every contract, generated from the hand-written Solidity
//! interfaces in `contracts/abi/`, which are the single source of each program's ABI.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, FixedBytes, U256};
use alloy_sol_types::SolValue;

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

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IStarkProxy.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IMockStarkPerpetual.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IStarkPerpetual.sol"
);

alloy_sol_types::sol!(
    #[sol(abi, all_derives)]
    "../contracts/abi/IMerkleDistributor.sol"
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
        ("stark-proxy", stark_proxy_abi()),
        ("mock-stark-perpetual", mock_stark_perpetual_abi()),
    ]
}

/// The exchange mock's ABI: its own functions and events, and the exchange's (IStarkPerpetual).
pub fn mock_stark_perpetual_abi() -> JsonAbi {
    let mut abi = IMockStarkPerpetual::abi::contract();
    abi.functions.extend(IStarkPerpetual::abi::contract().functions);
    abi
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

/// The program at the pool's address and the functions it serves itself, with no hop (D16 as
/// amended; `HOT` in `contracts/liquidity-staking/src/hot.rs`): they are not in the facet table.
pub const POOL_PROGRAM: (&str, &[&str]) = (
    "ls1-pool",
    &[
        "stake",
        "stakeFor",
        "requestWithdrawal",
        "withdrawStake",
        "withdrawMaxStake",
        "claimRewards",
        "transferActiveBalance",
        "borrow",
        "repayBorrow",
        "repayDebt",
        "withdrawDebt",
        "getBorrowerState",
        "balanceOf",
        "getBorrowedBalance",
        "getBorrowerDebtBalance",
    ],
);

/// Which facet program serves each of the pool's other functions (D16), through the table; the
/// constructor runs in the first. Checked against each program's compiled selector match
/// (`pool-tests`, `router::each_facet_program_serves_exactly_the_functions_the_facet_tables_give_it`).
pub const POOL_FACETS: &[(&str, &[&str])] = &[
    (
        "ls1-core",
        &[
            "initialize",
            "setFacets",
            "facetAddress",
            "supportsInterface",
            "hasRole",
            "getRoleAdmin",
            "grantRole",
            "revokeRole",
            "renounceRole",
            "DEFAULT_ADMIN_ROLE",
            "OWNER_ROLE",
            "EPOCH_PARAMETERS_ROLE",
            "REWARDS_RATE_ROLE",
            "BORROWER_ADMIN_ROLE",
            "CLAIM_OPERATOR_ROLE",
            "STAKE_OPERATOR_ROLE",
            "DEBT_OPERATOR_ROLE",
            "getCurrentEpoch",
            "getTimeRemainingInCurrentEpoch",
            "getStartOfEpoch",
            "hasEpochZeroStarted",
            "inBlackoutWindow",
            "STAKED_TOKEN",
            "REWARDS_TOKEN",
            "REWARDS_TREASURY",
            "DISTRIBUTION_START",
            "DISTRIBUTION_END",
            "getRewardsPerSecond",
            "TOTAL_ALLOCATION",
            "name",
            "symbol",
            "decimals",
            "getTotalBorrowedBalance",
            "getTotalBorrowerDebtBalance",
            "getTotalDebtAvailableToWithdraw",
            "isBorrowingRestrictedForBorrower",
            "getEpochParameters",
            "getBlackoutWindow",
            "getShortfall",
            "getShortfallCount",
        ],
    ),
    (
        "ls1-balances",
        &[
            "getActiveBalanceCurrentEpoch",
            "getActiveBalanceNextEpoch",
            "getTotalActiveBalanceCurrentEpoch",
            "getTotalActiveBalanceNextEpoch",
            "getInactiveBalanceCurrentEpoch",
            "getInactiveBalanceNextEpoch",
            "getTotalInactiveBalanceCurrentEpoch",
            "getTotalInactiveBalanceNextEpoch",
            "getStakerDebtBalance",
            "getTransferableBalance",
            "totalSupply",
            "getStakeAvailableToWithdraw",
            "getContractBalanceAvailableToWithdraw",
            "getDebtAvailableToWithdraw",
        ],
    ),
    (
        "ls1-staking",
        &[
            "requestWithdrawalFor",
            "withdrawStakeFor",
            "claimRewardsFor",
            "failsafeSettleUserInactiveBalanceToEpoch",
            "failsafeDeleteUserInactiveBalance",
        ],
    ),
    ("ls1-admin", &["setEpochParameters", "setBlackoutWindow", "setRewardsPerSecond"]),
    (
        "ls1-borrowing",
        &[
            "getAllocationFractionCurrentEpoch",
            "getAllocationFractionNextEpoch",
            "getAllocatedBalanceCurrentEpoch",
            "getAllocatedBalanceNextEpoch",
            "getBorrowableAmount",
            "getContractBalanceAvailableToBorrow",
            "isBorrowerOverdue",
            "restrictBorrower",
            "setBorrowerAllocations",
            "setBorrowingRestriction",
        ],
    ),
    ("ls1-debt", &["markDebt", "withdrawMaxDebt", "decreaseStakerDebt", "decreaseBorrowerDebt"]),
    ("ls1-link", &["setStkUsdc", "getStkUsdc"]),
];

/// The selectors of `functions` in the pool's ABI.
pub fn pool_selectors(functions: &[&str]) -> Vec<[u8; 4]> {
    let abi = pool_abi();
    functions
        .iter()
        .map(|name| abi.function(name).and_then(|f| f.first()).unwrap_or_else(|| panic!("{name} is not a pool function")).selector().0)
        .collect()
}

/// A StarkProxy's ABI: IStarkProxy plus the router's facet table (GUARDIAN_ROLE upgrades it, D5).
pub fn stark_proxy_abi() -> JsonAbi {
    let mut abi = IStarkProxy::abi::contract();
    let router = ILS1Router::abi::contract();
    abi.functions.extend(router.functions);
    abi.events.extend(router.events);
    abi
}

/// The program at a StarkProxy's address and the functions it serves itself, with no hop (D16 as
/// amended; `contracts/stark-proxy/src/hot.rs`): they are not in the facet table.
pub const STARK_PROXY_PROGRAM: (&str, &[&str]) = (
    "sp-proxy",
    &[
        "autoPayOrBorrow",
        "borrow",
        "repayBorrow",
        "repayDebt",
        "depositToExchange",
        "withdrawFromExchange",
        "initialize",
        "grantRole",
        "revokeRole",
        "renounceRole",
        "allowStarkKey",
    ],
);

/// Which facet program serves each of a StarkProxy's other functions (D16), through the table; the
/// constructor runs in the first. Checked against each program's code, as [`POOL_FACETS`].
pub const STARK_PROXY_FACETS: &[(&str, &[&str])] = &[
    (
        "sp-core",
        &[
            "setFacets",
            "facetAddress",
            "supportsInterface",
            "hasRole",
            "getRoleAdmin",
            "DEFAULT_ADMIN_ROLE",
            "GUARDIAN_ROLE",
            "VETO_GUARDIAN_ROLE",
            "OWNER_ROLE",
            "DELEGATION_ADMIN_ROLE",
            "BORROWER_ROLE",
            "EXCHANGE_OPERATOR_ROLE",
            "WITHDRAWAL_OPERATOR_ROLE",
            "TOKEN",
            "LIQUIDITY_STAKING",
            "STARK_PERPETUAL",
            "MERKLE_DISTRIBUTOR",
            "FORCED_TRADE_WAITING_PERIOD",
            "FORCED_TRADE_GRACE_PERIOD",
            "isStarkKeyAllowed",
            "isRecipientAllowed",
            "getApprovedAmountForExternalWithdrawal",
            "isBorrowingRestricted",
            "getQueuedForcedTradeTimestamp",
            "disallowStarkKey",
            "allowExternalRecipient",
            "disallowExternalRecipient",
            "setExchangeContractAllowance",
            "setStakingContractAllowance",
            "queueForcedTradeRequest",
            "increaseApprovedAmountForExternalWithdrawal",
            "resetApprovedAmountForExternalWithdrawal",
            "guardianSetBorrowingRestriction",
            "guardianVetoForcedTradeRequests",
        ],
    ),
    (
        "sp-ops",
        &[
            "getAllocatedBalanceCurrentEpoch",
            "getAllocatedBalanceNextEpoch",
            "getBorrowableAmount",
            "getBorrowedBalance",
            "getDebtBalance",
            "getBorrowedAndDebtBalance",
            "getTokenBalance",
            "guardianRepayBorrow",
            "guardianRepayDebt",
            "guardianWithdrawFromExchange",
            "guardianForcedWithdrawalRequest",
            "guardianForcedTradeRequest",
            "guardianDepositCancel",
            "guardianDepositReclaim",
            "forcedWithdrawalRequest",
            "forcedTradeRequest",
            "depositCancel",
            "depositReclaim",
            "claimRewardsFromMerkleDistributor",
            "externalWithdrawToken",
            "externalWithdrawOtherToken",
            "externalWithdrawEther",
        ],
    ),
];

/// The selectors of `functions` in a StarkProxy's ABI.
pub fn stark_proxy_selectors(functions: &[&str]) -> Vec<[u8; 4]> {
    let abi = stark_proxy_abi();
    functions
        .iter()
        .map(|name| {
            abi.function(name).and_then(|f| f.first()).unwrap_or_else(|| panic!("{name} is not a StarkProxy function")).selector().0
        })
        .collect()
}

/// keccak256("stylus_constructor()")[..4]: the Stylus SDK's constructor selector.
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];

/// A router's facet table: each selector of `table`'s functions, and the facet deployed for it.
fn facet_table(
    table: &[(&str, &[&str])],
    facets: &[Address],
    selectors_of: fn(&[&str]) -> Vec<[u8; 4]>,
) -> (Vec<FixedBytes<4>>, Vec<Address>) {
    let mut selectors = Vec::new();
    let mut targets = Vec::new();
    for ((_, functions), facet) in table.iter().zip(facets) {
        for selector in selectors_of(functions) {
            selectors.push(FixedBytes::<4>::from(selector));
            targets.push(*facet);
        }
    }
    (selectors, targets)
}

/// The pool router's constructor call: the core facet (which runs it), the write-once values of the
/// original's constructor, the account that may initialize, and the table of `POOL_FACETS` (`facets`
/// in that order).
#[allow(clippy::too_many_arguments)]
pub fn pool_constructor(
    staked_token: Address,
    rewards_token: Address,
    treasury: Address,
    distribution_start: U256,
    distribution_end: U256,
    deployer: Address,
    facets: &[Address],
) -> Vec<u8> {
    let (selectors, targets) = facet_table(POOL_FACETS, facets, pool_selectors);
    let args = (facets[0], staked_token, rewards_token, treasury, distribution_start, distribution_end, deployer, selectors, targets);
    [&CONSTRUCTOR_SELECTOR[..], &args.abi_encode_params()].concat()
}

/// A StarkProxy router's constructor call: the core facet (which runs it), the four write-once
/// addresses, the account that may initialize, and the table of `STARK_PROXY_FACETS` (`facets` in
/// that order).
pub fn stark_proxy_constructor(
    liquidity_staking: Address,
    stark_perpetual: Address,
    token: Address,
    merkle_distributor: Address,
    deployer: Address,
    facets: &[Address],
) -> Vec<u8> {
    let (selectors, targets) = facet_table(STARK_PROXY_FACETS, facets, stark_proxy_selectors);
    let args = (facets[0], liquidity_staking, stark_perpetual, token, merkle_distributor, deployer, selectors, targets);
    [&CONSTRUCTOR_SELECTOR[..], &args.abi_encode_params()].concat()
}
