// Where the resident memory of bench/rss-length.mjs's workload goes as the run gets longer: every
// `--every` events (250k), the engine thread's process.memoryUsage() and V8 heap spaces, the commit
// thread's (state file: a BroadcastChannel answered by bench/lib/rss-probe-hook.mjs, loaded into every
// thread with --import), /proc/self/smaps_rollup, and the state file's backlog of output not committed.
//
//   npm run build && node --expose-gc --import ./bench/lib/rss-probe-hook.mjs bench/rss-probe.mjs \
//     [--events 4000000] [--keys 100000] [--state :memory: | file] [--every 250000] [--interval 1000] [--dist DIR]
//     [--promoted FILE] [--natives 1] [--json]
//
// Prints one line per sample (MB): rss (kernel's current), maxrss, main heap total/used, new space,
// old space, large objects, external, arrayBuffers, commit thread heap total/used (and its peak since the
// previous sample), the output waiting for its checkpoint (backlog), the rest (rss − main heap − external −
// commit heap), and resident memory by kind of mapping (brk, arena, anon, file: see smapsKinds).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import v8 from 'node:v8';
import { PER_MS, SQL, T0 } from './lib/e2e-server-process.mjs';
import { cliArgs } from './lib/stats.mjs';

const { option, number } = cliArgs();
const DIST = resolve(option('dist', new URL('../dist', import.meta.url).pathname));
const events = number('events', 4_000_000);
const keys = number('keys', 100_000);
const every = number('every', 250_000);
let state = option('state', ':memory:');
let dir = null;
if (state === 'file') {
  dir = mkdtempSync(join(tmpdir(), 'tq-rss-probe-'));
  state = join(dir, 'state.db');
}
const { createEngine } = await import(pathToFileURL(`${DIST}/src/index.js`).href);
const engine = createEngine({ statePath: state, checkpointIntervalMs: number('interval', 1000), sliceRows: number('slice-rows', 1024) });
engine.execute(SQL);
let out = 0;
// `--natives 1` (node run with --allow-natives-syntax): counts output batches whose last row V8 allocated in
// its old space (rowsOld) against its young generation (rowsYoung): the first means the rows' allocation
// site was pretenured, so every output row is garbage a full collection must free (see bench/README.md).
// eslint-disable-next-line no-new-func
const natives = option('natives', null) !== null ? { inYoung: new Function('o', 'return %InYoungGeneration(o)') } : null;
let rowsOld = 0, rowsYoung = 0;
engine.subscribeRaw('agg', (rows) => {
  out += rows.length;
  if (natives && rows.length > 0) (natives.inYoung(rows[rows.length - 1]) ? rowsYoung++ : rowsOld++);
});

const ch = new BroadcastChannel('tq-rss-probe');
ch.unref();
let seq = 0;
let answer = null;
ch.onmessage = (ev) => {
  if (ev.data?.seq === seq) answer?.(ev.data);
};
/** The commit thread's figures, or null when there is none (or it does not answer within 2 s). */
function workerSample() {
  seq++;
  return new Promise((res) => {
    const t = setTimeout(() => res(null), 2000);
    answer = (d) => {
      clearTimeout(t);
      res(d);
    };
    ch.postMessage({ ask: 'sample', seq });
  });
}
const mb = (x) => (x === undefined || x === null ? '' : (x / 2 ** 20).toFixed(0));
/**
 * Resident memory by kind of mapping (/proc/self/smaps): `brk` the main malloc arena ([heap]); `arena` anonymous
 * mappings inside a 64 MiB-aligned region that starts with one (glibc's per-thread malloc arenas); `anon` other
 * anonymous mappings (V8's heap pages, large Buffers, thread stacks); `file` file-backed (code, SQLite's files).
 */
