/**
 * Dense ids for the group keys of a GroupTable's namespaces, so that merging namespaces per key needs no
 * Map: HOP fires a window by merging its size/slide panes key by key, and with ids a key's merged slot
 * is one Int32Array read (`slotOfId[id]`) instead of an insert into a Map built per firing.
 *
 *   pane p0: slot → id   [7, 3, 9]      dictionary: key → id, and per id the number of panes holding it
 *   pane p1: slot → id   [3, 4]         a key's id lives while a pane whose ids were asked for holds it
 *
 * A namespace's ids are worked out when first asked for (one dictionary look-up per group, where a Map
 * per firing cost one per group and window it is merged into) and extended when groups were added to
 * it since (late rows). Transient: derived from the groups, never stored; a restored operator starts
 * with none. Groups are never deleted from the namespaces this serves (window panes), so a namespace's
 * group count only grows and its slots are never reused while it lives.
 */
import { GroupIndex } from './group-index.js';
import type { GroupSpace } from './group-table.js';

/** Ids by slot of one namespace (-1: not worked out yet), how many of its groups have one, and the slots' end. */
interface SpaceIds {
  ids: Int32Array;
  known: number;
  end: number;
}

export class KeyIds {
  /** Key → id (int32 keys in a typed table: GroupIndex). */
  private readonly dictionary = new GroupIndex();
  /** Key of each id in use. */
  private readonly keys: unknown[] = [];
  /** Namespaces holding each id. */
  private refs = new Int32Array(1024);
  private readonly free: number[] = [];
  /** Ids handed out so far: every id is below it. */
  private top = 0;
  private readonly spaces = new Map<number, SpaceIds>();
  /** Arrays of dropped namespaces, for the next ones. */
  private readonly spare: Int32Array[] = [];

  /** An upper bound of the ids in use (+1): what an array indexed by id needs. */
  get capacity(): number {
    return this.top;
  }

  /** Ids by slot of `space`'s groups; every group in it has one until the space changes. */
  of(space: GroupSpace): Int32Array {
    let e = this.spaces.get(space.ns);
    if (e === undefined) {
      e = { ids: this.array(space.store.slotsUsed), known: 0, end: 0 };
      this.spaces.set(space.ns, e);
    }
    if (e.known === space.size) return e.ids;
    if (e.ids.length < space.store.slotsUsed) {
      const a = this.array(space.store.slotsUsed);
      a.set(e.ids);
      e.ids = a;
    }
    const ids = e.ids;
    const store = space.store;
    for (const s of space.slots()) {
      if (ids[s]! >= 0) continue;
      ids[s] = this.acquire(store.mapKey(s));
    }
    e.known = space.size;
    e.end = store.slotsUsed;
    return ids;
  }

  /** Namespace `ns` is dropped: its groups no longer hold their keys' ids. */
  drop(ns: number): void {
    const e = this.spaces.get(ns);
    if (e === undefined) return;
    this.spaces.delete(ns);
    const ids = e.ids;
    const refs = this.refs;
    for (let s = 0, end = e.end; s < end; s++) {
      const id = ids[s]!;
      if (id < 0 || --refs[id]! > 0) continue;
      this.dictionary.delete(this.keys[id]);
      this.keys[id] = undefined;
      this.free.push(id);
    }
    if (this.spare.length < 2) this.spare.push(ids);
  }

  private acquire(key: unknown): number {
    let id = this.dictionary.get(key);
    if (id < 0) {
      id = this.free.pop() ?? -1;
      if (id < 0) {
        id = this.top++;
        if (id >= this.refs.length) {
          const r = new Int32Array(this.refs.length * 2);
          r.set(this.refs);
          this.refs = r;
        }
      }
      this.dictionary.set(key, id);
      this.keys[id] = key;
    }
    this.refs[id]!++;
    return id;
  }

  /** An Int32Array of at least `n` entries, all -1. */
  private array(n: number): Int32Array {
    const spare = this.spare.pop();
    const a = spare !== undefined && spare.length >= n ? spare : new Int32Array(Math.max(16, n * 2));
    a.fill(-1);
    return a;
  }
}
