/**
 * The binary form of a pushed batch in the input log (input-log.ts, version 3): the batch's decoded rows
 * (the source's columns, in schema order) by column, instead of the JSON text of the objects that were
 * pushed.
 *
 * Why: with a state file every `engine.push` logged `JSON.stringify(rows)` before processing them, and
 * that text cost about as much CPU as processing the rows in memory (0.3–0.45 µs per row of three
 * fields, out of ~0.7 µs for the whole in-memory TUMBLE). Decoded rows are arrays of engine values;
 * a column of numbers is copied into a Float64Array, which takes a few ns per value and keeps every double
 * exactly (NaN, ±Infinity, -0), and any other column is one text in the state codec (value-codec.ts),
 * which reads back every engine value as it was. A batch is logged this way only when every row of it
 * decoded and none was rejected (engine.ts): then its decoded rows are all that processing it, or
 * replaying it after a restart, needs. Otherwise the pushed objects are logged as JSON, as before.
 *
 * Layout (little-endian):
 *
 *   0   u32  MAGIC ("TQB" and the form's version 1)
 *   4   u32  rows
 *   8   u32  columns
 *   12  per column: u8 kind, 3 bytes padding, u32 byte length of its data; data from the next multiple of 8
 *         kind 0  rows × f64
 *         kind 1  rows × f64 (0 where null), then ⌈rows / 8⌉ bytes: bit i set = row i is NULL
 *         kind 2  UTF-8 of the column's values as one state-codec text (a JSON array)
 *         kind 3  f64 base, then rows × i32: value = base + i32 (a column of integers close together:
 *                 keys, event times; half the bytes of kind 0, so a cheaper insert)
 *
 * SQLite stores it as a BLOB in the entry's column, where version 2 stored TEXT: a reader tells them
 * apart by type, so entries written before an upgrade replay as they are.
 */
import { StateError } from './errors.js';
import { decodeStateValue, encodeStateValue } from './value-codec.js';

const MAGIC = 0x01425154; // "TQB\x01"
const NUMBERS = 0;
const NUMBERS_OR_NULL = 1;
const VALUES = 2;
const INTEGERS = 3;
const HEADER = 12;
const COLUMN_HEADER = 8;

const pad8 = (n: number): number => (n + 7) & ~7;

/** Doubles are copied in the platform's byte order and read back little-endian: big-endian platforms log JSON. */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** How a column is stored: its kind, its data's byte length, and the base (INTEGERS) or text bytes (VALUES). */
interface ColumnPlan {
  kind: number;
  len: number;
  base: number;
  text: Uint8Array | null;
}

/**
 * A numeric column's values as read by its plan (numberPlan): the doubles (0 at a NULL), the int32
 * offsets from the base while the column still fits INTEGERS, and the NULL bitmap. Writing the column
 * is then a copy of one of these; reading every row a second time (a load of the row, of the value, and
 * its unboxing, per value) was about a third of encoding a batch. One set per column position, reused
 * by every batch (grown as needed): the encoder never runs on two batches at once.
 */
interface NumberScratch {
  f: Float64Array;
  d: Int32Array;
  nulls: Uint8Array;
}
const scratch: NumberScratch[] = [];

function scratchFor(c: number, n: number): NumberScratch {
  let s = scratch[c];
  if (s === undefined || s.f.length < n) {
    const cap = Math.max(1024, n);
    scratch[c] = s = { f: new Float64Array(cap), d: new Int32Array(cap), nulls: new Uint8Array((cap + 7) >>> 3) };
  }
  return s;
}

/**
 * The binary form of `rows` (each an array of `width` engine values), or null when a row has another
 * width or a value the state codec refuses (the caller then logs the pushed JSON). Numbers are written
 * straight into the one buffer returned (no temporary arrays: their backing stores count as external
 * memory, which makes V8 collect sooner), from the values their plan read (NumberScratch).
 */
export function encodeInputBatch(rows: readonly (readonly unknown[])[], width: number): Buffer | null {
  if (!LITTLE_ENDIAN) return null;
  const n = rows.length;
  for (let i = 0; i < n; i++) if (rows[i]!.length !== width) return null;
  const plans = new Array<ColumnPlan>(width);
  let size = HEADER;
  for (let c = 0; c < width; c++) {
    const plan = numberPlan(rows, c) ?? valuePlan(rows, c);
    if (plan === null) return null;
    plans[c] = plan;
    size = pad8(size + COLUMN_HEADER) + pad8(plan.len);
  }
  // Zeroed (the padding is part of the stored bytes); not from the pool, so 8-byte aligned; a Buffer binds as a BLOB.
  const out = Buffer.alloc(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, n, true);
  view.setUint32(8, width, true);
  let at = HEADER;
  for (let c = 0; c < width; c++) {
    const p = plans[c]!;
    view.setUint8(at, p.kind);
    view.setUint32(at + 4, p.len, true);
    at = pad8(at + COLUMN_HEADER);
    const o = out.byteOffset + at;
    switch (p.kind) {
      case INTEGERS:
        view.setFloat64(at, p.base, true);
        new Int32Array(out.buffer, o + 8, n).set(scratch[c]!.d.subarray(0, n));
        break;
      case NUMBERS:
        new Float64Array(out.buffer, o, n).set(scratch[c]!.f.subarray(0, n));
        break;
      case NUMBERS_OR_NULL: {
        const s = scratch[c]!;
        new Float64Array(out.buffer, o, n).set(s.f.subarray(0, n)); // 0 at a NULL
        out.set(s.nulls.subarray(0, (n + 7) >>> 3), at + 8 * n);
        break;
      }
      default:
        out.set(p.text!, at);
    }
    at += pad8(p.len);
  }
  return out;
}

