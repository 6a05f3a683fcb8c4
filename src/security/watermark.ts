/**
 * Watermark poisoning: one event stamped 9999-12-31 would move a source's watermark to the end of time,
 * making every later event late, for good (the watermark never moves back and is checkpointed). A pushed
 * source therefore bounds how far ahead of the wall clock an event may be: `'watermark.max_ahead'` in the
 * source's WITH (default 1 day for pushed sources; off for file, datagen and nexmark sources, whose time
 * is their own, and for `tumbleql replay`, which feeds rows past this check). An event beyond it is
 * rejected — kept in the rejects table with the reason — and never reaches the watermark.
 */
import type { SourceDef } from '../parser/catalog.js';

export const DEFAULT_MAX_AHEAD_MS = 86_400_000;

/** The wall clock the check reads; tests inject theirs. */
let clock: () => number = Date.now;
export function setWatermarkClock(now: () => number): void {
  clock = now;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `'1d'`, `'2h'`, `'500ms'`, a number of ms; 0, 'off' or 'none' switch the check off. Null: not a duration. */
export function parseMaxAhead(v: string | number | boolean): number | null {
  if (typeof v === 'number') return v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  if (/^\s*(off|none)\s*$/i.test(v)) return 0;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(v);
  return m ? Number(m[1]) * UNITS[(m[2] ?? 'ms').toLowerCase()]! : null;
}

/**
 * The check for one source, or null when it has none: returns the rejection reason for a decoded row
 * whose event time is too far ahead.
 */
export function makeAheadCheck(def: SourceDef): ((row: readonly unknown[]) => string | null) | null {
  const col = def.rowtime;
  if (col === null) return null;
  const connector = String(def.options['connector'] ?? 'websocket').toLowerCase();
  const opt = def.options['watermark.max_ahead'];
  const pushed = connector !== 'file' && connector !== 'datagen' && connector !== 'nexmark';
  const maxAhead = opt !== undefined ? parseMaxAhead(opt) : pushed ? DEFAULT_MAX_AHEAD_MS : 0;
  if (maxAhead === null || maxAhead <= 0) return null;
  const name = def.columns[col]!.name;
  // The clock is read again only for a row beyond the limit it last gave: a row within an earlier
  // clock's limit is within the current one (the clock does not go back), and a read per row cost more
  // than the rest of the check.
  let limit = -Infinity;
  return (row) => {
    const t = row[col];
    if (typeof t !== 'number') return null;
    if (t <= limit) return null;
    limit = clock() + maxAhead;
    if (t <= limit) return null;
    const shown = Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t);
    return `${name} ${shown} is more than watermark.max_ahead (${maxAhead} ms) ahead of the clock; it would make every later event late`;
  };
}
