// Micro-benchmark of two costs that used to grow with state size: retractable MIN/MAX in a changelog
// GROUP BY (per row, as the group's distinct values grow) and HOP EMIT CHANGES (per row, as size/slide
// grows). Prints µs per input row and the ratios the goals are stated in.
//   node scripts/build.mjs && node bench/micro/changelog-extremes.mjs [--quick] [--dist DIR] [--only hop|extremes]
//        [--ratios 2,6,20,60] [--rows N] [--repeat R] [--clock wall|cpu] [--intervals batch,1s,10s] [--keys K]
// --dist runs another build of the engine (e.g. one made from an older commit) for before/after figures.
// --clock cpu times the process's CPU (all threads, GC helpers included) instead of the wall clock: on a
// shared machine the wall clock mostly measures waiting for a core. --repeat keeps the fastest of R runs.
//
// MIN/MAX: `SELECT MIN(total), MAX(total) FROM (SELECT k, SUM(v) AS total FROM t GROUP BY k)`: every input
// row changes one key's sum, so the outer MIN/MAX retracts one value and adds another in a multiset of
// D distinct values (D = keys: 5k … 40k). Goal: per-row cost flat in D (O(log D)).
// HOP: `HOP(slide 1 s, size r s) COUNT(*) per MOD(auction, K) EMIT CHANGES`, events in time order, 10 per
// ms of event time, pushed in batches of 1,000 rows as a websocket client sends them. K = --keys: 100 by
// default (every key in every batch, the state in cache); 10000: about a tenth of the keys per batch, and
// state well beyond the cache.
// Goal: slowest ÷ fastest ≥ 0.7 for r from 2 to 60. Measured per emission: `batch` (no 'emit.interval',
// each changed window once per batch) and each interval given (`WITH ('emit.interval' = '1s')`: each
// changed window once per interval of event time, and before it closes); --intervals picks them
// (default batch,1s,10s; a build without the option, e.g. --dist of an older commit, runs `batch` only;
// `final` measures the same query with EMIT FINAL, the floor of any emission).
// Each mode prints µs per input row and its ratio (the goal), µs per row in or out and per output row, and
// the time split into a cost per input row and one per output row (fitted over the ratios): per batch
// the output grows with size/slide (0.39 → 12 rows out per row in), so the per-input figure follows the
// output and the per-output one tells whether a changed window costs the same at every size/slide.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const distAt = args.indexOf('--dist');
const dist = resolve(distAt >= 0 ? args[distAt + 1] : 'dist');
const opt = (name, dflt) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : dflt;
};
const only = opt('only', null);
const ratios = opt('ratios', '2,5,30,60').split(',').map(Number);
const repeat = Math.max(1, Number(opt('repeat', '1')));
const cpuClock = opt('clock', 'wall') === 'cpu';
const intervals = opt('intervals', 'batch,1s,10s').split(',');
const keys = Number(opt('keys', '100'));
const { createEngine } = await import(pathToFileURL(`${dist}/src/index.js`).href);

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** µs per row of pushing `rows` in batches of `batch` into source t of `engine`. */
function time(engine, rows, batch) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += batch) engine.push('t', rows.slice(i, i + batch));
  if (cpuClock) {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / rows.length;
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / rows.length;
}

