//! Serves the dashboard (`dashboard/` at the top of the checkout): its static files, and a
//! `config.json` generated for one deployment (`{ "rpcUrl": …, "suite": <the Suite's JSON> }`), which
//! the page reads to find the node and the addresses. The page talks JSON-RPC to the node itself.

use std::{
    net::SocketAddr,
    path::{Component, Path, PathBuf},
};

use crate::deploy::Suite;

/// The dashboard's folder in this checkout.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dashboard")
}

/// The `config.json` the page reads: the node's URL and the deployment's addresses.
pub fn config_json(rpc_url: &str, suite: &Suite) -> Result<String, String> {
    let config = serde_json::json!({ "rpcUrl": rpc_url, "suite": suite });
    serde_json::to_string_pretty(&config).map_err(|e| format!("cannot write config.json: {e}"))
}

/// Serves the static files of `dir` and the generated `config.json` on `addr` until the process
/// ends (blocking: run it in a thread to do something else meanwhile). Only GET and HEAD, only
/// files inside `dir`.
pub fn serve(dir: &Path, addr: SocketAddr, rpc_url: &str, suite: &Suite) -> Result<(), String> {
    let dir = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
    if !dir.join("index.html").is_file() {
        return Err(format!("{} has no index.html: not the dashboard's folder", dir.display()));
    }
    let config = config_json(rpc_url, suite)?;
    let server = tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    for request in server.incoming_requests() {
        let reply = match request.method() {
            tiny_http::Method::Get | tiny_http::Method::Head => answer(&dir, request.url(), &config),
            _ => text(405, "GET only"),
        };
        let _ = request.respond(reply);
    }
    Ok(())
}

type Reply = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name, value).expect("a static header")
}

fn text(status: u16, body: &str) -> Reply {
    tiny_http::Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn file(body: Vec<u8>, content_type: &str) -> Reply {
    tiny_http::Response::from_data(body).with_header(header("Content-Type", content_type)).with_header(header("Cache-Control", "no-store"))
}

/// The answer to `GET url`.
fn answer(dir: &Path, url: &str, config: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    if path == "/config.json" {
        return file(config.as_bytes().to_vec(), "application/json");
    }
    let Some(local) = resolve(dir, &path) else { return text(404, "not found") };
    match std::fs::read(&local) {
        Ok(body) => file(body, content_type(&local)),
        Err(_) => text(404, "not found"),
    }
}

/// `path` (from the URL) as a file inside `dir`, refusing anything that would leave it.
fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.as_os_str().is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = dir.join(relative).canonicalize().ok()?;
    (full.starts_with(dir) && full.is_file()).then_some(full)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = default_dir().canonicalize().unwrap();
        assert!(resolve(&dir, "/index.html").is_some());
        assert!(resolve(&dir, "/app.js").is_some());
        assert!(resolve(&dir, "/../Cargo.toml").is_none());
        assert!(resolve(&dir, "/%2e%2e/Cargo.toml").is_none());
        assert!(resolve(&dir, "//etc/passwd").is_none());
        assert!(resolve(&dir, "/missing.js").is_none());
        assert_eq!(content_type(Path::new("a/style.css")), "text/css; charset=utf-8");
    }
}
