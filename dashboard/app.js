// The LS1 dashboard: plain JavaScript, no build step, no library. It talks JSON-RPC straight to the
// node: reads in one batch per refresh, transactions through `eth_sendTransaction` (the devnode signs
// for its dev accounts) or through an injected wallet (`window.ethereum`). The calls are ABI-encoded
// by hand (selector + 32-byte words) and a revert's `Error(string)` is decoded from the error's data.
//
// Configuration: `config.json` next to the page (`{ "rpcUrl": …, "suite": <Suite::save JSON> }`),
// overridden by query parameters: rpc, pool, usdc, dydx, stkUsdc, borrowers (name:0x…,…), account,
// refresh (seconds), config (another config file's URL).
'use strict';

const USDC_DECIMALS = 6;
const DYDX_DECIMALS = 18;

// The first four bytes of keccak256 of each signature (client/tests/dashboard.rs checks them).
const SELECTORS = {
  'getEpochParameters()': '0xc89b0fff',
  'getBlackoutWindow()': '0x29b103d8',
  'getTotalActiveBalanceCurrentEpoch()': '0x3051f940',
  'getTotalActiveBalanceNextEpoch()': '0x03f637f6',
  'getTotalInactiveBalanceCurrentEpoch()': '0xd8a3f3be',
  'getTotalInactiveBalanceNextEpoch()': '0x35de00ab',
  'getTotalBorrowedBalance()': '0x2a7564ce',
  'getTotalBorrowerDebtBalance()': '0xe9d95d80',
  'getTotalDebtAvailableToWithdraw()': '0x30d738de',
  'getRewardsPerSecond()': '0x76f259b2',
  'getAllocationFractionCurrentEpoch(address)': '0x1609caa3',
  'getAllocationFractionNextEpoch(address)': '0xa632f1db',
  'getAllocatedBalanceCurrentEpoch(address)': '0x8420dd28',
  'getAllocatedBalanceNextEpoch(address)': '0xcfac7228',
  'getBorrowedBalance(address)': '0xe0fc629c',
  'getBorrowerDebtBalance(address)': '0xa1faea4c',
  'isBorrowerOverdue(address)': '0xb8031a6a',
  'isBorrowingRestrictedForBorrower(address)': '0x6749f802',
  'getActiveBalanceCurrentEpoch(address)': '0x639b8d62',
  'getActiveBalanceNextEpoch(address)': '0x6461d4bf',
  'getInactiveBalanceCurrentEpoch(address)': '0x2495c2ab',
  'getInactiveBalanceNextEpoch(address)': '0x44501f98',
  'getStakerDebtBalance(address)': '0x639347f4',
  'getStakeAvailableToWithdraw(address)': '0x408aabc7',
  'getDebtAvailableToWithdraw(address)': '0xadac80d4',
  'claimRewards(address)': '0xef5cfb8c',
  'stake(uint256)': '0xa694fc3a',
  'requestWithdrawal(uint256)': '0x9ee679e8',
  'withdrawMaxStake(address)': '0x5da51e1f',
  'withdrawMaxDebt(address)': '0x6f21c962',
  'balanceOf(address)': '0x70a08231',
  'allowance(address,address)': '0xdd62ed3e',
  'approve(address,uint256)': '0x095ea7b3',
  'Error(string)': '0x08c379a0',
  'Panic(uint256)': '0x4e487b71',
  // The test tokens' custom errors (OpenZeppelin ERC-20), which the pool's SafeERC20 passes through.
  'ERC20InsufficientBalance(address,uint256,uint256)': '0xe450d38c',
  'ERC20InsufficientAllowance(address,uint256,uint256)': '0xfb8f41b2',
  'ERC20InvalidSender(address)': '0x96c6fd1e',
  'ERC20InvalidReceiver(address)': '0xec442f05',
  'ERC20InvalidApprover(address)': '0xe602df05',
  'ERC20InvalidSpender(address)': '0x94280d62',
};

// ---------------------------------------------------------------------------------------------
// ABI: encoding and decoding by hand.

function selector(signature) {
  const s = SELECTORS[signature];
  if (!s) throw new Error(`no selector for ${signature}`);
  return s;
}

function uintWord(value) {
  const v = BigInt(value);
  if (v < 0n || v >= 1n << 256n) throw new Error(`not a uint256: ${value}`);
  return v.toString(16).padStart(64, '0');
}

