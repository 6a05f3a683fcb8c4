// Types for duckdb.mjs.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Digest } from './digest.mjs';

export interface LoadedDuckDb {
  readonly connection: DuckDBConnection;
  readonly rows: number;
  readonly loadMs: number;
  close(): void;
}

export interface DuckDbResult {
  readonly caseName: string;
  readonly rowsOut: number;
  readonly queryMs: number;
  readonly fetchMs: number;
  readonly digest: Digest;
}

export declare const DUCKDB_SQL: Readonly<Record<string, string>>;
export declare function loadDuckDb(events: readonly (readonly unknown[])[]): Promise<LoadedDuckDb>;
export declare function runDuckDbQuery(db: LoadedDuckDb, caseName: string): Promise<DuckDbResult>;
export declare function runDuckDb(
  caseName: string,
  events: readonly (readonly unknown[])[],
): Promise<DuckDbResult & { readonly loadMs: number }>;

export interface DuckDbLoader {
  readonly connection: DuckDBConnection;
  /** Rows appended so far. */
  readonly rows: number;
  /** Conversion + append time so far (ms). */
  readonly loadMs: number;
  append(events: readonly (readonly unknown[])[]): void;
  finish(): void;
  close(): void;
}

export interface DuckDbCaseResult {
  readonly caseName: string;
  readonly rowsOut: number;
  /** Execute + materialize inside DuckDB (no conversion to JS values). */
  readonly queryMs: number;
  /** The untimed digest pass (canonical text built in SQL, streamed). */
  readonly digestMs: number;
  readonly digest: Digest;
}

export declare function createDuckDb(options?: { readonly threads?: number }): Promise<DuckDbLoader>;
export declare function canonicalSql(caseName: string): string;
export declare function runDuckDbCase(
  db: DuckDbLoader | LoadedDuckDb,
  caseName: string,
  options?: { readonly queryThreads?: number; readonly digestThreads?: number },
): Promise<DuckDbCaseResult>;
