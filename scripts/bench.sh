#!/usr/bin/env bash
# Benchmarks (not tests), printed as tables and written into the README: devnode throughput in-process
# and over JSON-RPC, next to Hardhat's node on the same workload (Node.js from Debian if missing), and
# the pool's gas per operation next to the original Solidity's (the scenario of
# docs/reference/solidity-baseline-gas.md, with the scaling cases).
# Usage: scripts/bench.sh [transfers]
set -euo pipefail
cd "$(dirname "$0")/.."
LS1_WRITE_README=1 scripts/build.sh >/dev/null

# Replaces the README's section between <!-- BEGIN $1 --> and <!-- END $1 --> with $2.
write_readme() {
  NAME="$1" TABLE="$2" python3 - <<'PY'
import os, re
readme = open("README.md").read()
name, body = os.environ["NAME"], os.environ["TABLE"].strip() + "\n"
pattern = r"(<!-- BEGIN %s -->\n).*?(<!-- END %s -->)" % (name, name)
readme = re.sub(pattern, lambda m: m.group(1) + body + m.group(2), readme, flags=re.S)
open("README.md", "w").write(readme)
PY
}

transfers="${1:-2000}"
output=$(cargo run --quiet --release -p devnode --example throughput -- "$transfers")
table=$(echo "$output" | sed '/^## /,$d')
echo "$table"
write_readme throughput "$table"

# The same EVM-token workload on Hardhat's node (bench/hardhat, pinned in its package-lock.json).
source scripts/ensure-node.sh
(cd bench/hardhat && npm ci --no-audit --no-fund --loglevel=error)
hardhat=$(cd bench/hardhat && node throughput.js "$transfers")
devnode=$(echo "$output" | sed -n '/^## hardhat-workload/,$p' | tail -n +2)
version=$(node -p 'require("./bench/hardhat/node_modules/hardhat/package.json").version')
table=$(
  echo "| path ($transfers EVM-token transfers, signed beforehand, sent one by one) | devnode, per second | Hardhat $version, per second | devnode / Hardhat |"
  echo "|---|---:|---:|---:|"
  join -t $'\t' <(echo "$devnode" | sort) <(echo "$hardhat" | sort) | sort -r |
    awk -F'\t' '{ printf "| %s | %d | %d | %.1fx |\n", $1, $2, $3, $2 / $3 }'
)
echo "$table"
write_readme throughput-hardhat "$table"

# The pool's gas: one run prints several tables, each after a `## <name>` line naming its README section.
output=$(cargo run --quiet --release -p pool-tests --example pool_gas)
echo "$output"
for name in $(echo "$output" | sed -n 's/^## //p'); do
  table=$(echo "$output" | awk -v name="$name" '/^## / { on = ($2 == name); next } on')
  write_readme "$name" "$table"
done
