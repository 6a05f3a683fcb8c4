/**
 * Windowed EMIT CHANGES with 'emit.interval' (TUMBLE and HOP) against EMIT FINAL over the same random rows
 * (out of order, some late, in random batches): folding the changelog gives exactly the final rows, every
 * -U retracts the row last emitted for its window and key, and a (window, key) emits no more often than
 * the interval allows: within one push, at most once per interval end the watermark reached in it, plus
 * once if the push closed the window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type OutputRow } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { collect, durable, foldWindowChanges, statePathPerTest } from './helpers.js';

const statePath = statePathPerTest();

interface In {
  k: string | null;
  v: number;
  ts: number;
}

const DELAY = 2000;

const rowsArb = fc.array(
  fc.record({ k: fc.constantFrom('a', 'b', null, 'c'), v: fc.integer({ min: -5, max: 5 }), ts: fc.integer({ min: 0, max: 30_000 }) }),
  { maxLength: 150 },
);

function views(window: string, intervalMs: number): string {
  const sel = `SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s, MAX(v) AS hi FROM TABLE(${window}) GROUP BY k, window_start, window_end`;
  return `CREATE SOURCE t (k VARCHAR, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '${DELAY}' MILLISECOND);
CREATE VIEW fin AS ${sel};
CREATE VIEW chg WITH ('emit.interval' = '${intervalMs}') AS ${sel} EMIT CHANGES;`;
}

const WINDOWS = [
  "TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND)",
  "TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '3' SECOND, INTERVAL '1' SECOND)",
  "HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '4' SECOND)",
  "HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)",
];

const idOf = (r: Record<string, unknown>) => JSON.stringify([r['k'], r['window_start']]);
const show = (r: Record<string, unknown>) => JSON.stringify(r);
const endOf = (r: Record<string, unknown>) => Date.parse(r['window_end'] as string);

function check(window: string, intervalMs: number, rows: In[], batches: number[]): void {
  const e = createEngine();
  e.execute(views(window, intervalMs));
  const fin: string[] = [];
  e.subscribe('fin', (rs) => fin.push(...rs.map((r) => show(r.row))));
  let pushRows: OutputRow[] = [];
  const state = foldWindowChanges(e, 'chg', (r) => pushRows.push(r));
  const ticks = (a: number, b: number) => Math.max(0, Math.floor((b + 1) / intervalMs) - Math.floor((a + 1) / intervalMs));
  /** The pushed rows' +U/+I per (window, key) within one push are bounded by the interval ends it crossed and its closing. */
  const bounded = (before: number, after: number) => {
    const per = new Map<string, number>();
    for (const r of pushRows) if (r.op !== '-U') per.set(idOf(r.row), (per.get(idOf(r.row)) ?? 0) + 1);
    for (const r of pushRows) {
      if (r.op === '-U') continue;
      const allowed = ticks(before, after) + (endOf(r.row) - 1 <= after ? 1 : 0);
      expect(per.get(idOf(r.row)), `${idOf(r.row)} in a push moving the watermark ${before} → ${after}`).toBeLessThanOrEqual(allowed);
    }
    pushRows = [];
  };
  let wm = -Infinity;
  let i = 0;
  for (let b = 0; i < rows.length; b++) {
    const batch = rows.slice(i, i + batches[b % batches.length]!);
    i += batch.length;
    // Before the first row the watermark is −∞, which reaches no interval end: count from that row's.
    const before = wm === -Infinity ? batch[0]!.ts - DELAY : wm;
    for (const r of batch) wm = Math.max(wm, r.ts - DELAY);
    e.push('t', batch);
    bounded(before, wm);
  }
  e.flush();
  bounded(wm, Infinity);
  void e.close();
  expect([...state.values()].sort()).toEqual(fin.sort());
}

