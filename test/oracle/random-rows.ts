/**
 * What the SQLite oracle tests share: random in-order rows `(k, v, ts)`, random batch sizes, pushing rows
 * through an engine in those batches, and running a from-scratch SQL query over the same rows in SQLite.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Engine } from '../../src/index.js';

export interface In {
  k: number | null;
  v: number | null;
  ts: number;
}

/** Rows with non-decreasing timestamps, `gap` ms apart; keys in 0..maxKey and values sometimes NULL. */
export function inOrderRows(opts: { maxKey: number; gap: fc.Arbitrary<number>; maxLength: number }): fc.Arbitrary<In[]> {
  return fc
    .array(
      fc.record({
        k: fc.option(fc.integer({ min: 0, max: opts.maxKey }), { freq: 6 }),
        v: fc.option(fc.integer({ min: -50, max: 100 }), { freq: 5 }),
        gap: opts.gap,
      }),
      { minLength: 1, maxLength: opts.maxLength },
    )
    .map((rs) => {
      let ts = 1_700_000_000_000;
      return rs.map((r): In => ({ k: r.k, v: r.v, ts: (ts += r.gap) }));
    });
}

export function batchSizes(maxSize: number, maxBatches: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: 1, maxLength: maxBatches });
}

/** Pushes `rows` into source `t` in batches of the given sizes (cycled), then flushes. */
export function pushInBatches(engine: Engine, source: string, rows: In[], batches: number[]): void {
  let i = 0;
  let b = 0;
  while (i < rows.length) {
    const n = batches[b++ % batches.length]!;
    engine.push(source, rows.slice(i, i + n));
    i += n;
  }
  engine.flush();
}

/** Runs `sql` over a table `t (k, v, ts)` holding `rows`; each result row as sorted JSON text. */
export function sqliteRows(rows: In[], sql: string): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k INTEGER, v INTEGER, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (const r of rows) ins.run(r.k, r.v, r.ts);
  const out = (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.close();
  return out.sort();
}
