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
import { KeyChanges, NamespaceOrder } from '../state/namespaces.js';
import { anyCodec, decodeKey } from '../state/value-codec.js';
import type { Aggregation } from './groups.js';
import { GroupStore } from './group-store.js';

/** Spare stores kept for the next namespaces (windows follow one another: one or two are enough). */
const SPARES = 2;

export class GroupSpace {
  /** Group key → slot, in creation order. */
  readonly index = new Map<unknown, number>();
  /** Keys changed before the snapshot in progress whose groups it has not encoded yet. */
  pending: Set<unknown> | undefined = undefined;

  constructor(
    readonly ns: number,
    readonly store: GroupStore,
    private readonly table: GroupTable,
  ) {}

  get size(): number {
    return this.index.size;
  }

  /** The slot of `key`'s group, -1 when there is none. The caller may change the group next. */
  find(key: unknown): number {
    const p = this.pending;
    if (p !== undefined && p.has(key)) this.captureKey(key);
    const s = this.index.get(key);
    return s === undefined ? -1 : s;
  }

  /** A new, empty group for `row`, whose group key is `key`; the newest in creation order. */
  create(key: unknown, row: Row): number {
    const s = this.store.create(row, key);
    this.index.set(key, s);
    this.table.touch(this.ns, key);
    return s;
  }

  /** Takes over slot s of `from` (a namespace about to be dropped) as `key`'s group, the newest here. */
  adopt(key: unknown, from: GroupStore, s: number): number {
    const d = this.store.copyFrom(from, s, true);
    this.store.setOrd(d, this.store.agg.takeOrd());
    this.index.set(key, d);
    this.table.touch(this.ns, key);
    return d;
  }

  /** The slot of `key`'s group (-1: none) for reading only: the caller changes nothing in it. */
  peek(key: unknown): number {
    const s = this.index.get(key);
    return s === undefined ? -1 : s;
  }

  /** The group of `key` was changed in place. */
  touch(key: unknown): void {
    this.table.touch(this.ns, key);
  }

  delete(key: unknown): void {
    const s = this.find(key);
    if (s < 0) return;
    this.index.delete(key);
    this.store.release(s);
    this.table.deleted(this.ns, key);
  }

  /** Slots in creation order (everything the snapshot in progress still needs is encoded first). */
  slots(): MapIterator<number> {
    this.captureAll();
    return this.index.values();
  }

  /** [key, slot] in creation order (as `slots`). */
  entries(): MapIterator<[unknown, number]> {
    this.captureAll();
    return this.index.entries();
  }

  captureAll(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    for (const k of p) this.capture(k);
  }

  /** Encodes up to `max` pending groups; returns how many it encoded. */
  captureSome(max: number): number {
    const p = this.pending;
    if (p === undefined) return 0;
    let n = 0;
    for (const k of p) {
      if (n >= max) break;
      p.delete(k);
      n++;
      this.capture(k);
    }
    if (p.size === 0) this.pending = undefined;
    return n;
  }

  private captureKey(k: unknown): void {
    const p = this.pending!;
    p.delete(k);
    if (p.size === 0) this.pending = undefined;
    this.capture(k);
  }

  private capture(k: unknown): void {
    const s = this.index.get(k);
    if (s !== undefined) this.table.capture(this.ns, k, this.store.save(s));
  }
}

export class GroupTable implements DeclaredState {
  private readonly spaces = new Map<number, GroupSpace>();
  private readonly order = new NamespaceOrder();
  private readonly spare: GroupStore[] = [];
  private tracking = false;
  private readonly changes: KeyChanges<unknown>;
  private sink: SnapshotSink | null = null;
  private pendingSpaces: GroupSpace[] = [];
  private loading: [number, unknown[]][] = [];

  constructor(
    readonly name: string,
    readonly agg: Aggregation,
  ) {
    this.changes = new KeyChanges((k) => agg.keyText(k));
  }

  enableTracking(): void {
    this.tracking = true;
  }

  space(ns: number): GroupSpace | undefined {
    return this.spaces.get(ns);
  }

  /** The namespace's groups, created empty when missing. */
  open(ns: number): GroupSpace {
    let m = this.spaces.get(ns);
    if (m !== undefined) return m;
    m = new GroupSpace(ns, this.spare.pop() ?? new GroupStore(this.agg), this);
    this.spaces.set(ns, m);
    this.order.add(ns);
    return m;
  }

  /** Removes a namespace and every group in it; its store is kept for a later namespace. */
  drop(ns: number): void {
    const m = this.spaces.get(ns);
    if (m === undefined) return;
    // Groups of the snapshot in progress are part of it even if their namespace goes now.
    m.captureAll();
    this.spaces.delete(ns);
    m.store.reset();
    if (this.spare.length < SPARES) this.spare.push(m.store);
    this.order.remove(ns);
    if (this.tracking) this.changes.droppedNamespaceKeys(ns);
  }

  get firstNamespace(): number | undefined {
    return this.order.first;
  }

  /** Namespaces in [from, to), ascending. */
  namespacesIn(from: number, to: number): number[] {
    return this.order.within(from, to);
  }

  /** Namespaces from the front while `due` holds (a copy: the caller may drop them). */
  namespacesWhile(due: (ns: number) => boolean): number[] {
    return this.order.while(due);
  }

  get size(): number {
    let n = 0;
    for (const m of this.spaces.values()) n += m.size;
    return n;
  }

  /** Notes a changed group (GroupSpace calls this). */
  touch(ns: number, k: unknown): void {
    if (this.tracking) this.changes.changed(ns, k);
  }

  /** Notes a deleted group (GroupSpace calls this). */
  deleted(ns: number, k: unknown): void {
    if (this.tracking) this.changes.deleted(ns, k);
  }

  snapshot(prefix: string, keys: string[], values: (string | null)[]): void {
    this.beginSnapshot(prefix, keys, values);
    this.encodePending(Infinity);
  }

  beginSnapshot(prefix: string, keys: string[], values: (string | null)[]): void {
    if (this.sink !== null) this.encodePending(Infinity);
    const changed = this.changes.take(prefix, keys, values);
    this.sink = { prefix, keys, values };
    for (const [ns, dirty] of changed) {
      const m = this.spaces.get(ns);
      if (m === undefined || dirty.size === 0) continue;
      m.pending = dirty;
      this.pendingSpaces.push(m);
    }
  }

  encodePending(max: number): boolean {
    const spaces = this.pendingSpaces;
    let n = 0;
    while (spaces.length > 0 && n < max) {
      const m = spaces[0]!;
      n += m.captureSome(max - n);
      if (m.pending === undefined) spaces.shift();
    }
    if (spaces.length > 0) return false;
    this.sink = null;
    return true;
  }

  /** One group of the snapshot in progress, in its stored form (GroupSpace calls this). */
  capture(ns: number, k: unknown, saved: unknown[]): void {
    const sink = this.sink!;
    sink.keys.push(sink.prefix + this.changes.storedKey(ns, k));
    sink.values.push(anyCodec.encode(saved));
    this.changes.written(ns, k);
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
      const k = m.store.mapKey(s);
      m.index.set(k, s);
      if (this.tracking) this.changes.written(ns, k);
    }
  }
}