function extremes(distinct, n) {
  const e = createEngine();
  e.execute(`CREATE SOURCE t (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
  e.execute(`CREATE VIEW mm AS SELECT MIN(total) AS lo, MAX(total) AS hi, COUNT(*) AS keys FROM (SELECT k, SUM(v) AS total FROM t GROUP BY k)`);
  let out = 0;
  e.subscribeRaw('mm', (rows) => (out += rows.length));
  const rnd = lcg(42);
  // Fill: one row per key, distinct sums.
  const fill = Array.from({ length: distinct }, (_, k) => ({ k, v: k * 1000, ts: 1 }));
  time(e, fill, 1000);
  const rows = Array.from({ length: n }, () => ({ k: Math.floor(rnd() * distinct), v: Math.floor(rnd() * 2000) - 1000, ts: 1 }));
  time(e, rows.slice(0, Math.min(n / 5, 20_000)), 1000); // warm-up
  const us = time(e, rows, 1000);
  void e.close();
  return { us, out };
}

function hop(ratio, n, interval) {
  const e = createEngine();
  e.execute(`CREATE SOURCE t (auction BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
  const options = interval === 'batch' || interval === 'final' ? '' : ` WITH ('emit.interval' = '${interval}')`;
  e.execute(`CREATE VIEW h${options} AS SELECT MOD(auction, ${keys}) AS k, window_start, window_end, COUNT(*) AS num
FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '${ratio}' SECOND))
GROUP BY MOD(auction, ${keys}), window_start, window_end${interval === 'final' ? '' : ' EMIT CHANGES'}`);
  let out = 0;
  e.subscribeRaw('h', (rows) => (out += rows.length));
  const rnd = lcg(7);
  const rows = Array.from({ length: n }, (_, i) => ({ auction: Math.floor(rnd() * 10_000), ts: 1_700_000_000_000 + Math.floor(i / 10) }));
  const warm = Math.min(n / 5, 20_000);
  time(e, rows.slice(0, warm), 1000);
  const us = time(e, rows.slice(warm), 1000);
  void e.close();
  return { us, outPerRow: out / n };
}

const N = Number(opt('rows', quick ? 20_000 : 200_000));
console.log(`engine: ${dist}; ${N} rows per measurement, ${cpuClock ? 'CPU' : 'wall'} clock, best of ${repeat}`);
const best = (f) => {
  let r = f();
  for (let i = 1; i < repeat; i++) {
    const x = f();
    if (x.us < r.us) r = x;
  }
  return r;
};
const ex = [];
for (const d of only === 'hop' ? [] : [5_000, 10_000, 20_000, 40_000]) {
  ex.push({ d, ...best(() => extremes(d, N)) });
  console.log(`MIN/MAX retract, ${d} distinct values: ${ex.at(-1).us.toFixed(2)} µs/row`);
}
if (ex.length > 0) console.log(`MIN/MAX 40k ÷ 5k per-row cost: ${(ex.at(-1).us / ex[0].us).toFixed(2)}× (flat = 1)`);
if (only === 'extremes') process.exit(0);
// Rounds over the ratios, one emission mode after another within each, so that a change of load on a
// shared machine hits every mode alike.
// One untimed run first: the first engine of a process pays for compiling the engine's code.
hop(ratios[0], Math.min(N, 50_000), intervals[0]);
const modes = intervals.map((interval) => ({ interval, hp: ratios.map((r) => ({ r, us: Infinity, outPerRow: 0 })) }));
for (let rep = 0; rep < repeat; rep++) {
  for (let i = 0; i < ratios.length; i++) {
    for (const m of modes) {
      const x = hop(ratios[i], N, m.interval);
      if (x.us < m.hp[i].us) m.hp[i] = { r: ratios[i], ...x };
    }
  }
}
for (const { interval, hp } of modes) {
  const label = interval === 'batch' ? 'EMIT CHANGES per batch' : interval === 'final' ? 'EMIT FINAL (reference)' : `EMIT CHANGES 'emit.interval' = '${interval}'`;
  for (const x of hp) console.log(`HOP ${label}, size/slide ${x.r}: ${x.us.toFixed(2)} µs/row, ${x.outPerRow.toFixed(2)} output rows per input row`);
  const fastest = Math.min(...hp.map((r) => r.us));
  const slowest = Math.max(...hp.map((r) => r.us));
  console.log(`HOP ${label}: fastest ÷ slowest (throughput slowest ÷ fastest) ${(fastest / slowest).toFixed(2)} (goal ≥ 0.7)`);
  // EMIT CHANGES emits every (window, key) changed, and a key is in size/slide windows: per batch the
  // output grows with size/slide whatever the operator does. The cost per row handled (input + output)
  // tells an operator that does O(1) per row in and per row out (flat) from one that does more (growing).
  const perHandled = hp.map((r) => r.us / (1 + r.outPerRow));
  console.log(`  per row in or out: ${hp.map((x, i) => `${x.r}: ${perHandled[i].toFixed(3)} µs`).join(', ')}; fastest ÷ slowest ${(Math.min(...perHandled) / Math.max(...perHandled)).toFixed(2)}`);
  // Per output row: all of the time ÷ rows out (an upper bound: it charges the input's own cost to the
  // output too), and the split of the time into a cost per row in and one per row out fitted over the
  // ratios (least squares of µs per row in = a + b · rows out per row in): b flat and small means each
  // changed window costs the same whatever size/slide is; the growth per input row is then b times the
  // output's growth.
  if (interval !== 'final') {
    console.log(`  per output row: ${hp.map((x) => `${x.r}: ${(x.us / x.outPerRow).toFixed(3)} µs`).join(', ')}`);
    const { a, b } = fit(hp.map((x) => x.outPerRow), hp.map((x) => x.us));
    // Only where the output varies by a row or more per row in: below that the slope is noise.
    const spread = Math.max(...hp.map((x) => x.outPerRow)) - Math.min(...hp.map((x) => x.outPerRow));
    if (b !== null && spread >= 1) console.log(`  fitted: ${a.toFixed(3)} µs per row in + ${b.toFixed(3)} µs per row out`);
  }
}

/** Least squares y = a + b·x (b null when the x do not vary). */
function fit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return { a: my, b: null };
  const b = sxy / sxx;
  return { a: my - b * mx, b };
}
