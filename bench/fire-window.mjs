// What one fired window costs the server's thread: the e2e-server workload (TUMBLE 1 s over 100k keys,
// one output row per key) pushed a window at a time, then the first event of the next window, which fires
// it; measured from that push until the engine has settled (every chunk of the sliced firing out), with
// a subscriber that frames rows as the server's channel frames them. With a closed-loop producer this
// time is what ack and delivery latency wait on: producers are not read while a firing's queue is full,
// and a window's last row leaves when its firing ends.
//
//   node bench/fire-window.mjs [--dist DIR (default ./dist)] [--state file|memory] [--windows 12] [--no-subscriber]
//        [--during-checkpoint] [--profile FILE] [--server]
//
// Prints one JSON line: CPU ms (all threads) and wall ms per firing, medians over the windows after the
// first two, each window's CPU ms, and the longest the event loop was blocked during a firing (a 1 ms
// timer). `--during-checkpoint` (state file): a background checkpoint starts just before each firing, so
// the firing meets a snapshot that has not encoded the window's groups yet (as with 1 s checkpoints).
// `--server`: instead of framing in-process, the real server (startServer on 127.0.0.1) sends the rows to a
// websocket subscriber in a worker thread, and a firing is measured until the subscriber has the window's
// last row; `loop_cpu_ms` is then the main thread's own CPU per firing (/proc schedstat, Linux), without
// the subscriber's thread: the engine, the framing and the socket writes (writev's kernel time included).
// `--profile FILE`: a V8 CPU profile of the measured firings only (the inspector's profiler runs from
// each trigger push until the engine has settled), merged into one .cpuprofile for cpuprofile-top.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SQL, T0, PER_MS } from './lib/e2e-server-process.mjs';
import { framingSubscriber } from './lib/framing-subscriber.mjs';
import { cliArgs, median } from './lib/stats.mjs';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const { flag, option, number } = cliArgs();
const dist = pathToFileURL(resolve(option('dist', new URL('../dist', import.meta.url).pathname))).href;
const STATE = option('state', 'file');
const WINDOWS = number('windows', 12);
const { createEngine } = await import(`${dist}/src/index.js`);
const subs = await import(`${dist}/src/executor/server/subscriptions.js`);
const dir = mkdtempSync(join(tmpdir(), 'tq-fire-'));
const DURING_CHECKPOINT = flag('during-checkpoint');
// A checkpoint interval gives the engine its commit thread (background checkpoints); this one never elapses.
const engine = createEngine({ statePath: STATE === 'file' ? join(dir, 's.db') : ':memory:', checkpointIntervalMs: DURING_CHECKPOINT ? 3_600_000 : 0, sliceRows: 1024 });
const keepAlive = setInterval(() => {}, 1000); // the commit thread's replies do not hold the loop open
engine.execute(SQL);
const SERVER = flag('server');
const framed = flag('no-subscriber') || SERVER ? () => 0 : framingSubscriber(engine, subs, 'agg');
// --server: the real server and a websocket subscriber in a worker thread; `received()` resolves once it has `rows` rows.
let received = null;
let server = null;
let stopSubscriber = () => {};
if (SERVER) {
  const { startServer } = await import(`${dist}/src/executor/server/index.js`);
  server = await startServer(engine, { host: '127.0.0.1', port: 0, token: '', logLevel: 'warn', maxBufferedBytes: 256 * 1024 * 1024, rateLimit: { perSecond: 1e6, burst: 1e6 } });
  const { Worker } = await import('node:worker_threads');
  const src = `const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.ws);
const ws = new WebSocket(workerData.url, { perMessageDeflate: false });
let rows = 0; let want = Infinity;
const seqAt = (b, at) => Number(b.toString('latin1', at + 7, b.indexOf(44, at)));
ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', view: 'agg', from: 'latest' })));
ws.on('message', (d) => {
  if (d[2] === 116 && d.subarray(0, 14).toString() === '{"type":"rows"') rows += seqAt(d, d.lastIndexOf('{"seq":')) - seqAt(d, d.indexOf('{"seq":')) + 1;
  else if (d.toString().includes('"subscribed"')) parentPort.postMessage(0);
  if (rows >= want) { want = Infinity; parentPort.postMessage(rows); }
});
parentPort.on('message', (n) => { want = n; if (rows >= want) { want = Infinity; parentPort.postMessage(rows); } });`;
  const { createRequire } = await import('node:module');
  const wsPath = createRequire(import.meta.url).resolve('ws');
  const sub = new Worker(src, { eval: true, workerData: { url: server.url, ws: wsPath } });
  await new Promise((r) => sub.once('message', r));
  let total = 0;
  received = (n) => new Promise((r) => { total += n; sub.once('message', r); sub.postMessage(total); });
  stopSubscriber = () => sub.terminate();
}
const { readFileSync: readProc } = await import('node:fs');
const loopNs = () => { try { return Number(readProc(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]); } catch { return NaN; } };
const loopCpu = [];
const row = (i) => ({ k: i % 100_000, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) });
const PROFILE = option('profile', '');
const session = PROFILE ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
const profiles = [];
const cpu = [];
const wall = [];
const blocked = [];
let ev = 0;
for (let w = 0; w < WINDOWS; w++) {
  // The rest of window w (its first event, the trigger of w − 1, was pushed already).
  const end = (w + 1) * 100_000;
  while (ev < end) {
    const rows = [];
    for (; rows.length < 1000 && ev < end; ev++) rows.push(row(ev));
    engine.push('ev', rows, 'ws');
  }
  await engine.settled();
  const checkpoint = DURING_CHECKPOINT ? engine.checkpointInBackground() : null;
  let last = performance.now();
  let gap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last - 1);
    last = now;
  }, 1);
  if (session && w >= 2) await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  const l0 = loopNs();
  const t0 = performance.now();
  const got = received?.(100_000);
  engine.push('ev', [row(ev++)], 'ws'); // fires window w
  await engine.settled();
  await got;
  const l = loopNs() - l0;
  const c = process.cpuUsage(c0);
  const t = performance.now() - t0;
  clearInterval(probe);
  if (session && w >= 2) profiles.push((await session.post('Profiler.stop')).profile);
  gap = Math.max(gap, performance.now() - last - 1);
  await checkpoint;
  if (w >= 2) {
    cpu.push((c.user + c.system) / 1000);
    loopCpu.push(l / 1e6);
    wall.push(t);
    blocked.push(gap);
  }
}
clearInterval(keepAlive);
await stopSubscriber();
await server?.close();
if (session) writeFileSync(PROFILE, JSON.stringify(mergeProfiles(profiles)));
await engine.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ dist, state: STATE, during_checkpoint: DURING_CHECKPOINT, subscriber: !flag('no-subscriber'), fire_cpu_ms: +median(cpu).toFixed(1), fire_wall_ms: +median(wall).toFixed(1), loop_cpu_ms: +median(loopCpu).toFixed(1), loop_cpu_min_ms: +Math.min(...loopCpu).toFixed(1), loop_max_ms: Math.round(Math.max(...blocked)), per_window_cpu_ms: cpu.map(Math.round), out_mb: Math.round(framed() / 1e6) }));

/** One profile of several (node ids renumbered, samples one after another). */
function mergeProfiles(list) {
  const nodes = [];
  const samples = [];
  const timeDeltas = [];
  let offset = 0;
  for (const p of list) {
    let max = 0;
    for (const n of p.nodes) {
      nodes.push({ ...n, id: n.id + offset, children: n.children?.map((c) => c + offset) });
      if (n.id > max) max = n.id;
    }
    for (const s of p.samples) samples.push(s + offset);
    // The first delta runs from the profiler's start-up (shown as `dispatch`), not from a sample: dropped.
    timeDeltas.push(0, ...p.timeDeltas.slice(1));
    offset += max;
  }
  return { nodes, startTime: list[0]?.startTime ?? 0, endTime: list.at(-1)?.endTime ?? 0, samples, timeDeltas };
}
