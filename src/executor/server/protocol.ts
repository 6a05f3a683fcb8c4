/**
 * The websocket protocol (DESIGN §5, docs/protocol.md): message shapes and their validation.
 * Every inbound frame is parsed here, once, into a typed `ClientMessage` or a `ProtocolError`; the
 * session never sees unvalidated input. Outbound messages are plain typed objects.
 */
import { z } from 'zod';
import { normalizeSql as normalizeStatement } from '../../parser/normalize.js';
import type { CheckpointStats, LateRow, OutputRow, RejectedInput, SourceStats, ViewStats } from '../api.js';

/** Every `code` the server may put in an `error` message. SQL diagnostics pass through with their own codes. */
export type ErrorCode =
  | 'BAD_MESSAGE'
  | 'UNKNOWN_VIEW'
  | 'UNKNOWN_SOURCE'
  | 'ALREADY_SUBSCRIBED'
  | 'NOT_SUBSCRIBED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'FORBIDDEN'
  | 'TOO_BUSY'
  | 'SLOW_CONSUMER'
  | 'UNAUTHORIZED'
  | 'SHUTTING_DOWN'
  | 'INTERNAL'
  | (string & {}); // SQL_SYNTAX, UNKNOWN_COLUMN, ... from the engine's diagnostics

const name = z.string().min(1).max(256);
const id = z.union([z.string().max(256), z.number()]).optional();
const from = z.union([z.literal('latest'), z.literal('earliest'), z.number().int().min(1)]);
const sql = z.string().min(1).max(1_000_000);
/** Rows a `late` / `rejects` listing returns at most (the engine keeps the newest 10,000 of each). */
export const MAX_LISTING_ROWS = 10_000;
export const DEFAULT_LISTING_ROWS = 100;
const limit = z.number().int().min(1).max(MAX_LISTING_ROWS);

/** A row filter: equality on view columns, ANDed (row-filter.ts). */
const where = z.record(z.string().min(1).max(256), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])).refine((w) => Object.keys(w).length <= 16, 'at most 16 columns');
const subscribe = z.strictObject({ type: z.literal('subscribe'), id, view: name, from: from.optional(), where: where.optional() });
const unsubscribe = z.strictObject({ type: z.literal('unsubscribe'), id, view: name });
const query = z.strictObject({ type: z.literal('query'), id, sql, from: from.optional() });
const cancel = z.strictObject({ type: z.literal('cancel'), id, view: name });
const execute = z.strictObject({ type: z.literal('execute'), id, sql });
const insert = z.strictObject({ type: z.literal('insert'), id, source: name, rows: z.array(z.unknown()).max(100_000) });
const ping = z.strictObject({ type: z.literal('ping'), id });
const late = z.strictObject({ type: z.literal('late'), id, view: name.optional(), limit: limit.optional() });
const rejects = z.strictObject({ type: z.literal('rejects'), id, source: name.optional(), limit: limit.optional() });
const checkpoint = z.strictObject({ type: z.literal('checkpoint'), id });
const stats = z.strictObject({ type: z.literal('stats'), id });

/** Exported for tests (insertMessage must agree with it). */
export const clientMessage = z.discriminatedUnion('type', [subscribe, unsubscribe, query, cancel, execute, insert, ping, late, rejects, checkpoint, stats]);

type ParsedMessage = z.infer<typeof clientMessage>;
/**
 * An insert also carries the frame's text, from which its rows' JSON text as the frame spelled it is cut
 * (rows-text.ts) when the input log needs it: only when a row is rejected (else the log keeps the
 * decoded rows in binary form), so it is not cut for every insert (a scan of the frame).
 */
export type InsertMessage = Extract<ParsedMessage, { type: 'insert' }> & { readonly frame?: string };
export type ClientMessage = Exclude<ParsedMessage, { type: 'insert' }> | InsertMessage;
export type From = z.infer<typeof from>;
export const CLIENT_TYPES = ['subscribe', 'unsubscribe', 'query', 'cancel', 'execute', 'insert', 'ping', 'late', 'rejects', 'checkpoint', 'stats'] as const;

export interface ErrorMessage {
  readonly type: 'error';
  readonly id?: string | number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly view?: string;
}

