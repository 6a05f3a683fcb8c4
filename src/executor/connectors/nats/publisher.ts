/**
 * Publishes committed output rows of a view to a table's stream, exactly once across retries, restarts
 * and kill -9.
 *
 * Protocol (the caller's part in brackets):
 *   1. [commit the output rows, and in the same transaction record the range from..to to publish]
 *   2. publishRange(view, rows from..to): messages are planned from the range alone (planMessages), each
 *      with `Nats-Msg-Id: <view>:<seq of its first row>`, and published until every one is acknowledged
 *   3. [record the range as published]
 * After a crash between 1 and 3 the caller republishes exactly the recorded range: the plan is the same
 * (same subjects, same batch boundaries, same ids), so JetStream's duplicate window drops whatever had
 * already been stored. The range must be republished within the stream's duplicate window
 * (`stream.duplicate_window`, 2 minutes by default).
 *
 * Pipelining: up to `maxInFlight` messages await their acknowledgements at once. A failed publish (a
 * server killed, a leader election, a timeout) is retried with the same id until `retryDeadlineMs` passes
 * without progress. Ids make each message stored once; but a message retried after a later one of the
 * same window was stored lands after it, so in-order storage under failures needs `maxInFlight` = 1.
 */
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { RowOp } from '../../api.js';
import type { NatsFormat } from './options.js';
import { encodePayload, type EncodedRow } from './payload.js';
import { partitionOf } from './partitioning.js';

/** A row of a view's committed output log: its seq, op and values in the view's column order. */
export interface CommittedOutputRow {
  readonly seq: number;
  readonly op: RowOp;
  readonly row: readonly unknown[];
}

export interface PublisherOptions {
  readonly subject: string;
  readonly partitions: number | null;
  /** Column index of partition_key in the output rows (required when partitioned). */
  readonly partitionKeyIndex: number | null;
  readonly format: NatsFormat;
  readonly batchRows: number;
  /** Output values → JSON-ready object (the engine's `makeRowEncoder`). */
  readonly encodeRow: (row: readonly unknown[]) => Record<string, unknown>;
}

export interface PlannedMessage {
  readonly subject: string;
  readonly msgId: string;
  readonly payload: string;
  readonly firstSeq: number;
  readonly rows: number;
}

/**
 * The messages of a range, a pure function of (view, rows, options): rows go to their partition's
 * subject, consecutive rows of one subject are grouped `batchRows` at a time, and messages are ordered by
 * their first row's seq. Rows must be contiguous (seq n, n+1, ...): a gap means the caller lost rows.
 */
export function planMessages(view: string, rows: readonly CommittedOutputRow[], options: PublisherOptions): PlannedMessage[] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.seq !== rows[i - 1]!.seq + 1) {
      throw new Error(`invariant: output range of '${view}' is not contiguous: seq ${rows[i - 1]!.seq} is followed by ${rows[i]!.seq}`);
    }
  }
  const { partitions, partitionKeyIndex } = options;
  if (partitions !== null && partitionKeyIndex === null) throw new Error('invariant: a partitioned sink needs the partition key column');
  const batched = options.batchRows > 1;
  const open = new Map<string, { firstSeq: number; rows: EncodedRow[] }>();
  const out: PlannedMessage[] = [];
  const flush = (subject: string): void => {
    const b = open.get(subject)!;
    open.delete(subject);
    out.push({ subject, msgId: `${view}:${b.firstSeq}`, payload: encodePayload(b.rows, options.format, batched), firstSeq: b.firstSeq, rows: b.rows.length });
  };
  for (const r of rows) {
    const subject = partitions === null ? options.subject : `${options.subject}.${partitionOf(r.row[partitionKeyIndex!], partitions)}`;
    let b = open.get(subject);
    if (!b) {
      b = { firstSeq: r.seq, rows: [] };
      open.set(subject, b);
    }
    b.rows.push({ op: r.op, row: options.encodeRow(r.row) });
    if (b.rows.length === options.batchRows) flush(subject);
  }
  for (const subject of [...open.keys()]) flush(subject);
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface PublishReport {
  readonly messages: number;
  /** Messages newly stored by this call. */
  readonly stored: number;
  /** Messages the stream already held (dropped by id): republished ranges and retried publishes. */
  readonly duplicates: number;
  /** Publish attempts that failed and were retried. */
  readonly retries: number;
}

export interface PublishLimits {
  readonly maxInFlight: number;
  readonly ackTimeoutMs: number;
  readonly retryDeadlineMs: number;
  /** The server's max_payload, when known: a larger message is refused before it is sent. */
  readonly maxPayload?: number | undefined;
}

export class NatsPublishError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NatsPublishError';
  }
}

/** Publishes planned messages until each one is acknowledged (stored or duplicate). */
export async function publishMessages(js: JetStreamClient, messages: readonly PlannedMessage[], limits: PublishLimits): Promise<PublishReport> {
  const enc = new TextEncoder();
  const payloads = messages.map((m) => enc.encode(m.payload));
  if (limits.maxPayload !== undefined) {
    payloads.forEach((p, i) => {
      if (p.length > limits.maxPayload!) {
        throw new NatsPublishError(`message ${messages[i]!.msgId} is ${p.length} bytes, over the server's max_payload of ${limits.maxPayload}; lower 'sink.batch_rows'`);
      }
    });
  }
  let stored = 0;
  let duplicates = 0;
  let retries = 0;
  // Outcomes, not rejections: a later publish may fail while an earlier one is awaited, and a rejected
  // promise nobody awaits yet would be an unhandled rejection.
  type Outcome = { ok: true; ack: PubAck } | { ok: false; err: unknown };
  const send = (i: number): Promise<Outcome> =>
    js.publish(messages[i]!.subject, payloads[i]!, { msgID: messages[i]!.msgId, timeout: limits.ackTimeoutMs, retries: 0 }).then(
      (ack): Outcome => ({ ok: true, ack }),
      (err: unknown): Outcome => ({ ok: false, err }),
    );

  let next = 0; // first message not yet acknowledged
  let lastProgress = performance.now();
  let backoff = 50;
  while (next < messages.length) {
    // Sliding window: keep `maxInFlight` publishes outstanding, take acknowledgements in order.
    const inflight: Promise<Outcome>[] = [];
    let issued = next;
    while (issued < messages.length && inflight.length < limits.maxInFlight) inflight.push(send(issued++));
    let failed: unknown = null;
    while (inflight.length > 0) {
      const r = await inflight.shift()!;
      if (!r.ok) {
        failed = r.err;
        // Let the rest settle so no publish of this round is still in flight when the retry starts.
        await Promise.all(inflight);
        break;
      }
      if (r.ack.duplicate) duplicates++;
      else stored++;
      next++;
      lastProgress = performance.now();
      backoff = 50;
      if (issued < messages.length) inflight.push(send(issued++));
    }
    if (failed !== null) {
      retries++;
      if (performance.now() - lastProgress > limits.retryDeadlineMs) {
        throw new NatsPublishError(
          `publishing ${messages[next]!.msgId} to '${messages[next]!.subject}' failed for ${limits.retryDeadlineMs} ms: ${(failed as Error).message ?? String(failed)}`,
          { cause: failed },
        );
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 1_000);
    }
  }
  return { messages: messages.length, stored, duplicates, retries };
}
