/**
 * Live results the console keeps per view: the view's stream from its oldest retained row, folded by the
 * REPL's LiveQuery (append rows grow; a changelog is applied so the table holds the current result).
 * A feed is opened the first time a view is shown and kept, so switching views is instant and the chart
 * keeps its history. Components listen for changes; notifications are coalesced to a few per second so a
 * busy view does not re-render on every batch.
 */
import { LiveQuery } from '../repl/live-query.js';
import type { Change, Column, From, StreamHandlers, Subscription, TumbleClient } from '../src/client/index.js';

/** Rows of an append-only view's history a feed starts with. */
const TAIL = 2000;

type Listener = () => void;

export class Feed {
  table: LiveQuery;
  watermark: string | null = null;
  error: string | null = null;
  /** Seq ranges the server no longer retained when this feed caught up. */
  gaps = 0;
  private sub: Subscription | null = null;
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly name: string, columns: readonly Column[], mode: 'append' | 'changelog') {
    this.table = new LiveQuery(name, name, columns.map((c) => ({ ...c, nullable: true })), mode);
  }

  /** Starts the table over (a query restarted after a reconnect, or its columns became known). */
  reset(columns: readonly Column[], mode: 'append' | 'changelog' = 'append'): void {
    this.table = new LiveQuery(this.name, this.name, columns.map((c) => ({ ...c, nullable: true })), mode);
    this.changed();
  }

  listen(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Coalesces bursts of changes into one notification per 200 ms. */
  changed(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const l of this.listeners) l();
    }, 200);
  }

  apply(rows: readonly Change[]): void {
    this.table.apply(rows);
    this.changed();
  }

  async open(start: (handlers: StreamHandlers) => Promise<Subscription>): Promise<void> {
    try {
      this.sub = await start({
        onRows: (rows) => this.apply(rows),
        onProgress: (wm) => {
          this.watermark = wm;
          this.changed();
        },
        onGap: () => {
          this.gaps++;
          this.changed();
        },
        onError: (e) => {
          this.error = e.message;
          this.changed();
        },
      });
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.changed();
    }
  }

  async close(): Promise<void> {
    await this.sub?.close();
    this.sub = null;
  }
}

/** One feed per named view, opened on first use. */
export class Feeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly client: TumbleClient) {}

  get(view: { name: string; columns: readonly Column[]; mode: 'append' | 'changelog' }): Feed {
    let feed = this.feeds.get(view.name);
    if (!feed) {
      const f = new Feed(view.name, view.columns, view.mode);
      feed = f;
      this.feeds.set(view.name, f);
      void f.open(async (h) => this.client.subscribe(view.name, { ...h, from: await this.startFor(view) }));
    }
    return feed;
  }

  /**
   * Where a feed starts. A changelog is replayed from its oldest retained row, since its current result
   * folds every change; an append-only view starts at its last TAIL rows, which is what a table and a
   * chart show anyway, so opening a view with a long history does not pull all of it into the page.
   */
  private async startFor(view: { name: string; mode: 'append' | 'changelog' }): Promise<From> {
    if (view.mode === 'changelog') return 'earliest';
    try {
      const last = (await this.client.stats()).views.find((v) => v.view === view.name)?.lastSeq ?? 0;
      return last > TAIL ? last - TAIL + 1 : 'earliest';
    } catch {
      return 'earliest';
    }
  }

  /** A view dropped or redefined: its feed starts over next time. */
  forget(name: string): void {
    const f = this.feeds.get(name);
    this.feeds.delete(name);
    void f?.close();
  }

  names(): string[] {
    return [...this.feeds.keys()];
  }
}
