/**
 * A typed client of the tumbleql websocket protocol (docs/protocol.md), for browsers and Node.
 *
 *   const client = await connect('ws://127.0.0.1:8080', { token });
 *   await client.subscribe<Count>('counts', { from: 'earliest', onRows: (rows) => ... });
 *   const ack = await client.insert('bids', [{ auction: 1, price: 9.5, ts: Date.now() }]);
 *
 * Requests carry an id and their promise settles with the reply that echoes it. When the connection
 * drops, requests in flight fail with ConnectionError (an insert without its ack may or may not be in),
 * the client reconnects with exponential backoff and every stream resumes where it stopped (see stream.ts).
 */
import { defaultSocketFactory, describeClose, wsUrl, type SocketFactory, type WebSocketLike } from './socket.js';
import { Stream, type StreamHandlers } from './stream.js';
import {
  ConnectionError, ServerError,
  type Ack, type Column, type ConnectionState, type From, type JsonRow, type LateRow, type RejectedInput,
  type ServerMessage, type StatementResult, type Stats,
} from './types.js';

export interface ReconnectOptions {
  /** First retry delay (default 100 ms), doubled per failed attempt up to `maxDelayMs` (default 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Give up (state 'closed') after this many failed attempts in a row (default: never). */
  readonly maxAttempts?: number;
}

export interface ClientOptions {
  /** Bearer token; sent as a header from Node, as `?token=` from a browser. */
  readonly token?: string;
  /** Reconnect after a lost connection (default true). */
  readonly reconnect?: boolean | ReconnectOptions;
  /** A request without a reply after this long fails (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** How sockets are made; default: the global WebSocket, else the `ws` package. */
  readonly socket?: SocketFactory;
}

export interface Subscription<T = JsonRow> {
  /** The canonical view name (a query's generated name). */
  readonly view: string;
  readonly columns: readonly Column[];
  /** The last seq handed to `onRows`. */
  readonly lastSeq: number;
  /** Stops the stream (`unsubscribe`, or `cancel` for a query). */
  close(): Promise<void>;
  /** Marker so `T` is part of the type. */
  readonly _row?: T;
}

type Reply = Extract<ServerMessage, { id?: string | number }>;
interface Pending {
  resolve(msg: Reply): void;
  reject(err: Error): void;
}

/** Opens a connection; rejects if the first one fails (wrong token, nothing listening). */
export async function connect(url: string, options: ClientOptions = {}): Promise<TumbleClient> {
  const client = new TumbleClient(url, options, options.socket ?? (await defaultSocketFactory()));
  await client.opened();
  return client;
}

export class TumbleClient {
  readonly url: string;
  state: ConnectionState = 'connecting';
  private ws: WebSocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<string, Stream<never>>();
  private readonly stateListeners = new Set<(state: ConnectionState, detail: string) => void>();
  private readonly errorListeners = new Set<(error: ServerError) => void>();
  private attempts = 0;
  private firstOpen: Promise<void>;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(url: string, private readonly options: ClientOptions, private readonly factory: SocketFactory) {
    this.url = wsUrl(url);
    this.firstOpen = this.open();
  }

  opened(): Promise<void> {
    return this.firstOpen;
  }

