// End to end over the real server: a producer inserting over a websocket, the engine + websocket server
// in their own process on 127.0.0.1, one subscriber. TUMBLE 1 s over K keys with 100,000 events per
// second of event time, so at K = 100k every window emits one row per input event.
//
//   npm run build && node bench/e2e-server.mjs [--keys 100000,1000] [--modes file,memory] [--events 3000000]
//        [--seconds 20] [--max-seconds 60] [--batch 1000] [--in-flight 4] [--repeat 3] [--warmup-windows 2] [--profile DIR] [--slice-rows 1024]
//        [--parse-rows] [--quick]
//
// Per run: a fresh server process (lib/e2e-server-process.mjs; `file` = a state file in a temp dir with
// the default 1 s checkpoints, `memory` = ':memory:'), a subscriber (from 'latest') and a producer, each
// in a worker thread (lib/e2e-clients.mjs). The producer sends `insert` frames of `--batch` rows with
// `--in-flight` unacknowledged, until `--events` are sent or `--seconds` have passed after the warm-up and
// one more window has fired (whatever happens, at most --max-seconds, default 3 × --seconds, from the
// start); then the run waits
// for the subscriber to receive every row of the windows that fired (at most 30 s, or until no row came
// for 5 s), and stops.
// Measured after the first `--warmup-windows` windows:
//   events/s        events acknowledged ÷ time between the last warm-up ack and the last ack
//   ack ms          per insert frame: ack received − frame sent (p50 / p99 / max)
//   delivery ms     per output row: received by the subscriber − sent time of the insert frame holding
//                   the event that fired its window (the first event with ts ≥ window_end; the
//                   watermark is ts − 1 ms), so it is the engine + fan-out + network delay, not the
//                   window's length. The subscriber reads a message's first and last seq and window_end
//                   from its bytes (lib/e2e-clients.mjs); `--parse-rows` makes it JSON.parse every message
//                   as before 2026-12-07 (~0.6 µs per row on its thread: ~60 ms per 100k-row window, which
//                   then shows in delivery)
//   server CPU      CPU time of the server process per event (all of the run, warm-up included): steadier
//                   than the wall-clock figures when other work shares the cores
//   loop max        the longest single block of the server's event loop (1 ms probe timer in the server)
//   peak RSS        the server process's maxRSS (run it with a larger --events to see it against run length)
//   in checkpoints  share of the server's wall time spent committing checkpoints
// `--slice-rows N`: the server fires windows in chunks of N rows (EngineOptions.sliceRows; 0 = at once).
// Each figure is the median over `--repeat` runs. `--profile DIR` runs the server with --cpu-prof into DIR
// (read with bench/cpuprofile-top.mjs). `--quick`: --events 600000 --seconds 10 --repeat 1 --warmup-windows 1.
// Prints a table and one line `RESULT {json}` (read by `npm run bench`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { PER_MS, WINDOW_MS } from './lib/e2e-server-process.mjs';
import { cliArgs, fmt, median, pct, table, weightedPct } from './lib/stats.mjs';

const { flag, option, number } = cliArgs();
const QUICK = flag('quick');
const KEYS = option('keys', '100000,1000').split(',').map(Number);
const MODES = option('modes', 'file,memory').split(',');
for (const m of MODES) if (m !== 'file' && m !== 'memory') throw new Error(`--modes: 'file' or 'memory', got '${m}'`);
const EVENTS = number('events', QUICK ? 600_000 : 3_000_000);
const SECONDS = number('seconds', QUICK ? 10 : 20);
const MAX_SECONDS = number('max-seconds', 3 * SECONDS);
const BATCH = number('batch', 1000);
const IN_FLIGHT = number('in-flight', 4);
const REPEAT = Math.max(1, number('repeat', QUICK ? 1 : 3));
const WARMUP_WINDOWS = number('warmup-windows', QUICK ? 1 : 2);
const PROFILE = option('profile', null);
const SLICE_ROWS = option('slice-rows', '1024');
const PARSE_ROWS = flag('parse-rows');
const TRACE = option('trace', null);
const EVENTS_PER_WINDOW = PER_MS * WINDOW_MS;
const DRAIN_MS = 30_000;
const STALL_MS = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'tq-e2e-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let runNo = 0;

