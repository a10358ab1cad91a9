//! `ls1`: the LS1 operators' command line and keeper (see the README's "Operator tools").

use clap::Parser;
use ls1_client::cli::{run, Cli};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let cli = Cli::parse();
    if let Err(message) = run(cli).await {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
