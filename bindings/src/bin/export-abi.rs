//! Writes `<dir>/<program>.json`, the JSON ABI of every program, for explorers, wallets and tools.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: export-abi <output directory>");
        return ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, abi) in bindings::contracts() {
        let path = dir.join(format!("{name}.json"));
        let json = serde_json::to_string_pretty(&abi).expect("a JSON ABI always serializes");
        if let Err(e) = std::fs::write(&path, json + "\n") {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
