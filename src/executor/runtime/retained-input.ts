/**
 * A source's retained input: its last rows (at least `retainRows`, at most twice that; whole batches
 * are dropped from the front, also once the batches' input bytes reach `retainBytes`, down to half of
 * it), each row with the watermark it arrived under, and the source's watermark moves between them. A query created later with `scan.startup.mode = 'earliest'` is fed these, so it
 * computes what it would have computed had it existed before them (docs/connectors.md).
 *
 *   entries:  [batch r1..r3] 5 [batch r4] 9 [batch r5..r8] ...      (numbers: watermark moves)
 *
 * A batch is kept in columns, not as its row arrays (PackedBatch): numbers (and NULLs among them) in a
 * Float64Array, a column of text as one joined string and the lengths, anything else as its values. The
 * row arrays kept alive for the next 100,000–200,000 rows outlived every young-generation collection,
 * so V8 promoted each pushed row (with its boxed numbers) and the old generation filled with them: on
 * TUMBLE over 100k keys, half of what the old generation received. Rows are built again when read (a
 * new 'earliest' query), equal to the pushed ones, not the same arrays.
 * A pushed batch the input log already holds in binary form (state/input-batch.ts) keeps that form as
 * its columns, so a durable push does not pack its rows twice.
 */
import type { RowOp } from '../api.js';
import type { Batch, Emitter, Row } from '../operator.js';
import { freeBuffers } from '../../util/free-buffers.js';
import { decodeInputBatch } from '../state/input-batch.js';

/** A retained batch, with the input-log offset it came from (pushed sources in durable mode; else 0). */
export interface RetainedBatch {
  /** Its rows, change kinds and arrival watermarks (built again on each read). */
  readonly batch: Batch;
  /** Rows in the batch. */
  readonly n: number;
  readonly input: number;
  /** Bytes of the input the batch came from (the JSON text of a pushed batch; 0 when not known). */
  readonly bytes: number;
}

const OPS: readonly RowOp[] = ['+I', '-U', '+U', '-D'];
const OP_CODE: Readonly<Record<RowOp, number>> = { '+I': 0, '-U': 1, '+U': 2, '-D': 3 };

/** One column of a packed batch: numbers (NULL where `nulls` says so), joined text, or the values. */
type PackedColumn =
  | { readonly num: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly text: string; readonly lens: Uint32Array }
  | { readonly values: unknown[] };

/**
 * The buffers of the batches the last trim dropped, by byte length, for the batches retained next: a
 * steady stream of same-sized batches allocates no new column memory, and what it drops is neither
 * garbage for V8 (it had promoted them: dead, they stayed resident until a full collection, tens of MB
 * on TUMBLE over 100k keys, more the longer the run had gone since the last one) nor freed one by one.
 * Bounded by what one trim drops; what the next trim finds unused is given back (util/free-buffers.ts).
 */
class BufferPool {
  private free = new Map<number, ArrayBuffer[]>();

  /** A buffer of exactly `bytes` from the pool, or a new one (zero-filled when `zeroed`). */
  take(bytes: number, zeroed: boolean): ArrayBuffer {
    const b = this.free.get(bytes)?.pop();
    if (b === undefined) return new ArrayBuffer(bytes);
    if (zeroed) new Uint8Array(b).fill(0);
    return b;
  }

  /** The pool is now `buffers` (the dropped batches'); what was left of the last one is given back. */
  refill(buffers: readonly ArrayBufferLike[]): void {
    const left: ArrayBuffer[] = [];
    for (const l of this.free.values()) for (const b of l) left.push(b);
    freeBuffers(left);
    this.free = new Map();
    for (const b of buffers) {
      if (!(b instanceof ArrayBuffer)) continue;
      let l = this.free.get(b.byteLength);
      if (l === undefined) this.free.set(b.byteLength, (l = []));
      l.push(b);
    }
  }
}

/** Batches packed before any trim (no pool yet) allocate as usual. */
const NO_POOL = new BufferPool();

function packColumn(rows: readonly Row[], j: number, pool: BufferPool): PackedColumn {
  const n = rows.length;
  let numbers = true;
  let texts = true;
  let hasNull = false;
  for (let i = 0; i < n && (numbers || texts); i++) {
    const v = rows[i]![j];
    if (typeof v === 'number') texts = false;
    else if (typeof v === 'string') numbers = false;
    else if (v === null) {
      texts = false;
      hasNull = true;
    } else numbers = texts = false;
  }
  if (numbers) {
    const num = new Float64Array(pool.take(8 * n, false));
    const nulls = hasNull ? new Uint8Array(pool.take(n, true)) : null;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![j];
      if (v === null) nulls![i] = 1;
      else num[i] = v as number;
    }
    return { num, nulls };
  }
  if (texts) {
    const lens = new Uint32Array(pool.take(4 * n, false));
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i]![j] as string;
      parts[i] = v;
      lens[i] = v.length;
    }
    return { text: parts.join(''), lens };
  }
  const values = new Array<unknown>(n);
  for (let i = 0; i < n; i++) values[i] = rows[i]![j];
  return { values };
}

