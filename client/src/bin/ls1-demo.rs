//! `ls1-demo`: starts the embedded devnode, deploys the whole suite with the pool's launch setup and
//! plays its life epoch by epoch (stakes, borrowing, withdrawal requests, repayments, a default,
//! markDebt, the guardian stepping in, debt withdrawals), printing the state after every step.
//! `--serve` deploys and keeps the node up for interactive use instead.

use std::path::PathBuf;

use alloy::primitives::{Address, U256};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP, IStkUsdc, ITestToken};
use clap::Parser;
use devnode::Devnode;
use ls1_client::{
    deploy_suite, derived_signer, dev_signers,
    report::{self, pool_status, staker_status, stakers_table, usdc},
    serve_devnode_with_ws, start_devnode, Chain, Failure, Suite, SuiteConfig,
};

#[derive(Parser)]
#[command(about = "Deploys the LS1 suite on the embedded devnode and plays its lifecycle, epoch by epoch")]
struct Args {
    /// Deploy and keep the node up (RPC URL, addresses and dev keys printed) instead of playing.
    #[arg(long)]
    serve: bool,
    /// Port of the devnode's JSON-RPC.
    #[arg(long, default_value_t = 8547)]
    port: u16,
    /// Port of the devnode's JSON-RPC over websocket (`eth_subscribe`), with `--serve`.
    #[arg(long, default_value_t = 8548)]
    ws_port: u16,
    /// Port of the dashboard page served with `--serve`.
    #[arg(long, default_value_t = 8080)]
    dashboard_port: u16,
    /// Where to write the deployment's addresses.
    #[arg(long, default_value = "target/deployment.json")]
    deployment: PathBuf,
}

/// The people of the story.
struct Cast {
    governance: Address,
    guardian: Address,
    operators: [Address; 5],
    stakers: [(&'static str, Address); 3],
    anyone: Address,
}

/// `n` whole USDC.
fn dollars(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000u64)
}

struct Demo {
    chain: Chain,
    suite: Suite,
    cast: Cast,
    step: usize,
}

impl Demo {
    /// Prints a step's title and what happened, then the pool and the stakers.
    async fn show(&mut self, title: &str, happened: &[String]) -> Result<(), Failure> {
        self.step += 1;
        println!("\n=== Step {}: {title}", self.step);
        for line in happened {
            println!("  * {line}");
        }
        println!();
        print!("{}", pool_status(&self.chain, &self.suite).await?);
        let mut stakers = Vec::new();
        for (name, address) in self.cast.stakers {
            stakers.push((name, staker_status(&self.chain, &self.suite, address).await?));
        }
        print!("{}", stakers_table(&stakers));
        Ok(())
    }

    async fn send<C: alloy::sol_types::SolCall>(&self, from: Address, to: Address, call: C) -> Result<(), Failure> {
        self.chain.send(from, to, call).await.map(|_| ())
    }

    async fn at(&self, epoch: u64, seconds: u64) -> Result<(), Failure> {
        self.chain.travel_to(self.suite.epoch_zero + epoch * 28 * 86_400 + seconds).await
    }

    async fn stake(&self, staker: Address, amount: U256) -> Result<(), Failure> {
        let (token, pool) = (self.suite.usdc, self.suite.pool);
        self.send(staker, token, ITestToken::mintCall { to: staker, amount }).await?;
        self.send(staker, token, ITestToken::approveCall { spender: pool, value: amount }).await?;
        self.send(staker, pool, LS::stakeCall { amount }).await
    }

    /// Borrower `i` runs `autoPayOrBorrow`; returns a line saying what it did (or why it failed).
    async fn auto_pay(&self, i: usize) -> Result<String, Failure> {
        let (operator, proxy, name) = (self.cast.operators[i], self.suite.borrowers[i].proxy, &self.suite.borrowers[i].config.name);
        match self.chain.call_as(operator, proxy, SP::autoPayOrBorrowCall {}).await {
            Err(Failure::Reverted(reason)) => Ok(format!("{name}: autoPayOrBorrow REVERTS: '{reason}'")),
            Err(e) => Err(e),
            Ok(r) => {
                self.send(operator, proxy, SP::autoPayOrBorrowCall {}).await?;
                Ok(format!(
                    "{name}: autoPayOrBorrow borrowed {}, repaid {} of borrowing and {} of debt",
                    usdc(r.borrowed),
                    usdc(r.repaidBorrow),
                    usdc(r.repaidDebt)
                ))
            }
        }
    }

