//! The demo (`scripts/demo.sh`, the main job): the pool's whole life on the embedded devnode, each
//! chapter shown, ending with what every staker put in and got back.

use std::process::Command;

#[test]
fn the_demo_plays_every_chapter_and_stakers_get_back_what_they_asked_for() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let deployment = std::env::temp_dir().join(format!("ls1-demo-test-{port}.json"));
    let output = Command::new(env!("CARGO_BIN_EXE_ls1-demo"))
        .args(["--port", &port.to_string(), "--deployment", deployment.to_str().unwrap()])
        .output()
        .expect("ls1-demo runs");
    let _ = std::fs::remove_file(&deployment);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "ls1-demo failed:\n{text}\n{}", String::from_utf8_lossy(&output.stderr));
    let steps: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("=== ")).collect();
    assert_eq!(
        steps,
        [
            "Step 1: launch",
            "Step 2: epoch 0 starts: stakers deposit",
            "Step 3: epoch 0's blackout window: market makers borrow their allocations",
            "Step 4: epoch 1: withdrawal requests before the blackout window",
            "Step 5: epoch 1's blackout window: market makers repay what stakers asked for",
            "Step 6: epoch 2: a default",
            "Step 7: epoch 2: stakers take their money out",
            "Step 8: the guardian steps in",
            "Summary",
        ]
    );
    // Staker, staked, back in the wallet, still staked (the rewards depend on the seconds that pass).
    let summary = text.split("=== Summary").nth(1).expect("a summary");
    let rows: Vec<Vec<&str>> = summary.lines().skip(3).take(3).map(|l| l.split_whitespace().take(4).collect()).collect();
    assert_eq!(
        rows,
        [
            ["Alice", "5,000,000", "0", "4,500,000"],
            ["Bob", "3,000,000", "1,000,000", "2,000,000"],
            ["Carol", "2,000,000", "2,000,000", "500,000"],
        ]
    );
}
