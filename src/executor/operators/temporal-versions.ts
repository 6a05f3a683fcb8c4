/**
 * The versions of one key of a versioned table (temporal-join.ts): times ascending, each with its row
 * or null for a tombstone (the key was deleted at that time). `from`: the versions are complete from
 * that time on (older ones were purged), so the version valid at any t ≥ from is known; −∞ until a
 * purge removed something. Shared by the processing-time temporal join (proctime-temporal-join.ts):
 * `versionKey`.
 */
import type { RowFn } from '../../planner/compile.js';
import type { Row } from '../operator.js';
import { encodeKey } from '../state/value-codec.js';

/** The key text of a row's key columns for a temporal join; null when one is NULL ('=' never matches it). */
export function versionKey(fns: readonly RowFn[], row: Row): string | null {
  const values = new Array<unknown>(fns.length);
  for (let i = 0; i < fns.length; i++) {
    const x = fns[i]!(row);
    if (x === null || x === undefined) return null;
    values[i] = x;
  }
  return encodeKey(values);
}

export interface Versions {
  readonly k: string;
  from: number;
  readonly ts: number[];
  readonly rows: (Row | null)[];
}

/** Index of the last version at or before t, or −1. */
function lastAtOrBefore(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Adds a version (null: a tombstone) at time `ts`; a version with the same time is replaced (the later
 * arrival wins). Returns its index, or −1 when it is older than `from` (no probe that can still be
 * decided needs it).
 */
export function insertVersion(v: Versions, ts: number, row: Row | null): number {
  if (ts < v.from) return -1;
  const i = lastAtOrBefore(v.ts, ts);
  if (i >= 0 && v.ts[i] === ts) {
    v.rows[i] = row;
    return i;
  }
  v.ts.splice(i + 1, 0, ts);
  v.rows.splice(i + 1, 0, row);
  return i + 1;
}

/** The row valid at time t (null: no version, or deleted). */
export function findVersion(v: Versions, t: number): Row | null {
  const i = lastAtOrBefore(v.ts, t);
  return i < 0 ? null : v.rows[i]!;
}

/**
 * Forgets what no probe after watermark `wm` can need: the versions before the last one at or before
 * `wm`, and that one too when it is a tombstone. Returns whether anything changed.
 */
export function purgeVersions(v: Versions, wm: number): boolean {
  const j = lastAtOrBefore(v.ts, wm);
  if (j < 0) return false;
  const drop = v.rows[j] === null ? j + 1 : j;
  if (drop === 0) return false;
  v.from = v.ts[j]!;
  v.ts.splice(0, drop);
  v.rows.splice(0, drop);
  return true;
}