function unpackColumn(c: PackedColumn, rows: Row[], j: number): void {
  const n = rows.length;
  if ('num' in c) {
    const { num, nulls } = c;
    for (let i = 0; i < n; i++) rows[i]![j] = nulls !== null && nulls[i] === 1 ? null : num[i]!;
  } else if ('text' in c) {
    const { text, lens } = c;
    for (let i = 0, at = 0; i < n; i++) {
      const end = at + lens[i]!;
      rows[i]![j] = text.slice(at, end);
      at = end;
    }
  } else for (let i = 0; i < n; i++) rows[i]![j] = c.values[i];
}

/**
 * A retained batch in columns (see the header). Rows of different widths (never from one source's
 * decoder) are kept as they are.
 */
class PackedBatch implements RetainedBatch {
  readonly n: number;
  private readonly width: number;
  private readonly columns: PackedColumn[] | null;
  private readonly rows: Row[] | null;
  /** The rows in the input log's binary form, when the log made it (then neither `columns` nor `rows`). */
  private readonly encoded: Uint8Array | null;
  private readonly ops: Uint8Array | null;
  private readonly wms: Float64Array | null;

  constructor(
    batch: Batch,
    readonly input: number,
    readonly bytes: number,
    encoded: Uint8Array | null,
    pool: BufferPool = NO_POOL,
  ) {
    const rows = batch.rows;
    const n = (this.n = rows.length);
    const width = n === 0 ? 0 : rows[0]!.length;
    let same = encoded === null;
    for (let i = 1; i < n && same; i++) same = rows[i]!.length === width;
    this.width = width;
    this.encoded = encoded;
    if (encoded !== null) {
      this.rows = null;
      this.columns = null;
    } else if (same) {
      this.rows = null;
      this.columns = [];
      for (let j = 0; j < width; j++) this.columns.push(packColumn(rows, j, pool));
    } else {
      this.rows = rows;
      this.columns = null;
    }
    const ops = batch.ops;
    if (ops === null) this.ops = null;
    else {
      this.ops = new Uint8Array(pool.take(n, false));
      for (let i = 0; i < n; i++) this.ops[i] = OP_CODE[ops[i]!];
    }
    const wms = batch.wms;
    if (wms === null) this.wms = null;
    else {
      this.wms = new Float64Array(pool.take(8 * n, false));
      for (let i = 0; i < n; i++) this.wms[i] = wms[i]!;
    }
  }

  /**
   * The buffers this batch owns (its columns, change kinds and watermarks, or its binary form), for
   * the pool (BufferPool) once it is dropped. The binary form was handed to the input log too, which copies it
   * as it appends (state/input-log.ts): only a buffer the form fills whole is taken.
   */
  ownBuffers(into: ArrayBufferLike[]): void {
    const enc = this.encoded;
    if (enc !== null && enc.byteOffset === 0 && enc.byteLength === enc.buffer.byteLength) into.push(enc.buffer);
    for (const c of this.columns ?? []) {
      if ('num' in c) {
        into.push(c.num.buffer);
        if (c.nulls !== null) into.push(c.nulls.buffer);
      } else if ('lens' in c) into.push(c.lens.buffer);
    }
    if (this.ops !== null) into.push(this.ops.buffer);
    if (this.wms !== null) into.push(this.wms.buffer);
  }

  get batch(): Batch {
    const n = this.n;
    let rows = this.rows;
    if (this.encoded !== null) rows = decodeInputBatch(this.encoded);
    else if (rows === null) {
      rows = new Array<Row>(n);
      for (let i = 0; i < n; i++) rows[i] = new Array<unknown>(this.width);
      const columns = this.columns!;
      for (let j = 0; j < columns.length; j++) unpackColumn(columns[j]!, rows, j);
    }
    const ops = this.ops === null ? null : Array.from(this.ops, (c) => OPS[c]!);
    return { rows, ops, wms: this.wms === null ? null : Array.from(this.wms) };
  }
}

type Entry = RetainedBatch | number;

/** The buffers of the first `n` entries' batches, which are being dropped (no reader keeps an entry: a replay reads them while retained). */
function ownBuffersOf(entries: readonly Entry[], n: number): ArrayBufferLike[] {
  const buffers: ArrayBufferLike[] = [];
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (e instanceof PackedBatch) e.ownBuffers(buffers);
  }
  return buffers;
}

/**
 * Rows read again (one split, in arrival order) from watermark `wm`: each row's arrival watermark (the
 * running max of the WATERMARK expression over the rows before it) and the watermark after the last.
 */
export function arrivalWatermarks(rows: readonly Row[], wm: number, wmFn: ((row: Row) => unknown) | null): { wms: number[] | null; after: number } {
  if (wmFn === null) return { wms: null, after: wm };
  const wms = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    wms[i] = wm;
    const w = wmFn(rows[i]!) as number | null;
    if (w !== null && w > wm) wm = w;
  }
  return { wms, after: wm };
}

