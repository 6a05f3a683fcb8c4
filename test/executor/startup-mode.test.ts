/**
 * scan.startup.mode: a query reads its sources from the earliest retained event (default) or from now
 * ('latest', in the source's WITH or the query's OPTIONS hint). A view created after events arrived
 * gives the rows it would have given had it existed before them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { collect, durable, sqlError } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const VIEW = (name: string, hint = '') =>
  `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total FROM TABLE(TUMBLE(TABLE s ${hint}, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;`;
const EVENTS = [
  [{ k: 'a', v: 1, ts: 1000 }, { k: 'b', v: 2, ts: 3000 }],
  [{ k: 'a', v: 3, ts: 12_000 }, { k: 'a', v: 9, ts: 2000 }], // the second is late: its window fired at 11 s
  [{ k: 'b', v: 4, ts: 25_000 }],
];

describe("scan.startup.mode = 'earliest' (the default)", () => {
  it('gives a view created after events were pushed the same rows as one created before', () => {
    const e = createEngine();
    e.execute(SOURCE + VIEW('before'));
    const before = collect(e, 'before');
    e.push('s', EVENTS[0]!);
    e.push('s', EVENTS[1]!);
    e.advanceWatermark('s', 11_500);
    e.execute(VIEW('after'));
    const after = collect(e, 'after');
    e.push('s', EVENTS[2]!);
    e.flush();
    expect(before.length).toBeGreaterThan(2);
    expect(after).toEqual(before);
    expect(e.lateRows('after').map((r) => r.row)).toEqual(e.lateRows('before').map((r) => r.row));
    void e.close();
  });

  it('lets a query created after a bounded file was read see the whole file', async () => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, EVENTS.flat().map((r) => JSON.stringify(r)).join('\n') + '\n');
    const e = createEngine();
    e.execute(SOURCE.replace(';', ` WITH (connector = 'file', path = '${path}');`));
    e.start();
    await e.idle();
    const [q] = e.execute(`SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end`);
    const rows: string[] = [];
    e.subscribe(q!.kind === 'query' ? q!.view : '', (rs) => rs.forEach((r) => rows.push(JSON.stringify(r.row))), { from: 'earliest' });
    expect(rows.sort()).toEqual(['{"k":"a","n":1}', '{"k":"a","n":1}', '{"k":"b","n":1}', '{"k":"b","n":1}']);
    await e.close();
  });
});

describe("scan.startup.mode = 'latest'", () => {
  it('per query, with the OPTIONS hint: only events after the query was created', () => {
    const e = createEngine();
    e.execute(SOURCE);
    e.push('s', EVENTS[0]!);
    e.execute(VIEW('live', `/*+ OPTIONS('scan.startup.mode'='latest') */`));
    const live = collect(e, 'live');
    e.push('s', EVENTS[2]!);
    e.flush();
    expect(live).toEqual(['+I {"k":"b","window_start":"1970-01-01T00:00:20.000Z","n":1,"total":4}']);
    void e.close();
  });

  it("per source, in WITH; and a bad mode is refused", () => {
    const e = createEngine();
    e.execute(SOURCE.replace(';', ` WITH ('scan.startup.mode' = 'latest');`));
    e.push('s', EVENTS[0]!);
    e.execute(VIEW('live'));
    const live = collect(e, 'live');
    e.flush();
    expect(live).toEqual([]);
    expect(sqlError(() => e.execute(VIEW('bad', `/*+ OPTIONS('scan.startup.mode'='newest') */`))).code).toBe('INVALID_OPTION');
    void e.close();
  });
});

describe('per-table hints', () => {
  it('set the mode of the table they follow only', () => {
    const e = createEngine();
    e.execute(SOURCE + SOURCE.replace('SOURCE s', 'SOURCE t'));
    e.push('s', [{ k: 'a', v: 1, ts: 1000 }]);
    e.push('t', [{ k: 'a', v: 2, ts: 1000 }]);
    e.execute(`CREATE VIEW u AS SELECT k, v FROM s /*+ OPTIONS('scan.startup.mode'='latest') */ UNION ALL SELECT k, v FROM t;`);
    const rows = collect(e, 'u');
    e.push('s', [{ k: 'b', v: 3, ts: 2000 }]);
    expect(rows).toEqual(['+I {"k":"a","v":2}', '+I {"k":"b","v":3}']); // t from earliest, s from now on
    void e.close();
  });

  it('lose to the table’s own hint, and the request’s mode loses to both but wins over WITH', () => {
    const e = createEngine();
    e.execute(SOURCE.replace(';', ` WITH ('scan.startup.mode' = 'latest');`));
    e.push('s', [{ k: 'a', v: 1, ts: 1000 }]);
    const [q] = e.execute('SELECT k FROM s', undefined, { startupMode: 'earliest' });
    const rows: string[] = [];
    e.subscribe(q!.kind === 'query' ? q!.view : '', (rs) => rs.forEach((r) => rows.push(JSON.stringify(r.row))), { from: 'earliest' });
    expect(rows).toEqual(['{"k":"a"}']);
    const [q2] = e.execute(`SELECT k FROM s /*+ OPTIONS('scan.startup.mode'='latest') */`, undefined, { startupMode: 'earliest' });
    const rows2: string[] = [];
    e.subscribe(q2!.kind === 'query' ? q2!.view : '', (rs) => rs.forEach((r) => rows2.push(JSON.stringify(r.row))), { from: 'earliest' });
    expect(rows2).toEqual([]);
    void e.close();
  });
});

describe("'earliest' across a restart", () => {
  it('gives a view created after a restart the rows of one created before the events, from the retained input log', async () => {
    const path = join(dir, 'restart.db');
    const first = durable(path);
    first.execute(SOURCE + VIEW('before'));
    first.push('s', EVENTS[0]!);
    first.push('s', EVENTS[1]!);
    first.checkpoint();
    first.push('s', [{ k: 'c', v: 5, ts: 13_000 }]); // pushed after the checkpoint: replayed from the log at restart
    first.crash();
    const again = durable(path);
    again.execute(VIEW('after'));
    const after = collect(again, 'after');
    const before = collect(again, 'before');
    again.push('s', EVENTS[2]!);
    again.flush();
    again.checkpoint();
    const log = (v: string) => again.readLog(v, 1, 100).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    expect(log('before').length).toBeGreaterThan(3);
    expect(after).toEqual(log('before'));
    expect(before.length).toBeGreaterThan(0);
    expect(again.lateRows('after').map((r) => r.row)).toEqual([{ k: 'a', v: 9, ts: '1970-01-01T00:00:02.000Z' }]);
    await again.close();
  });

  it('lets a query created after a restart see a file source from its start', async () => {
    const path = join(dir, 'restart-events.jsonl');
    writeFileSync(path, EVENTS.flat().map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');
    const state = join(dir, 'restart-file.db');
    const first = durable(state);
    first.execute(SOURCE.replace(';', ` WITH (connector = 'file', path = '${path}');`) + VIEW('before'));
    first.start();
    await first.idle();
    await first.close();
    const again = durable(state);
    again.start();
    await again.idle();
    again.execute(VIEW('after'));
    const after = collect(again, 'after');
    again.flush();
    expect(after.sort()).toEqual(again.readLog('before', 1, 100).map((r) => `${r.op} ${JSON.stringify(r.row)}`).sort());
    expect(after).toHaveLength(4);
    expect(again.rejectedRows('s')).toHaveLength(1); // the bad line was rejected once, in the first run
    await again.close();
  });

  it('keeps the input log to the retention, not beyond: older entries are trimmed at checkpoints', async () => {
    const path = join(dir, 'retention.db');
    const e = durable(path);
    e.execute(SOURCE);
    const rt = e.source('s')!;
    rt.retained.retainRows = 10;
    for (let i = 0; i < 50; i++) e.push('s', [{ k: 'a', v: i, ts: i * 1000 }]);
    e.checkpoint();
    await e.close();
    const again = durable(path);
    const kept = again.source('s')!.history.filter((h) => typeof h !== 'number');
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(20);
    await again.close();
  });
});