describe('windowed EMIT CHANGES with emit.interval', () => {
  it.each(WINDOWS)('folds into the EMIT FINAL rows, each window and key at most once per interval: %s', (window) => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(1, 700, 1000, 4000, 60_000), (rows, batches, interval) =>
        check(window, interval, rows, batches),
      ),
      { numRuns: 30 },
    );
  });

  it('emits fewer rows than without an interval, and the same final rows', () => {
    const e = createEngine();
    const sel = `SELECT k, window_start, COUNT(*) AS n FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '20' SECOND)) GROUP BY k, window_start, window_end`;
    e.execute(`CREATE SOURCE t (k VARCHAR, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW every AS ${sel} EMIT CHANGES;
      CREATE VIEW coalesced WITH ('emit.interval' = '10s') AS ${sel} EMIT CHANGES;`);
    const every = collect(e, 'every');
    const coalesced = collect(e, 'coalesced');
    for (let ts = 0; ts < 60_000; ts += 100) e.push('t', [{ k: ts % 300 === 0 ? 'a' : 'b', v: 1, ts }]);
    e.flush();
    void e.close();
    const last = (rows: string[]) => {
      const m = new Map<string, string>();
      for (const r of rows) {
        const row = JSON.parse(r.slice(3)) as Record<string, unknown>;
        if (!r.startsWith('-U')) m.set(idOf(row), r.slice(3));
      }
      return [...m.values()].sort();
    };
    expect(last(coalesced)).toEqual(last(every));
    // Per batch: each of the 20 windows holding a row changes with it (≈ 20 −U/+U per row). Every 10 s:
    // each window and key about once per 10 s it is open, and once more as it closes.
    expect(every.length).toBeGreaterThan(20_000);
    expect(coalesced.length).toBeLessThan(every.length / 20);
  });

  it('emits after a restore exactly what an uninterrupted run emits, the pending changes included', () => {
    const sql = `CREATE SOURCE t (k VARCHAR, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW h WITH ('emit.interval' = '5s') AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s
      FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND)) GROUP BY k, window_start, window_end EMIT CHANGES;
      CREATE VIEW w WITH ('emit.interval' = '5s') AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s
      FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '8' SECOND)) GROUP BY k, window_start, window_end EMIT CHANGES;`;
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 3 }, (_, j) => ({ k: ['x', 'y', 'z'][(b + j) % 3]!, v: b + j, ts: b * 700 + j * 100 })));
    const straight = createEngine();
    straight.execute(sql);
    const want = { h: collect(straight, 'h'), w: collect(straight, 'w') };
    // Batches after which rows were pending: they changed windows and emitted nothing.
    const quiet: number[] = [];
    batches.forEach((b, i) => {
      const n = want.h.length + want.w.length;
      straight.push('t', b);
      if (want.h.length + want.w.length === n) quiet.push(i);
    });
    straight.flush();
    void straight.close();
    expect(quiet.length).toBeGreaterThan(5);

    for (const crashAfter of quiet.filter((_, j) => j % 3 === 0)) {
      const path = statePath();
      const a = durable(path);
      a.execute(sql);
      for (const b of batches.slice(0, crashAfter + 1)) a.push('t', b);
      a.checkpoint();
      a.crash();
      const b = durable(path);
      // From the earliest row kept: the rows committed before the crash, then the restored run's.
      const got = { h: collect(b, 'h'), w: collect(b, 'w') };
      for (const batch of batches.slice(crashAfter + 1)) b.push('t', batch);
      b.flush();
      void b.close();
      expect(got.h, `crash after batch ${crashAfter}`).toEqual(want.h);
      expect(got.w, `crash after batch ${crashAfter}`).toEqual(want.w);
    }
  });

  it("leaves with an idle source's watermark, which moves on processing time, when input stops", async () => {
    const T0 = Date.UTC(2026, 0, 1);
    const clock = new ManualClock(T0);
    const e = createEngine({ clock });
    e.execute(`CREATE SOURCE s (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (idle_timeout = '1s');
      CREATE VIEW c WITH ('emit.interval' = '10s') AS SELECT k, window_start, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end EMIT CHANGES;`);
    const out = collect(e, 'c');
    e.start();
    e.push('s', [{ k: 'a', ts: T0 + 1000 }]);
    e.push('s', [{ k: 'a', ts: T0 + 2000 }, { k: 'b', ts: T0 + 2500 }]);
    clock.advance(1_500);
    expect(out).toEqual([]); // the watermark (T0 + 2.5 s) has reached no interval end
    clock.advance(15_000); // idle: the watermark follows the clock past T0 + 10 s − 1 ms
    expect(out.map((r) => r.replace(/"window_start":"[^"]*",/, ''))).toEqual(['+I {"k":"a","n":2}', '+I {"k":"b","n":1}']);
    await e.close();
  });
});
