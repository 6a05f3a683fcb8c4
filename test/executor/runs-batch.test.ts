/**
 * Arrival watermarks in run form (operator.ts `WmRuns`, `RunsBatch`): the per-row array made from the
 * runs gives every row the watermark of the run it falls in, the same array a per-row producer makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandRuns, RunsBatch } from '../../src/executor/operator.js';
import { createEngine } from '../../src/index.js';
import { lcg } from './helpers.js';

/** Monotone per-row watermarks (what a source gives) and their runs. */
const perRowArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }).map((steps) => {
  const wms: number[] = [];
  let wm = -Infinity;
  for (const s of steps) {
    if (s === 3) wm = wm === -Infinity ? 0 : wm + 5;
    wms.push(wm);
  }
  return wms;
});

function runsOf(wms: readonly number[]): number[] {
  const runs: number[] = [];
  for (let i = 0; i < wms.length; i++) if (i === 0 || wms[i] !== wms[i - 1]) runs.push(i, wms[i]!);
  return runs;
}

describe('arrival watermarks as runs', () => {
  it('expand to the per-row array they came from', () => {
    fc.assert(
      fc.property(perRowArb, (wms) => {
        expect(expandRuns(runsOf(wms), wms.length)).toEqual(wms);
      }),
    );
  });

  it('runs that repeat a value (not merged) expand the same', () => {
    expect(expandRuns([0, 5, 2, 5, 3, 7], 5)).toEqual([5, 5, 5, 7, 7]);
    expect(expandRuns([0, -Infinity], 3)).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it('a pending arrival is made once: on the first read, or by a loop that settles it', () => {
    let calls = 0;
    const split = { wm: -Infinity };
    const pending = {
      expr: null,
      run: (rows: readonly (readonly unknown[])[], runs: number[], s: { wm: number }, wm: number) => {
        calls++;
        runs.push(0, wm, 1, 7);
        s.wm = 9;
        return 9;
      },
      split,
      wm: 3,
    };
    const a = new RunsBatch([[1], [2]], null, null, pending);
    expect(a.pendingArrival).toBe(pending);
    expect(a.wms).toEqual([3, 7]);
    expect(a.pendingArrival).toBeNull();
    expect(a.arrivalAfter()).toBe(9);
    expect(calls).toBe(1);
    const b = new RunsBatch([[1]], null, null, pending);
    b.settle([0, 3], 5);
    expect(b.arrivalAfter()).toBe(5);
    expect(b.wms).toEqual([3]);
    expect(calls).toBe(1);
    expect(() => b.settle([0, 3], 5)).toThrow();
  });

  it('a RunsBatch reads as the per-row batch: wms made once on the first read, the runs kept', () => {
    const rows = [[1], [2], [3], [4]];
    const b = new RunsBatch(rows, null, [0, 10, 3, 12]);
    expect(b.runs).toEqual([0, 10, 3, 12]);
    const wms = b.wms;
    expect(wms).toEqual([10, 10, 10, 12]);
    expect(b.wms).toBe(wms);
    const { rows: r, ops, wms: w } = b;
    expect(r).toBe(rows);
    expect(ops).toBeNull();
    expect(w).toBe(wms);
  });
});

describe('a source batch with its arrival watermarks as runs', () => {
  // Events out of order (some late), pushed as one batch (one split: runs through the filter into the
  // windows and the view over the view) and one at a time (a run per row): the same rows, the same late rows.
  const DDL = `CREATE SOURCE s (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
    CREATE VIEW f AS SELECT k, ts FROM s WHERE k % 3 <> 0;
    CREATE VIEW w AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE f, DESCRIPTOR(ts), INTERVAL '2' SECOND)) GROUP BY k, window_start, window_end;
    CREATE VIEW p AS SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end;`;

  function run(events: { k: number; ts: number }[], batch: number): { rows: string[]; late: string[] } {
    const e = createEngine();
    e.execute(DDL);
    const rows: string[] = [];
    for (const v of ['f', 'w', 'p']) e.subscribeRaw(v, (rs) => {
      for (const r of rs) rows.push(`${v} ${JSON.stringify(r, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`);
    });
    for (let i = 0; i < events.length; i += batch) e.push('s', events.slice(i, i + batch));
    const late = [...e.lateRows('w'), ...e.lateRows('p')].map((r) => JSON.stringify(r.row));
    void e.close();
    return { rows: rows.sort(), late: late.sort() };
  }

  it('gives what pushing the rows one at a time gives', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rnd = lcg(seed);
      const events: { k: number; ts: number }[] = [];
      let t = 0;
      for (let i = 0; i < 400; i++) {
        t += Math.floor(rnd() * 40);
        events.push({ k: Math.floor(rnd() * 7), ts: rnd() < 0.1 ? Math.max(0, t - Math.floor(rnd() * 4000)) : t });
      }
      const one = run(events, 1);
      const all = run(events, events.length);
      // Late as the per-event definition says: the watermark before the row (max ts − 1 s so far) had
      // reached the row's window end − 1 ms (w: the filter's rows, 2 s windows; p: every row, 1 s).
      let wm = -Infinity;
      let late = 0;
      for (const ev of events) {
        if (ev.k % 3 !== 0 && wm >= Math.floor(ev.ts / 2000) * 2000 + 2000 - 1) late++;
        if (wm >= Math.floor(ev.ts / 1000) * 1000 + 1000 - 1) late++;
        wm = Math.max(wm, ev.ts - 1000);
      }
      expect(one.late.length).toBe(late);
      expect(one.late.length).toBeGreaterThan(0);
      expect(all.late).toEqual(one.late);
      expect(all.rows).toEqual(one.rows);
      expect(run(events, 37)).toEqual(one);
    }
  });
});
