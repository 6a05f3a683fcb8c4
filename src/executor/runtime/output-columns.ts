/**
 * One column of the output ring (output-log.ts): the values of one output column for the ring's slots,
 * stored so that a retained value is not a live JavaScript object of its own wherever that can be done
 * exactly. An object kept alive for the ring's 100,000 rows is copied out of V8's young generation and
 * promoted; on a query that outputs DECIMALs, a bigint per row kept that way cost more than the query
 * itself, and on a pass-through query one string per row cost three times the query.
 *
 *   kind NUM   a number                          in `num`
 *   kind BIG   a bigint (DECIMAL) of |v| < 2^53  in `num`, exactly (BigInt(num) gives it back)
 *   kind NEW   text of the chunk being written   `pending`, at offset `num`, length `lens`, in the
 *                                                concatenation of the pending strings
 *   kind STR   text of a sealed chunk            the chunk's `bytes` (or `text`) at `num`, `lens`
 *   kind OBJ   anything else (NULL, booleans, larger bigints), as it is, in `obj`
 *
 * The slots are cut in chunks of CHUNK_SLOTS, written in order. Once the ring has written a chunk's last
 * slot, the chunk's text is sealed: the pending strings are joined and the joined text copied into the
 * chunk's byte buffer (one native copy per chunk, the buffer reused each time the ring comes round), or,
 * when some of it is not ASCII, kept as the joined string (one object per chunk). So a string lives as
 * itself only while its chunk is written (about a thousand rows: it dies young), and nothing per row
 * survives. Reading a slot gives text equal to the text written. Measured on a pass-through query with a
 * 67-char text column: promoting each string cost about three times the query; a joined string per
 * chunk still cost twice (copied out of the young generation, and ~7 MB of them live); bytes in reused
 * buffers cost a few per cent. Copying each value into a byte ring one native write per value measured
 * no faster than promoting it.
 */
export const NUM = 0;
export const OBJ = 1;
export const BIG = 2;
export const NEW = 3;
export const STR = 4;

/** Slots per chunk (a power of two); the ring's size is a multiple of it. */
export const CHUNK_BITS = 10;
export const CHUNK_SLOTS = 1 << CHUNK_BITS;

/** DECIMALs within these bounds are numbers exactly (|v| < 2^53). */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

const utf8 = new TextEncoder();
/** Sealed bytes are ASCII, which a single-byte decoding reads as it is. */
const latin1 = new TextDecoder('latin1');

export class OutputColumn {
  num: Float64Array;
  kind: Uint8Array;
  /** Allocated on the column's first OBJ value. */
  private obj: unknown[] | null = null;
  /** The length of each slot's text (allocated on the first text). */
  private lens: Uint32Array | null = null;
  /** Text of the chunk being written, in slot order, and its total length. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** `pending` joined, while no text was added since (reads of the chunk being written). */
  private pendingJoined: string | null = null;
  /** Per chunk, its sealed text as bytes (reused as the ring comes round) when it is all ASCII... */
  private readonly bytes: Uint8Array[] = [];
  /** ...else joined into one string (null: the bytes hold it). */
  private text: (string | null)[] = [];

  constructor(private size: number) {
    this.num = new Float64Array(size);
    this.kind = new Uint8Array(size);
  }

  /**
   * Stores rows[i][col] for i in [from, to) at slots slot, slot + 1, ... (within one chunk, continuing
   * where the ring stopped writing), over the previous values (evicted rows'). A row narrower than the
   * column leaves its slot as it was: it is never read (reads stop at the row's width).
   */
  putRun(rows: readonly (readonly unknown[])[], col: number, from: number, to: number, slot: number): void {
    const num = this.num;
    const kind = this.kind;
    for (let i = from; i < to; i++, slot++) {
      const row = rows[i]!;
      if (row.length <= col) continue;
      const v = row[col];
      if (kind[slot] === OBJ) this.obj![slot] = null; // let go of what the slot held
      if (typeof v === 'number') {
        num[slot] = v;
        kind[slot] = NUM;
      } else if (typeof v === 'bigint' && v <= MAX_SAFE && v >= MIN_SAFE) {
        num[slot] = Number(v);
        kind[slot] = BIG;
      } else if (typeof v === 'string') {
        const lens = (this.lens ??= new Uint32Array(this.size));
        num[slot] = this.pendingLength;
        lens[slot] = v.length;
        kind[slot] = NEW;
        this.pending.push(v);
        this.pendingLength += v.length;
        this.pendingJoined = null;
      } else this.putOther(slot, v);
    }
  }

  private putOther(slot: number, v: unknown): void {
    (this.obj ??= new Array<unknown>(this.size).fill(null))[slot] = v;
    this.kind[slot] = OBJ;
  }

  /**
   * The ring has written every slot of chunk `c`: its pending text becomes the chunk's sealed text.
   * Slots of the chunk still marked STR belong to rows narrower than this column, never read, so the
   * chunk's previous text can go.
   */
  seal(c: number): void {
    if (this.pending.length === 0) {
      if (this.text[c] !== undefined) this.text[c] = null;
      return;
    }
    const joined = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.pendingJoined = null;
    const kind = this.kind;
    const end = (c + 1) << CHUNK_BITS;
    for (let s = c << CHUNK_BITS; s < end; s++) if (kind[s] === NEW) kind[s] = STR;
    // The chunk's buffer is reused, grown with some slack, and given back when it is far larger than its
    // text (one chunk of huge values does not keep its memory once evicted).
    let bytes = this.bytes[c];
    const need = joined.length;
    if (bytes === undefined || bytes.length < need || bytes.length > 4 * Math.max(need, 65_536)) {
      bytes = this.bytes[c] = new Uint8Array(Math.max(256, Math.ceil(need * 1.25)));
    }
    // Every character is ASCII ⇔ as many characters read as UTF-8 bytes written.
    const { read, written } = utf8.encodeInto(joined, bytes);
    this.text[c] = read === joined.length && written === joined.length ? null : joined;
  }

  get(slot: number): unknown {
    switch (this.kind[slot]) {
      case NUM:
        return this.num[slot];
      case BIG:
        return BigInt(this.num[slot]!);
      case NEW: {
        const at = this.num[slot]!;
        return (this.pendingJoined ??= this.pending.join('')).substring(at, at + this.lens![slot]!);
      }
      case STR: {
        const at = this.num[slot]!;
        const c = slot >> CHUNK_BITS;
        const text = this.text[c];
        if (text !== null && text !== undefined) return text.substring(at, at + this.lens![slot]!);
        return latin1.decode(this.bytes[c]!.subarray(at, at + this.lens![slot]!));
      }
      default:
        return this.obj![slot];
    }
  }

  /**
   * A ring of `size` slots holding slots 0..held−1 of this one (the ring below its capacity never wraps,
   * and sizes are multiples of CHUNK_SLOTS, so every slot stays in its chunk).
   */
  resize(size: number, held: number): void {
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, b: T): T => {
      b.set(a.subarray(0, held));
      return b;
    };
    this.num = grow(this.num, new Float64Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    if (this.lens !== null) this.lens = grow(this.lens, new Uint32Array(size));
    if (this.obj !== null) for (let k = this.obj.length; k < size; k++) this.obj.push(null);
    this.size = size;
  }

  /** No row is held any more (a restart): drops the values. */
  clear(): void {
    this.obj?.fill(null);
    this.kind.fill(NUM);
    this.pending = [];
    this.pendingLength = 0;
    this.pendingJoined = null;
    this.text = [];
  }
}
