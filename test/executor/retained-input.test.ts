/**
 * What a pushed source's retained input carries across a restart: explicit watermark moves and the end of
 * input (logged in the input log between the batches), its bounds (rows and limits.input_log_bytes), and
 * its splits' idleness.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TumbleEngine } from '../../src/executor/engine.js';
import type { Batch } from '../../src/executor/operator.js';
import { RetainedInput } from '../../src/executor/runtime/retained-input.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { collect, durable, tempState } from './helpers.js';

const state = tempState();
afterAll(() => state.cleanup());

const SOURCE = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
const VIEW = (name: string) =>
  `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;`;
const lateRows = (e: TumbleEngine, view: string) => e.lateRows(view, 100).map((r) => r.row);

/** The reference: the same calls on an engine that never stops. */
function uninterrupted(): { rows: string[]; late: unknown[] } {
  const e = createEngine() as TumbleEngine;
  e.execute(SOURCE + VIEW('v'));
  const rows = collect(e, 'v');
  e.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'a', v: 2, ts: 4000 }]);
  e.advanceWatermark('s', 15_000); // fires [0, 10 s)
  e.push('s', [{ k: 'a', v: 3, ts: 5000 }, { k: 'b', v: 4, ts: 16_000 }]); // the first is late after the move
  e.flush();
  const out = { rows, late: lateRows(e, 'v') };
  void e.close();
  return out;
}

describe('explicit watermark moves of a pushed source', () => {
  it('are replayed after a crash between the events they came between', async () => {
    const ref = uninterrupted();
    expect(ref.late).toHaveLength(1);
    const path = `${state.path}-moves`;
    const one = durable(path);
    one.execute(SOURCE + VIEW('v'));
    one.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'a', v: 2, ts: 4000 }]);
    one.checkpoint();
    one.advanceWatermark('s', 15_000); // after the checkpoint: only in the input log
    one.push('s', [{ k: 'a', v: 3, ts: 5000 }, { k: 'b', v: 4, ts: 16_000 }]);
    one.crash();
    const two = durable(path);
    two.flush();
    two.checkpoint();
    expect(two.readLog('v', 1, 100).map((r) => `${r.op} ${JSON.stringify(r.row)}`)).toEqual(ref.rows);
    expect(lateRows(two, 'v')).toEqual(ref.late);
    await two.close();
  });

  it('are seen by a view created from earliest after a restart, where they happened', async () => {
    const ref = uninterrupted();
    const path = `${state.path}-moves-earliest`;
    const one = durable(path);
    one.execute(SOURCE);
    one.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'a', v: 2, ts: 4000 }]);
    one.advanceWatermark('s', 15_000);
    one.push('s', [{ k: 'a', v: 3, ts: 5000 }, { k: 'b', v: 4, ts: 16_000 }]);
    await one.close();
    const two = durable(path);
    two.execute(VIEW('v'));
    const rows = collect(two, 'v');
    two.flush();
    expect(rows).toEqual(ref.rows);
    expect(lateRows(two, 'v')).toEqual(ref.late);
    await two.close();
  });
});

describe('the end of input (flush) of a pushed source', () => {
  /** The reference: rows, a flush, a view created after it, a row after the end. */
  function flushedThenViewed(): { rows: string[]; late: unknown[] } {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE);
    e.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'b', v: 2, ts: 12_000 }]);
    e.flush();
    e.execute(VIEW('v'));
    const rows = collect(e, 'v');
    e.push('s', [{ k: 'c', v: 3, ts: 25_000 }]); // after the end: late
    e.flush();
    const out = { rows: [...rows], late: lateRows(e, 'v') };
    void e.close();
    return out;
  }

  it('is kept across a clean close: a view created in the next run fires every window, later rows are late', async () => {
    const ref = flushedThenViewed();
    expect(ref.rows).toHaveLength(2);
    expect(ref.late).toHaveLength(1);
    const path = `${state.path}-end-close`;
    const one = durable(path);
    one.execute(SOURCE);
    one.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'b', v: 2, ts: 12_000 }]);
    one.flush();
    await one.close();
    const two = durable(path);
    expect(two.source('s')!.wm).toBe(Infinity);
    two.execute(VIEW('v'));
    const rows = collect(two, 'v');
    two.push('s', [{ k: 'c', v: 3, ts: 25_000 }]);
    two.flush();
    expect(rows).toEqual(ref.rows);
    expect(lateRows(two, 'v')).toEqual(ref.late);
    await two.close();
  });

  it('is replayed from the input log after a crash before the next checkpoint', async () => {
    const ref = flushedThenViewed();
    const path = `${state.path}-end-crash`;
    const one = durable(path);
    one.execute(SOURCE);
    one.push('s', [{ k: 'a', v: 1, ts: 1000 }, { k: 'b', v: 2, ts: 12_000 }]);
    one.checkpoint();
    one.flush(); // after the checkpoint: only in the input log
    one.crash();
    const two = durable(path);
    expect(two.source('s')!.wm).toBe(Infinity);
    two.execute(VIEW('v'));
    const rows = collect(two, 'v');
    two.push('s', [{ k: 'c', v: 3, ts: 25_000 }]);
    expect(rows).toEqual(ref.rows);
    expect(lateRows(two, 'v')).toEqual(ref.late);
    await two.close();
  });

  it('is logged once: a second flush or a move past the end adds nothing to the input log', async () => {
    const path = `${state.path}-end-once`;
    const one = durable(path);
    one.execute(SOURCE);
    one.push('s', [{ k: 'a', v: 1, ts: 1000 }]);
    one.flush();
    const offset = one.source('s')!.inputOffset;
    one.flush();
    one.advanceWatermark('s', 50_000);
    expect(one.source('s')!.inputOffset).toBe(offset);
    await one.close();
  });
});

