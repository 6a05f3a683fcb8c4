/**
 * Declared operator state (Arroyo's `tables()`, Flink's state descriptors): an operator creates its
 * tables in its constructor and keeps its data in them; the runtime snapshots and restores them, so an
 * operator never chooses what survives a restart.
 *
 *   KeyedStateTable<K, V>   namespace (a window or pane start; 0 when unused) → key → value.
 *                           Namespaces iterate in ascending order (due windows are found from the
 *                           front); a namespace is expired as a whole when the watermark passes it.
 *   ValueState<V>           one value (e.g. the next window to fire).
 *
 * Dirty tracking is on only when the runtime takes checkpoints: `touch` after changing a value in
 * place, `put` for a new one; `snapshot` returns the changed entries and the deletes of entries a
 * previous snapshot wrote, so its cost follows the rate of change, not the size of the state.
 *
 * Stored keys: `<table>:<namespace key part><key text>` — the namespace part is prefix-free
 * (value-codec.ts), so (namespace, key) pairs never collide.
 */
import { TrackedSpace, type SnapshotSink, type SpaceOwner } from './snapshot-space.js';
import { captureSomeOf, KeyChanges, NamespacedTable } from './namespaces.js';
import { decodeKey, type Codec } from './value-codec.js';
import type { SlotSink } from './slot-entries.js';

export interface DeclaredState {
  readonly name: string;
  /**
   * Stored as runs of its namespaces (state-runs.ts: one row per namespace and checkpoint) rather than
   * one row per entry; the table keeps its stored entries within bounds itself (compaction).
   */
  readonly storedAsRuns?: boolean;
  enableTracking(): void;
  /**
   * Appends the entries changed since the last snapshot and forgets them: `prefix` + stored key to
   * `keys`, the encoded value (null for a delete) to `values`; a dropped namespace as its key prefix
   * with the value DROP_PREFIX (every stored key that starts with it is deleted). Same as beginSnapshot, then
   * encodePending until it is done.
   */
  snapshot(prefix: string, keys: string[], values: (string | null)[]): void;
  /**
   * Takes the snapshot at this instant without encoding it: deletes are appended now, changed values
   * are encoded later (encodePending), or at once when something is about to change them
   * (snapshot-space.ts). A snapshot still being encoded is finished first. `slots` (a background
   * checkpoint): where a table may put entries as numbers for the commit thread to encode instead
   * (state/slot-entries.ts); tables that have none ignore it.
   */
  beginSnapshot(prefix: string, keys: string[], values: (string | null)[], slots?: SlotSink | null): void;
  /** Encodes up to `max` values of the snapshot in progress into its arrays; true when none is left. */
  encodePending(max: number): boolean;
  /** One stored entry (key without the table prefix). */
  restoreEntry(key: string, value: string): void;
  /** After the last restoreEntry: puts loaded entries in place (in creation order where it matters). */
  finishRestore(): void;
}

export interface KeyedTableOptions<K, V> {
  readonly codec: Codec<V>;
  /** Injective text of a key (the in-memory key may be a raw value or an already encoded tuple). */
  readonly keyText: (k: K) => string;
  /** The in-memory key of a stored value (values carry their key, so restore needs no key parser). */
  readonly keyOf: (v: V) => K;
  /** Restored entries are inserted in this order (e.g. group creation order, which fixes emission order). */
  readonly order?: (v: V) => number;
}

export class KeyedStateTable<K, V> extends NamespacedTable<Map<K, V>> implements DeclaredState, SpaceOwner<K, V> {
  /** The snapshot being encoded: where its values go, and the namespaces that still hold some. */
  private sink: SnapshotSink | null = null;
  private pendingSpaces: TrackedSpace<K, V>[] = [];
  private tracking = false;
  private readonly changes: KeyChanges<K>;
  private loading: [number, V][] = [];

  constructor(readonly name: string, private readonly opts: KeyedTableOptions<K, V>) {
    super();
    this.changes = new KeyChanges(opts.keyText);
  }

  enableTracking(): void {
    this.tracking = true;
  }