function startServer(mode, name) {
  const state = mode === 'file' ? join(dir, `run${++runNo}.db`) : ':memory:';
  // One directory per run: the process has worker threads (the commit thread), each with its own profile,
  // and a fixed --cpu-prof-name would let the last thread to exit overwrite the main thread's.
  const flags = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE, name)] : [];
  const child = spawn(process.execPath, [...flags, new URL('./lib/e2e-server-process.mjs', import.meta.url).pathname, '--state', state, '--slice-rows', SLICE_ROWS, ...(TRACE ? ['--trace', join(TRACE, `${name}.server.json`)] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waitFor = (prefix) => new Promise((resolve, reject) => {
    const onLine = (line) => {
      if (!line.startsWith(prefix)) return;
      lines.off('line', onLine);
      resolve(JSON.parse(line.slice(prefix.length)));
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`server process exited (${code}) before ${prefix.trim()}`)));
  });
  return { child, ready: waitFor('READY '), done: () => { const d = waitFor('DONE '); child.stdin.end('stop\n'); return d; } };
}

function worker(data) {
  const w = new Worker(new URL('./lib/e2e-clients.mjs', import.meta.url), { workerData: data });
  let failed = null;
  const waiting = new Set();
  w.on('error', (err) => {
    failed = err;
    for (const reject of waiting) reject(err);
  });
  const next = () => new Promise((resolve, reject) => {
    if (failed) return reject(failed);
    waiting.add(reject);
    w.once('message', (m) => { waiting.delete(reject); resolve(m); });
  });
  return { w, next };
}