function addressWord(address) {
  const hex = String(address).toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error(`not an address: ${address}`);
  return hex.padStart(64, '0');
}

/** Calldata for `signature` with `args` (only static address/uint/bool arguments). */
function encodeCall(signature, ...args) {
  const inner = signature.slice(signature.indexOf('(') + 1, -1);
  const types = inner ? inner.split(',') : [];
  if (types.length !== args.length) throw new Error(`${signature} takes ${types.length} arguments`);
  const words = types.map((type, i) => {
    if (type === 'address') return addressWord(args[i]);
    if (type.startsWith('uint')) return uintWord(args[i]);
    if (type === 'bool') return uintWord(args[i] ? 1 : 0);
    throw new Error(`cannot encode ${type}`);
  });
  return selector(signature) + words.join('');
}

/** The `i`-th 32-byte word of return data, as a BigInt. */
function wordAt(data, i = 0) {
  const hex = String(data || '0x').replace(/^0x/, '');
  const chunk = hex.slice(i * 64, i * 64 + 64);
  if (chunk.length !== 64) throw new Error(`short return data: ${data}`);
  return BigInt('0x' + chunk);
}

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

/** The reason in revert data: `Error(string)`'s text, a `Panic(uint256)` code, or the raw data. */
function decodeRevert(data) {
  const hex = String(data).replace(/^0x/, '').toLowerCase();
  if (hex === '') return 'reverted without a reason';
  if (hex.startsWith(selector('Error(string)').slice(2))) {
    try {
      const body = hex.slice(8);
      const offset = Number(BigInt('0x' + body.slice(0, 64))) * 2;
      const length = Number(BigInt('0x' + body.slice(offset, offset + 64))) * 2;
      const text = body.slice(offset + 64, offset + 64 + length);
      if (text.length === length) return new TextDecoder().decode(hexToBytes(text));
    } catch (_) { /* fall through to the raw data */ }
  }
  if (hex.startsWith(selector('Panic(uint256)').slice(2)) && hex.length >= 72) {
    return `Panic(0x${BigInt('0x' + hex.slice(8, 72)).toString(16)})`;
  }
  // A known custom error with static arguments: its name and arguments (amounts in base units).
  for (const [signature, known] of Object.entries(SELECTORS)) {
    if (!signature.startsWith('ERC20') || !hex.startsWith(known.slice(2))) continue;
    const types = signature.slice(signature.indexOf('(') + 1, -1).split(',').filter(Boolean);
    if (hex.length < 8 + 64 * types.length) break;
    const args = types.map((type, i) => {
      const word = hex.slice(8 + 64 * i, 8 + 64 * (i + 1));
      return type === 'address' ? '0x' + word.slice(24) : BigInt('0x' + word).toString();
    });
    return `${signature.slice(0, signature.indexOf('('))}(${args.join(', ')})`;
  }
  return `reverted with data 0x${hex}`;
}

