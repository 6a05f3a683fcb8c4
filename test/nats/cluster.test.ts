/**
 * A 3-node JetStream cluster on loopback with a stream of 3 replicas: the stream's leader is killed -9 in
 * the middle of a publish, the publisher rides out the election and the stream still holds every row of
 * the range exactly once; republishing the range after "a crash" stores nothing new; and after the dead
 * node restarts, readers still see each row once. A split reader whose consumer lives on a node that is
 * killed -9 replaces the consumer (placed on a live node) and delivers every message once. From SQL: a
 * TUMBLE job reading one replicated nats table and INSERTing INTO another keeps running while the node
 * that hosts most of its split consumers is killed -9 mid-run, and the sink stream holds exactly the rows
 * of a single-process run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JetStreamClient } from '@nats-io/jetstream';
import {
  SplitReader, connectNats, ensureStream, planMessages, publishMessages, type NatsClients, type NatsTableOptions, type PlannedMessage,
} from '../../src/executor/connectors/nats/index.js';
import { createEngine, type Engine } from '../../src/index.js';
import { startNatsCluster, waitForJetStream, type NatsCluster } from '../helpers/nats-server.js';
import { encodeRow, outputRows, readSplit, tableOptions, take } from './fixture.js';
import { until } from './server-fixture.js';
import { BASE_TS, closingEvents, events, expectedRows, publishEvents, streamCount, streamRows } from './sql-fixture.js';

let cluster: NatsCluster;
let clients: NatsClients;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  // Short API timeouts: a consumer the cluster places on the dead node is given up on and created again.
  clients = await connectNats(cluster.servers, { apiTimeoutMs: 2_000 });
});

// A failure shows each node's view of the metadata group and its last log lines.
beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    console.error(`nats cluster after the failure:\n${await cluster.describe(80)}`);
  });
});

// A node a test killed is back, and the cluster whole again, before the next test (also after a failure).
afterEach(async () => {
  for (const node of cluster.nodes) {
    if (node.running) continue;
    await node.start();
    await waitForJetStream([node.url], 30_000);
  }
  await cluster.waitHealthy();
}, 120_000);

afterAll(async () => {
  await clients?.close();
  await cluster?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let dir: string | undefined;

/** A stream is on all three nodes: a leader and two current followers. */
function placed(cluster: { leader?: string; replicas?: { current: boolean }[] } | undefined): boolean {
  return cluster?.leader !== undefined && cluster.replicas?.length === 2 && cluster.replicas.every((r) => r.current);
}

/** The stream's leader once it reports two current followers (all three nodes hold it). */
async function leaderOf(stream: string): Promise<string> {
  let info = await clients.jsm.streams.info(stream);
  for (let i = 0; i < 100 && !placed(info.cluster); i++) {
    await new Promise((r) => setTimeout(r, 100));
    info = await clients.jsm.streams.info(stream);
  }
  expect(info.cluster?.replicas?.length).toBe(2);
  return info.cluster!.leader!;
}

