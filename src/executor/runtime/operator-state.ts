/**
 * The runtime's side of declared state: one operator's snapshot (its tables' changed entries, its
 * watermark when it moved, and for an operator with several inputs each input's watermark when one
 * moved) and its restore. Stored keys are `<table>:<entry key>`; the watermark is `wm` and the inputs'
 * watermarks `iwm` (no `:`, so they never meet a table entry). Values are the tables' own encoded text.
 *
 * The inputs' watermarks are the runtime's, not the operator's, to save: after a restart the inputs of a
 * join or union may resume at different times (or one not at all before the end), and the minimum must
 * still count the quiet one from where it was.
 */
import type { Operator } from '../operator.js';
import type { DeclaredState } from '../state/state-table.js';
import type { SlotSink } from '../state/slot-entries.js';
import { anyCodec } from '../state/value-codec.js';
import { StateError } from '../state/errors.js';

const WM_KEY = 'wm';
const INPUT_WMS_KEY = 'iwm';
/** Where join and union operators kept their inputs' watermarks before the runtime did (read, never written). */
const LEGACY_INPUT_WMS = 'input_wms:';
/** Each multi-input operator's inputs' watermarks as last saved (encoded), so they are written only when they moved. */
const savedInputs = new WeakMap<Operator, string>();

/**
 * Appends the operator's changed entries to `keys`/`values` (stored key; encoded value, null for a
 * delete); returns whether there were any.
 */
export function snapshotOperator(op: Operator, saved: WeakMap<Operator, number>, keys: string[], values: (string | null)[]): boolean {
  const before = keys.length;
  snapshotWatermarks(op, saved, keys, values);
  for (const t of op.tables) t.snapshot(`${t.name}:`, keys, values);
  return keys.length > before;
}

/** The operator's watermark when it moved, and its inputs' (several inputs) when they moved. */
function snapshotWatermarks(op: Operator, saved: WeakMap<Operator, number>, keys: string[], values: (string | null)[]): void {
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
  snapshotInputWatermarks(op, keys, values);
}

/** The inputs' watermarks of an operator with several inputs, when they moved since last saved. */
function snapshotInputWatermarks(op: Operator, keys: string[], values: (string | null)[]): void {
  const inputs = op.inputWatermarks;
  if (inputs.length <= 1) return;
  // +∞ (a bounded input ended in this run) is not saved, as for the operator's own watermark.
  const text = anyCodec.encode(inputs.map((w) => (Number.isFinite(w) ? w : null)));
  if (savedInputs.get(op) !== text) {
    keys.push(INPUT_WMS_KEY);
    values.push(text);
    savedInputs.set(op, text);
  }
}

/**
 * As snapshotOperator, but the tables' changed values are left to encode later (`encodePending` of
 * each table, or when something is about to change them): the snapshot is taken in O(namespaces).
 * `slots`: where tables may capture entries as numbers for the commit thread (state/slot-entries.ts).
 */
export function beginOperatorSnapshot(op: Operator, saved: WeakMap<Operator, number>, keys: string[], values: (string | null)[], slots: SlotSink | null = null): void {
  snapshotWatermarks(op, saved, keys, values);
  for (const t of op.tables) t.beginSnapshot(`${t.name}:`, keys, values, slots);
}

/** Stored key prefixes of the operator's tables stored as runs (OperatorDelta.runTables); undefined when none. */
export function runTablesOf(op: Operator): string[] | undefined {
  const out = op.tables.filter((t) => t.storedAsRuns === true).map((t) => `${t.name}:`);
  return out.length > 0 ? out : undefined;
}

export function restoreOperator(op: Operator, stored: Iterable<[string, string]>): void {
  const byName = new Map<string, DeclaredState>(op.tables.map((t) => [t.name, t]));
  for (const [key, value] of stored) {
    if (key === WM_KEY) {
      op.restoreWatermark(anyCodec.decode(value) as number);
      continue;
    }
    if (key === INPUT_WMS_KEY || (key === LEGACY_INPUT_WMS && !byName.has('input_wms'))) {
      const wms = (anyCodec.decode(value) as (number | null)[]).map((w) => w ?? -Infinity);
      op.restoreInputWatermarks(wms);
      if (key === INPUT_WMS_KEY) savedInputs.set(op, value);
      continue;
    }
    const colon = key.indexOf(':');
    const table = colon > 0 ? byName.get(key.slice(0, colon)) : undefined;
    if (table === undefined) throw new StateError('STATE_INVALID', `stored state key '${key.slice(0, 80)}' belongs to no state table of this operator`);
    table.restoreEntry(key.slice(colon + 1), value);
  }
  for (const t of op.tables) t.finishRestore();
}
