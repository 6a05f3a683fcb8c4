/**
 * The runtime's side of declared state: one operator's snapshot (its tables' changed entries, and its
 * watermark when it moved) and its restore. Stored keys are `<table>:<entry key>`; the watermark is
 * `wm` (no `:`, so it never meets a table entry). Values are the tables' own encoded text.
 */
import type { Operator } from '../operator.js';
import type { DeclaredState } from '../state/state-table.js';
import { anyCodec } from '../state/value-codec.js';
import { StateError } from '../state/errors.js';

const WM_KEY = 'wm';

/**
 * Appends the operator's changed entries to `keys`/`values` (stored key; encoded value, null for a
 * delete); returns whether there were any.
 */
export function snapshotOperator(op: Operator, saved: WeakMap<Operator, number>, keys: string[], values: (string | null)[]): boolean {
  const before = keys.length;
  const wm = op.watermark;
  // +∞ is "this run's bounded input ended", not event time: like the sources' watermarks it is not
  // saved, so a file that grows between runs continues where it was (appended rows are not late).
  // −∞ after a saved finite watermark is a reset (ALTER SOURCE ... RESET WATERMARK): saved too, so a
  // restore does not bring the old watermark back.
  const prev = saved.get(op);
  if (prev !== wm && (Number.isFinite(wm) || (wm === -Infinity && prev !== undefined && Number.isFinite(prev)))) {
    keys.push(WM_KEY);
    values.push(anyCodec.encode(wm));
    saved.set(op, wm);
  }
  for (const t of op.tables) t.snapshot(`${t.name}:`, keys, values);
  return keys.length > before;
}

/**
 * As snapshotOperator, but the tables' changed values are left to encode later (`encodePending` of
 * each table, or when something is about to change them): the snapshot is taken in O(namespaces).
 */
export function beginOperatorSnapshot(op: Operator, saved: WeakMap<Operator, number>, keys: string[], values: (string | null)[]): void {
  const wm = op.watermark;
  if (saved.get(op) !== wm && Number.isFinite(wm)) {
    keys.push(WM_KEY);
    values.push(anyCodec.encode(wm));
    saved.set(op, wm);
  }
  for (const t of op.tables) t.beginSnapshot(`${t.name}:`, keys, values);
}

export function restoreOperator(op: Operator, stored: Iterable<[string, string]>): void {
  const byName = new Map<string, DeclaredState>(op.tables.map((t) => [t.name, t]));
  for (const [key, value] of stored) {
    if (key === WM_KEY) {
      op.restoreWatermark(anyCodec.decode(value) as number);
      continue;
    }
    const colon = key.indexOf(':');
    const table = colon > 0 ? byName.get(key.slice(0, colon)) : undefined;
    if (table === undefined) throw new StateError('STATE_INVALID', `stored state key '${key.slice(0, 80)}' belongs to no state table of this operator`);
    table.restoreEntry(key.slice(colon + 1), value);
  }
  for (const t of op.tables) t.finishRestore();
}
