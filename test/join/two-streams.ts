/**
 * What the join oracle tests share: two in-order inputs `l` and `r` of rows `(id, k, ts)`, a random
 * schedule interleaving their batches, and SQLite tables `l` and `r` holding the same rows.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Engine } from '../../src/index.js';

export interface In {
  id: number;
  k: number | null;
  ts: number;
}

const BASE = 1_700_000_000_000;

export const SOURCES = `
  CREATE SOURCE l (id INT, k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MILLISECOND);
  CREATE SOURCE r (id INT, k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MILLISECOND);`;

/** One input's rows in event-time order, ids from `idFrom`, keys in 0..3 and sometimes NULL (1 in `nullFreq`). */
export const sideArb = (idFrom: number, opts: { maxLength: number; nullFreq: number }): fc.Arbitrary<In[]> =>
  fc
    .array(fc.record({ k: fc.option(fc.integer({ min: 0, max: 3 }), { freq: opts.nullFreq }), gap: fc.integer({ min: 0, max: 24 }).map((g) => g * 50) }), { minLength: 0, maxLength: opts.maxLength })
    .map((rs) => {
      let ts = BASE;
      return rs.map((r, i): In => ({ id: idFrom + i, k: r.k, ts: (ts += r.gap) }));
    });

/** Which input the next batch comes from, and how many rows it has. */
export const scheduleArb = fc.array(fc.record({ left: fc.boolean(), n: fc.integer({ min: 1, max: 15 }) }), { minLength: 1, maxLength: 20 });

/** Pushes both inputs in the schedule's batches (cycled; the other input once one runs out), then flushes. */
export function pushInterleaved(engine: Engine, left: In[], right: In[], schedule: { left: boolean; n: number }[]): void {
  let li = 0;
  let ri = 0;
  for (let s = 0; li < left.length || ri < right.length; s++) {
    const step = schedule[s % schedule.length]!;
    if ((step.left && li < left.length) || ri >= right.length) {
      engine.push('l', left.slice(li, li + step.n));
      li += step.n;
    } else {
      engine.push('r', right.slice(ri, ri + step.n));
      ri += step.n;
    }
  }
  engine.flush();
}

/** Runs `query` over SQLite tables `l` and `r` holding the inputs; its raw result rows. */
export function sqliteOverBoth(query: string, left: In[], right: In[]): unknown[][] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE l (id INTEGER, k INTEGER, ts INTEGER); CREATE TABLE r (id INTEGER, k INTEGER, ts INTEGER);');
  for (const [t, rows] of [['l', left], ['r', right]] as const) {
    const ins = db.prepare(`INSERT INTO ${t} VALUES (?, ?, ?)`);
    for (const x of rows) ins.run(x.id, x.k, x.ts);
  }
  const out = db.prepare(query).raw().all() as unknown[][];
  db.close();
  return out;
}
