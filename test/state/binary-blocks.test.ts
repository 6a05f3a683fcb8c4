/**
 * Output blocks in binary form (state/output-batch.ts, schema version 3): batches that crossed to the
 * commit thread as values are stored as their binary rows, and every reader — a resume from a seq,
 * `tumbleql log`, retention trimming inside a block — gets the JSON text a text block of the same rows
 * holds, byte for byte. A damaged binary block is STATE_CORRUPT, never misread; a version 2 file is
 * read as it is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { StateError, StateStore } from '../../src/executor/state/index.js';
import { BLOCK_ROWS, blocksOf } from '../../src/executor/state/output-block.js';
import { binaryBlockBytes, binaryBlocksOf, encoderOf, outputBatchOf, type BinaryBlock, type OutputBatch } from '../../src/executor/state/output-batch.js';
import { SCHEMA_VERSION } from '../../src/executor/state/schema.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { removeDir, tempDir } from './helpers.js';

let dir: string;
let clock: number;
const HOUR = 3_600_000;
beforeEach(() => {
  dir = tempDir();
  clock = 1_700_000_000_000;
});
afterEach(() => removeDir(dir));

const COLUMNS = [
  { name: 'k', type: { name: 'BIGINT', nullable: false } },
  { name: 'window_start', type: { name: 'TIMESTAMP', precision: 3, nullable: false } },
  { name: 'name', type: { name: 'VARCHAR', nullable: true } },
  { name: 'v', type: { name: 'DOUBLE', nullable: true } },
] as const;

/** Rows seq..seq+n-1 with text (quotes, newlines, non-ASCII), NULLs, -0, NaN and ±Infinity among them. */
function rowsAt(seq: number, n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const j = seq + i;
    const special = [null, -0, NaN, Infinity, -Infinity][j % 13];
    return [j % 977, 1_700_000_000_000 + 1000 * (j % 5), j % 7 === 0 ? null : `n"${j % 4}\né`, special !== undefined ? special : j / 8];
  });
}

const OPS = ['+I', '-U', '+U', '-D'];
function batchAt(view: string, seq: number, n: number, withOps: boolean): OutputBatch {
  const ops = withOps ? Array.from({ length: n }, (_, i) => OPS[(seq + i) % 4]!) : null;
  return outputBatchOf(view, seq, rowsAt(seq, n), ops, COLUMNS)!;
}

/** What a text block of the same rows holds: each row's JSON from the view's encoder. */
function textsAt(seq: number, n: number): string[] {
  const encode = encoderOf(COLUMNS);
  return rowsAt(seq, n).map((r) => encode(r));
}

const storedKinds = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT typeof(rows) AS t FROM tq_output_block ORDER BY view, seq').all() as { t: string }[]).map((r) => r.t);
  } finally {
    db.close();
  }
};

