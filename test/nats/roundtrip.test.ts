/**
 * Against one real nats-server (JetStream, file storage in a temp dir): streams, partitioned publish and
 * read, resume from a committed sequence, republished ranges, and located rejects.
 */
import { describe, expect, it } from 'vitest';
import {
  NatsStreamError, ensureStream, partitionOf, planMessages, publishMessages, subjectsOf, type NatsTableOptions, type PublishReport,
} from '../../src/executor/connectors/nats/index.js';
import { useNatsServer } from './server-fixture.js';
import { encodeRow, outputRows, readSplit, tableOptions } from './fixture.js';
import type { CommittedOutputRow } from '../../src/executor/connectors/nats/index.js';

const nats = useNatsServer();

const LIMITS = { maxInFlight: 64, ackTimeoutMs: 5_000, retryDeadlineMs: 10_000 };

async function publish(options: NatsTableOptions, view: string, rows: readonly CommittedOutputRow[]): Promise<PublishReport> {
  const messages = planMessages(view, rows, {
    subject: options.subject, partitions: options.partitions, partitionKeyIndex: options.partitions === null ? null : 0,
    format: options.format, batchRows: options.sink.batchRows, encodeRow,
  });
  return publishMessages(nats.clients.js, messages, { ...LIMITS, maxPayload: nats.clients.maxPayload });
}

async function readAll(options: NatsTableOptions) {
  const parts = [];
  for (let p = 0; p < (options.partitions ?? 1); p++) parts.push(await readSplit(nats.clients, options, p));
  return parts;
}

describe('nats streams', () => {
  it('creates the stream with one subject per partition, and reuses it when it exists', async () => {
    const options = tableOptions([nats.server.url], { stream: 'CREATE1', subject: 'c1', 'stream.duplicate_window': '90s' });
    const first = await ensureStream(nats.clients.jsm, options);
    expect(first.created).toBe(true);
    expect(first.info.config.subjects).toEqual(subjectsOf(options));
    expect(first.duplicateWindowMs).toBe(90_000);
    const second = await ensureStream(nats.clients.jsm, options);
    expect(second.created).toBe(false);
  });

  it('refuses an existing stream that lacks the table\'s subjects, naming them', async () => {
    await ensureStream(nats.clients.jsm, tableOptions([nats.server.url], { stream: 'OTHER', subject: 'other', partitions: '2' }));
    const options = tableOptions([nats.server.url], { stream: 'OTHER', subject: 'other', partitions: '3' });
    await expect(ensureStream(nats.clients.jsm, options)).rejects.toThrow(NatsStreamError);
    await expect(ensureStream(nats.clients.jsm, options)).rejects.toThrow(/exists with subjects \[other\.0, other\.1\] but the table needs \[other\.2\]/);
  });

  it('refuses to create a missing stream when stream.create is false', async () => {
    const options = tableOptions([nats.server.url], { stream: 'ABSENT', subject: 'absent', 'stream.create': 'false' });
    await expect(ensureStream(nats.clients.jsm, options)).rejects.toThrow(/stream 'ABSENT' does not exist and 'stream.create' is 'false'/);
  });
});

