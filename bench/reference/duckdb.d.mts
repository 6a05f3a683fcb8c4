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
