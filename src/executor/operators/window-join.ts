/**
 * Window join (Flink's window join): rows of two windowed inputs join when they are in the same window
 * (equal window_start and window_end) and their keys are equal. Nothing is emitted until the window
 * closes on the minimum watermark of both inputs; then, once: every matching pair (in the left rows'
 * arrival order), the unmatched rows of an outer side padded with NULLs, and the window's state is
 * dropped. Append-only.
 * State: window_end → (window_start + key → rows) per input.
 *
 *   left : |--a1--a2--|--a3------|
 *   right: |--b1------|------b2--|
 *                     ^ min(wm_left, wm_right) ≥ end − 1: window 1 fires (a1⋈b1, a2⋈b1), then forgets
 *
 * A row whose window has already fired when it arrives (its combined watermark ≥ window_end − 1) is
 * late: recorded on the input it came on, never joined. With a pacer a window with many pairs fires in
 * chunks (operators/firing-slicer.ts), the operator frozen meanwhile.
 */
import type { Batch, Row } from '../operator.js';
import { encodeKeyPart } from '../state/value-codec.js';
import { JoinOperator, type JoinBucket, type JoinSpec } from './join-state.js';

export class WindowJoinOperator extends JoinOperator {
  private readonly startCol: [number, number];
  private readonly endCol: [number, number];

  constructor(spec: JoinSpec) {
    super(spec, false);
    const s = spec.strategy;
    if (s.kind !== 'window') throw new Error('invariant: window join without a window strategy');
    this.startCol = [s.leftStart, s.rightStart];
    this.endCol = [s.leftEnd, s.rightEnd];
  }

  /** A window with many pairs fires in chunks when the engine has a pacer. */
  protected override get slicesFirings(): boolean {
    return true;
  }

  onData(input: number, batch: Batch): void {
    const slicer = this.slicer;
    if (slicer.frozen) return slicer.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const startCol = this.startCol[input]!;
    const endCol = this.endCol[input]!;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const wm = this.arrival(input, wms, i);
      // A firing left to the pacer: this row and the rest of the batch wait until it is done.
      if (slicer.frozen) return slicer.stashRest(batch, i, (rest) => this.onData(input, rest));
      const end = row[endCol] as number;
      if (end - 1 <= wm) {
        this.ctx.late(row, wm, input);
        continue;
      }
      this.store(input, end, this.keyText(input, row, encodeKeyPart(row[startCol])), row, 0);
    }
    this.flush();
  }

  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const [left, right] = this.sides;
    const due = (ns: number) => ns - 1 <= wm;
    const ends = [...new Set([...left.namespacesWhile(due), ...right.namespacesWhile(due)])].sort((a, b) => a - b);
    if (ends.length > 0) this.slicer.run(this.fireWindows(ends, prev));
  }

  private *fireWindows(ends: readonly number[], prev: number): Generator<void> {
    const [left, right] = this.sides;
    for (const end of ends) {
      yield* this.fire(left.space(end), right.space(end), prev);
      left.drop(end);
      right.drop(end);
    }
  }

  /**
   * One closed window: pairs, then padding. Rows carry the watermark from before the close (as window
   * aggregates do). Yields between rows once a chunk is pending (a sliced firing).
   */
  protected *fire(l: Map<string, JoinBucket> | undefined, r: Map<string, JoinBucket> | undefined, wm: number): Generator<void> {
    const slicer = this.slicer;
    const rightMatched = new Map<JoinBucket, boolean[]>();
    if (l !== undefined) {
      for (const lb of l.values()) {
        const rb = r?.get(lb.k);
        let flags: boolean[] | undefined;
        if (rb !== undefined && !rightMatched.has(rb)) rightMatched.set(rb, (flags = new Array<boolean>(rb.rows.length).fill(false)));
        else if (rb !== undefined) flags = rightMatched.get(rb);
        for (const lr of lb.rows) {
          let matched = false;
          if (rb !== undefined) {
            for (let j = 0; j < rb.rows.length; j++) {
              const out = this.pair(0, lr, rb.rows[j]!);
              if (out === null) continue;
              this.pend(out, '+I', wm);
              matched = true;
              flags![j] = true;
            }
          }
          if (!matched && this.outer[0]) this.pend(this.joined(lr, null), '+I', wm);
          if (slicer.chunkFull) yield;
        }
      }
    }
    if (r === undefined || !this.outer[1]) return;
    for (const rb of r.values()) {
      const flags = rightMatched.get(rb);
      for (let j = 0; j < rb.rows.length; j++) {
        if (flags === undefined || !flags[j]) this.pend(this.joined(null, rb.rows[j] as Row), '+I', wm);
        if (slicer.chunkFull) yield;
      }
    }
  }
}
