/**
 * Declared state of grouped aggregation: namespace (window, pane or cycle start) → group key → a slot
 * in that namespace's GroupStore. The accumulator store the window operators work through:
 *
 *   const space = table.open(windowStart);
 *   let s = space.find(key);                   // -1: no group yet
 *   if (s < 0) s = space.create(key, row);
 *   space.store.add(s, row); space.touch(key);
 *
 * As KeyedStateTable (state/state-table.ts) does for values: namespaces iterate ascending and are
 * dropped whole; with checkpoints on, changed keys are tracked and a snapshot is copy-on-write — a group
 * the snapshot in progress has not encoded yet is encoded before anything can change it (`find`,
 * `delete`, iterating or dropping its namespace). Groups iterate in creation order; a restore puts
 * them back in it (by ord), so a restarted run emits rows in the order the crashed one would have.
 *
 * Stored form, unchanged from the Group objects it replaced: `<namespace key part><key text>` →
 * [key values, n, accumulators, ord (, last write time)], the accumulators in each AggImpl's saved form.
 */
import type { Row } from '../operator.js';
import type { SnapshotSink } from '../state/snapshot-space.js';
import type { DeclaredState } from '../state/state-table.js';
import { captureSomeOf, NamespacedTable, Removals } from '../state/namespaces.js';
import { SlotSet } from '../state/slot-set.js';
import { COMPACT_RATIO } from '../state/state-runs.js';
import type { FlatPlace, SlotSink } from '../state/slot-entries.js';
import { anyCodec, decodeKey, encodeKeyPart } from '../state/value-codec.js';
import type { Aggregation } from './groups.js';
import { GroupIndex } from './group-index.js';
import { GroupStore } from './group-store.js';

/** Spare stores kept for the next namespaces (windows follow one another: one or two are enough). */
const SPARES = 2;

export class GroupSpace {
  /** Checkpoints on: slots changed since the last snapshot; null when off. */
  changed: SlotSet | null;
  /** Slots changed before the snapshot in progress whose groups it has not encoded yet. */
  pending: SlotSet | undefined = undefined;
  /** Dropped while the snapshot in progress still had groups of it to encode (GroupTable.drop). */
  retired = false;
  /** Where encoding the pending slots goes on from (they are encoded in slot order). */
  private pendingFrom = 0;
  /** Slots whose group a snapshot wrote or a restore read (deleting it must reach the store). */
  persisted: SlotSet | null;
  /** The namespace's part of every stored key here. */
  readonly keyPart: string;
  /**
   * Stored as runs (GroupTable.storedAsRuns): entries the namespace's runs hold since its last full
   * rewrite — groups captured and tombstones — which, over COMPACT_RATIO × its groups, makes the next
   * snapshot a full rewrite. After a restore it is not known, and counted as over (state-runs.ts).
   */
  stored = 0;
  /** The last key found or made here and its slot: the `touch` that follows a `find` needs no lookup. */
  private lastKey: unknown = NO_KEY;
  private lastSlot = -1;

  constructor(
    readonly ns: number,
    readonly store: GroupStore,
    /** Group key → slot, in creation order (reused with the store: GroupTable.recycle). */
    readonly index: GroupIndex,
    private readonly table: GroupTable,
    tracking: boolean,
  ) {
    this.changed = tracking ? new SlotSet() : null;
    this.persisted = tracking ? new SlotSet() : null;
    this.keyPart = encodeKeyPart(ns);
  }

  get size(): number {
    return this.index.size;
  }

  /** Checkpoints turned on with groups already here: all of them go in the next snapshot. */
  track(): void {
    if (this.changed !== null) return;
    this.changed = new SlotSet();
    this.persisted = new SlotSet();
    for (const s of this.index.values()) this.changed.add(s);
  }

  /** The slot of `key`'s group, -1 when there is none. The caller may change the group next. */
  find(key: unknown): number {
    const s = this.index.get(key);
    if (s < 0) return -1;
    const p = this.pending;
    if (p !== undefined && p.has(s)) this.captureSlot(s);
    this.lastKey = key;
    this.lastSlot = s;
    return s;
  }

  /** A new, empty group for `row`, whose group key is `key`; the newest in creation order. */
  create(key: unknown, row: Row): number {
    const s = this.store.create(row, key);
    this.index.set(key, s);
    this.lastKey = key;
    this.lastSlot = s;
    this.changed?.add(s);
    return s;
  }

  /** Takes over slot s of `from` (a namespace about to be dropped) as `key`'s group, the newest here. */
  adopt(key: unknown, from: GroupStore, s: number): number {
    const d = this.store.copyFrom(from, s, true);
    this.store.setOrd(d, this.store.agg.takeOrd());
    this.index.set(key, d);
    this.lastKey = key;
    this.lastSlot = d;
    this.changed?.add(d);
    return d;
  }

  /** The slot of `key`'s group (-1: none) for reading only: the caller changes nothing in it. */
  peek(key: unknown): number {
    return this.index.get(key);
  }

