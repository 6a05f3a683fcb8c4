/**
 * Streams: created when absent with the table's subjects and documented limits, checked when present.
 *
 * A partitioned table's stream lists its partition subjects explicitly (`ev.0` .. `ev.11`), not `ev.*`:
 * a producer that publishes to a partition that does not exist gets an error instead of storing a message
 * no reader will ever read. Retention is always `limits`: readers resume by stream sequence and never
 * acknowledge, so interest or work-queue retention would delete messages a restarted reader still needs.
 */
import { nanos, millis } from '@nats-io/transport-node';
import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import type { NatsTableOptions } from './options.js';
import { subjectsOf } from './options.js';

export interface EnsuredStream {
  readonly created: boolean;
  readonly info: StreamInfo;
  /** The duplicate window in force (the stream's, which may differ from the option when it existed). */
  readonly duplicateWindowMs: number;
}

export class NatsStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NatsStreamError';
  }
}

/** The configuration a table asks for. */
export function streamConfigOf(options: NatsTableOptions): StreamConfig {
  const s = options.streamOptions;
  return {
    name: options.stream,
    subjects: subjectsOf(options),
    retention: RetentionPolicy.Limits,
    storage: s.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: s.replicas,
    max_age: nanos(s.maxAgeMs),
    max_bytes: s.maxBytes,
    max_msgs: s.maxMsgs,
    duplicate_window: nanos(s.duplicateWindowMs),
    discard: DiscardPolicy.Old,
  } as StreamConfig;
}

/**
 * Makes sure the table's stream exists and carries every subject of the table. An existing stream is not
 * changed (its limits are the operator's business), but a stream that lacks one of the subjects is an
 * error that names them, since reads of that partition would find nothing and writes would fail.
 */
export async function ensureStream(jsm: JetStreamManager, options: NatsTableOptions): Promise<EnsuredStream> {
  const wanted = streamConfigOf(options);
  let info = await streamInfo(jsm, options.stream);
  let created = false;
  if (info === null) {
    if (!options.streamOptions.create) {
      throw new NatsStreamError(`stream '${options.stream}' does not exist and 'stream.create' is 'false'`);
    }
    try {
      info = await jsm.streams.add(wanted);
      created = true;
    } catch (err) {
      // Another worker may have created it between our look-up and our add: use theirs.
      info = await streamInfo(jsm, options.stream);
      if (info === null) throw err;
    }
  }
  const missing = wanted.subjects.filter((s) => !info.config.subjects.some((pattern) => subjectMatches(pattern, s)));
  if (missing.length > 0) {
    throw new NatsStreamError(
      `stream '${options.stream}' exists with subjects [${info.config.subjects.join(', ')}] but the table needs [${missing.join(', ')}]`,
    );
  }
  if (info.config.retention !== RetentionPolicy.Limits) {
    throw new NatsStreamError(
      `stream '${options.stream}' has retention '${info.config.retention}'; the nats connector needs 'limits' (readers resume by sequence and never acknowledge)`,
    );
  }
  return { created, info, duplicateWindowMs: millis(info.config.duplicate_window ?? 0) };
}

async function streamInfo(jsm: JetStreamManager, stream: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(stream);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return null;
    throw err;
  }
}

/** NATS subject matching: `*` matches one token, a final `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** The stream sequence of the last message on a subject, 0 when there is none. */
export async function lastSequenceOf(jsm: JetStreamManager, stream: string, subject: string): Promise<number> {
  const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
  return m === null ? 0 : m.seq;
}