    fn exchange_key(&self, i: usize) -> U256 {
        self.suite.borrowers[i].config.stark_key
    }

    /// Plays the pool's life, chapter by chapter, printing the state after each.
    async fn play(&mut self) -> Result<(), Failure> {
        self.launch_and_first_stakes().await?;
        self.blackout_borrowing().await?;
        self.withdrawal_requests().await?;
        self.blackout_repayments().await?;
        self.mark_the_default().await?;
        self.stakers_take_out().await?;
        self.guardian_steps_in().await?;
        self.summary().await?;
        Ok(())
    }

    /// Launches the pool and the three stakers stake at epoch zero.
    async fn launch_and_first_stakes(&mut self) -> Result<(), Failure> {
        let [(_, alice), (_, bob), (_, carol)] = self.cast.stakers;
        self.show(
            "launch",
            &[
                "28-day epochs, the last 14 days are the blackout window (no withdrawal requests)".into(),
                "25,000,000 DYDX to stakers over five years: 0.1585 DYDX per second, shared by active stake".into(),
                "five market makers' StarkProxies hold 25, 25, 20, 20 and 10 % of the pool".into(),
            ],
        )
        .await?;

        self.at(0, 3_600).await?;
        self.stake(alice, dollars(5_000_000)).await?;
        self.stake(bob, dollars(3_000_000)).await?;
        self.stake(carol, dollars(2_000_000)).await?;
        let lines = ["Alice stakes 5,000,000 USDC", "Bob stakes 3,000,000 USDC", "Carol stakes 2,000,000 USDC"].map(String::from);
        self.show("epoch 0 starts: stakers deposit", &lines).await?;
        Ok(())
    }

    /// Epoch 0's blackout window: the market makers borrow and deposit to the exchange.
    async fn blackout_borrowing(&mut self) -> Result<(), Failure> {
        self.at(0, 14 * 86_400).await?;
        let mut lines = Vec::new();
        for i in 0..5 {
            lines.push(self.auto_pay(i).await?);
            let borrowed = self.chain.call(self.suite.borrowers[i].proxy, SP::getBorrowedBalanceCall {}).await?;
            let share = if i == 4 { borrowed } else { borrowed * U256::from(8) / U256::from(10) };
            let call = SP::depositToExchangeCall {
                starkKey: self.exchange_key(i),
                assetType: U256::ZERO,
                vaultId: U256::ZERO,
                quantizedAmount: share,
            };
            self.send(self.cast.operators[i], self.suite.borrowers[i].proxy, call).await?;
            lines.push(format!("{}: deposits {} to the exchange", self.suite.borrowers[i].config.name, usdc(share)));
        }
        self.show("epoch 0's blackout window: market makers borrow their allocations", &lines).await?;
        Ok(())
    }

    /// Epoch 1: withdrawal requests and an stkUSDC transfer.
    async fn withdrawal_requests(&mut self) -> Result<(), Failure> {
        let (pool, stk) = (self.suite.pool, self.suite.stk_usdc);
        let [(_, alice), (_, bob), (_, carol)] = self.cast.stakers;
        self.at(1, 2 * 86_400).await?;
        self.send(bob, pool, LS::requestWithdrawalCall { amount: dollars(1_000_000) }).await?;
        self.send(carol, pool, LS::requestWithdrawalCall { amount: dollars(2_000_000) }).await?;
        self.send(alice, stk, IStkUsdc::transferCall { recipient: carol, amount: dollars(500_000) }).await?;
        let lines = [
            "Bob asks to withdraw 1,000,000 USDC (it leaves the active stake at the next epoch)",
            "Carol asks to withdraw all her 2,000,000 USDC",
            "Alice sends 500,000 stkUSDC to Carol: Carol earns rewards on it from now on",
        ]
        .map(String::from);
        self.show("epoch 1: withdrawal requests before the blackout window", &lines).await?;
        Ok(())
    }

    /// Epoch 1's blackout window: four market makers repay, MM-E does not.
    async fn blackout_repayments(&mut self) -> Result<(), Failure> {
        self.at(1, 14 * 86_400).await?;
        let mut lines = Vec::new();
        for i in 0..4 {
            let call = SP::withdrawFromExchangeCall { starkKey: self.exchange_key(i), assetType: U256::ZERO };
            self.send(self.cast.operators[i], self.suite.borrowers[i].proxy, call).await?;
            lines.push(format!("{}: withdraws its funds from the exchange", self.suite.borrowers[i].config.name));
            lines.push(self.auto_pay(i).await?);
        }
        lines.push(self.auto_pay(4).await?);
        lines.push("MM-E keeps everything on the exchange and does not repay".into());
        self.show("epoch 1's blackout window: market makers repay what stakers asked for", &lines).await?;
        Ok(())
    }

