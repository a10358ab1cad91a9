//! StarkProxy on the in-process devnode (spec §4): a pool (see [`Pool`]), the StarkPerpetual mock,
//! a stub Merkle distributor, and a StarkProxy at its own router address with its two facets,
//! constructed through the StylusDeployer, initialized, given its operators, a registered and
//! allowed STARK key, and 40 % of the pool's allocations.

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolValue};
use bindings::{stark_proxy_constructor, IMockStarkPerpetual, IStarkProxy as SP, ITestToken, STARK_PROXY_FACETS, STARK_PROXY_PROGRAM};
use devnode::{Failure, Receipt};

use crate::{addresses, deploy_with_constructor, user, ILiquidityStakingV1 as LS, Pool, CONSTRUCTOR_SELECTOR};
pub use crate::{missing_role, u};

pub use bindings::{IMockStarkPerpetual as MockSpx, IStarkProxy};

/// The STARK key the fixture registers to the proxy and allows.
pub const STARK_KEY: u64 = 0x5717;
/// The proxy's share of the pool's allocations (units of 0.01 %).
pub const PROXY_ALLOCATION: u64 = 4_000;
/// Runtime of the stub Merkle distributor: answers any call with its first argument (`cumulativeAmount`).
pub const DISTRIBUTOR_RUNTIME: [u8; 11] = [0x60, 0x04, 0x35, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3];

/// A pool with one StarkProxy borrower.
#[derive(Debug)]
pub struct Proxy {
    /// The pool, its tokens and its chain.
    pub pool: Pool,
    /// The StarkProxy's address (a router).
    pub address: Address,
    /// The StarkPerpetual mock.
    pub exchange: Address,
    /// The stub Merkle distributor.
    pub distributor: Address,
    /// Deployer and initializer: OWNER_ROLE and DELEGATION_ADMIN_ROLE.
    pub owner: Address,
    /// GUARDIAN_ROLE.
    pub guardian: Address,
    /// BORROWER_ROLE, EXCHANGE_OPERATOR_ROLE and WITHDRAWAL_OPERATOR_ROLE.
    pub operator: Address,
    /// VETO_GUARDIAN_ROLE.
    pub veto: Address,
    /// An account with no role (also the allowed external recipient in tests that need one).
    pub outsider: Address,
    /// The other borrower of the pool (60 % of the allocations; never borrows).
    pub other_borrower: Address,
    /// The proxy's facet programs, by name.
    pub facets: Vec<(&'static str, Address)>,
}

impl Proxy {
    /// The full fixture: initialized, operators granted, key allowed, allocations 40 % / 60 %.
    pub fn new() -> Self {
        Self::set_up(Self::deploy())
    }

    /// The full fixture on `pool` (initialized, stkUSDC linked).
    pub fn new_for(pool: Pool) -> Self {
        Self::set_up(Self::deploy_for(pool))
    }

    /// Initializes a deployed proxy, grants the operator roles, allows the key and sets the allocations.
    fn set_up(mut proxy: Self) -> Self {
        let (owner, guardian) = (proxy.owner, proxy.guardian);
        proxy.send(owner, SP::initializeCall { guardian }).expect("initialize");
        let operator = proxy.operator;
        for role in [borrower_role(), exchange_operator_role(), withdrawal_operator_role()] {
            proxy.send(owner, SP::grantRoleCall { role, account: operator }).expect("grant operator role");
        }
        let veto = proxy.veto;
        proxy.send(guardian, SP::grantRoleCall { role: veto_guardian_role(), account: veto }).expect("grant veto");
        let (exchange, address) = (proxy.exchange, proxy.address);
        let register = IMockStarkPerpetual::registerUserCall { ethKey: address, starkKey: u(STARK_KEY), signature: Bytes::new() };
        proxy.pool.node.send(owner, exchange, register).expect("registerUser");
        proxy.send(owner, SP::allowStarkKeyCall { starkKey: u(STARK_KEY) }).expect("allowStarkKey");
        let other = proxy.other_borrower;
        let pool_owner = proxy.pool.owner;
        let allocations = LS::setBorrowerAllocationsCall {
            borrowers: vec![Address::ZERO, address, other],
            newAllocations: vec![U256::ZERO, u(PROXY_ALLOCATION), u(10_000 - PROXY_ALLOCATION)],
        };
        proxy.pool.send(pool_owner, allocations).expect("setBorrowerAllocations");
        proxy
    }

    /// A pool, the mock exchange, the stub distributor and a constructed (not initialized) proxy.
    pub fn deploy() -> Self {
        Self::deploy_for(Pool::new())
    }

    /// A proxy for `pool` (initialized, stkUSDC linked), deployed and constructed but not initialized,
    /// on the Stylus exchange mock.
    pub fn deploy_for(mut pool: Pool) -> Self {
        let (owner, usdc) = (user(&pool.node, 2), pool.usdc);
        let exchange_constructor = [&CONSTRUCTOR_SELECTOR[..], &usdc.abi_encode()].concat();
        let exchange =
            deploy_with_constructor(&mut pool.node, owner, "mock-stark-perpetual", exchange_constructor).expect("deploy the exchange mock");
        Self::deploy_on(pool, exchange)
    }

