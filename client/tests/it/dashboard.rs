//! The dashboard in a real browser: the suite deployed on the embedded devnode, the page served by
//! `ls1_client::dashboard::serve`, headless Chromium driven through chromedriver (WebDriver). The page
//! shows the pool's totals and a borrower's row as the contracts report them, a stake made through
//! the page (approval first) changes the staker's displayed balance, and a withdrawal request in the
//! blackout window shows the contract's exact reason. A screenshot goes to target/dashboard.png.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/install-browser.sh); without them the
//! browser test prints why and returns. CHROMIUM and CHROMEDRIVER override the binaries' paths.

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use alloy::primitives::{keccak256, U256};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP, ITestToken};
use fantoccini::{Client, ClientBuilder, Locator};
use ls1_client::{dashboard, deploy_suite, dev_signers, start_devnode, Chain, SuiteConfig};

const BLACKOUT_REASON: &str = "LS1Staking: Withdraw requests restricted in the blackout window";

fn usdc(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000u64)
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")
}

/// `name` found on PATH (or the path in `$var`).
fn binary(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(var) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn wait_for_port(addr: SocketAddr, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "{what} did not listen on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// chromedriver in a process group of its own, with the Chromium it starts: the whole group is
/// ended when the test ends, also when an assertion fails before the session is closed.
struct Driver(Child);

impl Driver {
    fn start(chromedriver: &Path, port: u16) -> Self {
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", chromedriver.display()));
        Self(child)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid.
        let _ = Command::new("kill").arg("-TERM").arg("--").arg(format!("-{}", self.0.id())).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The selectors the page encodes by hand are the first four bytes of keccak256 of each signature.
#[test]
fn the_pages_selectors_are_right() {
    let script = std::fs::read_to_string(dashboard::default_dir().join("app.js")).expect("dashboard/app.js");
    let table = &script[script.find("const SELECTORS = {").expect("the SELECTORS table")..];
    let table = &table[..table.find("};").expect("the end of SELECTORS")];
    let mut checked = 0;
    for line in table.lines().filter(|l| l.trim_start().starts_with('\'')) {
        let parts: Vec<&str> = line.split('\'').collect();
        let (signature, selector) = (parts[1], parts[3]);
        let expected = format!("0x{}", alloy::primitives::hex::encode(&keccak256(signature)[..4]));
        assert_eq!(selector, expected, "selector of {signature}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} selectors found");
}

/// The text of `css`, once it is `expected` (the page refreshes on its own); panics with what it
/// shows instead after 30 s, leaving a screenshot.
async fn expect_text(browser: &Client, css: &str, expected: &str) {
    let start = Instant::now();
    let mut seen = String::new();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(element) = browser.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if text == expected {
                    return;
                }
                seen = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Ok(png) = browser.screenshot().await {
        let _ = std::fs::write(target_dir().join("dashboard-failure.png"), png);
    }
    let status = match browser.find(Locator::Css("#status-line")).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    panic!("{css} shows {seen:?}, expected {expected:?} (status line: {status:?}; screenshot in target/dashboard-failure.png)");
}

async fn text(browser: &Client, css: &str) -> String {
    browser.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn type_into(browser: &Client, css: &str, keys: &str) {
    let input = browser.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
    input.send_keys(keys).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

#[tokio::test]
async fn the_dashboard_in_a_browser() {
    let chromium = binary("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = binary("CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium.clone(), chromedriver.clone()) else {
        let missing: Vec<&str> = [("chromium", chromium.is_none()), ("chromedriver", chromedriver.is_none())]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
        devnode::skip_test(&format!("the dashboard's browser test: {} not found (run scripts/install-browser.sh)", missing.join(" and ")));
        return;
    };

    // The suite on the embedded devnode, with the launch setup; the dev accounts play every role.
    let url = start_devnode(0).expect("the embedded devnode");
    let chain = Chain::connect(&url, &dev_signers()).expect("connect");
    let a = chain.accounts.clone();
    let (alice, bob) = (a[8], a[9]);
    let config = SuiteConfig::launch(a[0], a[1], a[2], [a[3], a[4], a[5], a[6], a[7]]);
    let (interval, blackout) = (config.interval, config.blackout);
    let suite = deploy_suite(&chain, &config).await.unwrap_or_else(|e| panic!("deploy_suite: {e}"));
    let (pool, token) = (suite.pool, suite.usdc);

    // Epoch 0, an hour in: Alice stakes 600,000 and Bob 400,000; MM-A borrows its 25 %.
    chain.travel_to(suite.epoch_zero + 3_600).await.expect("time travel");
    for (staker, amount) in [(alice, usdc(600_000)), (bob, usdc(400_000))] {
        chain.send(staker, token, ITestToken::mintCall { to: staker, amount }).await.expect("mint");
        chain.send(staker, token, ITestToken::approveCall { spender: pool, value: amount }).await.expect("approve");
        chain.send(staker, pool, LS::stakeCall { amount }).await.expect("stake");
    }
    chain.send(a[3], suite.borrowers[0].proxy, SP::borrowCall { amount: usdc(250_000) }).await.expect("MM-A borrows");
    // Bob has 5,000 USDC in his wallet and no allowance left: the page must approve before staking.
    chain.send(bob, token, ITestToken::mintCall { to: bob, amount: usdc(5_000) }).await.expect("mint");

    // The page, on a free port.
    let site = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let (dir, rpc, served) = (dashboard::default_dir(), url.clone(), suite.clone());
    std::thread::spawn(move || {
        if let Err(e) = dashboard::serve(&dir, site, &rpc, &served) {
            eprintln!("dashboard: {e}");
        }
    });
    wait_for_port(site, "the dashboard");

    // Headless Chromium through chromedriver.
    let driver_addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let _driver = Driver::start(&chromedriver, driver_addr.port());
    wait_for_port(driver_addr, "chromedriver");
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1180", "--hide-scrollbars"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let browser = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://{driver_addr}"))
        .await
        .unwrap_or_else(|e| panic!("cannot start a Chromium session through {}: {e}", chromedriver.display()));
    browser.goto(&format!("http://{site}/")).await.expect("open the dashboard");

    // The clock and the pool as the page shows them.
    expect_text(&browser, "#connection", "connected").await;
    expect_text(&browser, "#epoch-number", "0").await;
    expect_text(&browser, "#epoch-phase", "open for withdrawal requests").await;
    expect_text(&browser, "#time-to-blackout", "13d 23h 00m").await;
    expect_text(&browser, "#time-to-next-epoch", "27d 23h 00m").await;
    expect_text(&browser, "#total-active-current", "1,000,000").await;
    expect_text(&browser, "#total-active-next", "1,000,000").await;
    expect_text(&browser, "#total-inactive-current", "0").await;
    expect_text(&browser, "#pool-cash", "750,000").await;
    expect_text(&browser, "#pool-lent", "250,000").await;
    expect_text(&browser, "#pool-borrower-debt", "0").await;
    expect_text(&browser, "#solvency", "solvent").await;
    expect_text(&browser, "#solvency-detail", "cash + loans 1,000,000 cover every staker's 1,000,000").await;
    // MM-A's row: 25 % of 1,000,000, all of it borrowed, no debt.
    expect_text(&browser, "#borrower-0 td.name", "MM-A").await;
    let row: Vec<String> = {
        let mut cells = Vec::new();
        for cell in ["allocation", "allocationNext", "allocated", "allocatedNext", "borrowed", "debt", "status"] {
            cells.push(text(&browser, &format!("#borrower-0 td.{cell}")).await);
        }
        cells
    };
    assert_eq!(row, ["25%", "25%", "250,000", "250,000", "250,000", "0", "ok"]);
    expect_text(&browser, "#borrower-4 td.name", "MM-E").await;
    expect_text(&browser, "#borrower-4 td.allocated", "100,000").await;
    expect_text(&browser, "#borrower-4 td.borrowed", "0").await;

    // Bob, chosen in the account list, stakes 1,234.5 through the page: approval, then stake.
    let account = browser.find(Locator::Css("#account")).await.expect("the account list");
    account.select_by_value(&format!("{bob:#x}")).await.expect("choose Bob");
    expect_text(&browser, "#staker-active-next", "400,000").await;
    expect_text(&browser, "#staker-wallet", "5,000").await;
    type_into(&browser, "#stake-amount", "1,234.5").await;
    click(&browser, "#stake").await; // Bob's allowance is 0: the page approves first
    expect_text(&browser, "#message-title", "Stake: done").await;
    expect_text(&browser, "#message-detail", "staked 1,234.5 USDC").await;
    expect_text(&browser, "#staker-active-current", "401,234.5").await;
    expect_text(&browser, "#staker-active-next", "401,234.5").await;
    expect_text(&browser, "#staker-wallet", "3,765.5").await;
    expect_text(&browser, "#total-active-current", "1,001,234.5").await;
    let staked = chain.call(pool, LS::getActiveBalanceCurrentEpochCall { staker: bob }).await.expect("Bob's stake");
    assert_eq!(staked, usdc(401_234) + U256::from(500_000u64), "the page's stake reached the pool");
    if let Ok(png) = browser.screenshot().await {
        let _ = std::fs::write(target_dir().join("dashboard-stake.png"), png);
    }

    // The blackout window: a withdrawal request shows the contract's reason.
    chain.travel_to(suite.epoch_zero + interval - blackout).await.expect("time travel");
    click(&browser, "#refresh").await;
    expect_text(&browser, "#epoch-phase", "blackout window: no withdrawal requests").await;
    expect_text(&browser, "#time-to-next-epoch", "14d 00h 00m").await;
    // The bar: the blackout window is the second half of the epoch and "now" is where it starts.
    let script = "return ['epoch-blackout', 'epoch-now'].map((id) => document.getElementById(id).style.left);";
    let lefts = browser.execute(script, vec![]).await.expect("read the bar");
    assert_eq!(lefts, serde_json::json!(["50%", "50%"]), "the epoch bar");
    // Staking more than the wallet holds: the pool's SafeERC20 reports the token's failure.
    type_into(&browser, "#stake-amount", "10000").await;
    click(&browser, "#stake").await;
    expect_text(&browser, "#message-title", "Stake failed: the contract reverted with").await;
    expect_text(&browser, "#message-detail", "SafeERC20: low-level call failed").await;
    type_into(&browser, "#withdrawal-amount", "100").await;
    click(&browser, "#request-withdrawal").await;
    expect_text(&browser, "#message-title", "Request withdrawal failed: the contract reverted with").await;
    expect_text(&browser, "#message-detail", BLACKOUT_REASON).await;
    let next = chain.call(pool, LS::getActiveBalanceNextEpochCall { staker: bob }).await.expect("Bob's next stake");
    assert_eq!(next, staked, "nothing was requested");
    expect_text(&browser, "#staker-active-next", "401,234.5").await;

    let png = browser.screenshot().await.expect("a screenshot");
    let path = target_dir().join("dashboard.png");
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("screenshot: {}", path.display());
    let _ = browser.close().await;
}
