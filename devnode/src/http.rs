//! JSON-RPC over HTTP, served by hyper on a tokio runtime: connections are served concurrently.
//! Requests that read only the chain's constants and mined history (blocks, receipts, traces, the
//! block number) are answered on the server's own threads from a copy of the history that the chain's
//! thread keeps current, so they never wait behind a long call; everything else is handed, one
//! request at a time, to the thread that owns the chain (which is not `Send`).

use std::{
    convert::Infallible,
    net::SocketAddr,
    sync::{mpsc::Sender, Arc, RwLock},
};

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::{body::Bytes, body::Incoming, header, server::conn::http1, service::service_fn, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;

use crate::{
    ledger::Ledger,
    rpc::{answer_from_history, error, response, Rpc, MAX_REQUEST},
    ws::Job,
};

/// The history the server answers from, kept current by the chain's thread.
pub(crate) type History = Arc<RwLock<Ledger>>;

/// Listens on `addr` and serves HTTP on a thread of its own; returns once listening.
pub(crate) fn serve(jobs: Sender<Job>, history: History, addr: SocketAddr) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    listener.set_nonblocking(true).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("devnode-http")
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    std::thread::Builder::new()
        .name("devnode-http-accept".into())
        .spawn(move || runtime.block_on(accept(listener, jobs, history)))
        .map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    Ok(())
}

/// Accepts connections and serves each as a task.
async fn accept(listener: std::net::TcpListener, jobs: Sender<Job>, history: History) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("a listening socket");
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let (jobs, history) = (jobs.clone(), history.clone());
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(request, jobs.clone(), history.clone()));
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// One HTTP request: POSTed JSON-RPC (at most [`MAX_REQUEST`] bytes), CORS preflights, else 405.
async fn answer(request: Request<Incoming>, jobs: Sender<Job>, history: History) -> Result<Response<Full<Bytes>>, Infallible> {
    let refusal = |status, message: String| (status, response(Value::Null, Err(error(-32600, message))));
    let (status, body) = match *request.method() {
        Method::OPTIONS => (StatusCode::NO_CONTENT, Value::Null),
        Method::POST => match Limited::new(request.into_body(), MAX_REQUEST).collect().await {
            Ok(body) => (StatusCode::OK, rpc(body.to_bytes(), &jobs, &history).await),
            Err(e) if e.is::<LengthLimitError>() => {
                refusal(StatusCode::PAYLOAD_TOO_LARGE, format!("request larger than {MAX_REQUEST} bytes"))
            }
            Err(e) => refusal(StatusCode::BAD_REQUEST, format!("cannot read the request: {e}")),
        },
        _ => refusal(StatusCode::METHOD_NOT_ALLOWED, "JSON-RPC requests are POSTed".into()),
    };
    let text = if body.is_null() { String::new() } else { body.to_string() };
    let reply = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type")
        .body(Full::new(Bytes::from(text)))
        .expect("a well-formed response");
    Ok(reply)
}

/// Answers a JSON-RPC body: from the history when it only reads that, else on the chain's thread.
async fn rpc(body: Bytes, jobs: &Sender<Job>, history: &History) -> Value {
    if let Some(answer) = answer_from_history(&history.read().unwrap_or_else(std::sync::PoisonError::into_inner), &body) {
        return answer;
    }
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |rpc: &mut Rpc| {
        let _ = reply.send(rpc.handle(&body));
    });
    let stopped = || response(Value::Null, Err(error(-32603, "the node stopped")));
    if jobs.send(job).is_err() {
        return stopped();
    }
    answer.await.unwrap_or_else(|_| stopped())
}