describe('output blocks in binary form', () => {
  it('are stored as blobs and read back from any seq as the JSON a text block holds', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file, { now: () => clock });
    // Batches of two views, interleaved; consecutive ones of a view share a block.
    store.commit({ outputBatches: [batchAt('v', 1, 1000, true), batchAt('w', 1, 70, false), batchAt('v', 1001, 1000, false), batchAt('v', 2001, 2500, true)] });
    store.commit({ outputRuns: [{ view: 'v', firstSeq: 4501, ops: null, rowsJson: textsAt(4501, 3) }] });
    const all = store.readOutputJson('v', 1, 10_000);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 4503 }, (_, i) => i + 1));
    expect(all.map((r) => r.rowJson)).toEqual(textsAt(1, 4503));
    expect(all.map((r) => r.op)).toEqual([...Array.from({ length: 1000 }, (_, i) => OPS[(1 + i) % 4]), ...Array(1000).fill('+I'), ...Array.from({ length: 2500 }, (_, i) => OPS[(2001 + i) % 4]), '+I', '+I', '+I']);
    expect(store.readOutputJson('v', 4095, 4).map((r) => [r.seq, r.rowJson])).toEqual([4095, 4096, 4097, 4098].map((s, i) => [s, textsAt(4095, 4)[i]]));
    expect(store.readOutputJson('w', 1, 100).map((r) => r.rowJson)).toEqual(textsAt(1, 70));
    store.close();
    // v: 4,096 rows in one block (3 batches), 404 in the next, then the text run; w: one block.
    expect(storedKinds(file)).toEqual(['blob', 'blob', 'text', 'blob']);
    const reader = StateStore.open(file, { readonly: true });
    expect(reader.readOutputJson('v', 4000, 200).map((r) => r.rowJson)).toEqual(textsAt(4000, 200));
    reader.close();
  });

  it('splits a batch larger than a block and joins small ones up to BLOCK_ROWS rows', () => {
    const out: BinaryBlock[] = [];
    binaryBlocksOf([batchAt('v', 1, BLOCK_ROWS + 10, false), batchAt('v', BLOCK_ROWS + 11, 5, true), batchAt('v', BLOCK_ROWS + 16, 5, false)], out);
    expect(out.map((b) => [b.firstSeq, b.n])).toEqual([[1, BLOCK_ROWS / 2 + 5], [BLOCK_ROWS / 2 + 6, BLOCK_ROWS / 2 + 5 + 10]]);
    expect(out[1]!.ops!.split(',')).toHaveLength(BLOCK_ROWS / 2 + 15);
  });

  it('are made one at a time into a reused buffer with the same bytes as a buffer of their own', () => {
    const out: BinaryBlock[] = [];
    // A large block first, so the reused buffer holds other bytes where the next one has padding.
    binaryBlocksOf([batchAt('v', 1, 3000, false), batchAt('w', 1, 3, true), batchAt('w', 4, 5, false), batchAt('w', 9, 1, true)], out);
    expect(out.map((b) => [b.view, b.n])).toEqual([['v', 3000], ['w', 9]]);
    const own = out.map((b) => binaryBlockBytes(b));
    const big = binaryBlockBytes(out[0]!, true);
    big.fill(0xa5);
    const small = binaryBlockBytes(out[1]!, true);
    expect(small.buffer).toBe(big.buffer);
    expect(small.byteLength).toBe(out[1]!.size);
    expect(Buffer.compare(small, own[1]!)).toBe(0);
    // The layout by hand: magic, columns' JSON, then per segment its length, a zero word and its bytes, each from a multiple of 8.
    const cols = Buffer.from(JSON.stringify(COLUMNS));
    const pad = (n: number): number => (n + 7) & ~7;
    const parts: Buffer[] = [Buffer.alloc(pad(8 + cols.byteLength))];
    parts[0]!.writeUInt32LE(0x014f5154, 0);
    parts[0]!.writeUInt32LE(cols.byteLength, 4);
    cols.copy(parts[0]!, 8);
    for (const seg of out[1]!.segments) {
      const p = Buffer.alloc(8 + pad(seg.byteLength));
      p.writeUInt32LE(seg.byteLength, 0);
      Buffer.from(seg.buffer, seg.byteOffset, seg.byteLength).copy(p, 8);
      parts.push(p);
    }
    expect(Buffer.compare(own[1]!, Buffer.concat(parts))).toBe(0);
    expect(cols.byteLength % 8).not.toBe(0); // the padding after the columns was written over above, and is zero again
  });

  it('are trimmed to the exact row, the rest of the block kept in binary form with its byte count', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file, { retention: { maxRows: 1500, maxAgeMs: HOUR }, now: () => clock });
    store.commit({ outputBatches: [batchAt('v', 1, 2000, true)] });
    clock += 2 * HOUR;
    store.commit({ outputBatches: [batchAt('v', 2001, 100, false)] }); // last seq 2100: rows ≤ 600 go
    expect(store.firstSeq('v')).toBe(601);
    const kept = store.readOutputJson('v', 0, 10_000);
    expect(kept.map((r) => r.rowJson)).toEqual(textsAt(601, 1500));
    expect(kept.slice(0, 4).map((r) => r.op)).toEqual([601, 602, 603, 604].map((s) => OPS[s % 4]));
    store.close();
    expect(storedKinds(file)).toEqual(['blob', 'blob']);
    // The log's byte count (kept by the writer) is the sum of its blocks' counts, here as after a restart.
    const db = new Database(file, { readonly: true });
    const sizes = db.prepare('SELECT n, bytes, length(rows) AS len FROM tq_output_block ORDER BY seq').all() as { n: number; bytes: number; len: number }[];
    db.close();
    expect(sizes[0]!.n).toBe(1400);
    expect(sizes[0]!.bytes).toBeLessThan(sizes[0]!.len);
    expect(sizes[1]!.bytes).toBe(sizes[1]!.len);
  });

  it('keep the byte budget in stored bytes, trimming whole rows', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file, { retention: { maxRows: 1_000_000, maxAgeMs: HOUR, maxBytes: 20_000 }, now: () => clock });
    store.commit({ outputBatches: [batchAt('v', 1, 3000, false)] });
    const first = store.firstSeq('v')!;
    expect(first).toBeGreaterThan(1);
    expect(store.readOutputJson('v', 0, 10_000).map((r) => r.rowJson)).toEqual(textsAt(first, 3001 - first));
    store.close();
    const db = new Database(file, { readonly: true });
    const total = db.prepare('SELECT sum(bytes) FROM tq_output_block').pluck().get() as number;
    db.close();
    expect(total).toBeLessThanOrEqual(20_000);
    expect(total).toBeGreaterThan(19_000);
  });

  it('refuse a block changed behind its checksum, or one that does not hold its rows (STATE_CORRUPT)', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file);
    store.commit({ outputBatches: [batchAt('v', 1, 100, false)] });
    store.close();
    const db = new Database(file);
    const bin = db.prepare('SELECT rows FROM tq_output_block').pluck().get() as Buffer;
    const altered = Buffer.from(bin);
    altered[altered.length - 9]! ^= 0x40;
    db.prepare('UPDATE tq_output_block SET rows = ?').run(altered);
    db.close();
    expect(() => StateStore.open(file)).toThrow(/fails its checksum/);
    // With a checksum that matches, a block whose rows are not `n` rows is still refused.
    const db2 = new Database(file);
    db2.prepare('UPDATE tq_output_block SET rows = ?, n = 101, crc = NULL').run(bin);
    db2.close();
    const again = StateStore.open(file);
    let err: unknown;
    try {
      again.readOutputJson('v', 1, 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_CORRUPT');
    again.close();
  });

  it('a version 2 file is read as it is (read-only) and raised to the current version at a read-write open', () => {
    expect(SCHEMA_VERSION).toBe(4);
    const file = join(dir, 's.db');
    const store = StateStore.open(file);
    store.commit({ outputBlocks: blocksOf('v', 1, textsAt(1, 10), null, 0, 10, true) });
    store.close();
    const db = new Database(file);
    db.prepare('DELETE FROM tq_migration WHERE version >= 3').run();
    db.exec('DROP TABLE tq_state_run');
    db.pragma('user_version = 2');
    db.close();
    const reader = StateStore.open(file, { readonly: true });
    expect(reader.readOutputJson('v', 1, 100).map((r) => r.rowJson)).toEqual(textsAt(1, 10));
    reader.close();
    StateStore.open(file).close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    after.close();
  });

  it('give a resumed subscriber the same rows, byte for byte, as the text path', async () => {
    const DDL = `CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total, MAX(name) AS top
        FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;
    const logOf = async (path: string, background: boolean): Promise<string[]> => {
      const e = new TumbleEngine({ statePath: path, checkpointIntervalMs: background ? 3_600_000 : 0 });
      e.execute(DDL);
      for (let b = 0; b < 8; b++) {
        e.push('s', Array.from({ length: 500 }, (_, i) => ({ k: i % 300, name: i % 9 === 0 ? null : `é"${i % 5}`, v: i % 11 === 0 ? -0 : i / 3, ts: b * 600 + i })));
        if (b % 3 === 2) {
          if (background) await e.checkpointInBackground();
          else e.checkpoint();
        }
      }
      e.flush();
      await e.close();
      const store = StateStore.open(path, { readonly: true });
      const rows = store.readOutputJson('w', 1, 1_000_000).map((r) => `${r.seq} ${r.op} ${r.rowJson}`);
      store.close();
      return rows;
    };
    const binary = join(dir, 'b.db');
    const text = join(dir, 't.db');
    const viaBinary = await logOf(binary, true);
    const viaText = await logOf(text, false);
    expect(viaBinary.length).toBeGreaterThan(1000);
    expect(viaBinary).toEqual(viaText);
    expect(storedKinds(binary)).toContain('blob');
    expect(storedKinds(text)).not.toContain('blob');
  });
});
