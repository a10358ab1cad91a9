#!/usr/bin/env bash
# Builds nitro-replay (src/main.rs) against a Nitro checkout and prints the binary's path.
# Usage: tools/nitro-replay/build.sh /path/to/nitro
# The checkout must be at the commit the fixture names, with its submodules (`git submodule update
# --init crates/tools/wasmer brotli`): Nitro's crates are used in place, as path dependencies, with
# Nitro's own wasmer fork and its brotli C sources (feature cc_brotli), and Nitro's Cargo.lock pins
# every other version. Nothing of Nitro is copied into this repository; the build happens in
# target/nitro-replay. Needs Nitro's toolchain (rust-toolchain.toml: 1.93.0), installed if missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
nitro="$(cd "${1:?usage: tools/nitro-replay/build.sh /path/to/nitro}" && pwd)"
for need in crates/stylus/Cargo.toml crates/tools/wasmer/lib/api/Cargo.toml brotli/c/enc Cargo.lock rust-toolchain.toml; do
  [ -e "$nitro/$need" ] || { echo "build.sh: $nitro/$need is missing (a Nitro checkout with its submodules?)" >&2; exit 2; }
done
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$nitro/rust-toolchain.toml")
rustup toolchain list | grep -q "^$toolchain" || rustup toolchain install "$toolchain" --profile minimal >&2
out="$here/../../target/nitro-replay"
mkdir -p "$out/src"
cp "$here/src/main.rs" "$out/src/main.rs"
[ -f "$out/Cargo.lock" ] || cp "$nitro/Cargo.lock" "$out/Cargo.lock"
cat > "$out/Cargo.toml" <<TOML
[package]
name = "nitro-replay"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
arbutil = { path = "$nitro/crates/arbutil" }
brotli = { path = "$nitro/crates/brotli" }
prover = { path = "$nitro/crates/prover", default-features = false, features = ["native"] }
stylus = { path = "$nitro/crates/stylus", features = ["cc_brotli"] }
wasmer = { path = "$nitro/crates/tools/wasmer/lib/api" }
eyre = "0.6.5"
hex = { version = "0.4.3", features = ["std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
TOML
(cd "$out" && cargo "+$toolchain" build --release --quiet >&2)
echo "$out/target/release/nitro-replay"
