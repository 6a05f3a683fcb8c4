/**
 * Oracle tests: the incremental TUMBLE, HOP and CUMULATE operators against SQLite computing the same GROUP BY
 * from scratch over the same random, in-order rows (DBSP's non-incremental reference). The rows arrive
 * in random batch sizes; nothing is late (watermark = ts − 1 ms over non-decreasing timestamps), so
 * every row must count in every window it belongs to.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

interface In {
  k: number | null;
  v: number | null;
  ts: number;
}

const rowsArb = fc
  .array(
    fc.record({
      k: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 6 }),
      v: fc.option(fc.integer({ min: -50, max: 100 }), { freq: 5 }),
      gap: fc.integer({ min: 0, max: 1500 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((rs) => {
    let ts = 1_700_000_000_000;
    return rs.map((r): In => ({ k: r.k, v: r.v, ts: (ts += r.gap) }));
  });

const batchesArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 });

function runEngine(window: string, rows: In[], batches: number[]): string[] {
  const engine = createEngine();
  engine.execute(`CREATE SOURCE t (k INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MILLISECOND)`);
  engine.execute(`CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, COUNT(DISTINCT v) AS dv
    FROM TABLE(${window}) GROUP BY k, window_start, window_end`);
  const out: string[] = [];
  engine.subscribe('w', (rs) => {
    for (const r of rs) {
      const o = r.row;
      out.push(JSON.stringify([o['k'], Date.parse(o['window_start'] as string), Date.parse(o['window_end'] as string), o['c'], o['cv'], o['s'], o['mn'], o['mx'], o['dv']]));
    }
  });
  let i = 0;
  let b = 0;
  while (i < rows.length) {
    const n = batches[b++ % batches.length]!;
    engine.push('t', rows.slice(i, i + n));
    i += n;
  }
  engine.flush();
  void engine.close();
  return out.sort();
}

function runSqlite(rows: In[], slide: number, size: number): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k INTEGER, v INTEGER, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (const r of rows) ins.run(r.k, r.v, r.ts);
  const n = size / slide;
  const js = Array.from({ length: n }, (_, j) => `(${j})`).join(',');
  const sql = `WITH n(j) AS (VALUES ${js}),
    x AS (SELECT k, v, ts, (ts - (ts % ${slide})) - n.j * ${slide} AS ws FROM t, n)
    SELECT k, ws, ws + ${size} AS we, COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, COUNT(DISTINCT v) AS dv
    FROM x WHERE ws + ${size} > ts GROUP BY k, ws`;
  const out = (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.close();
  return out.sort();
}

/** CUMULATE from scratch: a row is in every window [cycle, cycle + j·step) whose end is after it. */
function runSqliteCumulate(rows: In[], step: number, size: number): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k INTEGER, v INTEGER, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (const r of rows) ins.run(r.k, r.v, r.ts);
  const js = Array.from({ length: size / step }, (_, j) => `(${j + 1})`).join(',');
  const sql = `WITH n(j) AS (VALUES ${js}),
    x AS (SELECT k, v, ts, ts - (ts % ${size}) AS ws, ts - (ts % ${size}) + n.j * ${step} AS we FROM t, n)
    SELECT k, ws, we, COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, COUNT(DISTINCT v) AS dv
    FROM x WHERE we > ts GROUP BY k, ws, we`;
  const out = (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.close();
  return out.sort();
}

describe('windowed aggregates agree with SQLite over random in-order rows', () => {
  it('TUMBLE', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, fc.constantFrom(1000, 2000, 5000), (rows, batches, size) => {
        const w = `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${size}' MILLISECOND)`;
        expect(runEngine(w, rows, batches)).toEqual(runSqlite(rows, size, size));
      }),
      { numRuns: 60 },
    );
  });

  it('HOP on panes', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, fc.constantFrom([1000, 2000], [1000, 5000], [2000, 10000], [500, 3000]), (rows, batches, [slide, size]) => {
        const w = `HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '${slide}' MILLISECOND, INTERVAL '${size}' MILLISECOND)`;
        expect(runEngine(w, rows, batches)).toEqual(runSqlite(rows, slide!, size!));
      }),
      { numRuns: 60 },
    );
  });

  it('CUMULATE on step panes', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, fc.constantFrom([1000, 2000], [1000, 5000], [2000, 10000], [500, 3000]), (rows, batches, [step, size]) => {
        const w = `CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '${step}' MILLISECOND, INTERVAL '${size}' MILLISECOND)`;
        expect(runEngine(w, rows, batches)).toEqual(runSqliteCumulate(rows, step!, size!));
      }),
      { numRuns: 60 },
    );
  });
});
