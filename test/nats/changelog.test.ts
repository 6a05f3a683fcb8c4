/**
 * Reading a `changelog-json` nats table as a changelog: its messages' +I/-U/+U/-D are applied by the
 * table's PRIMARY KEY (Flink's upsert source: ChangelogNormalize), so a GROUP BY over it retracts what an
 * update or a delete takes back. The changelog comes from another job (a non-windowed GROUP BY INSERTed
 * INTO the table) and from a producer that publishes ops by hand. Reading such a table without a PRIMARY
 * KEY is refused, located, as is one whose key leaves out the partition key on N workers.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine, type OutputRow } from '../../src/index.js';
import { NatsSink } from '../../src/executor/connectors/nats/index.js';
import { makeRowEncoder } from '../../src/executor/values.js';
import { T } from '../../src/parser/types.js';
import { until, useNatsServer } from './server-fixture.js';
import { events, evTable, publishEvents, streamCount } from './sql-fixture.js';
import { tableOptions } from './fixture.js';

const nats = useNatsServer();

const cntTable = (stream: string, key = ', PRIMARY KEY (k) NOT ENFORCED') => `
CREATE TABLE cnt_bus (k BIGINT, n BIGINT, s DOUBLE${key})
  WITH (connector = 'nats', servers = '${nats.server.url}', stream = '${stream}', subject = '${stream.toLowerCase()}',
        partitions = '12', partition_key = 'k', format = 'changelog-json');`;

/** A view's rows with its changes applied (what a materialized view over it holds), sorted. */
function materialize(e: Engine, view: string): () => string[] {
  const live = new Map<string, number>();
  e.subscribe(view, (rows: readonly OutputRow[]) => {
    for (const r of rows) {
      const k = JSON.stringify(r.row);
      live.set(k, (live.get(k) ?? 0) + (r.op === '+I' || r.op === '+U' ? 1 : -1));
      if (live.get(k) === 0) live.delete(k);
    }
  });
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
    const columns = [
      { name: 'k', type: T.bigint(), notNull: false },
      { name: 'n', type: T.bigint(), notNull: false },
      { name: 's', type: T.double(), notNull: false },
    ];
    const table = tableOptions([nats.server.url], { stream: 'CNTH', subject: 'cnth', format: 'changelog-json' });
    const sink = await NatsSink.open(nats.clients, table, { view: 'hand', encodeRow: makeRowEncoder(columns), partitionKeyIndex: 0 });
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

  it('refuses to read a changelog-json table without a PRIMARY KEY, and one keyed without its partition key on N workers', () => {
    const e = createEngine({ runConnectors: false });
    e.execute(cntTable('CNTX', ''));
    let err: unknown;
    try {
      e.execute('CREATE VIEW hist AS SELECT n, COUNT(*) AS keys\n  FROM cnt_bus GROUP BY n;');
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(SqlError);
    const d = (err as SqlError).diagnostics[0]!;
    expect(d.message).toMatch(/'cnt_bus' is a changelog-json table: its messages update and delete rows.*PRIMARY KEY/);
    expect({ line: d.line, column: d.column }).toEqual({ line: 2, column: 3 });

    const w = createEngine({ runConnectors: false, worker: { index: 0, count: 2 } });
    w.execute(cntTable('CNTY', ', PRIMARY KEY (n) NOT ENFORCED'));
    expect(() => w.execute('CREATE VIEW copy AS SELECT k, n FROM cnt_bus')).toThrow(/PRIMARY KEY \(n\) of 'cnt_bus' leaves out its partition key 'k'/);
  });
});
