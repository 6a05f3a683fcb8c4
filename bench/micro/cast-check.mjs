/**
 * The cost of the input checks that reject rows whose CAST of text fails (planner/row-checks.ts): µs of
 * CPU per pushed row for queries with such a CAST (checked: the CAST runs twice per row) and without
 * one (no check), on this build or another (`--dist`, e.g. a build from before the checks, where the
 * same CAST gives NULL and nothing is checked).
 *
 *   node bench/micro/cast-check.mjs [--dist DIR] [--rows N] [--repeat R]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const dist = resolve(arg('dist', new URL('../../dist', import.meta.url).pathname));
const rows = Number(arg('rows', '200000'));
const repeat = Number(arg('repeat', '3'));
const { createEngine } = await import(pathToFileURL(`${dist}/src/index.js`).href);

const SOURCE = `CREATE SOURCE s (a VARCHAR, b INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const QUERIES = {
  'project, no CAST': `SELECT a, b + 1 AS n FROM s`,
  'project, CAST(a AS INT)': `SELECT a, CAST(a AS INT) + b AS n FROM s`,
  'filter, CAST(a AS INT)': `SELECT a FROM s WHERE CAST(a AS INT) % 2 = 0`,
  'tumble SUM(CAST(a AS INT))': `SELECT window_start, SUM(CAST(a AS INT)) AS t FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end`,
};

const events = [];
for (let i = 0; i < rows; i++) events.push({ a: String(i % 1000), b: i, ts: 1_700_000_000_000 + i });

for (const [name, q] of Object.entries(QUERIES)) {
  const runs = [];
  for (let r = 0; r < repeat; r++) {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW v AS ${q};`);
    let out = 0;
    e.subscribe('v', (batch) => (out += batch.length));
    const t0 = process.cpuUsage();
    for (let i = 0; i < events.length; i += 1000) e.push('s', events.slice(i, i + 1000));
    e.flush();
    const t = process.cpuUsage(t0);
    runs.push((t.user + t.system) / rows);
    await e.close();
    if (out === 0) throw new Error(`${name}: no output`);
  }
  runs.sort((x, y) => x - y);
  console.log(`${name.padEnd(28)} ${runs[0].toFixed(3)} µs/row (best of ${repeat})`);
}
