/**
 * A sorted list of rows kept in chunks of at most 2·CHUNK rows, for the retract Top-N's per-key state
 * (every row of its input): inserting or removing a row costs two binary searches and a splice inside
 * one chunk, O(log n + CHUNK), where one flat array would move O(n) rows per change.
 *
 *   chunks: [r1 r2 … r512] [r513 … ] …   every row of a chunk ≤ every row of the next (under `cmp`)
 */
import type { Row } from '../operator.js';
import type { RowCompare } from './rank-order.js';

const CHUNK = 256;

export class SortedChunks {
  private chunks: Row[][] = [];

  constructor(private readonly cmp: RowCompare) {}

  /** From rows already in order (a restore). */
  static from(rows: readonly Row[], cmp: RowCompare): SortedChunks {
    const s = new SortedChunks(cmp);
    for (let i = 0; i < rows.length; i += CHUNK) s.chunks.push(rows.slice(i, i + CHUNK));
    return s;
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  /** All rows, in order (the state's encoding). */
  toArray(): Row[] {
    return this.chunks.flat();
  }

  *[Symbol.iterator](): IterableIterator<Row> {
    for (const c of this.chunks) yield* c;
  }

  /** Inserts `row` after its peers (the earlier arrival first), or before them when `tiesToNew`. */
  insert(row: Row, tiesToNew: boolean): void {
    const { chunks, cmp } = this;
    if (chunks.length === 0) {
      chunks.push([row]);
      return;
    }
    // `row` goes before element e when row < e (or row ≤ e with tiesToNew).
    const before = (e: Row): boolean => {
      const c = cmp(row, e);
      return c < 0 || (c === 0 && tiesToNew);
    };
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(chunks[mid]![chunks[mid]!.length - 1]!)) hi = mid;
      else lo = mid + 1;
    }
    const ci = Math.min(lo, chunks.length - 1);
    const chunk = chunks[ci]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (before(chunk[mid]!)) b = mid;
      else a = mid + 1;
    }
    chunk.splice(a, 0, row);
    if (chunk.length > 2 * CHUNK) chunks.splice(ci + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes one row that `same` says equals `row` among its peers; false when there is none. */
  remove(row: Row, same: (a: Row, b: Row) => boolean): boolean {
    const { chunks, cmp } = this;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(chunks[mid]![chunks[mid]!.length - 1]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let ci = lo; ci < chunks.length; ci++) {
      const chunk = chunks[ci]!;
      let a = 0;
      let b = chunk.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (cmp(chunk[mid]!, row) < 0) a = mid + 1;
        else b = mid;
      }
      for (let i = a; i < chunk.length; i++) {
        if (cmp(chunk[i]!, row) !== 0) return false;
        if (same(chunk[i]!, row)) {
          chunk.splice(i, 1);
          if (chunk.length === 0) chunks.splice(ci, 1);
          return true;
        }
      }
    }
    return false;
  }
}
