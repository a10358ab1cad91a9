//! Helpers shared by the tests that run the devnode binary as a server.

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    time::Duration,
};

/// The devnode binary on a free port, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// `ws://127.0.0.1:<port>`: JSON-RPC over websocket.
    pub ws_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the devnode binary (its clock frozen, so tests move time exactly) and waits until it listens.
pub fn start_server() -> Server {
    // Both held at once, so the two free ports differ.
    let (http, ws) = (TcpListener::bind("127.0.0.1:0").unwrap(), TcpListener::bind("127.0.0.1:0").unwrap());
    let (port, ws_port) = (http.local_addr().unwrap().port(), ws.local_addr().unwrap().port());
    drop((http, ws));
    let child = Command::new(env!("CARGO_BIN_EXE_devnode"))
        .args(["--port", &port.to_string(), "--ws-port", &ws_port.to_string(), "--frozen-clock"])
        .stdout(Stdio::null())
        .spawn()
        .expect("the devnode binary starts");
    // Owned by `Server` from here, so that a failed start still kills and reaps the process.
    let server = Server { child, url: format!("http://127.0.0.1:{port}"), ws_url: format!("ws://127.0.0.1:{ws_port}") };
    for _ in 0..400 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("the devnode did not listen on port {port}");
}

/// Posts a raw body and returns the HTTP status line and the body.
pub fn post(url: &str, body: &[u8]) -> (String, String) {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default().to_string();
    let body = reply.split("\r\n\r\n").nth(1).unwrap_or_default().to_string();
    (status, body)
}
