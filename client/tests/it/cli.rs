//! `ls1` as a process against the embedded devnode: a whole epoch driven only through its commands,
//! every other subcommand's output in a known state (a default: a borrower whose funds sit on the
//! exchange, its debt marked, repaid and withdrawn by the staker), and every refusal's message.

use crate::common::*;
use alloy::primitives::U256;
use bindings::{ILiquidityStakingV1 as LS, ITestToken};

const E18: u64 = 1_000_000_000_000_000_000;

/// `floor(seconds × rate × 1e18 / staked)`: the rewards index gained over `seconds` (spec §3.8.2).
fn index_gain(seconds: u64, rate: U256, staked: U256) -> U256 {
    U256::from(seconds) * rate * U256::from(E18) / staked
}

/// `floor(balance × index / 1e18)`.
fn earned(balance: U256, index: U256) -> U256 {
    balance * index / U256::from(E18)
}

/// DYDX base units to four decimals, as `report::dydx` prints them.
fn dydx(amount: U256) -> String {
    ls1_client::report::dydx(amount)
}

#[tokio::test]
async fn a_whole_epoch_through_ls1() {
    let Some(f) = Fixture::start("a_whole_epoch_through_ls1").await else { return };
    let (alice, bob) = (f.addr(ALICE).to_string(), f.addr(BOB).to_string());
    let names = ["MM-A", "MM-B", "MM-C", "MM-D", "MM-E"];
    let shares: [u64; 5] = [2_500, 2_500, 2_000, 2_000, 1_000];

    // Epoch 0: two stakers stake through ls1 (it approves the pool first).
    f.at(0, 3_600).await;
    let staked_at = f.start_of(0) + 3_600;
    f.mint(ALICE, usdc(600_000)).await;
    f.mint(BOB, usdc(400_000)).await;
    assert_eq!(
        f.ok(Some(ALICE), &["staker", "stake", "600000", "--yes"]),
        format!(
            "will send from {alice}:\n  1. approve the pool to take 600,000 USDC (allowance now 0)\n  2. stake 600,000 USDC\n\
             sent: approve the pool to take 600,000 USDC (allowance now 0)\nsent: stake 600,000 USDC\n\
             staked 600,000 USDC: active stake now 600,000 USDC\n"
        )
    );
    f.ok(Some(BOB), &["staker", "stake", "400000", "--yes"]);

    // Epoch 0's blackout window: each operator borrows its allocation through ls1.
    f.before_end(0, f.blackout).await;
    for i in 0..5 {
        let amount = ls1_client::report::usdc(usdc(1_000_000) * U256::from(shares[i]) / U256::from(10_000));
        let out = f.ok(Some(operator(i)), &["borrower", "auto-pay-or-borrow", "--yes"]);
        let label = format!("autoPayOrBorrow on {}'s StarkProxy: borrow {amount} USDC", names[i]);
        assert_eq!(
            out,
            format!(
                "will send from {}:\n  1. {label}\nsent: {label}\n{}'s StarkProxy: borrowed {amount} USDC, allocated next epoch {amount} USDC, debt 0 USDC\n",
                f.addr(operator(i)),
                names[i]
            )
        );
    }
    assert_eq!(f.usdc_of(f.suite.pool).await, U256::ZERO, "every staked dollar is lent out");

    // Epoch 1: Bob asks for 100,000 back.
    f.at(1, 3_600).await;
    assert_eq!(
        f.ok(Some(BOB), &["staker", "request-withdrawal", "100000", "--yes"]),
        format!(
            "will send from {bob}:\n  1. request a withdrawal of 100,000 USDC\nsent: request a withdrawal of 100,000 USDC\n\
             requested 100,000 USDC: withdrawable from epoch 2, in 27d 23h 00m\n"
        )
    );

    // Epoch 1's blackout window: each proxy repays its share of the 100,000, once.
    f.before_end(1, f.blackout).await;
    for i in 0..5 {
        let repay = ls1_client::report::usdc(usdc(100_000) * U256::from(shares[i]) / U256::from(10_000));
        let left = ls1_client::report::usdc(usdc(900_000) * U256::from(shares[i]) / U256::from(10_000));
        let out = f.ok(Some(operator(i)), &["borrower", "--borrower", names[i], "auto-pay-or-borrow", "--yes"]);
        let label = format!("autoPayOrBorrow on {}'s StarkProxy: repay {repay} USDC", names[i]);
        assert_eq!(
            out,
            format!(
                "will send from {}:\n  1. {label}\nsent: {label}\n{}'s StarkProxy: borrowed {left} USDC, allocated next epoch {left} USDC, debt 0 USDC\n",
                f.addr(operator(i)),
                names[i]
            )
        );
        let again = f.ok(Some(operator(i)), &["borrower", "auto-pay-or-borrow", "--yes"]);
        assert_eq!(again, format!("nothing to do: {}'s StarkProxy is at its allocation ({left} USDC borrowed)\n", names[i]));
    }

    // Epoch 2: nobody is overdue; the status shows it.
    f.at(2, 3_600).await;
    let status = f.ok(None, &["status"]);
    assert_eq!(
        status,
        [
            format!("LS1 pool {} (chain time {})", f.suite.pool, f.start_of(2) + 3_600).as_str(),
            "  epoch 2, blackout window in 13d 23h 00m, next epoch in 27d 23h 00m",
            "  pool (USDC)              this epoch  next epoch",
            "  -----------------------------------------------",
            "  active stake                900,000     900,000",
            "  inactive stake              100,000     100,000",
            "  cash in the pool            100,000",
            "  lent to borrowers           900,000",
            "  borrowers' debt                   0",
            "  repaid debt to withdraw           0",
            "  solvency: cash + loans cover every staker",
            "  borrower  alloc  next  allocated  must be at  borrowed  debt  overdue  restricted",
            "  ---------------------------------------------------------------------------------",
            "  MM-A        25%   25%    225,000     225,000   225,000     0       no          no",
            "  MM-B        25%   25%    225,000     225,000   225,000     0       no          no",
            "  MM-C        20%   20%    180,000     180,000   180,000     0       no          no",
            "  MM-D        20%   20%    180,000     180,000   180,000     0       no          no",
            "  MM-E        10%   10%     90,000      90,000    90,000     0       no          no\n",
        ]
        .join("\n")
    );
    assert_eq!(f.ok(Some(DAVE), &["mark-debt", "--yes"]), "nothing to do: no borrower of the deployment is overdue\n");

    // Bob withdraws his 100,000.
    assert_eq!(
        f.ok(Some(BOB), &["staker", "withdraw", "100000", "--yes"]),
        format!(
            "will send from {bob}:\n  1. withdraw 100,000 USDC of stake to {bob}\nsent: withdraw 100,000 USDC of stake to {bob}\n\
             withdrawn: inactive stake left 0 USDC\n"
        )
    );
    assert_eq!(f.usdc_of(f.addr(BOB)).await, usdc(100_000));

    // Both claim their rewards, to the unit.
    let rate = f.get(f.suite.pool, LS::getRewardsPerSecondCall {}).await;
    let to_boundary = index_gain(f.start_of(2) - staked_at, rate, usdc(1_000_000));
    let since = to_boundary + index_gain(3_600, rate, usdc(900_000));
    let alice_rewards = earned(usdc(600_000), since);
    let bob_rewards = earned(usdc(400_000), to_boundary) + earned(usdc(300_000), since - to_boundary);
    for (who, addr, rewards) in [(ALICE, &alice, alice_rewards), (BOB, &bob, bob_rewards)] {
        let label = format!("claim {} DYDX of rewards to {addr}", dydx(rewards));
        assert_eq!(
            f.ok(Some(who), &["staker", "claim", "--yes"]),
            format!("will send from {addr}:\n  1. {label}\nsent: {label}\nclaimed {} DYDX ({rewards} base units)\n", dydx(rewards))
        );
        assert_eq!(f.chain.token_balance(f.suite.dydx, f.addr(who)).await.unwrap(), rewards);
    }
    assert_eq!(f.ok(Some(ALICE), &["staker", "claim", "--yes"]), format!("nothing to claim: {alice} has no unclaimed rewards\n"));
}

