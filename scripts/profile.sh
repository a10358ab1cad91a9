#!/usr/bin/env bash
# Where the programs' WASM gas goes, function by function: builds the programs with their function
# names (LS1_KEEP_NAMES=1), replays the gas bench's scenario with the devnode's per-function counters
# (Devnode::profile_functions) and prints the `wasm-profile` table of sections 1-9, cached. Builds the
# programs again as they deploy on the way out, so target/wasm is left as scripts/build.sh makes it.
set -euo pipefail
cd "$(dirname "$0")/.."
LS1_KEEP_NAMES=1 scripts/build.sh >/dev/null
trap 'scripts/build.sh >/dev/null' EXIT
LS1_PROFILE=1 cargo run --quiet --release -p pool-tests --example pool_gas | sed -n '/^## wasm-profile/,$p'
