/**
 * Regular semi and anti joins (Flink's StreamingSemiAntiJoinOperator): `WHERE [NOT] EXISTS (...)` /
 * `[NOT] IN (SELECT ...)` without window bounds. Every row of both inputs is kept; the output is the
 * left rows that have a match (semi) or none (anti), kept current as matches come and go:
 *
 *   left row arrives            semi: +I if it has a match       anti: +I if it has none
 *   left row retracted          semi: -D if it had a match       anti: -D if it had none
 *   right row arrives           a left row's first match: semi +I, anti -D
 *   right row retracted         a left row's last match goes: semi -D, anti +I
 *
 * Matches per left row: without a residual condition every row of the right bucket (same key) matches,
 * so a left row's count is the bucket's size and only a bucket's first row / last retraction changes
 * anything (O(1) per right row that does not); with a residual each left row counts its matches (`m`).
 * A semi join over append-only inputs is append-only (a match never goes away); an anti join is a
 * changelog. A retraction of a row never seen changes nothing. state.ttl as for the regular join
 * (regular-join.ts): an expired bucket is forgotten silently.
 */
import type { RowOp } from '../api.js';
import type { Batch, Row } from '../operator.js';
import { JoinOperator, type JoinBucket, type JoinSpec, indexOfRow } from './join-state.js';

/** All rows live in one namespace. */
const NS = 0;
/** Rows whose key holds NULL under `=`: kept (anti joins emit them, retractions find them), never looked up. */
const NULL_KEY = '!';

export class RegularSemiJoinOperator extends JoinOperator {
  private readonly semi: boolean;

  constructor(spec: JoinSpec) {
    super(spec, spec.changelog);
    this.semi = spec.type === 'semi';
  }

  onData(input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    this.sweep();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op: RowOp = ops === null ? '+I' : ops[i]!;
      const wm = this.arrival(input, wms, i);
      const key = this.keyText(input, row, '');
      const insert = op === '+I' || op === '+U';
      if (input === 0) this.onLeft(row, key, insert, wm);
      else this.onRight(row, key, insert, wm);
    }
    this.flush();
  }

  private onLeft(row: Row, key: string | null, insert: boolean, wm: number): void {
    const rb = key === null ? undefined : this.live(1, NS, key);
    if (insert) {
      const m = this.matchesOf(row, rb);
      if ((m > 0) === this.semi) this.pend(row, '+I', wm);
      this.store(0, NS, key ?? NULL_KEY, row, this.residual === null ? 0 : m);
      return;
    }
    const k = key ?? NULL_KEY;
    const b = this.live(0, NS, k);
    const at = b === undefined ? -1 : indexOfRow(b.rows, row);
    if (at < 0) return;
    const m = this.residual === null ? (rb?.rows.length ?? 0) : b!.m[at]!;
    this.remove(0, k, b!, at);
    if ((m > 0) === this.semi) this.pend(row, '-D', wm);
  }

  private onRight(row: Row, key: string | null, insert: boolean, wm: number): void {
    const k = key ?? NULL_KEY;
    const lb = key === null ? undefined : this.live(0, NS, key);
    if (insert) {
      const before = key === null ? 0 : (this.live(1, NS, key)?.rows.length ?? 0);
      this.store(1, NS, k, row, 0);
      if (lb !== undefined) this.changeMatches(lb, row, before, +1, wm);
      return;
    }
    const b = this.live(1, NS, k);
    const at = b === undefined ? -1 : indexOfRow(b.rows, row);
    if (at < 0) return;
    const before = b!.rows.length;
    this.remove(1, k, b!, at);
    if (lb !== undefined) this.changeMatches(lb, row, before, -1, wm);
  }

  /**
   * A right row joined (+1) or left (−1) the bucket matching the left rows of `lb`; `before` is the
   * right bucket's size before. Emits the left rows whose match state flips.
   */
  private changeMatches(lb: JoinBucket, rr: Row, before: number, by: 1 | -1, wm: number): void {
    // Semi: gaining a first match shows the row (+I), losing the last hides it (-D); anti the reverse.
    const op: RowOp = (by > 0) === this.semi ? '+I' : '-D';
    if (this.residual === null) {
      const flips = by > 0 ? before === 0 : before === 1;
      if (flips) for (const lr of lb.rows) this.pend(lr, op, wm);
      return;
    }
    let touched = false;
    for (let j = 0; j < lb.rows.length; j++) {
      const lr = lb.rows[j]!;
      if (this.pair(0, lr, rr) === null) continue;
      const m = lb.m[j]! + by;
      lb.m[j] = m;
      touched = true;
      if ((by > 0 && m === 1) || (by < 0 && m === 0)) this.pend(lr, op, wm);
    }
    if (touched) this.written(0, NS, lb);
  }

  /** The number of right rows in `rb` that match left row `row`. */
  private matchesOf(row: Row, rb: JoinBucket | undefined): number {
    if (rb === undefined) return 0;
    if (this.residual === null) return rb.rows.length;
    let m = 0;
    for (const rr of rb.rows) if (this.pair(0, row, rr) !== null) m++;
    return m;
  }

  private remove(input: number, k: string, b: JoinBucket, at: number): void {
    const table = this.sides[input]!;
    b.rows.splice(at, 1);
    b.m.splice(at, 1);
    if (b.rows.length === 0) table.delete(NS, k);
    else this.written(input, NS, b);
  }

  protected advance(wm: number): void {
    this.wm = wm;
  }
}
