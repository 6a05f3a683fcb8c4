/**
 * One client's position in one view. Invariant: the sink receives rows in strictly increasing seq order,
 * each at most once; `delivered` is the last seq handed over (what a client resumes after).
 *
 *   catching up ──(backlog drained and delivered ≥ channel.lastSeq)──► live ──► stopped
 *
 * Catching up: a private engine subscription replays the retained log from `from` (the engine hands it over
 * in one go) and keeps delivering live rows; all of it lands in `backlog`, which is pumped to the client only
 * as fast as its socket drains (`sink.room()`), so a large replay never trips the slow-consumer budget of a
 * client that reads fine. The backlog is capped: a client that cannot keep up even then is dropped.
 * Live: a member of the shared channel, receiving the batch serialized once for all followers.
 */
import type { Engine, OutputRow, Subscription } from '../api.js';
import type { Channel } from './subscriptions.js';
import { encodeRows } from './subscriptions.js';

export const ROWS_PER_MESSAGE = 500;
/** Rows a catching-up follower may hold beyond what its socket has taken (above the engine's retention). */
export const MAX_BACKLOG_ROWS = 250_000;

export interface FollowerSink {
  /** Sends one encoded `rows` message; `onWritten` fires once it left the process. False: client dropped. */
  sendRows(view: string, encoded: string, count: number, onWritten?: () => void): boolean;
  /** Bytes a replay may queue now (0 when the socket is busy enough). */
  room(): number;
  /** The client cannot keep up with its own backlog: drop it as a slow consumer. */
  overflow(): void;
}

export class Follower {
  /** Last seq handed to the sink (for 'latest', the view's last seq when following began). */
  delivered: number;
  /** The seq the first row will carry: the `subscribed` reply. */
  readonly firstSeq: number;
  /** Wall-clock ms of the last message to the client for this view; drives idle heartbeats. */
  lastSentAt = Date.now();
  /** Called once when the follower stops for any reason (unsubscribe, slow client, view gone). */
  stopHook: (() => void) | null = null;
  /** 'latest' before the first row: every live row is new by construction, so none is filtered. */
  private acceptAny = false;
  private catchUp: Subscription | null = null;
  private backlog: OutputRow[] = [];
  private head = 0;
  /** Seq of the last row queued in the backlog (≥ delivered). */
  private queued: number;
  private released = false;
  private pumping = false;
  private retry: NodeJS.Timeout | null = null;
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
    this.queued = this.delivered;
    this.firstSeq = this.delivered + 1;
  }

  get view(): string {
    return this.channel.view;
  }

  /** Subscribes. Nothing reaches the sink before `release()`, so the caller can answer `subscribed` first. */
  start(): void {
    if (this.from === 'latest') {
      this.acceptAny = true;
      this.live = true; // live rows arrive on later engine turns, after the caller's reply
      this.channel.followers.add(this);
      return;
    }
    this.catchUp = this.engine.subscribe(this.view, (rows) => this.onCatchUp(rows), { from: this.from });
  }

  release(): void {
    this.released = true;
    this.pump();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.live = false;
    this.backlog = [];
    if (this.retry) clearTimeout(this.retry);
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
      this.send(chunk, encode());
      return;
    }
    const fresh = chunk.filter((r) => r.seq > this.delivered);
    if (fresh.length > 0) this.send(fresh, encodeRows(this.view, fresh));
  }

  private onCatchUp(rows: readonly OutputRow[]): void {
    if (this.live || this.stopped) return;
    for (const r of rows) {
      if (r.seq <= this.queued) continue;
      this.backlog.push(r);
      this.queued = r.seq;
    }
    if (this.backlog.length - this.head > MAX_BACKLOG_ROWS) {
      this.sink.overflow();
      return;
    }
    this.pump();
  }

  /** Sends backlog chunks while the socket has room; the last write's completion (or a timer) resumes it. */
  private pump(): void {
    if (!this.released || this.stopped || this.live || this.pumping) return;
    this.pumping = true;
    try {
      let waitingOnWrite = false;
      while (this.head < this.backlog.length && this.sink.room() > 0 && !this.stopped) {
        const part = this.backlog.slice(this.head, this.head + ROWS_PER_MESSAGE);
        this.head += part.length;
        const more = this.head < this.backlog.length;
        if (!this.send(part, encodeRows(this.view, part), more ? () => this.pump() : undefined)) return;
        waitingOnWrite = more;
      }
      if (this.stopped) return;
      if (this.head >= this.backlog.length) {
        this.backlog = [];
        this.head = 0;
        if (this.delivered >= this.channel.lastSeq) this.joinLive();
        else this.later(); // the channel is ahead: its rows are on their way through our subscription
      } else if (!waitingOnWrite) {
        this.later(); // no room (other views filled the socket): look again shortly
      }
      if (this.head > 65_536) {
        this.backlog = this.backlog.slice(this.head);
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
  }

  private later(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.pump();
    }, 5);
    this.retry.unref();
  }

  private send(rows: readonly OutputRow[], encoded: string, onWritten?: () => void): boolean {
    // `delivered` moves only once the rows are really out: a refused send (slow client) must leave it
    // pointing at the last row the client can have, which is where it resumes.
    if (!this.sink.sendRows(this.view, encoded, rows.length, onWritten)) {
      this.stop();
      return false;
    }
    this.delivered = rows[rows.length - 1]!.seq;
    this.lastSentAt = Date.now();
    return true;
  }

  private joinLive(): void {
    this.live = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
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