async function run(keys, mode) {
  const name = `e2e-${keys}-keys-${mode}-${runNo + 1}`;
  const server = startServer(mode, name);
  const { url } = await server.ready;
  const sub = worker({ role: 'subscriber', url, parseRows: PARSE_ROWS });
  await sub.next();
  const wb = Math.ceil((WARMUP_WINDOWS * EVENTS_PER_WINDOW) / BATCH); // batches of the warm-up
  const prod = worker({ role: 'producer', url, keys, events: EVENTS, batch: BATCH, inFlight: IN_FLIGHT, seconds: SECONDS, maxSeconds: MAX_SECONDS, warmupBatches: wb });
  const p = await prod.next();
  await prod.w.terminate();

  const fired = [];
  for (let w = WARMUP_WINDOWS; w < p.firedAt.length; w++) if (!Number.isNaN(p.firedAt[w])) fired.push(w);
  const expected = p.firedAt.length * Math.min(keys, EVENTS_PER_WINDOW);
  // Wait for the rows of every fired window, at most DRAIN_MS, or until nothing arrived for STALL_MS.
  const drainUntil = performance.now() + DRAIN_MS;
  let status = { received: 0 };
  let seen = -1;
  let seenAt = performance.now();
  while (performance.now() < drainUntil && performance.now() - seenAt < STALL_MS) {
    sub.w.postMessage('status');
    status = await sub.next();
    if (status.received >= expected || status.closed) break;
    if (status.received !== seen) {
      seen = status.received;
      seenAt = performance.now();
    }
    await sleep(200);
  }
  sub.w.postMessage('stop');
  const s = await sub.next();
  await sub.w.terminate();
  const srv = await server.done();

  if (TRACE) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(TRACE, `${name}.clients.json`), JSON.stringify({ warmupWindows: WARMUP_WINDOWS, batch: BATCH, firedAt: [...p.firedAt], sentAt: [...p.sentAt], ackAt: [...p.ackAt], segments: [...s.segments] }));
  }
  const acks = [];
  for (let b = wb; b < p.sent; b++) acks.push(p.ackAt[b] - p.sentAt[b]);
  acks.sort((a, b) => a - b);
  const last = p.sent - 1;
  const measuredEvents = Math.min(EVENTS, p.sent * BATCH) - wb * BATCH;
  const eps = last > wb ? measuredEvents / ((p.ackAt[last] - p.ackAt[wb - 1 >= 0 ? wb - 1 : 0]) / 1000) : NaN;

  const pairs = [];
  let deliveredRows = 0;
  const firedSet = new Set(fired);
  // Per measured window: its first and its last row's delivery (the window's rows arrive in order).
  const firstRow = new Map();
  const lastRow = new Map();
  for (let i = 0; i < s.segments.length; i += 3) {
    const w = s.segments[i];
    if (!firedSet.has(w)) continue;
    const d = s.segments[i + 1] - p.firedAt[w];
    pairs.push([d, s.segments[i + 2]]);
    deliveredRows += s.segments[i + 2];
    if (!firstRow.has(w)) firstRow.set(w, d);
    lastRow.set(w, d);
  }
  const [d50, d99, dmax] = weightedPct(pairs, [50, 99, 100]);
  const firsts = [...firstRow.values()].sort((a, b) => a - b);
  const lasts = [...lastRow.values()].sort((a, b) => a - b);
  const r1 = (x) => Math.round(x * 10) / 10;
  return {
    keys, mode,
    events_sent: Math.min(EVENTS, p.sent * BATCH),
    events_per_sec: Math.round(eps),
    ack_p50_ms: r1(pct(acks, 50)), ack_p99_ms: r1(pct(acks, 99)), ack_max_ms: r1(acks[acks.length - 1] ?? NaN),
    delivery_p50_ms: r1(d50), delivery_p99_ms: r1(d99), delivery_max_ms: r1(dmax),
    // A window's first row, and its last (the whole window), after its trigger was sent: median and max over windows.
    first_row_p50_ms: r1(pct(firsts, 50)), first_row_max_ms: r1(firsts[firsts.length - 1] ?? NaN),
    last_row_p50_ms: r1(pct(lasts, 50)), last_row_max_ms: r1(lasts[lasts.length - 1] ?? NaN),
    windows_measured: fired.length,
    server_cpu_us_per_event: srv.events_in ? Math.round((srv.cpu_s * 1e6) / srv.events_in * 10) / 10 : NaN,
    server_loop_max_ms: srv.loop_max_ms,
    server_peak_rss_mb: srv.peak_rss_mb,
    // Share of the server's wall time spent inside checkpoints (the store's commit time).
    checkpoint_share: srv.run_s ? Math.round(srv.checkpoint_store_total_ms / 10 / srv.run_s) / 100 : NaN,
    delivered: fired.length ? deliveredRows / (fired.length * Math.min(keys, EVENTS_PER_WINDOW)) : NaN,
    rows_received: s.received,
    rejected: p.rejected, errors: p.errors, last_error: p.lastError, subscriber_closed: s.closed ?? null,
    server: srv,
  };
}

const started = Date.now();
const machine = { cpu: cpus()[0]?.model ?? 'cpu', cores: cpus().length, node: process.version, load_avg_start: loadavg()[0] };
console.log(`e2e server — ${machine.cpu} × ${machine.cores}, node ${machine.node}, load ${machine.load_avg_start.toFixed(2)}`);
console.log(`TUMBLE 1 s, ${fmt(EVENTS_PER_WINDOW)} events per window; inserts of ${fmt(BATCH)} rows, ${IN_FLIGHT} in flight; ` +
  `≤ ${fmt(EVENTS)} events or ${SECONDS} s after warm-up (≤ ${MAX_SECONDS} s in all) per run; first ${WARMUP_WINDOWS} window(s) are warm-up; median of ${REPEAT}\n`);

