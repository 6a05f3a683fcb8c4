/**
 * `a INTERSECT ALL b` and `a EXCEPT ALL b`: multiset intersection and difference. Input 0 is a, input 1
 * is b; each may be a changelog. Per distinct row (all columns, NULL equal to NULL) the operator counts
 * its live copies in a (`m`) and in b (`n`); the output holds the row
 *
 *   INTERSECT ALL   min(m, n) times          EXCEPT ALL   max(m − n, 0) times
 *
 * and is kept so as the counts change: when a row's number of output copies goes from c to c', the
 * difference leaves as |c' − c| copies, +I when it grew, -D when it shrank. (Flink plans the same
 * counts as a GROUP BY over the tagged union, whose -U/+U updates a row-replicating table function
 * turns into every old copy retracted and every new one inserted; the table it leaves is the same.)
 *
 *   input row       +I / +U: its side's count + 1        -U / -D: its side's count − 1
 *                   (a retraction of a row never counted changes nothing)
 *
 * INTERSECT ALL over append-only inputs is append-only (counts only grow); EXCEPT ALL is a changelog.
 * State: row tuple text → { row, m, n } (unbounded: one entry per distinct live row), dropped when both
 * counts are 0. state.ttl (processing time) forgets a row not written for the TTL, silently.
 */
import type { RowOp } from '../api.js';
import type { Batch, Row } from '../operator.js';
import { encodeKey } from '../state/value-codec.js';
import { ChangelogStateOperator, NS, type ChangelogEntry } from './changelog-state.js';

interface Entry extends ChangelogEntry {
  readonly row: Row;
  /** Live copies in the left input. */
  m: number;
  /** Live copies in the right input. */
  n: number;
}

export class MultisetOperator extends ChangelogStateOperator<Entry> {
  constructor(
    private readonly op: 'intersect' | 'except',
    ttlMs: number | null = null,
  ) {
    super(ttlMs);
  }

  override setInputs(n: number): void {
    if (n !== 2) throw new Error(`invariant: ${this.op.toUpperCase()} ALL has two inputs, got ${n}`);
    super.setInputs(n);
  }

  private copies(m: number, n: number): number {
    return this.op === 'intersect' ? Math.min(m, n) : Math.max(m - n, 0);
  }

  onData(input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    const ttl = this.ttl;
    const now = this.ttlNow();
    const space = this.rows.open(NS);
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const outWms: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      const by = op === '+I' || op === '+U' ? 1 : -1;
      const k = encodeKey(row);
      let e = space.get(k);
      if (e !== undefined && ttl !== null && ttl.expired(e.t!, now)) {
        this.rows.delete(NS, k);
        e = undefined;
      }
      if (e === undefined) {
        if (by < 0) continue; // nothing counted to retract
        e = ttl === null ? { k, row, m: 0, n: 0 } : { k, row, m: 0, n: 0, t: now };
        this.rows.put(NS, k, e, space);
      } else if ((input === 0 ? e.m : e.n) + by < 0) {
        continue;
      }
      const before = this.copies(e.m, e.n);
      if (input === 0) e.m += by;
      else e.n += by;
      const after = this.copies(e.m, e.n);
      if (e.m === 0 && e.n === 0) this.rows.delete(NS, k);
      else {
        if (ttl !== null) e.t = now;
        this.rows.touch(NS, k);
      }
      if (after === before) continue;
      const outOp: RowOp = after > before ? '+I' : '-D';
      const wm = wms === null ? this.wm : wms[i]!;
      for (let c = Math.abs(after - before); c > 0; c--) {
        outRows.push(e.row);
        outOps.push(outOp);
        outWms.push(wm);
      }
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: outWms });
  }
}
