/**
 * The nats connector from SQL, in-process against a real nats-server: CREATE TABLE ... WITH (connector =
 * 'nats') as a source, `INSERT INTO` a nats table as an exactly-once sink, a crash between checkpoints,
 * two workers splitting the partitions, and what the binder and the worker check refuse.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine } from '../../src/index.js';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { ensureStream, partitionOf } from '../../src/executor/connectors/nats/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { until, useNatsServer } from './server-fixture.js';
import { BASE_TS, closingEvents, events, evTable, expectedRows, jobSql, publishEvents, streamCount, streamRows } from './sql-fixture.js';

const nats = useNatsServer({ tempDir: 'tumbleql-nats-sql-' });

const eventsIn = (e: Engine) => e.stats().sources.find((s) => s.source === 'ev_bus')?.eventsIn ?? 0;

function sqlError(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected a SqlError');
}

describe('nats tables in SQL', () => {
  it('INSERTs a TUMBLE aggregate over a nats table into another, exactly once across a crash between checkpoints', async () => {
    const ev = evTable([nats.server.url], 12, 'EVA');
    const agg = { ...evTable([nats.server.url], 12, 'AGGA') };
    const evs = events(3000, 60);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const expected = expectedRows([...evs, ...closing], BASE_TS + 10_000_000);
    const sql = jobSql(nats.server.url, { stream: 'EVA', sink: 'AGGA' });
    const state = join(nats.dir, 'a.db');

    await publishEvents(nats.clients, ev, evs.slice(0, 1500), 1);
    const a = createEngine({ statePath: state, checkpointIntervalMs: 0 });
    a.execute(sql);
    a.start();
    await until('the first half read', () => eventsIn(a) >= 1500);
    a.checkpoint();
    await until('committed windows published', async () => (await streamCount(nats.clients, 'AGGA')) > 0);
    await publishEvents(nats.clients, ev, evs.slice(1500, 2500), 1501);
    await until('more read', () => eventsIn(a) >= 2500);
    (a as TumbleEngine).crash(); // rows 1501..2500 were processed, never committed: read again, published once

    const b = createEngine({ statePath: state, checkpointIntervalMs: 20 });
    b.execute(sql); // the same job: a no-op over the restored one
    b.start();
    await publishEvents(nats.clients, ev, [...evs.slice(2500), ...closing], 2501);
    await until('every window published', async () => (await streamCount(nats.clients, 'AGGA')) >= expected.length);
    await b.close();
    expect(await streamCount(nats.clients, 'AGGA')).toBe(expected.length);
    expect(await streamRows(nats.clients, agg)).toEqual(expected);
  });

  it.each([2, 3])('splits the partitions between %i workers whose outputs together equal one process', async (n) => {
    const ev = evTable([nats.server.url], 12, `EVW${n}`);
    const agg = evTable([nats.server.url], 12, `AGGW${n}`);
    const evs = events(2000, 40, 11);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const expected = expectedRows([...evs, ...closing], BASE_TS + 10_000_000);
    const sql = jobSql(nats.server.url, { stream: `EVW${n}`, sink: `AGGW${n}` });
    await publishEvents(nats.clients, ev, [...evs, ...closing], 1);
    const workers = Array.from({ length: n }, (_, index) => createEngine({ statePath: join(nats.dir, `w${index}of${n}.db`), checkpointIntervalMs: 20, worker: { index, count: n } }));
    for (const w of workers) {
      w.execute(sql);
      w.start();
    }
    await until('every window published', async () => (await streamCount(nats.clients, `AGGW${n}`)) >= expected.length);
    const read = workers.map(eventsIn);
    expect(read.reduce((a, b) => a + b, 0)).toBe(evs.length + closing.length);
    for (const r of read) expect(r).toBeGreaterThan(0);
    await Promise.all(workers.map((w) => w.close()));
    expect(await streamRows(nats.clients, agg)).toEqual(expected);
  });

  it('records bad messages as rejects located by stream, subject and sequence, and reads on', async () => {
    const sql = jobSql(nats.server.url, { stream: 'EVR', sink: 'AGGR', partitions: 1 });
    await ensureStream(nats.clients.jsm, evTable([nats.server.url], 1, 'EVR'));
    await nats.clients.js.publish('evr.0', new TextEncoder().encode('{"k": 1, "v": "x", "ts": 1}'));
    await nats.clients.js.publish('evr.0', new TextEncoder().encode('not json'));
    await nats.clients.js.publish('evr.0', new TextEncoder().encode(JSON.stringify({ k: 2, v: 1, ts: BASE_TS })));
    const e = createEngine({ statePath: join(nats.dir, 'r.db'), checkpointIntervalMs: 20 });
    e.execute(sql);
    e.start();
    await until('the good row', () => eventsIn(e) >= 1);
    const rejects = e.rejectedRows('ev_bus');
    expect(rejects.map((r) => r.origin)).toEqual(['EVR/evr.0#1', 'EVR/evr.0#2']);
    expect(rejects[0]!.reason).toMatch(/^bad_row: column 'v'/);
    expect(rejects[1]!.reason).toMatch(/^bad_json/);
    await e.close();
  });

  it('leaves a partition without messages out of the watermark once idle for idle_timeout on the engine clock', async () => {
    const clock = new ManualClock(Date.now());
    const table = evTable([nats.server.url], 2, 'EVI');
    await ensureStream(nats.clients.jsm, table);
    let k = 0;
    while (partitionOf(k, 2) !== 0) k++;
    await publishEvents(nats.clients, table, [{ k, v: 1, ts: BASE_TS + 5000 }], 1);
    const e = createEngine({ clock, checkpointIntervalMs: 0 });
    e.execute(jobSql(nats.server.url, { stream: 'EVI', sink: 'AGGI', partitions: 2, idle: '1s' }));
    e.start();
    const wm = () => e.stats().sources.find((s) => s.source === 'ev_bus')!.watermark;
    await until('the first row', () => eventsIn(e) >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(wm()).toBeNull(); // partition 1 has no data yet and is not idle: it holds the watermark back
    clock.advance(1500);
    await publishEvents(nats.clients, table, [{ k, v: 1, ts: BASE_TS + 6000 }], 2);
    await until('the watermark of partition 0 alone', () => wm() === BASE_TS + 5000);
    await e.close();
  });
});

describe('what INSERT INTO and the workers refuse', () => {
  const servers = 'nats://127.0.0.1:4222';
  const tables = jobSql(servers).split('CREATE VIEW')[0]!;

  it('refuses a changelog into a json table, naming the format to use', () => {
    const e = createEngine({ runConnectors: false });
    e.execute(tables);
    const bad = sqlError(() =>
      e.execute(`CREATE VIEW c AS SELECT k, COUNT(*) AS n FROM ev_bus GROUP BY k;
INSERT INTO agg_bus (k, n, window_start, window_end, s) SELECT k, n, CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS TIMESTAMP(3)), CAST(n AS DOUBLE) FROM c`),
    );
    expect(bad.diagnostics[0]!.message).toMatch(/changelog .* format = 'json'/);
    expect(bad.diagnostics[0]!.hint).toMatch(/changelog-json/);
    expect(bad.diagnostics[0]!.line).toBe(2);
  });

  it('refuses INSERT INTO a table that cannot be written, and a query of the wrong shape', () => {
    const e = createEngine({ runConnectors: false });
    e.execute(`${tables} CREATE TABLE pushed (k BIGINT);`);
    expect(sqlError(() => e.execute('INSERT INTO pushed SELECT k FROM ev_bus')).diagnostics[0]!.message).toMatch(/cannot be written to; INSERT INTO writes to tables of: 'nats'/);
    expect(sqlError(() => e.execute('INSERT INTO agg_bus SELECT k, ts FROM ev_bus')).diagnostics[0]!.message).toMatch(/the query gives 2 columns .* takes 5/);
    expect(sqlError(() => e.execute("INSERT INTO agg_bus SELECT 'x', ts AS a, ts AS b, 1, v FROM ev_bus")).diagnostics[0]!.message).toMatch(/column 1 of the query .* cannot be written to 'agg_bus.k'/);
  });

  it('runs a view keyed by the partition key on a worker, and refuses one keyed otherwise with the GROUP BY located', () => {
    const e = createEngine({ runConnectors: false, worker: { index: 1, count: 2 } });
    e.execute(jobSql(servers));
    const err = sqlError(() =>
      e.execute(`CREATE VIEW by_value AS
  SELECT v, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND))
  GROUP BY v, window_start, window_end`),
    );
    const d = err.diagnostics[0]!;
    expect(d.code).toBe('UNSUPPORTED');
    expect(d.message).toMatch(/GROUP BY \(v\) runs on 2 workers .*partitioned by 'k'/);
    expect(d.hint).toMatch(/add 'k' to GROUP BY/);
    expect([d.line, d.column]).toEqual([3, 3]);
    // The same query on one process is fine.
    createEngine({ runConnectors: false }).execute(`${tables} CREATE VIEW by_value AS SELECT v, COUNT(*) AS n FROM ev_bus GROUP BY v`);
  });
});