  /** The group of `key` was changed in place. */
  touch(key: unknown): void {
    const changed = this.changed;
    if (changed === null) return;
    const s = key === this.lastKey ? this.lastSlot : this.index.get(key);
    if (s >= 0) changed.add(s);
  }

  delete(key: unknown): void {
    const s = this.find(key);
    if (s < 0) return;
    this.index.delete(key);
    this.store.release(s);
    this.lastKey = NO_KEY;
    // The slot may be reused by another key: nothing of this group's tracking may stay on it.
    this.changed?.delete(s);
    if (this.persisted?.delete(s) === true) {
      this.table.deleted(this.keyPart + this.table.agg.keyText(key));
      this.stored++;
    }
  }

  /** Slots in creation order (everything the snapshot in progress still needs is encoded first). */
  slots(): Iterator<number> & Iterable<number> {
    this.captureAll();
    return this.index.values();
  }

  /**
   * Slots in creation order, by position, for a caller that only reads groups and changes none of them
   * while it goes through them (a window firing before it drops the namespace, stopping and going on
   * between chunks, with no iterator to resume per slot): nothing is encoded first, so a snapshot in
   * progress still encodes its groups as they were (see GroupTable.drop). Positions
   * 0..readPositions−1 in creation order; `readSlotAt` is −1 at a deleted group's.
   */
  get readPositions(): number {
    return this.index.positions;
  }

  readSlotAt(p: number): number {
    return this.index.slotAt(p);
  }

  /** [key, slot] in creation order (as `slots`); the key as the group's rows give it (store.mapKey). */
  *entries(): Generator<[unknown, number], void, undefined> {
    this.captureAll();
    const store = this.store;
    for (const s of this.index.values()) yield [store.mapKey(s), s];
  }

  captureAll(): void {
    this.captureSome(Infinity);
  }

  /** Encodes up to `max` pending groups; returns how many it encoded. */
  captureSome(max: number): number {
    const p = this.pending;
    if (p === undefined) return 0;
    const sink = this.table.slotSink;
    if (sink !== null) sink.expected = p.size;
    let n = 0;
    let s = this.pendingFrom;
    while (n < max && (s = p.next(s)) >= 0) {
      p.delete(s);
      n++;
      this.capture(s);
    }
    this.pendingFrom = s < 0 ? 0 : s;
    if (p.size === 0) this.captured();
    return n;
  }

  /**
   * Hands the slots changed since the last snapshot to a new one (false: none changed). Stored as runs,
   * when the runs would then hold more than COMPACT_RATIO entries per group, the snapshot rewrites the
   * namespace instead: it drops what is stored and writes every group.
   */
  beginSnapshot(): boolean {
    const changed = this.changed;
    if (changed === null || changed.size === 0) return false;
    this.pendingFrom = 0;
    this.changed = new SlotSet(changed.capacity);
    if (this.table.storedAsRuns && this.stored + changed.size > COMPACT_RATIO * this.index.size) {
      this.table.rewrite(this.ns);
      // Every group is written or changed since: the union of the two bitmaps (word by word, not per group).
      let all = SlotSet.union(changed, this.persisted!);
      if (all.size !== this.index.size) {
        all = new SlotSet(changed.capacity);
        for (const s of this.index.values()) all.add(s);
      }
      this.pending = all;
      this.stored = 0;
    } else this.pending = changed;
    return true;
  }

  private captureSlot(s: number): void {
    const p = this.pending!;
    p.delete(s);
    const sink = this.table.slotSink;
    if (sink !== null) sink.expected = 0; // one group (copy-on-write): a run sized as before
    this.capture(s);
    if (p.size === 0) this.captured();
  }

  /** The snapshot in progress has every group it needs from here; a retired space gives its store back. */
  private captured(): void {
    this.pending = undefined;
    if (this.retired) this.table.recycle(this);
  }

  private capture(s: number): void {
    const t = this.table;
    const slots = t.slotSink;
    const places = t.flatPlaces;
    // Flat accumulators under one numeric key: the slot's doubles go to the commit thread, which encodes them.
    const k = slots !== null && places !== null ? this.store.k[s] : undefined;
    if (typeof k === 'number') {
      const stride = this.store.layout.stride;
      slots!.add(t.sinkPrefix, this.keyPart, places!, stride, k, this.store.f, s * stride);
    } else t.capture(this.keyPart + t.agg.keyText(this.store.mapKey(s)), this.store.save(s));
    this.persisted!.add(s);
    this.stored++;
  }
}

/** No key (a group key may be any value, undefined included). */
const NO_KEY = Symbol('no key');

