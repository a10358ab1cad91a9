//! Spec §2.1: role-based access control with OpenZeppelin 3.x/4.0's revert strings and events, and
//! ERC-165. The admin of a role defaults to `0x00`, which nobody holds.

use alloy_primitives::{Address, FixedBytes, B256};
use alloy_sol_types::sol;

use crate::{
    revert::Revertible,
    storage::{Key, Slot, Word},
};

sol! {
    #[derive(Debug, PartialEq, Eq)]
    /// A role's admin changed.
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    #[derive(Debug, PartialEq, Eq)]
    /// `account` was granted `role` by `sender`.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    #[derive(Debug, PartialEq, Eq)]
    /// `account` lost `role`, by `sender`.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
}

crate::logs! {
    RoleAdminChanged { [role, previousAdminRole, newAdminRole] }
    RoleGranted { [role, account, sender] }
    RoleRevoked { [role, account, sender] }
}

/// ERC-165 id of IAccessControl.
pub const IACCESS_CONTROL_ID: FixedBytes<4> = FixedBytes([0x79, 0x65, 0xdb, 0x0b]);
/// ERC-165 id of IERC165.
pub const IERC165_ID: FixedBytes<4> = FixedBytes([0x01, 0xff, 0xc9, 0xa7]);

/// The roles of a contract: `mapping(bytes32 => RoleData)` at one slot, where a role's `RoleData` is its
/// members (`mapping(address => bool)`) then its admin role.
#[derive(Debug, Clone, Copy)]
pub struct AccessControl {
    roles: Slot,
}

crate::storage_type!(AccessControl, AccessControl::at);

/// Emits `event` ([`crate::log`]).
pub fn emit<E: crate::log::Log>(event: E) {
    event.log();
}

impl AccessControl {
    /// The roles rooted at `roles`.
    pub const fn at(roles: Slot) -> Self {
        Self { roles }
    }

    /// The slot of `account`'s membership of `role`.
    fn member(&self, role: B256, account: Address) -> Slot {
        self.roles.entry(role.key()).entry(account.key())
    }

    /// The slot of `role`'s admin role.
    fn admin(&self, role: B256) -> Slot {
        self.roles.entry(role.key()).plus(1)
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        bool::decode(&self.member(role, account).load())
    }

    /// The admin role of `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        B256::from(self.admin(role).load())
    }

    /// Fails with `'AccessControl: account 0x… is missing role 0x…'` unless `account` holds `role`.
    #[inline(never)]
    pub fn check_role(&self, role: B256, account: Address) -> Revertible<()> {
        if self.has_role(role, account) {
            return Ok(());
        }
        let mut message = crate::revert!(MISSING_ROLE);
        put_hex(&mut message[68 + 25..], account.as_slice());
        put_hex(&mut message[68 + 25 + 40 + 19..], role.as_slice());
        Err(message)
    }

    /// `grantRole`: the caller must hold the role's admin role.
    pub fn grant_role(&mut self, caller: Address, role: B256, account: Address) -> Revertible<()> {
        self.check_role(self.get_role_admin(role), caller)?;
        self.setup_role(caller, role, account);
        Ok(())
    }

    /// `revokeRole`: the caller must hold the role's admin role.
    pub fn revoke_role(&mut self, caller: Address, role: B256, account: Address) -> Revertible<()> {
        self.check_role(self.get_role_admin(role), caller)?;
        self.remove(caller, role, account);
        Ok(())
    }

    /// `renounceRole`: only for the caller itself; no admin check.
    pub fn renounce_role(&mut self, caller: Address, role: B256, account: Address) -> Revertible<()> {
        if account != caller {
            return Err(crate::revert!("AccessControl: can only renounce roles for self"));
        }
        self.remove(caller, role, account);
        Ok(())
    }

    /// Grants without the admin check (`setupRole`); emits `RoleGranted` only when it changes anything.
    pub fn setup_role(&mut self, sender: Address, role: B256, account: Address) {
        if !self.has_role(role, account) {
            self.member(role, account).store(&true.encode());
            emit(RoleGranted { role, account, sender });
        }
    }

    /// Sets the admin of `role`, emitting `RoleAdminChanged` first.
    pub fn set_role_admin(&mut self, role: B256, admin: B256) {
        let previous = self.get_role_admin(role);
        emit(RoleAdminChanged { role, previousAdminRole: previous, newAdminRole: admin });
        self.admin(role).store(&admin.0);
    }

    fn remove(&mut self, sender: Address, role: B256, account: Address) {
        if self.has_role(role, account) {
            self.member(role, account).store(&false.encode());
            emit(RoleRevoked { role, account, sender });
        }
    }
}

/// `supportsInterface`: IAccessControl and IERC165 only.
pub fn supports_interface(interface_id: FixedBytes<4>) -> bool {
    interface_id == IACCESS_CONTROL_ID || interface_id == IERC165_ID
}

/// A role constant as a `B256` stored from immediates ([`immediate!`](crate::immediate)): passed by
/// value or returned, a constant word sits in the data segment, which every entry of the program pays
/// for per byte.
#[macro_export]
macro_rules! role {
    ($role:expr) => {
        ::alloy_primitives::B256::new($crate::immediate!($role))
    };
}

/// Writes the lowercase hex digits of `bytes` at the start of `out`.
fn put_hex(out: &mut [u8], bytes: &[u8]) {
    let digit = |n: u8| if n < 10 { b'0' + n } else { b'a' - 10 + n };
    for (pair, b) in out.as_chunks_mut::<2>().0.iter_mut().zip(bytes) {
        *pair = [digit(b >> 4), digit(b & 15)];
    }
}

/// The missing-role message, the account's and the role's hex digits to be written at bytes 25 and 84.
const MISSING_ROLE: &str = concat!(
    "AccessControl: account 0x",
    "0000000000000000000000000000000000000000",
    " is missing role 0x",
    "0000000000000000000000000000000000000000000000000000000000000000"
);
