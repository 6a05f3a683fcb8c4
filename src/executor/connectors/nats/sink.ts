/**
 * The sink side of a nats table: committed output rows of one view → the table's stream, exactly once.
 * The commit path records a range before calling `publishRange` and marks it published after; on
 * recovery it calls `publishRange` again with exactly the recorded range (publisher.ts explains why the
 * same range gives the same messages and ids). Opening the sink creates the stream when absent.
 */
import type { NatsClients } from './connection.js';
import type { NatsTableOptions } from './options.js';
import { planMessages, publishMessages, type CommittedOutputRow, type PublisherOptions, type PublishReport } from './publisher.js';
import { ensureStream } from './stream.js';

export interface NatsSinkBinding {
  /** The id prefix of every message (`<view>:<seq>`): the name of the view or job that writes. */
  readonly view: string;
  readonly encodeRow: (row: readonly unknown[]) => Record<string, unknown>;
  /** Column index of partition_key in the output rows; required for a partitioned table. */
  readonly partitionKeyIndex: number | null;
}

export class NatsSink {
  private constructor(
    private readonly clients: NatsClients,
    readonly table: NatsTableOptions,
    readonly options: NatsSinkBinding,
    /** The stream's duplicate window: a recorded range must be republished within it. */
    readonly duplicateWindowMs: number,
    private readonly publisher: PublisherOptions,
  ) {}

  static async open(clients: NatsClients, table: NatsTableOptions, options: NatsSinkBinding): Promise<NatsSink> {
    if (table.partitions !== null && options.partitionKeyIndex === null) {
      throw new Error(`invariant: table on stream '${table.stream}' is partitioned by '${table.partitionKey}' but no key column was given`);
    }
    if (/[\s*>]/.test(options.view)) throw new Error(`invariant: message id prefix '${options.view}' contains whitespace or a wildcard`);
    const ensured = await ensureStream(clients.jsm, table);
    const publisher: PublisherOptions = {
      subject: table.subject,
      partitions: table.partitions,
      partitionKeyIndex: options.partitionKeyIndex,
      format: table.format,
      batchRows: table.sink.batchRows,
      encodeRow: options.encodeRow,
    };
    return new NatsSink(clients, table, options, ensured.duplicateWindowMs, publisher);
  }

  /** Publishes a recorded range of committed rows (contiguous seqs) until every message is acknowledged. */
  publishRange(rows: readonly CommittedOutputRow[]): Promise<PublishReport> {
    const messages = planMessages(this.options.view, rows, this.publisher);
    return publishMessages(this.clients.js, messages, {
      maxInFlight: this.table.sink.maxInFlight,
      ackTimeoutMs: this.table.sink.ackTimeoutMs,
      retryDeadlineMs: this.table.sink.retryDeadlineMs,
      maxPayload: this.clients.maxPayload,
    });
  }
}
