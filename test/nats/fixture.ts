/**
 * Shared pieces of the NATS tests: the table of issue 14's example (k BIGINT, v DOUBLE, ts TIMESTAMP),
 * its row codecs (the engine's own), rows made from a seed, and a bounded read of a split.
 */
import { makeRowDecoder, makeRowEncoder } from '../../src/executor/values.js';
import { T } from '../../src/parser/types.js';
import {
  SplitReader, lastSequenceOf, makePayloadDecoder, parseNatsOptions, subjectOf,
  type CommittedOutputRow, type DecodedRow, type NatsClients, type NatsReject, type NatsTableOptions, type SplitMessage,
} from '../../src/executor/connectors/nats/index.js';

export const COLUMNS = [
  { name: 'k', type: T.bigint(), notNull: false },
  { name: 'v', type: T.double(), notNull: false },
  { name: 'ts', type: T.timestamp(), notNull: false },
];
export const decodeRow = makeRowDecoder(COLUMNS, 2);
export const encodeRow = makeRowEncoder(COLUMNS);

/** The example table's WITH options; `null` in `extra` leaves an option out. */
export function tableOptions(servers: readonly string[], extra: Record<string, string | null> = {}): NatsTableOptions {
  const all: Record<string, string | null> = {
    connector: 'nats', servers: servers.join(','), stream: 'EV', subject: 'ev', partitions: '12', partition_key: 'k',
    format: 'json', ...extra,
  };
  return parseNatsOptions(Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)));
}

/** `n` output rows with seqs from `firstSeq`: keys spread over many partitions, a row's values from its seq. */
export function outputRows(firstSeq: number, n: number, op: CommittedOutputRow['op'] = '+I'): CommittedOutputRow[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = firstSeq + i;
    return { seq, op, row: [(seq * 7919) % 1000, seq / 4, 1_700_000_000_000 + seq] };
  });
}

/** Reads a split from `startSeq` up to the subject's last sequence at call time. */
export async function readSplit(
  clients: NatsClients, options: NatsTableOptions, partition: number, startSeq = 1,
): Promise<{ messages: SplitMessage[]; rows: DecodedRow[]; rejects: NatsReject[] }> {
  const subject = subjectOf(options, partition);
  const end = await lastSequenceOf(clients.jsm, options.stream, subject);
  const messages: SplitMessage[] = [];
  const rows: DecodedRow[] = [];
  const rejects: NatsReject[] = [];
  if (end < startSeq) return { messages, rows, rejects };
  const decode = makePayloadDecoder({
    format: options.format, decodeRow,
    routing: options.partitions === null ? undefined : { partitions: options.partitions, keyIndex: 0, keyName: 'k' },
  });
  const reader = await SplitReader.open(clients.js, { stream: options.stream, subject, startSeq });
  try {
    while (reader.position < end) {
      const batch = await reader.nextBatch(1000, 10_000);
      if (batch.length === 0) throw new Error(`split ${subject} stalled at ${reader.position} before ${end}`);
      for (const m of batch) {
        messages.push(m);
        decode(m.data, { stream: options.stream, subject: m.subject, seq: m.seq }, options.partitions === null ? null : partition, rows, rejects);
      }
    }
  } finally {
    await reader.close();
  }
  return { messages, rows, rejects };
}

/** Reads until `count` messages arrived, failing if none comes for `idleMs`. */
export async function take(reader: SplitReader, count: number, idleMs = 20_000): Promise<SplitMessage[]> {
  const out: SplitMessage[] = [];
  while (out.length < count) {
    const batch = await reader.nextBatch(count - out.length, idleMs);
    if (batch.length === 0) throw new Error(`no message for ${idleMs} ms after ${out.length} of ${count}`);
    out.push(...batch);
  }
  return out;
}
