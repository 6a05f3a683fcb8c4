/**
 * The `WITH (connector = 'nats', ...)` options: declared once (key, default, meaning) so that a connector
 * registry can list them, refuse unknown keys and show them in DESCRIBE, and parsed once into a typed
 * `NatsTableOptions`. Values arrive as SQL string literals, as in Flink's WITH clause.
 * An error names the option (`NatsOptionError.option`) so the caller can point at it in the statement.
 */
import { parseDuration } from '../../sources/index.js';
import { KEY_GROUPS } from './partitioning.js';

export type NatsFormat = 'json' | 'changelog-json';
export type NatsStorage = 'file' | 'memory';

export interface NatsStreamOptions {
  readonly storage: NatsStorage;
  readonly replicas: number;
  /** Messages older than this are removed; 0 = kept until another limit removes them. */
  readonly maxAgeMs: number;
  /** -1 = no limit. */
  readonly maxBytes: number;
  /** -1 = no limit. */
  readonly maxMsgs: number;
  /** How long JetStream remembers a Nats-Msg-Id to drop a republished message. */
  readonly duplicateWindowMs: number;
  /** Create the stream when it does not exist (otherwise a missing stream is an error). */
  readonly create: boolean;
}

export interface NatsSinkOptions {
  /** Rows per message (1: one row object per message, the id `<view>:<seq>` of that row). */
  readonly batchRows: number;
  /** Messages published before waiting for their acknowledgements. */
  readonly maxInFlight: number;
  readonly ackTimeoutMs: number;
  /** How long a range keeps being retried (server restarts, leader elections) before the publish fails. */
  readonly retryDeadlineMs: number;
}

export interface NatsScanOptions {
  /** The idle heartbeat asked of each split's consumer; it is replaced after 4 intervals without one. */
  readonly heartbeatMs: number;
}

export interface NatsTableOptions {
  readonly servers: readonly string[];
  readonly stream: string;
  readonly subject: string;
  /** null: one unpartitioned subject `<subject>`; else subjects `<subject>.0` .. `<subject>.<n-1>`. */
  readonly partitions: number | null;
  readonly partitionKey: string | null;
  readonly format: NatsFormat;
  readonly streamOptions: NatsStreamOptions;
  readonly sink: NatsSinkOptions;
  readonly scan: NatsScanOptions;
  /** How long one JetStream API request (stream info or creation, consumer creation) may take. */
  readonly requestTimeoutMs: number;
}

/** Option kinds as a connector registry checks them (a value's own rules are in parseNatsOptions). */
export type NatsOptionKind = 'string' | 'integer' | 'duration' | 'boolean';

export interface NatsOptionSpec {
  readonly key: string;
  readonly kind: NatsOptionKind;
  readonly values?: readonly string[];
  /** The default as it would be written in WITH; null: required or absent by default. */
  readonly default: string | null;
  readonly required: boolean;
  readonly doc: string;
}

export const NATS_OPTIONS: readonly NatsOptionSpec[] = [
  { key: 'connector', kind: 'string', values: ['nats'], default: null, required: true, doc: "'nats'" },
  { key: 'servers', kind: 'string', default: null, required: true, doc: 'comma-separated server URLs, e.g. nats://127.0.0.1:4222' },
  { key: 'stream', kind: 'string', default: null, required: true, doc: 'JetStream stream name' },
  { key: 'subject', kind: 'string', default: null, required: true, doc: 'subject, or subject prefix when partitioned' },
  { key: 'partitions', kind: 'integer', default: null, required: false, doc: `1..${KEY_GROUPS}; subjects <subject>.0 .. <subject>.<n-1>` },
  { key: 'partition_key', kind: 'string', default: null, required: false, doc: 'the column whose value picks the partition (required with partitions)' },
  { key: 'format', kind: 'string', values: ['json', 'changelog-json'], default: 'json', required: false, doc: "'json' (row objects) or 'changelog-json' ({op,row})" },
  { key: 'stream.storage', kind: 'string', values: ['file', 'memory'], default: 'file', required: false, doc: "'file' or 'memory'" },
  { key: 'stream.replicas', kind: 'integer', default: '1', required: false, doc: '1..5 (a cluster keeps this many copies)' },
  { key: 'stream.max_age', kind: 'duration', default: '0', required: false, doc: "retention by age ('7d'); 0 = no age limit" },
  { key: 'stream.max_bytes', kind: 'integer', default: '-1', required: false, doc: 'retention by size in bytes; -1 = no limit' },
  { key: 'stream.max_msgs', kind: 'integer', default: '-1', required: false, doc: 'retention by count; -1 = no limit' },
  { key: 'stream.duplicate_window', kind: 'duration', default: '2m', required: false, doc: 'how long message ids are remembered' },
  { key: 'stream.create', kind: 'boolean', default: 'true', required: false, doc: 'create the stream when absent' },
  { key: 'sink.batch_rows', kind: 'integer', default: '1', required: false, doc: 'rows per published message' },
  { key: 'sink.max_in_flight', kind: 'integer', default: '256', required: false, doc: 'messages published before awaiting acks' },
  { key: 'sink.ack_timeout', kind: 'duration', default: '5s', required: false, doc: 'wait for one acknowledgement' },
  { key: 'sink.retry_deadline', kind: 'duration', default: '60s', required: false, doc: 'retry a range this long before failing' },
  { key: 'scan.heartbeat', kind: 'duration', default: '1s', required: false, doc: 'idle heartbeat of a split\'s consumer; replaced after 4 missed (≥ 500ms)' },
  { key: 'request_timeout', kind: 'duration', default: '3s', required: false, doc: 'one JetStream API request (stream, consumer); retried while a cluster elects' },
];

