/**
 * One client's position in one view. Invariant: the sink receives rows in strictly increasing seq order,
 * each at most once; `delivered` is the last seq handed over (what a client resumes after).
 *
 * States: catching up (own engine subscription replaying the retained log from `from`) → live (member of
 * the shared channel) → stopped. The switch happens once the replay has reached the channel's last seq.
 */
import type { Engine, OutputRow, Subscription } from '../api.js';
import type { Channel } from './subscriptions.js';
import { encodeRows } from './subscriptions.js';

export interface FollowerSink {
  /** Sends one encoded `rows` message. Returns false when the client was dropped: stop delivering. */
  sendRows(view: string, encoded: string, count: number): boolean;
}

export class Follower {
  /** Last seq handed to the sink (for 'latest', the view's last seq when following began). */
  delivered: number;
  /** Wall-clock ms of the last message to the client for this view; drives idle heartbeats. */
  lastSentAt = Date.now();
  /** The seq the first row will carry: the `subscribed` reply. */
  readonly firstSeq: number;
  /** Called once when the follower stops for any reason (unsubscribe, slow client, view gone). */
  stopHook: (() => void) | null = null;
  /** 'latest' before the first row: every live row is new by construction, so none is filtered. */
  private acceptAny = false;
  private catchUp: Subscription | null = null;
  private live = false;
  private stopped = false;

  constructor(
    readonly channel: Channel,
    private readonly sink: FollowerSink,
    private readonly engine: Engine,
    readonly from: 'latest' | 'earliest' | number,
    private readonly onStop: () => void,
  ) {
    this.delivered = from === 'latest' ? channel.lastSeq : from === 'earliest' ? 0 : from - 1;
    this.firstSeq = this.delivered + 1;
  }

  get view(): string {
    return this.channel.view;
  }

  start(): void {
    if (this.from === 'latest') {
      this.acceptAny = true;
      this.joinLive();
      return;
    }
    // The engine may replay synchronously inside subscribe(); onCatchUp copes with either timing.
    this.catchUp = this.engine.subscribe(this.view, (rows) => this.onCatchUp(rows), { from: this.from });
    // Nothing (more) to replay — e.g. 'earliest' on an empty log: join the shared channel once any
    // asynchronous replay has had its turn, instead of holding a private engine subscription until the
    // next row. `lastSeq` is exact once the channel has seen a live row and seeded from stats before.
    if (this.delivered >= this.channel.lastSeq) {
      setImmediate(() => {
        if (!this.live && !this.stopped && this.delivered >= this.channel.lastSeq) this.joinLive();
      });
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.live = false;
    this.channel.followers.delete(this);
    this.dropCatchUp();
    this.onStop();
    this.stopHook?.();
  }

  /** Called by the channel with a chunk of live rows; `encode` serializes the whole chunk once for everyone. */
  deliverLive(chunk: readonly OutputRow[], encode: () => string): void {
    if (!this.live || this.stopped) return;
    if (this.acceptAny || chunk[0]!.seq > this.delivered) {
      this.acceptAny = false;
      this.push(chunk, encode());
    } else {
      this.deliverFiltered(chunk);
    }
  }

  private onCatchUp(rows: readonly OutputRow[]): void {
    if (this.live || this.stopped) return;
    this.deliverFiltered(rows);
    if (!this.stopped && this.delivered >= this.channel.lastSeq) this.joinLive();
  }

  private deliverFiltered(rows: readonly OutputRow[]): void {
    let start = 0;
    while (start < rows.length && rows[start]!.seq <= this.delivered) start++;
    if (start === rows.length) return;
    const fresh = start === 0 ? rows : rows.slice(start);
    for (let i = 0; i < fresh.length && !this.stopped; i += 500) {
      const part = fresh.length <= 500 ? fresh : fresh.slice(i, i + 500);
      this.push(part, encodeRows(this.view, part));
    }
  }

  private push(rows: readonly OutputRow[], encoded: string): void {
    // `delivered` moves only once the rows are really out: a refused send (slow client) must leave it
    // pointing at the last row the client can have, which is where it resumes.
    if (!this.sink.sendRows(this.view, encoded, rows.length)) {
      this.stop();
      return;
    }
    this.delivered = rows[rows.length - 1]!.seq;
    this.lastSentAt = Date.now();
  }

  private joinLive(): void {
    this.live = true;
    this.channel.followers.add(this);
    this.dropCatchUp();
  }

  private dropCatchUp(): void {
    const sub = this.catchUp;
    if (!sub) return;
    this.catchUp = null;
    // Deferred: we may be inside this very subscription's callback, and an engine that iterates its
    // listener array while we remove ourselves could skip another listener. Rows that still arrive on it
    // meanwhile are ignored (live/stopped), so the deferral costs nothing in correctness.
    queueMicrotask(() => {
      try {
        sub.unsubscribe();
      } catch {
        /* the view may already be gone */
      }
    });
  }
}
