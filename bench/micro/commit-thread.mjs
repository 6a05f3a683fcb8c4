// The commit thread's work for fixed checkpoints, apart from the engine and from when checkpoints fall
// (which a loaded machine moves): 8 checkpoints, each 170k changed groups of a HOP-like aggregate
// (5 namespaces, COUNT and MAX as flat slots, crossing as slot runs) and 1M output rows in batches of
// 1,024 (binary blocks), posted as a background checkpoint is and waited for. Prints the wall and CPU
// time (both threads; the engine's thread waits in Atomics.wait meanwhile) of the commits, and the
// process's peak RSS.
//   node scripts/build.mjs && node --expose-gc bench/micro/commit-thread.mjs [--dist DIR]
import { rmSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
const distArg = process.argv.indexOf('--dist');
const dist = resolve(distArg > 0 ? process.argv[distArg + 1] : new URL('../../dist', import.meta.url).pathname);
const COMMITS = 8;
const { StoreClient } = await import(`file://${dist}/src/executor/state/store-client.js`);
const { SlotSink } = await import(`file://${dist}/src/executor/state/slot-entries.js`);
const { outputBatchOf } = await import(`file://${dist}/src/executor/state/output-batch.js`);
const dir = mkdtempSync(join(tmpdir(), 'tq-commit-cpu-'));
const store = StoreClient.open(join(dir, 's.db'));
store.setViewFingerprint('agg', 'fp', ['agg/op']);
const COLS = [{ name: 'k', type: { name: 'BIGINT', nullable: false } }, { name: 'window_start', type: { name: 'TIMESTAMP', precision: 3, nullable: false } }, { name: 'n', type: { name: 'BIGINT', nullable: false } }, { name: 'm', type: { name: 'DOUBLE', nullable: true } }];
const places = [{ kind: 'count', at: 3 }, { kind: 'extreme', at: 4 }];
let seq = 1;
let cpuMs = 0;
let ms = 0;
for (let c = 0; c < COMMITS; c++) {
  const sink = new SlotSink();
  const f = new Float64Array(6);
  for (let p = 0; p < 5; p++) for (let j = 0; j < 34000; j++) {
    const k = (p * 40000 + j * 2 + c * 7) % 100000;
    f.set([1 + (j % 3), j, NaN, 1 + (j % 3), 1, (j % 997) * 0.5]);
    sink.add('o:', `d${1704067200000 + (c * 5 + p) * 2000};`, places, 6, k, f, 0);
  }
  const batches = [];
  for (let b = 0; b < 1000; b++) {
    const rows = [];
    for (let i = 0; i < 1024; i++) rows.push([i * 97 % 100000, 1704067200000 + c * 10000, i % 5, i * 0.5]);
    batches.push(outputBatchOf('agg', seq, rows, null, COLS));
    seq += 1024;
  }
  const runs = sink.take();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  store.commitPart(c + 1, { ops: [], slots: [{ id: 'agg/op', runs }], blocks: [], batches }, () => true);
  let err = null;
  store.commitAsync({ operators: c > 0 ? [{ id: 'agg/op', packed: { keys: ['o:d' + (1704067200000 + (c - 1) * 10000) + ';'], values: ['\u0000drop-prefix'] } }] : [], offsets: {} }, (r, e) => (err = e), c + 1);
  store.sync();
  if (err) throw err;
  ms += performance.now() - t0;
  const d = process.cpuUsage(c0);
  cpuMs += (d.user + d.system) / 1000;
}
store.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ ms: Math.round(ms), cpu_ms: Math.round(cpuMs), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