/** Options every source takes, checked and applied by the engine: accepted here, not interpreted. */
export const ENGINE_OPTIONS: readonly string[] = ['idle_timeout', 'scan.startup.mode'];

const KNOWN = new Set(NATS_OPTIONS.map((o) => o.key));
const PASSED = new Set(ENGINE_OPTIONS);

export class NatsOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'NatsOptionError';
  }
}

// JetStream stream names may not contain whitespace, '.', '*', '>' or path separators.
const STREAM_NAME = /^[^\s.*>/\\]+$/;
// A subject is dot-separated non-empty tokens without whitespace or wildcards.
const SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

/** Parses and checks a WITH clause (keys are case-insensitive, values any scalar). */
export function parseNatsOptions(raw: Readonly<Record<string, string | number | boolean>>): NatsTableOptions {
  const opts = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) {
    const key = k.toLowerCase();
    if (PASSED.has(key)) continue;
    if (!KNOWN.has(key)) {
      throw new NatsOptionError(key, `unknown option '${k}' for connector 'nats'; known: ${[...KNOWN, ...PASSED].join(', ')}`);
    }
    opts.set(key, String(v));
  }
  const get = (key: string): string | null => opts.get(key) ?? NATS_OPTIONS.find((o) => o.key === key)!.default;
  const need = (key: string): string => {
    const v = get(key);
    if (v === null || v.trim() === '') throw new NatsOptionError(key, `connector 'nats' needs option '${key}'`);
    return v.trim();
  };
  const int = (key: string, min: number, max: number): number => {
    const text = need(key);
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) throw new NatsOptionError(key, `option '${key}' must be a whole number from ${min} to ${max}, got '${text}'`);
    return n;
  };
  const duration = (key: string): number => {
    const text = need(key);
    const ms = parseDuration(text);
    if (ms === null) throw new NatsOptionError(key, `option '${key}' must be a duration such as '500ms', '5s', '2m' or '7d', got '${text}'`);
    return ms;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
    const text = need(key).toLowerCase();
    if (!(allowed as readonly string[]).includes(text)) {
      throw new NatsOptionError(key, `option '${key}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${text}'`);
    }
    return text as T;
  };

  if (need('connector').toLowerCase() !== 'nats') throw new NatsOptionError('connector', `expected connector 'nats', got '${get('connector')}'`);
  const servers = need('servers').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of servers) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$/i.test(s) && !/^[^\s/:]+:\d+$/.test(s)) {
      throw new NatsOptionError('servers', `option 'servers' holds '${s}', which is not a server address such as nats://127.0.0.1:4222`);
    }
  }
  const stream = need('stream');
  if (!STREAM_NAME.test(stream)) throw new NatsOptionError('stream', `stream name '${stream}' may not contain whitespace, '.', '*', '>', '/' or '\\'`);
  const subject = need('subject');
  if (!SUBJECT.test(subject)) throw new NatsOptionError('subject', `subject '${subject}' must be dot-separated tokens without whitespace or wildcards`);
  const partitions = get('partitions') === null ? null : int('partitions', 1, KEY_GROUPS);
  const partitionKey = get('partition_key')?.trim() || null;
  if (partitions !== null && partitionKey === null) {
    throw new NatsOptionError('partitions', `option 'partitions' needs 'partition_key': the column whose value picks a row's partition`);
  }
  if (partitions === null && partitionKey !== null) {
    throw new NatsOptionError('partition_key', `option 'partition_key' needs 'partitions' (the number of partition subjects)`);
  }
  const maxBytes = int('stream.max_bytes', -1, Number.MAX_SAFE_INTEGER);
  const maxMsgs = int('stream.max_msgs', -1, Number.MAX_SAFE_INTEGER);
  const create = oneOf('stream.create', ['true', 'false'] as const) === 'true';
  const maxAgeMs = duration('stream.max_age');
  const duplicateWindowMs = duration('stream.duplicate_window');
  if (duplicateWindowMs <= 0) throw new NatsOptionError('stream.duplicate_window', `option 'stream.duplicate_window' must be above 0: it is what makes publishing exactly-once`);
  // JetStream refuses a duplicate window longer than the age limit (ids would outlive their messages).
  if (maxAgeMs > 0 && duplicateWindowMs > maxAgeMs) {
    throw new NatsOptionError(
      'stream.duplicate_window',
      `the duplicate window (${duplicateWindowMs} ms) may not exceed 'stream.max_age' (${maxAgeMs} ms)`,
    );
  }
  const ackTimeoutMs = duration('sink.ack_timeout');
  if (ackTimeoutMs <= 0) throw new NatsOptionError('sink.ack_timeout', `option 'sink.ack_timeout' must be above 0`);
  const heartbeatMs = duration('scan.heartbeat');
  // The client does not ask for heartbeats more often than every 500 ms.
  if (heartbeatMs < 500) throw new NatsOptionError('scan.heartbeat', `option 'scan.heartbeat' must be at least 500ms, got ${heartbeatMs} ms`);
  const requestTimeoutMs = duration('request_timeout');
  if (requestTimeoutMs <= 0) throw new NatsOptionError('request_timeout', `option 'request_timeout' must be above 0`);
  return {
    servers,
    stream,
    subject,
    partitions,
    partitionKey,
    format: oneOf('format', ['json', 'changelog-json'] as const),
    streamOptions: {
      storage: oneOf('stream.storage', ['file', 'memory'] as const),
      replicas: int('stream.replicas', 1, 5),
      maxAgeMs,
      maxBytes,
      maxMsgs,
      duplicateWindowMs,
      create,
    },
    sink: {
      batchRows: int('sink.batch_rows', 1, 10_000),
      maxInFlight: int('sink.max_in_flight', 1, 65_536),
      ackTimeoutMs,
      retryDeadlineMs: duration('sink.retry_deadline'),
    },
    scan: { heartbeatMs },
    requestTimeoutMs,
  };
}