    /// Epoch 2: anyone marks the overdue market maker's debt.
    async fn mark_the_default(&mut self) -> Result<(), Failure> {
        let pool = self.suite.pool;
        self.at(2, 3_600).await?;
        let overdue: Vec<Address> = {
            let mut list = Vec::new();
            for b in &self.suite.borrowers {
                if self.chain.call(pool, LS::isBorrowerOverdueCall { borrower: b.proxy }).await? {
                    list.push(b.proxy);
                }
            }
            list
        };
        let shortfall = self.chain.call_as(self.cast.anyone, pool, LS::markDebtCall { borrowers: overdue.clone() }).await?;
        self.send(self.cast.anyone, pool, LS::markDebtCall { borrowers: overdue }).await?;
        let lines = [
            "MM-E is overdue: it borrowed more than 10 % of the new, smaller pool".into(),
            format!("anyone calls markDebt([MM-E]): a shortfall of {} USDC becomes MM-E's debt; MM-E may not borrow", usdc(shortfall)),
            "the loss is spread pro rata over the stakers waiting to withdraw: they receive debt claims".into(),
        ];
        self.show("epoch 2: a default", &lines).await?;
        Ok(())
    }

    /// Epoch 2: stakers withdraw their inactive stake and Alice claims.
    async fn stakers_take_out(&mut self) -> Result<(), Failure> {
        let pool = self.suite.pool;
        let [(_, alice), (_, bob), (_, carol)] = self.cast.stakers;
        let mut lines = Vec::new();
        for (name, staker) in [("Bob", bob), ("Carol", carol)] {
            let paid = self.chain.call_as(staker, pool, LS::withdrawMaxStakeCall { recipient: staker }).await?;
            self.send(staker, pool, LS::withdrawMaxStakeCall { recipient: staker }).await?;
            lines.push(format!("{name} withdraws {} USDC of inactive stake", usdc(paid)));
        }
        let paid = self.chain.call_as(alice, pool, LS::claimRewardsCall { recipient: alice }).await?;
        self.send(alice, pool, LS::claimRewardsCall { recipient: alice }).await?;
        lines.push(format!("Alice claims {} DYDX of rewards", report::dydx(paid)));
        self.show("epoch 2: stakers take their money out", &lines).await?;
        Ok(())
    }

    /// The guardian forces the defaulter's withdrawal and repays its debt; stakers withdraw their debt claims.
    async fn guardian_steps_in(&mut self) -> Result<(), Failure> {
        let pool = self.suite.pool;
        let [_, (_, bob), (_, carol)] = self.cast.stakers;
        let defaulter = self.suite.borrowers[4].proxy;
        let key = self.exchange_key(4);
        let guardian = self.cast.guardian;
        let forced = SP::guardianForcedWithdrawalRequestCall {
            starkKey: key,
            vaultId: U256::ZERO,
            quantizedAmount: dollars(1_000_000),
            premiumCost: false,
        };
        self.send(guardian, defaulter, forced).await?;
        self.send(guardian, defaulter, SP::guardianWithdrawFromExchangeCall { starkKey: key, assetType: U256::ZERO }).await?;
        let debt = self.chain.call(pool, LS::getBorrowerDebtBalanceCall { borrower: defaulter }).await?;
        self.send(guardian, defaulter, SP::guardianRepayDebtCall { amount: debt }).await?;
        let mut lines = vec![
            "the guardian (governance) forces MM-E's withdrawal from the exchange".into(),
            format!("and repays MM-E's {} USDC of debt from the proxy", usdc(debt)),
        ];
        for (name, staker) in [("Carol", carol), ("Bob", bob)] {
            let paid = self.chain.call_as(staker, pool, LS::withdrawMaxDebtCall { recipient: staker }).await?;
            self.send(staker, pool, LS::withdrawMaxDebtCall { recipient: staker }).await?;
            lines.push(format!("{name} withdraws {} USDC of debt claims (first come, first served)", usdc(paid)));
        }
        self.show("the guardian steps in", &lines).await?;
        Ok(())
    }

