// What durability costs the engine: throughput of a TUMBLE and a HOP aggregate over 100k live keys,
// events pushed with engine.push in batches, in three modes measured in the same process:
//   memory      statePath ':memory:' (no state file at all)
//   input-log   a state file, no checkpoint timer: every push is appended to the source's input log
//               (pushed events are durable before push returns), nothing else
//   ckpt-1s     a state file with a checkpoint every 1 s (the default): input log + checkpoints
// then the cost of one checkpoint as a function of the keys that changed since the last one
// (engine.checkpoint() timed around the call; the store's commit time and payload bytes from
// engine.stats().checkpoint; `written` = bytes passed to write(2) during the call, from /proc/self/io).
//
//   npm run build && node --expose-gc bench/checkpoint-overhead.mjs [--events 1200000] [--batch 1000] [--reps 2] [--cost-reps 5] [--quick]
//
// Event time: 20 events per ms, keys k = i mod 100000, so a 10 s window holds 200k events and all 100k
// keys (TUMBLE 10 s; HOP 10 s size / 2 s slide: 5 panes of 100k keys each). Every 10 s of event time
// a window fires and emits 100k rows. The loop yields to the event loop after every batch in every mode
// (otherwise a timer could never fire), so the modes differ only in what they write.
import { cpus, loadavg } from 'node:os';
import { KEYS, MODES, QUERIES, T0, eventsAt, loadCreateEngine, makeEvents, newEngine, tempStateDir, throughput, wchar } from './lib/durable-workload.mjs';
import { cliArgs, fmt, fmtBytes, median } from './lib/stats.mjs';

const createEngine = await loadCreateEngine();
const { flag, number } = cliArgs();
// --quick: a smaller run for a busy machine (what bench/README.md documents for it).
const QUICK = flag('quick');
const EVENTS = number('events', QUICK ? 200_000 : 1_200_000);
const BATCH = number('batch', 1000);
const REPS = number('reps', QUICK ? 1 : 2);
const COST_REPS = number('cost-reps', QUICK ? 1 : 5);
const files = tempStateDir('tq-ckpt-bench-');

/**
 * Checkpoint cost vs dirty keys: 100k live keys, then D of them change. All these events carry the same
 * timestamp (5 s into the first window; HOP: one pane), so the watermark stands still and nothing fires
 * in between: the checkpoint writes exactly D changed keys (plus the input log trim).
 */
function checkpointCost(query) {
  globalThis.gc?.();
  const { engine, rows: out } = newEngine(createEngine, files, 'input-log', query);
  const at = eventsAt;
  engine.push('ev', at(KEYS, 0, T0 + 5_000));
  engine.checkpoint();
  // Two small ones so the WAL holding the 100k-key fill has been folded into the file before measuring.
  for (let i = 0; i < 2; i++) {
    engine.push('ev', at(10, 0, T0 + 5_000));
    engine.checkpoint();
  }
  const rows = [];
  let next = 0;
  for (const dirty of [1_000, 10_000, 100_000]) {
    const times = [];
    const commit = [];
    const bytes = [];
    const written = [];
    for (let r = 0; r < COST_REPS; r++) {
      engine.push('ev', at(dirty, next, T0 + 5_000));
      next += dirty;
      const w0 = wchar();
      const t0 = performance.now();
      engine.checkpoint();
      times.push(performance.now() - t0);
      written.push(wchar() - w0);
      commit.push(engine.stats().checkpoint.durationMs);
      bytes.push(engine.stats().checkpoint.bytes);
    }
    rows.push({ query, what: `${fmt(dirty)} keys changed`, ms: median(times), commitMs: median(commit), bytes: median(bytes), written: median(written) });
  }
  // The watermark jumps 7 s: windows fire, their keys are purged and their rows go to the output log.
  const before = out();
  engine.push('ev', [{ k: 0, v: 0, ts: T0 + 12_000 }]);
  const w0 = wchar();
  const t0 = performance.now();
  engine.checkpoint();
  const ms = performance.now() - t0;
  const c = engine.stats().checkpoint;
  rows.push({ query, what: `windows fire (${fmt(out() - before)} rows out)`, ms, commitMs: c.durationMs, bytes: c.bytes, written: wchar() - w0 });
  engine.close();
  return rows;
}

const events = makeEvents(EVENTS);
console.log(`checkpoint overhead — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, load ${loadavg()[0].toFixed(2)}`);
console.log(`${fmt(EVENTS)} events pushed in batches of ${fmt(BATCH)}, ${fmt(KEYS)} live keys, best of ${REPS} runs per mode; checkpoint costs: median of ${COST_REPS}\n`);

// Modes interleaved within each rep, so a burst of load elsewhere on the machine hits all of them; best of reps.
const results = [];
for (const query of Object.keys(QUERIES)) {
  const best = new Map();
  for (let r = 0; r < REPS; r++) {
    for (const mode of MODES) {
      const res = await throughput(createEngine, files, mode, query, events, { batch: BATCH });
      if (!best.has(mode) || res.rate > best.get(mode).rate) best.set(mode, res);
    }
  }
  results.push(...best.values());
}

console.log('| query | mode | events/s | vs memory | rows out | checkpoints | ckpt total ms | ckpt max ms | file |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const base = results.find((x) => x.query === r.query && x.mode === 'memory');
  console.log(
    `| ${r.query} | ${r.mode} | ${fmt(r.rate)} | ${(r.rate / base.rate).toFixed(2)} | ${fmt(r.out)} | ${r.ckpts} | ${fmt(r.ckptMs)} | ${fmt(r.ckptMax)} | ${r.size ? fmtBytes(r.size) : '-'} |`,
  );
}

console.log('\n| query | checkpoint after | checkpoint() ms | of which store commit ms | payload | written |');
console.log('|---|---|---:|---:|---:|---:|');
for (const query of Object.keys(QUERIES)) {
  for (const r of checkpointCost(query)) console.log(`| ${r.query} | ${r.what} | ${r.ms.toFixed(1)} | ${r.commitMs.toFixed(1)} | ${fmtBytes(r.bytes)} | ${Number.isNaN(r.written) ? 'n/a' : fmtBytes(r.written)} |`);
}
