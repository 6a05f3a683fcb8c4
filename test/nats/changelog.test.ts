/**
 * Reading a `changelog-json` nats table as a changelog: its messages' +I/-U/+U/-D are applied by the
 * table's PRIMARY KEY (Flink's upsert source: ChangelogNormalize), so a GROUP BY over it retracts what an
 * update or a delete takes back. The changelog comes from another job (a non-windowed GROUP BY INSERTed
 * INTO the table) and from a producer that publishes ops by hand. Without a PRIMARY KEY the table is a
 * retract changelog (a bag of rows): a -U/-D retracts one earlier row equal in every column, one that
 * matches none is dropped, across a restart too. A key that leaves out the partition key on N workers is
 * refused, located.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine, type OutputRow } from '../../src/index.js';
import { NatsSink } from '../../src/executor/connectors/nats/index.js';
import { makeRowEncoder } from '../../src/executor/values.js';
import { T } from '../../src/parser/types.js';
import { until, useNatsServer } from './server-fixture.js';
import { events, evTable, publishEvents, streamCount } from './sql-fixture.js';
import { tableOptions } from './fixture.js';

const nats = useNatsServer({ tempDir: 'tumbleql-nats-changelog-' });

const cntTable = (stream: string, key = ', PRIMARY KEY (k) NOT ENFORCED') => `
CREATE TABLE cnt_bus (k BIGINT, n BIGINT, s DOUBLE${key})
  WITH (connector = 'nats', servers = '${nats.server.url}', stream = '${stream}', subject = '${stream.toLowerCase()}',
        partitions = '12', partition_key = 'k', format = 'changelog-json');`;

/** A producer of cnt_bus's rows (k, n, s) with ops, publishing by hand to the table's stream. */
function handSink(stream: string): Promise<NatsSink> {
  const columns = [
    { name: 'k', type: T.bigint(), notNull: false },
    { name: 'n', type: T.bigint(), notNull: false },
    { name: 's', type: T.double(), notNull: false },
  ];
  const table = tableOptions([nats.server.url], { stream, subject: stream.toLowerCase(), format: 'changelog-json' });
  return NatsSink.open(nats.clients, table, { view: 'hand', encodeRow: makeRowEncoder(columns), partitionKeyIndex: 0 });
}

/** A view's rows with its changes applied (what a materialized view over it holds), sorted. */
function materialize(e: Engine, view: string, from: 'latest' | 'earliest' = 'latest'): () => string[] {
  const live = new Map<string, number>();
  e.subscribe(view, (rows: readonly OutputRow[]) => {
    for (const r of rows) {
      const k = JSON.stringify(r.row);
      live.set(k, (live.get(k) ?? 0) + (r.op === '+I' || r.op === '+U' ? 1 : -1));
      if (live.get(k) === 0) live.delete(k);
    }
  }, { from });
  return () => [...live.entries()].flatMap(([k, n]) => Array.from({ length: n }, () => k)).sort();
}

