/**
 * The input of a changelog table without a key (a `changelog-json` nats table without PRIMARY KEY) made
 * an exact changelog: a retraction removes one earlier row equal to it in every column, as Flink reads
 * a retract changelog (Debezium-style, full before-images) without ChangelogNormalize. The table is a
 * bag: two equal rows are two rows, and a retraction removes one of them.
 *
 *   input          no equal row stored        n ≥ 1 equal rows stored
 *   +I / +U        pass (n = 1)               pass (n + 1)
 *   -U / -D        dropped                    pass (n − 1; the entry goes at 0)
 *
 * Each row keeps its op. A retraction that matches nothing (its insert was never read: the stream was
 * read from 'latest', or retention removed it) is dropped, so downstream operators only ever retract
 * what they were given; a +U whose -U was dropped still inserts its row.
 *
 * State: full row → its count (unbounded: one entry per distinct live row; EXPLAIN says so). The key is
 * the row's tuple text in column order, so rescaling places it by the partition key's column.
 * state.ttl (optional, processing time): a row not written for the TTL is forgotten silently, as in
 * ChangelogNormalize: a later retraction of it is dropped.
 */
import type { RowOp } from '../api.js';
import type { Batch, Row } from '../operator.js';
import type { StateTtl } from '../state/state-ttl.js';
import { encodeKey } from '../state/value-codec.js';
import { ChangelogStateOperator, NS, type ChangelogEntry } from './changelog-state.js';

interface Entry extends ChangelogEntry {
  /** How many copies of the row (its tuple text is `k`) are live. */
  n: number;
}

export class ChangelogMatchOperator extends ChangelogStateOperator<Entry> {
  constructor(ttlMs: number | null = null) {
    super(ttlMs);
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    const ttl = this.ttl;
    const now = this.ttlNow();
    // Without ops every row is an insert: nothing to match.
    if (ops === null) {
      const space = this.rows.open(NS);
      for (const row of rows) this.add(encodeKey(row), space, ttl, now);
      this.out.data(batch);
      return;
    }
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const outWms: number[] = [];
    const space = this.rows.open(NS);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops[i]!;
      const k = encodeKey(row);
      if (op === '+I' || op === '+U') {
        this.add(k, space, ttl, now);
      } else {
        const stored = space.get(k);
        if (stored === undefined) continue;
        if (ttl !== null && ttl.expired(stored.t, now)) {
          this.rows.delete(NS, k);
          continue;
        }
        if (--stored.n === 0) this.rows.delete(NS, k);
        else this.rows.touch(NS, k);
      }
      outRows.push(row);
      outOps.push(op);
      outWms.push(wms === null ? this.wm : wms[i]!);
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: outWms });
  }

  private add(k: string, space: Map<string, Entry>, ttl: StateTtl | null, now: number): void {
    const stored = space.get(k);
    if (stored === undefined || (ttl !== null && ttl.expired(stored.t, now))) {
      this.rows.put(NS, k, ttl === null ? { k, n: 1 } : { k, n: 1, t: now }, space);
      return;
    }
    stored.n++;
    if (ttl !== null) stored.t = now;
    this.rows.touch(NS, k);
  }
}