/** Revert data somewhere in an error: the node's `error.data`, or nested the ways wallets nest it. */
function findRevertData(error, depth = 0) {
  if (error == null || depth > 6) return null;
  if (typeof error === 'string') return /^0x([0-9a-fA-F]{2})*$/.test(error) ? error : null;
  if (typeof error !== 'object') return null;
  for (const key of ['data', 'error', 'originalError', 'cause', 'info', 'payload']) {
    const found = findRevertData(error[key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** What to show for a failed call: the contract's reason when it reverted, else the error's message. */
function failureReason(error) {
  const data = findRevertData(error);
  if (data !== null) return { reverted: true, text: decodeRevert(data) };
  return { reverted: false, text: (error && error.message) || String(error) };
}

// ---------------------------------------------------------------------------------------------
// Amounts.

/** `amount` base units with `decimals`, as `1,234.5678` (trailing zeros dropped). */
function formatUnits(amount, decimals, maxFraction = decimals) {
  let v = BigInt(amount);
  const negative = v < 0n;
  if (negative) v = -v;
  const scale = 10n ** BigInt(decimals);
  const whole = (v / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = (v % scale).toString().padStart(decimals, '0').slice(0, maxFraction).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

const usdc = (amount) => formatUnits(amount, USDC_DECIMALS);
const dydx = (amount) => formatUnits(amount, DYDX_DECIMALS, 4);

/** A human amount (`1,234.5`) in base units; throws a readable error. */
function parseUnits(text, decimals, what = 'USDC') {
  const clean = String(text).replace(/[,_\s]/g, '');
  if (!/^(\d+\.?\d*|\.\d+)$/.test(clean)) throw new Error(`enter an amount of ${what}, such as 1,000.50`);
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > decimals) throw new Error(`${what} has ${decimals} decimals`);
  return BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt((fraction + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** Hundredths of a percent as `25%` or `12.5%`. */
function percent(units) {
  const n = Number(units);
  return `${n / 100}%`;
}

/** Seconds as `12d 03h 04m`. */
function duration(seconds) {
  const s = Math.max(0, Number(seconds));
  const pad = (n) => String(n).padStart(2, '0');
  return `${Math.floor(s / 86400)}d ${pad(Math.floor((s % 86400) / 3600))}h ${pad(Math.floor((s % 3600) / 60))}m`;
}

/** A chain timestamp as `2026-11-27 13:00 UTC`. */
function when(timestamp) {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

const short = (address) => (address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '—');

// ---------------------------------------------------------------------------------------------
// JSON-RPC.

class RpcError extends Error {
  constructor(error) {
    super(error.message || 'JSON-RPC error');
    this.code = error.code;
    this.data = error.data;
  }
}

let rpcUrl = null;
let nextId = 1;

async function post(body) {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (_) {
    throw new Error(`the node answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
}

async function rpc(method, params = []) {
  const answer = await post({ jsonrpc: '2.0', id: nextId++, method, params });
  if (answer.error) throw new RpcError(answer.error);
  return answer.result;
}

/** Several requests in one JSON-RPC batch (one consistent state on the devnode); each entry is
 *  `{ result }` or `{ error }`. Falls back to one request each if the node refuses batches. */
async function rpcBatch(requests) {
  if (requests.length === 0) return [];
  const first = nextId;
  nextId += requests.length;
  const body = requests.map(([method, params], i) => ({ jsonrpc: '2.0', id: first + i, method, params }));
  const answer = await post(body);
  if (Array.isArray(answer)) {
    const byId = new Map(answer.map((a) => [a.id, a]));
    return body.map((r) => {
      const a = byId.get(r.id);
      if (!a) return { error: new Error('no answer in the batch') };
      return a.error ? { error: new RpcError(a.error) } : { result: a.result };
    });
  }
  return Promise.all(requests.map(([method, params]) => rpc(method, params).then((result) => ({ result }), (error) => ({ error }))));
}

// ---------------------------------------------------------------------------------------------
// Configuration.

const state = {
  suite: null,          // { pool, usdc, dydx, stk_usdc, borrowers: [{ name, proxy }] }
  account: null,        // the selected signer (lowercase address)
  wallet: false,        // sign with window.ethereum
  busy: false,
  refreshing: null,
  refreshAgain: false,
  lastData: null,
};

async function loadConfig() {
  const params = new URLSearchParams(location.search);
  let config = {};
  try {
    const response = await fetch(params.get('config') || 'config.json', { cache: 'no-store' });
    if (response.ok) config = await response.json();
  } catch (_) { /* query parameters only */ }
  const suite = Object.assign({}, config.suite || {});
  for (const [param, key] of [['pool', 'pool'], ['usdc', 'usdc'], ['dydx', 'dydx'], ['stkUsdc', 'stk_usdc']]) {
    if (params.get(param)) suite[key] = params.get(param);
  }
  if (params.get('borrowers')) {
    suite.borrowers = params.get('borrowers').split(',').filter(Boolean).map((entry, i) => {
      const [name, proxy] = entry.includes(':') ? entry.split(':') : [`borrower ${i + 1}`, entry];
      return { name, proxy };
    });
  }
  suite.borrowers = suite.borrowers || [];
  const url = params.get('rpc') || config.rpcUrl;
  if (!url) throw new Error('no node: give ?rpc=http://… or serve a config.json with rpcUrl');
  if (!suite.pool || !suite.usdc) throw new Error('no deployment: config.json needs suite.pool and suite.usdc (or ?pool=…&usdc=…)');
  return { url, suite, account: params.get('account'), refresh: Number(params.get('refresh')) || 4 };
}

// ---------------------------------------------------------------------------------------------
// Reading the chain.

function call(to, data, from) {
  const tx = { to, data };
  if (from) tx.from = from;
  return ['eth_call', [tx, 'latest']];
}

/** Everything the page shows, read in one batch. */
async function readAll() {
  const s = state.suite;
  const pool = s.pool;
  const views = [
    ['epoch', call(pool, encodeCall('getEpochParameters()'))],
    ['blackout', call(pool, encodeCall('getBlackoutWindow()'))],
    ['activeCurrent', call(pool, encodeCall('getTotalActiveBalanceCurrentEpoch()'))],
    ['activeNext', call(pool, encodeCall('getTotalActiveBalanceNextEpoch()'))],
    ['inactiveCurrent', call(pool, encodeCall('getTotalInactiveBalanceCurrentEpoch()'))],
    ['inactiveNext', call(pool, encodeCall('getTotalInactiveBalanceNextEpoch()'))],
    ['borrowed', call(pool, encodeCall('getTotalBorrowedBalance()'))],
    ['borrowerDebt', call(pool, encodeCall('getTotalBorrowerDebtBalance()'))],
    ['debtAvailable', call(pool, encodeCall('getTotalDebtAvailableToWithdraw()'))],
    ['rewardsPerSecond', call(pool, encodeCall('getRewardsPerSecond()'))],
    ['cash', call(s.usdc, encodeCall('balanceOf(address)', pool))],
  ];
  const borrowerViews = [
    ['allocation', 'getAllocationFractionCurrentEpoch(address)'],
    ['allocationNext', 'getAllocationFractionNextEpoch(address)'],
    ['allocated', 'getAllocatedBalanceCurrentEpoch(address)'],
    ['allocatedNext', 'getAllocatedBalanceNextEpoch(address)'],
    ['borrowed', 'getBorrowedBalance(address)'],
    ['debt', 'getBorrowerDebtBalance(address)'],
    ['overdue', 'isBorrowerOverdue(address)'],
    ['restricted', 'isBorrowingRestrictedForBorrower(address)'],
  ];
  s.borrowers.forEach((b, i) => {
    for (const [key, signature] of borrowerViews) views.push([`b${i}.${key}`, call(pool, encodeCall(signature, b.proxy))]);
  });
  const who = state.account;
  if (who) {
    const stakerViews = [
      ['activeCurrent', 'getActiveBalanceCurrentEpoch(address)'],
      ['activeNext', 'getActiveBalanceNextEpoch(address)'],
      ['inactiveCurrent', 'getInactiveBalanceCurrentEpoch(address)'],
      ['inactiveNext', 'getInactiveBalanceNextEpoch(address)'],
      ['debt', 'getStakerDebtBalance(address)'],
      ['withdrawable', 'getStakeAvailableToWithdraw(address)'],
      ['debtWithdrawable', 'getDebtAvailableToWithdraw(address)'],
    ];
    for (const [key, signature] of stakerViews) views.push([`staker.${key}`, call(pool, encodeCall(signature, who))]);
    // Unclaimed rewards: what claimRewards would pay now, simulated from the staker.
    views.push(['staker.rewards', call(pool, encodeCall('claimRewards(address)', who), who)]);
    views.push(['staker.wallet', call(s.usdc, encodeCall('balanceOf(address)', who))]);
    views.push(['staker.allowance', call(s.usdc, encodeCall('allowance(address,address)', who, pool))]);
    if (s.stk_usdc) views.push(['staker.stk', call(s.stk_usdc, encodeCall('balanceOf(address)', who))]);
    if (s.dydx) views.push(['staker.dydx', call(s.dydx, encodeCall('balanceOf(address)', who))]);
  }
  const requests = [['eth_getBlockByNumber', ['latest', false]], ...views.map(([, request]) => request)];
  const answers = await rpcBatch(requests);
  if (answers[0].error) throw answers[0].error;
  const block = answers[0].result;
  const raw = {};
  views.forEach(([key], i) => { raw[key] = answers[i + 1]; });
  const num = (key, word = 0) => (raw[key] && raw[key].result !== undefined ? wordAt(raw[key].result, word) : null);
  const bool = (key) => { const v = num(key); return v === null ? null : v !== 0n; };
  const epoch = raw.epoch && raw.epoch.error ? null : { interval: num('epoch', 0), offset: num('epoch', 1) };
  if (epoch === null) throw raw.epoch.error;
  const data = {
    block: Number(BigInt(block.number)),
    now: BigInt(block.timestamp),
    interval: epoch.interval,
    offset: epoch.offset,
    blackout: num('blackout'),
    active: [num('activeCurrent'), num('activeNext')],
    inactive: [num('inactiveCurrent'), num('inactiveNext')],
    borrowed: num('borrowed'),
    borrowerDebt: num('borrowerDebt'),
    debtAvailable: num('debtAvailable'),
    rewardsPerSecond: num('rewardsPerSecond'),
    cash: num('cash'),
    borrowers: s.borrowers.map((b, i) => {
      const row = { name: b.name || b.config?.name || `borrower ${i + 1}`, proxy: b.proxy };
      for (const [key] of borrowerViews) row[key] = key === 'overdue' || key === 'restricted' ? bool(`b${i}.${key}`) : num(`b${i}.${key}`);
      return row;
    }),
    staker: null,
  };
  if (who) {
    const staker = { address: who };
    for (const key of ['activeCurrent', 'activeNext', 'inactiveCurrent', 'inactiveNext', 'debt', 'withdrawable',
      'debtWithdrawable', 'rewards', 'wallet', 'allowance', 'stk', 'dydx']) staker[key] = num(`staker.${key}`);
    data.staker = staker;
  }
  return data;
}

/** The epoch clock from the chain's time and the schedule (as `ls1_client::report::clock`). */
function clock(d) {
  const { now, interval, offset, blackout } = d;
  if (now < offset) {
    return { epoch: null, elapsed: 0n, untilNext: offset - now, untilBlackout: offset + interval - blackout - now, inBlackout: false };
  }
  const epoch = (now - offset) / interval;
  const elapsed = (now - offset) % interval;
  const untilNext = interval - elapsed;
  const inBlackout = untilNext <= blackout;
  return { epoch, elapsed, untilNext, untilBlackout: inBlackout ? 0n : untilNext - blackout, inBlackout };
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const $ = (id) => document.getElementById(id);

function setText(id, text) {
  const el = $(id);
  if (el && el.textContent !== text) el.textContent = text;
}

const show = (value, format = usdc) => (value === null || value === undefined ? '—' : format(value));

function setPill(id, text, kind) {
  const el = $(id);
  setText(id, text);
  el.className = `pill ${kind}`;
}

function render(d) {
  const c = clock(d);
  const interval = Number(d.interval);
  const blackout = Number(d.blackout);
  const blackoutStart = ((interval - blackout) / interval) * 100;
  $('epoch-blackout').style.left = `${blackoutStart}%`;
  $('epoch-blackout').style.width = `${100 - blackoutStart}%`;
  $('epoch-open').style.width = `${blackoutStart}%`;
  $('epoch-blackout-start').style.left = `${blackoutStart}%`;
  setText('block-number', String(d.block));
  setText('chain-time', when(d.now));
  setText('epoch-lengths', `${duration(interval)} / ${duration(blackout)}`);
  setText('time-to-next-epoch', duration(c.untilNext));
  if (c.epoch === null) {
    setText('epoch-number', '— (before epoch zero)');
    setPill('epoch-phase', 'epoch zero not started', 'neutral');
    $('epoch-now').style.left = '0%';
    setText('epoch-start', `epoch zero ${when(d.offset)}`);
    setText('epoch-blackout-start', `blackout ${when(d.offset + d.interval - d.blackout)}`);
    setText('epoch-end', `epoch 1 ${when(d.offset + d.interval)}`);
    setText('time-to-blackout', duration(c.untilBlackout));
  } else {
    const start = d.offset + c.epoch * d.interval;
    setText('epoch-number', String(c.epoch));
    setPill('epoch-phase', c.inBlackout ? 'blackout window: no withdrawal requests' : 'open for withdrawal requests', c.inBlackout ? 'bad' : 'good');
    $('epoch-now').style.left = `${(Number(c.elapsed) / interval) * 100}%`;
    setText('epoch-start', `start ${when(start)}`);
    setText('epoch-blackout-start', `blackout ${when(start + d.interval - d.blackout)}`);
    setText('epoch-end', `epoch ${c.epoch + 1n} ${when(start + d.interval)}`);
    setText('time-to-blackout', c.inBlackout ? 'now (in the blackout window)' : duration(c.untilBlackout));
  }
  $('epoch-bar').classList.toggle('in-blackout', c.inBlackout);

  setText('total-active-current', show(d.active[0]));
  setText('total-active-next', show(d.active[1]));
  setText('total-inactive-current', show(d.inactive[0]));
  setText('total-inactive-next', show(d.inactive[1]));
  setText('pool-cash', show(d.cash));
  setText('pool-lent', show(d.borrowed));
  setText('pool-borrower-debt', show(d.borrowerDebt));
  setText('pool-debt-available', show(d.debtAvailable));
  setText('rewards-rate', show(d.rewardsPerSecond, dydx));
  const known = [d.cash, d.borrowed, d.debtAvailable, d.active[0], d.inactive[0]].every((v) => v !== null);
  if (known) {
    const assets = d.cash + d.borrowed;
    const owed = d.debtAvailable + d.active[0] + d.inactive[0];
    const lentShare = assets === 0n ? 0 : Number((d.borrowed * 10000n) / assets) / 100;
    $('lent-meter').style.width = `${lentShare}%`;
    setText('lent-share', `${lentShare}% of the pool's USDC lent out`);
    if (assets >= owed) {
      setPill('solvency', 'solvent', 'good');
      setText('solvency-detail', `cash + loans ${usdc(assets)} cover every staker's ${usdc(owed)}`);
    } else {
      setPill('solvency', 'short', 'bad');
      setText('solvency-detail', `SHORT by ${usdc(owed - assets)}: cash + loans ${usdc(assets)} < owed ${usdc(owed)}`);
    }
  }

  renderBorrowers(d.borrowers);
  renderStaker(d.staker);
}

function renderBorrowers(rows) {
  const body = $('borrower-rows');
  while (body.rows.length > rows.length) body.deleteRow(-1);
  const columns = ['name', 'proxy', 'allocation', 'allocationNext', 'allocated', 'allocatedNext', 'borrowed', 'debt', 'status'];
  rows.forEach((b, i) => {
    let tr = body.rows[i];
    if (!tr) {
      tr = body.insertRow();
      tr.id = `borrower-${i}`;
      for (const column of columns) {
        const td = tr.insertCell();
        td.className = column;
      }
    }
    const status = [];
    if (b.overdue) status.push('overdue');
    if (b.restricted) status.push('restricted');
    if (b.debt !== null && b.debt > 0n) status.push('in default');
    const cells = {
      name: b.name,
      proxy: short(b.proxy),
      allocation: show(b.allocation, percent),
      allocationNext: show(b.allocationNext, percent),
      allocated: show(b.allocated),
      allocatedNext: show(b.allocatedNext),
      borrowed: show(b.borrowed),
      debt: show(b.debt),
      status: status.length ? status.join(', ') : 'ok',
    };
    columns.forEach((column, j) => {
      const td = tr.cells[j];
      if (td.textContent !== cells[column]) td.textContent = cells[column];
    });
    tr.cells[1].title = b.proxy;
    tr.classList.toggle('alert', status.length > 0);
  });
}

function renderStaker(s) {
  if (!s) return;
  setText('staker-active-current', show(s.activeCurrent));
  setText('staker-active-next', show(s.activeNext));
  setText('staker-inactive-current', show(s.inactiveCurrent));
  setText('staker-inactive-next', show(s.inactiveNext));
  setText('staker-withdrawable', show(s.withdrawable));
  setText('staker-debt', show(s.debt));
  setText('staker-debt-withdrawable', show(s.debtWithdrawable));
  setText('staker-rewards', show(s.rewards, dydx));
  setText('staker-wallet', show(s.wallet));
  setText('staker-stk', show(s.stk));
  setText('staker-dydx', show(s.dydx, dydx));
}

function clearStaker() {
  for (const id of ['staker-active-current', 'staker-active-next', 'staker-inactive-current', 'staker-inactive-next',
    'staker-withdrawable', 'staker-debt', 'staker-debt-withdrawable', 'staker-rewards', 'staker-wallet', 'staker-stk', 'staker-dydx']) {
    setText(id, '—');
  }
}

/** Reads and redraws; requests made meanwhile fold into one more pass. */
function refresh() {
  state.refreshAgain = true;
  if (state.refreshing) return state.refreshing;
  state.refreshing = (async () => {
    try {
      while (state.refreshAgain) {
        state.refreshAgain = false;
        const account = state.account;
        try {
          const data = await readAll();
          if (account !== state.account) { state.refreshAgain = true; continue; }
          state.lastData = data;
          render(data);
          setPill('connection', 'connected', 'good');
          setText('status-line', `block ${data.block} · chain time ${when(data.now)} · refreshed ${new Date().toLocaleTimeString()}`);
        } catch (error) {
          setPill('connection', 'node unreachable', 'bad');
          setText('status-line', `cannot read the chain: ${failureReason(error).text}`);
        }
      }
    } finally {
      state.refreshing = null;
    }
  })();
  return state.refreshing;
}

// ---------------------------------------------------------------------------------------------
// Accounts and transactions.

async function setupAccounts(preferred) {
  const select = $('account');
  let accounts = [];
  try {
    accounts = (await rpc('eth_accounts')) || [];
  } catch (_) { /* a node without unlocked accounts */ }
  accounts.forEach((address, i) => {
    const option = new Option(`dev #${i} ${short(address)}`, address.toLowerCase());
    option.title = address;
    select.add(option);
  });
  if (window.ethereum) select.add(new Option('injected wallet', 'wallet'));
  if (preferred && /^0x[0-9a-fA-F]{40}$/.test(preferred) && ![...select.options].some((o) => o.value === preferred.toLowerCase())) {
    select.add(new Option(`${short(preferred)} (read only)`, preferred.toLowerCase()));
  }
  if (select.options.length === 0) select.add(new Option('no signer: give ?account=0x… to watch one', ''));
  if (preferred) select.value = preferred.toLowerCase();
  select.addEventListener('change', () => chooseAccount(select.value));
  await chooseAccount(select.value);
}

async function chooseAccount(value) {
  state.wallet = false;
  if (value === 'wallet') {
    try {
      const accounts = await window.ethereum.request({ method: 'eth_requestAccounts' });
      state.account = accounts[0] ? accounts[0].toLowerCase() : null;
      state.wallet = true;
      const option = [...$('account').options].find((o) => o.value === 'wallet');
      if (option && state.account) option.text = `wallet ${short(state.account)}`;
    } catch (error) {
      state.account = null;
      message('error', 'The wallet did not connect', failureReason(error).text);
    }
  } else {
    state.account = value || null;
  }
  clearStaker();
  refresh();
}

/** Sends a transaction from the selected account and waits for its receipt; throws with the
 *  contract's reason when the gas estimate or the transaction reverts. */
async function sendTransaction(to, data) {
  const from = state.account;
  if (!from) throw new Error('choose an account first');
  const tx = { from, to, data };
  // The estimate runs the call first: a revert comes back with its data (code 3) before anything is signed.
  const gas = BigInt(await rpc('eth_estimateGas', [tx]));
  const withGas = Object.assign({}, tx, { gas: '0x' + ((gas * 5n) / 4n + 10000n).toString(16) });
  const hash = state.wallet
    ? await window.ethereum.request({ method: 'eth_sendTransaction', params: [withGas] })
    : await rpc('eth_sendTransaction', [withGas]);
  let receipt = null;
  for (let i = 0; i < 240 && !receipt; i++) {
    receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (!receipt) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!receipt) throw new Error(`no receipt for ${hash} after a minute`);
  if (BigInt(receipt.status) !== 1n) {
    // Replay it as a call for the reason (the state may have moved on since).
    await rpc('eth_call', [tx, 'latest']);
    throw new Error(`transaction ${hash} reverted in its block`);
  }
  return receipt;
}

function message(kind, title, detail = '') {
  const box = $('message');
  box.hidden = false;
  box.className = `message ${kind}`;
  $('message-title').textContent = title;
  $('message-detail').textContent = detail;
}

/** Runs one user action: buttons off, progress, then the result or the contract's reason. */
async function act(label, work) {
  if (state.busy) return;
  state.busy = true;
  document.querySelectorAll('#actions button').forEach((b) => { b.disabled = true; });
  message('info', `${label}…`, 'waiting for the node');
  try {
    const done = await work((step) => message('info', `${label}…`, step));
    message('ok', `${label}: done`, done || '');
  } catch (error) {
    const reason = failureReason(error);
    message('error', reason.reverted ? `${label} failed: the contract reverted with` : `${label} failed`, reason.text);
  } finally {
    state.busy = false;
    document.querySelectorAll('#actions button').forEach((b) => { b.disabled = false; });
    await refresh();
  }
}

function stake() {
  return act('Stake', async (progress) => {
    const amount = parseUnits($('stake-amount').value, USDC_DECIMALS);
    if (amount === 0n) throw new Error('enter an amount above zero');
    const { pool, usdc: token } = state.suite;
    const allowance = wordAt(await rpc('eth_call', [{ to: token, data: encodeCall('allowance(address,address)', state.account, pool) }, 'latest']));
    if (allowance < amount) {
      progress(`approving the pool for ${usdc(amount)} USDC`);
      await sendTransaction(token, encodeCall('approve(address,uint256)', pool, amount));
    }
    progress(`staking ${usdc(amount)} USDC`);
    await sendTransaction(pool, encodeCall('stake(uint256)', amount));
    $('stake-amount').value = '';
    return `staked ${usdc(amount)} USDC`;
  });
}

function requestWithdrawal() {
  return act('Request withdrawal', async () => {
    const amount = parseUnits($('withdrawal-amount').value, USDC_DECIMALS);
    await sendTransaction(state.suite.pool, encodeCall('requestWithdrawal(uint256)', amount));
    $('withdrawal-amount').value = '';
    return `${usdc(amount)} USDC becomes withdrawable next epoch`;
  });
}

function withdrawMax() {
  return act('Withdraw', async (progress) => {
    const { pool } = state.suite;
    const who = state.account;
    const stakeAmount = wordAt(await rpc('eth_call', [{ to: pool, data: encodeCall('getStakeAvailableToWithdraw(address)', who) }, 'latest']));
    const debtAmount = wordAt(await rpc('eth_call', [{ to: pool, data: encodeCall('getDebtAvailableToWithdraw(address)', who) }, 'latest']));
    if (stakeAmount === 0n && debtAmount === 0n) throw new Error('nothing to withdraw now: request a withdrawal, it becomes withdrawable next epoch');
    const done = [];
    if (stakeAmount > 0n) {
      progress(`withdrawing ${usdc(stakeAmount)} USDC of stake`);
      await sendTransaction(pool, encodeCall('withdrawMaxStake(address)', who));
      done.push(`${usdc(stakeAmount)} USDC of stake`);
    }
    if (debtAmount > 0n) {
      progress(`withdrawing ${usdc(debtAmount)} USDC of repaid debt`);
      await sendTransaction(pool, encodeCall('withdrawMaxDebt(address)', who));
      done.push(`${usdc(debtAmount)} USDC of repaid debt`);
    }
    return `withdrew ${done.join(' and ')}`;
  });
}

function claim() {
  return act('Claim rewards', async () => {
    const { pool } = state.suite;
    const data = encodeCall('claimRewards(address)', state.account);
    const preview = wordAt(await rpc('eth_call', [{ from: state.account, to: pool, data }, 'latest']));
    await sendTransaction(pool, data);
    return `claimed about ${dydx(preview)} DYDX`;
  });
}

// ---------------------------------------------------------------------------------------------
// Start.

async function main() {
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    setPill('connection', 'not configured', 'bad');
    setText('status-line', error.message);
    return;
  }
  rpcUrl = config.url;
  state.suite = config.suite;
  setText('rpc-url', rpcUrl);
  setText('pool-address', state.suite.pool);
  rpc('eth_chainId').then((id) => setText('chain-id', String(Number(BigInt(id)))), () => {});
  $('refresh').addEventListener('click', () => refresh());
  $('stake').addEventListener('click', stake);
  $('request-withdrawal').addEventListener('click', requestWithdrawal);
  $('withdraw').addEventListener('click', withdrawMax);
  $('claim').addEventListener('click', claim);
  $('actions').addEventListener('submit', (event) => event.preventDefault());
  await setupAccounts(config.account);
  setInterval(refresh, config.refresh * 1000);
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  window.addEventListener('DOMContentLoaded', main);
}
if (typeof module !== 'undefined') {
  module.exports = { encodeCall, decodeRevert, findRevertData, formatUnits, parseUnits, percent, duration, clock, SELECTORS };
}