/**
 * How column `c` is stored when every value is a number or null: as int32 offsets from its first value
 * when every value is that base + an int32 exactly (-0 excluded), else as doubles (with a NULL bitmap
 * when it has NULLs); null when some value is not a number. Its values are left in the column's
 * NumberScratch, from which encodeInputBatch writes them.
 */
function numberPlan(rows: readonly (readonly unknown[])[], c: number): ColumnPlan | null {
  const n = rows.length;
  const first = n > 0 ? rows[0]![c] : null;
  const base = typeof first === 'number' ? first : 0;
  let ints = typeof first === 'number';
  let nulls = false;
  const { f, d, nulls: bits } = scratchFor(c, n);
  for (let i = 0; i < n; i++) {
    const v = rows[i]![c];
    if (typeof v === 'number') {
      f[i] = v;
      if (!ints) continue;
      const x = v - base;
      // Exact both ways: the decoder computes base + x in the same arithmetic.
      if ((x | 0) !== x || base + x !== v || (v === 0 && 1 / v < 0)) ints = false;
      else d[i] = x;
    } else if (v === null) {
      if (!nulls) bits.fill(0, 0, (n + 7) >>> 3);
      f[i] = 0;
      bits[i >>> 3]! |= 1 << (i & 7);
      ints = false;
      nulls = true;
    } else return null;
  }
  if (ints) return { kind: INTEGERS, len: 8 + 4 * n, base, text: null };
  return nulls ? { kind: NUMBERS_OR_NULL, len: 8 * n + ((n + 7) >>> 3), base: 0, text: null } : { kind: NUMBERS, len: 8 * n, base: 0, text: null };
}

/** Column `c` as one state-codec text; null when a value has no codec. */
function valuePlan(rows: readonly (readonly unknown[])[], c: number): ColumnPlan | null {
  const values = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = rows[i]![c];
  let text: string;
  try {
    text = encodeStateValue(values);
  } catch (err) {
    if (err instanceof StateError) return null;
    throw err;
  }
  const bytes = Buffer.from(text, 'utf8');
  return { kind: VALUES, len: bytes.byteLength, base: 0, text: bytes };
}

/** Whether a logged entry is a binary batch (a BLOB that starts with the magic). */
export function isInputBatch(entry: unknown): entry is Uint8Array {
  return entry instanceof Uint8Array && entry.byteLength >= HEADER && new DataView(entry.buffer, entry.byteOffset, HEADER).getUint32(0, true) === MAGIC;
}

/** The rows of a binary batch (new arrays, as the source's decoder would have made them). */
export function decodeInputBatch(entry: Uint8Array): unknown[][] {
  const fail = (what: string): never => {
    throw new StateError('STATE_CORRUPT', `input log entry: ${what}`);
  };
  if (!isInputBatch(entry)) fail('not a binary batch');
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const n = view.getUint32(4, true);
  const width = view.getUint32(8, true);
  const rows = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) rows[i] = new Array<unknown>(width);
  let at = HEADER;
  for (let c = 0; c < width; c++) {
    if (at + COLUMN_HEADER > entry.byteLength) fail('truncated');
    const kind = view.getUint8(at);
    const len = view.getUint32(at + 4, true);
    at = pad8(at + COLUMN_HEADER);
    if (at + len > entry.byteLength) fail('truncated');
    if (kind === NUMBERS || kind === NUMBERS_OR_NULL) {
      if (len !== 8 * n + (kind === NUMBERS ? 0 : (n + 7) >>> 3)) fail(`column ${c} has ${len} bytes for ${n} rows`);
      for (let i = 0; i < n; i++) rows[i]![c] = view.getFloat64(at + 8 * i, true);
      if (kind === NUMBERS_OR_NULL) {
        const bits = at + 8 * n;
        for (let i = 0; i < n; i++) if ((view.getUint8(bits + (i >>> 3)) & (1 << (i & 7))) !== 0) rows[i]![c] = null;
      }
    } else if (kind === INTEGERS) {
      if (len !== 8 + 4 * n) fail(`column ${c} has ${len} bytes for ${n} rows`);
      const base = view.getFloat64(at, true);
      for (let i = 0; i < n; i++) rows[i]![c] = base + view.getInt32(at + 8 + 4 * i, true);
    } else if (kind === VALUES) {
      const values = decodeStateValue(Buffer.from(entry.buffer, entry.byteOffset + at, len).toString('utf8'));
      if (!Array.isArray(values) || values.length !== n) fail(`column ${c} does not hold ${n} values`);
      for (let i = 0; i < n; i++) rows[i]![c] = (values as unknown[])[i];
    } else fail(`column ${c} has an unknown kind ${kind}`);
    at += pad8(len);
  }
  return rows;
}
