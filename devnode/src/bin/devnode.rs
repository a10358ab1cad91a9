//! `devnode`: serves the Stylus devnode over Ethereum JSON-RPC on 127.0.0.1.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    time::Duration,
};

use clap::Parser;
use devnode::{Devnode, Rpc, CHAIN_ID, DEV_ACCOUNTS, DEV_KEYS};

#[derive(Parser)]
#[command(about = "A local Arbitrum-like chain that runs Stylus WASM, served over JSON-RPC")]
struct Args {
    /// Port to listen on (Nitro's devnode uses 8547).
    #[arg(long, default_value_t = 8547)]
    port: u16,
    /// Port of JSON-RPC over websocket, with eth_subscribe (Nitro's devnode uses 8548; 0: none).
    #[arg(long, default_value_t = 8548)]
    ws_port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The ArbOS version to model (31 to 60): from 60 on, a program entered again in the same block
    /// pays the cached entry price; ArbSys.arbOSVersion reports it.
    #[arg(long, default_value_t = devnode::ARBOS_VERSION)]
    arbos_version: u64,
    /// Keep time still unless told (evm_increaseTime, evm_setNextBlockTimestamp) instead of following
    /// the wall clock.
    #[arg(long)]
    frozen_clock: bool,
    /// Keep no call traces (debug_traceTransaction then has none; each transaction runs a little faster).
    #[arg(long)]
    no_tracing: bool,
    /// Time limit of eth_call, eth_estimateGas and debug_traceCall, in seconds (geth's rpc.evmtimeout;
    /// 0: none).
    #[arg(long = "rpc.evmtimeout", default_value_t = 5.0)]
    evm_timeout: f64,
}

fn main() {
    let args = Args::parse();
    let addr = SocketAddr::new(args.host, args.port);
    let mut node = Devnode::new();
    if let Err(e) = node.set_arbos_version(args.arbos_version) {
        eprintln!("devnode: {e}");
        std::process::exit(2);
    }
    if !args.frozen_clock {
        node.follow_wall_clock();
    }
    node.set_tracing(!args.no_tracing);
    println!("devnode: chain id {CHAIN_ID}, ArbOS {}, listening on http://{addr}", args.arbos_version);
    println!("dev accounts (1,000,000 ETH each; public test keys, never use them on a real chain):");
    for (i, (account, key)) in DEV_ACCOUNTS.iter().zip(DEV_KEYS).enumerate() {
        println!("  ({i}) {account} 0x{key}");
    }
    let ws = (args.ws_port != 0).then(|| SocketAddr::new(args.host, args.ws_port));
    if let Some(ws) = ws {
        println!("devnode: websocket JSON-RPC (eth_subscribe) on ws://{ws}");
    }
    let timeout = if args.evm_timeout > 0.0 { Duration::from_secs_f64(args.evm_timeout) } else { Duration::MAX };
    if let Err(e) = Rpc::new(node).with_call_timeout(timeout).serve_all(addr, ws) {
        eprintln!("devnode: {e}");
        std::process::exit(1);
    }
}