  /** The namespace's entries, created empty when missing. */
  open(ns: number): Map<K, V> {
    let m = this.spaces.get(ns);
    if (m !== undefined) return m;
    // With checkpoints on, namespaces are copy-on-write (snapshot-space.ts); without, plain Maps.
    m = this.tracking ? new TrackedSpace<K, V>(ns, this) : new Map<K, V>();
    this.addSpace(ns, m);
    return m;
  }

  get(ns: number, k: K): V | undefined {
    return this.spaces.get(ns)?.get(k);
  }

  put(ns: number, k: K, v: V, space: Map<K, V> = this.open(ns)): void {
    space.set(k, v);
    if (this.tracking) this.changes.changed(ns, k);
  }

  /** The value under (ns, k) was changed in place. */
  touch(ns: number, k: K): void {
    if (this.tracking) this.changes.changed(ns, k);
  }

  /** Deletes one entry (an empty namespace stays until dropped: callers may hold its Map). */
  delete(ns: number, k: K): void {
    const m = this.spaces.get(ns);
    if (m === undefined || !m.delete(k)) return;
    if (this.tracking) this.changes.deleted(ns, k);
  }

  /** Removes a namespace and everything in it (a fired window, a pane no window needs). */
  drop(ns: number): void {
    const m = this.spaces.get(ns);
    if (m === undefined) return;
    // Values of the snapshot in progress are part of it even if their namespace goes now.
    if (m instanceof TrackedSpace) m.captureAll();
    this.removeSpace(ns);
    if (this.tracking) this.changes.droppedNamespace(ns);
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
      if (!(m instanceof TrackedSpace) || dirty.size === 0) continue;
      m.pending = dirty;
      this.pendingSpaces.push(m);
    }
  }

  encodePending(max: number): boolean {
    if (!captureSomeOf(this.pendingSpaces, max)) return false;
    this.sink = null;
    return true;
  }

  /** One value of the snapshot in progress (unsorted: the commit thread sorts by key, state/commit.ts). */
  capture(ns: number, k: K, v: V): void {
    const sink = this.sink!;
    sink.keys.push(sink.prefix + this.changes.storedKey(ns, k));
    sink.values.push(this.opts.codec.encode(v));
    this.changes.written(ns, k);
  }

  restoreEntry(key: string, value: string): void {
    const end = key.indexOf(';');
    const [ns] = decodeKey(key.slice(0, end + 1)) as [number];
    this.loading.push([ns, this.opts.codec.decode(value)]);
  }

  finishRestore(): void {
    const order = this.opts.order;
    if (order) this.loading.sort((a, b) => order(a[1]) - order(b[1]));
    for (const [ns, v] of this.loading) {
      const k = this.opts.keyOf(v);
      this.open(ns).set(k, v);
      if (this.tracking) this.changes.written(ns, k);
    }
    this.loading = [];
  }
}

/** One value of an operator (the next window to fire, a counter). */
export class ValueState<V> implements DeclaredState {
  private changed = false;
  private tracking = false;
  /** The snapshot in progress while the value it holds is not encoded yet. */
  private sink: SnapshotSink | null = null;

  constructor(readonly name: string, private value: V, private readonly codec: Codec<V>) {}

  get(): V {
    return this.value;
  }

  set(v: V): void {
    if (Object.is(v, this.value)) return;
    if (this.sink !== null) this.encodePending(1);
    this.value = v;
    if (this.tracking) this.changed = true;
  }

  enableTracking(): void {
    this.tracking = true;
  }

  snapshot(prefix: string, keys: string[], values: (string | null)[]): void {
    this.beginSnapshot(prefix, keys, values);
    this.encodePending(1);
  }

  beginSnapshot(prefix: string, keys: string[], values: (string | null)[]): void {
    if (this.sink !== null) this.encodePending(1);
    if (!this.changed) return;
    this.sink = { prefix, keys, values };
    this.changed = false;
  }

  encodePending(_max: number): boolean {
    const sink = this.sink;
    if (sink === null) return true;
    sink.keys.push(sink.prefix);
    sink.values.push(this.codec.encode(this.value));
    this.sink = null;
    return true;
  }

  restoreEntry(_key: string, value: string): void {
    this.value = this.codec.decode(value);
  }

  finishRestore(): void {}
}

