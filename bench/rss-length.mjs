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
  let out = 0;
  engine.subscribeRaw('agg', (rows) => (out += rows.length));
  const BATCH = 1000;
  const SERIES = option('series', '0') === '1';
  const series = [];
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
  process.stdout.write(`RESULT ${JSON.stringify({ events, out, run_ms: Math.round(runMs), peak_rss_mb: Math.round(peakMb), heap_after_gc_mb: Math.round(heapMb), ...(SERIES ? { rss_every_250k_mb: series } : {}) })}\n`);
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
    '--state', state, '--dist', DIST, '--slice-rows', option('slice-rows', '1024')], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(line.slice(7));
}

const rows = [];
for (const mode of MODES) {
  const a = child(mode, EVENTS);
  const b = child(mode, 4 * EVENTS);
  rows.push([mode, fmt(a.peak_rss_mb), fmt(b.peak_rss_mb), (b.peak_rss_mb / a.peak_rss_mb).toFixed(2), fmt(a.heap_after_gc_mb), fmt(b.heap_after_gc_mb), (b.heap_after_gc_mb / a.heap_after_gc_mb).toFixed(2), `${fmt(a.out)} / ${fmt(b.out)}`]);
}
console.log(`TUMBLE 1 s over ${fmt(KEYS)} keys, pushed in batches of 1,000; N = ${fmt(EVENTS)} events; engine ${DIST}`);
console.log(table(['state', 'peak RSS N (MB)', 'peak RSS 4N', '4N ÷ N', 'heap after GC N (MB)', 'heap 4N', '4N ÷ N', 'rows out'], rows));
