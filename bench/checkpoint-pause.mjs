// How long a checkpoint holds the event loop, and what durability costs in throughput, for a TUMBLE and
// a HOP aggregate over 100k live keys (the workload of lib/durable-workload.mjs, state file in a temp dir).
//
//   npm run build && node --expose-gc bench/checkpoint-pause.mjs [--reps 15] [--events 600000] [--tp-reps 3]
//                                                                 [--queries tumble,hop] [--quick]
//
// 1. Pause. 100k keys are live; then, per sample, every one of the 100k keys changes (events at one
//    event time, so no window fires and the watermark stands still) and a checkpoint is taken with
//    engine.checkpoint(). The pause of that checkpoint is the longest single stretch the event loop was
//    held from the call until the checkpoint is committed (stats().checkpoint.epoch moves on): the
//    larger of the time inside the call and the longest gap of a 1 ms probe timer (lib/loop-probe.mjs).
//    A checkpoint that snapshots synchronously and commits in slices or on another thread is measured
//    the same way (a returned promise is awaited). Reported: p50 / p99 / max over the samples, the
//    time to commit, and the payload bytes.
// 2. Throughput ratio. The same events pushed (batches of 1000, one loop yield per batch) into an
//    in-memory engine and into a durable one (input log + a checkpoint every 1 s), interleaved per rep;
//    ratio = durable ÷ memory events/s per rep, median over reps (goal ≥ 0.8). `loop max` is the longest
//    block of the event loop during the run (a firing window, a checkpoint).
// Wall time is what counts; on a shared, busy machine it also holds the time spent waiting for a core,
// so the CPU time of this process is reported beside it (`CPU in call`, events per CPU-second): it
// moves much less with the load, but leaves out I/O waits (fsync), so it flatters the durable mode.
//
// Prints two tables and one line `RESULT {json}` (read by `npm run bench`).
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep, setImmediate as yieldLoop } from 'node:timers/promises';
import { KEYS, QUERIES, T0, eventsAt, loadCreateEngine, makeEvents, newEngine, tempStateDir, throughput } from './lib/durable-workload.mjs';
import { startLoopProbe } from './lib/loop-probe.mjs';
import { cliArgs, fmt, fmtBytes, median, summarize, table } from './lib/stats.mjs';

const createEngine = await loadCreateEngine();
const { flag, option, number } = cliArgs();
const QUICK = flag('quick');
const REPS = number('reps', QUICK ? 5 : 15);
const EVENTS = number('events', QUICK ? 200_000 : 600_000);
const TP_REPS = number('tp-reps', QUICK ? 1 : 3);
const QUERY_LIST = option('queries', 'tumble,hop').split(',');
for (const q of QUERY_LIST) if (!QUERIES[q]) throw new Error(`unknown query '${q}' (expected ${Object.keys(QUERIES).join(', ')})`);
const files = tempStateDir('tq-ckpt-pause-');
const BATCH = 1000;

/** Pushes `events` in batches, yielding between them, so pushing never counts as a checkpoint's pause. */
async function pushAll(engine, events) {
  for (let i = 0; i < events.length; i += BATCH) {
    engine.push('ev', events.slice(i, i + BATCH));
    await yieldLoop();
  }
}

async function committedAfter(engine, epoch, timeoutMs = 60_000) {
  const until = performance.now() + timeoutMs;
  while ((engine.stats().checkpoint?.epoch ?? 0) <= epoch) {
    if (performance.now() > until) throw new Error(`checkpoint not committed after ${timeoutMs} ms`);
    await sleep(1);
  }
}

/** One checkpoint, measured: { callMs, pauseMs, commitMs, storeMs, bytes }. */
async function measuredCheckpoint(engine) {
  const epoch = engine.stats().checkpoint?.epoch ?? 0;
  const probe = startLoopProbe();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The periodic checkpoint's path where the engine has one (snapshot now, commit on the commit thread).
  const ret = typeof engine.checkpointInBackground === 'function' ? engine.checkpointInBackground() : engine.checkpoint();
  const callMs = performance.now() - t0;
  const callCpu = process.cpuUsage(cpu0);
  if (ret && typeof ret.then === 'function') await ret;
  await committedAfter(engine, epoch);
  const commitMs = performance.now() - t0;
  await sleep(3); // the probe's next tick, so a block that ended just now is seen
  const { maxMs } = probe.stop();
  const c = engine.stats().checkpoint;
  const callCpuMs = (callCpu.user + callCpu.system) / 1000;
  return { callMs, callCpuMs, pauseMs: Math.max(callMs, maxMs), commitMs, storeMs: c.durationMs, bytes: c.bytes };
}

async function pauses(query) {
  globalThis.gc?.();
  // A checkpoint interval so long it never fires: the engine is set up as for periodic checkpoints
  // (commit thread) and the measured checkpoints are the only ones.
  const { engine } = newEngine(createEngine, files, 'ckpt-manual', query);
  const ts = T0 + 5_000; // 5 s into the first 10 s window (HOP: one 2 s pane)
  await pushAll(engine, eventsAt(KEYS, 0, ts));
  engine.checkpoint();
  // Two small ones so the WAL holding the 100k-key fill has been folded into the file before measuring.
  for (let i = 0; i < 2; i++) {
    engine.push('ev', eventsAt(10, 0, ts));
    engine.checkpoint();
  }
  const samples = [];
  for (let r = 0; r < REPS; r++) {
    await pushAll(engine, eventsAt(KEYS, r * 7919, ts));
    await sleep(5);
    samples.push(await measuredCheckpoint(engine));
    process.stderr.write('.');
  }
  await engine.close();
  return {
    query,
    changed_keys: KEYS,
    samples: samples.length,
    pause_ms: summarize(samples.map((s) => s.pauseMs)),
    call_ms: summarize(samples.map((s) => s.callMs)),
    call_cpu_ms: summarize(samples.map((s) => s.callCpuMs)),
    commit_ms: summarize(samples.map((s) => s.commitMs)),
    store_ms_p50: Math.round(median(samples.map((s) => s.storeMs)) * 10) / 10,
    bytes_p50: median(samples.map((s) => s.bytes)),
  };
}

