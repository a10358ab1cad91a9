#!/usr/bin/env bash
# Regenerates devnode/tests/fixtures/nitro/execution.json (issue 19): every Stylus frame of the gas
# bench (pool-tests/examples/pool_gas.rs, its cached runs) recorded by the devnode with its requests
# of the chain, replayed under Nitro's own Stylus runtime by tools/nitro-replay, and Nitro's figures
# (status, ink left, hostio ink, output) kept per frame. pool-tests/tests/it/nitro_execution.rs
# checks the devnode against them.
# Usage: scripts/nitro-oracle.sh /path/to/nitro   (a checkout at $commit, with its submodules)
#    or: NITRO_REPLAY=/path/to/nitro-replay scripts/nitro-oracle.sh   (an oracle built already)
set -euo pipefail
cd "$(dirname "$0")/.."
commit=6dce8d13902649a1acdfd3f2504129f1f5612358
replay="${NITRO_REPLAY:-}"
if [ -z "$replay" ]; then
  replay=$(tools/nitro-replay/build.sh "${1:?usage: scripts/nitro-oracle.sh /path/to/nitro}")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
LS1_NITRO_FRAMES="$work" cargo run --quiet --release -p pool-tests --example pool_gas >/dev/null
"$replay" "$work/frames.json" --out "$work/results.json"
COMMIT="$commit" python3 - "$work/frames.json" "$work/results.json" > devnode/tests/fixtures/nitro/execution.json <<'PY'
import json, os, sys
frames = json.load(open(sys.argv[1]))
results = json.load(open(sys.argv[2]))
names = {h: os.path.basename(p)[:-len(".wasm")] for h, p in frames["programs"].items()}
kept = []
for frame, nitro in zip(frames["frames"], results["frames"], strict=True):
    assert frame["label"] == nitro["label"] and nitro["mismatch"] is None, nitro
    kept.append({
        "label": frame["label"], "program": names[frame["codehash"]], "ink": frame["ink"],
        "status": nitro["status"], "ink_left": nitro["ink_left"], "hostio_ink": nitro["hostio_ink"],
        "output": nitro["output"],
    })
print(json.dumps({
    "nitro_commit": os.environ["COMMIT"],
    "how": "scripts/nitro-oracle.sh: the gas bench's cached runs recorded by the devnode "
           "(Devnode::record_frames) and replayed by tools/nitro-replay under Nitro's stylus crate "
           "(native, singlepass, Nitro's EvmApiRequestor answering from the recorded requests), "
           "Stylus version 2, ArbOS 60, page limit 128, not a debug chain; every request Nitro made "
           "matched the recorded one (kind and data, the gas left included). Nitro's figures only.",
    "frames": kept,
}, indent=1))
PY
echo "wrote devnode/tests/fixtures/nitro/execution.json ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["frames"]))' devnode/tests/fixtures/nitro/execution.json) frames)"
