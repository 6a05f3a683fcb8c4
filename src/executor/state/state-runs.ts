/**
 * Operator state stored as runs of a namespace (schema v4, table `tq_state_run`): for a table that says
 * so (DeclaredState.storedAsRuns: the groups of TUMBLE windows, HOP and CUMULATE panes and cycles), a
 * checkpoint writes, per namespace it changed, ONE row holding every entry of that namespace changed
 * since the last checkpoint — keys and values together in one blob — instead of one row per entry.
 * A namespace's rows are read in the order they were written (rowid: checkpoint order), a later run's
 * entry overriding an earlier one's; a deleted entry is a tombstone in a later run; a namespace dropped
 * whole (a fired window, a pane no window needs) is one delete of its few rows. The table compacts a
 * namespace itself: when its stored entries would outgrow its live groups (GroupTable: more than
 * COMPACT_RATIO × live), the next checkpoint drops it and writes all its live groups as one run (a drop
 * and a full run in one checkpoint: the DROP_PREFIX entry the per-entry form takes, then the entries).
 *
 * Row: indexed by (op, ns), rowid in write order → epoch, n (entries), data, crc. `ns` is the stored key
 * prefix of the namespace (`<table>:<namespace key part>`, e.g. `panes:d1700000000000;`), an entry's key
 * the rest of its stored key. `data`, little-endian:
 *
 *   u32 n | n × (i32 key length, i32 value length or −1: a tombstone) | u32 bytes | UTF-8 of key 0, value 0, key 1, ...
 *   u32 slot runs | per slot run: u32 groups, u32 stride, u32 places, places × (u32 kind, u32 at),
 *                   groups × f64 key, groups × stride × f64 slot
 *
 * The text entries first (lengths in UTF-16 code units of the text as one JS string), then groups
 * captured as numbers (slot-entries.ts) as they came: their numeric keys and their slots' doubles,
 * copied, not encoded — the commit thread's work per group is a memcpy; a read makes the same key and
 * value texts of them that the per-entry form stored (`encodeSlotKeys`, `slotValue`). `crc` is the
 * CRC-32 of `data` (a run's bytes sit in overflow pages that quick_check does not look into), checked on
 * every read.
 *
 * Entries of one namespace never live in both forms: the writer folds rows an older version (or a
 * rescale) wrote in `tq_state` under a namespace's prefix into the first run it writes for that
 * namespace and deletes them, so a reader takes `tq_state` rows and run entries as disjoint.
 */
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { StateError } from './errors.js';
import { encodeKeyPart } from './value-codec.js';
import { slotValue, type FlatPlace, type SlotRun } from './slot-entries.js';

/** A namespace is rewritten as one run when its stored entries exceed this many times its live groups. */
export const COMPACT_RATIO = 2;

/** The stored key prefix of the namespace `key` (a key of a run table `prefix`) belongs to: up to its first ';'. */
export function namespaceOf(key: string, prefix: string): string {
  const end = key.indexOf(';', prefix.length);
  if (end < 0) throw new StateError('STATE_INVALID', `entry '${key.slice(0, 80)}' of a table stored as runs has no namespace`);
  return key.slice(0, end + 1);
}

/** One namespace's entries of one checkpoint, gathered before they are written as one run. */
export class RunBuilder {
  /** Rows of the per-entry form folded in (stored key without the namespace prefix; value text): first. */
  private baseKeys: readonly string[] = [];
  private baseValues: readonly string[] = [];
  /** Deleted entries: after the base, before every value (a key deleted and made again in one checkpoint ends as its value). */
  private readonly tombstones: string[] = [];
  /** Entries from text, in the order given. */
  private readonly keys: string[] = [];
  private readonly values: string[] = [];
  /** Groups captured as numbers (slot-entries.ts), written last. */
  private readonly slots: SlotRun[] = [];

  constructor(readonly ns: string) {}

  get size(): number {
    let n = this.baseKeys.length + this.tombstones.length + this.keys.length;
    for (const r of this.slots) n += r.n;
    return n;
  }

  /** An entry: `rest` is its stored key after the namespace prefix; null deletes it. */
  add(rest: string, value: string | null): void {
    if (value === null) this.tombstones.push(rest);
    else {
      this.keys.push(rest);
      this.values.push(value);
    }
  }

  addSlots(r: SlotRun): void {
    if (r.n > 0) this.slots.push(r);
  }

  /** Entries stored before in the per-entry form: everything else this run holds overrides them. */
  setBase(keys: readonly string[], values: readonly string[]): void {
    this.baseKeys = keys;
    this.baseValues = values;
  }

