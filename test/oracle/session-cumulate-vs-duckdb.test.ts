/**
 * Oracle tests: the incremental SESSION and CUMULATE operators against DuckDB computing the same windows
 * from scratch over the same random, in-order rows in random batches (DBSP's non-incremental reference).
 *   SESSION   gaps and islands: per key, a row more than `gap` after the key's previous row starts a new
 *             session (a row exactly `gap` later continues it: Flink merges touching windows); a session
 *             spans [first ts, last ts + gap). LAG and a running SUM over TIMESTAMPs and INTERVALs.
 *   CUMULATE  each row expanded to the windows [bucket, bucket + j·step) of its size-long bucket
 *             (DuckDB's time_bucket from the epoch) whose end is after it.
 * Nothing is late: the watermark is ts − 1 s over non-decreasing times and no session gap reaches past it
 * before its key's next row.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSizes } from './random-rows.js';
import { engineRows, openDuckDb, rowsArb, type DuckOracle } from './duckdb-oracle.js';

let duck: DuckOracle;
beforeAll(async () => {
  duck = await openDuckDb();
});
afterAll(() => duck?.close());

// Gaps of exactly a session gap are common, so the touching-sessions rule is exercised.
const sessionRows = rowsArb({ maxKey: 3, gap: fc.oneof(fc.constantFrom(0, 500, 1000, 2500), fc.integer({ min: 0, max: 3000 })), maxLength: 100 });
const batchesArb = batchSizes(30, 8);

// Flink's AVG of an INT is an INT: the sum divided by the count, truncated toward zero.
const AVG_INT = `CAST(trunc(SUM(v)::DOUBLE / COUNT(v)) AS INTEGER)`;
const AGGS = `COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), ${AVG_INT}, COUNT(DISTINCT v)`;
const ENGINE_AGGS = `COUNT(*) AS c, COUNT(v) AS cv, SUM(v) AS s, MIN(v) AS mn, MAX(v) AS mx, AVG(v) AS a, COUNT(DISTINCT v) AS dv`;
const AGG_COLS = ['c', 'cv', 's', 'mn', 'mx', 'a', 'dv'];

/** Sessions per `keys` (a SQL list, possibly empty) in DuckDB: the islands of rows at most `gap` apart. */
function duckSessions(gap: number, keys: string): string {
  const by = keys === '' ? '' : `PARTITION BY ${keys}`;
  const sel = keys === '' ? '' : `${keys}, `;
  // Rows tied on ts: DuckDB may order them differently in the two windows; the one that starts a session
  // (fresh = 1, at most one per tie) goes first in the running sum, so the tie stays in one session.
  return `WITH f AS (SELECT *, CASE WHEN ts - LAG(ts) OVER (${by} ORDER BY ts) <= to_milliseconds(${gap}) THEN 0 ELSE 1 END AS fresh FROM t),
    s AS (SELECT *, SUM(fresh) OVER (${by} ORDER BY ts, fresh DESC ROWS UNBOUNDED PRECEDING) AS sid FROM f)
    SELECT ${sel}epoch_ms(MIN(ts)), epoch_ms(MAX(ts) + to_milliseconds(${gap})), ${AGGS} FROM s GROUP BY ${sel}sid`;
}

