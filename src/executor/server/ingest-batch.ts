/**
 * Inserts coalesced per socket read. A producer sending one row per message would otherwise cost one
 * engine push — with a state file, one input-log transaction — per row. Inserts read in one socket read
 * are queued and pushed together, one push per run of messages for the same source, right before the
 * read's replies are written; each message still gets its own `ack` (its id, its accepted count, its per-row
 * errors indexed within it), sent only after the push returned, i.e. once its rows are durable.
 * Any other message flushes the queue first, so replies keep the order of the requests.
 */
import type { PushResult } from '../api.js';
import { insertRowsText, joinRowsTexts } from './rows-text.js';

export interface QueuedInsert {
  readonly source: string;
  readonly id: string | number | undefined;
  readonly rows: readonly unknown[];
  /**
   * The text of the insert frame the rows came from (a frame that passed the insert schema, protocol.ts):
   * their JSON text is cut from it (rows-text.ts) if the engine asks; null/absent: the engine encodes them.
   */
  readonly frame?: string | null;
}

export interface InsertTarget {
  /** `rowsText`: the rows' JSON text as the frames spelled it (null: not at hand), computed on call. */
  push(source: string, rows: readonly unknown[], rowsText: () => string | null): PushResult;
  ack(q: QueuedInsert, accepted: number, offset: number, errors: { index: number; reason: string }[]): void;
  fail(q: QueuedInsert, e: unknown): void;
}

export class InsertBatcher {
  private queue: QueuedInsert[] = [];

  constructor(private readonly target: InsertTarget) {}

  get pending(): boolean {
    return this.queue.length > 0;
  }

  add(q: QueuedInsert): void {
    this.queue.push(q);
  }

  flush(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    let i = 0;
    while (i < queue.length) {
      let j = i + 1;
      while (j < queue.length && queue[j]!.source === queue[i]!.source) j++;
      this.pushRun(queue.slice(i, j));
      i = j;
    }
  }

  private pushRun(run: readonly QueuedInsert[]): void {
    const rows = run.length === 1 ? run[0]!.rows : run.flatMap((q) => q.rows);
    // Cut from the frames only when asked (a rejected row): otherwise it is a scan of every frame for nothing.
    const text = (): string | null => joinRowsTexts(run.map((q) => (q.frame === null || q.frame === undefined ? null : insertRowsText(q.frame))));
    let result: PushResult;
    try {
      result = this.target.push(run[0]!.source, rows, text);
    } catch (e) {
      for (const q of run) this.target.fail(q, e);
      return;
    }
    // Rejections carry indexes into the combined rows: hand each back to its message, re-based.
    const rejected = [...result.rejected].sort((a, b) => a.index - b.index);
    let r = 0;
    let base = 0;
    for (const q of run) {
      const end = base + q.rows.length;
      const errors: { index: number; reason: string }[] = [];
      while (r < rejected.length && rejected[r]!.index < end) {
        errors.push({ index: rejected[r]!.index - base, reason: rejected[r]!.reason });
        r++;
      }
      this.target.ack(q, q.rows.length - errors.length, result.offset, errors);
      base = end;
    }
  }
}