    /// A proxy for `pool` (initialized, stkUSDC linked) on `exchange`, deployed and constructed but not
    /// initialized.
    pub fn deploy_on(mut pool: Pool, exchange: Address) -> Self {
        let node = &mut pool.node;
        let (owner, guardian, operator, veto, outsider) = (user(node, 2), user(node, 3), user(node, 4), user(node, 5), user(node, 6));
        let other_borrower = node.account(0);
        let usdc = pool.usdc;
        let distributor = node.deploy_code(owner, &DISTRIBUTOR_RUNTIME).expect("deploy the distributor stub");
        let facets: Vec<_> = STARK_PROXY_FACETS.iter().map(|(name, _)| (*name, node.deploy_program(owner, name).expect(name))).collect();
        let data = stark_proxy_constructor(pool.address, exchange, usdc, distributor, owner, &addresses(&facets));
        let address = deploy_with_constructor(node, owner, STARK_PROXY_PROGRAM.0, data).expect("deploy the proxy");
        Self { pool, address, exchange, distributor, owner, guardian, operator, veto, outsider, other_borrower, facets }
    }

    /// Sends `call` to the proxy from `from`.
    pub fn send<C: SolCall>(&mut self, from: Address, call: C) -> Result<Receipt, Failure> {
        self.pool.node.send(from, self.address, call)
    }

    /// Sends `call` to the proxy and expects a revert; returns its `Error(string)` reason.
    pub fn reason<C: SolCall>(&mut self, from: Address, call: C) -> String {
        let name = C::SIGNATURE;
        let failure = self.send(from, call).err().unwrap_or_else(|| panic!("{name} should revert"));
        failure.reason().unwrap_or_else(|| panic!("{name} reverted without a reason: {failure:?}"))
    }

    /// Calls a view of the proxy.
    pub fn get<C: SolCall>(&mut self, call: C) -> C::Return {
        let (from, to, name) = (self.outsider, self.address, C::SIGNATURE);
        self.pool.node.call(from, to, call).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }

    /// Calls the proxy as `from` without a transaction (as `eth_call`).
    pub fn call<C: SolCall>(&mut self, from: Address, call: C) -> Result<C::Return, Failure> {
        let to = self.address;
        self.pool.node.call(from, to, call)
    }

    /// `account`'s USDC balance.
    pub fn usdc_of(&mut self, account: Address) -> U256 {
        self.pool.usdc_of(account)
    }

    /// The proxy's USDC balance.
    pub fn balance(&mut self) -> U256 {
        let (usdc, account, from) = (self.pool.usdc, self.address, self.outsider);
        self.pool.node.call(from, usdc, ITestToken::balanceOfCall { account }).expect("balanceOf")
    }

    /// Mints `amount` USDC straight to the proxy (its own funds, not borrowed).
    pub fn mint_to_proxy(&mut self, amount: u64) {
        let (usdc, to, from) = (self.pool.usdc, self.address, self.owner);
        self.pool.node.send(from, usdc, ITestToken::mintCall { to, amount: u(amount) }).expect("mint");
    }

    /// `autoPayOrBorrow` by the operator: its returns as `(borrowed, repaidBorrow, repaidDebt)`.
    pub fn auto_pay(&mut self) -> Result<((U256, U256, U256), Receipt), Failure> {
        let operator = self.operator;
        let receipt = self.send(operator, SP::autoPayOrBorrowCall {})?;
        let r = receipt.returns::<SP::autoPayOrBorrowCall>();
        Ok(((r.borrowed, r.repaidBorrow, r.repaidDebt), receipt))
    }

    /// `depositToExchange(STARK_KEY, 0, 0, amount)` by the operator.
    pub fn deposit(&mut self, amount: u64) -> Receipt {
        let operator = self.operator;
        let call =
            SP::depositToExchangeCall { starkKey: u(STARK_KEY), assetType: U256::ZERO, vaultId: U256::ZERO, quantizedAmount: u(amount) };
        self.send(operator, call).expect("depositToExchange")
    }

    /// `withdrawFromExchange(STARK_KEY, 0)` by the operator.
    pub fn withdraw(&mut self) -> Receipt {
        let operator = self.operator;
        self.send(operator, SP::withdrawFromExchangeCall { starkKey: u(STARK_KEY), assetType: U256::ZERO }).expect("withdrawFromExchange")
    }

    /// The pool's view of the proxy: `(borrowed, debt)`.
    pub fn pool_view(&mut self) -> (U256, U256) {
        let borrower = self.address;
        (self.pool.get(LS::getBorrowedBalanceCall { borrower }), self.pool.get(LS::getBorrowerDebtBalanceCall { borrower }))
    }
}

impl Default for Proxy {
    fn default() -> Self {
        Self::new()
    }
}

/// keccak256 of a role name.
fn role(name: &str) -> B256 {
    alloy_primitives::keccak256(name)
}

/// `GUARDIAN_ROLE`.
pub fn guardian_role() -> B256 {
    role("GUARDIAN_ROLE")
}

/// `VETO_GUARDIAN_ROLE`.
pub fn veto_guardian_role() -> B256 {
    role("VETO_GUARDIAN_ROLE")
}

/// `OWNER_ROLE`.
pub fn owner_role() -> B256 {
    role("OWNER_ROLE")
}

/// `DELEGATION_ADMIN_ROLE`.
pub fn delegation_admin_role() -> B256 {
    role("DELEGATION_ADMIN_ROLE")
}

/// `BORROWER_ROLE`.
pub fn borrower_role() -> B256 {
    role("BORROWER_ROLE")
}

/// `EXCHANGE_OPERATOR_ROLE`.
pub fn exchange_operator_role() -> B256 {
    role("EXCHANGE_OPERATOR_ROLE")
}

/// `WITHDRAWAL_OPERATOR_ROLE`.
pub fn withdrawal_operator_role() -> B256 {
    role("WITHDRAWAL_OPERATOR_ROLE")
}
