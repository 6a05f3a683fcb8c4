/**
 * A view's output rows written straight to UTF-8 JSON bytes, for the two places that send or store many
 * rows at once: a subscriber's `rows` message (`{"seq":1,"op":"+I","row":{...}},...`, the server wraps
 * it) and a block of the durable output log (rows' JSON joined with '\n', state/output-block.ts).
 *
 * Why bytes: per row, the JSON text (makeRowJsonEncoder) is ~10 string concatenations, the message a few
 * more, and V8 then flattens those trees and copies them again as UTF-8: on a window firing 100k rows
 * that was most of the cost of sending it. Here a function generated per schema writes each row into a
 * byte buffer: the keys and punctuation as literal byte stores, an integer digit by digit; anything else
 * (a fraction, text, a TIMESTAMP) as the string the text encoder makes for it, copied one character at
 * a time while it is ASCII, by Buffer#write once it is not. So no string is made per row for integers,
 * and none per message at all.
 *
 * The bytes are exactly the UTF-8 of what the text encoder writes (`encodeJson(row)`; a message's text
 * is that of `JSON.stringify({seq, op, row})` per row), property-tested in test/executor/row-json-bytes.
 * A write that would run past the buffer's end returns -1 and leaves the bytes past `o` undefined: the
 * caller writes again into a larger buffer.
 */
import { jsonEncoder, makeRowJsonEncoder, plainJsonKeys, type EncoderColumn } from './values.js';
import type { RowOp } from './api.js';

export interface RowBytesWriter {
  /**
   * Rows from..end−1 as `{"seq":…,"op":…,"row":…}` objects separated by ',' at `o` (row i has seq
   * `firstSeq + i`, op `ops?.[i] ?? '+I'`): the end offset, or -1 if `b` is too small.
   */
  rows(b: Buffer, o: number, rows: readonly (readonly unknown[])[], ops: readonly RowOp[] | null, from: number, end: number, firstSeq: number): number;
  /**
   * Rows' JSON joined with '\n' from row `from`, up to `end` and at most `maxBytes` bytes of rows (at
   * least one row): the end offset (-1 if `b` is too small); `blockEnd` is then the first row left out.
   * `ascii` says whether every byte written since `resetAscii` was ASCII.
   */
  block(b: Buffer, o: number, rows: readonly (readonly unknown[])[], from: number, end: number, maxBytes: number, ends?: Int32Array): number;
  blockEnd: number;
  ascii: boolean;
}

/** Bytes a value other than text can take at most (`-1.2345678901234567e-308`, an integer of 10 digits and a sign). */
const NUMBER_MAX = 32;

/**
 * The writer of one output schema's rows (the view's columns, as its text encoder takes them). Generated
 * once per view; the values of one TIMESTAMP column are remembered as the text encoder remembers them.
 */
