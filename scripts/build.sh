#!/usr/bin/env bash
# Builds every Stylus program to target/wasm/<contract>.wasm (nightly, build-std, wasm-opt), checks it
# with the Stylus gate (validity as Nitro's activation, D16 size limits), writes the size table into
# the README, and writes each JSON ABI to target/abi/<contract>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Every contract crate: a Cargo.toml under contracts/ that builds a cdylib.
contracts=()
for manifest in $(grep -l 'cdylib' contracts/*/*/Cargo.toml | sort); do
  contracts+=("$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)")
done

echo "build: compiling ${contracts[*]} for wasm32"
(cd contracts && cargo build --quiet --release --target wasm32-unknown-unknown \
  -Z build-std=std,panic_abort "${contracts[@]/#/-p=}")

mkdir -p target/wasm target/abi
programs=()
for name in "${contracts[@]}"; do
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext \
    "target/contracts/wasm32-unknown-unknown/release/${name//-/_}.wasm" -o "target/wasm/$name.wasm"
  programs+=("target/wasm/$name.wasm")
done

cargo build --quiet -p stylus-gate -p bindings
target/debug/stylus-gate check --readme README.md "${programs[@]}"
target/debug/export-abi target/abi
