//! The keeper against the embedded devnode with time travel: it borrows and repays in the blackout
//! window so nobody is overdue at the boundary; with a borrower whose funds sit on the exchange it
//! marks the debt once, right after the boundary; restarted (new state load, new process) it sends
//! nothing twice; as a service it survives the node being away and stops on SIGINT/SIGTERM.

use std::{
    io::{BufRead, BufReader},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use crate::common::*;
use alloy::primitives::U256;
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP};
use ls1_client::keeper::{Keeper, KeeperConfig, Tick};

fn keeper(f: &Fixture, who: usize, state: Option<&str>) -> Keeper {
    let config = KeeperConfig { state_path: state.map(|name| f.dir.path().join(name)), ..KeeperConfig::default() };
    Keeper::new(f.chain.clone(), f.suite.clone(), f.addr(who), config).expect("a keeper")
}

async fn tick(k: &mut Keeper) -> Tick {
    k.tick().await.expect("a tick")
}

#[tokio::test]
async fn keeper_borrows_and_repays_in_the_blackout_window() {
    let Some(f) = Fixture::start("keeper_borrows_and_repays_in_the_blackout_window").await else { return };
    let names = ["MM-A", "MM-B", "MM-C", "MM-D", "MM-E"];
    let shares: [u64; 5] = [2_500, 2_500, 2_000, 2_000, 1_000];
    let mut keepers: Vec<Keeper> = (0..5).map(|i| keeper(&f, operator(i), Some(&format!("mm{i}.json")))).collect();

    f.at(0, 3_600).await;
    f.stake(ALICE, usdc(600_000)).await;
    f.stake(BOB, usdc(400_000)).await;
    let t = tick(&mut keepers[0]).await;
    assert_eq!(t.log, vec!["epoch 0: no borrower is overdue", "epoch 0: the blackout window opens in 13d 23h 00m: no autoPayOrBorrow yet"]);
    assert!(t.sent.is_empty());

    // The window is open but more than the margin (1 day) is left: wait.
    f.before_end(0, f.blackout).await;
    let t = tick(&mut keepers[0]).await;
    assert_eq!(t.log[1], "epoch 0: blackout window, 14d 00h 00m left, waiting until 1d 00h 00m are left");
    assert!(t.sent.is_empty());

    // Within the margin: each keeper borrows its proxy's allocation, once.
    f.before_end(0, 86_400).await;
    for i in 0..5 {
        let t = tick(&mut keepers[i]).await;
        let amount = ls1_client::report::usdc(usdc(1_000_000) * U256::from(shares[i]) / U256::from(10_000));
        assert_eq!(t.sent.len(), 1);
        assert_eq!((t.sent[0].action.as_str(), t.sent[0].targets.clone()), ("autoPayOrBorrow", vec![f.proxy(i)]));
        assert_eq!(
            t.log[1],
            format!("epoch 0: {}: autoPayOrBorrow sent: borrowed {amount}, repaid 0, repaid debt 0 USDC (tx {})", names[i], t.sent[0].tx)
        );
        let again = tick(&mut keepers[i]).await;
        assert!(again.sent.is_empty());
        assert_eq!(again.log[1], format!("epoch 0: {}: autoPayOrBorrow already sent in this epoch (tx {})", names[i], t.sent[0].tx));
    }
    assert_eq!(f.get(f.suite.pool, LS::getTotalBorrowedBalanceCall {}).await, usdc(1_000_000));

    // Epoch 1: Bob asks for 100,000; the keepers repay it in the blackout window.
    f.at(1, 3_600).await;
    f.send(BOB, f.suite.pool, LS::requestWithdrawalCall { amount: usdc(100_000) }).await;
    f.before_end(1, 3_600).await;
    for i in 0..5 {
        let t = tick(&mut keepers[i]).await;
        let repay = ls1_client::report::usdc(usdc(100_000) * U256::from(shares[i]) / U256::from(10_000));
        assert_eq!(t.log[0], "epoch 1: no borrower is overdue");
        assert_eq!(
            t.log[1],
            format!("epoch 1: {}: autoPayOrBorrow sent: borrowed 0, repaid {repay}, repaid debt 0 USDC (tx {})", names[i], t.sent[0].tx)
        );
    }

    // The boundary: nobody is overdue, no markDebt.
    f.at(2, 0).await;
    for i in 0..5 {
        assert!(!f.get(f.suite.pool, LS::isBorrowerOverdueCall { borrower: f.proxy(i) }).await, "{} is not overdue", names[i]);
        let t = tick(&mut keepers[i]).await;
        assert_eq!(
            t.log,
            vec!["epoch 2: no borrower is overdue", "epoch 2: the blackout window opens in 14d 00h 00m: no autoPayOrBorrow yet"]
        );
        assert!(t.sent.is_empty());
    }
    assert_eq!(f.usdc_of(f.suite.pool).await, usdc(100_000));
}

