//! `stylus-gate check`: checks built programs, prints the size table and writes it into the README;
//! `stylus-gate strip`: removes the DataCount section wasm-opt writes, which Nitro refuses.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use stylus_gate::{check, replace_between_markers, size_table, sizes, strip_data_count};

/// The marker name of the size table in the README.
const MARKER: &str = "sizes";

#[derive(Parser)]
#[command(about = "Checks Stylus programs as Nitro activation would, and against the D16 size limits")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks each program, prints the size table, and writes it into the README when all pass.
    Check {
        /// A README holding `<!-- BEGIN sizes -->` and `<!-- END sizes -->` markers.
        #[arg(long)]
        readme: Option<PathBuf>,
        /// The programs (.wasm); each is named after its file stem.
        #[arg(required = true)]
        programs: Vec<PathBuf>,
    },
    /// Rewrites each program without its DataCount section (Nitro's parser refuses the section).
    Strip {
        /// The programs (.wasm), rewritten in place.
        #[arg(required = true)]
        programs: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { readme, programs } => check_all(readme, &programs),
        Command::Strip { programs } => strip_all(&programs),
    }
}

/// `stylus-gate strip`.
fn strip_all(programs: &[PathBuf]) -> ExitCode {
    for path in programs {
        let stripped = std::fs::read(path).map_err(|e| e.to_string()).and_then(|wasm| strip_data_count(&wasm).map_err(|e| e.to_string()));
        if let Err(e) = stripped.and_then(|wasm| std::fs::write(path, wasm).map_err(|e| e.to_string())) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// `stylus-gate check`.
fn check_all(readme: Option<PathBuf>, programs: &[PathBuf]) -> ExitCode {
    let mut rows = Vec::new();
    let mut failed = false;
    for path in programs {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let wasm = match std::fs::read(path) {
            Ok(wasm) => wasm,
            Err(e) => {
                eprintln!("error: {name}: cannot read {}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        match check(&wasm) {
            Ok(sizes) => rows.push((name, sizes)),
            Err(rejection) => {
                for problem in &rejection.problems {
                    eprintln!("error: {name}: {problem}");
                }
                failed = true;
                rows.push((name, sizes(&wasm)));
            }
        }
    }
    let table = size_table(&rows);
    print!("{table}");
    if failed {
        eprintln!("error: the Stylus gate refused at least one program (see above)");
        return ExitCode::FAILURE;
    }
    if let Some(readme) = readme {
        let doc = std::fs::read_to_string(&readme).unwrap_or_default();
        match replace_between_markers(&doc, MARKER, &table) {
            Some(updated) if updated != doc => {
                if let Err(e) = std::fs::write(&readme, updated) {
                    eprintln!("error: cannot write {}: {e}", readme.display());
                    return ExitCode::FAILURE;
                }
            }
            Some(_) => {}
            None => {
                eprintln!("error: {} has no `<!-- BEGIN {MARKER} -->` / `<!-- END {MARKER} -->` markers", readme.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
