/**
 * Output rows on their way to the durable output log as values, not text, and the binary blocks they
 * are stored as (below): neither the event loop nor the commit thread makes their JSON; a reader does.
 *
 * Why: with a state file, every output row was encoded to its JSON text on the event loop for the
 * output log — about 1 µs per row of a windowed aggregate (window_start and window_end as ISO text),
 * where processing the event that made it costs about as much: a HOP over 100k keys emits ~2.5 rows per
 * event. Then the commit thread made it (the JSON, the CRC of it, its SQLite pages were most of that
 * thread's work). Now an emitted batch crosses to the commit thread as its rows in the binary form of
 * input-batch.ts (a few ns per value) with the view's columns, and is stored so; a reader makes each
 * row's JSON with the same encoder (values.ts makeRowJsonEncoder, from the same columns), so it reads
 * the text a JSON block of the rows would have held.
 */
import { makeRowJsonEncoder, type EncoderColumn } from '../values.js';
import { decodeInputBatch, encodeInputBatch } from './input-batch.js';
import { BLOCK_CHARS, BLOCK_ROWS, joinOps } from './output-block.js';
import { StateError } from './errors.js';

export interface OutputBatch {
  readonly view: string;
  readonly firstSeq: number;
  readonly n: number;
  /** The rows' ops joined with ','; null when every row is '+I' (as a block stores them). */
  readonly ops: string | null;
  /** The view's columns: what its rows' JSON is made from. */
  readonly columns: readonly EncoderColumn[];
  /** The rows, in the binary form of input-batch.ts. */
  readonly rows: Uint8Array;
}

/** Rows of one view with contiguous seqs as a batch; null when they do not fit the binary form (the caller encodes them). */
export function outputBatchOf(
  view: string,
  firstSeq: number,
  rows: readonly (readonly unknown[])[],
  ops: readonly string[] | null,
  columns: readonly EncoderColumn[],
): OutputBatch | null {
  const bytes = encodeInputBatch(rows, columns.length);
  if (bytes === null) return null;
  return { view, firstSeq, n: rows.length, ops: joinOps(ops, 0, rows.length), columns, rows: bytes };
}

/** The rows of a batch (decoded again: what the view emitted). */
export function rowsOfBatch(b: OutputBatch): unknown[][] {
  return decodeInputBatch(b.rows);
}

/**
 * One function per view schema seen (by its columns), made once on the thread that writes blocks; a
 * thread that saw more than 256 schemas starts over.
 */
function perColumns<F>(make: (columns: readonly EncoderColumn[]) => F): (columns: readonly EncoderColumn[]) => F {
  const made = new Map<string, F>();
  return (columns) => {
    const key = JSON.stringify(columns);
    let f = made.get(key);
    if (f === undefined) {
      if (made.size >= 256) made.clear();
      made.set(key, (f = make(columns)));
    }
    return f;
  };
}

/** The JSON encoder of a batch's rows: the view's own (same columns, same function). */
export const encoderOf: (columns: readonly EncoderColumn[]) => (row: readonly unknown[]) => string = perColumns(makeRowJsonEncoder);

// ---- blocks stored in binary form (schema version 3) ---------------------------------------------

/**
 * A block of the output log stored in binary form: what a batch's rows become in tq_output_block (a
 * BLOB in `rows`, where a text block holds its rows' JSON). The JSON is made only when someone reads the
 * block (a subscriber resuming from the log, `tumbleql log`, a trim inside the block), with the view's
 * encoder made from the columns the block carries, so it is the text a JSON block would have held.
 *
 * Why: a HOP over 100k keys emits ~2.5 rows per event; their JSON (~75 bytes a row, with window_start as
 * ISO text) was most of the bytes a checkpoint wrote and most of the commit thread's own work (encoding,
 * CRC, SQLite pages, WAL folding). The binary rows are ~20 bytes and are written as the batch came.
 *
 * Layout (little-endian):
 *   0  u32  MAGIC ("TQO" and the form's version 1)
 *   4  u32  L: byte length of the columns' JSON
 *   8  L bytes: JSON of the view's columns ([{name, type}]: what the rows' JSON is made from)
 *   then, from the next multiple of 8 to the end, segments: u32 byte length, u32 0, then that many bytes
 *   of rows in the binary form of input-batch.ts, the next segment from the next multiple of 8. A block
 *   of consecutive batches is their segments one after the other (no row is decoded to join them).
 */