#[tokio::test]
async fn keeper_marks_debt_once_right_after_the_boundary() {
    let Some(f) = Fixture::start("keeper_marks_debt_once_right_after_the_boundary").await else { return };
    let mut mm_a = keeper(&f, operator(0), Some("mm-a.json"));
    let mut guard = keeper(&f, DAVE, Some("guard.json"));

    f.at(0, 3_600).await;
    f.stake(ALICE, usdc(1_000_000)).await;
    f.before_end(0, 3_600).await;
    assert_eq!(tick(&mut mm_a).await.sent.len(), 1, "MM-A borrows 250,000");
    let key = f.suite.borrowers[0].config.stark_key;
    let deposit = SP::depositToExchangeCall { starkKey: key, assetType: U256::ZERO, vaultId: U256::ZERO, quantizedAmount: usdc(250_000) };
    f.send(operator(0), f.proxy(0), deposit).await;

    // Epoch 1: everything is asked back; MM-A's funds are on the exchange: the keeper cannot repay.
    f.at(1, 3_600).await;
    f.send(ALICE, f.suite.pool, LS::requestWithdrawalCall { amount: usdc(1_000_000) }).await;
    f.before_end(1, 3_600).await;
    let nonce = f.nonce(operator(0)).await;
    let t = tick(&mut mm_a).await;
    assert_eq!(
        t.log[1],
        "epoch 1: MM-A: autoPayOrBorrow would revert (SP1Borrowing: Insufficient funds to avoid falling short on repayment): not sent"
    );
    assert!(t.sent.is_empty());
    assert_eq!(f.nonce(operator(0)).await, nonce);
    let t = tick(&mut guard).await;
    assert_eq!(t.log, vec!["epoch 1: no borrower is overdue"], "a guard with no proxy only watches for debt");

    // The first second of epoch 2: the guard marks the debt, once.
    f.at(2, 0).await;
    let nonce = f.nonce(DAVE).await;
    let t = tick(&mut guard).await;
    assert_eq!(t.sent.len(), 1);
    assert_eq!((t.sent[0].action.as_str(), t.sent[0].targets.clone(), t.sent[0].at), ("markDebt", vec![f.proxy(0)], f.start_of(2)));
    assert_eq!(t.log, vec![format!("epoch 2: overdue MM-A; markDebt sent: shortfall 250,000 USDC (tx {})", t.sent[0].tx)]);
    assert_eq!(f.get(f.suite.pool, LS::getBorrowerDebtBalanceCall { borrower: f.proxy(0) }).await, usdc(250_000));
    assert!(f.get(f.suite.pool, LS::isBorrowingRestrictedForBorrowerCall { borrower: f.proxy(0) }).await);
    // MM-A's own keeper also guards: by now there is nothing left to mark.
    assert_eq!(tick(&mut mm_a).await.log[0], "epoch 2: no borrower is overdue");
    for _ in 0..3 {
        f.chain.advance(600).await.unwrap();
        assert!(tick(&mut guard).await.sent.is_empty());
    }
    let mut restarted = keeper(&f, DAVE, Some("guard.json"));
    assert!(tick(&mut restarted).await.sent.is_empty());
    assert_eq!(f.nonce(DAVE).await, nonce + 1, "markDebt was sent exactly once");
    let state = ls1_client::keeper::KeeperState::load(&f.dir.path().join("guard.json")).unwrap();
    assert_eq!(state.epochs.get(&2).map(Vec::len), Some(1));
}

