/**
 * Changed state entries in the form they cross to the commit thread (durability.ts → store-worker.ts):
 * the stored keys joined into one string, the encoded values into another, and the lengths in one
 * Int32Array whose buffer is transferred, not copied.
 *
 * Why: a checkpoint of 100k changed groups is 200k strings. Posted as arrays, each string is
 * serialized and deserialized on its own, on the event loop's side too; joined, the copy is two
 * memcpys, and the strings are cut apart again on the commit thread.
 *
 *   keys    "<key 0><key 1>..."            lens  [k0, v0, k1, v1, ...]   v = -1: delete (null)
 *   values  "<value 0><value 1>..."                                      v = -2: DROP_PREFIX
 */
import { DROP_PREFIX } from './codec.js';

export interface PackedEntries {
  /** The operator the entries belong to. */
  readonly id: string;
  readonly keys: string;
  readonly values: string;
  /** Per entry, its key's length then its value's (or DELETE / DROP). */
  readonly lens: Int32Array<ArrayBuffer>;
}

const DELETE = -1;
const DROP = -2;

/** Entries `from` (inclusive) to `to` (exclusive) of the parallel arrays, packed. */
export function packEntries(id: string, keys: readonly string[], values: readonly (string | null)[], from: number, to: number): PackedEntries {
  const lens = new Int32Array(2 * (to - from));
  const texts = new Array<string>(to - from);
  let j = 0;
  for (let i = from; i < to; i++, j++) {
    const v = values[i]!;
    lens[2 * j] = keys[i]!.length;
    if (v === null) lens[2 * j + 1] = DELETE;
    else if (v === DROP_PREFIX) lens[2 * j + 1] = DROP;
    else {
      lens[2 * j + 1] = v.length;
      texts[j] = v;
    }
  }
  // Deletes leave holes in `texts`, which join as ''.
  return { id, keys: keys.slice(from, to).join(''), values: texts.join(''), lens };
}

/** Appends the entries of `p` to the parallel arrays (the form CheckpointWriter writes). */
export function unpackEntries(p: PackedEntries, keys: string[], values: (string | null)[]): void {
  const { lens } = p;
  let k = 0;
  let v = 0;
  for (let i = 0; i < lens.length; i += 2) {
    const kl = lens[i]!;
    const vl = lens[i + 1]!;
    keys.push(p.keys.slice(k, (k += kl)));
    if (vl === DELETE) values.push(null);
    else if (vl === DROP) values.push(DROP_PREFIX);
    else values.push(p.values.slice(v, (v += vl)));
  }
  if (k !== p.keys.length || v !== p.values.length) throw new Error(`invariant: packed entries of '${p.id}' do not add up to their lengths`);
}
