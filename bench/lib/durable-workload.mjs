// The pushed-events workload of the durability benchmarks (checkpoint-overhead.mjs, checkpoint-pause.mjs):
// a TUMBLE or HOP aggregate over 100k live keys, events pushed with engine.push in batches.
//
// Event time: 20 events per ms, keys k = i mod 100000, so a 10 s window holds 200k events and all 100k
// keys (TUMBLE 10 s; HOP 10 s size / 2 s slide: 5 panes of 100k keys each). Every 10 s of event time a
// window fires and emits 100k rows.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { startLoopProbe } from './loop-probe.mjs';

export const KEYS = 100_000;
export const PER_MS = 20;
export const T0 = Date.UTC(2024, 0, 1);
export const MODES = ['memory', 'input-log', 'ckpt-1s'];

export const SOURCE = `CREATE SOURCE ev (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
export const QUERIES = {
  tumble: `CREATE VIEW agg AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s
    FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k;`,
  hop: `CREATE VIEW agg AS SELECT k, window_start, COUNT(*) AS n, MAX(v) AS m
    FROM TABLE(HOP(TABLE ev, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k;`,
};

/** The compiled engine's createEngine (dist/ is built by `npm run build` or `npm run bench`). */
export async function loadCreateEngine() {
  try {
    return (await import('../../dist/src/index.js')).createEngine;
  } catch (err) {
    console.error(`cannot load dist/src/index.js (run \`npm run build\` first): ${err.message}`);
    process.exit(1);
  }
}

/** A temporary directory for state files, removed when the process exits. */
export function tempStateDir(prefix = 'tq-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let fileNo = 0;
  return { dir, nextFile: () => join(dir, `s${++fileNo}.db`) };
}

export function makeEvents(n, firstIndex = 0) {
  const out = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = firstIndex + j;
    out[j] = { k: i % KEYS, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) };
  }
  return out;
}

/** `n` events for keys first, first+1, ... (mod KEYS), all at event time `ts` (so nothing fires). */
export function eventsAt(n, first, ts) {
  const evs = new Array(n);
  for (let j = 0; j < n; j++) evs[j] = { k: (first + j) % KEYS, v: j % 997, ts };
  return evs;
}

/** An engine for `mode` running `query` over `ev`, its result rows counted. */
export function newEngine(createEngine, files, mode, query) {
  const statePath = mode === 'memory' ? ':memory:' : files.nextFile();
  const interval = mode === 'ckpt-1s' ? 1000 : mode === 'ckpt-manual' ? 3_600_000 : 0;
  const engine = createEngine({ statePath, checkpointIntervalMs: interval, retainOutput: 0 });
  engine.execute(SOURCE + QUERIES[query]);
  let rows = 0;
  engine.subscribeRaw('agg', (batch) => (rows += batch.length));
  return { engine, statePath, rows: () => rows };
}

/**
 * Events/s of pushing `events` in batches of `batch` in `mode`. The loop yields to the event loop after
 * every batch in every mode (otherwise a checkpoint timer could never fire), so the modes differ only in
 * what they write. Checkpoints taken meanwhile are read from engine.stats(). With `probe`, a 1 ms timer
 * also records the longest time the loop was held (a window firing, a checkpoint) as `loopMaxMs`.
 */
export async function throughput(createEngine, files, mode, query, events, { batch = 1000, probe = false } = {}) {
  globalThis.gc?.();
  const tasks0 = threadCpu();
  const { engine, statePath, rows } = newEngine(createEngine, files, mode, query);
  const loop = probe ? startLoopProbe() : null;
  let ckpts = 0;
  let ckptMs = 0;
  let ckptMax = 0;
  let lastEpoch = engine.stats().checkpoint?.epoch ?? 0;
  const tasks1 = threadCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    engine.push('ev', events.slice(i, i + batch));
    await yieldLoop();
    const c = engine.stats().checkpoint;
    if (c && c.epoch !== lastEpoch) {
      lastEpoch = c.epoch;
      ckpts++;
      ckptMs += c.durationMs;
      ckptMax = Math.max(ckptMax, c.durationMs);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const threads = threadsOf(tasks0, tasks1, threadCpu());
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const loopMaxMs = loop ? loop.stop().maxMs : null;
  const out = rows();
  await engine.close();
  // Until everything pushed is committed (close() takes the last checkpoint after any still being
  // written): a run that leaves its commit thread behind does that work here, outside `ms`.
  const msClosed = performance.now() - t0;
  const cpuClosed = process.cpuUsage(cpu0);
  const size = statePath === ':memory:' ? 0 : statSync(statePath).size;
    // cpuRate: events per second of this process's CPU time, a figure a busy shared machine distorts less
  // than wall time (it leaves out time spent waiting for a core, and I/O waits such as fsync).
  const cpuClosedMs = (cpuClosed.user + cpuClosed.system) / 1000;
  return {
    mode, query, ms, rate: events.length / (ms / 1000), cpuMs, threads, cpuRate: events.length / (cpuMs / 1000), out, ckpts, ckptMs, ckptMax, size, loopMaxMs,
    msClosed, rateClosed: events.length / (msClosed / 1000), cpuRateClosed: events.length / (cpuClosedMs / 1000),
  };
}

/** Bytes this process has passed to write(2) so far (WAL frames, WAL folded back into the file). */
export function wchar() {
  try {
    return Number(/wchar:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** CPU ms so far of each thread of this process, by thread id (Linux /proc; an empty Map elsewhere). */
function threadCpu() {
  const cpu = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(tid, (Number(f[11]) + Number(f[12])) * (1000 / 100)); // utime + stime, in clock ticks of 10 ms
    }
  } catch {
    // not Linux
  }
  return cpu;
}

/**
 * The timed loop's CPU by thread (ms, 10 ms resolution): the engine's (this process's main thread), the
 * threads started with the engine (the commit thread), and the others (V8's GC and compiler helpers,
 * libuv's pool). `before`: before the engine was made; `from`/`to`: around the loop. Null off Linux.
 */
function threadsOf(before, from, to) {
  if (to.size === 0) return null;
  const main = String(process.pid);
  const t = { engine: 0, commit: 0, helpers: 0 };
  for (const [tid, ms] of to) {
    const d = ms - (from.get(tid) ?? 0);
    if (tid === main) t.engine += d;
    else if (!before.has(tid)) t.commit += d;
    else t.helpers += d;
  }
  return t;
}
