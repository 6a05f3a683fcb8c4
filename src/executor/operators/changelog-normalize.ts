/**
 * Changelog normalization of a changelog table's input (Flink's ChangelogNormalize): the input is
 * upserts and deletes by PRIMARY KEY, as producers send them; the output is a changelog every
 * downstream operator (GROUP BY, regular join, a view) can apply exactly, because every retraction
 * carries the row that was emitted before for that key.
 *
 *   input          key absent         key present (stored row s)
 *   +I / +U        +I new             -U s, +U new   (nothing when new = s)
 *   -U / -D        nothing            -D s            (a -U need not be followed by its +U)
 *
 * State: key → the last row of that key (unbounded: one entry per live key; EXPLAIN says so). A delete
 * removes the entry. The row a -U/-D carries only needs its key: the stored row is what is retracted.
 *
 * state.ttl (optional, processing time): a key not written for the TTL is forgotten silently, as in
 * Flink's ChangelogNormalize with table.exec.state.ttl: its next upsert is a new +I (the row emitted
 * before is not retracted), a delete of it is skipped.
 */
import type { RowOp } from '../api.js';
import type { Batch, Row } from '../operator.js';
import { encodeKey } from '../state/value-codec.js';
import { ChangelogStateOperator, NS, type ChangelogEntry } from './changelog-state.js';

interface Entry extends ChangelogEntry {
  /** The row under the key (its tuple text is `k`). */
  row: Row;
  /** Its encoded row, to drop an update that changes nothing without re-encoding the stored row. */
  text: string;
}

export class ChangelogNormalizeOperator extends ChangelogStateOperator<Entry> {
  constructor(
    private readonly key: readonly number[],
    ttlMs: number | null = null,
  ) {
    super(ttlMs);
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    const ttl = this.ttl;
    const now = this.ttlNow();
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const outWms: number[] = [];
    const space = this.rows.open(NS);
    const emit = (row: Row, op: RowOp, i: number): void => {
      outRows.push(row);
      outOps.push(op);
      outWms.push(wms === null ? this.wm : wms[i]!);
    };
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op: RowOp = ops === null ? '+I' : ops[i]!;
      const k = this.keyText(row);
      let stored = space.get(k);
      if (stored !== undefined && ttl !== null && ttl.expired(stored.t, now)) {
        this.rows.delete(NS, k);
        stored = undefined;
      }
      if (op === '+I' || op === '+U') {
        const text = encodeKey(row);
        if (stored === undefined) {
          this.rows.put(NS, k, ttl === null ? { k, row, text } : { k, row, text, t: now }, space);
          emit(row, '+I', i);
        } else if (stored.text !== text) {
          emit(stored.row, '-U', i);
          emit(row, '+U', i);
          stored.row = row;
          stored.text = text;
          if (ttl !== null) stored.t = now;
          this.rows.touch(NS, k);
        } else if (ttl !== null) {
          // The same row again is a write too (Flink's state TTL counts every update of the key).
          stored.t = now;
          this.rows.touch(NS, k);
        }
        continue;
      }
      if (stored === undefined) continue;
      this.rows.delete(NS, k);
      emit(stored.row, '-D', i);
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: outWms });
  }

  private keyText(row: Row): string {
    const key = this.key;
    const values = new Array<unknown>(key.length);
    for (let i = 0; i < key.length; i++) values[i] = row[key[i]!];
    return encodeKey(values);
  }
}
