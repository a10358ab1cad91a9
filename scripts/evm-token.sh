#!/usr/bin/env bash
# Compiles contracts/evm/BaselineToken.sol (the bench's EVM ERC-20) with the compiler and settings of
# the Solidity baseline (solc 0.7.5 from npm, optimizer 200 runs, berlin) and writes its creation
# bytecode, hex, to contracts/evm/BaselineToken.bin, which the bench deploys. Needs node and npm; the
# output is committed, so neither the tests nor CI need them.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/tools/solc-0.7.5
if [ ! -d "$tools/node_modules/solc" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-save solc@0.7.5)
fi
NODE_PATH="$PWD/$tools/node_modules" node - contracts/evm/BaselineToken.sol > contracts/evm/BaselineToken.bin <<'JS'
const solc = require('solc');
const fs = require('fs');
const file = process.argv[2];
const input = {
  language: 'Solidity',
  sources: { [file]: { content: fs.readFileSync(file, 'utf8') } },
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'berlin', outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) console.error(e.formattedMessage);
if ((out.errors || []).some((e) => e.severity === 'error')) process.exit(1);
console.log(out.contracts[file].BaselineToken.evm.bytecode.object);
JS
echo "evm-token: wrote contracts/evm/BaselineToken.bin"
