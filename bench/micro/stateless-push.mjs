// The engine's own CPU per row on a stateless Nexmark case, without the generator: each batch of bids is
// generated (untimed), then handed to the source's runtime as the nexmark connector hands it (timed, process
// CPU), through the case's view to a raw subscriber that counts rows. Several builds run alternated in one
// process, so a busy machine's drift hits them alike (bench/case.mjs subtracts a generator pass ~5× larger
// than the engine's time on q0/q1, and its figures swing with the machine's load).
//   node scripts/build.mjs && node --expose-gc bench/micro/stateless-push.mjs <case> [reps] [dist ...]
//   e.g. node --expose-gc bench/micro/stateless-push.mjs q0 10 /work/wt/base/dist dist
// Prints per build: ns per row, min / first quartile / median over the reps after two warm-up reps.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BID_COLUMNS_DDL, getCase } from '../cases.mjs';

const [, , c = 'q0', repsArg = '10', ...distArgs] = process.argv;
const dists = (distArgs.length > 0 ? distArgs : [new URL('../../dist', import.meta.url).pathname]).map((d) => resolve(d));
const EVENTS = 1_000_000;
const builds = [];
for (const d of dists) {
  const { createEngine } = await import(pathToFileURL(`${d}/src/index.js`).href);
  const { NexmarkGenerator } = await import(pathToFileURL(`${d}/src/executor/sources/nexmark-generator.js`).href);
  builds.push({ createEngine, NexmarkGenerator, perRow: [] });
}
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (let rep = 0; rep < Number(repsArg) + 2; rep++) {
  for (const b of builds) {
    const e = b.createEngine();
    e.execute(`CREATE SOURCE bid (${BID_COLUMNS_DDL}) WITH (connector = 'nexmark', 'table' = 'bid', events = 1)`);
    e.execute(`CREATE VIEW v AS ${getCase(c).sql}`);
    let out = 0;
    e.subscribeRaw('v', (rows) => {
      out += rows.length;
    });
    const rt = e.source('bid');
    const split = rt.split();
    globalThis.gc?.();
    const g = new b.NexmarkGenerator({ seed: 0, eventsPerSecond: 100_000, maxEvents: EVENTS });
    let us = 0;
    let rows = 0;
    while (!g.done()) {
      const batch = [];
      g.nextBatch('bid', 4096, batch);
      rows += batch.length;
      const t = cpu();
      rt.pushRows(batch, null, { split });
      us += cpu() - t;
    }
    if (out === 0) throw new Error(`${c}: no rows out`);
    if (rep >= 2) b.perRow.push((us * 1000) / rows);
    await e.close();
  }
}
builds.forEach((b, i) => {
  const r = b.perRow.sort((x, y) => x - y);
  const at = (q) => r[Math.floor(q * (r.length - 1))].toFixed(1);
  console.log(`${c} ${dists[i]}: engine ns/row min ${at(0)}  q1 ${at(0.25)}  median ${at(0.5)}`);
});
