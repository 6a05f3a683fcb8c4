// Peak RSS against run length: the same workload for N and 4N events, each in a fresh process, so a
// growth in state, logs or caches that is not bounded by the window shows as RSS growing with the run.
// Workload: the end-to-end server case without the sockets (bench/lib/e2e-server-process.mjs's view:
// TUMBLE 1 s over K keys, 100 events per ms of event time, so at 100k keys one output row per event),
// pushed through engine.push in batches of 1,000 as the websocket handler pushes them, one raw subscriber.
//
//   npm run build && node bench/rss-length.mjs [--events 1000000] [--keys 100000] [--modes memory,file] [--slice-rows 1024] [--dist DIR]
//
// Per mode: peak RSS (the kernel's maxRSS of the process) and the heap in use after a full GC at the end,
// at N and at 4N events, and the 4N ÷ N ratios (flat = 1.0).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PER_MS, SQL, T0 } from './lib/e2e-server-process.mjs';
import { cliArgs, fmt, table } from './lib/stats.mjs';

const { option, number } = cliArgs();
const DIST = resolve(option('dist', new URL('../dist', import.meta.url).pathname));

if (option('child', null) !== null) {
  const events = number('events', 1_000_000);
  const keys = number('keys', 100_000);
  const state = option('state', ':memory:');
  const { createEngine } = await import(pathToFileURL(`${DIST}/src/index.js`).href);
  const engine = createEngine({ statePath: state, checkpointIntervalMs: 1000, sliceRows: number('slice-rows', 1024) });
  engine.execute(SQL);
  // `--retain-input N`: the source's retained input (rows kept for a later 'earliest' query), to see
  // what keeping 100k–200k pushed rows alive costs the heap's peak.
  const retain = option('retain-input', null);
  if (retain !== null) engine.source('ev').retained.retainRows = Number(retain);
  let out = 0;
  engine.subscribeRaw('agg', (rows) => (out += rows.length));
  const BATCH = 1000;
  const SERIES = option('series', '0') === '1';
  const series = [];
  // Where the resident memory is, sampled every 16 batches: V8's heap (committed), memory V8 knows of
  // outside it (Buffers, typed arrays), and the rest of the process (native allocations: SQLite, its
  // thread, libuv, malloc's arenas). Their peaks tell which one grows with the run.
  const peak = { heap_total_mb: 0, heap_used_mb: 0, external_mb: 0, native_other_mb: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    const mb = (x) => x / 2 ** 20;
    peak.heap_total_mb = Math.max(peak.heap_total_mb, mb(m.heapTotal));
    peak.heap_used_mb = Math.max(peak.heap_used_mb, mb(m.heapUsed));
    peak.external_mb = Math.max(peak.external_mb, mb(m.external));
    peak.native_other_mb = Math.max(peak.native_other_mb, mb(m.rss - m.heapTotal - m.external));
  };
  const t0 = performance.now();
  for (let first = 0; first < events; first += BATCH) {
    const n = Math.min(BATCH, events - first);
    const rows = new Array(n);
    for (let j = 0; j < n; j++) {
      const i = first + j;
      rows[j] = { k: i % keys, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) };
    }
    engine.push('ev', rows, 'ws');
    if (SERIES && first % 250_000 === 0) series.push(Math.round(process.memoryUsage().rss / 2 ** 20));
    // Let timers (checkpoints) and sliced firings run, as they would between socket reads.
    if ((first / BATCH) % 16 === 15) {
      sample();
      await new Promise((r) => setImmediate(r));
      while (engine.backlogged?.()) await new Promise((r) => setImmediate(r));
    }
  }
  await engine.settled?.();
  const runMs = performance.now() - t0;
  globalThis.gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  await engine.close();
  process.stdout.write(`RESULT ${JSON.stringify({ events, out, run_ms: Math.round(runMs), peak_rss_mb: Math.round(peakMb), heap_after_gc_mb: Math.round(heapMb), peaks: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v)])), ...(SERIES ? { rss_every_250k_mb: series } : {}) })}\n`);
  process.exit(0);
}

const EVENTS = number('events', 1_000_000);
const KEYS = number('keys', 100_000);
const MODES = option('modes', 'memory,file').split(',');
const dir = mkdtempSync(join(tmpdir(), 'tq-rss-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function child(mode, events) {
  const state = mode === 'file' ? join(dir, `${mode}-${events}.db`) : ':memory:';
  const r = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--child', '1', '--events', String(events), '--keys', String(KEYS),
    '--state', state, '--dist', DIST, '--slice-rows', option('slice-rows', '1024'),
    ...(option('retain-input', null) !== null ? ['--retain-input', option('retain-input', null)] : [])], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(line.slice(7));
}

const rows = [];
const parts = [];
for (const mode of MODES) {
  const a = child(mode, EVENTS);
  const b = child(mode, 4 * EVENTS);
  for (const [k, label] of [['heap_total_mb', 'V8 heap committed'], ['heap_used_mb', 'V8 heap used'], ['external_mb', 'external (Buffers, typed arrays)'], ['native_other_mb', 'RSS − heap − external (native)']]) {
    parts.push([mode, label, fmt(a.peaks[k]), fmt(b.peaks[k]), (b.peaks[k] / a.peaks[k]).toFixed(2)]);
  }
  rows.push([mode, fmt(a.peak_rss_mb), fmt(b.peak_rss_mb), (b.peak_rss_mb / a.peak_rss_mb).toFixed(2), fmt(a.heap_after_gc_mb), fmt(b.heap_after_gc_mb), (b.heap_after_gc_mb / a.heap_after_gc_mb).toFixed(2), `${fmt(a.out)} / ${fmt(b.out)}`]);
}
console.log(`TUMBLE 1 s over ${fmt(KEYS)} keys, pushed in batches of 1,000; N = ${fmt(EVENTS)} events; engine ${DIST}`);
console.log(table(['state', 'peak RSS N (MB)', 'peak RSS 4N', '4N ÷ N', 'heap after GC N (MB)', 'heap 4N', '4N ÷ N', 'rows out'], rows));
console.log('\nPeaks of the parts (sampled every 16 batches):');
console.log(table(['state', 'part', 'peak N (MB)', 'peak 4N', '4N ÷ N'], parts));
