//! The embedded devnode: the in-process Stylus chain served over JSON-RPC on a loopback port, and
//! the accounts of a run (the devnode's prefunded dev keys, or keys derived from one funded key).

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    str::FromStr,
    time::Duration,
};

use alloy::{primitives::keccak256, signers::local::PrivateKeySigner};
use devnode::{Devnode, Rpc, DEV_KEYS};

/// Starts the devnode on `port` (0: any free port) in a background thread; returns its URL once it
/// listens. The node lives as long as the process.
pub fn start_devnode(port: u16) -> Result<String, String> {
    serve_devnode(port, |_| {})
}

/// Starts a devnode that `setup` prepares, on `port` (0: any free port), in a background thread;
/// returns its URL once it listens. The node lives as long as the process.
pub fn serve_devnode(port: u16, setup: impl FnOnce(&mut Devnode) + Send + 'static) -> Result<String, String> {
    serve_devnode_with_ws(port, None, setup)
}

/// As [`serve_devnode`], with JSON-RPC over websocket (`eth_subscribe`) on `ws_port` when given.
pub fn serve_devnode_with_ws(port: u16, ws_port: Option<u16>, setup: impl FnOnce(&mut Devnode) + Send + 'static) -> Result<String, String> {
    let port = if port == 0 {
        TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| format!("no free port: {e}"))?.port()
    } else {
        port
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    std::thread::Builder::new()
        .name("devnode".into())
        .spawn(move || {
            let mut node = Devnode::new();
            setup(&mut node);
            let ws = ws_port.map(|port| SocketAddr::from(([127, 0, 0, 1], port)));
            if let Err(e) = Rpc::new(node).serve_all(addr, ws) {
                eprintln!("devnode: {e}");
            }
        })
        .map_err(|e| format!("cannot start the devnode thread: {e}"))?;
    for _ in 0..400 {
        if TcpStream::connect(addr).is_ok() {
            return Ok(format!("http://{addr}"));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(format!("the devnode did not listen on {addr}"))
}

/// The devnode's ten prefunded dev keys (public test keys: never use them on a real chain).
pub fn dev_signers() -> Vec<PrivateKeySigner> {
    DEV_KEYS.iter().map(|key| PrivateKeySigner::from_str(key).expect("a valid dev key")).collect()
}

/// The `i`-th account derived from `seed` (a run's actors on a real node: funded by the one funded key).
pub fn derived_signer(seed: &PrivateKeySigner, i: u64) -> PrivateKeySigner {
    let material = [seed.to_bytes().as_slice(), &i.to_be_bytes()].concat();
    PrivateKeySigner::from_bytes(&keccak256(material)).expect("a keccak digest is a valid key")
}
