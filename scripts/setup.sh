#!/usr/bin/env bash
# Installs what the build needs and a fresh machine lacks: the nightly pinned in rust-toolchain.toml
# with its wasm32 target, rust-src, rustfmt and clippy, and Debian's binaryen (wasm-opt). Idempotent; quiet when
# nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
installed=$(rustup component list --toolchain "$channel" --installed 2>/dev/null || true)
if ! grep -q '^rust-src' <<<"$installed" || ! grep -q '^rust-std-wasm32-unknown-unknown' <<<"$installed" \
  || ! grep -q '^rustfmt' <<<"$installed" || ! grep -q '^clippy' <<<"$installed"; then
  echo "setup: installing Rust $channel with wasm32-unknown-unknown, rust-src, rustfmt and clippy"
  rustup toolchain install --no-self-update >/dev/null
fi

missing=()
command -v wasm-opt >/dev/null || missing+=(binaryen)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
