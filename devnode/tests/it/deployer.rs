//! The native StylusDeployer (the cargo-stylus deployment path): deploy, activate, initialize and
//! refund in one transaction, with its errors.

use alloy_primitives::{keccak256, Bytes, B256, U256};
use alloy_sol_types::SolCall;
use bindings::IProbe;
use devnode::{init_code_for, program_code, ArbWasm, Devnode, StylusDeployer, STYLUS_DEPLOYER};

fn probe_init_code() -> Bytes {
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm/probe.wasm")).unwrap();
    init_code_for(&program_code(&wasm)).into()
}

fn deploy_call(bytecode: Bytes, init: Bytes, init_value: u64, salt: B256) -> StylusDeployer::deployCall {
    StylusDeployer::deployCall { bytecode, initData: init, initValue: U256::from(init_value), salt }
}

#[test]
fn deploys_activates_and_initializes_in_one_transaction() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let init: Bytes = IProbe::setCall { key: U256::from(1), value: U256::from(42) }.abi_encode().into();
    let before = node.balance(alice);
    let call = deploy_call(probe_init_code(), init, 0, B256::ZERO);
    let receipt = node.send_value(alice, STYLUS_DEPLOYER, call, U256::from(5)).unwrap();
    let program = receipt.returns::<StylusDeployer::deployCall>();
    assert_eq!(program, STYLUS_DEPLOYER.create(node.nonce(STYLUS_DEPLOYER) - 1));
    assert_eq!(receipt.events::<StylusDeployer::ContractDeployed>(), vec![StylusDeployer::ContractDeployed { deployedContract: program }]);
    assert_eq!(receipt.events::<ArbWasm::ProgramActivated>().len(), 1);
    assert_eq!(node.call(alice, program, IProbe::getCall { key: U256::from(1) }).unwrap(), U256::from(42));
    assert_eq!(node.balance(alice), before, "the unused value comes back (the data fee is 0)");
    assert_eq!(node.balance(STYLUS_DEPLOYER), U256::ZERO);

    // The same code again: already active, so no activation; CREATE2 with the salt hashed with the init data.
    let salt = B256::repeat_byte(9);
    let init: Bytes = IProbe::setCall { key: U256::from(2), value: U256::from(7) }.abi_encode().into();
    let receipt = node.send(alice, STYLUS_DEPLOYER, deploy_call(probe_init_code(), init.clone(), 0, salt)).unwrap();
    let second = receipt.returns::<StylusDeployer::deployCall>();
    let expected_salt = keccak256([salt.as_slice(), &init].concat());
    assert_eq!(second, STYLUS_DEPLOYER.create2(expected_salt, keccak256(probe_init_code())));
    assert!(receipt.events::<ArbWasm::ProgramActivated>().is_empty());
    let salt_view = node.call(alice, STYLUS_DEPLOYER, StylusDeployer::initSaltCall { salt, initData: init }).unwrap();
    assert_eq!(salt_view, expected_salt);
    assert!(!node.call(alice, STYLUS_DEPLOYER, StylusDeployer::requiresActivationCall { addr: second }).unwrap());
}

#[test]
fn deployer_errors_revert_everything() {
    let mut node = Devnode::new();
    let alice = node.account(1);
    let failure = node.send(alice, STYLUS_DEPLOYER, deploy_call(Bytes::new(), Bytes::new(), 0, B256::ZERO)).unwrap_err();
    assert_eq!(failure.error::<StylusDeployer::EmptyBytecode>(), Some(StylusDeployer::EmptyBytecode {}));

    let failure =
        node.send_value(alice, STYLUS_DEPLOYER, deploy_call(probe_init_code(), Bytes::new(), 3, B256::ZERO), U256::from(3)).unwrap_err();
    assert_eq!(failure.error::<StylusDeployer::InitValueButNotInitData>(), Some(StylusDeployer::InitValueButNotInitData {}));

    let fail: Bytes = IProbe::failCall { message: "no init".into() }.abi_encode().into();
    let nonce = node.nonce(STYLUS_DEPLOYER);
    let failure = node.send(alice, STYLUS_DEPLOYER, deploy_call(probe_init_code(), fail, 0, B256::ZERO)).unwrap_err();
    let error = failure.error::<StylusDeployer::ContractInitializationError>().expect("an initialization error");
    assert_eq!(error.newContract, STYLUS_DEPLOYER.create(nonce));
    assert_eq!(error.data, Bytes::from(alloy_sol_types::SolError::abi_encode(&alloy_sol_types::Revert::from("no init"))));
    assert_eq!(node.code(error.newContract), Bytes::new(), "the failed deployment left nothing behind");
    assert_eq!(node.nonce(STYLUS_DEPLOYER), nonce);
}
