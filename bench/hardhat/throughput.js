// The devnode's throughput workload on Hardhat's node (pinned in package-lock.json), for
// scripts/bench.sh: the EVM token of contracts/evm/BaselineToken.sol deployed, N units minted, then
// N transfers of one unit, all signed beforehand, sent one after the other as eth_sendRawTransaction
// (each mined when sent), in-process (Hardhat's provider) and over JSON-RPC (`hardhat node`).
// Prints `<path>\t<transfers per second>` per path. Usage: node throughput.js [N]
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");
const { AbiCoder, Interface, Wallet, getCreateAddress } = require("ethers");

// Hardhat's first prefunded account.
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const RECIPIENT = "0x" + "b0".repeat(20);
const erc20 = new Interface([
  "function mint(address to, uint256 amount)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
]);

/** The deployment, the mint and `n` transfers, signed. */
async function workload(n) {
  const wallet = new Wallet(KEY);
  const bin = fs.readFileSync(path.join(__dirname, "../../contracts/evm/BaselineToken.bin"), "utf8").trim();
  const args = AbiCoder.defaultAbiCoder().encode(["string", "string", "uint8"], ["USD Coin", "USDC", 6]);
  const token = getCreateAddress({ from: wallet.address, nonce: 0 });
  const base = { chainId: 31337, type: 2, maxFeePerGas: 1_000_000_000n, maxPriorityFeePerGas: 0n, gasLimit: 3_000_000n };
  const txs = [
    { ...base, nonce: 0, data: "0x" + bin.replace(/^0x/, "") + args.slice(2) },
    { ...base, nonce: 1, to: token, data: erc20.encodeFunctionData("mint", [wallet.address, n]) },
  ];
  for (let i = 0; i < n; i++) {
    txs.push({ ...base, nonce: 2 + i, to: token, data: erc20.encodeFunctionData("transfer", [RECIPIENT, 1]) });
  }
  const raws = [];
  for (const tx of txs) raws.push(await wallet.signTransaction(tx));
  return { token, raws };
}

/** Seconds the transfers take through `request`; checks every one landed. */
async function run(request, { token, raws }) {
  for (const raw of raws.slice(0, 2)) await request("eth_sendRawTransaction", [raw]);
  const start = process.hrtime.bigint();
  for (const raw of raws.slice(2)) await request("eth_sendRawTransaction", [raw]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const data = erc20.encodeFunctionData("balanceOf", [RECIPIENT]);
  const landed = BigInt(await request("eth_call", [{ to: token, data }, "latest"]));
  if (landed !== BigInt(raws.length - 2)) throw new Error(`${landed} of ${raws.length - 2} transfers landed`);
  return seconds;
}

/** A free local port. */
function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `hardhat node` on a free port, and a JSON-RPC request function for it. */
async function hardhatNode() {
  const port = await freePort();
  const cli = require.resolve("hardhat/internal/cli/cli");
  const child = spawn(process.execPath, [cli, "node", "--port", String(port)], { cwd: __dirname, stdio: "ignore" });
  let id = 0;
  const request = async (method, params) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params });
    const response = await fetch(`http://127.0.0.1:${port}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const answer = await response.json();
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  };
  for (let tries = 0; ; tries++) {
    try {
      await request("eth_chainId", []);
      return { child, request };
    } catch (e) {
      if (tries > 600) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function main() {
  const n = Number(process.argv[2] || 2000);
  const signed = await workload(n);
  const hre = require("hardhat");
  const inProcess = await run((method, params) => hre.network.provider.request({ method, params }), signed);
  console.log(`in-process\t${Math.round(n / inProcess)}`);
  const { child, request } = await hardhatNode();
  try {
    const overRpc = await run(request, signed);
    console.log(`JSON-RPC\t${Math.round(n / overRpc)}`);
  } finally {
    child.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
