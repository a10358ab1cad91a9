//! JSON-RPC over websocket, on its own port as Nitro serves it (8548 beside HTTP's 8547): every method
//! the HTTP server answers, plus `eth_subscribe` (`newHeads`, `logs`, `newPendingTransactions`) and
//! `eth_unsubscribe`. Each connection has a thread and hands its work to the thread that owns the
//! chain (which is not `Send`); notifications go out as blocks are mined.

use std::{
    collections::BTreeMap,
    io::ErrorKind,
    net::{SocketAddr, TcpListener, TcpStream},
    sync::mpsc::{self, Sender},
    time::Duration,
};

use serde_json::{json, Value};
use tungstenite::{Error, Message, WebSocket};

use crate::rpc::{error, invalid_params, quantity, response, LogFilter, Rpc, RpcError, RpcResult};

/// How often a connection looks for new blocks to notify while it waits for requests.
const POLL: Duration = Duration::from_millis(20);

/// Work a connection hands to the thread that owns the chain.
pub(crate) type Job = Box<dyn FnOnce(&mut Rpc) + Send>;

/// Runs `work` on the chain's thread and waits for its result (`None`: the node stopped).
fn run<T: Send + 'static>(jobs: &Sender<Job>, work: impl FnOnce(&mut Rpc) -> T + Send + 'static) -> Option<T> {
    let (reply, result) = mpsc::channel();
    jobs.send(Box::new(move |rpc| {
        let _ = reply.send(work(rpc));
    }))
    .ok()?;
    result.recv().ok()
}

/// Listens on `addr` and serves each websocket connection on its own thread.
pub(crate) fn serve(jobs: Sender<Job>, addr: SocketAddr) -> Result<(), String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    std::thread::Builder::new()
        .name("devnode-ws".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let jobs = jobs.clone();
                let _ = std::thread::Builder::new().name("devnode-ws-connection".into()).spawn(move || session(&jobs, stream));
            }
        })
        .map_err(|e| format!("cannot start the websocket thread: {e}"))?;
    Ok(())
}

/// What a subscription sends, and the next block it looks at.
enum Subscription {
    Heads {
        next: u64,
    },
    Logs {
        filter: Box<LogFilter>,
        next: u64,
    },
    /// Transactions mine as they arrive: nothing is ever pending.
    PendingTransactions,
}

/// One connection's subscriptions, by id.
#[derive(Default)]
struct Subscriptions {
    last_id: u64,
    active: BTreeMap<u64, Subscription>,
}

/// Serves one connection until it closes: answers requests, then sends what its subscriptions saw.
fn session(jobs: &Sender<Job>, stream: TcpStream) {
    let Ok(mut socket) = tungstenite::accept(stream) else { return };
    if socket.get_mut().set_read_timeout(Some(POLL)).is_err() {
        return;
    }
    let mut subscriptions = Subscriptions::default();
    loop {
        match socket.read() {
            Ok(Message::Text(text)) => {
                let Some(reply) = answer(jobs, &mut subscriptions, text.as_bytes()) else { return };
                if socket.send(Message::text(reply.to_string())).is_err() {
                    return;
                }
            }
            Ok(Message::Close(_)) => return,
            Ok(_) => {}
            Err(Error::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
        if notify(jobs, &mut subscriptions, &mut socket).is_err() {
            return;
        }
    }
}

/// Answers a request or batch: subscriptions here, everything else by the node.
fn answer(jobs: &Sender<Job>, subscriptions: &mut Subscriptions, body: &[u8]) -> Option<Value> {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let method = request.get("method").and_then(Value::as_str).unwrap_or_default();
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = request.get("params").and_then(Value::as_array).cloned().unwrap_or_default();
    match method {
        "eth_subscribe" => {
            let subscription = run(jobs, move |rpc| subscription(rpc, &params))?;
            Some(response(id, subscription.map(|subscription| subscriptions.add(subscription))))
        }
        "eth_unsubscribe" => Some(response(id, subscriptions.remove(&params))),
        _ => {
            let body = body.to_vec();
            run(jobs, move |rpc| rpc.handle(&body))
        }
    }
}

/// What `eth_subscribe` asks for, from the next block on.
fn subscription(rpc: &Rpc, params: &[Value]) -> Result<Subscription, RpcError> {
    let next = rpc.node.ledger().latest().header.number + 1;
    match params.first().and_then(Value::as_str) {
        Some("newHeads") => Ok(Subscription::Heads { next }),
        Some("logs") => {
            let criteria = params.get(1).cloned().unwrap_or_else(|| json!({}));
            Ok(Subscription::Logs { filter: Box::new(LogFilter::parse(&rpc.node, Some(&criteria))?), next })
        }
        Some("newPendingTransactions") => Ok(Subscription::PendingTransactions),
        other => Err(invalid_params(format!("unknown subscription: {}", other.unwrap_or("(none)")))),
    }
}

impl Subscriptions {
    fn add(&mut self, subscription: Subscription) -> Value {
        self.last_id += 1;
        self.active.insert(self.last_id, subscription);
        quantity(self.last_id)
    }

    fn remove(&mut self, params: &[Value]) -> RpcResult {
        let id = params.first().and_then(Value::as_str).and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok());
        let id = id.ok_or_else(|| error(-32602, "expected a subscription id"))?;
        Ok(json!(self.active.remove(&id).is_some()))
    }
}

/// Sends every subscription the blocks mined since it last looked, one notification per block
/// header or log.
fn notify(jobs: &Sender<Job>, subscriptions: &mut Subscriptions, socket: &mut WebSocket<TcpStream>) -> Result<(), Error> {
    if subscriptions.active.is_empty() {
        return socket.flush();
    }
    let mut active = std::mem::take(&mut subscriptions.active);
    let found = run(jobs, move |rpc| {
        let notifications = notifications(rpc, &mut active);
        (active, notifications)
    });
    let Some((active, notifications)) = found else { return Err(Error::ConnectionClosed) };
    subscriptions.active = active;
    for notification in notifications {
        socket.send(Message::text(notification.to_string()))?;
    }
    socket.flush()
}

/// The notifications of the blocks mined since each subscription last looked.
fn notifications(rpc: &Rpc, active: &mut BTreeMap<u64, Subscription>) -> Vec<Value> {
    let ledger = rpc.node.ledger();
    let latest = ledger.latest().header.number;
    let mut notifications = vec![];
    for (id, subscription) in active {
        let mut send = |result: Value| {
            let params = json!({ "subscription": quantity(*id), "result": result });
            notifications.push(json!({ "jsonrpc": "2.0", "method": "eth_subscription", "params": params }));
        };
        match subscription {
            Subscription::Heads { next } => {
                for block in ledger.range((*next).min(latest + 1), latest) {
                    send(json!(block.to_rpc(false).header));
                }
                *next = latest + 1;
            }
            Subscription::Logs { filter, next } => {
                filter.logs(&rpc.node, (*next).min(latest + 1), latest).into_iter().for_each(|log| send(json!(log)));
                *next = latest + 1;
            }
            Subscription::PendingTransactions => {}
        }
    }
    notifications
}
