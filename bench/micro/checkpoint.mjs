// Micro benchmark of the state store's checkpoint: commit time and bytes written as a function of the
// number of dirty keys (1k, 10k, 100k) over operator state of 100k and 1M keys. The claim it checks:
// an incremental checkpoint costs in proportion to the keys that changed, not to the size of the state.
//
//   npm run build && node bench/micro/checkpoint.mjs [--sizes 100000,1000000] [--dirty 1000,10000,100000] [--reps 5]
//
// State layout is a windowed aggregate's: key `${windowStart}|g${group}` (1000 groups per window, window
// starts of equal width so text order = time order), value [count, sum, max] as JSON. Patterns:
//   clustered  D keys of the newest windows change (what a windowed GROUP BY does between checkpoints)
//   slide      the D oldest keys are deleted (fired windows purged) and D keys of new windows inserted
//   random     D keys spread uniformly over the whole state (worst case: one B-tree page per key)
// Columns: median commit ms over --reps commits; payload = CommitResult.bytes (keys + values);
// written = bytes the process passed to write(2) during the commit (/proc/self/io wchar: WAL frames plus
// any WAL checkpoint into the main file), i.e. what actually went to the OS.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let StateStore;
try {
  ({ StateStore } = await import('../../dist/src/executor/state/index.js'));
} catch (err) {
  console.error(`cannot load dist/src/executor/state (run \`npm run build\` first): ${err.message}`);
  process.exit(1);
}

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const list = (name, dflt) => (args.get(name) ?? dflt).split(',').map(Number);
const SIZES = list('sizes', '100000,1000000');
const DIRTY = list('dirty', '1000,10000,100000');
const REPS = Number(args.get('reps') ?? 5);
const GROUPS = 1000;
const T0 = 1_700_000_000_000;
const WIDTH = 10_000;

const key = (w, g) => `${T0 + w * WIDTH}|g${g}`;
const value = (stamp, i) => [stamp, i * 1.5, i];

function wchar() {
  try {
    const m = /wchar:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmtBytes = (b) => (Number.isNaN(b) ? 'n/a' : b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`);

function measure(store, makeDelta) {
  const times = [];
  const payload = [];
  const written = [];
  for (let r = 0; r < REPS; r++) {
    const delta = makeDelta(r);
    const w0 = wchar();
    const res = store.commit({ operators: [delta] });
    written.push(wchar() - w0);
    times.push(res.durationMs);
    payload.push(res.bytes);
  }
  return { ms: median(times), payload: median(payload), written: median(written) };
}

const rows = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'tq-bench-cp-'));
  const store = StateStore.open(join(dir, 'state.db'));
  store.registerOperators('v', ['v/agg']);
  const windows = size / GROUPS;
  let t = performance.now();
  for (let w0 = 0; w0 < windows; w0 += 100) {
    const upserts = [];
    for (let w = w0; w < Math.min(windows, w0 + 100); w++) for (let g = 0; g < GROUPS; g++) upserts.push([key(w, g), value(0, g)]);
    store.commit({ operators: [{ id: 'v/agg', upserts }] });
  }
  console.error(`loaded ${size} keys in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  let stamp = 1;
  let first = 0; // oldest live window (slide moves it forward)
  for (const dirty of DIRTY) {
    if (dirty > size) continue;
    const dw = Math.max(1, Math.floor(dirty / GROUPS));
    const clustered = measure(store, () => {
      stamp++;
      const upserts = [];
      const newest = first + windows - 1;
      for (let i = 0; i < dirty; i++) upserts.push([key(newest - Math.floor(i / GROUPS), i % GROUPS), value(stamp, i)]);
      return { id: 'v/agg', upserts };
    });
    const slide = measure(store, () => {
      stamp++;
      const deletes = [];
      const upserts = [];
      for (let i = 0; i < dirty; i++) deletes.push(key(first + Math.floor(i / GROUPS), i % GROUPS));
      for (let i = 0; i < dirty; i++) upserts.push([key(first + windows + Math.floor(i / GROUPS), i % GROUPS), value(stamp, i)]);
      first += dw;
      return { id: 'v/agg', deletes, upserts };
    });
    const random = measure(store, () => {
      stamp++;
      const upserts = [];
      for (let i = 0; i < dirty; i++) {
        const n = Math.floor(Math.random() * size);
        upserts.push([key(first + Math.floor(n / GROUPS), n % GROUPS), value(stamp, i)]);
      }
      return { id: 'v/agg', upserts };
    });
    for (const [pattern, m] of [['clustered', clustered], ['slide', slide], ['random', random]]) {
      rows.push({ size, dirty, pattern, ...m });
      console.error(`state ${size} dirty ${dirty} ${pattern}: ${m.ms.toFixed(1)} ms`);
    }
  }
  t = performance.now();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\ncheckpoint commit vs dirty keys (median of ${REPS}; Node ${process.version}; synchronous=NORMAL, WAL)\n`);
console.log('| state keys | dirty keys | pattern | commit ms | µs/key | payload | written |');
console.log('|---:|---:|---|---:|---:|---:|---:|');
for (const r of rows) {
  const us = ((r.ms * 1000) / (r.pattern === 'slide' ? 2 * r.dirty : r.dirty)).toFixed(2);
  console.log(`| ${r.size.toLocaleString('en')} | ${r.dirty.toLocaleString('en')} | ${r.pattern} | ${r.ms.toFixed(1)} | ${us} | ${fmtBytes(r.payload)} | ${fmtBytes(r.written)} |`);
}