#[tokio::test]
async fn every_command_in_a_default() {
    let Some(f) = Fixture::start("every_command_in_a_default").await else { return };
    let (alice, bob, gov, pool) = (f.addr(ALICE), f.addr(BOB), f.addr(GOV), f.suite.pool);
    let op = f.addr(operator(0));

    f.at(0, 3_600).await;
    f.stake(ALICE, usdc(1_000_000)).await;

    // stkUSDC moves and comes back.
    assert_eq!(
        f.ok(Some(ALICE), &["staker", "transfer", &bob.to_string(), "1000", "--yes"]),
        format!(
            "will send from {alice}:\n  1. transfer 1,000 stkUSDC to {bob}\nsent: transfer 1,000 stkUSDC to {bob}\n\
             transferred: {alice} holds 999,000 stkUSDC\n"
        )
    );
    f.ok(Some(BOB), &["staker", "transfer", &alice.to_string(), "1,000", "--yes"]);

    // Governance, each behind its role.
    assert_eq!(
        f.ok(Some(GOV), &["governance", "set-allocations", "MM-B=20%", "MM-C=25", "--yes"]),
        format!(
            "MM-B: 25% -> 20% next epoch\nMM-C: 20% -> 25% next epoch\nwill send from {gov}:\n  1. set allocations: MM-B 20%, MM-C 25%\n\
             sent: set allocations: MM-B 20%, MM-C 25%\nallocations scheduled for the next epoch\n"
        )
    );
    assert_eq!(
        f.ok(Some(GOV), &["governance", "set-allocations", "--units", "MM-C=2000", "unallocated=500", "MM-B=2000", "--yes"]),
        format!(
            "MM-C: 25% -> 20% next epoch\nunallocated: 0% -> 5% next epoch\nMM-B: 20% -> 20% next epoch\nwill send from {gov}:\n\
             \x20 1. set allocations: MM-C 20%, unallocated 5%, MM-B 20%\nsent: set allocations: MM-C 20%, unallocated 5%, MM-B 20%\n\
             allocations scheduled for the next epoch\n"
        )
    );
    f.ok(Some(GOV), &["governance", "set-allocations", "unallocated=0", "MM-B=25%", "--yes"]);
    assert_eq!(
        f.ok(Some(GOV), &["governance", "set-rewards-per-second", "0.2", "--yes"]),
        format!(
            "rewards: 0.2 DYDX per second, 17,280 per day (now 0.1585 per second, 13,698.6301 per day)\nwill send from {gov}:\n\
             \x20 1. set the rewards rate to 0.2 DYDX per second\nsent: set the rewards rate to 0.2 DYDX per second\nrewards rate changed\n"
        )
    );
    assert_eq!(f.get(pool, LS::getRewardsPerSecondCall {}).await, U256::from(E18 / 5));
    assert_eq!(
        f.ok(Some(GOV), &["governance", "set-blackout-window", "10d", "--yes"]),
        format!(
            "blackout window: 10d 00h 00m (now 14d 00h 00m)\nwill send from {gov}:\n  1. set the blackout window to 864000 s\n\
             sent: set the blackout window to 864000 s\nepoch 0, blackout window in 17d 23h 00m, next epoch in 27d 23h 00m\n"
        )
    );
    f.ok(Some(GOV), &["governance", "set-blackout-window", "14d", "--yes"]);
    assert_eq!(
        f.ok(Some(GOV), &["governance", "set-epoch-parameters", "--interval", "28d", "--yes"]),
        format!(
            "epochs: every 28d 00h 00m from {e0} (now every 28d 00h 00m from {e0})\nwill send from {gov}:\n\
             \x20 1. set epoch parameters: interval 2419200 s, offset {e0}\nsent: set epoch parameters: interval 2419200 s, offset {e0}\n\
             epoch 0, blackout window in 13d 23h 00m, next epoch in 27d 23h 00m\n",
            e0 = f.suite.epoch_zero
        )
    );
    assert_eq!(
        f.ok(Some(GOV), &["governance", "restrict", "MM-E", "--yes"]),
        format!("will send from {gov}:\n  1. restrict borrowing by MM-E\nsent: restrict borrowing by MM-E\nMM-E is restricted\n")
    );
    assert_eq!(
        f.ok(Some(GOV), &["governance", "restrict", "MM-E", "--lift", "--yes"]),
        format!(
            "will send from {gov}:\n  1. lift the borrowing restriction on MM-E\nsent: lift the borrowing restriction on MM-E\nMM-E is free to borrow\n"
        )
    );
    assert_eq!(f.ok(Some(GOV), &["governance", "restrict", "MM-E", "--lift", "--yes"]), "nothing to do: MM-E is already not restricted\n");

    // Epoch 0's blackout: MM-A borrows its 25 % and puts it all on the exchange, and back, and again.
    f.before_end(0, f.blackout).await;
    f.ok(Some(operator(0)), &["borrower", "auto-pay-or-borrow", "--yes"]);
    let key = "0x57170000";
    let deposit = format!("deposit 250,000 USDC from MM-A's StarkProxy to the exchange (STARK key {key}, vault 0)");
    assert_eq!(
        f.ok(Some(operator(0)), &["borrower", "deposit", "250000", "--yes"]),
        format!("will send from {op}:\n  1. {deposit}\nsent: {deposit}\ndeposited: MM-A's StarkProxy holds 0 USDC\n")
    );
    assert_eq!(
        f.ok(Some(operator(0)), &["borrower", "--proxy", &f.proxy(0).to_string(), "withdraw-from-exchange", "--yes"]),
        format!(
            "will send from {op}:\n  1. withdraw 250,000 USDC from the exchange to MM-A's StarkProxy\n\
             sent: withdraw 250,000 USDC from the exchange to MM-A's StarkProxy\nwithdrawn: MM-A's StarkProxy holds 250,000 USDC\n"
        )
    );
    assert_eq!(
        f.ok(Some(operator(0)), &["borrower", "withdraw-from-exchange", "--yes"]),
        "nothing to do: MM-A's StarkProxy has nothing to withdraw from the exchange\n"
    );
    f.ok(Some(operator(0)), &["borrower", "deposit", "250000", "--yes"]);

    // Epoch 1: Alice asks for everything back; MM-A cannot repay in the blackout window.
    f.at(1, 3_600).await;
    f.ok(Some(ALICE), &["staker", "request-withdrawal", "1000000", "--yes"]);
    f.before_end(1, f.blackout).await;
    assert_eq!(
        f.refused(Some(operator(0)), &["borrower", "auto-pay-or-borrow", "--yes"]),
        "error: refused, nothing sent: autoPayOrBorrow would revert: SP1Borrowing: Insufficient funds to avoid falling short on repayment\n"
    );

    // Epoch 2: MM-A is overdue; anyone marks the debt; Alice's inactive stake becomes 75 % stake, 25 % debt.
    f.at(2, 3_600).await;
    let status: serde_json::Value = serde_json::from_str(&f.ok(None, &["status", "--json"])).unwrap();
    assert_eq!(status["epoch"], 2);
    assert_eq!(status["borrowed"], "250000000000");
    assert_eq!(status["active"]["current"], "0");
    assert_eq!(status["solvent"], true, "cash and loans still cover the stakers: the loan is not written off yet");
    assert_eq!(status["borrowers"][0]["overdue"], true);
    assert_eq!(status["borrowers"][1]["overdue"], false);
    let dave = f.addr(DAVE);
    assert_eq!(
        f.ok(Some(DAVE), &["mark-debt", "--yes"]),
        format!(
            "shortfall: 250,000 USDC lent, 0 USDC active: 250,000 USDC\nwill send from {dave}:\n  1. markDebt(MM-A)\nsent: markDebt(MM-A)\n\
             MM-A: debt 250,000 USDC, restricted\n"
        )
    );
    assert_eq!(f.ok(Some(DAVE), &["mark-debt", "--yes"]), "nothing to do: no borrower of the deployment is overdue\n");
    let position: serde_json::Value = serde_json::from_str(&f.ok(None, &["status", "--json", "--staker", &alice.to_string()])).unwrap();
    assert_eq!(position["staker"]["inactive"]["current"], "750000000000");
    assert_eq!(position["staker"]["debt"], "250000000000");
    assert_eq!(position["borrowers"][0]["debt"], "250000000000");
    assert_eq!(
        f.refused(Some(ALICE), &["staker", "withdraw-debt", "1"]),
        format!("error: cannot withdraw 1 USDC of debt now: 0 USDC of repaid debt is available to {alice}\n")
    );
    assert_eq!(
        f.ok(Some(ALICE), &["staker", "withdraw", "--max", "--yes"]),
        format!(
            "will send from {alice}:\n  1. withdraw all available stake (750,000 USDC now) to {alice}\n\
             sent: withdraw all available stake (750,000 USDC now) to {alice}\nwithdrawn: inactive stake left 0 USDC\n"
        )
    );

    // MM-A brings its funds back and repays the debt in the next blackout window; Alice takes it.
    f.ok(Some(operator(0)), &["borrower", "withdraw-from-exchange", "--yes"]);
    f.before_end(2, f.blackout).await;
    let label = "autoPayOrBorrow on MM-A's StarkProxy: repay 250,000 USDC of debt";
    assert_eq!(
        f.ok(Some(operator(0)), &["borrower", "auto-pay-or-borrow", "--yes"]),
        format!("will send from {op}:\n  1. {label}\nsent: {label}\nMM-A's StarkProxy: borrowed 0 USDC, allocated next epoch 0 USDC, debt 0 USDC\n")
    );
    let text = f.ok(None, &["status", "--staker", &alice.to_string()]);
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.contains("staker 0x")).collect();
    assert_eq!(
        tail.join("\n"),
        [
            "  staker {alice}  this epoch  next epoch",
            "  -------------------------------------------------------------------------",
            "  active stake (USDC)                                         0           0",
            "  inactive stake (USDC)                                       0           0",
            "  withdrawable now (USDC)                                     0",
            "  debt owed to it (USDC)                                250,000",
            "  debt withdrawable now (USDC)                          250,000",
            "  unclaimed rewards (DYDX)                              966,960",
            "  stkUSDC                                                     0",
            "  wallet (USDC)                                         750,000",
        ]
        .join("\n")
        .replace("{alice}", &alice.to_string())
    );
    assert_eq!(
        f.ok(Some(ALICE), &["staker", "withdraw-debt", "--max", "--yes"]),
        format!(
            "will send from {alice}:\n  1. withdraw all available debt (250,000 USDC now) to {alice}\n\
             sent: withdraw all available debt (250,000 USDC now) to {alice}\nwithdrawn: debt still owed 0 USDC\n"
        )
    );
    assert_eq!(f.usdc_of(alice).await, usdc(1_000_000), "Alice got everything back");
    assert_eq!(f.get(f.suite.usdc, ITestToken::balanceOfCall { account: pool }).await, U256::ZERO);
}

