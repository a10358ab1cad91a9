#!/usr/bin/env bash
# The real-client suite (tests/clients/): viem 2 and ethers 6, pinned in package-lock.json, drive the
# devnode that `ls1-demo --serve` starts (filters, websocket subscriptions, out-of-order nonces, error
# classification, call traces). Needs target/debug/ls1-demo (built by `cargo test --workspace`) and
# target/abi (scripts/build.sh); installs Node.js from Debian if the machine has none.
set -euo pipefail
cd "$(dirname "$0")/../tests/clients"
source ../../scripts/ensure-node.sh
npm ci --no-audit --no-fund --loglevel=error
node --test