    /// Prints what each staker put in and got back.
    async fn summary(&mut self) -> Result<(), Failure> {
        println!("\n=== Summary");
        let mut table = report::Table::new(&["staker", "staked", "back in the wallet", "still staked", "rewards (DYDX)"]);
        for ((name, staker), put) in self.cast.stakers.iter().zip([5_000_000u64, 3_000_000, 2_000_000]) {
            let s = staker_status(&self.chain, &self.suite, *staker).await?;
            let claimed = self.chain.token_balance(self.suite.dydx, *staker).await?;
            table.row(vec![
                name.to_string(),
                usdc(dollars(put)),
                usdc(s.wallet),
                usdc(s.active.0 + s.inactive.0),
                report::dydx(claimed + s.rewards),
            ]);
        }
        print!("{table}");
        println!("  Bob and Carol asked for 1,000,000 and 2,000,000 USDC and got exactly that back: the defaulting");
        println!("  market maker's debt was marked, spread over them as debt claims, and repaid by the guardian.");
        Ok(())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = Args::parse();
    if let Err(e) = run(args).await {
        eprintln!("ls1-demo: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), Failure> {
    // Served for a person: blocks follow the wall clock, so rewards accrue as they watch.
    let url = if args.serve {
        serve_devnode_with_ws(args.port, Some(args.ws_port), |node: &mut Devnode| {
            node.follow_wall_clock();
            node.set_tracing(true);
        })
    } else {
        start_devnode(args.port)
    }
    .map_err(Failure::Rpc)?;
    let mut signers = dev_signers();
    let seed = signers[0].clone();
    signers.extend((0..2).map(|i| derived_signer(&seed, i)));
    let chain = Chain::connect(&url, &signers)?;
    let a = chain.accounts.clone();
    for extra in &a[10..] {
        chain.transfer_eth(a[0], *extra, U256::from(10u64).pow(U256::from(18u64))).await?;
    }
    let cast = Cast {
        governance: a[0],
        guardian: a[2],
        operators: [a[3], a[4], a[5], a[6], a[7]],
        stakers: [("Alice", a[8]), ("Bob", a[9]), ("Carol", a[10])],
        anyone: a[11],
    };
    let config = SuiteConfig::launch(cast.governance, a[1], cast.guardian, cast.operators);
    println!("ls1-demo: devnode at {url}; deploying the suite (tokens, pool, stkUSDC, exchange mock, five StarkProxies)...");
    let suite = deploy_suite(&chain, &config).await?;
    suite.save(&args.deployment).map_err(Failure::Rpc)?;
    println!("ls1-demo: deployed; addresses in {}", args.deployment.display());
    if args.serve {
        chain.travel_to(suite.epoch_zero).await?;
        println!("ls1-demo: epoch zero has started; time now follows the wall clock");
        return serve(&url, args.ws_port, &suite, &args.deployment, args.dashboard_port);
    }
    Demo { chain, suite, cast, step: 0 }.play().await
}

/// Serves the dashboard, prints what a person needs to use the node, then keeps both up.
fn serve(url: &str, ws_port: u16, suite: &Suite, deployment: &std::path::Path, dashboard_port: u16) -> Result<(), Failure> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], dashboard_port));
    let (page_url, page_suite) = (url.to_string(), suite.clone());
    std::thread::spawn(move || {
        if let Err(e) = ls1_client::dashboard::serve(&ls1_client::dashboard::default_dir(), addr, &page_url, &page_suite) {
            eprintln!("ls1-demo: dashboard: {e}");
        }
    });
    println!("\nThe devnode is up at {url}, websocket ws://127.0.0.1:{ws_port} (chain id {}).", devnode::CHAIN_ID);
    println!(
        "  pool      {}\n  stkUSDC   {}\n  USDC      {}\n  DYDX      {}\n  exchange  {}",
        suite.pool, suite.stk_usdc, suite.usdc, suite.dydx, suite.exchange
    );
    for b in &suite.borrowers {
        println!("  {:<9} StarkProxy {} (operator {})", b.config.name, b.proxy, b.config.operator);
    }
    println!("\nDev accounts (public test keys; never use them on a real chain):");
    for (i, (account, key)) in arbitrum::DEV_ACCOUNTS.iter().zip(arbitrum::DEV_KEYS).enumerate() {
        let role = ["governance", "treasury", "guardian", "MM-A", "MM-B", "MM-C", "MM-D", "MM-E", "staker", "staker"][i];
        println!("  ({i}) {account} 0x{key}  {role}");
    }
    println!("\nThe dashboard: http://{addr}/ (pick a dev account to act as it).");
    println!("Addresses as JSON: {}. Press Ctrl-C to stop.", deployment.display());
    loop {
        std::thread::park();
    }
}
