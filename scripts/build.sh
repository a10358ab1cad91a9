#!/usr/bin/env bash
# Builds every Stylus program to target/wasm/<contract>.wasm (nightly, build-std, wasm-opt), checks it
# with the Stylus gate (validity as Nitro's activation, D16 size limits), prints the size table (and
# writes it into the README with LS1_WRITE_README=1), and writes each JSON ABI to target/abi/<contract>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Every contract crate: a Cargo.toml under contracts/ that builds a cdylib. Crates on
# openzeppelin-stylus build in a cargo call of their own: it turns on alloy-primitives' tiny-keccak,
# which would compile keccak into every other program instead of calling the host (~0.9 KB each).
contracts=()
oz=()
plain=()
for manifest in $(find contracts -name Cargo.toml -not -path '*/target/*' | xargs grep -l 'cdylib' | sort); do
  name="$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)"
  contracts+=("$name")
  if grep -q 'openzeppelin-stylus' "$manifest"; then oz+=("-p=$name"); else plain+=("-p=$name"); fi
done

# LS1_KEEP_NAMES=1 keeps each function's name in the programs (for scripts/profile.sh): the code is the
# same, the modules larger by their name sections.
wasm_opt_flags=(-Oz --enable-bulk-memory --enable-sign-ext)
if [ "${LS1_KEEP_NAMES:-}" = 1 ]; then
  export CARGO_PROFILE_RELEASE_STRIP=false
  wasm_opt_flags+=(--debuginfo)
fi

echo "build: compiling ${contracts[*]} for wasm32"
build_wasm() {
  if [ "$#" -gt 0 ]; then
    # Not quiet: a first build takes many minutes, and cargo's progress shows it moving.
    (cd contracts && cargo build --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort "$@")
  fi
}
build_wasm "${oz[@]}"
build_wasm "${plain[@]}"

mkdir -p target/wasm target/abi
programs=()
for name in "${contracts[@]}"; do
  wasm-opt "${wasm_opt_flags[@]}" \
    "target/contracts/wasm32-unknown-unknown/release/${name//-/_}.wasm" -o "target/wasm/$name.wasm"
  programs+=("target/wasm/$name.wasm")
done

cargo build --quiet -p stylus-gate -p bindings
# wasm-opt writes a DataCount section under bulk memory; Nitro's parser refuses every module with one.
target/debug/stylus-gate strip "${programs[@]}"
# The README's size table is rewritten only when asked (scripts/bench.sh does), so a build or a CI run
# leaves the tree as it found it.
readme=()
[ "${LS1_WRITE_README:-}" = 1 ] && readme=(--readme README.md)
target/debug/stylus-gate check "${readme[@]}" "${programs[@]}"
target/debug/export-abi target/abi
