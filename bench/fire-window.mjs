// What one fired window costs the server's thread: the e2e-server workload (TUMBLE 1 s over 100k keys,
// one output row per key) pushed a window at a time, then the first event of the next window, which fires
// it; measured from that push until the engine has settled (every chunk of the sliced firing out), with
// a subscriber that frames rows as the server's channel frames them. With a closed-loop producer this
// time is what ack and delivery latency wait on: producers are not read while a firing's queue is full,
// and a window's last row leaves when its firing ends.
//
//   node bench/fire-window.mjs [--dist DIR (default ./dist)] [--state file|memory] [--windows 12] [--no-subscriber]
//        [--during-checkpoint] [--profile FILE]
//
// Prints one JSON line: CPU ms (all threads) and wall ms per firing, medians over the windows after the
// first two, each window's CPU ms, and the longest the event loop was blocked during a firing (a 1 ms
// timer). `--during-checkpoint` (state file): a background checkpoint starts just before each firing, so
// the firing meets a snapshot that has not encoded the window's groups yet (as with 1 s checkpoints).
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
const framed = flag('no-subscriber') ? () => 0 : framingSubscriber(engine, subs, 'agg');
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
  const t0 = performance.now();
  engine.push('ev', [row(ev++)], 'ws'); // fires window w
  await engine.settled();
  const c = process.cpuUsage(c0);
  const t = performance.now() - t0;
  clearInterval(probe);
  if (session && w >= 2) profiles.push((await session.post('Profiler.stop')).profile);
  gap = Math.max(gap, performance.now() - last - 1);
  await checkpoint;
  if (w >= 2) {
    cpu.push((c.user + c.system) / 1000);
    wall.push(t);
    blocked.push(gap);
  }
}
clearInterval(keepAlive);
if (session) writeFileSync(PROFILE, JSON.stringify(mergeProfiles(profiles)));
await engine.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ dist, state: STATE, during_checkpoint: DURING_CHECKPOINT, subscriber: !flag('no-subscriber'), fire_cpu_ms: +median(cpu).toFixed(1), fire_wall_ms: +median(wall).toFixed(1), loop_max_ms: Math.round(Math.max(...blocked)), per_window_cpu_ms: cpu.map(Math.round), out_mb: Math.round(framed() / 1e6) }));

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
