/**
 * One websocket client. Owns its followers (one per subscribed view), its rate-limit bucket and its send
 * budget. Contract with the rest of the server:
 *   - nothing thrown while handling one client's message escapes this class (every handler is wrapped);
 *   - sending never blocks or buffers without bound: once `ws.bufferedAmount` would pass the budget the client
 *     is told SLOW_CONSUMER, detached from every view (the engine and other clients carry on) and closed;
 *     it resumes later by seq from the engine's retained output log.
 */
import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { Engine } from '../api.js';
import type { Logger } from '../../util/log.js';
import type { ServerMetrics } from './metrics.js';
import type { Hub } from './subscriptions.js';
import type { Follower, FollowerSink } from './follower.js';
import { parseClientMessage, watermarkIso, type ClientMessage, type ErrorMessage, type ServerMessage } from './protocol.js';
import { failRequest, handleMessage } from './handlers.js';
import { InsertBatcher } from './ingest-batch.js';
import { liveSessions, refusal } from './permissions.js';
import { MAIN_THREAD_SQL_BYTES, parseOffThread } from '../../security/off-thread.js';
import type { ParseResult } from '../../parser/parse.js';
import { ANONYMOUS_ADMIN, asNetworkRequest, type Principal } from '../../security/index.js';

export interface SessionLimits {
  readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  /**
   * Token bucket: sustained messages per second and burst size. Over it, reading the socket pauses until the
   * bucket refills (backpressure: TCP holds the client's next frames); no message is ever dropped.
   */
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  /** A client that stays over its rate this long is closed with 1008 (policy violation). */
  readonly floodCloseMs: number;
  /**
   * Replies not yet written to the socket (bytes) past which this client's socket stops being read until
   * they drain: a client that floods requests without reading the answers holds only this much memory.
   */
  readonly maxInflightBytes: number;
  /** How long a dropped client gets to finish the close handshake before the socket is destroyed. */
  readonly closeGraceMs: number;
  /**
   * Processing time for the rate limiter (ms). Injected so a test decides when the bucket refills and how
   * long a flood has lasted, instead of depending on how fast a loaded machine reads the socket.
   */
  readonly now: () => number;
}