export function makeRowBytesWriter(columns: readonly EncoderColumn[]): RowBytesWriter {
  const state = { ascii: true };
  const text = (b: Buffer, o: number, s: string): number => {
    const n = s.length;
    if (o + 3 * n > b.length) return -1;
    if (n > 64) {
      const w = b.write(s, o);
      if (w !== n) state.ascii = false;
      return o + w;
    }
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) {
        state.ascii = false;
        return o + b.write(s, o);
      }
      b[o + i] = c;
    }
    return o + n;
  };
  let body: string;
  let decls = '';
  let fns: unknown[];
  if (!plainJsonKeys(columns)) {
    // Keys JSON.stringify would reorder or merge: the text encoder goes through the object, and so does this.
    fns = [makeRowJsonEncoder(columns)];
    body = '  o = text(b, o, f[0](row));\n  if (o < 0) return -1;\n';
  } else {
    const lines: string[] = [];
    fns = columns.map((c) => jsonEncoder(c.type));
    let reserve = 1;
    columns.forEach((c, i) => {
      const key = Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
      reserve += key.length + NUMBER_MAX;
      lines.push(literal(key));
      lines.push(`  v = row[${i}];`);
      if (c.type.name === 'TIMESTAMP' || c.type.name === 'DATE' || c.type.name === 'TIME') {
        // The last value's text as bytes (a window's rows share window_start and window_end); the
        // value is compared as it is, not passed anywhere, so a double read from the row stays unboxed.
        decls += `let last${i} = NaN, bytes${i} = null;\n`;
        lines.push(`  if (v !== last${i} || bytes${i} === null) { bytes${i} = memo(f[${i}](v)); last${i} = v; }
  if (bytes${i}.ascii) {
    const w = bytes${i}.words, t = bytes${i}.bytes, n = t.length;
    if (o + n > b.length) return -1;
${unrolledCopy()}
    o += n;
  }
  else { o = text(b, o, bytes${i}.text); if (o < 0) return -1; }`);
      } else {
        // Types whose text encoder writes a finite number as itself: an int32, or one or two decimals
        // whose shortest text is that (see writeDecimal), digit by digit; any other value as its text.
        lines.push(`  if (typeof v === 'number') {
    if ((v | 0) === v) o = int(b, o, v);
    else if ((m = v * 10, (m | 0) === m && m !== -2147483648 && m / 10 === v)) o = dec(b, o, m, 1);
    else if ((m = v * 100, (m | 0) === m && m !== -2147483648 && m / 100 === v)) o = dec(b, o, m, 2);
    else { o = text(b, o, f[${i}](v)); if (o < 0) return -1; }
  } else { o = text(b, o, f[${i}](v)); if (o < 0) return -1; }`);
      }
    });
    if (columns.length === 0) lines.push(literal(Buffer.from('{')));
    lines.push(literal(Buffer.from('}')));
    body = `  if (o + ${reserve} > b.length) return -1;\n  let v, m;\n${lines.join('\n')}\n`;
  }
  const src = `'use strict';
${decls}return function writeRow(b, dv, o, row) {
${body}  return o;
};`;
  const writeRow = new Function('f', 'text', 'int', 'dec', 'memo', src)(fns, text, writeInt, writeDecimal, memoBytes) as (b: Buffer, dv: DataView, o: number, row: readonly unknown[]) => number;
  const seqKey = Buffer.from('{"seq":');
  const opKey = Buffer.from(',"op":"');
  const rowKey = Buffer.from('","row":');
  // Rows without ops are all +I (an append-only view): what goes between seq and row is one literal.
  const insertKeys = Buffer.from(',"op":"+I","row":');
  const rowsSrc = `'use strict';
return function writeRows(b, o, rows, ops, from, end, firstSeq) {
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = from; i < end; i++) {
    if (o + ${seqKey.length + opKey.length + rowKey.length + NUMBER_MAX + 4} > b.length) return -1;
    if (i !== from) b[o++] = 44;
${literal(seqKey)}
    const seq = firstSeq + i;
    if ((seq | 0) === seq) o = int(b, o, seq);
    else { o = text(b, o, '' + seq); if (o < 0) return -1; }
    if (ops === null) {
${literal(insertKeys)}
    } else {
${literal(opKey)}
      const op = ops[i];
      b[o] = op.charCodeAt(0);
      b[o + 1] = op.charCodeAt(1);
      o += 2;
${literal(rowKey)}
    }
    o = writeRow(b, dv, o, rows[i]);
    if (o < 0) return -1;
    b[o++] = 125;
  }
  return o;
};`;
  const writeRows = new Function('writeRow', 'text', 'int', rowsSrc)(writeRow, text, writeInt) as RowBytesWriter['rows'];
  const writer: RowBytesWriter = {
    rows: writeRows,
    block(b, o, rows, from, end, maxBytes, ends) {
      const dv = new DataView(b.buffer, b.byteOffset, b.length);
      let bytes = 0;
      let i = from;
      for (; i < end; i++) {
        const at = i === from ? o : o + 1;
        const next = writeRow(b, dv, at, rows[i]!);
        if (next < 0) return -1;
        // A row that would take the block past maxBytes starts the next one (unless it is the first).
        if (i !== from && bytes + (next - at) > maxBytes) break;
        if (i !== from) b[o] = 10;
        bytes += next - at;
        o = next;
        if (ends !== undefined) ends[i] = o;
      }
      writer.blockEnd = i;
      return o;
    },
    blockEnd: 0,
    get ascii() {
      return state.ascii;
    },
    set ascii(v: boolean) {
      state.ascii = v;
    },
  };
  return writer;
}

/** Literal bytes at `o` (a generated statement per byte: no loop, no lookup). */
function literal(bytes: Uint8Array): string {
  let s = '    ';
  let i = 0;
  // Four bytes a store where there are four (little-endian words through the buffer's DataView).
  for (; i + 4 <= bytes.length; i += 4) s += `dv.setUint32(o + ${i}, ${(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0}, true); `;
  for (; i < bytes.length; i++) s += `b[o + ${i}] = ${bytes[i]}; `;
  return `${s}o += ${bytes.length};`;
}

/** Words a remembered text is copied by in straight-line stores (a TIMESTAMP(3)'s quoted text is 7); longer ones by a loop. */
const UNROLLED_WORDS = 8;

/**
 * Generated statements copying a remembered text's bytes `t` (whole words `w`, `n` bytes) to `o`: a
 * switch falling through stores at constant offsets (a loop's bounds checks and branches per word cost
 * as much as the row's other columns together), then the last 0–3 bytes.
 */