function smapsKinds() {
  const kinds = { brk: 0, arena: 0, anon: 0, file: 0 };
  let cur = null;
  const ALIGN = 64n * 1024n * 1024n;
  const maps = [];
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const h = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (h) {
      cur = { start: BigInt('0x' + h[1]), end: BigInt('0x' + h[2]), perms: h[3], inode: h[4], name: h[5], rss: 0 };
      maps.push(cur);
      continue;
    }
    const m = /^Rss:\s+(\d+) kB/.exec(line);
    if (m && cur) cur.rss = Number(m[1]) * 1024;
  }
  // An arena: an anonymous rw mapping at a 64 MiB boundary whose region (with its ---p reserve) is exactly 64 MiB.
  for (let i = 0; i < maps.length; i++) {
    const a = maps[i];
    if (a.name === '[heap]') kinds.brk += a.rss;
    else if (a.inode !== '0') kinds.file += a.rss;
    else if (a.start % ALIGN === 0n && a.perms.startsWith('rw') && a.name === '' && ((a.end - a.start === ALIGN) || (maps[i + 1] && maps[i + 1].start === a.end && maps[i + 1].perms === '---p' && maps[i + 1].end - a.start === ALIGN))) kinds.arena += a.rss;
    else kinds.anon += a.rss;
  }
  return kinds;
}
function rollup() {
  const o = {};
  for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (m) o[m[1]] = Number(m[2]) * 1024;
  }
  return o;
}
const samples = [];
async function sample(at) {
  const m = process.memoryUsage();
  const sp = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const r = rollup();
  const w = state === ':memory:' ? null : await workerSample();
  const d = engine.durable;
  const s = {
    at, rss: m.rss, maxrss: process.resourceUsage().maxRSS * 1024, heapTotal: m.heapTotal, heapUsed: m.heapUsed,
    newSpace: sp.new_space.space_size, old: sp.old_space.space_size, oldUsed: sp.old_space.space_used_size, lo: sp.large_object_space.space_size,
    external: m.external, arrayBuffers: m.arrayBuffers,
    wTotal: w?.heapTotal, wUsed: w?.heapUsed, wPeak: w?.peakTotal, wOld: w?.spaces.old_space.size, wLo: w?.spaces.large_object_space.size, wExt: w?.external,
    ...smapsKinds(), anon: r.Anonymous, backlog: d?.backlogBytes, t: Math.round(performance.now() - T_START), commits: d?.commits ?? 0,
  };
  s.rest = s.rss - s.heapTotal - s.external - (s.wTotal ?? 0);
  samples.push(s);
  if (natives) { s.rowsOld = rowsOld; s.rowsYoung = rowsYoung; }
  const cols = ['at', 't', 'commits', 'rss', 'maxrss', 'heapTotal', 'heapUsed', 'newSpace', 'old', 'oldUsed', 'lo', 'external', 'arrayBuffers', 'wTotal', 'wUsed', 'wPeak', 'wOld', 'wLo', 'wExt', 'backlog', 'rest', 'brk', 'arena', 'anon', 'file', ...(natives ? ['rowsOld', 'rowsYoung'] : [])];
  if (samples.length === 1) console.log(cols.join('\t'));
  console.log(cols.map((c) => (c === 'at' || c === 't' || c === 'commits' || c.startsWith('rows') ? String(s[c]) : mb(s[c]))).join('\t'));
}

// `--promoted FILE`: V8's sampling heap profiler over the run, counting only allocations that outlive
// young-generation collections (what V8 promotes and a full collection must free), top sites to FILE.
// The profiler's own bookkeeping changes what V8 pretenures: read it next to a run without it.
const promoted = option('promoted', null);
let session = null;
if (promoted !== null) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
}

const BATCH = 1000;
const T_START = performance.now();
for (let first = 0; first < events; first += BATCH) {
  const n = Math.min(BATCH, events - first);
  const rows = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = first + j;
    rows[j] = { k: i % keys, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) };
  }
  engine.push('ev', rows, 'ws');
  if ((first / BATCH) % 16 === 15) {
    await new Promise((r) => setImmediate(r));
    while (engine.backlogged?.()) await new Promise((r) => setImmediate(r));
  }
  if ((first + n) % every === 0) await sample(first + n);
}
await engine.settled?.();
if (session !== null) {
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const bySite = new Map();
  const walk = (node, stack) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\/dist\//, '')}:${f.lineNumber + 1}`;
    const st = [here, ...stack].slice(0, 3).join(' < ');
    if (node.selfSize > 0) bySite.set(st, (bySite.get(st) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c, [here, ...stack]);
  };
  walk(profile.head, []);
  const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 2 ** 20).toFixed(1)} MB\t${k}`);
  (await import('node:fs')).writeFileSync(promoted, top.join('\n') + '\n');
}
globalThis.gc?.();
await sample('end+gc');
if (option('json', null) !== null) console.log(`RESULT ${JSON.stringify({ out, samples })}`);
await engine.close();
if (dir) rmSync(dir, { recursive: true, force: true });
process.exit(0);
