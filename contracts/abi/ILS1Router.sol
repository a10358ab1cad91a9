// SPDX-License-Identifier: MIT
// The LS1 pool's router (D5, D16): functions the pool adds to ILiquidityStakingV1 to manage the table
// that sends each selector to its facet program. Upgrading the pool = pointing selectors at new facets.
pragma solidity ^0.8.0;

interface ILS1Router {
    event FacetUpdated(bytes4 indexed selector, address facet);

    // OWNER_ROLE only; the zero address removes the selectors.
    function setFacets(bytes4[] calldata selectors, address facet) external;
    function facetAddress(bytes4 selector) external view returns (address);
}