describe('SESSION windows agree with DuckDB over random in-order rows', () => {
  it('SESSION TVF partitioned by key', async () => {
    await fc.assert(
      fc.asyncProperty(sessionRows, batchesArb, fc.constantFrom(500, 1000, 2500), async (rows, batches, gap) => {
        const engine = engineRows(
          `SELECT k, window_start, window_end, ${ENGINE_AGGS}
           FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '${gap}' MILLISECOND)) GROUP BY k, window_start, window_end`,
          ['k', 'window_start', 'window_end', ...AGG_COLS],
          rows,
          batches,
        );
        expect(engine).toEqual(await duck.query(rows, duckSessions(gap, 'k')));
      }),
      { numRuns: 40 },
    );
  });

  it('SESSION TVF without PARTITION BY: sessions over all rows', async () => {
    await fc.assert(
      fc.asyncProperty(sessionRows, batchesArb, fc.constantFrom(500, 1000), async (rows, batches, gap) => {
        const engine = engineRows(
          `SELECT window_start, window_end, ${ENGINE_AGGS}
           FROM TABLE(SESSION(TABLE t, DESCRIPTOR(ts), INTERVAL '${gap}' MILLISECOND)) GROUP BY window_start, window_end`,
          ['window_start', 'window_end', ...AGG_COLS],
          rows,
          batches,
        );
        expect(engine).toEqual(await duck.query(rows, duckSessions(gap, '')));
      }),
      { numRuns: 30 },
    );
  });

  it('SESSION TVF without PARTITION BY grouped by k: sessions over all rows, then a row per k in each', async () => {
    await fc.assert(
      fc.asyncProperty(sessionRows, batchesArb, fc.constantFrom(500, 1000), async (rows, batches, gap) => {
        const engine = engineRows(
          `SELECT k, window_start, window_end, ${ENGINE_AGGS}
           FROM TABLE(SESSION(TABLE t, DESCRIPTOR(ts), INTERVAL '${gap}' MILLISECOND)) GROUP BY k, window_start, window_end`,
          ['k', 'window_start', 'window_end', ...AGG_COLS],
          rows,
          batches,
        );
        // The sessions of all rows (bounds per session id), then the aggregates per session and k.
        const duckSql = `WITH f AS (SELECT *, CASE WHEN ts - LAG(ts) OVER (ORDER BY ts) <= to_milliseconds(${gap}) THEN 0 ELSE 1 END AS fresh FROM t),
          s AS (SELECT *, SUM(fresh) OVER (ORDER BY ts, fresh DESC ROWS UNBOUNDED PRECEDING) AS sid FROM f),
          b AS (SELECT sid, MIN(ts) AS lo, MAX(ts) AS hi FROM s GROUP BY sid)
          SELECT k, epoch_ms(ANY_VALUE(b.lo)), epoch_ms(ANY_VALUE(b.hi) + to_milliseconds(${gap})), ${AGGS}
          FROM s JOIN b USING (sid) GROUP BY k, sid`;
        expect(engine).toEqual(await duck.query(rows, duckSql));
      }),
      { numRuns: 30 },
    );
  });

  it('legacy GROUP BY SESSION(ts, gap), k with SESSION_START and SESSION_END', async () => {
    await fc.assert(
      fc.asyncProperty(sessionRows, batchesArb, async (rows, batches) => {
        const engine = engineRows(
          `SELECT k, SESSION_START(ts, INTERVAL '1' SECOND) AS window_start, SESSION_END(ts, INTERVAL '1' SECOND) AS window_end, ${ENGINE_AGGS}
           FROM t GROUP BY SESSION(ts, INTERVAL '1' SECOND), k`,
          ['k', 'window_start', 'window_end', ...AGG_COLS],
          rows,
          batches,
        );
        expect(engine).toEqual(await duck.query(rows, duckSessions(1000, 'k')));
      }),
      { numRuns: 30 },
    );
  });
});

const cumulateRows = rowsArb({ maxKey: 4, gap: fc.integer({ min: 0, max: 1500 }), maxLength: 120 });

describe('CUMULATE windows agree with DuckDB over random in-order rows', () => {
  it('per key, for several step and size pairs', async () => {
    await fc.assert(
      fc.asyncProperty(
        cumulateRows,
        batchSizes(40, 10),
        fc.constantFrom([1000, 3000], [500, 2000], [2000, 2000], [1000, 5000]),
        async (rows, batches, [step, size]) => {
          const engine = engineRows(
            `SELECT k, window_start, window_end, ${ENGINE_AGGS}
             FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '${step}' MILLISECOND, INTERVAL '${size}' MILLISECOND))
             GROUP BY k, window_start, window_end`,
            ['k', 'window_start', 'window_end', ...AGG_COLS],
            rows,
            batches,
          );
          const oracle = await duck.query(
            rows,
            `WITH x AS (SELECT *, time_bucket(to_milliseconds(${size}), ts, TIMESTAMP '1970-01-01') AS ws FROM t),
               w AS (SELECT *, ws + to_milliseconds(${step} * j) AS we FROM x CROSS JOIN range(1, ${size / step + 1}) AS r(j))
             SELECT k, epoch_ms(ws), epoch_ms(we), ${AGGS} FROM w WHERE we > ts GROUP BY k, ws, we`,
          );
          expect(engine).toEqual(oracle);
        },
      ),
      { numRuns: 40 },
    );
  });
});
