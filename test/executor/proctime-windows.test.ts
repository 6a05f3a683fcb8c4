/**
 * Windows over processing time (a PROCTIME() column; docs/time.md "Windows over processing time"): the
 * window operators are the event-time ones, fed watermarks from the rows' stamps and the engine's clock by
 * a ProcTimeClock (operators/proctime-clock.ts). On a clock (here a manual one) a window fires once the
 * clock reaches its end, with or without more rows; by arrival (`tumbleql replay`) the n-th row's stamp
 * n moves it, so a replay is deterministic. No row is ever late.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, OutputRow } from '../../src/executor/api.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { statePathPerTest } from './helpers.js';

const SOURCE = `CREATE SOURCE c (k VARCHAR, v INT, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function record(e: Engine, view: string): string[] {
  const out: string[] = [];
  e.subscribe(view, (batch: readonly OutputRow[]) => {
    for (const r of batch) out.push(`${r.op} ${JSON.stringify(r.row)}`);
  });
  return out;
}

const row = (k: string, v: number, ts = 0) => ({ k, v, ts });

describe('windows over processing time', () => {
  it('fires a TUMBLE window when the clock passes its end, whatever the rows event times and watermark', () => {
    const clock = new ManualClock(T0 + 200);
    const e = createEngine({ clock });
    e.execute(`${SOURCE} CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
      FROM TABLE(TUMBLE(TABLE c, DESCRIPTOR(pt), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`);
    const out = record(e, 'w');
    // Event times far in the future and out of order: they play no part.
    e.push('c', [row('a', 1, 9_000_000), row('a', 2, 5), row('b', 3, 7)]);
    clock.advance(300); // T0 + 500
    e.push('c', [row('a', 4)]);
    expect(out).toEqual([]);
    clock.advance(499); // T0 + 999: the window [T0, T0 + 1 s) is still open
    expect(out).toEqual([]);
    clock.advance(101); // a tick at or after T0 + 1000 fires it, with no new row
    expect(out).toEqual([
      `+I {"k":"a","window_start":"${iso(T0)}","window_end":"${iso(T0 + 1000)}","n":3,"s":7}`,
      `+I {"k":"b","window_start":"${iso(T0)}","window_end":"${iso(T0 + 1000)}","n":1,"s":3}`,
    ]);
    e.push('c', [row('b', 10)]);
    clock.advance(1000);
    expect(out.slice(2)).toEqual([`+I {"k":"b","window_start":"${iso(T0 + 1000)}","window_end":"${iso(T0 + 2000)}","n":1,"s":10}`]);
    expect(e.lateRows()).toEqual([]);
    void e.close();
  });

  it('stamps by arrival under replay: HOP, CUMULATE and SESSION give the same rows every time', () => {
    const run = () => {
      const e = createEngine({ processingTime: 'arrival' });
      e.execute(`${SOURCE}
        CREATE VIEW hop AS SELECT window_start, window_end, COUNT(*) AS n
          FROM TABLE(HOP(TABLE c, DESCRIPTOR(pt), INTERVAL '0.002' SECOND, INTERVAL '0.004' SECOND)) GROUP BY window_start, window_end;
        CREATE VIEW cum AS SELECT window_end, SUM(v) AS s
          FROM TABLE(CUMULATE(TABLE c, DESCRIPTOR(pt), INTERVAL '0.002' SECOND, INTERVAL '0.004' SECOND)) GROUP BY window_start, window_end;
        CREATE VIEW ses AS SELECT k, COUNT(*) AS n, SESSION_START(pt, INTERVAL '0.002' SECOND) AS s0
          FROM c GROUP BY k, SESSION(pt, INTERVAL '0.002' SECOND);`);
      const outs = ['hop', 'cum', 'ses'].map((v) => record(e, v));
      // Stamps 1..6 ms: a a b | (gap) ... each row's stamp is its arrival number.
      e.push('c', [row('a', 1), row('a', 2), row('b', 3), row('b', 4), row('b', 5), row('a', 6)]);
      const before = outs.map((o) => [...o]);
      e.flush();
      void e.close();
      return { before, after: outs };
    };
    const first = run();
    expect(run()).toEqual(first);
    const [hop, cum, ses] = first.after;
    // HOP(slide 2 ms, size 4 ms) over stamps 1..6: windows [-2,2) 1 row, [0,4) 3, [2,6) 4, [4,8) 3, [6,10) 1.
    expect(hop!.map((r) => JSON.parse(r.slice(3)).n)).toEqual([1, 3, 4, 3, 1]);
    // Fired by arrivals before the flush: the windows ending at or before stamp 6.
    expect(first.before[0]!.length).toBe(3);
    // CUMULATE(step 2 ms, size 4 ms): cycle [0,4) ends 2 (v 1), 4 (1+2+3); cycle [4,8) ends 6 (4+5), 8 (4+5+6).
    expect(cum!.map((r) => JSON.parse(r.slice(3)).s)).toEqual([1, 6, 9, 15]);
    // SESSION gap 2 ms: a at 1, 2 then 6 (two sessions), b at 3, 4, 5 (one).
    expect(ses!.map((r) => JSON.parse(r.slice(3))).map((r: { k: string; n: number }) => `${r.k}${r.n}`).sort()).toEqual(['a1', 'a2', 'b3']);
  });

  it('plans a ProcTimeClock below the window, in EXPLAIN', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const [r] = e.execute(`EXPLAIN SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE c, DESCRIPTOR(pt), INTERVAL '1' MINUTE)) GROUP BY k, window_start, window_end`);
    const text = r?.kind === 'explain' ? r.text : '';
    expect(text).toMatch(/TumbleAggregate TUMBLE\(pt, size 1 min\)/);
    expect(text).toMatch(/ProcTimeClock pt \(watermark: processing time; windows fire on the engine's clock\)/);
    expect(text.indexOf('ProcTimeClock')).toBeGreaterThan(text.indexOf('TumbleAggregate'));
    void e.close();
  });

  it('legacy GROUP BY TUMBLE(pt, ...) fires on the clock too', () => {
    const clock = new ManualClock(T0);
    const e = createEngine({ clock });
    e.execute(`${SOURCE} CREATE VIEW g AS SELECT k, COUNT(*) AS n, TUMBLE_START(pt, INTERVAL '10' SECOND) AS ws FROM c GROUP BY k, TUMBLE(pt, INTERVAL '10' SECOND);`);
    const out = record(e, 'g');
    e.push('c', [row('x', 1), row('x', 2)]);
    clock.advance(9_900);
    expect(out).toEqual([]);
    clock.advance(200);
    expect(out).toEqual([`+I {"k":"x","n":2,"ws":"${iso(T0)}"}`]);
    void e.close();
  });

  const statePath = statePathPerTest();

  it('keeps an open window across a restart from the state file', async () => {
    const path = statePath();
    const clock = new ManualClock(T0 + 100);
    const sql = `${SOURCE} CREATE VIEW w AS SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE c, DESCRIPTOR(pt), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;
    const a = createEngine({ clock, statePath: path, checkpointIntervalMs: 0 });
    a.execute(sql);
    a.push('c', [row('k', 1), row('k', 2)]);
    await a.settled();
    await a.close();
    clock.advance(200);
    const b = createEngine({ clock, statePath: path, checkpointIntervalMs: 0 });
    b.execute(sql);
    const out = record(b, 'w');
    b.push('c', [row('k', 3)]);
    clock.advance(800);
    expect(out).toEqual(['+I {"k":"k","n":3}']);
    await b.close();
  });

  it('cascades: a window over the window_time of a processing-time window fires on the same clock', () => {
    const clock = new ManualClock(T0);
    const e = createEngine({ clock });
    e.execute(`${SOURCE}
      CREATE VIEW per_sec AS SELECT k, window_time AS wt, COUNT(*) AS n
        FROM TABLE(TUMBLE(TABLE c, DESCRIPTOR(pt), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end, window_time;
      CREATE VIEW per_3s AS SELECT window_start, SUM(n) AS total
        FROM TABLE(TUMBLE(TABLE per_sec, DESCRIPTOR(wt), INTERVAL '3' SECOND)) GROUP BY window_start, window_end;`);
    const out = record(e, 'per_3s');
    for (let s = 0; s < 3; s++) {
      e.push('c', [row('a', 1), row('b', 1)]);
      clock.advance(999);
      expect(out).toEqual([]);
      clock.advance(1);
    }
    // The tick at T0 + 3 s fires the last 1 s window, then the 3 s window its rows complete.
    expect(out).toEqual([`+I {"window_start":"${iso(T0)}","total":6}`]);
    expect(e.lateRows()).toEqual([]);
    void e.close();
  });

  it('runs OVER ordered by processing time: ROWS and RANGE frames over arrivals', () => {
    const e = createEngine({ processingTime: 'arrival' });
    e.execute(`${SOURCE}
      CREATE VIEW rows2 AS SELECT k, v, SUM(v) OVER (PARTITION BY k ORDER BY pt ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last2 FROM c;
      CREATE VIEW range2 AS SELECT k, v, COUNT(*) OVER (PARTITION BY k ORDER BY pt RANGE BETWEEN INTERVAL '0.002' SECOND PRECEDING AND CURRENT ROW) AS n FROM c;`);
    const rows2 = record(e, 'rows2');
    const range2 = record(e, 'range2');
    // Stamps 1..5 ms: a at 1, 2, 4, 5; b at 3.
    e.push('c', [row('a', 1), row('a', 2), row('b', 3), row('a', 4), row('a', 5)]);
    e.flush();
    expect(rows2).toEqual([
      '+I {"k":"a","v":1,"last2":1}',
      '+I {"k":"a","v":2,"last2":3}',
      '+I {"k":"b","v":3,"last2":3}',
      '+I {"k":"a","v":4,"last2":6}',
      '+I {"k":"a","v":5,"last2":9}',
    ]);
    // RANGE 2 ms preceding: the stamps within [t − 2, t].
    expect(range2).toEqual([
      '+I {"k":"a","v":1,"n":1}',
      '+I {"k":"a","v":2,"n":2}',
      '+I {"k":"b","v":3,"n":1}',
      '+I {"k":"a","v":4,"n":2}',
      '+I {"k":"a","v":5,"n":2}',
    ]);
  });

  it('emits an OVER row ordered by processing time as it arrives, on a clock too', () => {
    const clock = new ManualClock(T0);
    const e = createEngine({ clock });
    e.execute(`${SOURCE} CREATE VIEW o AS SELECT k, COUNT(*) OVER (PARTITION BY k ORDER BY pt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n FROM c;`);
    const out = record(e, 'o');
    e.push('c', [row('a', 1), row('a', 2)]);
    expect(out).toEqual(['+I {"k":"a","n":1}', '+I {"k":"a","n":2}']);
    void e.close();
  });

  it('joins by processing time: an interval join on two PROCTIME() columns, outer rows padded once the interval passes', () => {
    const e = createEngine({ processingTime: 'arrival' });
    e.execute(`${SOURCE}
      CREATE SOURCE d (k VARCHAR, w INT, pt AS PROCTIME());
      CREATE VIEW j AS SELECT c.k, c.v, d.w FROM c LEFT JOIN d ON c.k = d.k AND d.pt BETWEEN c.pt - INTERVAL '0.002' SECOND AND c.pt + INTERVAL '0.001' SECOND;`);
    const [plan] = e.execute(`EXPLAIN SELECT c.k, d.w FROM c JOIN d ON c.k = d.k AND d.pt BETWEEN c.pt AND c.pt + INTERVAL '1' SECOND`);
    expect(plan?.kind === 'explain' ? plan.text : '').toMatch(/IntervalJoin[\s\S]*ProcTimeClock pt[\s\S]*ProcTimeClock pt/);
    const out = record(e, 'j');
    e.push('c', [row('a', 1)]); // stamp 1
    e.push('d', [{ k: 'a', w: 10 }]); // 2: within [1 − 2, 1 + 1]
    e.push('c', [row('b', 2)]); // 3: no d row for b
    e.push('d', [{ k: 'a', w: 11 }]); // 4: too late for c@1 (> 2)
    e.push('c', [row('a', 3)]); // 5: d@4 is within [3, 6]; d@2 is too (≥ 3)? no: 2 < 3
    e.push('d', [{ k: 'z', w: 0 }, { k: 'z', w: 0 }, { k: 'z', w: 0 }, { k: 'z', w: 0 }]); // 6..9: time passes
    expect(out).toEqual([
      '+I {"k":"a","v":1,"w":10}',
      '+I {"k":"a","v":3,"w":11}',
      '+I {"k":"b","v":2,"w":null}',
    ]);
    void e.close();
  });

  it('fires on the wall clock in an engine that slices its firings (as `tumbleql run` does), with a state file', async () => {
    const e = createEngine({ sliceRows: 64, statePath: statePath(), checkpointIntervalMs: 50 });
    e.execute(`${SOURCE} CREATE VIEW w AS SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE c, DESCRIPTOR(pt), INTERVAL '0.2' SECOND)) GROUP BY k, window_start, window_end;`);
    const out = record(e, 'w');
    e.start();
    e.push('c', Array.from({ length: 300 }, (_, i) => row(`k${i % 150}`, i)));
    const until = Date.now() + 5000;
    while (out.length < 150 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(out.length).toBe(150);
    expect(out.every((r) => r.endsWith(',"n":2}'))).toBe(true);
    await e.close();
  });
});
