/**
 * What the keyed state tables (state-table.ts, aggregates/group-table.ts) share about namespaces — a
 * window or pane start under which keys live:
 *   NamespaceOrder  the namespaces in ascending order (due windows are found from the front, ranges by
 *                   binary search);
 *   NamespacedTable the base of both tables: their spaces by namespace, kept in that order, and how
 *                   operators walk them;
 *   captureSomeOf   a snapshot's entries encoded a bounded number at a time, space after space;
 *   Removals        the deletes the next checkpoint must write: stored keys deleted one by one, and
 *                   namespaces dropped whole as one range delete of their stored key prefix (a fired
 *                   window of 100k keys is one statement, not 100k);
 *   KeyChanges      Removals plus the keys changed since the last snapshot, by key (KeyedStateTable;
 *                   GroupTable tracks its changes by slot, state/slot-set.ts).
 * Stored keys are `encodeKeyPart(ns)` followed by the key's text, so a namespace's keys share a prefix.
 */
import { DROP_PREFIX } from './codec.js';
import { encodeKeyPart } from './value-codec.js';

class NamespaceOrder {
  /** Ascending. New namespaces are mostly the newest, so inserts are mostly appends. */
  private readonly o: number[] = [];

  add(ns: number): void {
    const o = this.o;
    if (o.length === 0 || o[o.length - 1]! < ns) o.push(ns);
    else o.splice(lowerBound(o, ns), 0, ns);
  }

  remove(ns: number): void {
    const o = this.o;
    if (o[0] === ns) o.shift();
    else {
      const i = lowerBound(o, ns);
      if (o[i] === ns) o.splice(i, 1);
    }
  }

  get first(): number | undefined {
    return this.o[0];
  }

  /** Namespaces in [from, to), ascending. */
  within(from: number, to: number): number[] {
    const o = this.o;
    const out: number[] = [];
    for (let i = lowerBound(o, from); i < o.length && o[i]! < to; i++) out.push(o[i]!);
    return out;
  }

  /** Namespaces from the front while `due` holds (a copy: the caller may drop them). */
  while(due: (ns: number) => boolean): number[] {
    const out: number[] = [];
    for (const ns of this.o) {
      if (!due(ns)) break;
      out.push(ns);
    }
    return out;
  }
}

/** Spaces (a namespace's keys) by namespace, kept in namespace order; the base of both keyed tables. */
export abstract class NamespacedTable<S extends { readonly size: number }> {
  protected readonly spaces = new Map<number, S>();
  private readonly order = new NamespaceOrder();

  space(ns: number): S | undefined {
    return this.spaces.get(ns);
  }

  protected addSpace(ns: number, space: S): void {
    this.spaces.set(ns, space);
    this.order.add(ns);
  }

  protected removeSpace(ns: number): void {
    this.spaces.delete(ns);
    this.order.remove(ns);
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

  /** Entries over all namespaces. */
  get size(): number {
    let n = 0;
    for (const m of this.spaces.values()) n += m.size;
    return n;
  }
}

/** A space whose part of a snapshot is encoded a bounded number of entries at a time. */
export interface PendingSpace {
  readonly pending: unknown;
  captureSome(max: number): number;
}

/**
 * Encodes up to `max` entries of the snapshot in progress from the front of `spaces`, removing each space
 * once it has none left; true when none is left.
 */
export function captureSomeOf(spaces: PendingSpace[], max: number): boolean {
  let n = 0;
  while (spaces.length > 0 && n < max) {
    const m = spaces[0]!;
    n += m.captureSome(max - n);
    if (m.pending === undefined) spaces.shift();
  }
  return spaces.length === 0;
}

/** Deletes the next snapshot must write (stored keys without the table prefix). */
export class Removals {
  private deletes: string[] = [];
  /** Namespaces dropped since the last snapshot that a snapshot had written (their stored key prefix). */
  private dropped: string[] = [];

  /** One stored entry deleted. */
  key(storedKey: string): void {
    this.deletes.push(storedKey);
  }

  /** A namespace dropped whole whose entries a snapshot had written: one range delete of its prefix. */
  namespace(ns: number): void {
    this.dropped.push(encodeKeyPart(ns));
  }

  /** Appends the range deletes (value DROP_PREFIX), then the deletes (value null), under `prefix`, and forgets them. */
  take(prefix: string, keys: string[], values: (string | null)[]): void {
    for (const ns of this.dropped) {
      keys.push(prefix + ns);
      values.push(DROP_PREFIX);
    }
    this.dropped = [];
    for (const k of this.deletes) {
      keys.push(prefix + k);
      values.push(null);
    }
    this.deletes = [];
  }
}

export class KeyChanges<K> {
  private dirty = new Map<number, Set<K>>();
  private lastNs = NaN;
  private lastDirty: Set<K> | undefined;
  /** Keys a snapshot has written and that still exist (deleting them must reach the store). */
  private readonly persisted = new Map<number, Set<K>>();
  private readonly removals = new Removals();

  constructor(private readonly keyText: (k: K) => string) {}

  changed(ns: number, k: K): void {
    let d = ns === this.lastNs ? this.lastDirty : this.dirty.get(ns);
    if (d === undefined) this.dirty.set(ns, (d = new Set()));
    this.lastNs = ns;
    this.lastDirty = d;
    d.add(k);
  }

  deleted(ns: number, k: K): void {
    this.dirty.get(ns)?.delete(k);
    const p = this.persisted.get(ns);
    if (p !== undefined && p.delete(k)) this.removals.key(this.storedKey(ns, k));
  }

  /** A namespace dropped whole: one range delete of its stored prefix if a snapshot had written any of it. */
  droppedNamespace(ns: number): void {
    this.dirty.delete(ns);
    if (ns === this.lastNs) this.lastNs = NaN;
    if (this.persisted.delete(ns)) this.removals.namespace(ns);
  }

  /** (ns, k) is in the store now (a snapshot wrote it, or a restore read it). */
  written(ns: number, k: K): void {
    let p = this.persisted.get(ns);
    if (p === undefined) this.persisted.set(ns, (p = new Set()));
    p.add(k);
  }

  /**
   * Starts a snapshot: appends the removals under `prefix` (Removals.take) and hands over the keys
   * changed since the last snapshot, by namespace.
   */
  take(prefix: string, keys: string[], values: (string | null)[]): Map<number, Set<K>> {
    this.removals.take(prefix, keys, values);
    const dirty = this.dirty;
    this.dirty = new Map();
    this.lastNs = NaN;
    this.lastDirty = undefined;
    return dirty;
  }

  storedKey(ns: number, k: K): string {
    return encodeKeyPart(ns) + this.keyText(k);
  }
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
