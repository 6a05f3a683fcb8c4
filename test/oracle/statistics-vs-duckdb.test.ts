/**
 * Oracle tests: STDDEV/VAR, BOOL_AND/BOOL_OR and COUNT of several columns against DuckDB computing the
 * same groups from scratch over random in-order rows pushed in random batches.
 *   Over INT arguments the engine follows Flink (Calcite's rewrite into SUM(x*x), SUM(x), COUNT(x) with
 *   integer divisions, the result an INT); DuckDB is given that formula with its integer division `//`.
 *   Over DOUBLE arguments DuckDB's own var_pop, var_samp, stddev_pop, stddev_samp are the reference,
 *   equal within 1e-9 relative: DuckDB updates a running mean (Welford), the engine subtracts Σx²/n from
 *   (Σx)² as Flink does, so the last digits differ.
 * The windows are TUMBLE (append-only) and a non-windowed GROUP BY over the changelog of another GROUP BY,
 * whose retractions the outer aggregates take back (its result folded to the final table).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSizes } from './random-rows.js';
import { engineRows, openDuckDb, rowsArb, type DuckOracle } from './duckdb-oracle.js';

let duck: DuckOracle;

/** Rows (sorted JSON texts of equal leading keys) equal column by column, numbers within 1e-9 relative. */
function expectClose(actual: string[], expected: string[]): void {
  const close = (a: unknown, b: unknown): boolean =>
    typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) : a === b;
  const same =
    actual.length === expected.length &&
    actual.every((row, i) => {
      const a = JSON.parse(row) as unknown[];
      const b = JSON.parse(expected[i]!) as unknown[];
      return a.length === b.length && a.every((x, j) => close(x, b[j]));
    });
  if (!same) expect(actual).toEqual(expected);
}
beforeAll(async () => {
  duck = await openDuckDb();
});
afterAll(() => duck?.close());

const rowsA = rowsArb({ maxKey: 3, gap: fc.integer({ min: 0, max: 800 }), maxLength: 80 });
const batchesArb = batchSizes(20, 8);

/** Flink's VAR_* of integers in DuckDB: (Σx² − (Σx)² // n) // (n or n − 1), NULL for no row (and one, _SAMP). */
function flinkIntVar(x: string, pop: boolean): string {
  const denom = pop ? `COUNT(${x})` : `NULLIF(COUNT(${x}) - 1, 0)`;
  return `(SUM(${x} * ${x}) - (SUM(${x}) * SUM(${x})) // COUNT(${x})) // ${denom}`;
}
const flinkIntStddev = (x: string, pop: boolean): string => `CAST(trunc(sqrt(${flinkIntVar(x, pop)})) AS BIGINT)`;

const DUCK_STATS = (x: string): string =>
  `${flinkIntVar(x, true)}, ${flinkIntVar(x, false)}, ${flinkIntStddev(x, true)}, ${flinkIntStddev(x, false)},
   var_pop(${x}::DOUBLE), var_samp(${x}::DOUBLE), stddev_pop(${x}::DOUBLE), stddev_samp(${x}::DOUBLE)`;
const ENGINE_STATS = (x: string): string =>
  `VAR_POP(${x}) AS vp, VAR_SAMP(${x}) AS vs, STDDEV_POP(${x}) AS sp, STDDEV(${x}) AS ss,
   VAR_POP(CAST(${x} AS DOUBLE)) AS dvp, VARIANCE(CAST(${x} AS DOUBLE)) AS dvs, STDDEV_POP(CAST(${x} AS DOUBLE)) AS dsp, STDDEV_SAMP(CAST(${x} AS DOUBLE)) AS dss`;
const STAT_COLS = ['vp', 'vs', 'sp', 'ss', 'dvp', 'dvs', 'dsp', 'dss'];

