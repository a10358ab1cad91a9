#!/usr/bin/env bash
# The real-client suite (tests/clients/): viem 2 and ethers 6, pinned in package-lock.json, drive the
# devnode that `ls1-demo --serve` starts (filters, websocket subscriptions, out-of-order nonces, error
# classification, call traces). Needs target/debug/ls1-demo (built by `cargo test --workspace`) and
# target/abi (scripts/build.sh); installs Node.js from Debian if the machine has none.
set -euo pipefail
cd "$(dirname "$0")/../tests/clients"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test-clients: installing Debian's nodejs and npm"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node --test
