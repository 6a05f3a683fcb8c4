/**
 * One client's position in one view. Invariant: the sink receives rows in strictly increasing seq order,
 * each at most once; `delivered` is the last seq handed over (what a client resumes after).
 *
 *   paging ──(log read to its end)──► tail ──(backlog drained)──► live ──► stopped
 *
 * paging: pages of the engine's output log (`readLog`: the durable log when there is a state file, so a
 *   resume works across engine restarts) are sent only as fast as the socket drains (`sink.room()`), so a
 *   large replay never trips the slow-consumer budget of a client that reads fine, and memory stays at
 *   one page.
 * tail: a private `subscribe(from: delivered + 1)` picks up what the log read did not have yet (rows not
 *   checkpointed yet) plus live rows, into a backlog that is pumped the same way (capped: a client that
 *   cannot keep up even then is dropped).
 * live: a member of the shared channel, receiving each batch serialized once for all followers. Joining
 *   once the backlog is empty is safe in any order of engine callbacks: every row emitted so far went
 *   through the tail subscription, and rows at or below `delivered` are dropped.
 */
import type { Engine, OutputRow, Subscription } from '../api.js';
import type { Channel } from './subscriptions.js';
import { encodeRows } from './subscriptions.js';
import type { RowFilter } from './row-filter.js';

/**
 * Rows per `rows` message, live or replayed (docs/protocol.md): 1,024, the rows of one chunk of a firing
 * (`tumbleql run`'s default `--slice-rows`, and the chunks of a firing without slices,
 * UNPACED_CHUNK_ROWS), so such a chunk leaves in one websocket frame and one socket write. At 500 a
 * 1,024-row chunk left as three (500, 500 and 24 rows): a 100k-row window was ~300 frames, each paying
 * the frame header, the socket's write path and a writev of its own. ~140 KB per message at ~140 bytes a row.
 */
export const ROWS_PER_MESSAGE = 1024;
/** Rows per readLog call while paging. */
const PAGE_ROWS = 2000;
/** Rows a catching-up follower may hold beyond what its socket has taken (above the engine's retention). */
export const MAX_BACKLOG_ROWS = 250_000;

/**
 * Live rows for followers, encoded once for all of them: `count` rows with seqs from firstSeq to lastSeq
 * (all of them for a channel's chunk; a filtered group skips some); `rows` builds the objects.
 */
export interface LiveChunk {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly count: number;
  encode(): Buffer;
  rows(): readonly OutputRow[];
}

export interface FollowerSink {
  /** Sends one encoded `rows` message; `onWritten` fires once it left the process. False: client dropped. */
  sendRows(view: string, encoded: string | Buffer, count: number, onWritten?: () => void): boolean;
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
  private mode: 'paging' | 'tail' | 'live' | 'stopped' = 'paging';
  private released = false;
  private pumping = false;
  private retry: NodeJS.Timeout | null = null;
  /** Highest seq the tail subscription has shown (a filtered follower skips rows without sending them). */
  private tailSeen = 0;

  constructor(
    readonly channel: Channel,
    private readonly sink: FollowerSink,
    private readonly engine: Engine,
    readonly from: 'latest' | 'earliest' | number,
    private readonly onStop: () => void,
    /** Only rows matching this reach the sink (row-filter.ts); `delivered` still moves past the others. */
    readonly filter: RowFilter | null = null,
  ) {
    this.delivered = from === 'latest' ? channel.lastSeq : from === 'earliest' ? 0 : from - 1;
    this.firstSeq = this.delivered + 1;
  }

  get view(): string {
    return this.channel.view;
  }

  private get stopped(): boolean {
    return this.mode === 'stopped';
  }

  /** Subscribes. Nothing reaches the sink before `release()`, so the caller can answer `subscribed` first. */
  start(): void {
    if (this.from === 'latest') {
      this.acceptAny = true;
      this.joinLive(); // live rows arrive on later engine turns, after the caller's reply
      return;
    }
    this.engine.readLog(this.view, this.delivered + 1, 1); // fails now, not mid-stream, if the view cannot be read
  }

  release(): void {
    this.released = true;
    this.pump();
  }

  stop(): void {
    if (this.stopped) return;
    this.mode = 'stopped';
    this.backlog = [];
    if (this.retry) clearTimeout(this.retry);
    this.channel.leave(this);
    this.dropCatchUp();
    this.onStop();
    this.stopHook?.();
  }

  /** Called by the channel with a chunk of live rows; `encode` serializes the whole chunk once for everyone. */
  deliverLive(chunk: LiveChunk): void {
    if (this.mode !== 'live') return;
    if (this.acceptAny || chunk.firstSeq > this.delivered) {
      this.acceptAny = false;
      this.sendLive(chunk.count, chunk.lastSeq, chunk.encode());
      return;
    }
    const fresh = chunk.rows().filter((r) => r.seq > this.delivered);
    if (fresh.length > 0) this.send(fresh, encodeRows(this.view, fresh));
  }