describe('STDDEV/VAR, BOOL_AND/BOOL_OR and COUNT(a, b) agree with DuckDB', () => {
  it('in TUMBLE windows per key', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesArb, fc.constantFrom(1000, 5000), async (rows, batches, size) => {
        const engine = engineRows(
          `SELECT k, window_start, ${ENGINE_STATS('v')}, BOOL_AND(v > 20) AS ba, BOOL_OR(v > 60) AS bo, COUNT(k, v) AS ckv,
                  VAR_SAMP(DISTINCT v) AS vsd, COUNT(DISTINCT k, v) AS dkv
           FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${size}' MILLISECOND)) GROUP BY k, window_start, window_end`,
          ['k', 'window_start', ...STAT_COLS, 'ba', 'bo', 'ckv', 'vsd', 'dkv'],
          rows,
          batches,
        );
        // VAR_SAMP(DISTINCT v) is Calcite's rewrite: SUM(DISTINCT v * v), SUM(DISTINCT v), COUNT(DISTINCT v).
        const duckSql = `WITH x AS (SELECT *, time_bucket(to_milliseconds(${size}), ts, TIMESTAMP '1970-01-01') AS ws FROM t)
          SELECT k, epoch_ms(ws), ${DUCK_STATS('v')}, bool_and(v > 20), bool_or(v > 60),
                 COUNT(*) FILTER (WHERE k IS NOT NULL AND v IS NOT NULL),
                 (SUM(DISTINCT v * v) - (SUM(DISTINCT v) * SUM(DISTINCT v)) // COUNT(DISTINCT v)) // NULLIF(COUNT(DISTINCT v) - 1, 0),
                 COUNT(DISTINCT (k, v)) FILTER (WHERE k IS NOT NULL AND v IS NOT NULL)
          FROM x GROUP BY k, ws`;
        expectClose(engine, await duck.query(rows, duckSql));
      }),
      { numRuns: 40 },
    );
  });

  it('sums the squares of DISTINCT values once per distinct square, as Calcite rewrites VAR_SAMP(DISTINCT x)', async () => {
    const rows = [
      { id: 0, k: 1, v: -3, ts: 1000 },
      { id: 1, k: 1, v: 3, ts: 1001 },
      { id: 2, k: 1, v: 3, ts: 1002 },
    ];
    const engine = engineRows(
      `SELECT k, VAR_SAMP(DISTINCT v) AS vsd, VAR_SAMP(v) AS vs FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end`,
      ['k', 'vsd', 'vs'],
      rows,
      [3],
    );
    // Σ distinct squares 9 (not 18), Σ distinct values 0, 2 distinct values: (9 − 0) / 1 = 9; VAR_SAMP(v) = (27 − 9 // 3) / 2 = 12.
    expect(engine).toEqual(['[1,9,12]']);
    expect(await duck.query(rows, `SELECT k, (SUM(DISTINCT v * v) - (SUM(DISTINCT v) * SUM(DISTINCT v)) // COUNT(DISTINCT v)) // NULLIF(COUNT(DISTINCT v) - 1, 0), ${flinkIntVar('v', false)} FROM t GROUP BY k`)).toEqual(['[1,9,12]']);
  });

  it('in a GROUP BY over the changelog of another GROUP BY (retractions)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesArb, async (rows, batches) => {
        const engine = engineRows(
          `SELECT c, ${ENGINE_STATS('s')}, BOOL_AND(s > 0) AS ba, BOOL_OR(s > 100) AS bo, COUNT(k, s) AS cks
           FROM (SELECT k, COUNT(*) AS c, SUM(v) AS s FROM t GROUP BY k) GROUP BY c`,
          ['c', ...STAT_COLS, 'ba', 'bo', 'cks'],
          rows,
          batches,
          { fold: true },
        );
        const duckSql = `WITH g AS (SELECT k, COUNT(*) AS c, SUM(v)::INTEGER AS s FROM t GROUP BY k)
          SELECT c, ${DUCK_STATS('s')}, bool_and(s > 0), bool_or(s > 100), COUNT(*) FILTER (WHERE k IS NOT NULL AND s IS NOT NULL)
          FROM g GROUP BY c`;
        expectClose(engine, await duck.query(rows, duckSql));
      }),
      { numRuns: 40 },
    );
  });
});