/**
 * The registry's `check`: null when the options are fine, else the option at fault and why (for the
 * caret under it in CREATE TABLE).
 */
export function checkNatsOptions(raw: Readonly<Record<string, string | number | boolean>>): { option: string; message: string } | null {
  try {
    parseNatsOptions(raw);
    return null;
  } catch (err) {
    if (err instanceof NatsOptionError) return { option: err.option, message: err.message };
    throw err;
  }
}

/** Split ids of a table (stable: offsets and watermarks are stored under them): the partition numbers. */
export function natsSplitIds(options: Pick<NatsTableOptions, 'partitions'>): string[] {
  return Array.from({ length: options.partitions ?? 1 }, (_, p) => String(p));
}

/** The subject of a partition (`<subject>.<p>`), or the subject itself when unpartitioned. */
export function subjectOf(options: Pick<NatsTableOptions, 'subject' | 'partitions'>, partition: number): string {
  return options.partitions === null ? options.subject : `${options.subject}.${partition}`;
}

/** Every subject of the table, in partition order (the splits of a source). */
export function subjectsOf(options: Pick<NatsTableOptions, 'subject' | 'partitions'>): string[] {
  if (options.partitions === null) return [options.subject];
  return Array.from({ length: options.partitions }, (_, p) => `${options.subject}.${p}`);
}

/** The column index of partition_key in a table's columns (exact name first, then case-insensitive); null: unpartitioned or not a column. */
export function partitionKeyIndex(def: { readonly columns: readonly { readonly name: string }[] }, table: Pick<NatsTableOptions, 'partitionKey'>): number | null {
  if (table.partitionKey === null) return null;
  const key = table.partitionKey;
  let i = def.columns.findIndex((c) => c.name === key);
  if (i < 0) i = def.columns.findIndex((c) => c.name.toLowerCase() === key.toLowerCase());
  return i >= 0 ? i : null;
}