export interface BinaryBlock {
  readonly view: string;
  readonly firstSeq: number;
  readonly n: number;
  /** The rows' ops joined with ','; null when every row is '+I'. */
  readonly ops: string | null;
  /** Bytes of the block as stored. */
  readonly size: number;
  /** JSON of the view's columns, as the block stores it. */
  readonly cols: Uint8Array;
  /** The rows in input-batch form, one segment per batch (or piece of one): the block's bytes are made from them when it is written (`binaryBlockBytes`). */
  readonly segments: readonly Uint8Array[];
}

const BLOCK_MAGIC = 0x014f5154; // "TQO\x01"
const pad8 = (n: number): number => (n + 7) & ~7;

/** Whether a stored block's rows are in binary form (a BLOB that starts with the magic). */
export function isBinaryBlock(rows: unknown): rows is Uint8Array {
  return rows instanceof Uint8Array && rows.byteLength >= 8 && new DataView(rows.buffer, rows.byteOffset, 8).getUint32(0, true) === BLOCK_MAGIC;
}

/** Columns' JSON by the columns array (a batch's columns are one array per view schema on the thread that made them). */
const columnsText = new WeakMap<readonly EncoderColumn[], Buffer>();
function columnsBytes(columns: readonly EncoderColumn[]): Buffer {
  let b = columnsText.get(columns);
  if (b === undefined) columnsText.set(columns, (b = Buffer.from(JSON.stringify(columns), 'utf8')));
  return b;
}

/** Bytes of the block of `cols` and `segments` as stored. */
function binarySize(cols: Uint8Array, segments: readonly Uint8Array[]): number {
  let size = pad8(8 + cols.byteLength);
  for (const s of segments) size += 8 + pad8(s.byteLength);
  return size;
}

/** One block of rows `seq`.. of `segments` (each rows in input-batch form); its bytes are made when written. */
function binaryBlock(view: string, firstSeq: number, n: number, ops: string | null, cols: Uint8Array, segments: readonly Uint8Array[]): BinaryBlock {
  return { view, firstSeq, n, ops, size: binarySize(cols, segments), cols, segments };
}

/**
 * Blocks up to this size are made in one buffer reused from block to block (binaryBlockBytes): a
 * checkpoint's blocks made all at once held a second copy of its output on the commit thread (tens of
 * MB for a second of a 100k-row-per-second view), kept there by malloc after the commit.
 */
const SCRATCH_BYTES = 2 * BLOCK_CHARS;
let scratch: Buffer | null = null;

/**
 * The block's stored bytes (the layout above). With `reuse`, they are written into a buffer this module
 * reuses: valid only until the next call with `reuse` (the caller hands them to SQLite, which copies
 * them, before making the next block); a block larger than that buffer gets a buffer of its own.
 */
export function binaryBlockBytes(b: BinaryBlock, reuse = false): Buffer {
  const { size, cols, segments } = b;
  let bin: Buffer;
  if (reuse && size <= SCRATCH_BYTES) {
    scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    bin = scratch.subarray(0, size);
  } else bin = Buffer.allocUnsafe(size);
  const dv = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  dv.setUint32(0, BLOCK_MAGIC, true);
  dv.setUint32(4, cols.byteLength, true);
  bin.set(cols, 8);
  let at = pad8(8 + cols.byteLength);
  bin.fill(0, 8 + cols.byteLength, at);
  for (const s of segments) {
    dv.setUint32(at, s.byteLength, true);
    dv.setUint32(at + 4, 0, true);
    bin.set(s, at + 8);
    const end = at + 8 + s.byteLength;
    at += 8 + pad8(s.byteLength);
    bin.fill(0, end, at);
  }
  if (at !== size) throw new Error(`invariant: a binary block of '${b.view}' made ${at} bytes, not ${size}`);
  return bin;
}

function allInserts(n: number): string {
  return new Array<string>(n).fill('+I').join(',');
}

/** A batch as pieces of at most BLOCK_ROWS rows and BLOCK_CHARS bytes (one row may be larger): the batch itself when it fits. */
function piecesOf(b: OutputBatch): OutputBatch[] {
  if (b.n <= BLOCK_ROWS && (b.rows.byteLength <= BLOCK_CHARS || b.n === 1)) return [b];
  const rows = rowsOfBatch(b);
  const ops = b.ops === null ? null : b.ops.split(',');
  const half = Math.min(BLOCK_ROWS, Math.ceil(b.n / 2));
  const out: OutputBatch[] = [];
  for (let from = 0; from < b.n; from += half) {
    const to = Math.min(b.n, from + half);
    const piece = outputBatchOf(b.view, b.firstSeq + from, rows.slice(from, to), ops === null ? null : ops.slice(from, to), b.columns);
    if (piece === null) throw new Error(`invariant: rows of an output batch of '${b.view}' no longer encode`);
    for (const p of piecesOf(piece)) out.push(p);
  }
  return out;
}

