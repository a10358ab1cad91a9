//! The ArbOS precompiles tools read the chain through: ArbSys (`0x…64`: block number, chain id,
//! ArbOS version) and ArbGasInfo (`0x…6c`: the price getters). The devnode has no L1 pricing and a
//! zero base fee, so every price it reports is zero; a call costs its input and output copy (3 gas a
//! word), where Nitro also charges 800 per ArbOS storage read.

use alloy_primitives::{address, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolInterface};
use revm::interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult};

use crate::{chain::GAS_LIMIT, stylus::Ctx, CHAIN_ID};

/// Address of the ArbSys precompile.
pub const ARBSYS: Address = address!("0000000000000000000000000000000000000064");
/// Address of the ArbGasInfo precompile.
pub const ARBGASINFO: Address = address!("000000000000000000000000000000000000006c");
/// The ArbOS version the devnode models unless told otherwise (the newest release).
pub const ARBOS_VERSION: u64 = 60;
/// The ArbOS versions the devnode models: from the first with Stylus to the newest.
pub const ARBOS_VERSIONS: std::ops::RangeInclusive<u64> = 31..=ARBOS_VERSION;
/// The first ArbOS version whose programs entered recently in the block enter at the cached price.
pub const RECENT_PROGRAMS_VERSION: u64 = 60;
/// The first ArbOS version that charges a storage flush's gas and prices a storage miss's EVM API
/// call in gas (before, the ink figure counted as gas).
pub(crate) const STYLUS_CHARGING_FIXES_VERSION: u64 = 32;
/// ArbOS's speed limit (gas per second), as ArbGasInfo reports it.
const SPEED_LIMIT: u64 = 7_000_000;

sol! {
    #[sol(all_derives)]
    /// The ArbSys precompile's interface (the parts the devnode serves).
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
        function getStorageGasAvailable() external view returns (uint256);
        function wasMyCallersAddressAliased() external view returns (bool);
    }

    #[sol(all_derives)]
    /// The ArbGasInfo precompile's interface (the price getters the devnode serves).
    interface ArbGasInfo {
        function getPricesInWei() external view returns (uint256, uint256, uint256, uint256, uint256, uint256);
        function getPricesInArbGas() external view returns (uint256, uint256, uint256);
        function getGasAccountingParams() external view returns (uint256, uint256, uint256);
        function getMinimumGasPrice() external view returns (uint256);
        function getL1BaseFeeEstimate() external view returns (uint256);
        function getL1GasPriceEstimate() external view returns (uint256);
        function getCurrentTxL1GasFees() external view returns (uint256);
        function getGasBacklog() external view returns (uint64);
    }
}

/// Serves one call to ArbSys for a chain at `arbos_version`.
pub(crate) fn call_arbsys(ctx: &mut Ctx, inputs: &CallInputs, arbos_version: u64) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    use ArbSys::ArbSysCalls as C;
    let output = match C::abi_decode(&data) {
        Err(_) => return finish(inputs, &data, Err(())),
        Ok(C::arbBlockNumber(_)) => ArbSys::arbBlockNumberCall::abi_encode_returns(&ctx.block.number),
        Ok(C::arbChainID(_)) => ArbSys::arbChainIDCall::abi_encode_returns(&U256::from(CHAIN_ID)),
        // Nitro reports 55 + the ArbOS version (its first version was 56).
        Ok(C::arbOSVersion(_)) => ArbSys::arbOSVersionCall::abi_encode_returns(&U256::from(55 + arbos_version)),
        Ok(C::getStorageGasAvailable(_)) => ArbSys::getStorageGasAvailableCall::abi_encode_returns(&U256::ZERO),
        Ok(C::wasMyCallersAddressAliased(_)) => ArbSys::wasMyCallersAddressAliasedCall::abi_encode_returns(&false),
    };
    finish(inputs, &data, Ok(output))
}

/// Serves one call to ArbGasInfo: no L1 pricing and a zero base fee.
pub(crate) fn call_gas_info(ctx: &mut Ctx, inputs: &CallInputs) -> InterpreterResult {
    let data = inputs.input.bytes(ctx);
    use ArbGasInfo::ArbGasInfoCalls as C;
    let zero = U256::ZERO;
    let output = match C::abi_decode(&data) {
        Err(_) => return finish(inputs, &data, Err(())),
        Ok(C::getPricesInWei(_)) => ArbGasInfo::getPricesInWeiCall::abi_encode_returns(&ArbGasInfo::getPricesInWeiReturn {
            _0: zero,
            _1: zero,
            _2: zero,
            _3: zero,
            _4: zero,
            _5: zero,
        }),
        Ok(C::getPricesInArbGas(_)) => {
            ArbGasInfo::getPricesInArbGasCall::abi_encode_returns(&ArbGasInfo::getPricesInArbGasReturn { _0: zero, _1: zero, _2: zero })
        }
        Ok(C::getGasAccountingParams(_)) => {
            let limit = U256::from(GAS_LIMIT);
            let params = ArbGasInfo::getGasAccountingParamsReturn { _0: U256::from(SPEED_LIMIT), _1: limit, _2: limit };
            ArbGasInfo::getGasAccountingParamsCall::abi_encode_returns(&params)
        }
        Ok(C::getMinimumGasPrice(_)) => ArbGasInfo::getMinimumGasPriceCall::abi_encode_returns(&zero),
        Ok(C::getL1BaseFeeEstimate(_)) => ArbGasInfo::getL1BaseFeeEstimateCall::abi_encode_returns(&zero),
        Ok(C::getL1GasPriceEstimate(_)) => ArbGasInfo::getL1GasPriceEstimateCall::abi_encode_returns(&zero),
        Ok(C::getCurrentTxL1GasFees(_)) => ArbGasInfo::getCurrentTxL1GasFeesCall::abi_encode_returns(&zero),
        Ok(C::getGasBacklog(_)) => ArbGasInfo::getGasBacklogCall::abi_encode_returns(&0),
    };
    finish(inputs, &data, Ok(output))
}

/// The call's result after charging the copy of its input and output; an unknown selector reverts
/// with no data, as Nitro's precompiles do.
fn finish(inputs: &CallInputs, input: &[u8], output: Result<Vec<u8>, ()>) -> InterpreterResult {
    let words = |len: usize| (len as u64).div_ceil(32);
    let copy = 3 * (words(input.len()) + output.as_ref().map_or(0, |o| words(o.len())));
    let mut gas = Gas::new(inputs.gas_limit);
    if !gas.record_regular_cost(copy) {
        return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), Gas::new_spent_with_reservoir(inputs.gas_limit, 0));
    }
    match output {
        Ok(output) => InterpreterResult::new(InstructionResult::Return, output.into(), gas),
        Err(()) => InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas),
    }
}
