//! Spec §2.1 and §2.3 on a harness contract: roles with their events and exact revert strings,
//! ERC-165 and the versioned initializer. (§2.2's reentrancy guard is the entry's refusal of reentrant
//! calls, D3: `pool-tests/tests/it/reentrancy.rs`.)

extern crate alloc;

use alloy_primitives::{b256, hex, keccak256, Address, FixedBytes, B256};
use ls1_common::{
    access::{supports_interface, RoleAdminChanged, RoleGranted, RoleRevoked},
    revert, AccessControl, Initializer,
};
use motsu::prelude::*;
use stylus_sdk::prelude::*;

const OWNER_ROLE: B256 = b256!("b19546dff01e856fb3f010c267a7b1c60363cf8a4664e21cc89c26224620214e");
const EPOCH_PARAMETERS_ROLE: B256 = b256!("a69ba352872fe0ee634bc8d48d2a09a61267da1bfb2015e67a11ad05fe21f04b");

#[entrypoint]
#[storage]
struct Harness {
    access: AccessControl,
    init: Initializer,
}

#[public]
impl Harness {
    fn initialize(&mut self) -> Result<(), Vec<u8>> {
        self.init.initialize(1)?;
        let sender = self.vm().msg_sender();
        self.access.setup_role(sender, OWNER_ROLE, sender);
        self.access.set_role_admin(OWNER_ROLE, OWNER_ROLE);
        self.access.set_role_admin(EPOCH_PARAMETERS_ROLE, OWNER_ROLE);
        Ok(())
    }

    fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let caller = self.vm().msg_sender();
        self.access.grant_role(caller, role, account)
    }

    fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let caller = self.vm().msg_sender();
        self.access.revoke_role(caller, role, account)
    }

    fn renounce_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let caller = self.vm().msg_sender();
        self.access.renounce_role(caller, role, account)
    }

    fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        supports_interface(interface_id)
    }
}

fn missing_role(account: Address, role: B256) -> Vec<u8> {
    revert(&format!("AccessControl: account 0x{} is missing role 0x{}", hex::encode(account), hex::encode(role)))
}

#[test]
fn role_ids_are_the_keccak_of_their_names() {
    assert_eq!(keccak256("OWNER_ROLE"), OWNER_ROLE);
    assert_eq!(keccak256("EPOCH_PARAMETERS_ROLE"), EPOCH_PARAMETERS_ROLE);
}

#[motsu::test]
fn initialize_grants_and_sets_admins_once(harness: Contract<Harness>, alice: Address) {
    harness.sender(alice).initialize().expect("first initialization");
    assert!(harness.sender(alice).has_role(OWNER_ROLE, alice));
    assert_eq!(harness.sender(alice).get_role_admin(EPOCH_PARAMETERS_ROLE), OWNER_ROLE);
    harness.assert_emitted(&RoleGranted { role: OWNER_ROLE, account: alice, sender: alice });
    harness.assert_emitted(&RoleAdminChanged { role: EPOCH_PARAMETERS_ROLE, previousAdminRole: B256::ZERO, newAdminRole: OWNER_ROLE });
    let again = harness.sender(alice).initialize().expect_err("second initialization");
    assert_eq!(again, revert("Contract instance has already been initialized"));
}

#[motsu::test]
fn admins_grant_and_revoke_with_events(harness: Contract<Harness>, alice: Address, bob: Address) {
    harness.sender(alice).initialize().expect("initialize");
    harness.sender(alice).grant_role(EPOCH_PARAMETERS_ROLE, bob).expect("owner grants");
    assert!(harness.sender(alice).has_role(EPOCH_PARAMETERS_ROLE, bob));
    harness.assert_emitted(&RoleGranted { role: EPOCH_PARAMETERS_ROLE, account: bob, sender: alice });
    harness.sender(alice).revoke_role(EPOCH_PARAMETERS_ROLE, bob).expect("owner revokes");
    assert!(!harness.sender(alice).has_role(EPOCH_PARAMETERS_ROLE, bob));
    harness.assert_emitted(&RoleRevoked { role: EPOCH_PARAMETERS_ROLE, account: bob, sender: alice });
}

#[motsu::test]
fn granting_twice_or_revoking_a_non_member_changes_nothing(harness: Contract<Harness>, alice: Address, bob: Address) {
    harness.sender(alice).initialize().expect("initialize");
    harness.sender(alice).grant_role(EPOCH_PARAMETERS_ROLE, bob).expect("grant");
    let events = harness.all_events().len();
    harness.sender(alice).grant_role(EPOCH_PARAMETERS_ROLE, bob).expect("grant again");
    harness.sender(alice).revoke_role(OWNER_ROLE, bob).expect("revoke a non-member");
    assert_eq!(harness.all_events().len(), events, "no event for a no-op");
    assert!(harness.sender(alice).has_role(EPOCH_PARAMETERS_ROLE, bob));
}

#[motsu::test]
fn non_admins_are_refused_with_the_exact_string(harness: Contract<Harness>, alice: Address, bob: Address) {
    harness.sender(alice).initialize().expect("initialize");
    let err = harness.sender(bob).grant_role(EPOCH_PARAMETERS_ROLE, bob).expect_err("bob is no admin");
    assert_eq!(err, missing_role(bob, OWNER_ROLE));
    let err = harness.sender(bob).revoke_role(OWNER_ROLE, alice).expect_err("bob is no admin");
    assert_eq!(err, missing_role(bob, OWNER_ROLE));
    // A role whose admin was never set is administered by 0x00, which nobody holds.
    let unset = keccak256("UNSET_ROLE");
    let err = harness.sender(alice).grant_role(unset, bob).expect_err("nobody holds 0x00");
    assert_eq!(err, missing_role(alice, B256::ZERO));
    assert!(!harness.sender(alice).has_role(EPOCH_PARAMETERS_ROLE, bob));
}

#[motsu::test]
fn renounce_is_only_for_self(harness: Contract<Harness>, alice: Address, bob: Address) {
    harness.sender(alice).initialize().expect("initialize");
    let err = harness.sender(bob).renounce_role(OWNER_ROLE, alice).expect_err("not for others");
    assert_eq!(err, revert("AccessControl: can only renounce roles for self"));
    harness.sender(alice).renounce_role(OWNER_ROLE, alice).expect("renounce own role");
    assert!(!harness.sender(alice).has_role(OWNER_ROLE, alice));
    harness.assert_emitted(&RoleRevoked { role: OWNER_ROLE, account: alice, sender: alice });
}

#[motsu::test]
fn supports_access_control_and_erc165_only(harness: Contract<Harness>, alice: Address) {
    assert!(harness.sender(alice).supports_interface(FixedBytes([0x79, 0x65, 0xdb, 0x0b])));
    assert!(harness.sender(alice).supports_interface(FixedBytes([0x01, 0xff, 0xc9, 0xa7])));
    assert!(!harness.sender(alice).supports_interface(FixedBytes([0x36, 0x37, 0x2b, 0x07])), "not IERC20");
    assert!(!harness.sender(alice).supports_interface(FixedBytes([0xff, 0xff, 0xff, 0xff])));
}
