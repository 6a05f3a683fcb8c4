/**
 * What each client message does. Expected failures become `error` messages with a code (the request's `id`
 * echoed); handlers never leave a half-registered subscription behind. SQL goes to the engine unchanged and
 * its diagnostics come back with their code, line and column.
 */
import { SqlError } from '../api.js';
import { StateError } from '../state/errors.js';
import { DEFAULT_LISTING_ROWS, type ClientMessage, type ErrorMessage } from './protocol.js';
import type { Session } from './session.js';
import type { Follower } from './follower.js';
import { refusal } from './permissions.js';
import { combineWhere, makeFilter, type RowFilter } from './row-filter.js';
import { asNetworkRequest } from '../../security/index.js';
import type { ParseResult } from '../../parser/parse.js';

type Msg<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** `parsed`: the SQL of an execute/query already parsed off the main thread (session.ts). */
export function handleMessage(s: Session, msg: ClientMessage, parsed?: ParseResult): void {
  const denied = refusal(s, msg);
  if (denied !== null) {
    s.sendError('FORBIDDEN', denied, idOf(msg.id));
    return;
  }
  switch (msg.type) {
    case 'subscribe': return subscribe(s, msg);
    case 'unsubscribe': return unsubscribe(s, msg.view, msg.id);
    case 'cancel': return unsubscribe(s, msg.view, msg.id, true);
    case 'query': return query(s, msg, parsed);
    case 'execute': return execute(s, msg, parsed);
    case 'insert': return insert(s, msg);
    case 'ping': s.send({ type: 'pong', ...idOf(msg.id) }); return;
    case 'late': return late(s, msg);
    case 'rejects': return rejects(s, msg);
    case 'checkpoint': return checkpoint(s, msg);
    case 'stats': return stats(s, msg);
    default: return assertNever(msg);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}

function idOf(id: string | number | undefined): { id?: string | number } {
  return id === undefined ? {} : { id };
}

/** SqlError → its first diagnostic's code and place; anything else is the caller's problem. */
export function sqlErrorFields(e: SqlError): Omit<ErrorMessage, 'type'> {
  const d = e.diagnostics[0];
  const message = e.diagnostics.length === 1 && d ? d.message + (d.hint ? ` (hint: ${d.hint})` : '') : e.message;
  return { code: e.code, message, ...(d && d.line > 0 ? { line: d.line, column: d.column } : {}) };
}

export function failRequest(s: Session, id: string | number | undefined, e: unknown): void {
  fail(s, id, e);
}

function fail(s: Session, id: string | number | undefined, e: unknown, fallbackCode = 'INTERNAL'): void {
  if (e instanceof SqlError) {
    s.send({ type: 'error', ...idOf(id), ...sqlErrorFields(e) });
    return;
  }
  if (e instanceof StateError) {
    // e.g. STATE_IO on a full disk: nothing of this request was written or acknowledged; the server and
    // its subscribers carry on, and the producer can retry once there is space.
    s.log.warn('state file refused a write', { code: e.code, err: e.message });
    s.sendError(e.code, e.message, idOf(id));
    return;
  }
  if (fallbackCode === 'INTERNAL') s.log.error('request failed', { err: e });
  s.sendError(fallbackCode, e instanceof Error ? e.message : String(e), idOf(id));
}

/** First keyword of the SQL text, past comments: tells a SELECT from DDL without parsing. */
function leadingKeyword(sql: string): string {
  const stripped = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return (/^[A-Za-z]+/.exec(stripped)?.[0] ?? '').toUpperCase();
}

function isQuery(sql: string): boolean {
  const k = leadingKeyword(sql);
  return k === 'SELECT' || k === 'WITH';
}

function roomFor(s: Session, view: string, id: string | number | undefined): boolean {
  if (s.follows.has(view) || s.follows.size < s.limits.maxSubscriptions) return true;
  s.sendError('TOO_MANY_SUBSCRIPTIONS', `at most ${s.limits.maxSubscriptions} subscriptions per connection`, idOf(id));
  return false;
}

/**
 * Starts a follower and answers `subscribed` before any row: a follower sends nothing until released,
 * even when the engine replays its log synchronously inside subscribe().
 */
function follow(s: Session, view: string, from: 'latest' | 'earliest' | number, id: string | number | undefined, extra: object = {}, filter: RowFilter | null = null): void {
  let f: Follower;
  try {
    f = s.hub.follow(view, from, s.sink, filter);
  } catch (e) {
    fail(s, id, e, 'UNKNOWN_VIEW');
    return;
  }
  f.stopHook = () => {
    if (s.follows.get(view) === f) s.follows.delete(view);
  };
  // Re-subscribing replaces the old position (a resume on a live connection). The new follower is
  // registered first so an ad-hoc query never drops to zero followers in between.
  const old = s.follows.get(view);
  s.follows.set(view, f);
  old?.stop();
  s.send({ type: 'subscribed', ...idOf(id), view, seq: f.firstSeq, ...extra });
  f.release();
}

function subscribe(s: Session, msg: Msg<'subscribe'>): void {
  const view = s.hub.resolveView(msg.view);
  if (view === null) {
    s.sendError('UNKNOWN_VIEW', `view '${msg.view}' does not exist`, idOf(msg.id));
    return;
  }
  if (!roomFor(s, view, msg.id)) return;
  // The token's bound filter always applies; the client may only narrow it (row-filter.ts).
  const combined = combineWhere(s.principal.where, msg.where);
  if (!combined.ok) {
    s.sendError('FORBIDDEN', combined.error, idOf(msg.id));
    return;
  }
  let filter: RowFilter | null = null;
  if (combined.where !== null) {
    const columns = s.engine.views().find((v) => v.name === view)?.columns.map((c) => c.name) ?? [];
    const made = makeFilter(combined.where, columns);
    if (!made.ok) {
      const bound = s.principal.where !== null;
      s.sendError(bound ? 'FORBIDDEN' : 'UNKNOWN_COLUMN', bound ? `view '${view}' cannot be filtered as this token requires: ${made.error}` : made.error, idOf(msg.id));
      return;
    }
    filter = made.filter;
  }
  follow(s, view, msg.from ?? 'latest', msg.id, filter ? { where: filter.where } : {}, filter);
}

function unsubscribe(s: Session, name: string, id: string | number | undefined, cancel = false): void {
  const view = s.follows.has(name) ? name : s.hub.resolveView(name);
  const f = view === null ? undefined : s.follows.get(view);
  if (view === null || !f) {
    s.sendError(cancel ? 'UNKNOWN_VIEW' : 'NOT_SUBSCRIBED', `not ${cancel ? 'running a query' : 'subscribed to'} '${name}'`, idOf(id));
    return;
  }
  f.stop(); // the last follower of an ad-hoc query ends it (Hub)
  s.queries.delete(view);
  s.send({ type: 'unsubscribed', ...idOf(id), view });
}

function query(s: Session, msg: Msg<'query'>, parsed?: ParseResult): void {
  if (!isQuery(msg.sql)) {
    s.sendError('BAD_MESSAGE', 'query takes a SELECT; send DDL with {"type":"execute"}', idOf(msg.id));
    return;
  }
  if (s.follows.size >= s.limits.maxSubscriptions) {
    roomFor(s, '', msg.id);
    return;
  }
  let view: string;
  try {
    // `from` 'earliest' / 'latest' is where the query reads its sources (scan.startup.mode); a seq resumes
    // the query's output at that seq.
    const startup = msg.from === 'earliest' || msg.from === 'latest' ? msg.from : undefined;
    view = asNetworkRequest(s.principal.files, () => s.hub.openQuery(msg.sql, parsed, startup).view);
  } catch (e) {
    fail(s, msg.id, e);
    return;
  }
  const info = s.engine.views().find((v) => v.name === view);
  const columns = info?.columns.map((c) => ({ name: c.name, type: c.type })) ?? [];
  s.queries.add(view);
  // Joiners of a shared query replay its output from the start, so identical SQL gives identical streams.
  follow(s, view, typeof msg.from === 'number' ? msg.from : 'earliest', msg.id, { columns });
}

function execute(s: Session, msg: Msg<'execute'>, parsed?: ParseResult): void {
  if (isQuery(msg.sql)) {
    s.sendError('BAD_MESSAGE', 'execute runs DDL; send a SELECT with {"type":"query"}', idOf(msg.id));
    return;
  }
  try {
    const results = asNetworkRequest(s.principal.files, () => s.engine.execute(msg.sql, parsed));
    // A SELECT hidden in a multi-statement script would start a query nobody follows: stop it.
    const stray = results.filter((r) => r.kind === 'query');
    for (const r of stray) if (r.kind === 'query') s.engine.cancel(r.view);
    s.send({ type: 'ok', ...idOf(msg.id), results: results.filter((r) => r.kind !== 'query') });
  } catch (e) {
    fail(s, msg.id, e);
  }
}

function insert(s: Session, msg: Msg<'insert'>): void {
  const source = resolveSource(s, msg.source);
  if (source === null) {
    s.sendError('UNKNOWN_SOURCE', `source '${msg.source}' does not exist`, idOf(msg.id));
    return;
  }
  // Pushed with the other inserts of this socket read (ingest-batch.ts); acked once durable.
  s.inserts.add({ source, id: msg.id, rows: msg.rows, frame: msg.frame ?? null });
}

/**
 * Late rows, newest `limit` (oldest first, as the engine lists them). A view is resolved like `subscribe`;
 * a name that matches no current view is still passed through, because a dropped view's late rows stay
 * in the engine's table.
 */
function late(s: Session, msg: Msg<'late'>): void {
  const view = msg.view === undefined ? undefined : (s.hub.resolveView(msg.view) ?? msg.view);
  try {
    s.send({ type: 'late_rows', ...idOf(msg.id), rows: s.engine.lateRows(view, msg.limit ?? DEFAULT_LISTING_ROWS) });
  } catch (e) {
    fail(s, msg.id, e);
  }
}

/** Rejected inputs, newest `limit`; a source is resolved like `insert`, an unknown name passed through. */
function rejects(s: Session, msg: Msg<'rejects'>): void {
  const source = msg.source === undefined ? undefined : (resolveSource(s, msg.source) ?? msg.source);
  try {
    s.send({ type: 'rejected_rows', ...idOf(msg.id), rows: s.engine.rejectedRows(source, msg.limit ?? DEFAULT_LISTING_ROWS) });
  } catch (e) {
    fail(s, msg.id, e);
  }
}

/** Writes a checkpoint now (a no-op for an in-memory engine); `ok` once it is committed. */
function checkpoint(s: Session, msg: Msg<'checkpoint'>): void {
  try {
    s.engine.checkpoint();
    s.send({ type: 'ok', ...idOf(msg.id) });
  } catch (e) {
    fail(s, msg.id, e);
  }
}

/** The engine's counters as they are (watermarks in epoch ms; +∞ at end of input is Number.MAX_SAFE_INTEGER). */
function stats(s: Session, msg: Msg<'stats'>): void {
  try {
    const st = s.engine.stats();
    s.send({ type: 'stats', ...idOf(msg.id), sources: st.sources, views: st.views, checkpoint: st.checkpoint ?? null });
  } catch (e) {
    fail(s, msg.id, e);
  }
}

export function resolveSource(s: { engine: Session['engine'] }, name: string): string | null {
  const sources = s.engine.sources();
  if (sources.some((x) => x.name === name)) return name;
  const hits = sources.filter((x) => x.name.toLowerCase() === name.toLowerCase());
  return hits.length === 1 ? hits[0]!.name : null;
}