  /** Connection state changes: 'open', 'reconnecting' (with why), 'closed'. Returns an unlisten function. */
  onState(listener: (state: ConnectionState, detail: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Errors the server sends that answer no request and concern no stream (RATE_LIMITED, SLOW_CONSUMER
   * before it closes the connection, which the client then resumes from).
   */
  onError(listener: (error: ServerError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Follows a view: rows from `from` (default 'latest') on, resumed by seq across reconnects. One
   * subscription per view and client (the server keeps one position per view and connection).
   */
  async subscribe<T = JsonRow>(view: string, handlers: StreamHandlers<T> & { from?: From } = {}): Promise<Subscription<T>> {
    const lower = view.toLowerCase();
    const taken = [...this.streams.values()].find((s) => s.active && s.kind.kind === 'view' && s.view.toLowerCase() === lower);
    if (taken) throw new Error(`this client already follows '${taken.view}'; close that subscription first`);
    const stream = new Stream<T>(view, { kind: 'view', from: handlers.from ?? 'latest' }, handlers);
    await this.start(stream);
    return this.handle(stream);
  }

  /** Runs an ad-hoc continuous SELECT; its rows stream like a view's under a generated name. */
  async query<T = JsonRow>(sql: string, handlers: StreamHandlers<T> = {}): Promise<Subscription<T>> {
    const stream = new Stream<T>('', { kind: 'query', sql }, handlers);
    await this.start(stream);
    return this.handle(stream);
  }

  /** DDL and other statements (SHOW, DESCRIBE, EXPLAIN); one result per statement. */
  async execute(sql: string): Promise<readonly StatementResult[]> {
    const reply = await this.request({ type: 'execute', sql }, 'ok');
    return reply.results ?? [];
  }

  /** Pushes rows into a source; resolves once the server has made them durable. */
  insert(source: string, rows: readonly unknown[]): Promise<Ack> {
    return this.request({ type: 'insert', source, rows }, 'ack').then(({ count, offset, errors }) => ({ count, offset, errors }));
  }

  async late(view?: string, limit?: number): Promise<readonly LateRow[]> {
    return (await this.request({ type: 'late', ...(view !== undefined ? { view } : {}), ...(limit !== undefined ? { limit } : {}) }, 'late_rows')).rows;
  }

  async rejects(source?: string, limit?: number): Promise<readonly RejectedInput[]> {
    return (await this.request({ type: 'rejects', ...(source !== undefined ? { source } : {}), ...(limit !== undefined ? { limit } : {}) }, 'rejected_rows')).rows;
  }

  async stats(): Promise<Stats> {
    const { sources, views, checkpoint } = await this.request({ type: 'stats' }, 'stats');
    return { sources, views, checkpoint };
  }

  async checkpoint(): Promise<void> {
    await this.request({ type: 'checkpoint' }, 'ok');
  }

  async ping(): Promise<void> {
    await this.request({ type: 'ping' }, 'pong');
  }

  /** Closes for good: no reconnect; requests in flight fail. */
  close(): void {
    this.setState('closed', 'closed by the client');
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.failPending('client closed');
    this.ws?.close(1000, 'bye');
    this.ws = null;
  }

  private handle<T>(stream: Stream<T>): Subscription<T> {
    return {
      get view() { return stream.view; },
      get columns() { return stream.columns; },
      get lastSeq() { return stream.lastSeq; },
      close: async () => {
        stream.active = false;
        this.streams.delete(stream.view);
        if (this.state !== 'open') return;
        const type = stream.kind.kind === 'query' ? 'cancel' : 'unsubscribe';
        await this.request({ type, view: stream.view }, 'unsubscribed').catch(() => undefined);
      },
    };
  }

  /** Sends the subscribe/query of a stream and registers it under its canonical name before any row. */
  private async start(stream: Stream<never> | Stream<any>, restart = false): Promise<void> {
    const msg = stream.kind.kind === 'query'
      ? { type: 'query', sql: stream.kind.sql, from: 'earliest' }
      : { type: 'subscribe', view: stream.view, from: stream.resumeFrom() };
    const old = stream.view;
    await this.request(msg, 'subscribed', (reply) => {
      // Runs synchronously on the reply, so the rows that follow it find their stream.
      if (this.streams.get(old) === stream) this.streams.delete(old);
      stream.subscribed(reply.view, reply.seq, reply.columns, restart);
      this.streams.set(reply.view, stream);
    });
  }

  private request<K extends Reply['type']>(msg: Record<string, unknown>, expect: K, onReply?: (reply: Extract<Reply, { type: K }>) => void): Promise<Extract<Reply, { type: K }>> {
    return new Promise((resolve, reject) => {
      const ws = this.ws;
      if (this.state !== 'open' || ws === null) {
        reject(new ConnectionError(`not connected (${this.state})`));
        return;
      }
      const id = this.nextId++;
      const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
      const timer = setTimeout(() => settle(() => reject(new ConnectionError(`no reply to '${String(msg['type'])}' within ${timeoutMs} ms`))), timeoutMs);
      const settle = (f: () => void): void => {
        clearTimeout(timer);
        if (this.pending.delete(id)) f();
      };
      this.pending.set(id, {
        resolve: (reply) => settle(() => {
          if (reply.type === 'error') return reject(new ServerError(reply.code, reply.message, reply.line, reply.column));
          if (reply.type !== expect) return reject(new ServerError('BAD_REPLY', `expected '${expect}', got '${reply.type}'`));
          const typed = reply as Extract<Reply, { type: K }>;
          onReply?.(typed);
          resolve(typed);
        }),
        reject: (err) => settle(() => reject(err)),
      });
      ws.send(JSON.stringify({ ...msg, id }));
    });
  }

  private onMessage(data: unknown): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return; // the server sends JSON only; a broken frame is not worth failing the connection for
    }
    switch (msg.type) {
      case 'rows':
        this.streams.get(msg.view)?.deliver(msg.rows);
        return;
      case 'progress':
        this.streams.get(msg.view)?.progress(msg.watermark, msg.seq);
        return;
      default: {
        const id = msg.id;
        const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
        if (pending) return pending.resolve(msg);
        if (msg.type !== 'error') return;
        const error = new ServerError(msg.code, msg.message);
        const stream = msg.view !== undefined ? this.streams.get(msg.view) : undefined;
        if (stream) stream.handlers.onError?.(error);
        else for (const l of this.errorListeners) l(error);
      }
    }
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let opened = false;
      const ws = this.factory(this.url, this.options.token);
      this.ws = ws;
      ws.onopen = () => {
        opened = true;
        this.attempts = 0;
        this.setState('open', this.url);
        this.resumeStreams();
        resolve();
      };
      ws.onmessage = (ev) => this.onMessage(ev.data);
      ws.onerror = () => {
        /* onclose follows and says why */
      };
      ws.onclose = (ev) => {
        if (this.ws === ws) this.ws = null;
        const why = describeClose(ev.code, ev.reason);
        if (!opened) reject(new ConnectionError(`cannot connect to ${this.url}: ${why}`));
        this.lost(why, opened);
      };
    });
  }

