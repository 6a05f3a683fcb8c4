/** The in-memory output log: seqs, the last `retain` rows kept (as values, in a ring), reads across batches. */
import { describe, expect, it } from 'vitest';
import type { RowOp } from '../../src/executor/api.js';
import { OutputLog } from '../../src/executor/runtime/output-log.js';

const batch = (from: number, n: number): unknown[][] => Array.from({ length: n }, (_, i) => [from + i]);
const seqs = (log: OutputLog, from = 1, limit = Infinity) => log.read(from, limit).map((r) => [r.seq, r.op, r.row[0]]);

describe('OutputLog', () => {
  it('numbers rows from 1 across batches and reads them back from any seq', () => {
    const log = new OutputLog(100);
    expect(log.append(batch(1, 3), null)).toBe(1);
    expect(log.append(batch(4, 2), ['-U', '+U'] as RowOp[])).toBe(4);
    expect(log.append([], null)).toBe(6);
    expect(log.append(batch(6, 1), null)).toBe(6);
    expect(seqs(log)).toEqual([[1, '+I', 1], [2, '+I', 2], [3, '+I', 3], [4, '-U', 4], [5, '+U', 5], [6, '+I', 6]]);
    expect(seqs(log, 5)).toEqual([[5, '+U', 5], [6, '+I', 6]]);
    expect(seqs(log, 2, 3)).toEqual([[2, '+I', 2], [3, '+I', 3], [4, '-U', 4]]);
    expect(seqs(log, 7)).toEqual([]);
    expect(log.nextSeq).toBe(7);
  });

  it('keeps exactly the last `retain` rows, whatever the batch sizes', () => {
    const log = new OutputLog(10);
    let next = 1;
    for (const n of [4, 4, 4, 4, 4, 25, 3]) {
      const ops = Array.from({ length: n }, (_, i) => ((next + i) % 2 === 0 ? '+U' : '-U') as RowOp);
      log.append(batch(next, n), ops);
      next += n;
      const rows = seqs(log, 0);
      // Every row from the oldest retained one to the newest, contiguous and with its own op.
      expect(rows.length).toBe(Math.min(10, next - 1));
      expect(rows[0]![0]).toBe(log.oldestSeq);
      rows.forEach(([seq, op, v], i) => {
        expect(seq).toBe(log.oldestSeq + i);
        expect(v).toBe(seq);
        expect(op).toBe((seq as number) % 2 === 0 ? '+U' : '-U');
      });
      expect(rows.at(-1)![0]).toBe(next - 1);
    }
    expect(log.oldestSeq).toBe(next - 10);
  });

  it('keeps nothing with retention 0, and starts over at a given seq after a restart', () => {
    const none = new OutputLog(0);
    none.append(batch(1, 5), null);
    expect(seqs(none)).toEqual([]);
    expect(none.oldestSeq).toBe(6);
    const log = new OutputLog(5);
    log.append(batch(1, 3), null);
    log.resumeAt(40);
    expect(log.append(batch(40, 2), null)).toBe(40);
    expect(seqs(log, 1)).toEqual([[40, '+I', 40], [41, '+I', 41]]);
  });

  it('reads the right rows after many batches have been dropped', () => {
    const log = new OutputLog(50);
    for (let s = 1; s <= 10_000; s += 7) log.append(batch(s, 7), null);
    const from = log.oldestSeq + 3;
    expect(seqs(log, from, 4).map((r) => r[0])).toEqual([from, from + 1, from + 2, from + 3]);
    expect(log.nextSeq - log.oldestSeq).toBe(50);
  });

  it('gives back rows equal to the emitted ones: numbers, text, bigints, booleans, NULL, and changing widths', () => {
    const log = new OutputLog(4);
    const rows = [
      [1.5, 'a', null, 12n, true],
      [-0, NaN, Infinity, 'x'.repeat(3), false],
      [Number.MAX_SAFE_INTEGER, null],
      [null, 2, 'b', -7n, null],
      ['c', 3.25, 4, 5n, 6],
    ];
    for (const r of rows) log.append([r], null);
    // The slot of the first row was reused; a slot that held text now holds a number and the reverse.
    expect(log.read(1).map((r) => r.row)).toEqual(rows.slice(1));
    expect(Object.is(log.read(2)[0]!.row[0], -0)).toBe(true);
  });
});
