// Types for digest.mjs.
export interface Digest {
  /** Number of result rows (of a folded changelog: rows added minus rows taken back). */
  readonly rows: number;
  /** 16 hex digits: two 32-bit sums of per-row hashes (order-independent). */
  readonly hash: string;
}

export interface DigestBuilder {
  add(row: readonly unknown[]): void;
  /** Takes back a row added before (a changelog's -U / -D). */
  remove(row: readonly unknown[]): void;
  /** A changelog row: +I / +U (or no op) add it, -U / -D take it back. */
  apply(row: readonly unknown[], op?: string | null): void;
  /** A row already in canonical text: normalized values joined by U+001F, NULL as U+0000 'NULL'. */
  addText(text: string): void;
  result(): Digest;
}

export declare function createDigest(caseName: string): DigestBuilder;
export declare function digestRows(caseName: string, rows: Iterable<readonly unknown[]>): Digest;
export declare function digestEquals(a: Digest, b: Digest): boolean;
export declare function canonicalRows(caseName: string, rows: readonly (readonly unknown[])[]): string[];
export declare function canonicalRow(normalizers: readonly ((v: unknown) => string)[], row: readonly unknown[]): string;
