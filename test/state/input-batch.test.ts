/**
 * Pushed batches logged as their decoded rows in binary form (state/input-batch.ts, input log versions 3 and 4):
 * the form reads back every value exactly; a batch is logged so only when nothing of it was rejected; a
 * crash replays binary and text entries alike; a version 2 or 3 SQLite log moves into segments and replays.
 */
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeInputBatch, encodeInputBatch, isInputBatch } from '../../src/executor/state/input-batch.js';
import { InputLog, inputLogPath, legacyInputLogPath } from '../../src/executor/state/input-log.js';
import { StateError } from '../../src/executor/state/errors.js';
import { collect, durable, inMemoryRows, statePathPerTest } from '../executor/helpers.js';
import { writeLegacyInputLog } from './legacy-input-log.js';

const statePath = statePathPerTest();

describe('the binary form of a batch', () => {
  it('reads back numbers (NaN, ±Infinity, -0), NULLs, text, booleans and bigints exactly', () => {
    const rows = [
      [1, 0.5, 'a', true, null, 10n],
      [NaN, -0, '', false, 'x', null],
      [Infinity, -Infinity, 'é\u0000"\n', null, 'y', -(2n ** 70n)],
      [-(2 ** 53), Number.MIN_VALUE, null, true, null, 0n],
    ];
    const blob = encodeInputBatch(rows, 6)!;
    expect(isInputBatch(blob)).toBe(true);
    const back = decodeInputBatch(blob);
    expect(back).toEqual(rows);
    expect(Object.is(back[1]![1], -0)).toBe(true);
    expect(Number.isNaN(back[1]![0])).toBe(true);
    // Read from a copy at another byte offset (SQLite hands a BLOB back in a Buffer of its own).
    const shifted = Buffer.alloc(blob.byteLength + 3);
    blob.copy(shifted, 3);
    expect(decodeInputBatch(shifted.subarray(3))).toEqual(rows);
  });

  it('keeps integer columns as offsets from their first value only when that reads back exactly', () => {
    const T = Date.UTC(2024, 0, 1);
    const columns = [
      [T, T + 5, T - 2_000_000_000, T + 7], // event times: offsets
      [0, 99_999, -5, 3], // keys: offsets
      [0.5, 1.5, -2.5, 3.5], // a fractional base, integer steps: offsets, exact
      [1e300, 1e300 + 1, 1e300 - 2, 1e300], // offsets would not read back: doubles
      [1, 2, -0, 4], // -0 is not an offset
      [0, 2 ** 31, 1, 2], // past int32: doubles
      [7, null, 7, 7], // NULLs: doubles with the NULL bitmap
    ];
    const rows = [0, 1, 2, 3].map((i) => columns.map((col) => col[i]));
    const blob = encodeInputBatch(rows, columns.length)!;
    const back = decodeInputBatch(blob);
    expect(back).toEqual(rows);
    expect(Object.is(back[2]![4], -0)).toBe(true);
    // 100 event times take 4 bytes each (after a header and the base); 100 other doubles 8.
    const times = Array.from({ length: 100 }, (_, i) => [T + 3 * i]);
    expect(encodeInputBatch(times, 1)!.byteLength).toBe(24 + 8 + 400); // header and column header to an 8-byte boundary, base, offsets
    expect(encodeInputBatch(times.map(([t]) => [t! / 7]), 1)!.byteLength).toBe(24 + 800);
  });

  it('writes the same bytes whatever batch was encoded before (the column values are read once, into reused arrays)', () => {
    // The layout written out by hand for rows [int offsets, doubles with a NULL, doubles].
    const expected = (rows: unknown[][]): Buffer => {
      const n = rows.length;
      const out = Buffer.alloc(12 + 8 + 8 + 4 * n + (8 - ((4 * n) % 8)) % 8 + 8 + 8 * n + Math.ceil(n / 8) + 16 + 8 * n + 8);
      let at = 0;
      out.writeUInt32LE(0x01425154, 0), out.writeUInt32LE(n, 4), out.writeUInt32LE(3, 8);
      at = 12;
      const col = (kind: number, len: number): number => {
        out.writeUInt8(kind, at), out.writeUInt32LE(len, at + 4);
        return (at = (at + 8 + 7) & ~7);
      };
      let o = col(3, 8 + 4 * n);
      out.writeDoubleLE(rows[0]![0] as number, o);
      rows.forEach((r, i) => out.writeInt32LE((r[0] as number) - (rows[0]![0] as number), o + 8 + 4 * i));
      at = (o + 8 + 4 * n + 7) & ~7;
      o = col(1, 8 * n + Math.ceil(n / 8));
      rows.forEach((r, i) => {
        out.writeDoubleLE(r[1] === null ? 0 : (r[1] as number), o + 8 * i);
        if (r[1] === null) out[o + 8 * n + (i >>> 3)]! |= 1 << (i & 7);
      });
      at = (o + 8 * n + Math.ceil(n / 8) + 7) & ~7;
      o = col(0, 8 * n);
      rows.forEach((r, i) => out.writeDoubleLE(r[2] as number, o + 8 * i));
      return out.subarray(0, (o + 8 * n + 7) & ~7);
    };
    const long = Array.from({ length: 2000 }, (_, i) => [1000 + i, i % 3 === 0 ? null : i / 4, -i / 3]);
    const short = [
      [7, 0.25, 1.5],
      [9, null, -0],
      [8, 2, NaN],
    ];
    const lastNull = [
      [5, 1.5, 2.5],
      [6, 3.5, 4.25],
      [7, null, 6.125],
    ];
    for (const rows of [long, short, lastNull, short, long, lastNull]) {
      const blob = encodeInputBatch(rows, 3)!;
      expect(blob.equals(expected(rows))).toBe(true);
      expect(decodeInputBatch(blob)).toEqual(rows);
    }
  });

  it('is not made for rows of another width or values without a codec', () => {
    expect(encodeInputBatch([[1, 2], [3]], 2)).toBeNull();
    expect(encodeInputBatch([[1, () => 0]], 2)).toBeNull();
    expect(encodeInputBatch([], 3)).not.toBeNull();
    expect(decodeInputBatch(encodeInputBatch([], 3)!)).toEqual([]);
  });

  it('refuses a truncated or foreign entry as corrupt', () => {
    const blob = encodeInputBatch([[1, 'a'], [2, 'b']], 2)!;
    expect(() => decodeInputBatch(blob.subarray(0, blob.byteLength - 8))).toThrow(StateError);
    expect(isInputBatch(Buffer.from('[1,2]'))).toBe(false);
  });
});

