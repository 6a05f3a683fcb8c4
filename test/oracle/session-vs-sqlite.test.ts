/**
 * Oracle test: the incremental SESSION operator against SQLite computing sessions from scratch with window
 * functions over the same random, in-order rows: per key, a row starts a new session when it comes more
 * than `gap` after the key's previous row (a row exactly `gap` later continues it, as Flink's touching
 * windows merge); a session spans [first ts, last ts + gap). Nothing is late (watermark = ts − 1 s: with ts − 1 ms a session
 * ending exactly where another key's row puts the watermark fires before its own touching row, as in Flink).
 * (Kill-and-restore of SESSION state is covered by test/slt/session.slt, run three ways.)
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
      k: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 6 }),
      v: fc.option(fc.integer({ min: -50, max: 100 }), { freq: 5 }),
      // Gaps of exactly a session gap are common, so the touching-sessions rule is exercised.
      gap: fc.oneof(fc.constantFrom(0, 500, 1000, 2500), fc.integer({ min: 0, max: 3000 })),
    }),
    { minLength: 1, maxLength: 100 },
  )
  .map((rs) => {
    let ts = 1_700_000_000_000;
    return rs.map((r): In => ({ k: r.k, v: r.v, ts: (ts += r.gap) }));
  });

const batchesArb = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 });

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

function runSqlite(rows: In[], gap: number): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k INTEGER, v INTEGER, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (const r of rows) ins.run(r.k, r.v, r.ts);
  const sql = `WITH f AS (SELECT k, v, ts, CASE WHEN ts - LAG(ts) OVER (PARTITION BY k ORDER BY ts) <= ${gap} THEN 0 ELSE 1 END AS fresh FROM t),
    s AS (SELECT k, v, ts, SUM(fresh) OVER (PARTITION BY k ORDER BY ts ROWS UNBOUNDED PRECEDING) AS sid FROM f)
    SELECT k, MIN(ts), MAX(ts) + ${gap}, COUNT(*), SUM(v), MIN(v), MAX(v) FROM s GROUP BY k, sid`;
  const out = (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.close();
  return out.sort();
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
