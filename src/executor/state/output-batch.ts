/**
 * Output rows on their way to the durable output log as values, not text: the commit thread makes
 * their JSON and their blocks (output-block.ts), the event loop does not.
 *
 * Why: with a state file, every output row was encoded to its JSON text on the event loop for the
 * output log — about 1 µs per row of a windowed aggregate (window_start and window_end as ISO text),
 * where processing the event that made it costs about as much: a HOP over 100k keys emits ~2 rows per
 * event, and this encoding was nearly all that separated the durable run from the in-memory one. Now
 * an emitted batch with nobody reading its text on the event loop crosses to the commit thread as its
 * rows in the binary form of input-batch.ts (a few ns per value) with the view's columns; the commit
 * thread encodes each row with the same encoder (values.ts makeRowJsonEncoder, from the same columns),
 * so the blocks it stores are the ones the event loop would have made.
 */
import { makeRowJsonEncoder, type EncoderColumn } from '../values.js';
import { decodeInputBatch, encodeInputBatch } from './input-batch.js';
import { makeRowBytesWriter, type RowBytesWriter } from '../row-json-bytes.js';
import { blocksOf, byteBlocksOf, joinOps, toBytes, type PendingBlock } from './output-block.js';

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

/** The byte writer of a batch's rows (row-json-bytes.ts: the bytes of the encoder's text). */
const writerOf: (columns: readonly EncoderColumn[]) => RowBytesWriter = perColumns(makeRowBytesWriter);

/**
 * Appends the blocks of a batch's rows to `out`, as bytes: written straight from the rows (the text the
 * view's encoder writes) when it is all ASCII, else from that text.
 */
export function blocksOfBatch(b: OutputBatch, out: PendingBlock[]): void {
  const rows = rowsOfBatch(b);
  if (rows.length !== b.n) throw new Error(`invariant: an output batch of '${b.view}' holds ${rows.length} rows, not ${b.n}`);
  const ops = b.ops === null ? null : b.ops.split(',');
  const bytes = byteBlocksOf(writerOf(b.columns), b.view, b.firstSeq, rows, ops);
  if (bytes !== null) {
    for (const x of bytes) out.push(x);
    return;
  }
  const encode = encoderOf(b.columns);
  const texts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) texts[i] = encode(rows[i]!);
  for (const m of blocksOf(b.view, b.firstSeq, texts, ops, 0, texts.length, true)) out.push(toBytes(m));
}