async function ratio(query, events) {
  const runs = [];
  for (let r = 0; r < TP_REPS; r++) {
    const mem = await throughput(createEngine, files, 'memory', query, events, { batch: BATCH, probe: true });
    const dur = await throughput(createEngine, files, 'ckpt-1s', query, events, { batch: BATCH, probe: true });
    if (mem.out !== dur.out) throw new Error(`${query}: ${mem.out} rows in memory but ${dur.out} with a state file`);
    runs.push({ mem, dur, ratio: dur.rate / mem.rate });
    process.stderr.write('.');
  }
  const pick = (f) => Math.round(median(runs.map(f)));
  return {
    query,
    events: events.length,
    reps: runs.length,
    memory_events_per_sec: pick((r) => r.mem.rate),
    durable_events_per_sec: pick((r) => r.dur.rate),
    ratio: Math.round(median(runs.map((r) => r.ratio)) * 1000) / 1000,
    memory_events_per_cpu_sec: pick((r) => r.mem.cpuRate),
    durable_events_per_cpu_sec: pick((r) => r.dur.cpuRate),
    cpu_ratio: Math.round(median(runs.map((r) => r.dur.cpuRate / r.mem.cpuRate)) * 1000) / 1000,
    ratios: runs.map((r) => Math.round(r.ratio * 1000) / 1000),
    rows_out: runs[0].mem.out,
    durable_checkpoints: pick((r) => r.dur.ckpts),
    durable_ckpt_max_ms: pick((r) => r.dur.ckptMax),
    memory_loop_max_ms: pick((r) => r.mem.loopMaxMs),
    durable_loop_max_ms: pick((r) => r.dur.loopMaxMs),
    state_file_bytes: pick((r) => r.dur.size),
  };
}

const started = Date.now();
const machine = { cpu: cpus()[0]?.model ?? 'cpu', cores: cpus().length, node: process.version, load_avg_start: loadavg()[0] };
console.log(`checkpoint pause — ${machine.cpu} × ${machine.cores}, node ${machine.node}, load ${machine.load_avg_start.toFixed(2)}`);
console.log(`pause: ${REPS} checkpoints of ${fmt(KEYS)} changed keys per query; throughput: ${fmt(EVENTS)} events, ${TP_REPS} rep(s), median\n`);

const pauseRows = [];
const ratioRows = [];
const events = makeEvents(EVENTS);
for (const query of QUERY_LIST) {
  process.stderr.write(`${query} pause `);
  pauseRows.push(await pauses(query));
  process.stderr.write(` throughput `);
  ratioRows.push(await ratio(query, events));
  process.stderr.write('\n');
}

console.log(table(
  ['query', 'changed keys', 'checkpoints', 'pause p50 ms', 'pause p99 ms', 'pause max ms', 'in call p50 ms', 'CPU in call p50 ms', 'to commit p50 ms', 'store commit p50 ms', 'payload'],
  pauseRows.map((r) => [r.query, fmt(r.changed_keys), r.samples, fmt(r.pause_ms.p50, 1), fmt(r.pause_ms.p99, 1), fmt(r.pause_ms.max, 1),
    fmt(r.call_ms.p50, 1), fmt(r.call_cpu_ms.p50, 1), fmt(r.commit_ms.p50, 1), fmt(r.store_ms_p50, 1), fmtBytes(r.bytes_p50)]),
));
console.log('');
console.log(table(
  ['query', 'events', 'memory events/s', 'durable events/s', 'durable ÷ memory', 'per rep', 'per CPU-s: memory', 'durable', 'ratio',
    'checkpoints', 'ckpt max ms', 'loop max ms memory', 'loop max ms durable'],
  ratioRows.map((r) => [r.query, fmt(r.events), fmt(r.memory_events_per_sec), fmt(r.durable_events_per_sec), `${r.ratio.toFixed(2)}×`,
    r.ratios.map((x) => x.toFixed(2)).join(' '), fmt(r.memory_events_per_cpu_sec), fmt(r.durable_events_per_cpu_sec), `${r.cpu_ratio.toFixed(2)}×`,
    r.durable_checkpoints, fmt(r.durable_ckpt_max_ms), fmt(r.memory_loop_max_ms), fmt(r.durable_loop_max_ms)]),
));
const result = {
  bench: 'checkpoint-pause',
  machine: { ...machine, load_avg_end: loadavg()[0] },
  elapsed_s: Math.round((Date.now() - started) / 100) / 10,
  pause: pauseRows,
  throughput: ratioRows,
  goals: [
    ...ratioRows.map((r) => ({ goal: `${r.query}, 100k keys: durable (input log + 1 s checkpoints) ≥ 0.8× in-memory events/s`, value: r.ratio, met: r.ratio >= 0.8 })),
    // Issue 15: no single task holds the loop for more than a few ms; 10 ms is the line drawn here.
    ...pauseRows.map((r) => ({ goal: `${r.query}: checkpoint of 100k changed keys holds the event loop ≤ 10 ms (max)`, value: r.pause_ms.max, unit: 'ms', met: r.pause_ms.max <= 10 })),
  ],
};
console.log(`\nRESULT ${JSON.stringify(result)}`);
