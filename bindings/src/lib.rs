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

/// Every program the build produces, with its ABI.
pub fn contracts() -> Vec<(&'static str, JsonAbi)> {
    vec![("usdc", ITestToken::abi::contract()), ("dydx", ITestToken::abi::contract()), ("probe", IProbe::abi::contract())]
}