  /** The run's `data` (see above). */
  encode(): Buffer {
    const nText = this.baseKeys.length + this.tombstones.length + this.keys.length;
    const lens = new Int32Array(2 * nText);
    const parts: string[] = [];
    let j = 0;
    const put = (k: string, v: string | null): void => {
      lens[2 * j] = k.length;
      parts.push(k);
      if (v === null) lens[2 * j + 1] = -1;
      else {
        lens[2 * j + 1] = v.length;
        parts.push(v);
      }
      j++;
    };
    for (let i = 0; i < this.baseKeys.length; i++) put(this.baseKeys[i]!, this.baseValues[i]!);
    for (const k of this.tombstones) put(k, null);
    for (let i = 0; i < this.keys.length; i++) put(this.keys[i]!, this.values[i]!);
    const text = parts.join('');
    const textBytes = Buffer.byteLength(text, 'utf8');
    let size = 4 + 8 * nText + 4 + textBytes + 4;
    for (const r of this.slots) size += 12 + 8 * r.places.length + 8 * r.n * (1 + r.stride);
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    at = buf.writeUInt32LE(nText, at);
    at = putWords(buf, at, lens);
    at = buf.writeUInt32LE(textBytes, at);
    at += buf.write(text, at, 'utf8');
    at = buf.writeUInt32LE(this.slots.length, at);
    for (const r of this.slots) {
      at = buf.writeUInt32LE(r.n, at);
      at = buf.writeUInt32LE(r.stride, at);
      at = buf.writeUInt32LE(r.places.length, at);
      for (const p of r.places) {
        at = buf.writeUInt32LE(PLACE_KINDS.indexOf(p.kind), at);
        at = buf.writeUInt32LE(p.at, at);
      }
      at = putWords(buf, at, r.keys.subarray(0, r.n));
      at = putWords(buf, at, r.f.subarray(0, r.n * r.stride));
    }
    if (at !== size) throw new Error(`invariant: a run of ${this.ns} encoded to ${at} bytes, not ${size}`);
    return buf;
  }
}

const LITTLE_ENDIAN = endianness() === 'LE';
const PLACE_KINDS: readonly FlatPlace['kind'][] = ['count', 'sum', 'extreme'];

/** Copies the words of `a` into `buf` at `at` (little-endian); returns where they end. */
function putWords(buf: Buffer, at: number, a: Int32Array | Float64Array): number {
  if (LITTLE_ENDIAN) buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
  else if (a instanceof Int32Array) for (let i = 0; i < a.length; i++) buf.writeInt32LE(a[i]!, at + 4 * i);
  else for (let i = 0; i < a.length; i++) buf.writeDoubleLE(a[i]!, at + 8 * i);
  return at + a.byteLength;
}

/** `n` doubles of `buf` from `at` (little-endian), in an array of their own. */
function getDoubles(buf: Buffer, at: number, n: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(n);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(buf.subarray(at, at + 8 * n));
  else for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(at + 8 * i);
  return out;
}

export function runCrc(data: Uint8Array): number {
  return crc32(data);
}

/**
 * Applies the entries of one stored run to `into` (rest of key → value text, null: deleted), after
 * checking its crc. Runs of a namespace must be applied in the order they were written (rowid).
 */
export function applyRun(where: string, data: Uint8Array, crc: number, into: Map<string, string | null>): void {
  if (crc32(data) !== crc) throw new StateError('STATE_CORRUPT', `state run ${where}: its bytes do not match their CRC-32`);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const bad = (): never => {
    throw new StateError('STATE_CORRUPT', `state run ${where}: its entries do not add up to its bytes`);
  };
  const need = (at: number, bytes: number): void => {
    if (at + bytes > buf.length) bad();
  };
  need(0, 4);
  const n = buf.readUInt32LE(0);
  need(4, 8 * n + 4);
  const textBytes = buf.readUInt32LE(4 + 8 * n);
  const textAt = 8 + 8 * n;
  need(textAt, textBytes);
  const text = buf.toString('utf8', textAt, textAt + textBytes);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const kl = buf.readInt32LE(4 + 8 * i);
    const vl = buf.readInt32LE(8 + 8 * i);
    if (kl < 0 || vl < -1 || t + kl + Math.max(vl, 0) > text.length) bad();
    const k = text.slice(t, (t += kl));
    if (vl < 0) into.set(k, null);
    else into.set(k, text.slice(t, (t += vl)));
  }
  if (t !== text.length) bad();
  // Groups stored as their slots' doubles: the same key and value texts the commit would have made of them.
  let at = textAt + textBytes;
  need(at, 4);
  const runs = buf.readUInt32LE(at);
  at += 4;
  for (let j = 0; j < runs; j++) {
    need(at, 12);
    const m = buf.readUInt32LE(at);
    const stride = buf.readUInt32LE(at + 4);
    const np = buf.readUInt32LE(at + 8);
    at += 12;
    need(at, 8 * np);
    const places: FlatPlace[] = [];
    for (let i = 0; i < np; i++, at += 8) {
      const kind = PLACE_KINDS[buf.readUInt32LE(at)];
      const pat = buf.readUInt32LE(at + 4);
      if (kind === undefined || pat + (kind === 'count' ? 1 : 2) > stride) bad();
      places.push({ kind: kind!, at: pat });
    }
    if (stride < 3) bad();
    need(at, 8 * m * (1 + stride));
    const keys = getDoubles(buf, at, m);
    at += 8 * m;
    const f = getDoubles(buf, at, m * stride);
    at += 8 * m * stride;
    const r: SlotRun = { prefix: '', places, stride, n: m, keys, f };
    for (let i = 0; i < m; i++) into.set(encodeKeyPart(keys[i]!), slotValue(r, i));
  }
  if (at !== buf.length) bad();
}
