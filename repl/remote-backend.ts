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

export class RemoteBackend implements ReplBackend {
  readonly local = false;
  private nextId = 1;
  private readonly pending: Pending[] = [];
  private readonly listeners = new Map<string, RowListener>();
  private readonly early = new Map<string, OutputRow[]>();
  private closed = false;
  /** Set once the server answered `stats` with "unknown message type": it is not asked again. */
  private noStats = false;

  private constructor(
    private readonly ws: WebSocket,
    readonly description: string,
  ) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => this.onClose('connection closed by the server'));
    ws.on('error', (err) => this.onClose(`connection error: ${err.message}`));
  }

  static connect(url: string, token?: string): Promise<RemoteBackend> {
    const target = normalizeUrl(url);
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(target, headers ? { headers } : {});
      ws.once('open', () => resolve(new RemoteBackend(ws, target)));
      ws.once('unexpected-response', (_req, res) => reject(new BackendError(`cannot connect to ${target}: HTTP ${res.statusCode}${res.statusCode === 401 ? ' (wrong or missing --token)' : ''}`)));
      ws.once('error', (err) => reject(new BackendError(`cannot connect to ${target}: ${err.message}`)));
    });
  }

  private send(msg: Message): void {
    if (this.closed) throw new BackendError('not connected');
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
        const listener = this.listeners.get(view);
        if (listener) listener.rows(rows);
        else this.early.get(view)?.push(...rows);
        return;
      }
      case 'progress':
        if (view !== undefined) this.listeners.get(view)?.progress?.(typeof msg['watermark'] === 'string' ? msg['watermark'] : null);
        return;
      case 'error': {
        const pending = this.match(msg);
        if (pending) return pending.reject(this.toError(msg, pending.sql));
        const listener = view !== undefined ? this.listeners.get(view) : undefined;
        listener?.error?.(String(msg['message'] ?? msg['code'] ?? 'error'));
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

  private onClose(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.pending]) p.reject(new BackendError(reason));
    for (const l of this.listeners.values()) l.error?.(reason);
  }

  async execute(sql: string): Promise<readonly StatementResult[]> {
    if (QUERY_KEYWORDS.has(leadingKeyword(sql))) {
      const reply = await this.request({ type: 'query', sql }, sql);
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
    this.listeners.set(view, listener);
    if (buffered !== undefined) {
      // An ad-hoc query: the server already streams it; deliver what came before we listened.
      this.early.delete(view);
      if (buffered.length > 0) listener.rows(buffered);
      return () => this.listeners.delete(view);
    }
    try {
      await this.request({ type: 'subscribe', view, from });
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
    if (this.noStats || this.closed) return null;
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
    this.ws.close();
  }
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