export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY = 1008;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export class Session {
  /** view → follower; a view appears at most once per client. */
  readonly follows = new Map<string, Follower>();
  /** Ad-hoc views this client started with `query` (the ones `cancel` accepts). */
  readonly queries = new Set<string>();
  private closed = false;
  private dropped = false;
  private tokens: number;
  private refilledAt: number;
  /** Since when the client has been over its rate without a break (null: it is not). */
  private overSince: number | null = null;
  /** Reading is paused (rate or in-flight bytes); a timer resumes it. */
  private paused = false;
  private corked = false;
  /** A statement is being parsed on the worker thread; `held` are the messages that arrived meanwhile. */
  private parsing = false;
  private readonly held: ClientMessage[] = [];
  /** Inserts of this socket read, pushed together before the read's replies are written (ingest-batch.ts). */
  readonly inserts = new InsertBatcher({
    push: (source, rows, rowsText) => this.engine.push(source, rows, 'ws', () => rowsText() ?? undefined),
    ack: (q, count, offset, errors) => this.send({ type: 'ack', ...(q.id !== undefined ? { id: q.id } : {}), count, offset, errors }),
    fail: (q, e) => failRequest(this, q.id, e),
  });

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    readonly engine: Engine,
    readonly hub: Hub,
    readonly metrics: ServerMetrics,
    readonly log: Logger,
    readonly limits: SessionLimits,
    /** Who holds this connection's token: checked per message (handlers.ts). */
    readonly principal: Principal = ANONYMOUS_ADMIN,
  ) {
    this.tokens = limits.rateBurst;
    this.refilledAt = limits.now();
    liveSessions.add(this);
    ws.on('message', (data, isBinary) => this.guard('message', () => this.onMessage(data, isBinary)));
    ws.on('close', () => this.guard('close', () => this.onClose()));
    // Without an 'error' listener a protocol violation (e.g. frame over maxPayload → 1009) would be an
    // uncaught exception; ws closes the socket itself, we only record why.
    ws.on('error', (err) => this.log.debug('socket error', { err }));
  }

  /**
   * Live output waits in this client's socket beyond half its send budget: a large firing should let it
   * drain (Engine.setOutputPressure) rather than push it over the budget, where it is dropped.
   */
  get pressing(): boolean {
    return this.follows.size > 0 && this.isOpen && this.ws.bufferedAmount > this.limits.maxBufferedBytes / 2;
  }

  get isOpen(): boolean {
    return !this.closed && !this.dropped && this.ws.readyState === WebSocket.OPEN;
  }

  send(msg: ServerMessage): boolean {
    if (msg.type === 'error') this.metrics.error(msg.code);
    return this.sendText(JSON.stringify(msg));
  }

  sendError(code: string, message: string, extra: Partial<ErrorMessage> = {}): void {
    this.send({ type: 'error', ...extra, code, message });
  }

  /** The FollowerSink for every view: counts rows and enforces the send budget. */
  readonly sink: FollowerSink = {
    sendRows: (view, encoded, count, onWritten) => {
      if (!this.sendText(encoded, onWritten)) return false;
      this.metrics.rowsSent(view, count);
      return true;
    },
    // Replays fill only half the budget, leaving the rest for live rows of other views.
    room: () => (this.isOpen ? Math.floor(this.limits.maxBufferedBytes / 2) - this.ws.bufferedAmount : 0),
    overflow: () => this.dropSlow(),
  };

  /** Idle views get a `progress` heartbeat so a quiet view is distinguishable from a dead connection. */
  heartbeat(now: number, intervalMs: number, watermarks: ReadonlyMap<string, number | null>): void {
    if (!this.isOpen) return;
    for (const f of this.follows.values()) {
      if (now - f.lastSentAt < intervalMs) continue;
      // End of input (+∞) has no ISO form; null means "no finite watermark".
      const watermark = watermarkIso(watermarks.get(f.view));
      f.lastSentAt = now;
      if (!this.send({ type: 'progress', view: f.view, watermark, seq: f.delivered })) return;
    }
  }

  /** Server shutdown: detach and say goodbye with 1001. */
  shutdown(): void {
    this.releaseAll();
    this.closeSocket(CLOSE_GOING_AWAY, 'server shutting down');
  }

  releaseAll(): void {
    for (const f of [...this.follows.values()]) f.stop();
    this.follows.clear();
    this.queries.clear();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed || this.dropped) return;
    try {
      this.handle(data, isBinary);
    } finally {
      this.flowControl();
    }
  }

  private handle(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.sendError('BAD_MESSAGE', 'binary frames are not supported; send JSON text');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.metrics.messageIn('invalid');
      this.send(parsed.error);
      return;
    }
    this.metrics.messageIn(parsed.msg.type);
    this.dispatch(parsed.msg);
  }

  private dispatch(msg: ClientMessage): void {
    // While a statement is being parsed off the main thread, later messages wait behind it (replies keep
    // the order of the requests); the wait is bounded by the worker's parse of one size-limited statement.
    if (this.parsing) {
      this.held.push(msg);
      return;
    }
    if ((msg.type === 'execute' || msg.type === 'query') && Buffer.byteLength(msg.sql) > MAIN_THREAD_SQL_BYTES && refusal(this, msg) === null) {
      this.inserts.flush();
      this.parseThenHandle(msg);
      return;
    }
    this.handleNow(msg);
  }

  /**
   * A long statement: the size limit first (a 1 MB text is refused without being parsed anywhere), then
   * the parse on the worker thread, then bind/plan/apply here with the parsed AST.
   */
  private parseThenHandle(msg: Extract<ClientMessage, { type: 'execute' | 'query' }>): void {
    try {
      asNetworkRequest(this.principal.files, () => this.engine.checkSqlText?.(msg.sql));
    } catch (e) {
      failRequest(this, msg.id, e);
      return;
    }
    this.parsing = true;
    // Read no further meanwhile (TCP holds the client's next frames): what is held stays small.
    if (!this.paused) this.ws.pause();
    void parseOffThread(msg.sql).then(
      (parsed) => this.afterParse(() => this.handleNow(msg, parsed)),
      (e: unknown) => this.afterParse(() => failRequest(this, msg.id, e)),
    );
  }

  private afterParse(handle: () => void): void {
    this.parsing = false;
    if (this.closed || this.dropped) return;
    if (!this.paused) this.ws.resume();
    this.guard('parsed', handle);
    // What arrived meanwhile, in order (a held message may itself start another parse).
    while (!this.parsing && this.held.length > 0 && !this.closed && !this.dropped) this.handleHeld(this.held.shift()!);
  }

  private handleHeld(msg: ClientMessage): void {
    this.guard('held', () => this.dispatch(msg));
  }

  private handleNow(msg: ClientMessage, parsed?: ParseResult): void {
    // Replies keep the order of the requests; only inserts are held for the end of the read (and only
    // then is the socket corked: a follower's paced replay counts on its writes completing as they go).
    if (msg.type !== 'insert') this.inserts.flush();
    else this.cork();
    try {
      handleMessage(this, msg, parsed);
    } catch (e) {
      // Handlers map expected failures to error codes; anything reaching here is a bug, but only this
      // request fails: the session, the engine and the other clients carry on.
      this.log.error('handler failed', { type: msg.type, err: e });
      this.sendError('INTERNAL', e instanceof Error ? e.message : String(e), msg.id !== undefined ? { id: msg.id } : {});
    }
  }

  /**
   * After every message: take a token, and pause reading when the client is over its rate (until the
   * bucket has refilled) or when its unread replies pass the in-flight budget (until they drain). Frames
   * already received are still handled; TCP flow control holds the rest at the client.
   */
  private flowControl(): void {
    if (this.closed || this.dropped) return;
    const now = this.limits.now();
    const { ratePerSecond: rate, rateBurst: burst } = this.limits;
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * rate) - 1;
    this.refilledAt = now;
    // Back under the rate only once half the burst has refilled: a client that keeps itself just at the
    // limit (its frames waiting in TCP while reading is paused) is still flooding.
    if (this.tokens >= burst / 2) this.overSince = null;
    else if (this.tokens < 0) {
      this.overSince ??= now;
      if (now - this.overSince > this.limits.floodCloseMs) {
        this.closeFlooding(now);
        return;
      }
    }
    const waitMs = this.tokens < 0 ? Math.ceil((-this.tokens / rate) * 1000) : 0;
    // A producer is read no faster than the engine processes (inserts are acknowledged once durable,
    // before they are processed, so only this keeps the engine's queue — and delivery latency — bounded).
    const busy = this.inserts.pending && this.engine.backlogged?.() === true;
    if (waitMs > 0 || busy || this.ws.bufferedAmount > this.limits.maxInflightBytes) this.pauseFor(waitMs);
  }

  private closeFlooding(now: number): void {
    const { ratePerSecond: rate, floodCloseMs } = this.limits;
    this.log.warn('closing flooding client', { session: this.id, overMs: now - (this.overSince ?? now) });
    this.metrics.error('FLOODING');
    this.dropped = true; // frames already read are ignored from here on
    this.releaseAll();
    this.closeSocket(CLOSE_POLICY, `over ${rate} messages per second for more than ${floodCloseMs} ms`);
    // Read again, so the client's answering close frame is seen and the handshake completes.
    if (this.paused) this.ws.resume();
  }

  /**
   * Acks to the inserts of one socket read leave in one write: corked on the first insert, uncorked
   * once the read is handled (a microtask: it runs once the socket's data callback, which handles every
   * frame that read holds, has returned). A producer sending one row per message costs one push and one
   * syscall per read instead of one per message. Not later in the loop turn: a setImmediate ran after the
   * engine's own immediates (a chunk of a window firing, 4 ms; a checkpoint's encoding slice, 3 ms), and
   * every acknowledgement waited for them.
   */
  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    socket?.cork();
    queueMicrotask(() => {
      this.corked = false;
      this.guard('flush', () => this.inserts.flush());
      socket?.uncork();
    });
  }

  private pauseFor(waitMs: number): void {
    if (this.paused) return;
    this.paused = true;
    this.ws.pause();
    const check = (): void => {
      if (!this.isOpen) return;
      // Resume once the bucket has refilled (by the limiter's clock, re-read at least every 50 ms so an
      // injected clock moved by a test is seen promptly) and the unread replies are down to half the budget.
      const { ratePerSecond: rate } = this.limits;
      const now = this.limits.now();
      const deficit = -(this.tokens + ((now - this.refilledAt) / 1000) * rate);
      // Still short of tokens after floodCloseMs over the rate: a flood, whether or not it is read again.
      if (deficit > 0 && this.overSince !== null && now - this.overSince > this.limits.floodCloseMs) {
        this.closeFlooding(now);
        return;
      }
      if (deficit > 0) {
        setTimeout(check, Math.min(50, Math.max(1, Math.ceil((deficit / rate) * 1000)))).unref();
        return;
      }
      if (this.ws.bufferedAmount > this.limits.maxInflightBytes / 2) {
        setTimeout(check, 5).unref();
        return;
      }
      if (this.engine.backlogged?.() === true) {
        setTimeout(check, 2).unref();
        return;
      }
      this.paused = false;
      this.ws.resume();
    };
    setTimeout(check, Math.min(50, Math.max(1, waitMs))).unref();
  }

  /** A Buffer is pre-encoded UTF-8 JSON (shared fan-out), sent as a text frame without another copy. */
  private sendText(data: string | Buffer, onWritten?: () => void): boolean {
    if (!this.isOpen) return false;
    // An empty buffer always takes one message, however large (it is bounded by rows per message), so a
    // budget smaller than one batch slows a client down instead of failing it.
    const buffered = this.ws.bufferedAmount;
    if (buffered > 0 && buffered + data.length > this.limits.maxBufferedBytes) {
      this.dropSlow();
      return false;
    }
    const opts = { binary: false };
    if (onWritten) this.ws.send(data, opts, () => onWritten());
    else this.ws.send(data, opts);
    return true;
  }

  private dropSlow(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.metrics.slowConsumerDropped();
    this.metrics.error('SLOW_CONSUMER');
    const resume: Record<string, number> = {};
    for (const f of this.follows.values()) resume[f.view] = f.delivered + 1;
    this.log.warn('dropping slow consumer', { session: this.id, buffered: this.ws.bufferedAmount, views: Object.keys(resume).join(',') });
    this.releaseAll();
    // Past the budget on purpose: one last small message so a merely slow client learns why and where
    // to resume; a client that reads nothing never sees it, and the socket is destroyed after the grace.
    try {
      this.ws.send(JSON.stringify({ type: 'error', code: 'SLOW_CONSUMER', message: 'send buffer full; reconnect and resume from seq', resume }));
    } catch {
      /* socket already failing */
    }
    this.closeSocket(CLOSE_TRY_AGAIN_LATER, 'slow consumer');
  }

  private closeSocket(code: number, reason: string): void {
    try {
      this.ws.close(code, reason);
    } catch {
      /* already closing */
    }
    const ws = this.ws;
    setTimeout(() => {
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    }, this.limits.closeGraceMs).unref();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    liveSessions.delete(this);
    this.inserts.flush(); // received rows go in even though their acks cannot be sent
    this.releaseAll();
    this.metrics.connectionClosed();
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error('session event failed', { what, session: this.id, err: e });
    }
  }
}
