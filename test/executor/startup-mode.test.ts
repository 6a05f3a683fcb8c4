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
import { collect, sqlError } from './helpers.js';

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
