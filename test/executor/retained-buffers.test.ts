/**
 * A source's retained input reuses the buffers of the batches it drops for the next ones, and gives back
 * (util/free-buffers.ts) what is not reused, instead of leaving them to V8's next full collection: over a long run those dead buffers were
 * tens of MB of peak RSS, more the longer the run (bench/README.md, "Peak RSS flat in run length"). What
 * is still retained, the input log, and views created later from 'earliest' must not be touched by it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch, Row } from '../../src/executor/operator.js';
import { RetainedInput, type RetainedBatch } from '../../src/executor/runtime/retained-input.js';
import { encodeInputBatch } from '../../src/executor/state/input-batch.js';
import { freeBuffers } from '../../src/util/free-buffers.js';
import { collect, durable, tempState } from './helpers.js';

const state = tempState();
afterAll(() => state.cleanup());

/** The ArrayBuffers a retained batch holds (its columns, change kinds, watermarks or binary form). */
function buffersOf(b: RetainedBatch): ArrayBufferLike[] {
  const out: ArrayBufferLike[] = [];
  (b as unknown as { ownBuffers(into: ArrayBufferLike[]): void }).ownBuffers(out);
  return out;
}

const rowsOf = (first: number, n: number): Row[] => Array.from({ length: n }, (_, i) => [first + i, `k${(first + i) % 7}`, i % 3 === 0 ? null : (first + i) * 0.5]);

describe('retained input: dropped batches', () => {
  it('lend their buffers to the batches retained after them: a steady stream allocates no new column memory', () => {
    const r = new RetainedInput();
    r.retainRows = 2_000;
    const added: { entry: RetainedBatch; rows: Row[] }[] = [];
    const distinct = new Set<ArrayBufferLike>();
    let perBatch = 0;
    for (let b = 0; b < 40; b++) {
      const rows = rowsOf(b * 500, 500);
      const batch: Batch = { rows, ops: rows.map((_, i) => (i % 2 === 0 ? '+I' : '-D')), wms: rows.map((_, i) => b * 500 + i) };
      const entry = r.add(batch, b + 1)!;
      added.push({ entry, rows });
      const own = buffersOf(entry);
      perBatch = own.length;
      for (const buf of own) distinct.add(buf);
    }
    expect(perBatch).toBe(6); // three columns (numbers, text lengths, numbers and their NULLs), change kinds, watermarks
    // 40 batches of 500 rows, kept at 2,000–4,000 rows: the first trim (after 9 batches) drops 5, whose
    // buffers the next batches take, and so on. Without the pool every batch had new ones (200).
    expect(distinct.size).toBeLessThanOrEqual(10 * perBatch);
    const kept = new Set(r.entries);
    expect(added.filter((a) => !kept.has(a.entry)).length).toBeGreaterThanOrEqual(32);
    // The retained batches read back the rows they were given (no buffer shared by two of them).
    for (const a of added.filter((x) => kept.has(x.entry))) {
      expect(a.entry.batch.rows).toEqual(a.rows);
      expect(a.entry.batch.wms).toEqual(a.rows.map((row) => row[0]));
    }
  });

  it('give back at the next trim the buffers no later batch took', () => {
    const r = new RetainedInput();
    r.retainRows = 100;
    const first = r.add({ rows: rowsOf(0, 100), ops: null, wms: null }, 1)!;
    r.add({ rows: rowsOf(100, 100), ops: null, wms: null }, 2);
    r.add({ rows: rowsOf(200, 100), ops: null, wms: null }, 3); // trims the first two into the pool
    const lent = buffersOf(first);
    // Batches of another size take none of them; the next trim gives them back.
    for (let b = 0; b < 4; b++) r.add({ rows: rowsOf(300 + b * 70, 70), ops: null, wms: null }, 4 + b);
    for (const buf of lent) expect(buf.byteLength).toBe(0);
  });

  it('a batch kept in binary form gives back that buffer only when it owns it whole', () => {
    const rows = rowsOf(0, 100).map((r) => [r[0], r[2] ?? 0]);
    const whole = encodeInputBatch(rows, 2)!;
    const slab = new Uint8Array(whole.byteLength + 16);
    slab.set(whole, 8);
    const slice = slab.subarray(8, 8 + whole.byteLength);
    const r = new RetainedInput();
    r.retainRows = 100;
    r.add({ rows, ops: null, wms: null }, 1, 0, whole);
    r.add({ rows, ops: null, wms: null }, 2, 0, slice);
    r.add({ rows, ops: null, wms: null }, 3, 0, null); // trims both before it
    expect(r.entries).toHaveLength(1);
    // Unused by later batches (none packed since), they are given back at the next trim.
    for (let b = 0; b < 3; b++) r.add({ rows, ops: null, wms: null }, 4 + b, 0, null);
    expect(whole.byteLength).toBe(0);
    // A view on part of a larger buffer (not the batch's alone) was left alone, and so was that buffer.
    expect(slice.byteLength).toBe(slab.byteLength - 16);
    expect(slab.byteLength).toBeGreaterThan(0);
  });

  it('a durable source: trimmed batches given back, while views from earliest read the retained ones, before and after a restart', async () => {
    const path = `${state.path}-trimmed`;
    const SQL = `CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
    const VIEW = (name: string) => `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;
    const one = durable(path);
    one.execute(SQL + VIEW('before'));
    one.source('s')!.retained.retainRows = 300;
    const firstEntries: RetainedBatch[] = [];
    for (let b = 0; b < 30; b++) {
      one.push('s', Array.from({ length: 100 }, (_, i) => ({ k: i % 5, v: b + i * 0.25, ts: b * 400 + i })));
      // The batch just retained: the last entry that is not a watermark move.
      const last = one.source('s')!.history.findLast((e): e is RetainedBatch => typeof e !== 'number');
      if (b < 3 && last !== undefined) firstEntries.push(last);
    }
    one.checkpoint();
    // The first batches were trimmed long ago: their binary form was given back.
    expect(firstEntries).toHaveLength(3);
    // ...or lent to a batch retained since (its arrival watermarks: the same size).
    const retained = new Set(one.source('s')!.history.flatMap((e) => (typeof e === 'number' ? [] : buffersOf(e))));
    for (const e of firstEntries) {
      expect(one.source('s')!.history).not.toContain(e);
      expect(buffersOf(e).length).toBeGreaterThan(0);
      for (const buf of buffersOf(e)) expect(buf.byteLength === 0 || retained.has(buf)).toBe(true);
    }
    // A view created now reads the retained batches (their binary form, intact)...
    one.execute(VIEW('mid'));
    const mid = collect(one, 'mid');
    one.flush();
    one.checkpoint();
    await one.close();
    // ...and one created after a restart reads them back from the input log: the same rows.
    const two = durable(path);
    two.execute(VIEW('after'));
    const after = collect(two, 'after');
    two.flush();
    expect(mid.length).toBeGreaterThan(5);
    expect(after.sort()).toEqual(mid.sort());
    await two.close();
  });

  it('freeBuffers skips shared memory, detached buffers and duplicates', () => {
    const a = new ArrayBuffer(64);
    const shared = new SharedArrayBuffer(64);
    freeBuffers([a, a, shared, new ArrayBuffer(0)]);
    expect(a.byteLength).toBe(0);
    expect(shared.byteLength).toBe(64);
    freeBuffers([a]);
  });
});
