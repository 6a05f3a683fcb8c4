// Types for handwritten.mjs.
import type { Digest } from './digest.mjs';

export type BidRow = readonly unknown[];

export interface HandwrittenResult {
  readonly caseName: string;
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** Rows dropped because their window had already fired. */
  readonly late: number;
  readonly ms: number;
  /** null when run with { digest: false }. */
  readonly digest: Digest | null;
}

export declare const HANDWRITTEN: Readonly<
  Record<string, (events: readonly BidRow[], emit: (row: unknown[], op?: string) => void) => number>
>;
export declare function runHandwritten(
  caseName: string,
  events: readonly BidRow[],
  options?: { readonly digest?: boolean },
): HandwrittenResult;

export interface HandwrittenStream {
  /** Processes a batch of bid rows (in arrival order). */
  push(rows: readonly BidRow[]): void;
  /** End of input: fires every open window; returns the number of late rows. */
  end(): number;
}
export declare function createHandwritten(caseName: string, emit: (row: unknown[], op?: string) => void): HandwrittenStream;
