// Types for cases.mjs (the bench scripts are plain ESM; tests and TS callers import them through these).
export type ColumnKind = 'int' | 'ts' | 'dec3' | 'str';

export interface BenchCase {
  readonly title: string;
  /** Result columns in order: [name, kind]. */
  readonly columns: readonly (readonly [string, ColumnKind])[];
  /** The continuous query over source `bid` (Flink dialect), or over `tables` when given. */
  readonly sql: string;
  /** Join cases: the generator tables the query reads (person, auction) instead of bid. */
  readonly tables?: readonly string[];
  /** The result is a changelog: digests fold it (+I/+U add a row, -U/-D take it back) to its final table. */
  readonly changelog?: boolean;
  /** Timed on pre-generated input (bench/case.mjs --input pregen): a stateless case whose own time is small next to generation. */
  readonly pregen?: boolean;
  /** --max-old-space-size (MB) for the engine's process, when its state grows with the input. */
  readonly heapMb?: number;
  /** Curve cases: the TUMBLE key domain, or the HOP slide and size. */
  readonly keyDomain?: number;
  readonly slideMs?: number;
  readonly sizeMs?: number;
}

export declare const BID_COLUMNS_DDL: string;
export declare const PERSON_COLUMNS_DDL: string;
export declare const AUCTION_COLUMNS_DDL: string;
export declare const WATERMARK_DELAY_MS: number;
export declare const KEY_DOMAIN: number;
export declare const GENERATOR_DEFAULTS: { readonly seed: number; readonly eventsPerSecond: number };
export declare const CASES: Readonly<Record<string, BenchCase>>;
export declare const CASE_NAMES: readonly string[];
export declare const KEY_CURVE: readonly number[];
export declare const HOP_CURVE: readonly number[];
export declare const HOP_CURVE_KEYS: number;
export declare function keyCurveCase(keyDomain: number): string;
export declare function hopCurveCase(ratio: number): string;
export declare const CURVE_CASES: Readonly<Record<string, BenchCase>>;
export declare const CURVE_CASE_NAMES: readonly string[];
/** A main or curve case; throws for an unknown name. */
export declare function getCase(name: string): BenchCase;
