/**
 * Copy-on-write snapshots of a state table's namespace, so that taking a checkpoint costs the event
 * loop O(namespaces), not O(changed keys).
 *
 * At a checkpoint a table hands each namespace the keys that changed since the last one (`pending`):
 * their values as they are at that instant belong to the checkpoint, but are not encoded yet. They are
 * encoded afterwards, a bounded number at a time between event batches (`captureSome`), except that
 * any access that could let an operator change a pending value first encodes it as it still is:
 * `get`, `set` and `delete` of that key, and iteration or `clear` of the namespace (which expose every
 * value). Operators change values only through these (they look a group up, then update it in place
 * and `touch` it), and hold no value across batches, so every pending value is encoded exactly as it
 * was at the checkpoint — the same snapshot a synchronous encoding would have taken.
 *
 * With nothing pending (almost always), the overrides cost one field read.
 */

/** Where a snapshot's encoded entries go: stored key (`prefix` + key text) and encoded value (null: delete). */
export interface SnapshotSink {
  readonly prefix: string;
  readonly keys: string[];
  readonly values: (string | null)[];
}

export interface SpaceOwner<K, V> {
  /** Encodes one value of the snapshot in progress, as it is now. */
  capture(ns: number, k: K, v: V): void;
}

export class TrackedSpace<K, V> extends Map<K, V> {
  /** Keys changed before the snapshot in progress whose values it has not encoded yet. */
  pending: Set<K> | undefined = undefined;

  constructor(
    readonly ns: number,
    private readonly owner: SpaceOwner<K, V>,
  ) {
    super();
  }

  override get(k: K): V | undefined {
    const p = this.pending;
    if (p !== undefined && p.has(k)) this.captureKey(k);
    return super.get(k);
  }

  override set(k: K, v: V): this {
    const p = this.pending;
    if (p !== undefined && p.has(k)) this.captureKey(k);
    return super.set(k, v);
  }

  override delete(k: K): boolean {
    const p = this.pending;
    if (p !== undefined && p.has(k)) this.captureKey(k);
    return super.delete(k);
  }

  override clear(): void {
    this.captureAll();
    super.clear();
  }

  override values(): MapIterator<V> {
    this.captureAll();
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    this.captureAll();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.captureAll();
    return super[Symbol.iterator]();
  }

  override forEach(fn: (v: V, k: K, m: Map<K, V>) => void, thisArg?: unknown): void {
    this.captureAll();
    super.forEach(fn, thisArg);
  }

  /** Encodes every pending value of this namespace now. */
  captureAll(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    for (const k of p) {
      const v = super.get(k);
      if (v !== undefined) this.owner.capture(this.ns, k, v);
    }
  }

  /** Encodes up to `max` pending values; returns how many it encoded. */
  captureSome(max: number): number {
    const p = this.pending;
    if (p === undefined) return 0;
    let n = 0;
    for (const k of p) {
      if (n >= max) break;
      p.delete(k);
      n++;
      const v = super.get(k);
      if (v !== undefined) this.owner.capture(this.ns, k, v);
    }
    if (p.size === 0) this.pending = undefined;
    return n;
  }

  private captureKey(k: K): void {
    const p = this.pending!;
    p.delete(k);
    if (p.size === 0) this.pending = undefined;
    const v = super.get(k);
    if (v !== undefined) this.owner.capture(this.ns, k, v);
  }
}
