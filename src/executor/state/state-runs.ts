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
 *   u32 n | n × (i32 key length, i32 value length or −1 for a tombstone) | UTF-8 of key 0, value 0, key 1, ...
 *
 * (lengths in UTF-16 code units of the text as one JS string); `crc` the CRC-32 of `data` (a run's bytes
 * sit in overflow pages that quick_check does not look into), checked on every read.
 *
 * Entries of one namespace never live in both forms: the writer folds rows an older version (or a
 * rescale) wrote in `tq_state` under a namespace's prefix into the first run it writes for that
 * namespace and deletes them, so a reader takes `tq_state` rows and run entries as disjoint.
 */
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { StateError } from './errors.js';
import { encodeKeyPart } from './value-codec.js';
import { slotValue, type SlotRun } from './slot-entries.js';

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
    const n = this.size;
    const lens = new Int32Array(2 * n);
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
    for (const r of this.slots) for (let i = 0; i < r.n; i++) put(encodeKeyPart(r.keys[i]!), slotValue(r, i));
    const text = parts.join('');
    const head = 4 + 8 * n;
    const buf = Buffer.allocUnsafe(head + Buffer.byteLength(text, 'utf8'));
    buf.writeUInt32LE(n, 0);
    if (LITTLE_ENDIAN) buf.set(new Uint8Array(lens.buffer), 4);
    else for (let i = 0; i < lens.length; i++) buf.writeInt32LE(lens[i]!, 4 + 4 * i);
    buf.write(text, head, 'utf8');
    return buf;
  }
}

const LITTLE_ENDIAN = endianness() === 'LE';

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
  if (buf.length < 4) bad();
  const n = buf.readUInt32LE(0);
  const head = 4 + 8 * n;
  if (head > buf.length) bad();
  const text = buf.toString('utf8', head);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const kl = buf.readInt32LE(4 + 8 * i);
    const vl = buf.readInt32LE(8 + 8 * i);
    if (kl < 0 || vl < -1 || at + kl + Math.max(vl, 0) > text.length) bad();
    const k = text.slice(at, (at += kl));
    if (vl < 0) into.set(k, null);
    else into.set(k, text.slice(at, (at += vl)));
  }
  if (at !== text.length) bad();
}
