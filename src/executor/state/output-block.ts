/**
 * Output rows in blocks: the form a view's output log is stored in (one SQLite row per block of up to
 * BLOCK_ROWS rows, table tq_output_block) and the form output crosses to the commit thread in.
 *
 * Why blocks: a window over 100k keys fires 100k rows, and one SQLite row per output row made the
 * output log the largest cost of a checkpoint's transaction (100k B-tree inserts, 500k bound
 * parameters) and of the copy to the commit thread (100k strings cloned one by one). A block is one
 * string and one insert for thousands of rows; seqs stay addressable (a block knows its first seq and
 * its row count), so subscribers resume from any seq and retention trims to the exact row.
 *
 * Encoding (a format of the state file, schema version 2 — never change it without a migration):
 *   rows  the rows' JSON texts joined with '\n'. JSON text has no raw newline inside a string, so a
 *         newline can only be insignificant whitespace: a text that has one gets it as a space instead
 *         (the same JSON value, the same byte count), and splitting on '\n' gives the rows back.
 *   ops   NULL when every row is '+I'; else the rows' ops ('+I', '-U', '+U', '-D') joined with ','.
 *   bytes UTF-8 bytes of the rows' JSON (without the separators): the output log's byte budget.
 *   crc   CRC-32 of the UTF-8 bytes of rows, then of ops when not NULL (blockCrc).
 * Schema version 3: `rows` may instead be a BLOB, the rows in binary form (output-batch.ts BinaryBlock);
 * `bytes` is then its stored size and the crc is of the BLOB's bytes, then of ops.
 */
import { crc32 } from 'node:zlib';
import type { RowBytes, RowBytesWriter } from '../row-json-bytes.js';
import { StateError } from './errors.js';

/** Rows per block at most: small enough that reading from a seq or trimming inside a block stays cheap. */
export const BLOCK_ROWS = 4096;
/** Characters of row JSON per block at most (rows larger than this get a block each). */
export const BLOCK_CHARS = 1 << 20;

/** Output rows of one view with contiguous seqs, encoded as one block. */
export interface OutputBlock {
  readonly view: string;
  readonly firstSeq: number;
  /** Rows in the block (≥ 1). */
  readonly n: number;
  /** The rows' ops joined with ','; null when every row is '+I'. */
  readonly ops: string | null;
  /** The rows' JSON texts joined with '\n'. */
  readonly rows: string;
}

/**
 * A block whose text waits as bytes, outside V8's heap: output waiting for its checkpoint on the
 * engine's thread and, once sent, on the commit thread until the commit (durability.ts,
 * store-worker.ts). Only an all-ASCII text is held so (one byte per character, read back exactly).
 */
export interface ByteBlock {
  readonly view: string;
  readonly firstSeq: number;
  readonly n: number;
  readonly ops: string | null;
  readonly bytes: Uint8Array;
}

/** A block as text or as bytes. */
export type PendingBlock = OutputBlock | ByteBlock;

const utf8 = new TextEncoder();

/** `b` with its text as bytes when the text is all ASCII (as a row's JSON nearly always is), else `b`. */
export function toBytes(b: OutputBlock): PendingBlock {
  const text = b.rows;
  const bytes = Buffer.allocUnsafeSlow(text.length);
  // Every character is ASCII ⇔ as many characters read as bytes written, one byte each.
  const { read, written } = utf8.encodeInto(text, bytes);
  if (read !== text.length || written !== text.length) return b;
  return { view: b.view, firstSeq: b.firstSeq, n: b.n, ops: b.ops, bytes };
}

/** The block as text (as the store takes it). */
export function textOf(b: PendingBlock): OutputBlock {
  if (!('bytes' in b)) return b;
  const { bytes } = b;
  const rows = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return { view: b.view, firstSeq: b.firstSeq, n: b.n, ops: b.ops, rows };
}

/**
 * Blocks of rows `from` (inclusive) to `to` (exclusive) of a run. `trusted`: the texts come from
 * JSON.stringify (no raw newline), so they are joined as they are; otherwise each is checked.
 */
export function blocksOf(
  view: string,
  firstSeq: number,
  rowsJson: readonly string[],
  ops: readonly string[] | null,
  from: number,
  to: number,
  trusted: boolean,
  out: OutputBlock[] = [],
): OutputBlock[] {
  let start = from;
  while (start < to) {
    let end = start;
    let chars = 0;
    const cap = Math.min(to, start + BLOCK_ROWS);
    while (end < cap && (end === start || chars + rowsJson[end]!.length <= BLOCK_CHARS)) chars += rowsJson[end++]!.length;
    const texts = rowsJson.slice(start, end);
    if (!trusted) for (let i = 0; i < texts.length; i++) if (texts[i]!.includes('\n')) texts[i] = texts[i]!.replace(/\n/g, ' ');
    out.push({ view, firstSeq: firstSeq + start, n: end - start, ops: joinOps(ops, start, end), rows: texts.join('\n') });
    start = end;
  }
  return out;
}