describe('a changelog-json nats table read as a changelog', () => {
  it('applies +I/-U/+U/-D by PRIMARY KEY, so a GROUP BY over another job\'s changelog retracts exactly', async () => {
    const evs = events(2000, 30, 21);
    await publishEvents(nats.clients, evTable([nats.server.url], 12, 'EVL'), evs, 1);
    const producer = createEngine({ checkpointIntervalMs: 0 });
    producer.execute(`
CREATE TABLE ev_bus (k BIGINT, v DOUBLE, ts TIMESTAMP(3))
  WITH (connector = 'nats', servers = '${nats.server.url}', stream = 'EVL', subject = 'evl', partitions = '12', partition_key = 'k');
${cntTable('CNTL')}
INSERT INTO cnt_bus SELECT k, COUNT(*), SUM(v) FROM ev_bus GROUP BY k;`);
    producer.start();
    const consumer = createEngine({ checkpointIntervalMs: 0 });
    consumer.execute(`${cntTable('CNTL')}
CREATE VIEW hist AS SELECT n, COUNT(*) AS keys FROM cnt_bus GROUP BY n;
CREATE VIEW total AS SELECT SUM(n) AS events, COUNT(*) AS keys FROM cnt_bus;`);
    const hist = materialize(consumer, 'hist');
    const total = materialize(consumer, 'total');
    consumer.start();
    const perKey = new Map<number, number>();
    for (const e of evs) perKey.set(e.k, (perKey.get(e.k) ?? 0) + 1);
    const byN = new Map<number, number>();
    for (const n of perKey.values()) byN.set(n, (byN.get(n) ?? 0) + 1);
    const expected = [...byN].map(([n, keys]) => JSON.stringify({ n, keys })).sort();
    await until('the histogram of the final counts', () => JSON.stringify(hist()) === JSON.stringify(expected));
    await until('the totals', () => JSON.stringify(total()) === JSON.stringify([JSON.stringify({ events: evs.length, keys: perKey.size })]));
    expect(await streamCount(nats.clients, 'CNTL')).toBeGreaterThan(evs.length); // updates were -U/+U pairs, read as such
    await producer.close();
    await consumer.close();
  }, 60_000);

  it('applies hand-published ops: an update retracts the old row, a delete removes the key', async () => {
    const sink = await handSink('CNTH');
    const ops = [
      ['+I', [1, 1, 1.5]], ['+I', [2, 5, 2.5]], ['-U', [1, 1, 1.5]], ['+U', [1, 2, 3]],
      ['+I', [3, 2, 1]], ['-D', [2, 5, 2.5]], ['+U', [3, 7, 1]],
    ] as const;
    await sink.publishRange(ops.map(([op, row], i) => ({ seq: i + 1, op, row: [...row] })));
    const e = createEngine({ checkpointIntervalMs: 0 });
    e.execute(`${cntTable('CNTH')}
CREATE VIEW hist AS SELECT n, COUNT(*) AS keys, SUM(s) AS s FROM cnt_bus GROUP BY n;`);
    const hist = materialize(e, 'hist');
    e.start();
    const expected = [{ n: 2, keys: 1, s: 3 }, { n: 7, keys: 1, s: 1 }].map((r) => JSON.stringify(r));
    await until('the applied changelog', () => JSON.stringify(hist()) === JSON.stringify(expected));
    await e.close();
  }, 60_000);

  it('reads a changelog-json table without a key as a bag: a retraction removes one equal row, one matching none is dropped', async () => {
    const sink = await handSink('CNTB');
    const publish = (from: number, ops: readonly (readonly [string, readonly number[]])[]) =>
      sink.publishRange(ops.map(([op, row], i) => ({ seq: from + i, op: op as '+I', row: [...row] })));
    const sql = `${cntTable('CNTB', '')}
CREATE VIEW hist AS SELECT n, COUNT(*) AS keys, SUM(s) AS s FROM cnt_bus GROUP BY n;`;
    const state = join(nats.dir, 'bag.db');
    // Two equal rows are two rows; a -D takes back one of them.
    await publish(1, [['+I', [1, 1, 1.5]], ['+I', [1, 1, 1.5]], ['+I', [2, 5, 2.5]], ['-D', [1, 1, 1.5]]]);
    const a = createEngine({ statePath: state, checkpointIntervalMs: 0 });
    a.execute(sql);
    const [plan] = a.execute('EXPLAIN SELECT * FROM cnt_bus');
    expect(plan).toMatchObject({ kind: 'explain', text: expect.stringMatching(/ChangelogMatch whole row .*state: unbounded \(a count per distinct live row\)/) });
    const histA = materialize(a, 'hist');
    a.start();
    const first = [{ n: 1, keys: 1, s: 1.5 }, { n: 5, keys: 1, s: 2.5 }].map((r) => JSON.stringify(r));
    await until('the first ops applied', () => JSON.stringify(histA()) === JSON.stringify(first));
    await a.close();
    // After a restart: an update by its full before-image; retractions of rows never inserted, in groups
    // that exist (without the match they would take n = 5 and n = 6 down), or already retracted: dropped.
    await publish(5, [
      ['-D', [4, 5, 9]], ['-U', [2, 5, 2.5]], ['+U', [2, 6, 2.5]], ['-D', [9, 9, 9]], ['+I', [3, 2, 1]],
      ['+I', [5, 6, 1]], ['-D', [2, 5, 2.5]], ['-D', [5, 6, 2.5]],
    ]);
    const b = createEngine({ statePath: state, checkpointIntervalMs: 0 });
    b.execute(sql);
    // The view's whole output log, before and after the restart, applied.
    const histB = materialize(b, 'hist', 'earliest');
    b.start();
    const final = [{ n: 1, keys: 1, s: 1.5 }, { n: 2, keys: 1, s: 1 }, { n: 6, keys: 2, s: 3.5 }].map((r) => JSON.stringify(r));
    await until('every op applied', () => JSON.stringify(histB()) === JSON.stringify(final));
    await b.close();
  }, 60_000);

  it('refuses, on N workers, a changelog-json table keyed without its partition key', () => {
    const w = createEngine({ runConnectors: false, worker: { index: 0, count: 2 } });
    w.execute(cntTable('CNTY', ', PRIMARY KEY (n) NOT ENFORCED'));
    expect(() => w.execute('CREATE VIEW copy AS SELECT k, n FROM cnt_bus')).toThrow(/PRIMARY KEY \(n\) of 'cnt_bus' leaves out its partition key 'k'/);
  });
});
