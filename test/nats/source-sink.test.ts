/**
 * The source and sink as a connector registry drives them, against a real server: a sink writes a view's
 * committed ranges; two workers (0/2, 1/2) read disjoint partition sets whose union is every row; a worker
 * that commits offsets mid-way and restarts reads exactly the rows after them.
 */
import { describe, expect, it } from 'vitest';
import {
  NatsSink, NatsSource, lastSequenceOf, partitionOf, subjectsOf, partitionsOfWorker, type NatsTableOptions,
} from '../../src/executor/connectors/nats/index.js';
import { useNatsServer } from './server-fixture.js';
import { decodeRow, encodeRow, outputRows, tableOptions } from './fixture.js';

const nats = useNatsServer();

/** Polls every split until each reached the given end offsets; returns rows (by ts) and final offsets. */
async function drain(source: NatsSource, ends: Map<number, number>): Promise<{ ts: number[]; offsets: Map<number, number> }> {
  const ts: number[] = [];
  const offsets = new Map<number, number>();
  for (const [i, split] of source.splits.entries()) {
    const p = split.partition ?? 0;
    while (source.position(i) < (ends.get(p) ?? 0)) {
      const batch = await source.poll(i, 100, 10_000);
      expect(batch.rejects).toEqual([]);
      expect(batch.seqs.length).toBe(batch.rows.length);
      for (const r of batch.rows) ts.push(r.row[2] as number);
      offsets.set(p, batch.lastSeq);
    }
  }
  return { ts: ts.sort((a, b) => a - b), offsets };
}

async function endOffsets(table: NatsTableOptions): Promise<Map<number, number>> {
  const ends = new Map<number, number>();
  for (const [p, subject] of subjectsOf(table).entries()) ends.set(p, await lastSequenceOf(nats.clients.jsm, table.stream, subject));
  return ends;
}

describe('nats source and sink', () => {
  it('splits a table between two workers, and a worker resumes from its committed offsets', async () => {
    const table = tableOptions([nats.server.url], { stream: 'JOB', subject: 'job' });
    const sink = await NatsSink.open(nats.clients, table, { view: 'hot', encodeRow, partitionKeyIndex: 0 });
    expect(sink.duplicateWindowMs).toBe(120_000);
    const rows = outputRows(1, 400);
    await sink.publishRange(rows.slice(0, 250));
    await sink.publishRange(rows.slice(250));
    const ends = await endOffsets(table);

    const open = (index: number, offsets = new Map<number, number>()) =>
      NatsSource.open(nats.clients, table, {
        decodeRow, partitionKeyIndex: 0, partitions: partitionsOfWorker({ index, count: 2 }, 12), offsets, startup: 'earliest',
      });
    const w0 = await open(0);
    const w1 = await open(1);
    const r0 = await drain(w0, ends);
    const r1 = await drain(w1, ends);
    await Promise.all([w0.close(), w1.close()]);
    expect(w0.splits.map((s) => s.subject)).toEqual(['job.0', 'job.1', 'job.2', 'job.3', 'job.4', 'job.5']);
    expect(r0.ts.length).toBeGreaterThan(0);
    expect(r1.ts.length).toBeGreaterThan(0);
    expect([...r0.ts, ...r1.ts].sort((a, b) => a - b)).toEqual(rows.map((r) => r.row[2]));
    for (const r of rows) {
      const owner = partitionOf(r.row[0], 12) < 6 ? r0 : r1;
      expect(owner.ts).toContain(r.row[2]);
    }

    // Worker 0 commits offsets after reading about half of each split, then restarts from them.
    const half = new Map<number, number>();
    const firstHalf: number[] = [];
    const w0a = await open(0);
    for (const [i, split] of w0a.splits.entries()) {
      const p = split.partition!;
      const batch = await w0a.poll(i, 10, 10_000);
      half.set(p, batch.lastSeq);
      firstHalf.push(...batch.rows.map((r) => r.row[2] as number));
    }
    await w0a.close();
    const w0b = await open(0, half);
    const rest = await drain(w0b, ends);
    await w0b.close();
    expect([...firstHalf, ...rest.ts].sort((a, b) => a - b)).toEqual(r0.ts);
  });

  it("starts splits without an offset after the last message with startup 'latest'", async () => {
    const table = tableOptions([nats.server.url], { stream: 'LATEST', subject: 'latest', partitions: null, partition_key: null });
    const sink = await NatsSink.open(nats.clients, table, { view: 'v', encodeRow, partitionKeyIndex: null });
    await sink.publishRange(outputRows(1, 20));
    const source = await NatsSource.open(nats.clients, table, { decodeRow, partitionKeyIndex: null, partitions: null, offsets: new Map(), startup: 'latest' });
    try {
      expect(source.position(0)).toBe(20);
      expect((await source.poll(0, 10, 20)).rows).toEqual([]);
      await sink.publishRange(outputRows(21, 3));
      const seen: number[] = [];
      while (seen.length < 3) {
        const batch = await source.poll(0, 10, 10_000);
        if (batch.rows.length === 0) throw new Error('no rows after publishing 3');
        seen.push(...batch.rows.map((r) => r.row[2] as number));
      }
      expect(seen).toEqual([1_700_000_000_021, 1_700_000_000_022, 1_700_000_000_023]);
    } finally {
      await source.close();
    }
  });
});
