/**
 * Row ordering for ranking operators: a comparator over ORDER BY keys (NULLs first or last per key,
 * FLOAT/DOUBLE as Java's Double.compare) and a bounded sorted buffer where ties go to the earlier
 * arrival (or, for keep-last deduplication, the later one).
 */
import type { SortKey } from '../../parser/plan-rank-over.js';
import { compareDouble } from '../aggregates/index.js';
import type { Row } from '../operator.js';

export type RowCompare = (a: Row, b: Row) => number;

function compareValue(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDouble(a, b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export function rowComparator(keys: readonly SortKey[]): RowCompare {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = a[k.index];
      const y = b[k.index];
      if (x === y) continue;
      if (x === null || y === null) return (x === null) === k.nullsFirst ? -1 : 1;
      const c = compareValue(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

/**
 * Inserts `row` into `rows` (sorted, at most `limit` long) and returns its position, or -1 when it does
 * not make the cut (then `rows` is unchanged). `tiesToNew`: an equal row already there moves down.
 * Binary search: O(log N) comparisons plus the splice.
 */
export function insertSorted(rows: Row[], row: Row, limit: number, cmp: RowCompare, tiesToNew: boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(row, rows[mid]!);
    if (c < 0 || (c === 0 && tiesToNew)) hi = mid;
    else lo = mid + 1;
  }
  if (lo >= limit) return -1;
  rows.splice(lo, 0, row);
  if (rows.length > limit) rows.length = limit;
  return lo;
}

/**
 * RANK / DENSE_RANK: the rank of each row of the sorted `rows` (peers, equal under `cmp`, share one).
 * RANK skips past peers (1, 1, 3), DENSE_RANK does not (1, 1, 2).
 */
export function peerRanks(rows: readonly Row[], dense: boolean, cmp: RowCompare): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && cmp(rows[i]!, rows[i - 1]!) === 0) out.push(out[i - 1]!);
    else out.push(dense ? (i === 0 ? 1 : out[i - 1]! + 1) : i + 1);
  }
  return out;
}

/**
 * Inserts `row` into the sorted `rows` for RANK / DENSE_RANK, keeping every row whose rank is at most
 * `limit` (peers of the last kept rank stay, so more than `limit` rows may be kept), and returns its
 * position, or -1 when its rank would be past `limit` (then `rows` is unchanged). Ties go after their
 * peers (arrival order, which only orders the output: peers share their rank).
 */
export function insertPeerRanked(rows: Row[], row: Row, limit: number, dense: boolean, cmp: RowCompare): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(row, rows[mid]!) < 0) hi = mid;
    else lo = mid + 1;
  }
  rows.splice(lo, 0, row);
  const ranks = peerRanks(rows, dense, cmp);
  let keep = rows.length;
  while (keep > 0 && ranks[keep - 1]! > limit) keep--;
  if (keep <= lo) {
    rows.splice(lo, 1);
    return -1;
  }
  rows.length = keep;
  return lo;
}
