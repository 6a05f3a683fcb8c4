/**
 * A view (or ad-hoc query) the client follows, and what it takes to resume it. The client remembers the
 * last seq it handed to the program; after a reconnect it subscribes again from that seq + 1, and it drops
 * any row at or below it, so a program sees every seq once, in order, across any number of reconnects:
 *
 *   seq  1 2 3 | connection lost | 4 5 6 ...     subscribe {from: 4}
 *
 * A jump in seq (the server's retention already dropped rows) is reported through `onGap`, not hidden.
 * Ad-hoc queries end on the server when their connection does; after a reconnect one is sent again and its
 * rows start over, which `onRestart` announces so the program can reset what it built from them.
 */
import type { Change, Column, From, JsonRow } from './types.js';
import type { ConnectionError, ServerError } from './types.js';

export interface StreamHandlers<T = JsonRow> {
  /** Rows in seq order, each seq once. */
  onRows?(rows: readonly Change<T>[]): void;
  /** Heartbeat of an idle view: its input watermark (ISO-8601, null when none) and the last seq sent. */
  onProgress?(watermark: string | null, seq: number): void;
  /** Seqs `from`..`to` are no longer retained by the server and will never arrive. */
  onGap?(from: number, to: number): void;
  /** An ad-hoc query was started again after a reconnect (possibly under a new name): its rows start over. */
  onRestart?(view: string, columns: readonly Column[]): void;
  /** An error about this stream that answers no request (e.g. the view was dropped). */
  onError?(error: ServerError | ConnectionError): void;
}

export type StreamKind = { readonly kind: 'view'; readonly from: From } | { readonly kind: 'query'; readonly sql: string };

export class Stream<T = JsonRow> {
  /** The server's canonical name (a query's generated name); set by the `subscribed` reply. */
  view: string;
  columns: readonly Column[] = [];
  /** The last seq handed to the program (0: none yet). */
  lastSeq = 0;
  /** Where to resume when nothing was handed over yet: the seq the server said would come next. */
  private firstSeq: number | null = null;
  active = true;

  constructor(
    requested: string,
    readonly kind: StreamKind,
    readonly handlers: StreamHandlers<T>,
  ) {
    this.view = requested;
  }

  /** The `from` of a (re)subscription. */
  resumeFrom(): From {
    if (this.kind.kind === 'query') return 'earliest';
    if (this.lastSeq > 0) return this.lastSeq + 1;
    return this.firstSeq ?? this.kind.from;
  }

  /** A `subscribed` reply. For a query after a reconnect, a restart: the program resets. */
  subscribed(view: string, seq: number, columns: readonly Column[] | undefined, restart: boolean): void {
    this.view = view;
    if (columns !== undefined) this.columns = columns;
    if (this.firstSeq === null || restart) this.firstSeq = seq;
    if (restart) {
      this.lastSeq = 0;
      this.handlers.onRestart?.(view, this.columns);
    }
  }

  /** Filters duplicates (seq ≤ last), reports gaps, hands the rest to the program. */
  deliver(rows: readonly Change[]): void {
    if (!this.active) return;
    const fresh: Change<T>[] = [];
    for (const r of rows) {
      if (r.seq <= this.lastSeq) continue;
      const expected = this.lastSeq > 0 ? this.lastSeq + 1 : (this.firstSeq ?? r.seq);
      if (r.seq > expected) this.handlers.onGap?.(expected, r.seq - 1);
      this.lastSeq = r.seq;
      fresh.push(r as Change<T>);
    }
    if (fresh.length > 0) this.handlers.onRows?.(fresh);
  }

  progress(watermark: string | null, seq: number): void {
    if (this.active) this.handlers.onProgress?.(watermark, seq);
  }
}
