//! The end-to-end scenarios' environment: the whole suite deployed with [`ls1_client::deploy_suite`]
//! on the embedded devnode, or on the node at `RPC_URL` (its funded `PRIVATE_KEY` pays for a run's
//! actors, derived from it), with short ways to act as each role and to move through epochs.

use std::str::FromStr;

use alloy::{
    primitives::{Address, U256},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP, ITestToken};
use ls1_client::{deploy_suite, derived_signer, dev_signers, start_devnode, Chain, Failure, Suite, SuiteConfig};

/// Ether each derived actor gets on a real node (`FUND_WEI` overrides), enough for a scenario's gas.
const FUND_WEI: u64 = 50_000_000_000_000_000;

/// `n` whole USDC in base units (6 decimals).
pub fn usdc(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000u64)
}

/// The accounts of a run.
#[derive(Debug, Clone, Copy)]
pub struct Actors {
    /// Deployer and holder of the pool's admin roles.
    pub governance: Address,
    /// The rewards treasury.
    pub treasury: Address,
    /// The proxies' guardian.
    pub guardian: Address,
    /// The five market makers' operators (every StarkProxy role but the guardian's).
    pub operators: [Address; 5],
    /// Stakers.
    pub alice: Address,
    /// Stakers.
    pub bob: Address,
    /// Stakers.
    pub carol: Address,
    /// Anyone (calls markDebt, plays the attacker).
    pub dave: Address,
}

/// A deployed suite and its actors.
#[derive(Debug)]
pub struct Env {
    /// The connection, signing for every actor.
    pub chain: Chain,
    /// The deployed addresses.
    pub suite: Suite,
    /// The accounts.
    pub actors: Actors,
    /// The epoch length and blackout window.
    pub interval: u64,
    /// The blackout window.
    pub blackout: u64,
    /// Whether the node moves its clock on request; without, [`Env::at`] waits for real time.
    pub travel: bool,
}

impl Env {
    /// Deploys the suite with the launch setup (28-day epochs, 14-day blackout, five market makers
    /// at 25/25/20/20/10 %); `None` (after printing why) when the scenario needs time travel and
    /// the node at `RPC_URL` has none.
    pub async fn start(scenario: &str) -> Option<Self> {
        Self::start_staking(scenario, "usdc").await
    }

    /// As [`Env::start`], with the program `staked_token` (a mintable ERC-20) as the staked token.
    pub async fn start_staking(scenario: &str, staked_token: &str) -> Option<Self> {
        let (chain, actors) = connect().await;
        if !chain.can_travel_in_time().await {
            devnode::skip_test(&format!(
                "{scenario}: it moves through epochs with evm_setNextBlockTimestamp/evm_mine, which {} does not offer",
                chain.url
            ));
            return None;
        }
        Some(Self::deploy(chain, actors, staked_token, true).await)
    }

    /// For a scenario that stays in the first hours of epoch zero: on a node without time travel,
    /// epoch zero starts 30 seconds after deployment and [`Env::at`] waits for it.
    pub async fn start_in_epoch_zero() -> Self {
        let (chain, actors) = connect().await;
        let travel = chain.can_travel_in_time().await;
        Self::deploy(chain, actors, "usdc", travel).await
    }

    async fn deploy(chain: Chain, actors: Actors, staked_token: &str, travel: bool) -> Self {
        let mut config = SuiteConfig::launch(actors.governance, actors.treasury, actors.guardian, actors.operators);
        config.staked_token_program = staked_token.into();
        if !travel {
            config.epoch_zero_in = 30;
        }
        let (interval, blackout) = (config.interval, config.blackout);
        let suite = deploy_suite(&chain, &config).await.unwrap_or_else(|e| panic!("deploy_suite: {e}"));
        Self { chain, suite, actors, interval, blackout, travel }
    }

    /// The start of epoch `n`.
    pub fn start_of(&self, n: u64) -> u64 {
        self.suite.epoch_zero + n * self.interval
    }

