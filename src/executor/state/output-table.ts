/**
 * The output log's table (tq_output_block): views' output rows in blocks (output-block.ts), with what
 * the checkpoint writer and the readers need — append, read from any seq, count bytes, trim to an exact
 * seq. The table holds exactly the retained rows: a trim that ends inside a block rewrites that block
 * with its remaining rows, so `firstSeq`, reads and byte counts never see a trimmed row.
 */
import type Database from 'better-sqlite3';
import { blockBytes, blockCrc, checkBlockCrc, splitBlock, type PendingBlock } from './output-block.js';
import { binaryBlockBytes, binaryRowBytes, dropFromBinaryBlock, isBinaryBlock, textsOfBinaryBlock, type BinaryBlock } from './output-batch.js';
import { StateError } from './errors.js';
import type { StoredOutputJson } from './types.js';

interface BlockRow {
  readonly id: number;
  readonly seq: number;
  readonly n: number;
  readonly bytes: number;
  readonly ops: string | null;
  /** The rows' JSON joined with '\n', or (schema version 3) a BLOB: the rows in binary form (output-batch.ts). */
  readonly rows: string | Buffer;
  readonly crc: number | null;
}

export class OutputTable {
  private readonly insertStmt: Database.Statement;
  private readonly insertBytesStmt: Database.Statement;
  private readonly covering: Database.Statement;
  private readonly from: Database.Statement;
  private readonly first: Database.Statement;
  private readonly sumThrough: Database.Statement;
  private readonly firstYoungStmt: Database.Statement;
  private readonly delThrough: Database.Statement;
  private readonly countThrough: Database.Statement;
  private readonly rewrite: Database.Statement;
  private readonly delView: Database.Statement;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare('INSERT INTO tq_output_block (view, seq, n, bytes, ops, rows, crc, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    // A block waiting as bytes (all ASCII, so its UTF-8): stored as the same text, without making a string of it first.
    this.insertBytesStmt = db.prepare('INSERT INTO tq_output_block (view, seq, n, bytes, ops, rows, crc, at) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)');
    // The block holding `seq`: the last one starting at or before it.
    this.covering = db.prepare('SELECT id, seq, n, bytes, ops, rows, crc FROM tq_output_block WHERE view = ? AND seq <= ? ORDER BY seq DESC LIMIT 1');
    this.from = db.prepare('SELECT id, seq, n, bytes, ops, rows, crc FROM tq_output_block WHERE view = ? AND seq >= ? ORDER BY seq');
    this.first = db.prepare('SELECT seq FROM tq_output_block WHERE view = ? ORDER BY seq LIMIT 1').pluck();
    this.sumThrough = db.prepare('SELECT coalesce(sum(bytes), 0) FROM tq_output_block WHERE view = ? AND seq <= ?').pluck();
    // Scans from the oldest block: the blocks it passes over are exactly the ones about to be deleted.
    this.firstYoungStmt = db.prepare('SELECT seq FROM tq_output_block WHERE view = ? AND seq <= ? AND at >= ? ORDER BY seq LIMIT 1').pluck();
    this.countThrough = db.prepare('SELECT coalesce(sum(n), 0) FROM tq_output_block WHERE view = ? AND seq + n - 1 <= ? AND seq <= ?').pluck();
    this.delThrough = db.prepare('DELETE FROM tq_output_block WHERE view = ? AND seq + n - 1 <= ? AND seq <= ?');
    this.rewrite = db.prepare('UPDATE tq_output_block SET seq = ?, n = ?, bytes = ?, ops = ?, rows = ?, crc = ? WHERE id = ?');
    this.delView = db.prepare('DELETE FROM tq_output_block WHERE view = ?');
  }

