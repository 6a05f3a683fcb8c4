// Types for duckdb-module.mjs: the module is @duckdb/node-api, installed on first use (see the .mjs).
export declare const DUCKDB_VERSION: string;
export declare function loadDuckDbModule(): Promise<typeof import('@duckdb/node-api')>;