const results = [];
for (const keys of KEYS) {
  for (const mode of MODES) {
    const runs = [];
    for (let r = 0; r < REPEAT; r++) {
      const res = await run(keys, mode);
      process.stderr.write(`  ${fmt(keys)} keys, ${mode}: ${fmt(res.events_per_sec)} events/s, ack p99 ${res.ack_p99_ms} ms, delivery p99 ${res.delivery_p99_ms} ms` +
        ` (window first row p50 ${res.first_row_p50_ms}, last row p50 ${res.last_row_p50_ms} ms), loop max ${res.server_loop_max_ms} ms, ${res.server_cpu_us_per_event} µs/event\n`);
      runs.push(res);
    }
    const med = (f) => median(runs.map(f).filter((x) => !Number.isNaN(x)));
    const keysOf = ['server_peak_rss_mb', 'server_loop_max_ms', 'checkpoint_share', 'server_cpu_us_per_event', 'events_per_sec', 'ack_p50_ms', 'ack_p99_ms', 'ack_max_ms', 'delivery_p50_ms', 'delivery_p99_ms', 'delivery_max_ms', 'first_row_p50_ms', 'first_row_max_ms', 'last_row_p50_ms', 'last_row_max_ms', 'delivered'];
    results.push({ keys, mode, repeat: REPEAT, ...Object.fromEntries(keysOf.map((k) => [k, med((x) => x[k])])), runs });
  }
}

console.log(table(
  ['keys', 'state', 'events/s', 'ack p50 ms', 'ack p99 ms', 'ack max ms', 'delivery p50 ms', 'delivery p99 ms', 'delivery max ms', 'window first row p50 / max ms', 'window last row p50 / max ms', 'delivered', 'server CPU µs/event', 'server loop max ms', 'server peak RSS MB', 'time in checkpoints', 'per run events/s'],
  results.map((r) => [fmt(r.keys), r.mode, fmt(r.events_per_sec), fmt(r.ack_p50_ms, 1), fmt(r.ack_p99_ms, 1), fmt(r.ack_max_ms, 1),
    fmt(r.delivery_p50_ms, 1), fmt(r.delivery_p99_ms, 1), fmt(r.delivery_max_ms, 1),
    `${fmt(r.first_row_p50_ms, 1)} / ${fmt(r.first_row_max_ms, 1)}`, `${fmt(r.last_row_p50_ms, 1)} / ${fmt(r.last_row_max_ms, 1)}`, `${(r.delivered * 100).toFixed(1)}%`,
    fmt(r.server_cpu_us_per_event, 1), fmt(r.server_loop_max_ms), fmt(r.server_peak_rss_mb), `${Math.round(r.checkpoint_share * 100)}%`, r.runs.map((x) => fmt(x.events_per_sec)).join(' ')]),
));
for (const r of results) {
  for (const x of r.runs) {
    if (x.errors || x.rejected || x.subscriber_closed || x.server.late_rows || x.server.slow_consumers_dropped) {
      console.log(`note: ${fmt(r.keys)} keys ${r.mode}: ${x.errors} errors (${x.last_error}), ${x.rejected} rejected, ` +
        `${x.server.late_rows} late rows, ${x.server.slow_consumers_dropped} slow consumers dropped, subscriber ${x.subscriber_closed ?? 'open'}`);
    }
  }
}
const main = results.find((r) => r.keys === 100_000 && r.mode === 'file');
const goals = main ? [
  { goal: '100k keys, state file: ≥ 300k events/s', value: main.events_per_sec, met: main.events_per_sec >= 300_000 },
  { goal: '100k keys, state file: ack p99 < 50 ms', value: main.ack_p99_ms, unit: 'ms', met: main.ack_p99_ms < 50 },
  { goal: '100k keys, state file: delivery p99 < 50 ms', value: main.delivery_p99_ms, unit: 'ms', met: main.delivery_p99_ms < 50 },
] : [];
const result = {
  bench: 'e2e-server',
  machine: { ...machine, load_avg_end: loadavg()[0] },
  elapsed_s: Math.round((Date.now() - started) / 100) / 10,
  options: { events: EVENTS, seconds: SECONDS, max_seconds: MAX_SECONDS, batch: BATCH, in_flight: IN_FLIGHT, repeat: REPEAT, warmup_windows: WARMUP_WINDOWS },
  cases: results,
  goals,
};
console.log(`\nRESULT ${JSON.stringify(result)}`);