  /** Appends a block (its seqs already checked contiguous) counting `bytes` (blockBytes; a binary block's stored size). */
  insert(viewId: number, b: PendingBlock | BinaryBlock, bytes: number, at: number): void {
    if ('segments' in b) {
      // Made into a buffer reused from block to block: SQLite copies a bound BLOB before run returns.
      const bin = binaryBlockBytes(b, true);
      this.insertStmt.run(viewId, b.firstSeq, b.n, bytes, b.ops, bin, blockCrc(bin, b.ops), at);
    }
    else if ('bytes' in b) this.insertBytesStmt.run(viewId, b.firstSeq, b.n, bytes, b.ops, b.bytes, blockCrc(b.bytes, b.ops), at);
    else this.insertStmt.run(viewId, b.firstSeq, b.n, bytes, b.ops, b.rows, blockCrc(b.rows, b.ops), at);
  }

  hasRows(viewId: number): boolean {
    return this.first.get(viewId) !== undefined;
  }

  firstSeq(viewId: number): number | undefined {
    return this.first.get(viewId) as number | undefined;
  }

  clear(viewId: number): void {
    this.delView.run(viewId);
  }

  /** Retained rows with seq ≥ fromSeq, in seq order, at most `limit`. */
  read(view: string, viewId: number, fromSeq: number, limit: number): StoredOutputJson[] {
    const out: StoredOutputJson[] = [];
    if (limit <= 0) return out;
    const start = (this.covering.get(viewId, fromSeq) as BlockRow | undefined)?.seq ?? fromSeq;
    for (const b of this.from.iterate(viewId, start) as Iterable<BlockRow>) {
      const { rows, ops } = split(view, b);
      for (let i = Math.max(0, fromSeq - b.seq); i < b.n; i++) {
        out.push({ seq: b.seq + i, op: ops === null ? '+I' : ops[i]!, rowJson: rows[i]! });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Bytes of row JSON of the rows with seq ≤ upTo. */
  bytesThrough(view: string, viewId: number, upTo: number): number {
    let sum = this.sumThrough.get(viewId, upTo) as number;
    const b = this.covering.get(viewId, upTo) as BlockRow | undefined;
    if (b !== undefined && b.seq + b.n - 1 > upTo) sum -= sizes(view, b, upTo - b.seq + 1, b.n).reduce((x, y) => x + y, 0);
    return sum;
  }

  /** The seq of the first row with seq ≤ upTo committed at or after `since` (rows of a block share `at`). */
  firstYoung(viewId: number, upTo: number, since: number): number | undefined {
    return this.firstYoungStmt.get(viewId, upTo, since) as number | undefined;
  }

  /**
   * Over the byte budget: the seq through which the oldest rows after `upTo` must go for the rest to fit
   * in `maxBytes`, given `left` bytes after `upTo`. Reads only the blocks it trims (and one it splits).
   */
  trimToBudget(view: string, viewId: number, upTo: number, left: number, maxBytes: number): { upTo: number; left: number } {
    const start = (this.covering.get(viewId, upTo + 1) as BlockRow | undefined)?.seq ?? upTo + 1;
    for (const b of this.from.iterate(viewId, start) as Iterable<BlockRow>) {
      if (left <= maxBytes) break;
      const skip = Math.max(0, upTo - b.seq + 1);
      if (skip === 0 && left - b.bytes > maxBytes) {
        left -= b.bytes;
        upTo = b.seq + b.n - 1;
        continue;
      }
      const rowBytes = sizes(view, b, skip, b.n);
      for (let i = 0; i < rowBytes.length && left > maxBytes; i++) {
        left -= rowBytes[i]!;
        upTo = b.seq + skip + i;
      }
    }
    return { upTo, left };
  }

  /** Deletes the rows with seq ≤ upTo (a block holding later rows keeps them); returns the rows deleted. */
  deleteThrough(view: string, viewId: number, upTo: number): number {
    let deleted = this.countThrough.get(viewId, upTo, upTo) as number;
    this.delThrough.run(viewId, upTo, upTo);
    const b = this.covering.get(viewId, upTo) as BlockRow | undefined;
    if (b !== undefined && b.seq <= upTo && b.seq + b.n - 1 > upTo) {
      const drop = upTo - b.seq + 1;
      const n = b.n - drop;
      if (typeof b.rows !== 'string') {
        // A binary block stays binary: its remaining rows encoded again (no JSON made). It counts the bytes
        // its kept rows counted before (binaryRowBytes), so the log's byte count stays the sum of its blocks'.
        checkBlockCrc(view, b.seq, b.crc, b.rows, b.ops);
        const keptOps = keptOpsOf(binaryOps(view, b), drop);
        const bin = dropFromBinaryBlock(view, b.seq, b.n, b.rows, drop);
        const bytes = b.bytes - Math.floor((drop * b.bytes) / b.n);
        this.rewrite.run(upTo + 1, n, bytes, keptOps, bin, blockCrc(bin, keptOps), b.id);
      } else {
        const { rows, ops } = split(view, b);
        const keptOps = keptOpsOf(ops, drop);
        const keptRows = rows.slice(drop).join('\n');
        this.rewrite.run(upTo + 1, n, blockBytes(keptRows, n), keptOps, keptRows, blockCrc(keptRows, keptOps), b.id);
      }
      deleted += drop;
    }
    return deleted;
  }
}

/** A stored block's rows and ops, checked against its crc and its row count. */
function split(view: string, b: BlockRow): { rows: string[]; ops: string[] | null } {
  checkBlockCrc(view, b.seq, b.crc, b.rows, b.ops);
  if (typeof b.rows === 'string') return splitBlock(view, b.seq, b.n, b.ops, b.rows);
  const ops = binaryOps(view, b);
  return { rows: textsOfBinaryBlock(view, b.seq, b.n, b.rows as Buffer), ops };
}

/** A binary block's ops (its crc already checked): one per row, or null when all are '+I'. */
function binaryOps(view: string, b: BlockRow): string[] | null {
  if (!isBinaryBlock(b.rows)) throw new StateError('STATE_CORRUPT', `output block of view '${view}' at seq ${b.seq} holds bytes that are not an output block`);
  const ops = b.ops === null ? null : b.ops.split(',');
  if (ops !== null && ops.length !== b.n) throw new StateError('STATE_CORRUPT', `output block of view '${view}' at seq ${b.seq} holds ${ops.length} ops, not ${b.n}`);
  return ops;
}

/** The ops of a block's rows after its first `drop`, as stored (null when all are '+I'). */
function keptOpsOf(ops: string[] | null, drop: number): string | null {
  const kept = ops === null ? null : ops.slice(drop);
  return kept === null || kept.every((o) => o === '+I') ? null : kept.join(',');
}

/**
 * Checks every block's crc against its stored bytes (at open, with the page checks: a block's rows sit
 * in overflow pages whose contents those checks do not read). Returns the first problem, or null.
 */
export function verifyOutputBlocks(db: Database.Database): string | null {
  const stmt = db.prepare('SELECT view, seq, crc, CAST(rows AS BLOB) AS rows, CAST(ops AS BLOB) AS ops FROM tq_output_block WHERE crc IS NOT NULL');
  for (const b of stmt.iterate() as Iterable<{ view: number; seq: number; crc: number; rows: Buffer; ops: Buffer | null }>) {
    if (blockCrc(b.rows, b.ops) !== b.crc) return `output block of view #${b.view} at seq ${b.seq} fails its checksum`;
  }
  return null;
}

/** UTF-8 bytes of rows `from`..`to` of a block. */
function sizes(view: string, b: BlockRow, from: number, to: number): number[] {
  const out: number[] = [];
  if (typeof b.rows !== 'string') {
    // A binary block's stored bytes, shared out over its rows (what its `bytes` counts).
    for (let i = from; i < to; i++) out.push(binaryRowBytes(b.bytes, b.n, i));
    return out;
  }
  const { rows } = split(view, b);
  for (let i = from; i < to; i++) out.push(Buffer.byteLength(rows[i]!));
  return out;
}
