/**
 * Splits: the independently positioned parts of a source (a file is one split; each partition of a
 * partitioned log is one). Each split has its own offset (where its connector resumes after a restart)
 * and its own watermark (the running max of the source's WATERMARK expression over the split's rows),
 * and may be idle. The source's watermark is the minimum over its active splits, never moving back:
 *
 *   split p0: ──5──────9──────────        source: 3 → 5 (p1 reaches 7) → 9 once p1 goes idle
 *   split p1: ──3──7──(idle)──────
 *
 * Idleness is its own state, never a made-up watermark: an idle split keeps its watermark and stops
 * holding the minimum back; its next row makes it active again. When every split is idle the source
 * is idle (its readers stop counting it, see WatermarkHolder), at the highest watermark of its splits.
 */

/** A split's position, as its connector understands it (a line count, a stream sequence, a generator count). */
export type SplitOffset = number | string;

export class SourceSplit {
  /** Where the connector resumes: restored from the last checkpoint, then whatever the connector recorded. */
  offset: SplitOffset | null = null;
  wm = -Infinity;
  idle = false;
  /** Rows handed over so far in this run (the idle clock watches it). */
  rows = 0;

  constructor(readonly id: string) {}
}

/** What a checkpoint stores per split (JSON inside the source's offset entry). */
export interface StoredSplit {
  readonly offset?: SplitOffset | null;
  readonly wm?: number | null;
  /** Idle at the checkpoint: it comes back idle (until its next row), not holding the others back. */
  readonly idle?: boolean;
}

/** The splits of one source and their combined watermark. */
export class SplitSet {
  private readonly byId = new Map<string, SourceSplit>();
  readonly list: SourceSplit[] = [];
  /** Restored from a checkpoint, for splits their connector has not opened yet. */
  private readonly stored = new Map<string, StoredSplit>();

  /** The split with this id, declared on first use (with its checkpointed offset and watermark, if any). */
  get(id: string): SourceSplit {
    let s = this.byId.get(id);
    if (s === undefined) {
      s = new SourceSplit(id);
      const saved = this.stored.get(id);
      if (saved) {
        s.offset = saved.offset ?? null;
        if (typeof saved.wm === 'number') s.wm = saved.wm;
        if (saved.idle === true) s.idle = true;
      }
      this.byId.set(id, s);
      this.list.push(s);
    }
    return s;
  }

  /** A split the source no longer reads (a partition given to another worker): it stops counting. */
  remove(id: string): boolean {
    const s = this.byId.get(id);
    if (!s) return false;
    this.byId.delete(id);
    this.list.splice(this.list.indexOf(s), 1);
    return true;
  }

  /** Every split is idle (also when there is none left: nothing can hold a reader back). */
  get allIdle(): boolean {
    const l = this.list;
    for (let i = 0; i < l.length; i++) if (!l[i]!.idle) return false;
    return true;
  }

  /**
   * The minimum over active splits' watermarks; when every split is idle, their maximum (nothing will
   * move any more: the same rule as an operator's inputs, see WatermarkHolder); null without splits.
   */
  minimum(): number | null {
    let m = Infinity;
    let max = -Infinity;
    let any = false;
    for (const s of this.list) {
      if (s.wm > max) max = s.wm;
      if (s.idle) continue;
      any = true;
      if (s.wm < m) m = s.wm;
    }
    if (any) return m;
    return this.list.length > 0 ? max : null;
  }

  snapshot(): Record<string, StoredSplit> {
    const out: Record<string, StoredSplit> = {};
    for (const [id, saved] of this.stored) out[id] = saved;
    for (const s of this.list) out[s.id] = { offset: s.offset, wm: Number.isFinite(s.wm) ? s.wm : null, ...(s.idle ? { idle: true } : {}) };
    return out;
  }

  restore(stored: Record<string, StoredSplit>): void {
    for (const [id, saved] of Object.entries(stored)) {
      this.stored.set(id, saved);
      const s = this.byId.get(id);
      if (s) {
        s.offset = saved.offset ?? null;
        if (typeof saved.wm === 'number') s.wm = saved.wm;
        s.idle = saved.idle === true;
      }
    }
  }
}