function unrolledCopy(): string {
  let s = `    switch (w.length) {\n      default: for (let k = ${UNROLLED_WORDS}; k < w.length; k++) dv.setUint32(o + 4 * k, w[k], true);\n`;
  for (let k = UNROLLED_WORDS; k >= 1; k--) s += `      case ${k}: dv.setUint32(o + ${4 * (k - 1)}, w[${k - 1}], true);\n`;
  s += `      case 0:\n    }\n`;
  s += `    for (let k = n & ~3; k < n; k++) b[o + k] = t[k];`;
  return s;
}

/** A remembered value's text, and its bytes when it is all ASCII (as a date or time always is). */
function memoBytes(text: string): { readonly text: string; readonly ascii: boolean; readonly bytes: Uint8Array; readonly words: Uint32Array } {
  const bytes = new Uint8Array(Buffer.from(text));
  // Its whole little-endian 32-bit words, written four bytes a store; the bytes after them one by one.
  const words = new Uint32Array(bytes.length >>> 2);
  for (let i = 0; i < words.length; i++) words[i] = (bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24)) >>> 0;
  return { text, ascii: bytes.length === text.length, bytes, words };
}

/**
 * `m / 10^scale` (scale 1 or 2; m an int32 other than -2^31, not a multiple of 10^scale) at `o`, as
 * `'' + v` writes the double v that the caller checked `m / 10^scale` is. That text is the shortest
 * that reads back as v (ECMAScript Number::toString): the exact decimal m / 10^scale reads back as v
 * (both are the correctly rounded m / 10^scale), and any decimal with fewer digits lies at least
 * 10^-scale from it, while |v| < 2^31 / 10 leaves v's neighbours less than 10^-7 away, so no shorter
 * one reads back as v. Below 1 it is "0.5" or "0.05"; a trailing zero is left out ("0.5", not "0.50").
 */
function writeDecimal(b: Buffer, o: number, m: number, scale: number): number {
  if (m < 0) {
    b[o++] = 45;
    m = -m;
  }
  const p = scale === 1 ? 10 : 100;
  const q = (m / p) | 0;
  const r = m - q * p;
  o = writeInt(b, o, q);
  b[o++] = 46;
  if (scale === 1) {
    b[o] = 48 + r;
    return o + 1;
  }
  const tens = (r / 10) | 0;
  const units = r - tens * 10;
  b[o] = 48 + tens;
  if (units === 0) return o + 1;
  b[o + 1] = 48 + units;
  return o + 2;
}

/** '00' … '99': two digits per division. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 48 + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = 48 + (i % 10);
}

/**
 * A 32-bit integer's decimal digits at `o` (what `'' + v` writes; -0 is 0). Divisions by a constant of
 * int32 values (`(v / 100) | 0`), which the compiler turns into multiplications.
 */
function writeInt(b: Buffer, o: number, v: number): number {
  if (v < 0) {
    if (v === -2147483648) {
      for (let i = 0; i < 11; i++) b[o + i] = MIN_INT32.charCodeAt(i);
      return o + 11;
    }
    b[o++] = 45;
    v = -v;
  }
  if (v < 10) {
    b[o] = 48 + v;
    return o + 1;
  }
  const n = v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
  let p = o + n;
  while (v >= 100) {
    const q = (v / 100) | 0;
    const r = 2 * (v - q * 100);
    b[p - 1] = DIGIT_PAIRS[r + 1]!;
    b[p - 2] = DIGIT_PAIRS[r]!;
    p -= 2;
    v = q;
  }
  if (v >= 10) {
    b[p - 1] = DIGIT_PAIRS[2 * v + 1]!;
    b[p - 2] = DIGIT_PAIRS[2 * v]!;
  } else b[p - 1] = 48 + v;
  return o + n;
}

const MIN_INT32 = '-2147483648';

/** Bytes of the buffers `framedRows` carves its messages from: one allocation for many messages. */
const SLAB_BYTES = 1 << 21;
let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

/**
 * `prefix`, rows from..end−1 as `writer.rows` writes them, and `suffix`, as one Buffer of their UTF-8
 * bytes. The Buffer is a slice of a larger one shared with the messages written before and after it
 * (allocating a buffer per message of a few dozen KB cost more than writing it), so it keeps that
 * buffer alive as long as it is held: fine for a message on its way out of a socket.
 */