/**
 * Appends the blocks of `batches` (in the order given) in binary form to `out`: consecutive batches of
 * one view with contiguous seqs and the same columns share a block up to BLOCK_ROWS rows and BLOCK_CHARS
 * bytes. Their rows are copied as they are (no row is decoded unless a batch is larger than a block).
 */
export function binaryBlocksOf(batches: readonly OutputBatch[], out: BinaryBlock[]): void {
  // Per view, in the order given (batches of several views arrive interleaved).
  const byView = new Map<string, OutputBatch[]>();
  for (const b of batches) {
    const list = byView.get(b.view);
    if (list === undefined) byView.set(b.view, [b]);
    else list.push(b);
  }
  for (const list of byView.values()) blocksOfView(list, out);
}

function blocksOfView(batches: readonly OutputBatch[], out: BinaryBlock[]): void {
  let group: OutputBatch[] = [];
  let rows = 0;
  let bytes = 0;
  const flush = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const anyOps = group.some((g) => g.ops !== null);
    const ops = anyOps ? group.map((g) => g.ops ?? allInserts(g.n)).join(',') : null;
    out.push(binaryBlock(first.view, first.firstSeq, rows, ops, columnsBytes(first.columns), group.map((g) => g.rows)));
    group = [];
    rows = 0;
    bytes = 0;
  };
  for (const batch of batches) {
    for (const p of piecesOf(batch)) {
      const last = group.length > 0 ? group[group.length - 1]! : null;
      const joins =
        last !== null &&
        last.view === p.view &&
        last.firstSeq + last.n === p.firstSeq &&
        (last.columns === p.columns || JSON.stringify(last.columns) === JSON.stringify(p.columns)) &&
        rows + p.n <= BLOCK_ROWS &&
        bytes + p.rows.byteLength <= BLOCK_CHARS;
      if (!joins) flush();
      group.push(p);
      rows += p.n;
      bytes += p.rows.byteLength;
    }
  }
  flush();
}

/** The columns and rows of a stored binary block; a block that does not hold `n` rows is STATE_CORRUPT. */
export function decodeBinaryBlock(view: string, seq: number, n: number, bin: Uint8Array): { columns: EncoderColumn[]; rows: unknown[][] } {
  const fail = (what: string): never => {
    throw new StateError('STATE_CORRUPT', `output block of view '${view}' at seq ${seq}: ${what}`);
  };
  if (!isBinaryBlock(bin)) fail('not a binary block');
  const dv = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const len = dv.getUint32(4, true);
  if (8 + len > bin.byteLength) fail('truncated');
  let columns: EncoderColumn[];
  try {
    columns = JSON.parse(Buffer.from(bin.buffer, bin.byteOffset + 8, len).toString('utf8')) as EncoderColumn[];
  } catch {
    return fail('its columns do not parse');
  }
  if (!Array.isArray(columns)) fail('its columns are not a list');
  const rows: unknown[][] = [];
  let at = pad8(8 + len);
  while (at < bin.byteLength) {
    if (at + 8 > bin.byteLength) fail('truncated');
    const size = dv.getUint32(at, true);
    if (at + 8 + size > bin.byteLength) fail('truncated');
    for (const r of decodeInputBatch(bin.subarray(at + 8, at + 8 + size))) rows.push(r);
    at += 8 + pad8(size);
  }
  if (rows.length !== n) fail(`holds ${rows.length} rows, not ${n}`);
  return { columns, rows };
}

/** The JSON texts of a stored binary block's rows (what a text block of them holds). */
export function textsOfBinaryBlock(view: string, seq: number, n: number, bin: Uint8Array): string[] {
  const { columns, rows } = decodeBinaryBlock(view, seq, n, bin);
  const encode = encoderOf(columns);
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = encode(rows[i]!);
  return out;
}

/** A stored binary block without its first `drop` rows (a trim that ends inside it), in binary form again. */
export function dropFromBinaryBlock(view: string, seq: number, n: number, bin: Uint8Array, drop: number): Uint8Array {
  const { columns, rows } = decodeBinaryBlock(view, seq, n, bin);
  const kept = encodeInputBatch(rows.slice(drop), columns.length);
  if (kept === null) throw new Error(`invariant: rows of an output block of '${view}' no longer encode`);
  return binaryBlockBytes(binaryBlock(view, seq + drop, n - drop, null, columnsBytes(columns), [kept]));
}

/**
 * Bytes row `i` of a binary block of `n` rows and `total` stored bytes counts for the output log's byte
 * budget: the stored bytes shared out over its rows (they add up to `total`).
 */
export function binaryRowBytes(total: number, n: number, i: number): number {
  return Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n);
}