export class RetainedInput {
  readonly entries: Entry[] = [];
  private rows = 0;
  private bytes = 0;
  /** Rows dropped from the front (a new 'earliest' query cannot see them). */
  dropped = 0;
  retainRows = 100_000;
  /** A pushed source's retained input is bounded by its bytes too (limits.input_log_bytes). */
  retainBytes = Infinity;
  /** What the last trim dropped, for the next batches (BufferPool). */
  private readonly pool = new BufferPool();

  /**
   * Keeps a batch; returns the entry that holds it (null when nothing is retained), for `replay`'s `skip`.
   * `encoded`: its rows in the input log's binary form (state/input-batch.ts), when the log already made
   * it: kept as the batch's columns instead of packing the rows a second time.
   */
  add(batch: Batch, input: number, bytes = 0, encoded: Uint8Array | null = null): RetainedBatch | null {
    if (this.retainRows <= 0) return null;
    const entry = new PackedBatch(batch, input, bytes, encoded, this.pool);
    this.entries.push(entry);
    this.rows += batch.rows.length;
    this.bytes += bytes;
    this.trim();
    return entry;
  }

  /** A watermark move; moves with no rows between them are one (the last), so a quiet source does not grow it. */
  watermark(wm: number): void {
    if (this.retainRows <= 0) return;
    const h = this.entries;
    if (h.length > 0 && typeof h[h.length - 1] === 'number') h[h.length - 1] = wm;
    else h.push(wm);
  }

  /** Drops everything retained (a watermark reset: the old arrival watermarks no longer hold). */
  clear(): void {
    for (const e of this.entries) if (typeof e !== 'number') this.dropped += e.n;
    this.pool.refill(ownBuffersOf(this.entries, this.entries.length));
    this.entries.length = 0;
    this.rows = 0;
    this.bytes = 0;
  }

  /** The input-log offset of the oldest retained batch; null when nothing is retained. */
  oldestInput(): number | null {
    for (const e of this.entries) if (typeof e !== 'number') return e.input;
    return null;
  }

  /** Takes every entry out (to put older input before them with `rebuild`, then `reattach`). */
  detach(): { entries: Entry[]; rows: number; bytes: number } {
    const out = { entries: this.entries.splice(0), rows: this.rows, bytes: this.bytes };
    this.rows = 0;
    this.bytes = 0;
    return out;
  }

  reattach(later: { entries: Entry[]; rows: number; bytes: number }): void {
    for (const e of later.entries) this.entries.push(e);
    this.rows += later.rows;
    this.bytes += later.bytes;
    this.trim();
  }

  /**
   * Retains batches of an earlier run (read back from the input log or a file), each row with the
   * arrival watermark the running max of `wmFn` gives from the first of them on; a number is a logged
   * watermark move (an explicit `advanceWatermark`) between them.
   */
  rebuild(batches: readonly ({ readonly rows: Row[]; readonly ops: RowOp[] | null; readonly input: number; readonly bytes?: number } | number)[], wmFn: ((row: Row) => unknown) | null): void {
    let wm = -Infinity;
    for (const b of batches) {
      if (typeof b === 'number') {
        if (b > wm) this.watermark((wm = b));
        continue;
      }
      const { rows, ops, input } = b;
      if (rows.length === 0) continue;
      const before = wm;
      const { wms, after } = arrivalWatermarks(rows, wm, wmFn);
      wm = after;
      this.add({ rows, ops, wms }, input, b.bytes ?? 0);
      if (wm > before) this.watermark(wm);
    }
  }

  /** Feeds the retained input to one reader (but `skip`, a batch it gets live), then the source's current watermark. */
  replay(to: Emitter, wm: number, skip: RetainedBatch | null = null): void {
    for (const e of this.entries) {
      if (typeof e === 'number') to.watermark(e);
      else if (e !== skip) to.data(e.batch);
    }
    if (wm > -Infinity) to.watermark(wm);
  }

  /**
   * Trims whole batches once twice the retention (rows) or the byte budget is held, down to the
   * retention and half the budget: O(1) per batch on the hot path.
   */
  private trim(): void {
    if (this.rows <= 2 * this.retainRows && this.bytes <= this.retainBytes) return;
    const h = this.entries;
    let i = 0;
    let dropped = 0;
    let bytes = 0;
    for (; i < h.length && (this.rows - dropped > this.retainRows || this.bytes - bytes > this.retainBytes / 2); i++) {
      const e = h[i]!;
      if (typeof e === 'number') continue;
      dropped += e.n;
      bytes += e.bytes;
    }
    this.pool.refill(ownBuffersOf(h, i));
    h.splice(0, i);
    this.rows -= dropped;
    this.bytes -= bytes;
    this.dropped += dropped;
  }
}
