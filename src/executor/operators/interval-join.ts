/**
 * Interval join (Flink's interval join): a left row at time l and a right row at time r with equal
 * keys join when l − r ∈ [lower, upper]. Pairs are emitted as soon as the second row arrives
 * (append-only). A row is kept only while a row of the other side could still arrive and match it:
 *
 *   left row l  matches r ∈ [l − upper, l − lower]   kept until the watermark reaches l − lower
 *   right row r matches l ∈ [r + lower, r + upper]   kept until the watermark reaches r + upper
 *
 * (the watermark is the minimum over both inputs). When a row of a preserved side (LEFT/RIGHT/FULL)
 * expires without a match it is emitted padded with NULLs, once. A row at or behind the watermark
 * when it arrives may need rows of the other side that were already expired: it is late (recorded on
 * its input, not joined). lower > upper is an empty interval: nothing matches, outer rows are padded.
 * State: expiry time → key → rows, per input; the namespace of a row is its expiry time, so rows
 * that can match a new row are found in a namespace range and expired rows from the front.
 *
 * The output watermark is held back by max(0, −lower, upper): a padded row leaves up to that long
 * after its own time, and must not be late for the windows downstream (Flink's output delay).
 *
 * A batch whose rows meet many stored rows is joined in chunks when the engine has a pacer
 * (operators/firing-slicer.ts): the loop yields between matches once a chunk of output is pending, and
 * whatever reaches the join meanwhile waits in the slicer's inbox. (Padded rows of an expiry that a row's
 * watermark causes still leave with the chunk in progress.)
 */
import type { Batch, Row } from '../operator.js';
import { JoinOperator, type JoinSpec } from './join-state.js';

export class IntervalJoinOperator extends JoinOperator {
  private readonly timeCol: [number, number];
  private readonly lower: number;
  private readonly upper: number;
  private readonly delay: number;

  constructor(spec: JoinSpec) {
    super(spec, false);
    const s = spec.strategy;
    if (s.kind !== 'interval') throw new Error('invariant: interval join without an interval strategy');
    this.timeCol = [s.leftTime, s.rightTime];
    this.lower = s.lower;
    this.upper = s.upper;
    this.delay = Math.max(0, -s.lower, s.upper);
  }

  onData(input: number, batch: Batch): void {
    const slicer = this.slicer;
    if (slicer.frozen) return slicer.stash(() => this.onData(input, batch));
    slicer.run(this.join(input, batch));
    // Joined at once (or the whole batch fit in the first chunk); a sliced join flushes its own chunks.
    if (!slicer.frozen) this.flush();
  }

  protected override get slicesFirings(): boolean {
    return true;
  }

  /** The batch's rows in order; yields between matches once a chunk of output rows is pending. */
  private *join(input: number, batch: Batch): Generator<void, void, void> {
    const { rows, wms } = batch;
    const slicer = this.slicer;
    const timeCol = this.timeCol[input]!;
    const other = this.sides[1 - input]!;
    const empty = this.lower > this.upper;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const wm = this.arrival(input, wms, i);
      const t = row[timeCol] as number | null;
      if (t === null || t <= wm) {
        this.ctx.late(row, wm, input);
        continue;
      }
      const key = this.keyText(input, row, '');
      let matches = 0;
      if (key !== null && !empty) {
        // Other-side rows that can match have expiry times (their namespace) in [t, t + upper − lower]:
        // a right row r ∈ [t − upper, t − lower] expires at r + upper, a left row l ∈ [t + lower, t + upper] at l − lower.
        for (const ns of other.namespacesIn(t, t + this.upper - this.lower + 1)) {
          const b = other.get(ns, key);
          if (b === undefined) continue;
          for (let j = 0; j < b.rows.length; j++) {
            const out = this.pair(input, row, b.rows[j]!);
            if (out === null) continue;
            this.pend(out, '+I', wm - this.delay);
            matches++;
            b.m[j] = b.m[j]! + 1;
            other.touch(ns, key);
            if (slicer.chunkFull) yield;
          }
        }
      }
      const expiry = input === 0 ? t - this.lower : t + this.upper;
      if (expiry > wm) this.store(input, expiry, key, row, matches);
      else if (matches === 0 && this.outer[input]) this.pend(this.pad(input, row), '+I', wm - this.delay);
      if (slicer.chunkFull) yield;
    }
  }

  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    for (const input of [0, 1] as const) {
      const table = this.sides[input];
      for (const ns of table.namespacesWhile((n) => n <= wm)) {
        if (this.outer[input]) {
          for (const b of table.space(ns)!.values()) {
            for (let j = 0; j < b.rows.length; j++) if (b.m[j] === 0) this.pend(this.pad(input, b.rows[j]!), '+I', prev - this.delay);
          }
        }
        table.drop(ns);
      }
    }
  }

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    this.flush();
    this.out.watermark(wm - this.delay);
  }

  private pad(input: number, row: Row): Row {
    return input === 0 ? this.joined(row, null) : this.joined(null, row);
  }
}
