// Micro-benchmark of Top-N over a changelog (retract Top-N): per-row cost of
// `SELECT k, total FROM (SELECT k, SUM(v) AS total FROM t GROUP BY k) ORDER BY total DESC LIMIT 10`
// as the number of groups D (all kept in the ranking's state) grows, next to the GROUP BY alone in the
// same run (the baseline: the ranking's own cost is the difference). Every input row changes one key's
// sum, so the ranking removes one row and inserts one in a sorted list of D rows (binary search plus an
// O(D) splice) and diffs the first 10.
//   node scripts/build.mjs && node bench/micro/retract-topn.mjs [--quick] [--dist DIR]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const distAt = args.indexOf('--dist');
const dist = resolve(distAt >= 0 ? args[distAt + 1] : 'dist');
const { createEngine } = await import(pathToFileURL(`${dist}/src/index.js`).href);

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** µs per row of pushing `rows` in batches of `batch` into source t of `engine`. */
function time(engine, rows, batch) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += batch) engine.push('t', rows.slice(i, i + batch));
  return Number(process.hrtime.bigint() - t0) / 1000 / rows.length;
}

function run(view, distinct, n) {
  const e = createEngine();
  e.execute(`CREATE SOURCE t (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
  e.execute(`CREATE VIEW w AS ${view}`);
  let out = 0;
  e.subscribeRaw('w', (rows) => (out += rows.length));
  const rnd = lcg(42);
  time(e, Array.from({ length: distinct }, (_, k) => ({ k, v: k * 1000, ts: 1 })), 1000);
  const rows = Array.from({ length: n }, () => ({ k: Math.floor(rnd() * distinct), v: Math.floor(rnd() * 2000) - 1000, ts: 1 }));
  time(e, rows.slice(0, Math.min(n / 5, 20_000)), 1000); // warm-up
  const us = time(e, rows, 1000);
  void e.close();
  return us;
}

const GROUP = `SELECT k, SUM(v) AS total FROM t GROUP BY k`;
const N = quick ? 20_000 : 200_000;
console.log(`engine: ${dist}`);
for (const d of [5_000, 10_000, 20_000, 40_000]) {
  const base = run(GROUP, d, N);
  const topn = run(`SELECT k, total FROM (${GROUP}) ORDER BY total DESC LIMIT 10`, d, N);
  console.log(`${d} groups: GROUP BY ${base.toFixed(2)} µs/row, + retract Top-10 ${topn.toFixed(2)} µs/row (ranking ${(topn - base).toFixed(2)} µs/row, ${(topn / base).toFixed(2)}×)`);
}
