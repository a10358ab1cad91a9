#!/usr/bin/env bash
# Compiles the bench's EVM contracts (contracts/evm/*.sol: the ERC-20 and the exchange) with the compiler
# and settings of the Solidity baseline (solc 0.7.5 from npm, optimizer 200 runs, berlin) and writes each
# one's creation bytecode, hex, beside it (contracts/evm/NAME.bin), which the bench deploys. Needs node and
# npm; the output is committed, so neither the tests nor CI need them.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/tools/solc-0.7.5
if [ ! -d "$tools/node_modules/solc" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-save solc@0.7.5)
fi
for file in contracts/evm/*.sol; do
  name=$(basename "$file" .sol)
  NODE_PATH="$PWD/$tools/node_modules" node - "$file" "$name" > "contracts/evm/$name.bin" <<'JS'
const solc = require('solc');
const fs = require('fs');
const [file, name] = process.argv.slice(2);
const input = {
  language: 'Solidity',
  sources: { [file]: { content: fs.readFileSync(file, 'utf8') } },
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'berlin', outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) console.error(e.formattedMessage);
if ((out.errors || []).some((e) => e.severity === 'error')) process.exit(1);
console.log(out.contracts[file][name].evm.bytecode.object);
JS
  echo "evm-contracts: wrote contracts/evm/$name.bin"
done
