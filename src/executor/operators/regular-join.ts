/**
 * Regular join (Flink's streaming join): no time bound, so every row of both inputs is kept
 * (EXPLAIN says the state is unbounded). Inputs may be changelogs; the output is a changelog of +I and
 * -D (Flink's join emits inserts and deletes; an update upstream arrives as -U/+U and leaves as -D/+I):
 *
 *   a row arrives (+I/+U)     +I for each match; an outer side's padded row that now has its first
 *                             match is retracted first (-D (null, b)); no match on an outer side: +I (a, null)
 *   a row is retracted (-U/-D) -D for each match it had; a padded row comes back for an outer row that
 *                             lost its last match (+I (null, b)); no match on an outer side: -D (a, null)
 *
 * State: join key → rows with that key, each with its number of matches (outer padding). A retraction
 * of a row never seen (e.g. filtered upstream) changes nothing. An inner join of two append-only inputs
 * is append-only.
 *
 * state.ttl (optional): a key's rows on one side are forgotten once that side's bucket for the key has
 * not been written (a row added or retracted, a match count changed) for the TTL of processing time;
 * expiry emits nothing (Flink's state TTL), so later rows simply no longer meet the forgotten ones.
 *
 * A batch whose rows have many matches (one row of a hot key against 100k stored rows) is joined in
 * chunks when the engine has a pacer (operators/firing-slicer.ts): the loop yields between matches once
 * a chunk of output is pending, and whatever reaches the join meanwhile (either input, watermarks) waits
 * in the slicer's inbox, so every row comes out as and when joining the batch at once would emit it.
 */
import type { RowOp } from '../api.js';
import type { Batch, Row } from '../operator.js';
import { indexOfRow, JoinOperator, type JoinSpec } from './join-state.js';

/** All rows live in one namespace. */
const NS = 0;
/** The bucket of rows whose key holds NULL under `=`: kept (outer joins pad them), never looked up. */
const NULL_KEY = '!';

export class RegularJoinOperator extends JoinOperator {
  constructor(spec: JoinSpec) {
    super(spec, spec.changelog);
  }

  onData(input: number, batch: Batch): void {
    const slicer = this.slicer;
    if (slicer.frozen) return slicer.stash(() => this.onData(input, batch));
    this.sweep();
    slicer.run(this.join(input, batch));
    // Joined at once (or the whole batch fit in the first chunk); a sliced join flushes its own chunks.
    if (!slicer.frozen) this.flush();
  }

  protected override get slicesFirings(): boolean {
    return true;
  }

  /** The batch's rows in order; yields between matches once a chunk of output rows is pending. */
  private *join(input: number, batch: Batch): Generator<void, void, void> {
    const { rows, ops, wms } = batch;
    const mine = this.sides[input]!;
    const slicer = this.slicer;
    const otherOuter = this.outer[1 - input]!;
    const outer = this.outer[input]!;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op: RowOp = ops === null ? '+I' : ops[i]!;
      const wm = this.arrival(input, wms, i);
      const key = this.keyText(input, row, '');
      const ob = key === null ? undefined : this.live(1 - input, NS, key);
      if (op === '+I' || op === '+U') {
        let matches = 0;
        if (ob !== undefined) {
          for (let j = 0; j < ob.rows.length; j++) {
            const out = this.pair(input, row, ob.rows[j]!);
            if (out === null) continue;
            if (otherOuter && ob.m[j] === 0) this.pend(this.padOther(input, ob.rows[j]!), '-D', wm);
            this.pend(out, '+I', wm);
            ob.m[j] = ob.m[j]! + 1;
            matches++;
            if (slicer.chunkFull) yield;
          }
          if (matches > 0) this.written(1 - input, NS, ob);
        }
        if (matches === 0 && outer) this.pend(this.padOwn(input, row), '+I', wm);
        this.store(input, NS, key ?? NULL_KEY, row, matches);
        continue;
      }
      // A retraction: forget the row (the first equal one), then undo what it produced.
      const k = key ?? NULL_KEY;
      const b = this.live(input, NS, k);
      const at = b === undefined ? -1 : indexOfRow(b.rows, row);
      if (at < 0) continue;
      b!.rows.splice(at, 1);
      b!.m.splice(at, 1);
      if (b!.rows.length === 0) mine.delete(NS, k);
      else this.written(input, NS, b!);
      let matches = 0;
      if (ob !== undefined) {
        for (let j = 0; j < ob.rows.length; j++) {
          const out = this.pair(input, row, ob.rows[j]!);
          if (out === null) continue;
          this.pend(out, '-D', wm);
          ob.m[j] = ob.m[j]! - 1;
          if (otherOuter && ob.m[j] === 0) this.pend(this.padOther(input, ob.rows[j]!), '+I', wm);
          matches++;
          if (slicer.chunkFull) yield;
        }
        if (matches > 0) this.written(1 - input, NS, ob);
      }
      if (matches === 0 && outer) this.pend(this.padOwn(input, row), '-D', wm);
      if (slicer.chunkFull) yield;
    }
  }

  protected advance(wm: number): void {
    this.wm = wm;
  }

  /** A row of this input with the other side NULL. */
  private padOwn(input: number, row: Row): Row {
    return input === 0 ? this.joined(row, null) : this.joined(null, row);
  }

  /** A row of the other input with this side NULL. */
  private padOther(input: number, row: Row): Row {
    return input === 0 ? this.joined(null, row) : this.joined(row, null);
  }
}