export class GroupTable extends NamespacedTable<GroupSpace> implements DeclaredState {
  /** Stores and indexes of dropped namespaces, for the next ones. */
  private readonly spare: [GroupStore, GroupIndex][] = [];
  private tracking = false;
  private readonly removals = new Removals();
  private sink: SnapshotSink | null = null;
  /** Where the snapshot in progress takes groups as numbers (a background checkpoint), or null. */
  slotSink: SlotSink | null = null;
  /** Every accumulator flat and one key column: a group may be captured as numbers (state/slot-entries.ts). */
  readonly flatPlaces: readonly FlatPlace[] | null;
  private pendingSpaces: GroupSpace[] = [];
  private loading: [number, unknown[]][] = [];
  /** Stored as runs of its namespaces (state-runs.ts): a window's or pane's groups, each namespace short-lived. */
  readonly storedAsRuns: boolean;

  constructor(
    readonly name: string,
    readonly agg: Aggregation,
    opts: { readonly runs?: boolean } = {},
  ) {
    super();
    this.flatPlaces = agg.keyFns.length === 1 ? agg.layout.flatPlaces : null;
    this.storedAsRuns = opts.runs === true;
  }

  /** The stored key prefix of the snapshot in progress (the table's). */
  get sinkPrefix(): string {
    return this.sink!.prefix;
  }

  enableTracking(): void {
    this.tracking = true;
    for (const m of this.spaces.values()) m.track();
  }

  /** The namespace's groups, created empty when missing. */
  open(ns: number): GroupSpace {
    let m = this.spaces.get(ns);
    if (m !== undefined) return m;
    const [store, index] = this.spare.pop() ?? [new GroupStore(this.agg), new GroupIndex()];
    m = new GroupSpace(ns, store, index, this, this.tracking);
    this.addSpace(ns, m);
    return m;
  }

  /**
   * Removes a namespace and every group in it; its store is kept for a later namespace. Groups of the
   * snapshot in progress are part of it even if their namespace goes now: when it has not encoded them
   * all yet, the space leaves the table but stays with the snapshot, which encodes the rest a slice at a
   * time as it does everything else (a window of 100k keys firing mid-snapshot would otherwise encode
   * them all in one task), and its store is reused only after that. Nothing changes a dropped space.
   */
  drop(ns: number): void {
    const m = this.spaces.get(ns);
    if (m === undefined) return;
    this.removeSpace(ns);
    const snapshotting = m.pending !== undefined;
    // Every stored group of the namespace goes in one range delete of its key prefix (the next
    // snapshot's: the one in progress still writes the groups as they were before the drop).
    if (m.persisted !== null && (m.persisted.size > 0 || snapshotting)) this.removals.namespace(ns);
    if (snapshotting) m.retired = true;
    else this.recycle(m);
  }

  /** The store and index of a space no namespace uses any more: kept for a later namespace. */
  recycle(m: GroupSpace): void {
    if (this.spare.length >= SPARES) return;
    m.store.reset();
    m.index.reset();
    this.spare.push([m.store, m.index]);
  }

  /** The next snapshot rewrites namespace `ns` whole (GroupSpace calls this): what is stored of it goes first. */
  rewrite(ns: number): void {
    this.removals.namespace(ns);
  }

  /** A stored group was deleted (GroupSpace calls this with its stored key). */
  deleted(storedKey: string): void {
    this.removals.key(storedKey);
  }

  snapshot(prefix: string, keys: string[], values: (string | null)[]): void {
    this.beginSnapshot(prefix, keys, values);
    this.encodePending(Infinity);
  }

  beginSnapshot(prefix: string, keys: string[], values: (string | null)[], slots: SlotSink | null = null): void {
    if (this.sink !== null) this.encodePending(Infinity);
    this.sink = { prefix, keys, values };
    this.slotSink = slots;
    for (const m of this.spaces.values()) if (m.beginSnapshot()) this.pendingSpaces.push(m);
    // After the spaces: a namespace rewritten whole is dropped by this snapshot (GroupSpace.beginSnapshot).
    this.removals.take(prefix, keys, values);
  }

  encodePending(max: number): boolean {
    if (!captureSomeOf(this.pendingSpaces, max)) return false;
    this.sink = null;
    this.slotSink = null;
    return true;
  }

  /** One group of the snapshot in progress, in its stored form (GroupSpace calls this). */
  capture(storedKey: string, saved: unknown[]): void {
    const sink = this.sink!;
    sink.keys.push(sink.prefix + storedKey);
    sink.values.push(anyCodec.encode(saved));
  }

  restoreEntry(key: string, value: string): void {
    const end = key.indexOf(';');
    const [ns] = decodeKey(key.slice(0, end + 1)) as [number];
    this.loading.push([ns, anyCodec.decode(value) as unknown[]]);
  }

  finishRestore(): void {
    const loading = this.loading;
    this.loading = [];
    loading.sort((a, b) => (a[1][3] as number) - (b[1][3] as number));
    for (const [ns, saved] of loading) {
      const m = this.open(ns);
      const s = m.store.load(saved);
      m.index.set(m.store.mapKey(s), s);
      m.persisted?.add(s);
    }
    // What the runs hold beyond the groups is not known: the next change rewrites the namespace.
    if (this.storedAsRuns) for (const m of this.spaces.values()) m.stored = COMPACT_RATIO * m.size;
  }
}
