#!/usr/bin/env bash
# What CI runs: setup, build (with the Stylus gate), the formatting check, then every test of both
# workspaces (the contracts' native unit tests, then the host crates), ending with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh || exit 1
# Formatting (rustfmt.toml) and clippy's lints are checked on both workspaces before anything runs.
cargo fmt --all -- --check >/dev/null && (cd contracts && cargo fmt --all -- --check >/dev/null) || {
  echo "test: cargo fmt --check failed: run cargo fmt --all at the root and in contracts/"
  exit 1
}
cargo clippy --quiet --workspace --all-targets -- -D warnings && (cd contracts && cargo clippy --quiet --workspace --all-targets -- -D warnings) || {
  echo "test: cargo clippy found warnings (above): fix them at the root and in contracts/"
  exit 1
}
# The production client has no node in it: without the embedded-node feature it builds and lints
# clean, and neither revm nor wasmi is among its dependencies.
cargo clippy --quiet -p ls1-client --lib --bins -- -D warnings || {
  echo "test: ls1-client without the embedded-node feature has warnings (above)"
  exit 1
}
for engine in revm wasmi; do
  if cargo tree --quiet -p ls1-client -e normal -i "$engine" 2>/dev/null | grep -q "^$engine "; then
    echo "test: ls1-client without the embedded-node feature depends on $engine"
    exit 1
  fi
done
# Debian's chromium and chromedriver, for the dashboard's browser test (client/tests/it/dashboard.rs).
scripts/install-browser.sh || exit 1

# cargo-stylus, for the test that deploys through it (devnode/tests/it/cargo_stylus.rs): built once into
# target/tools (about five minutes on two cores). LS1_SKIP_CARGO_STYLUS=1 skips it; the test then
# prints why it is skipped.
if [ "${LS1_SKIP_CARGO_STYLUS:-}" != 1 ]; then
  if [ ! -x target/tools/bin/cargo-stylus ]; then
    echo "test: installing cargo-stylus 0.10.10 into target/tools"
    cargo +stable install --quiet --locked --root target/tools cargo-stylus@0.10.10 || exit 1
  fi
  export CARGO_STYLUS="$PWD/target/tools/bin/cargo-stylus"
fi

log=$(mktemp)
# Tests that cannot run here (a tool missing) record why in this file (devnode::skip_test): the
# summary counts them as skipped, not passed.
LS1_SKIPPED=$(mktemp)
export LS1_SKIPPED
status=0
(cd contracts && cargo test --no-fail-fast 2>&1) | tee -a "$log" || status=1
cargo test --workspace --no-fail-fast 2>&1 | tee -a "$log" || status=1
# The JavaScript clients (viem, ethers) against the devnode; node's runner ends with `# pass N` lines.
scripts/test-clients.sh 2>&1 | tee -a "$log" || status=1

# The disk the run's build outputs took (a CI machine once ran out of it while linking).
echo "disk: target/ holds $(du -sh target 2>/dev/null | cut -f1)"
if [ -s "$LS1_SKIPPED" ]; then
  echo "skipped tests:"
  sed 's/^/  /' "$LS1_SKIPPED"
fi
awk -v skipped="$(wc -l < "$LS1_SKIPPED")" '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
     /^# pass / { p += $3 } /^# fail / { f += $3 } /^# skipped / { s += $3 }
     END { printf "summary: %d passed, %d failed, %d skipped\n", p - skipped, f, s + skipped }' "$log"
rm -f "$log" "$LS1_SKIPPED"
exit $status