  private lost(why: string, wasOpen: boolean): void {
    this.failPending(why);
    if (this.state === 'closed') return;
    const policy = this.options.reconnect ?? true;
    // A first connection that never opened is reported to connect()'s caller, not retried.
    if (policy === false || (!wasOpen && this.state === 'connecting')) {
      this.setState('closed', why);
      return;
    }
    const opts = policy === true ? {} : policy;
    this.attempts++;
    if (opts.maxAttempts !== undefined && this.attempts > opts.maxAttempts) {
      this.setState('closed', `gave up after ${opts.maxAttempts} attempts: ${why}`);
      return;
    }
    const delay = Math.min(opts.maxDelayMs ?? 5000, (opts.initialDelayMs ?? 100) * 2 ** (this.attempts - 1));
    this.setState('reconnecting', why);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'reconnecting') this.open().catch(() => undefined);
    }, delay);
  }

  /** After a reconnect: every live stream subscribes again from where it stopped. */
  private resumeStreams(): void {
    const streams = [...new Set(this.streams.values())];
    this.streams.clear();
    for (const s of streams) {
      if (!s.active) continue;
      this.streams.set(s.view, s);
      // A refusal (the view was dropped while we were away) is the stream's to hear; a connection lost
      // again is not: the next reconnect resumes the stream once more.
      this.start(s, s.kind.kind === 'query').catch((e: unknown) => {
        if (e instanceof ServerError) s.handlers.onError?.(e);
      });
    }
  }

  private failPending(why: string): void {
    for (const p of [...this.pending.values()]) p.reject(new ConnectionError(why));
  }

  private setState(state: ConnectionState, detail: string): void {
    if (this.state === state && state !== 'reconnecting') return;
    this.state = state;
    for (const l of this.stateListeners) l(state, detail);
  }
}
