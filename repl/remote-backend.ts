/**
 * `tumbleql repl --connect ws://host:port`: the REPL over the websocket protocol (DESIGN §5).
 *   execute  → {type:'execute', sql}            ← {type:'ok'} (results, when the server sends them)
 *   SELECT   → {type:'query', sql}              ← {type:'subscribed', view}; rows arrive as {type:'rows'}
 *   cancel   → {type:'cancel', view}            \subscribe → {type:'subscribe', view, from}
 *   \late    → {type:'late', view?, limit}      ← {type:'late_rows', rows}
 *   \rejects → {type:'rejects', source?, limit} ← {type:'rejected_rows', rows}
 *   \checkpoint → {type:'checkpoint'}          ← {type:'ok'}
 *   status line → {type:'stats'} once a second  ← {type:'stats', sources, views, checkpoint}
 * Replies are matched by the `id` we send; a server that does not echo ids is answered in order (FIFO),
 * which is what a single-connection request/reply server does anyway. Rows that arrive for an ad-hoc
 * query before the UI attached its listener are buffered, so the first window is never lost. A server from
 * before the late/rejects/checkpoint/stats requests answers them BAD_MESSAGE: the command then says so,
 * and the status line falls back to what the query itself sees.
 *
 * Reconnection: when the connection drops (the server restarted), the backend tries again with backoff,
 * says so through `onNotice`, and once back re-subscribes every `\subscribe`d view from the seq after the
 * last row it delivered — resume by seq, nothing lost or shown twice (rows at or below that seq are
 * dropped). An ad-hoc SELECT lived only in the old server process: it ends with a message to run it again.
 */
import WebSocket from 'ws';
import { SqlError } from '../src/executor/api.js';
import type { DiagnosticCode } from '../src/parser/diagnostics.js';
import type {
  ColumnInfo, LateRow, OutputRow, RejectedInput, SourceInfo, SourceStats, StatementResult, ViewInfo, ViewStats,
} from '../src/executor/api.js';
import { BackendError, untypedColumns, type BackendStats, type ReplBackend, type RowListener, type Unsubscribe } from './backend.js';
import { leadingKeyword } from './sql-text.js';

type Message = Record<string, unknown> & { type?: unknown };

interface Pending {
  readonly id: number;
  readonly sql: string;
  /** Reply types that answer this request (used when a reply carries no id). */
  readonly expects: readonly string[];
  resolve(msg: Message): void;
  reject(err: Error): void;
}