    /// Moves the clock to `seconds` after the start of epoch `n` (without time travel: waits for
    /// it, up to two minutes).
    pub async fn at(&self, n: u64, seconds: u64) {
        let target = self.start_of(n) + seconds;
        if self.travel {
            return self.chain.travel_to(target).await.expect("time travel");
        }
        let now = self.chain.now().await.expect("now");
        assert!(target <= now + 120, "{target} is too far ahead to wait for on a node without time travel");
        while self.chain.now().await.expect("now") < target {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }

    /// Moves the clock to the first second of epoch `n`'s blackout window.
    pub async fn at_blackout(&self, n: u64) {
        self.chain.travel_to(self.start_of(n + 1) - self.blackout).await.expect("time travel");
    }

    /// Sends `call` to `to` from `from`; it must succeed.
    pub async fn send<C: SolCall>(&self, from: Address, to: Address, call: C) -> TransactionReceipt {
        let name = C::SIGNATURE;
        self.chain.send(from, to, call).await.unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Sends `call` to `to` from `from`; it must revert. Returns the reason.
    pub async fn reason<C: SolCall>(&self, from: Address, to: Address, call: C) -> String {
        let name = C::SIGNATURE;
        match self.chain.send(from, to, call).await {
            Err(Failure::Reverted(reason)) => reason,
            other => panic!("{name} should revert, got {other:?}"),
        }
    }

    /// Calls the view `call` on `to`.
    pub async fn get<C: SolCall>(&self, to: Address, call: C) -> C::Return {
        let name = C::SIGNATURE;
        self.chain.call(to, call).await.unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Calls the pool's view `call`.
    pub async fn pool<C: SolCall>(&self, call: C) -> C::Return {
        self.get(self.suite.pool, call).await
    }

    /// Borrower `i`'s StarkProxy.
    pub fn proxy(&self, i: usize) -> Address {
        self.suite.borrowers[i].proxy
    }

    /// Mints `amount` USDC to `staker`, approves the pool and stakes it.
    pub async fn stake(&self, staker: Address, amount: U256) -> TransactionReceipt {
        let (usdc, pool) = (self.suite.usdc, self.suite.pool);
        self.send(staker, usdc, ITestToken::mintCall { to: staker, amount }).await;
        self.send(staker, usdc, ITestToken::approveCall { spender: pool, value: amount }).await;
        self.send(staker, pool, LS::stakeCall { amount }).await
    }

    /// `autoPayOrBorrow` on borrower `i`'s proxy by its operator: `(borrowed, repaidBorrow, repaidDebt)`.
    pub async fn auto_pay(&self, i: usize) -> (U256, U256, U256) {
        let (operator, proxy) = (self.actors.operators[i], self.proxy(i));
        let returns = self.chain.call_as(operator, proxy, SP::autoPayOrBorrowCall {}).await.expect("autoPayOrBorrow preview");
        self.send(operator, proxy, SP::autoPayOrBorrowCall {}).await;
        (returns.borrowed, returns.repaidBorrow, returns.repaidDebt)
    }

    /// Borrower `i`'s operator deposits `amount` of its proxy's USDC to the exchange.
    pub async fn deposit(&self, i: usize, amount: U256) {
        let (operator, proxy, key) = (self.actors.operators[i], self.proxy(i), self.suite.borrowers[i].config.stark_key);
        let call = SP::depositToExchangeCall { starkKey: key, assetType: U256::ZERO, vaultId: U256::ZERO, quantizedAmount: amount };
        self.send(operator, proxy, call).await;
    }

    /// Borrower `i`'s operator withdraws everything its proxy has on the exchange (the mock pays
    /// back all deposits); returns what came back.
    pub async fn withdraw_from_exchange(&self, i: usize) -> U256 {
        let (operator, proxy, key) = (self.actors.operators[i], self.proxy(i), self.suite.borrowers[i].config.stark_key);
        let call = SP::withdrawFromExchangeCall { starkKey: key, assetType: U256::ZERO };
        let received = self.chain.call_as(operator, proxy, call.clone()).await.expect("withdrawFromExchange preview");
        self.send(operator, proxy, call).await;
        received
    }

    /// `account`'s USDC balance.
    pub async fn usdc_of(&self, account: Address) -> U256 {
        self.chain.token_balance(self.suite.usdc, account).await.expect("balanceOf")
    }

    /// `account`'s DYDX balance.
    pub async fn dydx_of(&self, account: Address) -> U256 {
        self.chain.token_balance(self.suite.dydx, account).await.expect("balanceOf")
    }
}

/// Connects to `RPC_URL` with the actors derived from `PRIVATE_KEY` (funded by it), or starts the
/// embedded devnode and uses its dev keys.
async fn connect() -> (Chain, Actors) {
    let (url, signers) = match std::env::var("RPC_URL") {
        Ok(url) => {
            let key = std::env::var("PRIVATE_KEY").expect("RPC_URL needs PRIVATE_KEY, a funded key");
            let funder = PrivateKeySigner::from_str(&key).expect("PRIVATE_KEY is a private key");
            let mut signers = vec![funder.clone()];
            signers.extend((0..12).map(|i| derived_signer(&funder, i)));
            (url, signers)
        }
        Err(_) => {
            let mut signers = dev_signers();
            let seed = signers[0].clone();
            signers.extend((0..3).map(|i| derived_signer(&seed, i)));
            (start_devnode(0).expect("the embedded devnode"), signers)
        }
    };
    let chain = Chain::connect(&url, &signers).expect("connect");
    let fund = std::env::var("FUND_WEI").ok().and_then(|v| v.parse::<u64>().ok()).map(U256::from).unwrap_or(U256::from(FUND_WEI));
    let funder = signers[0].address();
    for signer in &signers[1..] {
        if chain.eth_balance(signer.address()).await.expect("balance") < fund {
            chain.transfer_eth(funder, signer.address(), fund).await.expect("fund an actor");
        }
    }
    let a: Vec<Address> = signers.iter().map(PrivateKeySigner::address).collect();
    let actors = Actors {
        governance: a[0],
        treasury: a[1],
        guardian: a[2],
        operators: [a[3], a[4], a[5], a[6], a[7]],
        alice: a[8],
        bob: a[9],
        carol: a[10],
        dave: a[11],
    };
    (chain, actors)
}
