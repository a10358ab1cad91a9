//! The embedded devnode (feature `embedded-node`): the in-process Stylus chain served over JSON-RPC
//! on a loopback port.

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    time::Duration,
};

use devnode::{Devnode, Rpc};

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
