/**
 * Oracle tests: the incremental TUMBLE, HOP and CUMULATE operators against SQLite computing the same GROUP BY
 * from scratch over the same random, in-order rows (DBSP's non-incremental reference). The rows arrive
 * in random batch sizes; nothing is late (watermark = ts − 1 ms over non-decreasing timestamps), so
 * every row must count in every window it belongs to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { batchSizes, inOrderRows, pushInBatches, sqliteRows, type In } from './random-rows.js';

const rowsArb = inOrderRows({ maxKey: 4, gap: fc.integer({ min: 0, max: 1500 }), maxLength: 120 });
const batchesArb = batchSizes(40, 10);

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
  pushInBatches(engine, 't', rows, batches);
  void engine.close();
  return out.sort();
}

function runSqlite(rows: In[], slide: number, size: number): string[] {
  const n = size / slide;
  const js = Array.from({ length: n }, (_, j) => `(${j})`).join(',');
  const sql = `WITH n(j) AS (VALUES ${js}),
    x AS (SELECT k, v, ts, (ts - (ts % ${slide})) - n.j * ${slide} AS ws FROM t, n)
    SELECT k, ws, ws + ${size} AS we, COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, COUNT(DISTINCT v) AS dv
    FROM x WHERE ws + ${size} > ts GROUP BY k, ws`;
  return sqliteRows(rows, sql);
}

/** CUMULATE from scratch: a row is in every window [cycle, cycle + j·step) whose end is after it. */
function runSqliteCumulate(rows: In[], step: number, size: number): string[] {
  const js = Array.from({ length: size / step }, (_, j) => `(${j + 1})`).join(',');
  const sql = `WITH n(j) AS (VALUES ${js}),
    x AS (SELECT k, v, ts, ts - (ts % ${size}) AS ws, ts - (ts % ${size}) + n.j * ${step} AS we FROM t, n)
    SELECT k, ws, we, COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, COUNT(DISTINCT v) AS dv
    FROM x WHERE we > ts GROUP BY k, ws, we`;
  return sqliteRows(rows, sql);
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
