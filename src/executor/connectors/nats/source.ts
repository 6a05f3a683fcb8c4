/**
 * The source side of a nats table, as a connector registry will drive it: one split per partition this
 * worker owns, each opened at its committed offset + 1, polled for decoded rows.
 *
 * Offsets: a split's offset is the stream sequence of the last message whose rows the engine has taken
 * (0: nothing yet). `poll` returns the offset to record once its rows are processed (`lastSeq`); writing it
 * in the same SQLite transaction as the operator state is what makes the source exactly-once. A message
 * that only produced rejects still moves the offset: its rejects are recorded, never re-read.
 *
 *   splits of worker 1/2 over 12 partitions:  ev.6  ev.7  ev.8  ev.9  ev.10  ev.11
 *   offsets after a restore:                  1041  0     988   ...         → readers start at 1042, 1, 989
 */
import type { DecodeResult } from '../../values.js';
import type { NatsClients } from './connection.js';
import type { NatsTableOptions } from './options.js';
import { subjectOf } from './options.js';
import { makePayloadDecoder, type DecodedRow, type NatsReject, type PayloadDecoder } from './payload.js';
import { SplitReader } from './reader.js';
import { lastSequenceOf } from './stream.js';

/** Rows per message assumed before a split's first messages were seen. */
const FIRST_GUESS_ROWS_PER_MESSAGE = 16;

export interface NatsSplit {
  /** null for an unpartitioned table (its one split). */
  readonly partition: number | null;
  readonly subject: string;
}

export interface NatsSourceOptions {
  readonly decodeRow: (input: unknown) => DecodeResult;
  /** Column index of partition_key in decoded rows; required for a partitioned table (misrouted rows). */
  readonly partitionKeyIndex: number | null;
  /** The partitions to read (a worker's share); null: all of them. */
  readonly partitions: readonly number[] | null;
  /** Committed offsets by partition (0 for an unpartitioned table); a missing split starts per `startup`. */
  readonly offsets: ReadonlyMap<number, number>;
  /** Where a split without an offset starts: the first retained message, or after the last one. */
  readonly startup: 'earliest' | 'latest';
  readonly prefetch?: number;
}

export interface SplitBatch {
  readonly rows: DecodedRow[];
  /** The stream sequence each row came from (same length as rows). */
  readonly seqs: number[];
  readonly rejects: NatsReject[];
  /** The split's offset once these rows are processed; unchanged when the batch is empty. */
  readonly lastSeq: number;
}

export class NatsSource {
  /** Per split: rows (and rejects) per message seen so far, for `poll`'s row bound. */
  private readonly rowsPerMessage: number[] = [];

  private constructor(
    readonly table: NatsTableOptions,
    readonly splits: readonly NatsSplit[],
    private readonly readers: readonly SplitReader[],
    private readonly decode: PayloadDecoder,
  ) {}

  static async open(clients: NatsClients, table: NatsTableOptions, options: NatsSourceOptions): Promise<NatsSource> {
    if (table.partitions !== null && options.partitionKeyIndex === null) {
      throw new Error(`invariant: table on stream '${table.stream}' is partitioned by '${table.partitionKey}' but no key column was given`);
    }
    const partitions = table.partitions === null ? [0] : (options.partitions ?? Array.from({ length: table.partitions }, (_, p) => p));
    const splits = partitions.map((p) => ({ partition: table.partitions === null ? null : p, subject: subjectOf(table, p) }));
    const readers: SplitReader[] = [];
    try {
      for (const [i, split] of splits.entries()) {
        const committed = options.offsets.get(partitions[i]!);
        const startSeq =
          committed !== undefined ? committed + 1
          : options.startup === 'latest' ? (await lastSequenceOf(clients.jsm, table.stream, split.subject)) + 1
          : 1;
        const prefetch = options.prefetch;
        readers.push(await SplitReader.open(clients.js, {
          stream: table.stream, subject: split.subject, startSeq, heartbeatMs: table.scan.heartbeatMs, ...(prefetch ? { prefetch } : {}),
        }));
      }
    } catch (err) {
      await Promise.all(readers.map((r) => r.close()));
      throw err;
    }
    const decode = makePayloadDecoder({
      format: table.format,
      decodeRow: options.decodeRow,
      routing: table.partitions === null ? undefined : { partitions: table.partitions, keyIndex: options.partitionKeyIndex!, keyName: table.partitionKey! },
    });
    return new NatsSource(table, splits, readers, decode);
  }

  /** Messages of split i received and not yet polled (a poll of a split with none waits or returns []). */
  buffered(split: number): number {
    return this.reader(split).buffered;
  }

  /** The offset of split i as far as rows were handed out (committed or not). */
  position(split: number): number {
    return this.reader(split).position;
  }

  /**
   * Rows of up to `maxMessages` messages of split i, waiting at most `waitMs` for the first. `maxRows`
   * bounds the rows too, as far as whole messages allow: the count of messages is chosen from the rows
   * per message seen so far on this split (at least one message is taken).
   */
  async poll(split: number, maxMessages: number, waitMs: number, maxRows = Infinity): Promise<SplitBatch> {
    const reader = this.reader(split);
    const perMessage = this.rowsPerMessage[split] ?? FIRST_GUESS_ROWS_PER_MESSAGE;
    const take = Math.max(1, Math.min(maxMessages, Math.floor(maxRows / perMessage)));
    const messages = await reader.nextBatch(take, waitMs);
    const rows: DecodedRow[] = [];
    const seqs: number[] = [];
    const rejects: NatsReject[] = [];
    const partition = this.splits[split]!.partition;
    for (const m of messages) {
      const before = rows.length;
      this.decode(m.data, { stream: this.table.stream, subject: m.subject, seq: m.seq }, partition, rows, rejects);
      for (let i = before; i < rows.length; i++) seqs.push(m.seq);
    }
    if (messages.length > 0) {
      // A moving average, so a producer that changes its batching is followed within a few polls.
      const seen = (rows.length + rejects.length) / messages.length;
      this.rowsPerMessage[split] = Math.max(1, perMessage + (seen - perMessage) / 2);
    }
    return { rows, seqs, rejects, lastSeq: reader.position };
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.close()));
  }

  private reader(split: number): SplitReader {
    const r = this.readers[split];
    if (!r) throw new RangeError(`split ${split} is outside 0..${this.readers.length - 1}`);
    return r;
  }
}