/** What the server runs as a push query (`query`); everything else goes as `execute`. */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH']);
const REPLIES: Readonly<Record<string, readonly string[]>> = {
  execute: ['ok'], query: ['subscribed'], subscribe: ['subscribed'], unsubscribe: ['unsubscribed'], cancel: ['unsubscribed'],
  late: ['late_rows'], rejects: ['rejected_rows'], checkpoint: ['ok'], stats: ['stats'],
};
/** The most rows the server returns for `late` / `rejects` (its schema's cap). */
const MAX_LISTING_ROWS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** `ws://host:port` → `ws://host:port/ws` (the protocol's endpoint), keeping an explicit path. */
export function normalizeUrl(url: string): string {
  const u = new URL(/^wss?:\/\//.test(url) ? url : `ws://${url}`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u.toString();
}

export interface RemoteOptions {
  /** Waits between reconnection attempts, the last one repeating (default 250 ms doubling to 5 s). */
  readonly retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/** A view followed with `\subscribe`: resumed after a reconnect from the seq after `lastSeq`. */
interface Followed {
  readonly listener: RowListener;
  lastSeq: number;
  /** An ad-hoc query's generated view: gone with the server process that ran it. */
  readonly adhoc: boolean;
}

export class RemoteBackend implements ReplBackend {
  readonly local = false;
  /** Connection news for the user (lost, reconnected); the session shows them. */
  onNotice: ((text: string) => void) | null = null;
  private nextId = 1;
  private readonly pending: Pending[] = [];
  private readonly listeners = new Map<string, Followed>();
  private readonly early = new Map<string, OutputRow[]>();
  /** Closed by us: no reconnecting. */
  private closed = false;
  private connected = true;
  private retry: NodeJS.Timeout | null = null;
  /** Set once the server answered `stats` with "unknown message type": it is not asked again. */
  private noStats = false;

  private constructor(
    private ws: WebSocket,
    readonly description: string,
    private readonly headers: Record<string, string> | undefined,
    private readonly options: RemoteOptions,
  ) {
    this.attach(ws);
  }

  private attach(ws: WebSocket): void {
    this.ws = ws;
    this.connected = true;
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => this.onLost(ws, 'connection closed by the server'));
    ws.on('error', (err) => this.onLost(ws, `connection error: ${err.message}`));
  }

  static async connect(url: string, token?: string, options: RemoteOptions = {}): Promise<RemoteBackend> {
    const target = normalizeUrl(url);
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    return new RemoteBackend(await open(target, headers), target, headers, options);
  }

  private send(msg: Message): void {
    if (this.closed) throw new BackendError('not connected');
    if (!this.connected) throw new BackendError(`not connected: reconnecting to ${this.description}`);
    this.ws.send(JSON.stringify(msg));
  }

  private request(msg: Message, sql = ''): Promise<Message> {
    const id = this.nextId++;
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new BackendError(`no reply from the server to '${String(msg.type)}' after ${REQUEST_TIMEOUT_MS / 1000}s`))), REQUEST_TIMEOUT_MS);
      timer.unref();
      const settle = (f: () => void): void => {
        clearTimeout(timer);
        const at = this.pending.indexOf(entry);
        if (at >= 0) this.pending.splice(at, 1);
        f();
      };
      const expects = REPLIES[String(msg.type)] ?? [];
      const entry: Pending = { id, sql, expects, resolve: (m) => settle(() => resolve(m)), reject: (e) => settle(() => reject(e)) };
      this.pending.push(entry);
      try {
        this.send({ ...msg, id });
      } catch (err) {
        entry.reject(err as Error);
      }
    });
  }

  private onMessage(text: string): void {
    let msg: Message;
    try {
      msg = JSON.parse(text) as Message;
    } catch {
      return;
    }
    const view = typeof msg['view'] === 'string' ? msg['view'] : undefined;
    switch (msg.type) {
      case 'rows': {
        const rows = Array.isArray(msg['rows']) ? (msg['rows'] as OutputRow[]) : [];
        if (view === undefined) return;
        const followed = this.listeners.get(view);
        if (!followed) {
          this.early.get(view)?.push(...rows);
          return;
        }
        // After a resume the server starts at lastSeq + 1; anything at or below it was delivered already.
        const fresh = rows.filter((r) => typeof r.seq !== 'number' || r.seq > followed.lastSeq);
        for (const r of fresh) if (typeof r.seq === 'number') followed.lastSeq = r.seq;
        if (fresh.length > 0) followed.listener.rows(fresh);
        return;
      }
      case 'progress':
        if (view !== undefined) this.listeners.get(view)?.listener.progress?.(typeof msg['watermark'] === 'string' ? msg['watermark'] : null);
        return;
      case 'error': {
        const pending = this.match(msg);
        if (pending) return pending.reject(this.toError(msg, pending.sql));
        const followed = view !== undefined ? this.listeners.get(view) : undefined;
        followed?.listener.error?.(String(msg['message'] ?? msg['code'] ?? 'error'));
        return;
      }
      default:
        this.match(msg)?.resolve(msg);
    }
  }

  /**
   * The request a reply answers: by echoed id; else the oldest outstanding request that this type of
   * reply answers (an error without id: the oldest request), so a stray reply never settles the wrong one.
   */
  private match(msg: Message): Pending | undefined {
    const id = msg['id'];
    if (typeof id === 'number' || typeof id === 'string') return this.pending.find((p) => String(p.id) === String(id));
    if (msg.type === 'error') return msg['view'] === undefined ? this.pending[0] : undefined;
    return this.pending.find((p) => p.expects.includes(String(msg.type)));
  }

  private toError(msg: Message, sql: string): Error {
    const message = String(msg['message'] ?? 'error');
    const code = String(msg['code'] ?? 'ERROR');
    const line = Number(msg['line'] ?? 0);
    const column = Number(msg['column'] ?? 0);
    if (sql !== '' && (line > 0 || code.startsWith('SQL') || code.startsWith('UNKNOWN') || code.startsWith('INVALID'))) {
      const length = Math.max(1, Number(msg['length'] ?? 1));
      return new SqlError([{ code: code as DiagnosticCode, message, line: line > 0 ? line : 0, column: line > 0 ? column : 0, length }], sql);
    }
    return new BackendError(message, code);
  }

  /** The connection dropped: fail what was waiting for a reply, end ad-hoc queries, start reconnecting. */
  private onLost(ws: WebSocket, reason: string): void {
    if (this.closed || ws !== this.ws || !this.connected) return;
    this.connected = false;
    for (const p of [...this.pending]) p.reject(new BackendError(reason));
    for (const [view, f] of [...this.listeners]) {
      if (!f.adhoc) continue;
      this.listeners.delete(view);
      f.listener.error?.(`${reason}; the query ran in that server process: run it again`);
    }
    this.early.clear();
    this.onNotice?.(`${reason}; reconnecting to ${this.description}…`);
    this.reconnect(0);
  }

  private reconnect(attempt: number): void {
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const wait = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      open(this.description, this.headers).then(
        (ws) => {
          if (this.closed) {
            ws.close();
            return;
          }
          this.attach(ws);
          void this.resume();
        },
        () => this.reconnect(attempt + 1),
      );
    }, wait);
  }

  /** Re-subscribes every followed view from the seq after the last row delivered. */
  private async resume(): Promise<void> {
    const views = [...this.listeners.entries()];
    const resumed: string[] = [];
    for (const [view, f] of views) {
      const from = f.lastSeq + 1;
      try {
        await this.request({ type: 'subscribe', view, from });
        resumed.push(`${view} from seq ${from}`);
      } catch (err) {
        this.listeners.delete(view);
        f.listener.error?.(`cannot resume ${view}: ${(err as Error).message}`);
      }
    }
    this.onNotice?.(`reconnected to ${this.description}${resumed.length > 0 ? `; resumed ${resumed.join(', ')}` : ''}`);
  }

  /** `startup` reaches the server as the query's `from`; a view created over the network takes the source's mode or a hint. */
  async execute(sql: string, startup?: 'earliest' | 'latest'): Promise<readonly StatementResult[]> {
    if (QUERY_KEYWORDS.has(leadingKeyword(sql))) {
      const reply = await this.request({ type: 'query', sql, ...(startup ? { from: startup } : {}) }, sql);
      const view = String(reply['view'] ?? '');
      this.early.set(view, []);
      return [{ kind: 'query', view, columns: replyColumns(reply['columns']) }];
    }
    const reply = await this.request({ type: 'execute', sql }, sql);
    const results = reply['results'] ?? (reply['result'] !== undefined ? [reply['result']] : []);
    return Array.isArray(results) ? (results as StatementResult[]) : [];
  }

  async subscribe(view: string, listener: RowListener, from: 'latest' | 'earliest' | number = 'latest'): Promise<Unsubscribe> {
    const buffered = this.early.get(view);
    if (buffered !== undefined) {
      // An ad-hoc query: the server already streams it; deliver what came before we listened.
      const followed: Followed = { listener, lastSeq: 0, adhoc: true };
      this.listeners.set(view, followed);
      this.early.delete(view);
      for (const r of buffered) if (typeof r.seq === 'number') followed.lastSeq = r.seq;
      if (buffered.length > 0) listener.rows(buffered);
      return () => this.listeners.delete(view);
    }
    const followed: Followed = { listener, lastSeq: typeof from === 'number' ? from - 1 : 0, adhoc: false };
    this.listeners.set(view, followed);
    try {
      const reply = await this.request({ type: 'subscribe', view, from });
      // `subscribed.seq` is the next seq the server will send: everything before it is not ours to show.
      if (typeof reply['seq'] === 'number' && from === 'latest') followed.lastSeq = Math.max(followed.lastSeq, reply['seq'] - 1);
    } catch (err) {
      this.listeners.delete(view);
      throw err;
    }
    return () => {
      this.listeners.delete(view);
      if (!this.closed) void this.request({ type: 'unsubscribe', view }).catch(() => undefined);
    };
  }

  async cancelQuery(view: string): Promise<void> {
    this.listeners.delete(view);
    this.early.delete(view);
    // The server ends an ad-hoc query when its last follower leaves; an error (already gone) is fine.
    if (!this.closed) await this.request({ type: 'cancel', view }).catch(() => undefined);
  }

  async sources(): Promise<readonly SourceInfo[]> {
    return (await this.catalog('SHOW SOURCES;')).map((r) => ({ name: r.name, columns: r.columns, options: {}, sql: '' }));
  }

  async views(): Promise<readonly ViewInfo[]> {
    return (await this.catalog('SHOW VIEWS;')).map((r) => ({ name: r.name, columns: r.columns, mode: 'append', sql: '', adhoc: false }));
  }

  /** Catalog listings through SHOW; empty when the server's `ok` carries no results. */
  private async catalog(sql: string): Promise<CatalogEntry[]> {
    try {
      return parseCatalogReply(await this.execute(sql));
    } catch {
      return [];
    }
  }

  async lateRows(view: string | undefined, limit: number): Promise<readonly LateRow[]> {
    const reply = await this.introspect({ type: 'late', ...(view !== undefined ? { view } : {}), limit: listingLimit(limit) }, '\\late');
    return Array.isArray(reply['rows']) ? (reply['rows'] as LateRow[]) : [];
  }

  async rejectedRows(source: string | undefined, limit: number): Promise<readonly RejectedInput[]> {
    const reply = await this.introspect({ type: 'rejects', ...(source !== undefined ? { source } : {}), limit: listingLimit(limit) }, '\\rejects');
    return Array.isArray(reply['rows']) ? (reply['rows'] as RejectedInput[]) : [];
  }

  /** The server's engine counters, for the status line; null when the server cannot tell. */
  async stats(): Promise<BackendStats | null> {
    if (this.noStats || this.closed || !this.connected) return null;
    try {
      const reply = await this.introspect({ type: 'stats' }, 'stats');
      const { sources, views } = reply;
      return Array.isArray(sources) && Array.isArray(views) ? { sources: sources as SourceStats[], views: views as ViewStats[] } : null;
    } catch (err) {
      if (!(err instanceof BackendError && err.code === 'UNSUPPORTED_REQUEST')) throw err;
      this.noStats = true;
      return null;
    }
  }

  async checkpoint(): Promise<boolean> {
    await this.introspect({ type: 'checkpoint' }, '\\checkpoint');
    // The server's stats name its last checkpoint; an in-memory engine has none (`checkpoint: null`).
    const stats = await this.introspect({ type: 'stats' }, '\\checkpoint').catch(() => null);
    return stats === null || stats['checkpoint'] !== null;
  }

  /** A request only newer servers know: an "unknown message type" answer becomes a plain explanation. */
  private async introspect(msg: Message, command: string): Promise<Message> {
    try {
      return await this.request(msg);
    } catch (err) {
      if (err instanceof BackendError && err.code === 'BAD_MESSAGE' && /unknown message type/.test(err.message)) {
        throw new BackendError(`${command} is not available from this server: it does not know the '${String(msg.type)}' request (an older tumbleql)`, 'UNSUPPORTED_REQUEST');
      }
      throw err;
    }
  }

  async flush(): Promise<void> {
    // The server owns its sources; give rows already in flight a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.ws.close();
  }
}

