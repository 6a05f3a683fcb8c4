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

  it('keeps text, DECIMAL bigints and other values exact through eviction and growth', () => {
    const log = new OutputLog(300);
    const value = (i: number): unknown[] => [
      'x'.repeat(i % 70) + String(i), // short Latin-1 text, of varying lengths
      i % 5 === 0 ? 'é€' + String(i) : 'ü' + String(i), // not Latin-1 / Latin-1 beyond ASCII
      i % 7 === 0 ? 'y'.repeat(600) : null, // longer than what is copied
      BigInt(i) * 1_000_000_007n, // a DECIMAL's scaled bigint
      i % 11 === 0 ? 2n ** 80n + BigInt(i) : -BigInt(i), // beyond 2^53 and negative
      i % 3 === 0,
    ];
    let next = 1;
    for (const n of [50, 1, 400, 299, 3, 1000, 17]) {
      log.append(Array.from({ length: n }, (_, k) => value(next + k)), null);
      next += n;
      const rows = log.read(1);
      expect(rows).toHaveLength(Math.min(300, next - 1));
      for (const r of rows) expect(r.row).toEqual(value(r.seq));
    }
  });

  it('keeps text exact while its chunk is written, once sealed, and across turns of the ring', () => {
    // Chunks of 1,024 slots: the ring of 3,000 rows is 3 chunks; a chunk's text is sealed into bytes when
    // it is all ASCII, else kept joined. Rows come in batches that end inside chunks, span several, and
    // one that is several turns of the ring at once.
    const log = new OutputLog(3000);
    const value = (i: number): unknown[] => [
      i,
      i % 3 === 0 ? 'ascii ' + 'z'.repeat(i % 90) : i % 3 === 1 ? '' : null,
      // Non-ASCII text only in some chunks: those keep their joined text.
      Math.floor(i / 1024) % 4 === 1 ? 'ñ' + String(i) + '€' : 't' + String(i),
    ];
    // Rows narrower than the widest one leave their slots of the last column as they were.
    const row = (i: number): unknown[] => (i % 17 === 0 ? value(i).slice(0, 2) : value(i));
    let next = 1;
    for (const n of [1, 1022, 1, 1, 500, 2048, 3, 9000, 700, 1024, 1024, 13]) {
      log.append(Array.from({ length: n }, (_, k) => row(next + k)), null);
      next += n;
      const rows = log.read(1);
      expect(rows).toHaveLength(Math.min(3000, next - 1));
      for (const r of rows) expect(r.row).toEqual(row(r.seq));
    }
    log.resumeAt(next + 5);
    log.append([row(1), row(2)], null);
    expect(log.read(1).map((r) => r.row)).toEqual([row(1), row(2)]);
  });

  it('grows its ring as rows come and keeps reading them in order across the growth', () => {
    const log = new OutputLog(3000);
    let next = 1;
    for (const n of [700, 500, 1, 1200, 900, 2500]) {
      log.append(batch(next, n), null);
      next += n;
      const rows = seqs(log, 0);
      expect(rows.length).toBe(Math.min(3000, next - 1));
      rows.forEach(([seq, , v]) => expect(v).toBe(seq));
    }
  });
});

/** Everything a reader is fed, as text: `wm 5`, `rows [a@wm,...] ops`. */
function replayed(log: OutputLog): string[] {
  log.publishHistory();
  const out: string[] = [];
  log.replayHistory({
    data: (b) => out.push(`rows ${b.rows.map((r, i) => `${String(r[0])}@${b.wms === null ? '-' : b.wms[i]}`).join(',')}${b.ops ? ' ' + b.ops.join(',') : ''}`),
    watermark: (wm) => out.push(`wm ${wm}`),
  });
  return out;
}

describe('OutputLog history (a view over a view)', () => {
  it('replays rows with their arrival watermarks and the watermark moves where they happened', () => {
    const log = new OutputLog(2, 100);
    log.watermark(1);
    log.watermark(2); // moves with no rows between them are one
    log.append([['a'], ['b']], null, [2, 3]);
    log.watermark(5);
    log.append([['c']], ['-D'], null);
    log.append([['d']], null, null);
    log.append([['e']], null, [5]);
    log.watermark(9);
    expect(replayed(log)).toEqual(['wm 2', 'rows a@2,b@3', 'wm 5', 'rows c@-,d@- -D,+I', 'rows e@5', 'wm 9']);
    expect(log.read(1).map((r) => r.row[0])).toEqual(['d', 'e']); // subscribers: the last `retain` only
  });

  it('keeps its last `historyRows` rows, and forgets them (not the subscribers’ rows) at a watermark reset', () => {
    const log = new OutputLog(10, 5);
    for (let s = 1; s <= 20; s += 2) {
      log.append(batch(s, 2), null, [s, s + 1]);
      log.watermark(s + 1);
    }
    expect(replayed(log)).toEqual(['rows 16@16', 'wm 16', 'rows 17@17,18@18', 'wm 18', 'rows 19@19,20@20', 'wm 20']);
    log.clearHistory();
    expect(log.hasHistory).toBe(false);
    expect(replayed(log)).toEqual([]);
    expect(log.read(1)).toHaveLength(10);
    log.append(batch(21, 1), null, [30]);
    expect(replayed(log)).toEqual(['rows 21@30']);
  });

  it('keeps none for an ad-hoc query and stays bounded over many watermark moves', () => {
    const none = new OutputLog(10, 0);
    none.append(batch(1, 3), null, [1, 2, 3]);
    none.watermark(4);
    expect(none.hasHistory).toBe(false);
    const log = new OutputLog(0, 50);
    for (let s = 1; s <= 10_000; s++) {
      log.append(batch(s, 1), null, [s]);
      log.watermark(s);
    }
    const out = replayed(log);
    expect(out.filter((l) => l.startsWith('rows')).join().match(/@/g)).toHaveLength(50);
    expect(out.slice(0, 2)).toEqual(['wm 9950', 'rows 9951@9951']); // the move just before the oldest row stays
    expect(out.at(-1)).toBe('wm 10000');
  });
});

