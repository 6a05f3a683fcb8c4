// Types for stats.mjs (the bench scripts are plain ESM; tests import them through these).
export interface Summary {
  readonly n: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}
export declare function pct(sorted: ArrayLike<number>, p: number): number;
export declare function weightedPct(pairs: [number, number][], ps: readonly number[]): number[];
export declare function median(xs: readonly number[]): number;
export declare function summarize(samples: Iterable<number>): Summary;
export declare function medianOf<T extends Record<string, unknown>>(results: readonly T[]): T;
export declare const fmt: (n: number | null | undefined, d?: number) => string;
export declare const fmtBytes: (b: number) => string;
export declare function cliArgs(argv?: readonly string[]): {
  flag(name: string): boolean;
  option<D>(name: string, dflt: D): string | D;
  number(name: string, dflt: number): number;
};
export declare function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string;
