/**
 * Groups of a background checkpoint captured as numbers and encoded on the commit thread.
 *
 * A group of a GroupStore whose accumulators are all flat doubles (COUNT, SUM/AVG of numbers, MIN/MAX of
 * numbers and times, append-only: aggregates/acc-layout.ts) under a single numeric group key is, as
 * stored, a function of its key and its slot's doubles. Encoding it on the event loop — the stored key
 * text, the `save` arrays, JSON — was most of a checkpoint's work there, and its garbage most of the
 * checkpoint's GC. Captured here instead: the key into one Float64Array and the slot's doubles into
 * another (a few ns per group), both moved to the commit thread (transferred, not copied), which makes
 * the same key and value texts the event loop would have made (`encodeSlotRun`, with the same codec
 * functions), so the state file is byte for byte what it was.
 *
 *   SlotSink  per operator and background checkpoint: runs of groups, one run per table and namespace
 *             (its stored key prefix), up to RUN_GROUPS groups each.
 */
import { encodeKeyPart, encodeStateValue } from './value-codec.js';

/** A flat accumulator's place in a slot (the flat kinds of aggregates/acc-layout.ts AccPlace). */
export interface FlatPlace {
  readonly kind: 'count' | 'sum' | 'extreme';
  readonly at: number;
}

/** Bookkeeping doubles of a slot (aggregates/acc-layout.ts: n, creation order, last write time). */
const N = 0;
const ORD = 1;
const T = 2;

/** A flat accumulator's stored form (the AggImpl's): COUNT a number, SUM/AVG [sum, count], MIN/MAX the value or null. */
export function savedFlat(p: FlatPlace, f: Float64Array, o: number): unknown {
  switch (p.kind) {
    case 'count':
      return f[o + p.at];
    case 'sum':
      return [f[o + p.at], f[o + p.at + 1]];
    case 'extreme':
      return f[o + p.at] === 0 ? null : f[o + p.at + 1];
  }
}

/** Groups of one table and namespace: keys and the slots' doubles, in the order they were captured. */
export interface SlotRun {
  /** Stored key prefix: the table's (`<table>:`) and the namespace's key part. */
  readonly prefix: string;
  readonly places: readonly FlatPlace[];
  readonly stride: number;
  n: number;
  readonly keys: Float64Array<ArrayBuffer>;
  readonly f: Float64Array<ArrayBuffer>;
}

/** Groups per run: a run's arrays are allocated whole (32 KiB of keys, stride × 32 KiB of doubles at most). */
const RUN_GROUPS = 4096;

export class SlotSink {
  private runs: SlotRun[] = [];
  private last: SlotRun | null = null;
  private lastTable = '';
  private lastPart = '';
  /** Groups captured and not taken yet. */
  size = 0;
  /**
   * Groups the caller is about to add from one namespace (GroupSpace: its pending groups): a run started
   * now is allocated for that many (up to RUN_GROUPS), not grown from 64 by doubling, which copied every
   * run of a large namespace six times and made the capture about twice as costly (3M HOP pane groups:
   * 160 → 85 ms CPU). A namespace of a few groups still gets a small run.
   */
  expected = 0;

  /** One group: its key and the `stride` doubles of its slot from `o` in `f`. */
  add(tablePrefix: string, keyPart: string, places: readonly FlatPlace[], stride: number, key: number, f: Float64Array, o: number): void {
    let r = this.last;
    if (r === null || r.n === RUN_GROUPS || this.lastTable !== tablePrefix || this.lastPart !== keyPart || r.places !== places) {
      const cap = Math.min(RUN_GROUPS, Math.max(64, this.expected, 2 * (r?.n ?? 0)));
      r = { prefix: tablePrefix + keyPart, places, stride, n: 0, keys: new Float64Array(cap), f: new Float64Array(cap * stride) };
      this.runs.push(r);
      this.last = r;
      this.lastTable = tablePrefix;
      this.lastPart = keyPart;
    } else if (r.n === r.keys.length) {
      r = grow(r);
      this.runs[this.runs.length - 1] = r;
      this.last = r;
    }
    const i = r.n++;
    r.keys[i] = key;
    const rf = r.f;
    const b = i * stride;
    for (let j = 0; j < stride; j++) rf[b + j] = f[o + j]!;
    this.size++;
  }

  /** The runs captured so far, trimmed to their groups (what crosses to the commit thread); the sink starts over. */
  take(): SlotRun[] {
    const runs = this.runs.map((r) => (r.n === r.keys.length ? r : { ...r, keys: r.keys.slice(0, r.n), f: r.f.slice(0, r.n * r.stride) }));
    this.runs = [];
    this.last = null;
    this.size = 0;
    return runs;
  }
}

function grow(r: SlotRun): SlotRun {
  const cap = Math.min(RUN_GROUPS, 2 * r.keys.length);
  const keys = new Float64Array(cap);
  keys.set(r.keys);
  const f = new Float64Array(cap * r.stride);
  f.set(r.f);
  return { ...r, keys, f };
}