describe('nats partitioned round trip', () => {
  it('publishes each row to the partition of its key and reads every row back once, in seq order', async () => {
    const options = tableOptions([nats.server.url], { stream: 'RT', subject: 'rt' });
    await ensureStream(nats.clients.jsm, options);
    const rows = outputRows(1, 600);
    const report = await publish(options, 'v', rows);
    expect(report).toMatchObject({ messages: 600, stored: 600, duplicates: 0 });

    const parts = await readAll(options);
    const seen: number[] = [];
    parts.forEach((part, p) => {
      expect(part.rejects).toEqual([]);
      for (const r of part.rows) {
        expect(partitionOf(r.row[0], 12)).toBe(p);
        expect(r.op).toBe('+I');
        seen.push(r.row[2] as number);
      }
      // Stream sequences rise within a split, and rows keep their seq order.
      const seqs = part.messages.map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const ts = part.rows.map((r) => r.row[2] as number);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    });
    expect(parts.filter((part) => part.rows.length > 0).length).toBeGreaterThan(8);
    expect(seen.sort((a, b) => a - b)).toEqual(rows.map((r) => r.row[2]));
    // Values survive the JSON round trip through the engine's own codecs.
    const byTs = new Map(parts.flatMap((part) => part.rows.map((r) => [r.row[2], r.row] as const)));
    for (const r of rows) expect(byTs.get(r.row[2])).toEqual(r.row);
  });

  it('resumes a split at the committed sequence + 1 without losing or repeating a message', async () => {
    const options = tableOptions([nats.server.url], { stream: 'RESUME', subject: 'rs' });
    await ensureStream(nats.clients.jsm, options);
    await publish(options, 'v', outputRows(1, 400));
    for (const p of [0, 5, 11]) {
      const before = await readSplit(nats.clients, options, p);
      expect(before.messages.length).toBeGreaterThan(10);
      const committed = before.messages[Math.floor(before.messages.length / 3)]!.seq;
      const resumed = await readSplit(nats.clients, options, p, committed + 1);
      const kept = before.messages.filter((m) => m.seq <= committed);
      expect([...kept, ...resumed.messages].map((m) => m.seq)).toEqual(before.messages.map((m) => m.seq));
    }
    // Messages published after the commit arrive after the resume point too.
    const p = 5;
    const before = await readSplit(nats.clients, options, p);
    const committed = before.messages.at(-1)!.seq;
    await publish(options, 'v', outputRows(401, 300));
    const resumed = await readSplit(nats.clients, options, p, committed + 1);
    const all = await readSplit(nats.clients, options, p);
    expect(resumed.messages.length).toBeGreaterThan(0);
    expect([...before.messages, ...resumed.messages].map((m) => m.seq)).toEqual(all.messages.map((m) => m.seq));
  });

  it('stores a range once when it is published twice, with batches of several rows', async () => {
    const options = tableOptions([nats.server.url], { stream: 'TWICE', subject: 'tw', 'sink.batch_rows': '5' });
    await ensureStream(nats.clients.jsm, options);
    const rows = outputRows(1, 500);
    const first = await publish(options, 'agg', rows);
    expect(first.duplicates).toBe(0);
    expect(first.messages).toBeLessThan(500);
    const second = await publish(options, 'agg', rows);
    expect(second).toMatchObject({ messages: first.messages, stored: 0, duplicates: first.messages });
    const info = await nats.clients.jsm.streams.info('TWICE');
    expect(info.state.messages).toBe(first.messages);
    const parts = await readAll(options);
    expect(parts.reduce((n, part) => n + part.rows.length, 0)).toBe(500);
  });

  it('after a crash in the middle of a range, republishing the recorded range stores only the rest', async () => {
    const options = tableOptions([nats.server.url], { stream: 'CRASH', subject: 'cr', 'sink.batch_rows': '3' });
    await ensureStream(nats.clients.jsm, options);
    const rows = outputRows(1, 300);
    const plan = planMessages('v', rows, { subject: 'cr', partitions: 12, partitionKeyIndex: 0, format: 'json', batchRows: 3, encodeRow });
    // The process dies after 40 messages of the range reached the stream.
    await publishMessages(nats.clients.js, plan.slice(0, 40), LIMITS);
    const again = await publish(options, 'v', rows);
    expect(again).toMatchObject({ messages: plan.length, stored: plan.length - 40, duplicates: 40 });
    const parts = await readAll(options);
    const ts = parts.flatMap((part) => part.rows.map((r) => r.row[2] as number)).sort((a, b) => a - b);
    expect(ts).toEqual(rows.map((r) => r.row[2]));
  });
});

describe('nats changelog tables', () => {
  it('round-trips a changelog through one unpartitioned subject in order', async () => {
    const options = tableOptions([nats.server.url], {
      stream: 'AGG', subject: 'agg', partitions: null, partition_key: null, format: 'changelog-json', 'sink.batch_rows': '3',
    });
    expect(options.partitions).toBeNull();
    await ensureStream(nats.clients.jsm, options);
    const ops = ['+I', '-U', '+U', '-D'] as const;
    const rows: CommittedOutputRow[] = outputRows(1, 40).map((r, i) => ({ ...r, op: ops[i % 4]! }));
    await publish(options, 'agg', rows);
    const [part] = await readAll(options);
    expect(part!.rejects).toEqual([]);
    expect(part!.rows.map((r) => [r.op, r.row])).toEqual(rows.map((r) => [r.op, r.row]));
  });

  it('refuses to write updates to a json table', async () => {
    const options = tableOptions([nats.server.url], { stream: 'JSONONLY', subject: 'jo' });
    await ensureStream(nats.clients.jsm, options);
    await expect(publish(options, 'v', outputRows(1, 3, '-U'))).rejects.toThrow(/format 'json' carries inserts only, got a '-U' row/);
  });
});
