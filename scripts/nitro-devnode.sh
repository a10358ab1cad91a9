#!/usr/bin/env bash
# Starts Offchain Labs' Nitro node in dev mode in Docker (for people who have Docker), on
# http://127.0.0.1:8547 with Nitro's prefunded dev key, then checks that the StylusDeployer the suite
# deploys through is there. Point the end-to-end tests at it with:
#   RPC_URL=http://127.0.0.1:8547 PRIVATE_KEY=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659 \
#     cargo test -p e2e
# Nitro has no time travel: the scenarios that move through epochs say so and are skipped.
# Usage: scripts/nitro-devnode.sh [image]   (default offchainlabs/nitro-node:v3.5.5-90ee45c)
set -euo pipefail
image="${1:-offchainlabs/nitro-node:v3.5.5-90ee45c}"
rpc=http://127.0.0.1:8547
deployer=0xcEcba2F1DC234f70Dd89F2041029807F8D03A990

command -v docker >/dev/null || { echo "nitro-devnode: Docker is needed (the embedded devnode needs nothing: cargo run -p devnode)"; exit 1; }
docker rm -f ls1-nitro-dev >/dev/null 2>&1 || true
docker run -d --name ls1-nitro-dev -p 8547:8547 "$image" \
  --dev --http.addr 0.0.0.0 --http.api=net,web3,eth,debug --http.vhosts='*' --http.corsdomain='*' >/dev/null
echo "nitro-devnode: started $image as container ls1-nitro-dev; waiting for $rpc"
call() { curl -s -X POST -H 'Content-Type: application/json' --data "$1" "$rpc"; }
for _ in $(seq 1 60); do
  call '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' | grep -q result && break
  sleep 1
done
call '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' | grep -q result || { echo "nitro-devnode: no answer from $rpc"; exit 1; }
code=$(call "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getCode\",\"params\":[\"$deployer\",\"latest\"]}")
if grep -q '"result":"0x"' <<<"$code"; then
  echo "nitro-devnode: the StylusDeployer is not deployed at $deployer on this node; deploy it first"
  echo "  (OffchainLabs/nitro-devnode's run-dev-node.sh does), or deploy_suite cannot construct the routers"
fi
echo "nitro-devnode: ready at $rpc (stop with: docker rm -f ls1-nitro-dev)"