/// Runs `ls1 keeper ARGS` once as a new process; returns its log lines without the timestamps.
fn keeper_once(f: &Fixture, who: usize, state: &str, extra: &[&str]) -> Vec<String> {
    let state = f.dir.path().join(state);
    let mut args = vec!["keeper", "--once", "--state", state.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = f.ls1(Some(who), &args);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out.stdout.lines().map(|l| l.split_once(' ').expect("a timestamp").1.to_string()).collect()
}

#[tokio::test]
async fn a_restarted_keeper_sends_nothing_twice() {
    let Some(f) = Fixture::start("a_restarted_keeper_sends_nothing_twice").await else { return };
    f.at(0, 3_600).await;
    f.stake(ALICE, usdc(1_000_000)).await;
    f.before_end(0, 3_600).await;

    // The service, as a process: it borrows MM-A's allocation.
    let op = f.addr(operator(0));
    let lines = keeper_once(&f, operator(0), "mm-a.json", &[]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(
        lines[0],
        format!(
            "keeper {op} on {}: pool {}, margin 1d 00h 00m, every 60 s, state {}",
            f.url,
            f.suite.pool,
            f.dir.path().join("mm-a.json").display()
        )
    );
    assert_eq!(lines[1], "epoch 0: no borrower is overdue");
    assert!(
        lines[2].starts_with("epoch 0: MM-A: autoPayOrBorrow sent: borrowed 250,000, repaid 0, repaid debt 0 USDC (tx 0x"),
        "{}",
        lines[2]
    );
    let state = ls1_client::keeper::KeeperState::load(&f.dir.path().join("mm-a.json")).unwrap();
    let tx = state.epochs[&0][0].tx;
    assert_eq!(lines[2], format!("epoch 0: MM-A: autoPayOrBorrow sent: borrowed 250,000, repaid 0, repaid debt 0 USDC (tx {tx})"));
    let nonce = f.nonce(operator(0)).await;

    // A new process without the state file: the chain says there is nothing to do.
    let lines = keeper_once(&f, operator(0), "fresh.json", &["--proxy", "MM-A"]);
    assert_eq!(lines[2], "epoch 0: MM-A: autoPayOrBorrow would do nothing: not sent");

    // A new stake in the window makes more borrowable; the keeper already acted this epoch, so a
    // restarted one (new process, same state file; and a new Keeper in-process) sends nothing.
    f.stake(BOB, usdc(1_000_000)).await;
    let preview = f.chain.call_as(op, f.proxy(0), SP::autoPayOrBorrowCall {}).await.unwrap();
    assert_eq!(preview.borrowed, usdc(250_000), "the chain alone would borrow again");
    let lines = keeper_once(&f, operator(0), "mm-a.json", &[]);
    assert_eq!(lines[2], format!("epoch 0: MM-A: autoPayOrBorrow already sent in this epoch (tx {tx})"));
    let mut restarted = keeper(&f, operator(0), Some("mm-a.json"));
    let t = tick(&mut restarted).await;
    assert!(t.sent.is_empty());
    assert_eq!(t.log[1], format!("epoch 0: MM-A: autoPayOrBorrow already sent in this epoch (tx {tx})"));
    assert_eq!(f.nonce(operator(0)).await, nonce);

    // Next epoch's blackout window is a new epoch: it acts again (repays nothing, borrows nothing
    // more: 25 % of 2,000,000 is what it now has after one more call).
    f.before_end(1, 3_600).await;
    let t = tick(&mut restarted).await;
    assert_eq!(t.sent.len(), 1);
    assert_eq!(
        t.log[1],
        format!("epoch 1: MM-A: autoPayOrBorrow sent: borrowed 250,000, repaid 0, repaid debt 0 USDC (tx {})", t.sent[0].tx)
    );
    assert_eq!(f.get(f.suite.pool, LS::getBorrowedBalanceCall { borrower: f.proxy(0) }).await, usdc(500_000));
}

/// Forwards TCP connections from `listener` to `target` until the process ends.
fn forward(listener: TcpListener, target: String) {
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&target) else { continue };
            let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut c1, mut s1) = (client, server);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c1, &mut s1);
                let _ = s1.shutdown(std::net::Shutdown::Both);
            });
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s2, &mut c2);
                let _ = c2.shutdown(std::net::Shutdown::Both);
            });
        }
    });
}

/// Spawns `ls1 keeper` on `url`; its stdout lines arrive on the channel.
fn spawn_keeper(f: &Fixture, url: &str, state: &str) -> (Child, mpsc::Receiver<String>) {
    let state = f.dir.path().join(state);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ls1"))
        .args(["keeper", "--interval", "1", "--state", state.to_str().unwrap()])
        .env("LS1_RPC_URL", url)
        .env("LS1_DEPLOYMENT", &f.deployment)
        .env("LS1_PRIVATE_KEY", f.key(DAVE))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ls1 keeper");
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    (child, receive)
}

/// Waits (at most a minute) for a line containing `text`; returns the lines seen up to it.
fn wait_for(lines: &mpsc::Receiver<String>, text: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let found = line.contains(text);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!("no line with {text:?} in a minute; saw {seen:?}"),
        }
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
}

#[tokio::test]
async fn the_service_survives_the_node_and_stops_on_signals() {
    let Some(f) = Fixture::start("the_service_survives_the_node_and_stops_on_signals").await else { return };
    f.at(0, 3_600).await;

    // The node is away (nothing listens on the port yet): the keeper logs and retries with backoff.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}");
    let (mut child, lines) = spawn_keeper(&f, &url, "guard.json");
    let seen = wait_for(&lines, "retry 2 in 2 s");
    assert!(seen.iter().any(|l| l.contains("the tick failed (") && l.ends_with("; retry 1 in 1 s")), "{seen:?}");
    // The node comes back on that port: the next tick works.
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("the port again");
    forward(listener, f.url.trim_start_matches("http://").to_string());
    wait_for(&lines, "epoch 0: no borrower is overdue");
    signal(&child, "TERM");
    let seen = wait_for(&lines, "SIGTERM: stopping");
    assert_eq!(seen.last().unwrap().split_once(' ').unwrap().1, "SIGTERM: stopping");
    assert!(child.wait().unwrap().success(), "a clean exit");

    // SIGINT too.
    let (mut child, lines) = spawn_keeper(&f, &f.url, "guard.json");
    wait_for(&lines, "epoch 0: no borrower is overdue");
    signal(&child, "INT");
    wait_for(&lines, "SIGINT: stopping");
    assert!(child.wait().unwrap().success(), "a clean exit");
}
