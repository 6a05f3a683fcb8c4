/**
 * Keyed state of window operators: bucket start (a window for TUMBLE, a pane for HOP) → group key →
 * accumulators, with the bucket starts kept sorted so the watermark finds due buckets from the front.
 *
 * Checkpoints are incremental: a group touched since the last checkpoint is on the dirty list (found by
 * its epoch, so marking costs one comparison per event); a purged group that a checkpoint had written is
 * on the delete list. `checkpoint()` returns just those entries, so its cost follows the rate of change.
 */
import type { Aggregation, Group } from '../aggregates/groups.js';
import type { StateEntry } from '../operator.js';

export type Bucket = Map<unknown, Group>;

const WM_KEY = 'wm';

export class WindowState {
  readonly windows = new Map<number, Bucket>();
  /** Bucket starts, ascending. Events mostly open buckets at the end, so inserts are cheap. */
  private readonly starts: number[] = [];
  /** Dirty tracking is on only when checkpoints are taken (durable state); otherwise it would grow forever. */
  tracking = false;
  private epoch = 0;
  private dirty: [number, Group][] = [];
  private deleted: string[] = [];

  constructor(private readonly agg: Aggregation) {}

  openWindow(start: number): Bucket {
    const b: Bucket = new Map();
    this.windows.set(start, b);
    const s = this.starts;
    let i = s.length;
    if (i === 0 || s[i - 1]! < start) s.push(start);
    else {
      while (i > 0 && s[i - 1]! > start) i--;
      s.splice(i, 0, start);
    }
    return b;
  }

  /** Starts of buckets, ascending, while `due(start)` holds. */
  dueWindows(due: (start: number) => boolean): number[] {
    const out: number[] = [];
    for (const s of this.starts) {
      if (!due(s)) break;
      out.push(s);
    }
    return out;
  }

  get firstStart(): number | undefined {
    return this.starts[0];
  }

  /** Bucket starts in [from, to), ascending. */
  startsIn(from: number, to: number): number[] {
    return this.starts.filter((s) => s >= from && s < to);
  }

  purge(start: number): void {
    const b = this.windows.get(start);
    if (!b) return;
    if (this.tracking) for (const g of b.values()) if (g.saved) this.deleted.push(stateKey(start, this.agg.keyFromValues(g.key)));
    this.windows.delete(start);
    const i = this.starts.indexOf(start);
    if (i >= 0) this.starts.splice(i, 1);
  }

  touch(start: number, _key: unknown, g: Group): void {
    if (this.tracking && g.epoch !== this.epoch) {
      g.epoch = this.epoch;
      this.dirty.push([start, g]);
    }
  }

  checkpoint(wm: number): StateEntry[] {
    const out: StateEntry[] = [[WM_KEY, Number.isFinite(wm) ? wm : null]];
    for (const k of this.deleted) out.push([k, null]);
    const upserts: StateEntry[] = [];
    for (const [start, g] of this.dirty) {
      const key = this.agg.keyFromValues(g.key);
      if (this.windows.get(start)?.get(key) !== g) continue; // purged since: already deleted
      upserts.push([stateKey(start, key), [start, this.agg.save(g)]]);
      g.saved = true;
    }
    // In key order, SQLite appends to B-tree pages in sequence instead of touching one page per key.
    upserts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const e of upserts) out.push(e);
    this.dirty = [];
    this.deleted = [];
    this.epoch++;
    return out;
  }

  /** Loads checkpointed buckets; returns the saved watermark. */
  restore(entries: Iterable<StateEntry>): number {
    let wm = -Infinity;
    const loaded: [number, Group][] = [];
    for (const [k, v] of entries) {
      if (k === WM_KEY) {
        wm = typeof v === 'number' ? v : -Infinity;
        continue;
      }
      if (v === null) continue;
      const [start, saved] = v as [number, unknown];
      loaded.push([start, this.agg.load(saved)]);
    }
    // Back in creation order, so windows emit their rows in the order the crashed run would have.
    loaded.sort((a, b) => a[1].ord - b[1].ord);
    for (const [start, g] of loaded) {
      const bucket = this.windows.get(start) ?? this.openWindow(start);
      bucket.set(this.agg.keyFromValues(g.key), g);
    }
    return wm;
  }
}

export function stateKey(start: number, key: unknown): string {
  const k = typeof key === 'number' ? `n${key}` : key === null ? 'N' : `s${String(key)}`;
  return `${start}|${k}`;
}