/** `b` appended to `a` (the next seqs of the same view) as one block. */
export function joinBlocks(a: OutputBlock, b: OutputBlock): OutputBlock {
  let ops: string | null = null;
  if (a.ops !== null || b.ops !== null) ops = `${a.ops ?? allInserts(a.n)},${b.ops ?? allInserts(b.n)}`;
  return { view: a.view, firstSeq: a.firstSeq, n: a.n + b.n, ops, rows: `${a.rows}\n${b.rows}` };
}

function allInserts(n: number): string {
  return new Array<string>(n).fill('+I').join(',');
}

/** The ops of rows `from`..`to` as stored: null when all are '+I'. */
export function joinOps(ops: readonly string[] | null, from: number, to: number): string | null {
  if (ops === null) return null;
  let allInserts = true;
  for (let i = from; i < to; i++) {
    if (ops[i] !== '+I') {
      allInserts = false;
      break;
    }
  }
  return allInserts ? null : ops.slice(from, to).join(',');
}

/** A stored block's rows; a block whose parts disagree with its row count is STATE_CORRUPT, never misread. */
export function splitBlock(view: string, seq: number, n: number, ops: string | null, rows: string): { rows: string[]; ops: string[] | null } {
  const texts = rows.split('\n');
  const opList = ops === null ? null : ops.split(',');
  if (texts.length !== n || (opList !== null && opList.length !== n)) {
    throw new StateError('STATE_CORRUPT', `output block of view '${view}' at seq ${seq} holds ${texts.length} rows and ${opList?.length ?? n} ops, not ${n}`);
  }
  return { rows: texts, ops: opList };
}

/** UTF-8 bytes of a block's row JSON, separators left out. */
export function blockBytes(rows: string, n: number): number {
  return Buffer.byteLength(rows) - (n - 1);
}

/** CRC-32 of a block's rows and ops (their UTF-8 bytes), as stored in its `crc` column. */
export function blockCrc(rows: string | Uint8Array, ops: string | Uint8Array | null): number {
  const c = crc32(rows);
  return ops === null ? c : crc32(ops, c);
}

/** Throws STATE_CORRUPT unless the block's stored bytes match its crc (NULL: a block migrated from v1). */
export function checkBlockCrc(view: string, seq: number, crc: number | null, rows: string | Uint8Array, ops: string | Uint8Array | null): void {
  if (crc === null || blockCrc(rows, ops) === crc) return;
  throw new StateError('STATE_CORRUPT', `output block of view '${view}' at seq ${seq} fails its checksum: the file is damaged`);
}

/** Where `byteBlocksOf` writes a block before copying it out (grown for a large row, shrunk after). */
const SCRATCH_BYTES = 1 << 19;
let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * The blocks `blocksOf` makes of these rows' JSON (the view's encoder's text), as ByteBlocks written
 * straight from the rows by the view's writer (row-json-bytes.ts): no string per row or per block. Null
 * when some row's JSON is not all ASCII (a ByteBlock holds ASCII only): the caller makes text blocks.
 */
export function byteBlocksOf(
  writer: RowBytesWriter,
  view: string,
  firstSeq: number,
  rows: readonly (readonly unknown[])[],
  ops: readonly string[] | null,
): ByteBlock[] | null {
  const out: ByteBlock[] = [];
  writer.ascii = true;
  let start = 0;
  while (start < rows.length) {
    const to = Math.min(rows.length, start + BLOCK_ROWS);
    let o = writer.block(scratch, 0, rows, start, to, BLOCK_CHARS);
    while (o < 0) {
      scratch = Buffer.allocUnsafeSlow(2 * scratch.length);
      o = writer.block(scratch, 0, rows, start, to, BLOCK_CHARS);
    }
    if (!writer.ascii) break;
    const end = writer.blockEnd;
    const bytes = Buffer.allocUnsafeSlow(o);
    scratch.copy(bytes, 0, 0, o);
    out.push({ view, firstSeq: firstSeq + start, n: end - start, ops: joinOps(ops, start, end), bytes });
    start = end;
  }
  if (scratch.length > 4 * SCRATCH_BYTES) scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  return writer.ascii ? out : null;
}

/** `byteBlocksOf` of rows whose bytes are written already (row-json-bytes.ts): the blocks are slices of them. */
export function byteBlocksOfRows(rb: RowBytes, view: string, firstSeq: number, ops: readonly string[] | null): ByteBlock[] | null {
  if (!rb.ascii) return null;
  const { bytes: src, ends } = rb;
  const n = ends.length;
  const out: ByteBlock[] = [];
  let start = 0;
  let at = 0;
  while (start < n) {
    const cap = Math.min(n, start + BLOCK_ROWS);
    let end = start + 1;
    let chars = ends[start]! - at;
    while (end < cap) {
      const len = ends[end]! - ends[end - 1]! - 1;
      if (chars + len > BLOCK_CHARS) break;
      chars += len;
      end++;
    }
    const last = ends[end - 1]!;
    const bytes = Buffer.allocUnsafeSlow(last - at);
    src.copy(bytes, 0, at, last);
    out.push({ view, firstSeq: firstSeq + start, n: end - start, ops: joinOps(ops, start, end), bytes });
    start = end;
    at = last + 1;
  }
  return out;
}
