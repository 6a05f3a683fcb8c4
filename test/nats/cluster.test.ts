/**
 * A 3-node JetStream cluster on loopback with a stream of 3 replicas: the stream's leader is killed -9 in
 * the middle of a publish, the publisher rides out the election and the stream still holds every row of
 * the range exactly once; republishing the range after "a crash" stores nothing new; and after the dead
 * node restarts, readers still see each row once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JetStreamClient } from '@nats-io/jetstream';
import {
  connectNats, ensureStream, planMessages, publishMessages, type NatsClients, type NatsTableOptions, type PlannedMessage,
} from '../../src/executor/connectors/nats/index.js';
import { startNatsCluster, waitForJetStream, type NatsCluster } from '../helpers/nats-server.js';
import { encodeRow, outputRows, readSplit, tableOptions } from './fixture.js';

let cluster: NatsCluster;
let clients: NatsClients;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  // Short API timeouts: a consumer the cluster places on the dead node is given up on and created again.
  clients = await connectNats(cluster.servers, { apiTimeoutMs: 2_000 });
});

afterAll(async () => {
  await clients?.close();
  await cluster?.dispose();
});

/** A client that runs `onPublish(n)` as the n-th publish is sent (n from 1), to act at a known point. */
function observed(js: JetStreamClient, onPublish: (n: number) => void): JetStreamClient {
  let n = 0;
  return new Proxy(js, {
    get(target, prop, receiver) {
      if (prop !== 'publish') return Reflect.get(target, prop, receiver) as unknown;
      return (...args: Parameters<JetStreamClient['publish']>) => {
        onPublish(++n);
        return target.publish(...args);
      };
    },
  });
}

async function readAllRows(options: NatsTableOptions): Promise<number[]> {
  const ts: number[] = [];
  for (let p = 0; p < options.partitions!; p++) {
    const part = await readSplit(clients, options, p);
    expect(part.rejects).toEqual([]);
    for (const r of part.rows) ts.push(r.row[2] as number);
  }
  return ts.sort((a, b) => a - b);
}

describe('nats cluster', () => {
  it('publishes a range exactly once while the stream leader is killed -9 mid-publish', async () => {
    const options = tableOptions(cluster.servers, { stream: 'CLUSTER', subject: 'cl', 'stream.replicas': '3' });
    await ensureStream(clients.jsm, options);
    // The stream is placed on all three nodes once its leader reports two followers.
    let info = await clients.jsm.streams.info('CLUSTER');
    for (let i = 0; i < 100 && (info.cluster?.leader === undefined || info.cluster.replicas?.length !== 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = await clients.jsm.streams.info('CLUSTER');
    }
    expect(info.cluster?.replicas?.length).toBe(2);
    const leaderName = info.cluster!.leader!;
    const leader = cluster.nodes.find((n) => n.name === leaderName)!;

    const rows = outputRows(1, 3000);
    const plan: PlannedMessage[] = planMessages('agg', rows, {
      subject: 'cl', partitions: 12, partitionKeyIndex: 0, format: 'json', batchRows: 1, encodeRow,
    });
    let killed: Promise<void> | null = null;
    const js = observed(clients.js, (n) => {
      if (n === 800) killed = leader.kill9();
    });
    const report = await publishMessages(js, plan, { maxInFlight: 32, ackTimeoutMs: 2_000, retryDeadlineMs: 45_000 });
    expect(killed).not.toBeNull();
    await killed;
    expect(leader.running).toBe(false);
    expect(report.messages).toBe(3000);
    // The kill cost acknowledgements (so the retry path ran); every message was acknowledged in the end,
    // retried ones coming back as duplicates when the first attempt had been stored.
    expect(report.retries).toBeGreaterThan(0);
    expect(report.stored + report.duplicates).toBe(3000);

    const after = await clients.jsm.streams.info('CLUSTER');
    expect(after.cluster?.leader).not.toBe(leaderName);
    expect(after.state.messages).toBe(3000);
    expect(await readAllRows(options)).toEqual(rows.map((r) => r.row[2]));

    // The process that published crashes before recording the range as published: it republishes it.
    const again = await publishMessages(clients.js, plan, { maxInFlight: 32, ackTimeoutMs: 2_000, retryDeadlineMs: 45_000 });
    expect(again).toMatchObject({ messages: 3000, stored: 0, duplicates: 3000 });
    expect((await clients.jsm.streams.info('CLUSTER')).state.messages).toBe(3000);

    // The killed node comes back on the same storage and catches up; nothing is doubled.
    await leader.start();
    await waitForJetStream([leader.url], 30_000);
    const solo = await connectNats([leader.url]);
    try {
      const info3 = await solo.jsm.streams.info('CLUSTER');
      expect(info3.state.messages).toBe(3000);
    } finally {
      await solo.close();
    }
    expect(await readAllRows(options)).toEqual(rows.map((r) => r.row[2]));
  }, 120_000);
});