export type ServerMessage =
  | { readonly type: 'subscribed'; readonly id?: string | number; readonly view: string; readonly seq: number; readonly columns?: readonly { name: string; type: string }[] }
  | { readonly type: 'unsubscribed'; readonly id?: string | number; readonly view: string }
  | { readonly type: 'rows'; readonly view: string; readonly rows: readonly OutputRow[] }
  | { readonly type: 'progress'; readonly view: string; readonly watermark: string | null; readonly seq: number }
  | { readonly type: 'ok'; readonly id?: string | number; readonly results?: readonly unknown[] }
  | { readonly type: 'ack'; readonly id?: string | number; readonly count: number; readonly offset: number; readonly errors: readonly { index: number; reason: string }[] }
  | { readonly type: 'pong'; readonly id?: string | number }
  | { readonly type: 'late_rows'; readonly id?: string | number; readonly rows: readonly LateRow[] }
  | { readonly type: 'rejected_rows'; readonly id?: string | number; readonly rows: readonly RejectedInput[] }
  | {
      readonly type: 'stats';
      readonly id?: string | number;
      readonly sources: readonly SourceStats[];
      readonly views: readonly ViewStats[];
      readonly checkpoint: CheckpointStats | null;
    }
  | ErrorMessage;

/** The largest instant a JS Date holds (±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

/**
 * A watermark from `engine.stats()` (epoch ms) when it is a real instant; null when there is none yet or
 * at end of input (the engine reports +∞ as Number.MAX_SAFE_INTEGER, which no Date can hold).
 */
export function finiteWatermark(ms: number | null | undefined): number | null {
  return ms !== null && ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

/** The same as ISO-8601 text (`progress` messages, GET /views). */
export function watermarkIso(ms: number | null | undefined): string | null {
  const wm = finiteWatermark(ms);
  return wm === null ? null : new Date(wm).toISOString();
}

export type ParseResult = { readonly ok: true; readonly msg: ClientMessage } | { readonly ok: false; readonly error: ErrorMessage };

function bad(message: string, msgId?: unknown): ParseResult {
  const echo = typeof msgId === 'string' || typeof msgId === 'number' ? { id: msgId } : {};
  return { ok: false, error: { type: 'error', ...echo, code: 'BAD_MESSAGE', message } };
}

/** Parses one text frame. Never throws: every failure is a BAD_MESSAGE naming what was wrong. */
export function parseClientMessage(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return bad(`malformed JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('a message must be a JSON object with a "type"');
  const obj = raw as Record<string, unknown>;
  if (typeof obj['type'] !== 'string') return bad('missing "type"', obj['id']);
  if (!(CLIENT_TYPES as readonly string[]).includes(obj['type'])) {
    return bad(`unknown message type '${obj['type'].slice(0, 64)}'; expected one of ${CLIENT_TYPES.join(', ')}`, obj['id']);
  }
  if (obj['type'] === 'insert') {
    const msg = insertMessage(obj);
    if (msg !== null) return { ok: true, msg: { ...msg, frame: text } };
  }
  const parsed = clientMessage.safeParse(raw);
  if (parsed.success) {
    const msg = parsed.data;
    return { ok: true, msg: msg.type === 'insert' ? { ...msg, frame: text } : msg };
  }
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
  return bad(`invalid ${obj['type']} message: ${where}${issue?.message ?? 'invalid'}`, obj['id']);
}

/**
 * The insert schema's checks written out (an insert is the frame a producer sends thousands of times a
 * second; the schema's array check copies its rows): the message when `obj` passes them, else null and
 * the schema decides, with its error message. Must accept exactly what `insert` above accepts.
 */
export function insertMessage(obj: Record<string, unknown>): Extract<ParsedMessage, { type: 'insert' }> | null {
  for (const k in obj) if (k !== 'type' && k !== 'id' && k !== 'source' && k !== 'rows') return null;
  const { id, source, rows } = obj;
  if (typeof source !== 'string' || source.length < 1 || source.length > 256) return null;
  if (!Array.isArray(rows) || rows.length > 100_000) return null;
  if (id === undefined) return { type: 'insert', source, rows };
  if ((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= 256)) return { type: 'insert', id, source, rows };
  return null;
}

/** Identical ad-hoc queries share one pipeline: the engine's token-based normalizer says what is identical. */
export function normalizeSql(text: string): string {
  return normalizeStatement(text);
}