  private onTail(rows: readonly OutputRow[]): void {
    if (this.mode !== 'tail') return;
    const last = Math.max(this.tailSeen, this.backlog.length > 0 ? this.backlog[this.backlog.length - 1]!.seq : this.delivered);
    const match = this.filter?.match;
    for (const r of rows) if (r.seq > last && (!match || match(r))) this.backlog.push(r);
    if (rows.length > 0) this.tailSeen = Math.max(last, rows[rows.length - 1]!.seq);
    if (this.backlog.length - this.head > MAX_BACKLOG_ROWS) {
      this.sink.overflow();
      return;
    }
    this.pump();
  }

  /** Moves rows toward the client while its socket has room; a write completion or a timer resumes it. */
  private pump(): void {
    if (!this.released || this.pumping || (this.mode !== 'paging' && this.mode !== 'tail')) return;
    this.pumping = true;
    try {
      if (this.mode === 'paging') this.pumpLog();
      if (this.mode === 'tail') this.pumpBacklog();
    } finally {
      this.pumping = false;
    }
  }

  private pumpLog(): void {
    let sent = false;
    while (this.sink.room() > 0) {
      const page = this.engine.readLog(this.view, this.delivered + 1, PAGE_ROWS);
      const fresh = page.filter((r) => r.seq > this.delivered);
      const mine = this.filter ? fresh.filter(this.filter.match) : fresh;
      for (let i = 0; i < mine.length; i += ROWS_PER_MESSAGE) {
        const part = mine.slice(i, i + ROWS_PER_MESSAGE);
        if (!this.send(part, encodeRows(this.view, part), () => this.pump())) return;
        sent = true;
      }
      // Rows of other users were read, not sent: the position moves past them all the same.
      if (fresh.length > 0) this.delivered = Math.max(this.delivered, fresh[fresh.length - 1]!.seq);
      if (page.length < PAGE_ROWS) {
        // End of what the log holds. In this same engine turn, subscribe for the rest: its replay covers
        // rows the log did not have yet, and from here on it sees every new row.
        this.mode = 'tail';
        this.catchUp = this.engine.subscribe(this.view, (rows) => this.onTail(rows), { from: this.delivered + 1 });
        return;
      }
    }
    if (!sent) this.later(); // no room (other views filled the socket): look again shortly
  }

  private pumpBacklog(): void {
    let waitingOnWrite = false;
    while (this.head < this.backlog.length && this.sink.room() > 0) {
      const part = this.backlog.slice(this.head, this.head + ROWS_PER_MESSAGE);
      this.head += part.length;
      const more = this.head < this.backlog.length;
      if (!this.send(part, encodeRows(this.view, part), more ? () => this.pump() : undefined)) return;
      waitingOnWrite = more;
    }
    if (this.head >= this.backlog.length) {
      this.backlog = [];
      this.head = 0;
      this.joinLive();
      return;
    }
    if (this.head > 65_536) {
      this.backlog = this.backlog.slice(this.head);
      this.head = 0;
    }
    if (!waitingOnWrite) this.later();
  }

  private later(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.pump();
    }, 5);
    this.retry.unref();
  }

  private send(rows: readonly OutputRow[], encoded: string | Buffer, onWritten?: () => void): boolean {
    return this.sendLive(rows.length, rows[rows.length - 1]!.seq, encoded, onWritten);
  }

  /** Sends `count` rows whose last seq is `lastSeq`. */
  private sendLive(count: number, lastSeq: number, encoded: string | Buffer, onWritten?: () => void): boolean {
    // `delivered` moves only once the rows are really out: a refused send (slow client) must leave it
    // pointing at the last row the client can have, which is where it resumes.
    if (!this.sink.sendRows(this.view, encoded, count, onWritten)) {
      this.stop();
      return false;
    }
    this.delivered = lastSeq;
    this.lastSentAt = Date.now();
    return true;
  }

  private joinLive(): void {
    this.mode = 'live';
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.channel.join(this);
    this.dropCatchUp();
  }

  private dropCatchUp(): void {
    const sub = this.catchUp;
    if (!sub) return;
    this.catchUp = null;
    // Deferred: we may be inside this very subscription's callback, and an engine that iterates its
    // listener array while we remove ourselves could skip another listener. Rows that still arrive on it
    // meanwhile are ignored (mode is no longer 'tail'), so the deferral costs nothing in correctness.
    queueMicrotask(() => {
      try {
        sub.unsubscribe();
      } catch {
        /* the view may already be gone */
      }
    });
  }
}
