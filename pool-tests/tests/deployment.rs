//! Spec §3.5 construction and initialization, through the router (D4, D5, D16).

use alloy_primitives::{Address, FixedBytes, U256};
use alloy_sol_types::SolCall;
use pool_tests::{ILiquidityStakingV1 as LS, Pool, Setup, DAY};

#[test]
fn initialize_grants_roles_sets_schedule_and_rewards() {
    let mut pool = Pool::deploy(Setup::default());
    let owner = pool.owner;
    let (interval, offset, blackout) = (U256::from(28 * DAY), U256::from(pool.offset), U256::from(14 * DAY));
    let receipt = pool.send(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout }).unwrap();
    let granted = receipt.events::<LS::RoleGranted>();
    let owner_role = pool.get(LS::OWNER_ROLECall {});
    let roles = [
        owner_role,
        pool.get(LS::EPOCH_PARAMETERS_ROLECall {}),
        pool.get(LS::REWARDS_RATE_ROLECall {}),
        pool.get(LS::BORROWER_ADMIN_ROLECall {}),
    ];
    assert_eq!(granted, roles.map(|role| LS::RoleGranted { role, account: owner, sender: owner }).to_vec());
    let admins = receipt.events::<LS::RoleAdminChanged>();
    assert_eq!(admins.len(), 7);
    assert!(admins.iter().all(|e| e.previousAdminRole.is_zero() && e.newAdminRole == owner_role));
    assert_eq!(receipt.events::<LS::BlackoutWindowChanged>(), vec![LS::BlackoutWindowChanged { blackoutWindow: blackout }]);
    let parameters = LS::EpochParameters { interval: 28 * DAY as u128, offset: pool.offset as u128 };
    assert_eq!(receipt.events::<LS::EpochParametersChanged>(), vec![LS::EpochParametersChanged { epochParameters: parameters.clone() }]);
    assert_eq!(pool.get(LS::getEpochParametersCall {}), parameters);
    assert_eq!(pool.get(LS::getBlackoutWindowCall {}), blackout);
    assert_eq!(pool.get(LS::STAKED_TOKENCall {}), pool.usdc);
    assert_eq!(pool.get(LS::REWARDS_TOKENCall {}), pool.dydx);
    assert_eq!(pool.get(LS::REWARDS_TREASURYCall {}), pool.treasury);
    assert_eq!(pool.get(LS::DISTRIBUTION_STARTCall {}), offset);
    assert_eq!(pool.get(LS::getRewardsPerSecondCall {}), U256::ZERO);
    assert!(!pool.get(LS::hasEpochZeroStartedCall {}));

    let again = pool.reason(owner, LS::initializeCall { interval, offset, blackoutWindow: blackout });
    assert_eq!(again, "Contract instance has already been initialized");
}