export function framedRows(
  writer: RowBytesWriter,
  rows: readonly (readonly unknown[])[],
  ops: readonly RowOp[] | null,
  from: number,
  end: number,
  firstSeq: number,
  prefix: string,
  suffix: string,
): Buffer {
  const ends = 3 * (prefix.length + suffix.length);
  let need = ends + (end - from) * 128;
  for (;;) {
    if (slab.length - used < need) {
      slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, need));
      used = 0;
    }
    const b = slab;
    let o = used + b.write(prefix, used);
    o = writer.rows(b, o, rows, ops, from, end, firstSeq);
    if (o >= 0 && o + 3 * suffix.length <= b.length) {
      o += b.write(suffix, o);
      const out = b.subarray(used, o);
      used = o;
      return out;
    }
    // Too small for these rows (long text): again, in a buffer of their own twice the size.
    need = Math.max(2 * need, b.length - used + 1);
  }
}

/**
 * A batch's rows written once as JSON bytes joined with '\n' (the text of the output log's blocks), for
 * a batch that goes both to the durable log and to subscribers: the log's blocks are slices of `bytes`
 * and each message copies its rows out of it (`framedRowBytes`), so no row is written twice. Row i is
 * `bytes` from `i === 0 ? 0 : ends[i − 1] + 1` to `ends[i]`. `bytes` is reused by the next batch: read it
 * while the batch is being emitted only.
 */
export interface RowBytes {
  readonly bytes: Buffer;
  readonly ends: Int32Array;
  /** Every byte is ASCII (a ByteBlock can hold it). */
  readonly ascii: boolean;
}

/** The buffer row bytes are written to, reused from batch to batch; `joinedBusy` while a batch's are read. */
let joined = Buffer.allocUnsafeSlow(1 << 19);
let joinedBusy = false;

/** The rows' bytes; `releaseRowBytes` once the batch is emitted (a batch emitted meanwhile gets a buffer of its own). */
export function writeRowBytes(writer: RowBytesWriter, rows: readonly (readonly unknown[])[]): RowBytes {
  const ends = new Int32Array(rows.length);
  const own = joinedBusy;
  let b = own ? Buffer.allocUnsafeSlow(joined.length) : joined;
  joinedBusy = true;
  writer.ascii = true;
  let o = writer.block(b, 0, rows, 0, rows.length, Infinity, ends);
  while (o < 0) {
    b = Buffer.allocUnsafeSlow(2 * b.length);
    o = writer.block(b, 0, rows, 0, rows.length, Infinity, ends);
  }
  if (!own) joined = b;
  return { bytes: b, ends, ascii: writer.ascii };
}

export function releaseRowBytes(rb: RowBytes): void {
  if (rb.bytes === joined) joinedBusy = false;
}

const SEQ_KEY = Buffer.from('{"seq":');
const OP_KEY = Buffer.from(',"op":"');
const ROW_KEY = Buffer.from('","row":');

/** `framedRows` of rows from..end−1, their JSON copied out of `rb` (the same bytes `writer.rows` writes). */
export function framedRowBytes(rb: RowBytes, ops: readonly RowOp[] | null, from: number, end: number, firstSeq: number, prefix: string, suffix: string): Buffer {
  const { bytes: src, ends } = rb;
  const start = from === 0 ? 0 : ends[from - 1]! + 1;
  const need = 3 * (prefix.length + suffix.length) + (ends[end - 1]! - start) + (end - from) * (SEQ_KEY.length + OP_KEY.length + ROW_KEY.length + 32);
  if (slab.length - used < need) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, need));
    used = 0;
  }
  const b = slab;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const sv = new DataView(src.buffer, src.byteOffset, src.length);
  let o = used + b.write(prefix, used);
  let s = start;
  for (let i = from; i < end; i++) {
    if (i !== from) b[o++] = 44;
    for (let k = 0; k < SEQ_KEY.length; k++) b[o + k] = SEQ_KEY[k]!;
    o += SEQ_KEY.length;
    const seq = firstSeq + i;
    if ((seq | 0) === seq) o = writeInt(b, o, seq);
    else o += b.write('' + seq, o);
    for (let k = 0; k < OP_KEY.length; k++) b[o + k] = OP_KEY[k]!;
    o += OP_KEY.length;
    const op = ops === null ? '+I' : ops[i]!;
    b[o] = op.charCodeAt(0);
    b[o + 1] = op.charCodeAt(1);
    o += 2;
    for (let k = 0; k < ROW_KEY.length; k++) b[o + k] = ROW_KEY[k]!;
    o += ROW_KEY.length;
    // The row's bytes, four at a time.
    const e = ends[i]!;
    const d = o - s;
    let k = s;
    for (; k + 4 <= e; k += 4) dv.setUint32(k + d, sv.getUint32(k, true), true);
    for (; k < e; k++) b[k + d] = src[k]!;
    o = e + d;
    b[o++] = 125;
    s = e + 1;
  }
  o += b.write(suffix, o);
  const out = b.subarray(used, o);
  used = o;
  return out;
}
