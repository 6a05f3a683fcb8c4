/**
 * What the DuckDB oracle tests share: random in-order rows `(id, k, v, ts)` (id = arrival order), an
 * in-memory DuckDB holding them as a table `t (id INTEGER, k INTEGER, v INTEGER, ts TIMESTAMP)`, and the
 * engine running a view over the same rows pushed in random batches. DuckDB is an independent batch
 * engine with full window-function support (RANGE frames over TIMESTAMP with INTERVAL bounds, LAG, LEAD,
 * RANK, DENSE_RANK), so it computes from scratch what the streaming operators compute incrementally.
 *
 * @duckdb/node-api is installed on first use into bench/.duckdb (see bench/reference/duckdb-module.mjs;
 * the suite's global setup does it once before the test files run in parallel).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { loadDuckDbModule } from '../../bench/reference/duckdb-module.mjs';
import { createEngine } from '../../src/index.js';
import { inOrderRows, pushInBatches } from './random-rows.js';

export interface Row {
  id: number;
  k: number | null;
  v: number | null;
  ts: number;
}

/** In-order rows with an arrival id; `gap` ms between consecutive rows (0 makes peers and ties). */
export function rowsArb(opts: { maxKey: number; gap: fc.Arbitrary<number>; maxLength: number }): fc.Arbitrary<Row[]> {
  return inOrderRows(opts).map((rs) => rs.map((r, id): Row => ({ id, ...r })));
}

// The slice of @duckdb/node-api the oracle uses.
interface Reader {
  getRowsJS(): unknown[][];
}
interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<Reader>;
  closeSync(): void;
}
interface Instance {
  connect(): Promise<Connection>;
  closeSync(): void;
}

export interface DuckOracle {
  /** Replaces table `t` with `rows` and runs `sql`; each result row as JSON text, sorted. */
  query(rows: readonly Row[], sql: string): Promise<string[]>;
  close(): void;
}

const lit = (n: number | null): string => (n === null ? 'NULL' : String(n));

/** JSON text of a result row: BIGINT/HUGEINT (JS bigint) as numbers, doubles rounded as the engine's are. */
function text(values: readonly unknown[]): string {
  return JSON.stringify(values.map(norm));
}

function norm(x: unknown): unknown {
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'number' && !Number.isInteger(x)) return Number(x.toPrecision(12));
  return x;
}

export async function openDuckDb(): Promise<DuckOracle> {
  const { DuckDBInstance } = await loadDuckDbModule();
  const instance = (await DuckDBInstance.create(':memory:', { threads: '1' })) as Instance;
  const conn = await instance.connect();
  return {
    async query(rows, sql) {
      const values = rows.map((r) => `(${r.id}, ${lit(r.k)}, ${lit(r.v)}, ${r.ts})`).join(', ');
      await conn.run(`CREATE OR REPLACE TABLE t AS
        SELECT id::INTEGER AS id, k::INTEGER AS k, v::INTEGER AS v, epoch_ms(ms::BIGINT) AS ts
        FROM (VALUES ${values}) AS x(id, k, v, ms)`);
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowsJS().map(text).sort();
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export const SOURCE = `CREATE SOURCE t (id INT, k INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;

/**
 * Runs `select` as a view over `rows` pushed in `batches`; each output row as the JSON text of `cols`
 * (the columns in `timeCols` as epoch ms), sorted. Append-only views must emit +I only; with `fold`, the
 * changelog is applied in order (every retraction must find its row) and the final table returned.
 */
export function engineRows(
  select: string,
  cols: readonly string[],
  rows: readonly Row[],
  batches: number[],
  opts: { fold?: boolean; timeCols?: readonly string[]; source?: string } = {},
): string[] {
  const timeCols = new Set(opts.timeCols ?? ['ts', 'window_start', 'window_end']);
  const engine = createEngine();
  engine.execute(opts.source ?? SOURCE);
  engine.execute(`CREATE VIEW w AS ${select}`);
  const out: string[] = [];
  engine.subscribe('w', (rs) => {
    for (const r of rs) {
      const row = cols.map((c) => (timeCols.has(c) && r.row[c] !== null ? Date.parse(r.row[c] as string) : r.row[c]));
      const t = text(row);
      if (!opts.fold) expect(r.op).toBe('+I');
      if (r.op === '+I' || r.op === '+U') out.push(t);
      else {
        const at = out.indexOf(t);
        expect(at, `retraction of ${t}`).toBeGreaterThanOrEqual(0);
        out.splice(at, 1);
      }
    }
  });
  pushInBatches(engine, 't', [...rows], batches);
  void engine.close();
  return out.sort();
}
