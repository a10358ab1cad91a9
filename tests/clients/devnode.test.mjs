// The devnode as the JavaScript clients of dapps use it (viem 2 and ethers 6): `ls1-demo --serve`
// deploys the suite on a devnode following the wall clock, then each test drives it as a frontend,
// an indexer or a script would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethers } from 'ethers';
import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  createPublicClient,
  createWalletClient,
  http,
  webSocket,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoBinary = process.env.LS1_DEMO ?? path.join(root, 'target/debug/ls1-demo');
const abi = (name) => JSON.parse(readFileSync(path.join(root, 'target/abi', `${name}.json`), 'utf8'));
const poolAbi = abi('liquidity-staking');
const usdcAbi = abi('usdc');
// Dev accounts 8 and 9 of the devnode (public test keys): the demo's stakers.
const ALICE_KEY = '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356';
const BOB_KEY = '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97';
const CHAIN_ID = 412346;

let demo;
let suite;
let rpcUrl;
let wsUrl;
let chain;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

before(async () => {
  const [port, wsPort, dashboardPort] = [await freePort(), await freePort(), await freePort()];
  const deployment = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls1-clients-')), 'deployment.json');
  const args = ['--serve', '--port', port, '--ws-port', wsPort, '--dashboard-port', dashboardPort, '--deployment', deployment];
  demo = spawn(demoBinary, args.map(String), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let output = '';
    demo.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Press Ctrl-C')) resolve();
    });
    demo.on('exit', (code) => reject(new Error(`ls1-demo exited with ${code} before serving:\n${output}`)));
  });
  suite = JSON.parse(readFileSync(deployment, 'utf8'));
  rpcUrl = `http://127.0.0.1:${port}`;
  wsUrl = `ws://127.0.0.1:${wsPort}`;
  chain = {
    id: CHAIN_ID,
    name: 'devnode',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl], webSocket: [wsUrl] } },
  };
});

after(() => demo?.kill());

/** Mints `amount` test USDC to the key's account, approves the pool, stakes; returns the stake's hash. */
async function stake(key, amount) {
  // No response cache: ethers keeps answers 250 ms by default, so the next nonce would be a stale one
  // on a node that mines each transaction at once (anvil and hardhat's automine alike).
  const provider = new ethers.JsonRpcProvider(rpcUrl, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  const wallet = new ethers.Wallet(key, provider);
  const usdc = new ethers.Contract(suite.usdc, usdcAbi, wallet);
  await (await usdc.mint(wallet.address, amount)).wait();
  await (await usdc.approve(suite.pool, amount)).wait();
  const pool = new ethers.Contract(suite.pool, poolAbi, wallet);
  const sent = await pool.stake(amount);
  await sent.wait();
  provider.destroy();
  return { hash: sent.hash, staker: wallet.address };
}

/** Resolves with the first value `listen` hands its callback, or rejects after `ms`. */
function first(listen, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    listen((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

test('ethers contract.on receives Staked through eth_newFilter and eth_getFilterChanges', async () => {
  const provider = new ethers.JsonRpcProvider(rpcUrl, CHAIN_ID, { staticNetwork: true, pollingInterval: 100 });
  const pool = new ethers.Contract(suite.pool, poolAbi, provider);
  const received = first((done) => pool.on('Staked', (staker, spender, amount) => done({ staker, spender, amount })));
  await new Promise((resolve) => setTimeout(resolve, 500)); // the filter is installed on the first poll
  try {
    const { staker } = await stake(ALICE_KEY, 100_000_000n);
    assert.deepEqual(await received, { staker, spender: staker, amount: 100_000_000n });
  } finally {
    await pool.removeAllListeners();
    provider.destroy();
  }
});

test('viem watchContractEvent receives Staked through a websocket subscription', async () => {
  const client = createPublicClient({ chain, transport: webSocket(wsUrl) });
  let unwatch;
  const received = first((done) => {
    unwatch = client.watchContractEvent({ address: suite.pool, abi: poolAbi, eventName: 'Staked', onLogs: (logs) => done(logs[0].args) });
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { staker } = await stake(BOB_KEY, 50_000_000n);
    assert.deepEqual(await received, { staker, spender: staker, amount: 50_000_000n });
  } finally {
    unwatch();
    await (await client.transport.getRpcClient()).close();
  }
});

test('five transactions with consecutive nonces, sent at once out of order, all mine', async () => {
  const account = privateKeyToAccount(ALICE_KEY);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const start = await publicClient.getTransactionCount({ address: account.address });
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  const signed = await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      wallet.signTransaction({ to: recipient, value: 1n, nonce: start + i, gas: 21_000n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }),
    ),
  );
  const hashes = await Promise.all([4, 2, 0, 3, 1].map((i) => publicClient.sendRawTransaction({ serializedTransaction: signed[i] })));
  const receipts = await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100 })));
  assert.deepEqual(receipts.map((r) => r.status), Array(5).fill('success'));
  assert.equal(await publicClient.getTransactionCount({ address: account.address }), start + 5);
  assert.equal(await publicClient.getBalance({ address: recipient }), 5n);
});

test('a revert reason and missing funds are classified by both libraries as they classify geth', async () => {
  const reason = 'LS1Staking: Withdraw request exceeds next active balance';
  const stranger = generatePrivateKey();
  // ethers
  const provider = new ethers.JsonRpcProvider(rpcUrl, CHAIN_ID, { staticNetwork: true });
  const poor = new ethers.Wallet(stranger, provider);
  const pool = new ethers.Contract(suite.pool, poolAbi, poor);
  await assert.rejects(pool.requestWithdrawal.staticCall(1n), (e) => e.code === 'CALL_EXCEPTION' && e.reason === reason);
  await assert.rejects(poor.sendTransaction({ to: suite.pool, value: 1n }), (e) => e.code === 'INSUFFICIENT_FUNDS');
  provider.destroy();
  // viem
  const account = privateKeyToAccount(stranger);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const call = { address: suite.pool, abi: poolAbi, functionName: 'requestWithdrawal', args: [1n], account };
  await assert.rejects(publicClient.simulateContract(call), (e) => {
    const reverted = e instanceof BaseError && e.walk((inner) => inner instanceof ContractFunctionRevertedError);
    return reverted instanceof ContractFunctionRevertedError && reverted.reason === reason;
  });
  await assert.rejects(wallet.sendTransaction({ to: suite.pool, value: 1n }), (e) => {
    return e instanceof BaseError && e.walk((inner) => inner instanceof InsufficientFundsError) instanceof InsufficientFundsError;
  });
});

test('debug_traceTransaction of a stake shows the call into the pool, the token and stkUSDC', async () => {
  const { hash } = await stake(ALICE_KEY, 10_000_000n);
  const provider = new ethers.JsonRpcProvider(rpcUrl, CHAIN_ID, { staticNetwork: true });
  const trace = await provider.send('debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
  provider.destroy();
  const called = new Set();
  const walk = (frame) => {
    called.add(frame.to.toLowerCase());
    (frame.calls ?? []).forEach(walk);
  };
  walk(trace);
  assert.equal(trace.to.toLowerCase(), suite.pool.toLowerCase());
  for (const contract of [suite.pool, suite.usdc, suite.stk_usdc]) {
    assert.ok(called.has(contract.toLowerCase()), `${contract} is in the trace: ${JSON.stringify(trace)}`);
  }
});
