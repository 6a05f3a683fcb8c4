/**
 * A view over a view, created after the upstream view produced rows, starts from the upstream's retained
 * output ('earliest', the default; RisingWave's backfill of a materialized view over another): it gives
 * the rows a view created before them gives, for an append-only upstream (a cascaded window) and for a
 * changelog upstream; 'latest' reads only what the upstream emits from then on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { collect, durable, tempState } from './helpers.js';

const state = tempState();
afterAll(() => state.cleanup());

const SOURCE = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const MINUTES = `CREATE VIEW per10 AS SELECT k, window_start, window_end, window_time, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end, window_time;`;
const CASCADE = (name: string, hint = '') => `CREATE VIEW ${name} AS SELECT k, window_start AS w, SUM(n) AS n, MAX(total) AS top
  FROM TABLE(TUMBLE(TABLE per10 ${hint}, DESCRIPTOR(window_time), INTERVAL '30' SECOND)) GROUP BY k, window_start, window_end;`;
const COUNTS = `CREATE VIEW counts AS SELECT k, COUNT(*) AS n, SUM(v) AS total FROM s GROUP BY k;`;
const HISTOGRAM = (name: string) => `CREATE VIEW ${name} AS SELECT n, COUNT(*) AS keys, SUM(total) AS total FROM counts GROUP BY n;`;

/** Events over 80 s of event time, some late, in batches. */
function events(): { k: string; v: number; ts: number }[][] {
  const out: { k: string; v: number; ts: number }[][] = [];
  for (let b = 0; b < 16; b++) {
    const batch = [];
    for (let i = 0; i < 5; i++) {
      const ts = b * 5_000 + i * 900 - (i === 4 ? 12_000 : 0); // the last of each batch is often late
      batch.push({ k: 'abc'[(b + i) % 3]!, v: b * 10 + i, ts: Math.max(0, ts) });
    }
    out.push(batch);
  }
  return out;
}

describe("a view over a view, from 'earliest'", () => {
  it('is built from the upstream’s whole output: a cascaded window created late equals one created first', () => {
    const e = createEngine();
    e.execute(SOURCE + MINUTES + CASCADE('first'));
    const first = collect(e, 'first');
    const batches = events();
    batches.slice(0, 10).forEach((b) => e.push('s', b));
    e.advanceWatermark('s', 52_000);
    e.execute(CASCADE('late'));
    const late = collect(e, 'late');
    expect(late.length).toBeGreaterThan(0); // the windows that had fired before it existed
    batches.slice(10).forEach((b) => e.push('s', b));
    e.flush();
    expect(first.length).toBeGreaterThan(4);
    expect(late).toEqual(first);
    void e.close();
  });

  it('replays a changelog upstream’s retractions: a GROUP BY over a GROUP BY created late equals one created first', () => {
    const e = createEngine();
    e.execute(SOURCE + COUNTS + HISTOGRAM('first'));
    const first = collect(e, 'first');
    const batches = events();
    batches.slice(0, 9).forEach((b) => e.push('s', b));
    e.execute(HISTOGRAM('late'));
    const late = collect(e, 'late');
    batches.slice(9).forEach((b) => e.push('s', b));
    expect(first.some((r) => r.startsWith('-U'))).toBe(true);
    expect(late).toEqual(first);
    void e.close();
  });

  it('gives a view created from inside a subscriber’s callback each upstream row once', () => {
    const e = createEngine();
    e.execute(SOURCE + `CREATE VIEW up AS SELECT k, v FROM s;`);
    let inner: string[] | null = null;
    e.subscribe('up', () => {
      if (inner !== null) return;
      e.execute(`CREATE VIEW down AS SELECT k, v FROM up;`);
      inner = collect(e, 'down');
    });
    e.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'b', v: 2, ts: 2000 }]);
    e.push('s', [{ k: 'c', v: 3, ts: 3000 }]);
    expect(inner).toEqual(['+I {"k":"a","v":1}', '+I {"k":"b","v":2}', '+I {"k":"c","v":3}']);
    void e.close();
  });

  it("reads only what the upstream emits from then on with 'latest'", () => {
    const e = createEngine();
    e.execute(SOURCE + COUNTS);
    e.push('s', [{ k: 'a', v: 1, ts: 1000 }]);
    e.execute(`CREATE VIEW live AS SELECT k, n FROM counts /*+ OPTIONS('scan.startup.mode'='latest') */;`);
    const live = collect(e, 'live');
    e.push('s', [{ k: 'b', v: 2, ts: 2000 }]);
    expect(live).toEqual(['+I {"k":"b","n":1}']);
    e.execute(`CREATE VIEW all_rows AS SELECT k, n FROM counts;`);
    expect(collect(e, 'all_rows')).toEqual(['+I {"k":"a","n":1}', '+I {"k":"b","n":1}']);
    void e.close();
  });

  it('starts from the upstream’s committed output after a restart of a durable engine', async () => {
    const path = `${state.path}-views`;
    const batches = events();
    const one = durable(path);
    one.execute(SOURCE + COUNTS + HISTOGRAM('first') + MINUTES + CASCADE('cascade_first'));
    batches.slice(0, 8).forEach((b) => one.push('s', b));
    await one.close();
    const two = durable(path);
    batches.slice(8, 12).forEach((b) => two.push('s', b));
    two.execute(HISTOGRAM('late') + CASCADE('cascade_late'));
    const late = collect(two, 'late');
    const cascadeLate = collect(two, 'cascade_late');
    batches.slice(12).forEach((b) => two.push('s', b));
    two.flush();
    two.checkpoint();
    const log = (v: string) => two.readLog(v, 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    expect(log('first').length).toBeGreaterThan(10);
    expect(late).toEqual(log('first'));
    expect(cascadeLate.sort()).toEqual(log('cascade_first').sort());
    await two.close();
  });
});
