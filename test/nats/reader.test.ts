/**
 * Split readers against a real server: following a split as messages arrive, an idle split, a server
 * killed -9 and restarted under an open reader and under a publisher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SplitReader, connectNats, ensureStream, planMessages, publishMessages, type NatsClients,
} from '../../src/executor/connectors/nats/index.js';
import { startNatsServer, waitForJetStream, type NatsServerNode } from '../helpers/nats-server.js';
import { encodeRow, outputRows, readSplit, tableOptions, take } from './fixture.js';

let server: NatsServerNode & { dispose(): Promise<void> };
let clients: NatsClients;

beforeAll(async () => {
  server = await startNatsServer();
  clients = await connectNats([server.url], { apiTimeoutMs: 2_000 });
});

afterAll(async () => {
  await clients?.close();
  await server?.dispose();
});


describe('nats split reader', () => {
  it('returns an empty batch for an idle split, then delivers what is published later', async () => {
    const options = tableOptions([server.url], { stream: 'IDLE', subject: 'idle', partitions: null, partition_key: null });
    await ensureStream(clients.jsm, options);
    const reader = await SplitReader.open(clients.js, { stream: 'IDLE', subject: 'idle', startSeq: 1 });
    try {
      expect(await reader.nextBatch(10, 20)).toEqual([]);
      expect(reader.position).toBe(0);
      await clients.js.publish('idle', '{"k":1,"v":1,"ts":1}');
      await clients.js.publish('idle', '{"k":2,"v":2,"ts":2}');
      const got = await take(reader, 2);
      expect(got.map((m) => m.seq)).toEqual([1, 2]);
      expect(reader.position).toBe(2);
      expect(reader.caughtUp).toBe(true);
      expect(new TextDecoder().decode(got[1]!.data)).toBe('{"k":2,"v":2,"ts":2}');
    } finally {
      await reader.close();
    }
  });

  it('refuses a start sequence below 1', async () => {
    await expect(SplitReader.open(clients.js, { stream: 'IDLE', subject: 'idle', startSeq: 0 })).rejects.toThrow(/start sequence must be a whole number ≥ 1, got 0/);
  });

  it('keeps reading in order, without loss or repeats, across a server killed -9 and restarted', async () => {
    const options = tableOptions([server.url], { stream: 'KILL', subject: 'kill', partitions: null, partition_key: null });
    await ensureStream(clients.jsm, options);
    const sink = { subject: 'kill', partitions: null, partitionKeyIndex: null, format: 'json' as const, batchRows: 1, encodeRow };
    const limits = { maxInFlight: 64, ackTimeoutMs: 2_000, retryDeadlineMs: 30_000 };
    await publishMessages(clients.js, planMessages('v', outputRows(1, 500), sink), limits);

    const reader = await SplitReader.open(clients.js, { stream: 'KILL', subject: 'kill', startSeq: 1, prefetch: 64, highWater: 64 });
    try {
      const first = await take(reader, 200);
      await server.kill9();
      // The publisher of the next range starts while the server is down and waits it out.
      const publishing = publishMessages(clients.js, planMessages('v', outputRows(501, 500), sink), limits);
      await server.start();
      await waitForJetStream([server.url], 30_000);
      const report = await publishing;
      expect(report.stored + report.duplicates).toBe(500);
      const rest = await take(reader, 800);
      const seqs = [...first, ...rest].map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(await reader.nextBatch(10, 20)).toEqual([]);
    } finally {
      await reader.close();
    }
    expect((await readSplit(clients, options, 0)).rows.length).toBe(1000);
  }, 90_000);
});
