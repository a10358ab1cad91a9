//! Spec §2.1, D5: the access-control, ERC-165 and facet-table functions that the pool's core facet
//! and StarkProxy's core facet both answer, written once. A program says where its roles and table
//! are and who may upgrade it ([`Governed`]); `governance_surface!(Facet, field)` exports the
//! functions from the facet whose `field` is that program.

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, B256};

use crate::{access::AccessControl, Revertible};

/// What the shared functions need of a program.
pub trait Governed {
    /// The program's roles (a handle on their slots).
    fn roles(&self) -> AccessControl;
    /// The facet the table names for `selector` (zero: none).
    fn facet(&self, selector: FixedBytes<4>) -> Address;
    /// `setFacets`: points `selectors` at `facet` (zero removes them), for the upgrading role only.
    fn upgrade(&mut self, selectors: &[FixedBytes<4>], facet: Address) -> Revertible<()>;
}

/// The shared functions, as the SDK routes a trait (`#[implements(GovernanceSurface)]`).
pub trait GovernanceSurface {
    /// ERC-165: IAccessControl and IERC165.
    fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool;
    /// Whether `account` holds `role`.
    fn has_role(&self, role: B256, account: Address) -> bool;
    /// The admin role of `role`.
    fn get_role_admin(&self, role: B256) -> B256;
    /// Grants `role` (the caller must hold its admin role).
    fn grant_role(&mut self, role: B256, account: Address) -> Revertible<()>;
    /// Revokes `role` (the caller must hold its admin role).
    fn revoke_role(&mut self, role: B256, account: Address) -> Revertible<()>;
    /// Gives up `role` (only for the caller itself).
    fn renounce_role(&mut self, role: B256, account: Address) -> Revertible<()>;
    /// `DEFAULT_ADMIN_ROLE`: zero.
    fn default_admin_role(&self) -> B256;
    /// Points `selectors` at `facet` (zero removes them): the program's upgrade (D5).
    fn set_facets(&mut self, selectors: Vec<FixedBytes<4>>, facet: Address) -> Revertible<()>;
    /// The facet serving `selector`.
    fn facet_address(&self, selector: FixedBytes<4>) -> Address;
}

/// Exports [`GovernanceSurface`] from the facet `$facet`, whose field `$program` is a [`Governed`]
/// program; the facet's `#[public]` block names it in `#[implements(...)]`.
#[macro_export]
macro_rules! governance_surface {
    ($facet:ty, $program:ident) => {
        #[stylus_sdk::prelude::public]
        impl $crate::surface::GovernanceSurface for $facet {
            fn supports_interface(&self, interface_id: alloy_primitives::FixedBytes<4>) -> bool {
                $crate::access::supports_interface(interface_id)
            }

            fn has_role(&self, role: alloy_primitives::B256, account: alloy_primitives::Address) -> bool {
                $crate::surface::Governed::roles(&self.$program).has_role(role, account)
            }

            fn get_role_admin(&self, role: alloy_primitives::B256) -> alloy_primitives::B256 {
                $crate::surface::Governed::roles(&self.$program).get_role_admin(role)
            }

            fn grant_role(&mut self, role: alloy_primitives::B256, account: alloy_primitives::Address) -> $crate::Revertible<()> {
                $crate::surface::Governed::roles(&self.$program).grant_role($crate::host::sender(), role, account)
            }

            fn revoke_role(&mut self, role: alloy_primitives::B256, account: alloy_primitives::Address) -> $crate::Revertible<()> {
                $crate::surface::Governed::roles(&self.$program).revoke_role($crate::host::sender(), role, account)
            }

            fn renounce_role(&mut self, role: alloy_primitives::B256, account: alloy_primitives::Address) -> $crate::Revertible<()> {
                $crate::surface::Governed::roles(&self.$program).renounce_role($crate::host::sender(), role, account)
            }

            #[selector(name = "DEFAULT_ADMIN_ROLE")]
            fn default_admin_role(&self) -> alloy_primitives::B256 {
                alloy_primitives::B256::ZERO
            }

            fn set_facets(
                &mut self,
                selectors: alloc::vec::Vec<alloy_primitives::FixedBytes<4>>,
                facet: alloy_primitives::Address,
            ) -> $crate::Revertible<()> {
                $crate::surface::Governed::upgrade(&mut self.$program, &selectors, facet)
            }

            fn facet_address(&self, selector: alloy_primitives::FixedBytes<4>) -> alloy_primitives::Address {
                $crate::surface::Governed::facet(&self.$program, selector)
            }
        }
    };
}