const DDL = `CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW w AS SELECT k, name, window_start, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, name, window_start, window_end;`;

/** Batch `b`: 200 events over 50 keys, names with NULLs, event time 100 ms per batch; batch 3 holds one bad row. */
function batch(b: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = Array.from({ length: 200 }, (_, i) => ({
    k: (b * 200 + i) % 50,
    name: i % 7 === 0 ? null : `n${i % 3}`,
    v: i % 11 === 0 ? -0 : i / 8,
    ts: b * 100 + (i % 100),
  }));
  if (b === 3) rows[17] = { k: 'not a number', name: 'bad', v: 1, ts: 350 };
  return rows;
}

const reference = (batches: number): string[] => inMemoryRows(DDL, 'w', 's', Array.from({ length: batches }, (_, b) => batch(b)));

/** The logged entries of source s: 'blob' (binary form) or 'text' (JSON), and the text. */
function logged(path: string): { t: string; entry: string | Buffer }[] {
  const log = new InputLog(inputLogPath(path));
  try {
    return log.read('s', 0, 1000).map((r) => ({ t: typeof r.entry === 'string' ? 'text' : 'blob', entry: r.entry }));
  } finally {
    log.close();
  }
}
const entryTypes = (path: string): string[] => logged(path).map((r) => r.t);