describe('the retained input of a pushed source', () => {
  it('is bounded by limits.input_log_bytes as well as by rows, in memory and in the input log', async () => {
    const path = `${state.path}-bytes`;
    const budget = 64 * 1024;
    const open = () => durable(path, { security: { limits: { inputLogBytes: budget } } });
    const one = open();
    one.execute(SOURCE);
    const pad = 'x'.repeat(1000);
    for (let i = 0; i < 300; i++) one.push('s', [{ k: pad, v: i, ts: i * 1000 }]); // ~300 KiB of JSON
    const kept = (e: TumbleEngine) => e.source('s')!.history.filter((h) => typeof h !== 'number').length;
    expect(kept(one)).toBeGreaterThan(20);
    expect(kept(one)).toBeLessThanOrEqual(65); // at most the budget's worth of ~1 KiB batches
    await one.close();
    const two = open();
    expect(kept(two)).toBeGreaterThan(20);
    expect(kept(two)).toBeLessThanOrEqual(65); // the input log kept no more than that
    two.execute(`CREATE VIEW later AS SELECT v FROM s;`);
    expect(collect(two, 'later').length).toBe(kept(two)); // a view created now sees the retained rows
    await two.close();
  });
});

describe('split idleness', () => {
  it('survives a restart: an idle source does not hold a union back until its next row', async () => {
    const path = `${state.path}-idle`;
    const T0 = Date.UTC(2026, 0, 1);
    const ddl = `CREATE SOURCE a (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (idle_timeout = '1s');
      CREATE SOURCE b (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (idle_timeout = '1s');
      CREATE VIEW u AS SELECT k, ts FROM a UNION ALL SELECT k, ts FROM b;`;
    const clock = new ManualClock(T0);
    const one = durable(path, { clock });
    one.execute(ddl);
    one.start();
    one.push('a', [{ k: 'a', ts: T0 + 1000 }]);
    one.push('b', [{ k: 'b', ts: T0 + 1000 }]);
    clock.advance(700);
    one.push('b', [{ k: 'b', ts: T0 + 2000 }]);
    clock.advance(700); // a: quiet for 1.4 s (idle); b: 0.7 s (active)
    expect(one.source('a')!.idle).toBe(true);
    expect(one.source('b')!.idle).toBe(false);
    await one.close();
    const two = durable(path, { clock: new ManualClock(T0 + 5000) });
    expect(two.source('a')!.idle).toBe(true);
    expect(two.source('a')!.splits[0]!.idle).toBe(true);
    two.push('b', [{ k: 'b', ts: T0 + 9000 }]);
    expect(two.view('u')!.wm).toBe(T0 + 9000); // a, idle, does not hold the minimum at T0 + 1000
    two.push('a', [{ k: 'a', ts: T0 + 3000 }]); // its next row makes it active again
    expect(two.source('a')!.idle).toBe(false);
    await two.close();
  });
});

describe('RetainedInput kept in columns', () => {
  it('gives back rows, change kinds and arrival watermarks equal to those retained, whatever the values', () => {
    const r = new RetainedInput();
    const batches: Batch[] = [
      // numbers (with -0, NaN, NULLs), text (empty, non-ASCII), and a column of mixed values
      {
        rows: [
          [1, -0, 'a', true],
          [2.5, null, '', null],
          [Number.NaN, 3, 'é€😀', 12345678901234567890n],
          [-7, 4, 'zz', 'text'],
        ],
        ops: ['+I', '-U', '+U', '-D'],
        wms: [10, 10, 11, -Infinity],
      },
      { rows: [[null], [null]], ops: null, wms: null }, // a column of NULLs only
      { rows: [[1, 'x'], [2]], ops: null, wms: [1, 2] }, // rows of different widths
    ];
    r.add(batches[0]!, 7, 100);
    r.watermark(11);
    r.add(batches[1]!, 8, 10);
    r.add(batches[2]!, 9, 10);
    const seen: (Batch | number)[] = [];
    r.replay({ data: (b) => seen.push(b), watermark: (wm) => seen.push(wm) }, 20);
    expect(seen).toEqual([batches[0], 11, batches[1], batches[2], 20]);
    expect(Object.is((seen[0] as Batch).rows[0]![1], -0)).toBe(true);
    expect(r.oldestInput()).toBe(7);
  });
});
