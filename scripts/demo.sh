#!/usr/bin/env bash
# The main job: builds every program, starts the embedded devnode, deploys the whole suite with the
# pool's launch setup and plays its life epoch by epoch, including a default, printing the state after
# every step. `scripts/demo.sh --serve` deploys and keeps the node up for interactive use instead.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "demo: building the contracts (scripts/build.sh; the first build takes 15-20 minutes)"
scripts/build.sh
echo "demo: building the demo"
cargo build -p ls1-client --features embedded-node --bin ls1-demo
exec target/debug/ls1-demo "$@"
