/**
 * Oracle test: the incremental SESSION operator against SQLite computing sessions from scratch with window
 * functions over the same random, in-order rows: per key, a row starts a new session when it comes more
 * than `gap` after the key's previous row (a row exactly `gap` later continues it, as Flink's touching
 * windows merge); a session spans [first ts, last ts + gap). Nothing is late (watermark = ts − 1 s: with ts − 1 ms a session
 * ending exactly where another key's row puts the watermark fires before its own touching row, as in Flink).
 * (Kill-and-restore of SESSION state is covered by test/slt/session.slt, run three ways.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { batchSizes, inOrderRows, pushInBatches, sqliteRows, type In } from './random-rows.js';

// Gaps of exactly a session gap are common, so the touching-sessions rule is exercised.
const rowsArb = inOrderRows({ maxKey: 3, gap: fc.oneof(fc.constantFrom(0, 500, 1000, 2500), fc.integer({ min: 0, max: 3000 })), maxLength: 100 });
const batchesArb = batchSizes(30, 8);

function runEngine(gap: number, rows: In[], batches: number[]): string[] {
  const engine = createEngine();
  engine.execute(`CREATE SOURCE t (k INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`);
  engine.execute(`CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS c, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx
    FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '${gap}' MILLISECOND)) GROUP BY k, window_start, window_end`);
  const out: string[] = [];
  engine.subscribe('w', (rs) => {
    for (const r of rs) {
      const o = r.row;
      out.push(JSON.stringify([o['k'], Date.parse(o['window_start'] as string), Date.parse(o['window_end'] as string), o['c'], o['s'], o['mn'], o['mx']]));
    }
  });
  pushInBatches(engine, 't', rows, batches);
  void engine.close();
  return out.sort();
}

function runSqlite(rows: In[], gap: number): string[] {
  const sql = `WITH f AS (SELECT k, v, ts, CASE WHEN ts - LAG(ts) OVER (PARTITION BY k ORDER BY ts) <= ${gap} THEN 0 ELSE 1 END AS fresh FROM t),
    s AS (SELECT k, v, ts, SUM(fresh) OVER (PARTITION BY k ORDER BY ts ROWS UNBOUNDED PRECEDING) AS sid FROM f)
    SELECT k, MIN(ts), MAX(ts) + ${gap}, COUNT(*), SUM(v), MIN(v), MAX(v) FROM s GROUP BY k, sid`;
  return sqliteRows(rows, sql);
}

describe('SESSION windows agree with SQLite over random in-order rows', () => {
  it('per key, straight through', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, fc.constantFrom(500, 1000, 2500), (rows, batches, gap) => {
        expect(runEngine(gap, rows, batches)).toEqual(runSqlite(rows, gap));
      }),
      { numRuns: 60 },
    );
  });
});