describe('pushed batches in the input log', () => {
  it('are logged as decoded rows unless a row was rejected, and replay after a crash as pushed', async () => {
    const path = statePath();
    const a = durable(path);
    a.execute(DDL);
    const before = collect(a, 'w');
    a.push('s', batch(0));
    a.push('s', batch(1));
    a.checkpoint();
    for (let b = 2; b < 6; b++) a.push('s', batch(b));
    expect(a.rejectedRows('s')).toHaveLength(1);
    a.crash();
    // Batches 2–5 wait for the next checkpoint (0–1 stay too, retained for new 'earliest' queries);
    // the one with a rejected row is its pushed JSON.
    expect(entryTypes(path)).toEqual(['blob', 'blob', 'blob', 'text', 'blob', 'blob']);

    const b = durable(path);
    const after = collect(b, 'w', 'latest');
    expect(b.rejectedRows('s')).toHaveLength(1); // rejected again by the replay, once
    for (let i = 6; i < 9; i++) b.push('s', batch(i));
    b.flush();
    await b.close();
    const ref = reference(9);
    expect([...before, ...after].sort()).toEqual([...ref].sort());
    expect(after.length + before.length).toBe(ref.length);
  });

  it("take the caller's JSON text from a function only when a row is rejected, and log that text", async () => {
    const path = statePath();
    const a = durable(path);
    a.execute(DDL);
    const asked: number[] = [];
    // Spelled differently from JSON.stringify (spaces), so the logged text shows whose it is.
    const textOf = (b: number) => () => (asked.push(b), JSON.stringify(batch(b), null, 1));
    for (let b = 0; b < 5; b++) a.push('s', batch(b), 'ws', textOf(b));
    expect(asked).toEqual([3]);
    a.crash();
    const rows = logged(path);
    expect(rows.map((r) => r.t)).toEqual(['blob', 'blob', 'blob', 'text', 'blob']);
    expect(rows[3]!.entry).toBe(JSON.stringify(batch(3), null, 1));
    const b = durable(path);
    expect(b.rejectedRows('s')).toHaveLength(1); // the replay of that text rejects the same row
    await b.close();
  });

  it('are what the source retains for a new earliest query in the same run (kept in that form)', async () => {
    const a = durable(statePath());
    a.execute(DDL);
    for (let b = 0; b < 3; b++) a.push('s', batch(b));
    a.execute(`CREATE VIEW raw AS SELECT k, name, v FROM s;`);
    const rows = collect(a, 'raw');
    await a.close();
    const expected = [0, 1, 2].flatMap((i) => batch(i)).map((r) => `+I ${JSON.stringify({ k: r['k'], name: r['name'], v: r['v'] })}`);
    expect(rows).toEqual(expected);
  });

  it('keep what the source retains for a new earliest query across a restart', async () => {
    const path = statePath();
    const a = durable(path);
    a.execute(DDL);
    for (let b = 0; b < 3; b++) a.push('s', batch(b));
    await a.close();
    const b = durable(path);
    b.execute(`CREATE VIEW raw AS SELECT k, name, v FROM s;`);
    const rows = collect(b, 'raw');
    await b.close();
    const expected = [0, 1, 2].flatMap((i) => batch(i)).map((r) => `+I ${JSON.stringify({ k: r['k'], name: r['name'], v: r['v'] })}`);
    expect(rows).toEqual(expected);
  });

  it('moves a version 2 (text only) or version 3 (text and binary) SQLite log into segments, and replays its entries', async () => {
    for (const version of [2, 3] as const) {
      const path = statePath();
      const a = durable(path);
      a.execute(DDL);
      a.push('s', batch(0));
      a.checkpoint();
      a.crash();
      // What that version wrote: batch 0 retained (binary in version 3), batch 1 pushed after the checkpoint.
      const first = logged(path)[0]!.entry;
      expect(typeof first === 'string').toBe(false);
      rmSync(inputLogPath(path), { recursive: true });
      writeLegacyInputLog(legacyInputLogPath(path), {
        version,
        entries: [
          { source: 's', off: 1, entry: version === 3 ? first : JSON.stringify(batch(0)) },
          { source: 's', off: 2, entry: JSON.stringify(batch(1)) },
        ],
      });

      const b = durable(path);
      const rows = collect(b, 'w', 'earliest');
      expect(b.source('s')!.inputOffset).toBe(2); // replayed at open
      b.push('s', batch(2));
      b.flush();
      await b.close();
      expect(rows).toEqual(reference(3));
      expect(existsSync(legacyInputLogPath(path))).toBe(false);
      expect(entryTypes(path)).toEqual([version === 3 ? 'blob' : 'text', 'text', 'blob', 'text']); // the last: the flush's watermark move
    }
  });
});