/**
 * Appends the stored key and value text of every group of `r` to `keys`/`values`: exactly what
 * GroupSpace would have encoded on the event loop (stored key `prefix` + the key's text; value
 * [[key], n, accumulators, ord (, last write time)] in the state codec).
 */
export function encodeSlotRun(r: SlotRun, keys: string[], values: (string | null)[]): void {
  for (let i = 0; i < r.n; i++) {
    keys.push(r.prefix + encodeKeyPart(r.keys[i]!));
    values.push(slotValue(r, i));
  }
}

/**
 * In a packed delta (types.ts OperatorDelta.packed), the value of an entry whose text is made only when
 * the commit writes it (`SlotValues`): a checkpoint's value texts, made all at once when its parts came,
 * lived through the whole commit (and were promoted, and grew the commit thread's heap with the
 * checkpoint); made as each slice of entries is written, they die young.
 */
export const SLOT_VALUE = '\u0000slot-value';

/** Where the SLOT_VALUE entries of a packed delta get their texts: entries from[j] .. from[j] + runs[j].n − 1 are run j's groups. */
export interface SlotValues {
  readonly from: number[];
  readonly runs: SlotRun[];
}

/**
 * Appends the stored keys of `r`'s groups to `keys` and SLOT_VALUE for their values, which `lazy` will make.
 * Each key is flattened as it is made: `prefix + part` is a V8 cons string (two pieces, ~28 characters),
 * which every comparison of the commit's key sort (commit.ts sortedOrder) then walked through the slow
 * path — flattening them first halved that sort (600k HOP pane keys: 100 → 55 ms CPU; made and sorted,
 * 330–430 → 210–260 ms), and the SQLite bind reads them flat as well. The text is unchanged.
 */
export function encodeSlotKeys(r: SlotRun, keys: string[], values: (string | null)[], lazy: SlotValues): void {
  if (r.n === 0) return;
  lazy.from.push(keys.length);
  lazy.runs.push(r);
  const prefix = r.prefix;
  for (let i = 0; i < r.n; i++) {
    const key = prefix + encodeKeyPart(r.keys[i]!);
    key.charCodeAt(0); // flattens it (see above)
    keys.push(key);
    values.push(SLOT_VALUE);
  }
}

/** The value text of entry `i` (a SLOT_VALUE entry) of the packed delta `lazy` belongs to. */
export function lazySlotValue(lazy: SlotValues, i: number): string {
  const { from, runs } = lazy;
  let lo = 0;
  let hi = from.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (from[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  const r = runs[lo];
  if (r === undefined || i < from[lo]! || i >= from[lo]! + r.n) throw new Error(`invariant: entry ${i} of a packed delta has no slot run`);
  return slotValue(r, i - from[lo]!);
}

/** The stored value text of group `i` of `r`. */
export function slotValue(r: SlotRun, i: number): string {
  const { places, stride, f } = r;
  const k = r.keys[i]!;
  const o = i * stride;
  const text = plainText(k, places, f, o);
  if (text !== null) return text;
  const accs = new Array<unknown>(places.length);
  for (let j = 0; j < places.length; j++) accs[j] = savedFlat(places[j]!, f, o);
  const t = f[o + T]!;
  const saved = t !== t ? [[k], f[o + N], accs, f[o + ORD]] : [[k], f[o + N], accs, f[o + ORD], t];
  return encodeStateValue(saved);
}

/** A number JSON.stringify writes as its own text (finite, not -0): the state codec writes it so too. */
const plain = (x: number): boolean => x - x === 0 && (x !== 0 || 1 / x > 0);

/**
 * The state-codec text of a group's saved value written directly, when every number in it is plain:
 * JSON.stringify of the same array (a finite number's text is its JSON), without the array built or
 * walked twice (encodeStateValue checks then stringifies). Null: some number needs the tagged codec.
 */
function plainText(k: number, places: readonly FlatPlace[], f: Float64Array, o: number): string | null {
  const n = f[o + N]!;
  const ord = f[o + ORD]!;
  const t = f[o + T]!;
  if (!plain(k) || !plain(n) || !plain(ord) || (t === t && !plain(t))) return null;
  let accs = '';
  for (let j = 0; j < places.length; j++) {
    const p = places[j]!;
    const at = o + p.at;
    let part: string;
    switch (p.kind) {
      case 'count': {
        const c = f[at]!;
        if (!plain(c)) return null;
        part = `${c}`;
        break;
      }
      case 'sum': {
        const a = f[at]!;
        const b = f[at + 1]!;
        if (!plain(a) || !plain(b)) return null;
        part = `[${a},${b}]`;
        break;
      }
      case 'extreme': {
        if (f[at] === 0) part = 'null';
        else {
          const v = f[at + 1]!;
          if (!plain(v)) return null;
          part = `${v}`;
        }
        break;
      }
    }
    accs = j === 0 ? part : `${accs},${part}`;
  }
  return t !== t ? `[[${k}],${n},[${accs}],${ord}]` : `[[${k}],${n},[${accs}],${ord},${t}]`;
}