/** How many of a stream's consumers each node hosts (an ordered consumer is R1: it lives on one node). */
async function consumerHosts(stream: string): Promise<Map<string, number>> {
  const hosts = new Map<string, number>();
  for await (const ci of clients.jsm.consumers.list(stream)) {
    const host = ci.cluster?.leader;
    if (host !== undefined) hosts.set(host, (hosts.get(host) ?? 0) + 1);
  }
  return hosts;
}


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
    for (let i = 0; i < 100 && !placed(info.cluster); i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = await clients.jsm.streams.info('CLUSTER');
    }
    expect(info.cluster?.replicas?.length).toBe(2);
    await cluster.waitHealthy();
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
      // Its first answer may come from its own replica before it has caught up: never more than 3000, then 3000.
      let messages = (await solo.jsm.streams.info('CLUSTER')).state.messages;
      for (let i = 0; i < 150 && messages < 3000; i++) {
        await new Promise((r) => setTimeout(r, 200));
        messages = (await solo.jsm.streams.info('CLUSTER')).state.messages;
        expect(messages).toBeLessThanOrEqual(3000);
      }
      expect(messages).toBe(3000);
    } finally {
      await solo.close();
    }
    expect(await readAllRows(options)).toEqual(rows.map((r) => r.row[2]));
  }, 120_000);

  it('replaces a split reader\'s consumer when its node is killed -9, and delivers every message once', async () => {
    const options = tableOptions(cluster.servers, { stream: 'RDR', subject: 'rdr', partitions: null, partition_key: null, 'stream.replicas': '3' });
    await ensureStream(clients.jsm, options);
    await leaderOf('RDR');
    const sink = { subject: 'rdr', partitions: null, partitionKeyIndex: null, format: 'json' as const, batchRows: 1, encodeRow };
    const limits = { maxInFlight: 32, ackTimeoutMs: 2_000, retryDeadlineMs: 45_000 };
    await publishMessages(clients.js, planMessages('r', outputRows(1, 300), sink), limits);
    const reader = await SplitReader.open(clients.js, { stream: 'RDR', subject: 'rdr', startSeq: 1, prefetch: 64 });
    let host: string | undefined;
    try {
      const first = await take(reader, 300);
      await cluster.waitHealthy();
      host = [...(await consumerHosts('RDR')).keys()][0];
      expect(host).toBeDefined();
      await cluster.nodes.find((n) => n.name === host)!.kill9();
      // The node is gone with the consumer: nothing of it says so. The reader hears no heartbeat, replaces
      // it from seq 301, and the new consumer (on a live node) delivers what is published from now on.
      const report = await publishMessages(clients.js, planMessages('r', outputRows(301, 300), sink), limits);
      expect(report.stored + report.duplicates).toBe(300);
      const rest = await take(reader, 300, 30_000);
      expect([...first, ...rest].map((m) => m.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      expect(reader.replacements).toBeGreaterThanOrEqual(1);
      expect(await reader.nextBatch(10, 20)).toEqual([]);
    } finally {
      await reader.close();
      const node = cluster.nodes.find((n) => n.name === host);
      if (node && !node.running) {
        await node.start();
        await waitForJetStream([node.url], 30_000);
      }
    }
  }, 120_000);

  it('keeps a SQL job over replicated streams exactly-once while the node hosting most of its readers is killed -9', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tumbleql-nats-cluster-'));
    const servers = cluster.servers.join(',');
    const table = (name: string, cols: string, stream: string) => `CREATE TABLE ${name} (${cols})
  WITH (connector = 'nats', servers = '${servers}', stream = '${stream}', subject = '${stream.toLowerCase()}',
        partitions = '12', partition_key = 'k', stream.replicas = '3');`;
    const sql = `
${table('ev_bus', "k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND", 'EVC')}
${table('agg_bus', 'k BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, s DOUBLE', 'AGGC')}
CREATE VIEW agg AS
  SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND))
  GROUP BY k, window_start, window_end;
INSERT INTO agg_bus SELECT * FROM agg;`;
    const evs = events(3000, 60, 13);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const expected = expectedRows([...evs, ...closing], BASE_TS + 10_000_000);
    const ev = tableOptions(cluster.servers, { stream: 'EVC', subject: 'evc', 'stream.replicas': '3' });
    const agg = tableOptions(cluster.servers, { stream: 'AGGC', subject: 'aggc', 'stream.replicas': '3' });
    await ensureStream(clients.jsm, ev);
    await ensureStream(clients.jsm, agg);
    await publishEvents(clients, ev, evs.slice(0, 1500), 1);
    await leaderOf('EVC');

    const engine: Engine = createEngine({ statePath: join(dir, 'c.db'), checkpointIntervalMs: 50 });
    engine.execute(sql);
    engine.start();
    const eventsIn = () => engine.stats().sources.find((s) => s.source === 'ev_bus')?.eventsIn ?? 0;
    await until('the first half read', () => eventsIn() >= 1000, 60_000);
    // The victim: the node that hosts most of the job's 12 split consumers (each lives on one node).
    const hosts = [...(await consumerHosts('EVC')).entries()].sort((a, b) => b[1] - a[1]);
    expect(hosts[0]?.[1]).toBeGreaterThan(0);
    const victim = cluster.nodes.find((n) => n.name === hosts[0]![0])!;
    await cluster.waitHealthy();
    await victim.kill9();
    // The producer rides out the election too: a retry republishes with the same ids, stored once.
    for (let attempt = 0; ; attempt++) {
      try {
        await publishEvents(clients, ev, [...evs.slice(1500), ...closing], 1501);
        break;
      } catch (e) {
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // Readers replace their dead consumers 4–5 s after the last heartbeat (docs/nats.md, Recovery); the
    // wait leaves room for a loaded machine, the assertions below are what the test is about.
    await until('every window published', async () => (await streamCount(clients, 'AGGC')) >= expected.length, 60_000, 50);
    await engine.close();
    expect(await streamCount(clients, 'AGGC')).toBe(expected.length);
    expect(await streamRows(clients, agg)).toEqual(expected);
    await victim.start();
    await waitForJetStream([victim.url], 30_000);
  }, 150_000);
});
