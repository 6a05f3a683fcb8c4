/**
 * A checkpoint that could not be written (the disk is full, an I/O error) is carried over to the next
 * one instead of being lost. The engine hands each checkpoint only what changed since the previous one
 * (dirty operator keys, new output rows, new late and rejected rows); once handed over, those changes
 * are not handed over again. A failed transaction leaves the file as it was, so the next commit must
 * write the failed checkpoint's changes too: the store keeps the failed checkpoint and writes it, merged
 * in front of the next, in one transaction.
 *
 *   cp1 ──commit──✗ (SQLITE_FULL)        carried = cp1
 *   cp2 ──commit──✗                      carried = cp1 · cp2
 *   cp3 ──commit──✓ writes cp1 · cp2 · cp3, in that order, atomically; carried = none
 *
 * Merging is concatenation in order: operator deltas are applied one after the other (a later value of
 * a key replaces an earlier one, as separate commits would), output rows keep their contiguous seqs,
 * offsets take the later value. Memory: what a failed checkpoint held, until the disk has room again —
 * inserts are refused meanwhile (the input log is on the same disk), so it grows with what the engine
 * computes from already accepted input and connectors only.
 */
import type { Checkpoint, OutputRun } from './types.js';

/** `a` then `b`, as one checkpoint. */
export function mergeCheckpoints(a: Checkpoint, b: Checkpoint): Checkpoint {
  return {
    operators: [...(a.operators ?? []), ...(b.operators ?? [])],
    offsets: { ...(a.offsets ?? {}), ...(b.offsets ?? {}) },
    // Output is written in seq order per view (commit.ts), so a's rows stay before b's whatever their form.
    outputRuns: [...runsOf(a), ...runsOf(b)],
    outputBlocks: [...(a.outputBlocks ?? []), ...(b.outputBlocks ?? [])],
    outputBatches: [...(a.outputBatches ?? []), ...(b.outputBatches ?? [])],
    late: [...(a.late ?? []), ...(b.late ?? [])],
    rejected: [...(a.rejected ?? []), ...(b.rejected ?? [])],
    ...(b.epoch !== undefined ? { epoch: b.epoch } : {}),
  };
}

function runsOf(cp: Checkpoint): OutputRun[] {
  const runs: OutputRun[] = [];
  for (const o of cp.output ?? []) runs.push({ view: o.view, firstSeq: o.seq, ops: [o.op], rowsJson: [o.rowJson] });
  for (const r of cp.outputRuns ?? []) runs.push(r);
  return runs;
}

/**
 * The carried checkpoint without what belongs to a dropped or reset view (its operators' deltas, its
 * output rows and late rows): writing them after the drop would bring the view's state back.
 */
export function withoutView(cp: Checkpoint, view: string): Checkpoint {
  const prefix = `${view}/`;
  return {
    ...cp,
    operators: (cp.operators ?? []).filter((d) => !d.id.startsWith(prefix)),
    output: (cp.output ?? []).filter((o) => o.view !== view),
    outputRuns: (cp.outputRuns ?? []).filter((r) => r.view !== view),
    outputBlocks: (cp.outputBlocks ?? []).filter((b) => b.view !== view),
    outputBatches: (cp.outputBatches ?? []).filter((b) => b.view !== view),
    late: (cp.late ?? []).filter((l) => l.view !== view),
  };
}

/** The carried checkpoint without a dropped source's offsets (its watermark too) and rejected rows. */
export function withoutSource(cp: Checkpoint, source: string): Checkpoint {
  const offsets: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(cp.offsets ?? {})) if (k !== source && k !== `${source}@wm`) offsets[k] = v;
  return { ...cp, offsets, rejected: (cp.rejected ?? []).filter((r) => r.source !== source) };
}