#[tokio::test]
async fn refusals() {
    let Some(f) = Fixture::start("refusals").await else { return };
    let (alice, dave, pool) = (f.addr(ALICE), f.addr(DAVE), f.suite.pool);
    let stake = &["staker", "stake", "100", "--yes"];
    assert_eq!(
        f.refused(None, stake),
        "error: this command sends a transaction: give a signer with --private-key (LS1_PRIVATE_KEY) or --keystore FILE\n"
    );
    assert_eq!(f.refused(Some(ALICE), stake), "error: staking opens at epoch zero, which starts in 1d 00h 00m\n");

    f.at(0, 3_600).await;
    f.mint(ALICE, usdc(500)).await;
    // No terminal and no --yes: the preview, then a refusal; nothing sent.
    let nonce = f.nonce(ALICE).await;
    let out = f.ls1(Some(ALICE), &["staker", "stake", "500"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        format!("will send from {alice}:\n  1. approve the pool to take 500 USDC (allowance now 0)\n  2. stake 500 USDC\n")
    );
    assert_eq!(
        out.stderr,
        "error: refused, nothing sent: no terminal to confirm on (stdin is not a terminal); pass --yes to send without confirmation\n"
    );
    assert_eq!(f.nonce(ALICE).await, nonce);

    let refusals: Vec<(usize, Vec<String>, String)> = vec![
        (ALICE, vec!["staker".into(), "stake".into(), "-5".into()], "invalid amount '-5': amounts cannot be negative".into()),
        (ALICE, vec!["staker".into(), "stake".into(), "1.0000001".into()], "invalid amount '1.0000001': USDC has 6 decimals".into()),
        (ALICE, vec!["staker".into(), "stake".into(), "ten".into()], "invalid amount 'ten': expected a number such as 1000.5".into()),
        (ALICE, vec!["staker".into(), "stake".into(), "0".into()], "invalid amount '0': the amount must be above zero".into()),
        (
            ALICE,
            vec!["staker".into(), "stake".into(), "500.000001".into()],
            format!("cannot stake 500.000001 USDC: {alice} holds 500 USDC"),
        ),
        (
            GOV,
            vec!["governance".into(), "set-rewards-per-second".into(), "0.0000000000000000001".into()],
            "invalid amount '0.0000000000000000001': DYDX has 18 decimals".into(),
        ),
    ];
    for (who, args, message) in &refusals {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(f.refused(Some(*who), &args), format!("error: {message}\n"), "ls1 {args:?}");
    }
    f.ok(Some(ALICE), &["staker", "stake", "500", "--yes"]);

    let bob = f.addr(BOB).to_string();
    let dave_text = dave.to_string();
    let proxy = f.proxy(0);
    let cases: Vec<(Option<usize>, Vec<&str>, String)> = vec![
        (Some(ALICE), vec!["staker", "request-withdrawal", "500.5"], format!("cannot request 500.5 USDC: the active stake of {alice} next epoch is 500 USDC")),
        (Some(ALICE), vec!["staker", "withdraw", "1"], format!("cannot withdraw 1 USDC: the withdrawable (inactive) stake of {alice} is 0 USDC")),
        (Some(ALICE), vec!["staker", "withdraw-debt", "1"], format!("cannot withdraw 1 USDC of debt: {alice} is owed 0 USDC")),
        (Some(ALICE), vec!["staker", "transfer", &bob, "501"], format!("cannot transfer 501 stkUSDC: {alice} can transfer 500 (its active stake next epoch)")),
        (Some(ALICE), vec!["staker", "transfer", "0x12", "1"], "invalid address '0x12'".into()),
        (None, vec!["status", "--staker", "0xzz"], "invalid address '0xzz'".into()),
        (
            Some(ALICE),
            vec!["governance", "set-allocations", "MM-A=30%", "MM-B=20%"],
            format!("{alice} does not hold BORROWER_ADMIN_ROLE on the pool ({pool}), which set-allocations needs"),
        ),
        (
            Some(ALICE),
            vec!["governance", "set-rewards-per-second", "1"],
            format!("{alice} does not hold REWARDS_RATE_ROLE on the pool ({pool}), which set-rewards-per-second needs"),
        ),
        (
            Some(ALICE),
            vec!["governance", "set-blackout-window", "7d"],
            format!("{alice} does not hold EPOCH_PARAMETERS_ROLE on the pool ({pool}), which set-blackout-window needs"),
        ),
        (Some(GOV), vec!["governance", "restrict", "MM-Z"], "unknown borrower 'MM-Z': the deployment's borrowers are MM-A, MM-B, MM-C, MM-D, MM-E".into()),
        (
            Some(GOV),
            vec!["governance", "restrict", &dave_text],
            format!("{dave} is not a borrower of the deployment (its borrowers: MM-A, MM-B, MM-C, MM-D, MM-E)"),
        ),
        (
            Some(GOV),
            vec!["governance", "set-allocations", "MM-A=30%"],
            "refused: the listed allocations must keep their sum: they hold 25% next epoch and would get 30%; list unallocated or other borrowers to balance".into(),
        ),
        (
            Some(GOV),
            vec!["governance", "set-allocations", "MM-A=12.345%"],
            "invalid allocation '12.345%': allocations are in hundredths of a percent (at most 2 decimals)".into(),
        ),
        (Some(GOV), vec!["governance", "set-allocations", "MM-A=5%", "mm-a=20%"], "refused: MM-A is listed twice".into()),
        (Some(GOV), vec!["governance", "set-blackout-window", "-3d"], "invalid duration '-3d': durations cannot be negative".into()),
        (Some(GOV), vec!["governance", "set-allocations", "MM-A=-5%", "MM-B=55%"], "invalid allocation '-5%': allocations cannot be negative".into()),
        (
            Some(GOV),
            vec!["governance", "set-blackout-window", "2d", "--yes"],
            "refused, nothing sent: set the blackout window to 172800 s would revert: LS1EpochSchedule: Blackout window too small".into(),
        ),
        (
            Some(ALICE),
            vec!["borrower", "--borrower", "MM-A", "auto-pay-or-borrow"],
            format!("{alice} does not hold BORROWER_ROLE on MM-A's StarkProxy ({proxy}), which auto-pay-or-borrow needs"),
        ),
        (
            Some(ALICE),
            vec!["borrower", "--borrower", "MM-A", "deposit", "1"],
            format!("{alice} does not hold EXCHANGE_OPERATOR_ROLE on MM-A's StarkProxy ({proxy}), which deposit needs"),
        ),
        (
            Some(operator(0)),
            vec!["borrower", "auto-pay-or-borrow"],
            "refused: autoPayOrBorrow works only in the blackout window; epoch 0's opens in 13d 23h 00m".into(),
        ),
        (Some(operator(0)), vec!["borrower", "deposit", "1"], "cannot deposit 1 USDC: MM-A's StarkProxy holds 0 USDC".into()),
        (
            Some(DAVE),
            vec!["borrower", "auto-pay-or-borrow"],
            format!("name the StarkProxy with --borrower NAME or --proxy ADDR: {dave} holds BORROWER_ROLE on none of the deployment's"),
        ),
        (Some(DAVE), vec!["borrower", "--proxy", &dave_text, "auto-pay-or-borrow"], format!("{dave} is not a StarkProxy of the pool {pool}")),
        (Some(DAVE), vec!["mark-debt", "MM-A"], "refused: no shortfall: the borrowers owe 0 USDC and the active stake is 500 USDC".into()),
        (Some(DAVE), vec!["mark-debt", "MM-Q"], "unknown borrower 'MM-Q': the deployment's borrowers are MM-A, MM-B, MM-C, MM-D, MM-E".into()),
    ];
    let actors = [ALICE, GOV, DAVE, operator(0)];
    let mut nonces = Vec::new();
    for i in actors {
        nonces.push(f.nonce(i).await);
    }
    for (who, args, message) in &cases {
        assert_eq!(f.refused(*who, args), format!("error: {message}\n"), "ls1 {args:?}");
    }
    for (k, i) in actors.iter().enumerate() {
        assert_eq!(f.nonce(*i).await, nonces[k], "a refusal sent nothing");
    }

    // The blackout window: no withdrawal requests, no allocation changes; the contract's own reason
    // for what only it checks.
    f.before_end(0, f.blackout).await;
    let cases: Vec<(usize, Vec<&str>, &str)> = vec![
        (
            ALICE,
            vec!["staker", "request-withdrawal", "100"],
            "refused: withdrawal requests are closed in the blackout window; epoch 0 ends in 14d 00h 00m, ask again after that",
        ),
        (
            GOV,
            vec!["governance", "set-allocations", "MM-A=20%", "MM-B=30%"],
            "refused: allocations cannot change in the blackout window; epoch 0 ends in 14d 00h 00m",
        ),
        (
            GOV,
            vec!["governance", "set-blackout-window", "10d", "--yes"],
            "refused, nothing sent: set the blackout window to 864000 s would revert: LS1Admin: Blackout window",
        ),
    ];
    for (who, args, message) in &cases {
        assert_eq!(f.refused(Some(*who), args), format!("error: {message}\n"), "ls1 {args:?}");
    }

    // A keystore signer, as foundry writes them; a wrong password is refused.
    let mut rng = rand::thread_rng();
    alloy::signers::local::PrivateKeySigner::encrypt_keystore(
        f.dir.path(),
        &mut rng,
        f.signers[ALICE].to_bytes(),
        "correct horse",
        Some("alice.json"),
    )
    .expect("write a keystore");
    let keystore = f.dir.path().join("alice.json");
    let keystore = keystore.to_str().unwrap();
    let out = f.ls1(None, &["--keystore", keystore, "--password", "wrong", "staker", "claim"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with(&format!("error: cannot open the keystore {keystore}: ")), "{}", out.stderr);
    assert!(out.stderr.ends_with(" (wrong password?)\n"), "{}", out.stderr);
    let out = f.ls1(None, &["--keystore", keystore, "staker", "claim"]);
    assert_eq!(out.stderr, "error: the keystore needs a password: pass --password or set LS1_KEYSTORE_PASSWORD\n");
    let text = f.ok(None, &["--keystore", keystore, "--password", "correct horse", "staker", "claim", "--yes"]);
    assert!(text.starts_with(&format!("will send from {alice}:\n  1. claim ")), "{text}");
    assert!(text.contains("\nclaimed "), "{text}");
}

/// Runs `ls1 ARGS` as `who` on a pseudo-terminal (util-linux `script`), typing `answer`; returns
/// what the terminal showed, or `None` (after printing why) without `script`.
fn on_terminal(f: &Fixture, who: usize, args: &[&str], answer: &str) -> Option<String> {
    use std::{
        io::{Read, Write},
        process::{Command, Stdio},
    };
    if Command::new("script").arg("--version").output().is_err() {
        devnode::skip_test("the terminal confirmation checks: util-linux `script` is not installed");
        return None;
    }
    let command = format!("{} {}", env!("CARGO_BIN_EXE_ls1"), args.join(" "));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("LS1_RPC_URL", &f.url)
        .env("LS1_DEPLOYMENT", &f.deployment)
        .env("LS1_PRIVATE_KEY", f.key(who))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answer.as_bytes()).unwrap();
    let mut shown = String::new();
    child.stdout.take().unwrap().read_to_string(&mut shown).unwrap();
    drop(stdin);
    child.wait().unwrap();
    Some(shown.replace("\r\n", "\n"))
}

#[tokio::test]
async fn confirmation_on_a_terminal() {
    let Some(f) = Fixture::start("confirmation_on_a_terminal").await else { return };
    let alice = f.addr(ALICE);
    f.at(0, 3_600).await;
    f.mint(ALICE, usdc(100)).await;
    let nonce = f.nonce(ALICE).await;
    let Some(shown) = on_terminal(&f, ALICE, &["staker", "stake", "100"], "n\n") else { return };
    let preview = format!("will send from {alice}:\n  1. approve the pool to take 100 USDC (allowance now 0)\n  2. stake 100 USDC\n");
    assert!(shown.contains(&format!("{preview}send 2 transactions? [y/N] ")), "{shown}");
    assert!(shown.ends_with("error: cancelled, nothing sent\n"), "{shown}");
    assert_eq!(f.nonce(ALICE).await, nonce);
    let shown = on_terminal(&f, ALICE, &["staker", "stake", "100"], "y\n").unwrap();
    assert!(shown.contains(&format!("{preview}send 2 transactions? [y/N] ")), "{shown}");
    assert!(shown.ends_with("staked 100 USDC: active stake now 100 USDC\n"), "{shown}");
    assert_eq!(f.nonce(ALICE).await, nonce + 2);

    // --json: what was sent, as JSON on stdout (the preview goes to stderr).
    f.mint(ALICE, usdc(1)).await;
    let out = f.ls1(Some(ALICE), &["--json", "--yes", "staker", "stake", "1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sent: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("JSON");
    assert_eq!(sent["sent"][0]["label"], "approve the pool to take 1 USDC (allowance now 0)");
    assert_eq!(sent["sent"][1]["label"], "stake 1 USDC");
    assert!(out.stderr.ends_with("staked 1 USDC: active stake now 101 USDC\n"), "{}", out.stderr);
}