/** Opens a websocket; rejects with a BackendError that says why (HTTP status, token, network). */
function open(target: string, headers: Record<string, string> | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, headers ? { headers } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new BackendError(`cannot connect to ${target}: HTTP ${res.statusCode}${res.statusCode === 401 ? ' (wrong or missing --token)' : ''}`)));
    ws.once('error', (err) => reject(new BackendError(`cannot connect to ${target}: ${err.message}`)));
  });
}

interface CatalogEntry { name: string; columns: ReturnType<typeof untypedColumns> }

/** Names from a SHOW reply: the `name` column (or the first one) of its `rows` result. */
export function parseCatalogReply(results: readonly StatementResult[]): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const r of results) {
    if (r.kind !== 'rows') continue;
    const at = Math.max(0, r.columns.findIndex((c) => c.toLowerCase() === 'name'));
    const cols = r.columns.findIndex((c) => c.toLowerCase() === 'columns');
    for (const row of r.rows) {
      const columns = cols >= 0 && typeof row[cols] === 'string' ? untypedColumns(String(row[cols]).split(/,\s*/).map((c) => c.split(' ')[0] ?? c)) : [];
      out.push({ name: String(row[at]), columns });
    }
  }
  return out;
}

/** The listing size the server accepts: a whole number in 1..MAX_LISTING_ROWS. */
function listingLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.min(MAX_LISTING_ROWS, Math.max(1, Math.floor(limit))) : MAX_LISTING_ROWS;
}

/** `subscribed.columns` of a query: `[{name, type}]` (or bare names); empty when absent. */
function replyColumns(value: unknown): ColumnInfo[] {
  if (!Array.isArray(value)) return [];
  return value.map((c: unknown) => {
    if (typeof c === 'string') return { name: c, type: '', nullable: true };
    const r = (c ?? {}) as Record<string, unknown>;
    return { name: String(r['name'] ?? ''), type: typeof r['type'] === 'string' ? r['type'] : '', nullable: true };
  });
}
