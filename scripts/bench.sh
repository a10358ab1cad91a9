#!/usr/bin/env bash
# Benchmarks (not tests), printed as tables: devnode throughput in-process and over JSON-RPC.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
cargo run --quiet --release -p devnode --example throughput -- "${1:-2000}"
