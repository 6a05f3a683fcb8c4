/**
 * Splits: a source's watermark is the minimum over its splits, an idle split (no rows for idle_timeout)
 * stops holding it back, and idleness is a state: no watermark is made up for a split that has rows; only
 * a source idle as a whole moves on with processing time (DESIGN §3). Each split's offset and watermark are
 * saved with the state and restored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { ManualClock } from '../helpers/manual-clock.js';
import type { OutputRow } from '../../src/executor/api.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-splits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1);
const SOURCE = (name: string, extra = '') => `CREATE SOURCE ${name} (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) ${extra};`;
const COUNTS = (view: string, source: string) =>
  `CREATE VIEW ${view} AS SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ${source}, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;`;

function collect(e: TumbleEngine, view: string): OutputRow[] {
  const out: OutputRow[] = [];
  e.subscribe(view, (rows) => out.push(...rows), { from: 'earliest' });
  return out;
}

function engineWith(sql: string, options: Parameters<typeof createEngine>[0] = {}): TumbleEngine {
  const e = createEngine(options) as TumbleEngine;
  e.execute(sql);
  return e;
}

describe('split watermarks', () => {
  it("takes the minimum over a source's splits, per row", () => {
    const e = engineWith(SOURCE('s') + COUNTS('c', 's'));
    const rt = e.source('s')!;
    const p0 = rt.split('p0');
    const p1 = rt.split('p1');
    rt.removeSplit('0'); // this source is read as two partitions
    const rows = collect(e, 'c');
    rt.push([{ k: 1, ts: 1000 }, { k: 1, ts: 15_000 }], 'test', { split: p0, offset: 2 });
    expect(rt.wm).toBe(-Infinity); // p1 has nothing yet: it holds the source back
    rt.push([{ k: 2, ts: 12_000 }], 'test', { split: p1, offset: 7 });
    expect(rt.wm).toBe(12_000);
    expect(p0.wm).toBe(15_000);
    expect([p0.offset, p1.offset]).toEqual([2, 7]);
    expect(rows.map((r) => r.row)).toEqual([{ window_start: '1970-01-01T00:00:00.000Z', n: 1 }]);
    // p1's row at 3 s arrived under the source's watermark (−∞ before p1 had rows), so it was not late
    rt.push([{ k: 2, ts: 3000 }], 'test', { split: p1, offset: 8 });
    expect(e.lateRows('c')).toHaveLength(1); // now it is: the source is at 12 s
    void e.close();
  });

  it('does not let an idle split hold the source back, and takes it back when it has rows again', async () => {
    const clock = new ManualClock(T0);
    const e = engineWith(SOURCE('s', "WITH (idle_timeout = '1s')"), { clock });
    const rt = e.source('s')!;
    const p0 = rt.split('p0');
    const p1 = rt.split('p1');
    rt.removeSplit('0');
    e.start();
    rt.push([{ k: 1, ts: T0 + 5000 }], 'test', { split: p0 });
    rt.push([{ k: 1, ts: T0 + 2000 }], 'test', { split: p1 });
    expect(rt.wm).toBe(T0 + 2000);
    clock.advance(600);
    rt.push([{ k: 1, ts: T0 + 6000 }], 'test', { split: p0 });
    clock.advance(800); // p1 quiet for 1.4 s, p0 for 0.8 s
    expect([p0.idle, p1.idle]).toEqual([false, true]);
    expect(rt.wm).toBe(T0 + 6000); // p0's own watermark, not one made up from the clock
    expect(rt.idle).toBe(false);
    rt.push([{ k: 1, ts: T0 + 7000 }], 'test', { split: p1 });
    expect(p1.idle).toBe(false);
    expect(rt.wm).toBe(T0 + 6000); // p1 counts again (at 7 s), p0 is the minimum
    await e.close();
  });
});

describe('idle_timeout', () => {
  it('moves an idle source on with processing time, so its last window closes (DESIGN §3)', async () => {
    const clock = new ManualClock(T0);
    const e = engineWith(SOURCE('s', "WITH (idle_timeout = '1s')") + COUNTS('c', 's'), { clock });
    const rows = collect(e, 'c');
    e.start();
    e.push('s', [{ k: 1, ts: T0 + 1000 }]);
    clock.advance(1_500);
    expect(e.source('s')!.idle).toBe(true);
    expect(rows).toEqual([]); // idle, but the watermark has not gained the 9 s the window needs
    clock.advance(12_000);
    expect(rows.map((r) => r.row)).toEqual([{ window_start: new Date(T0).toISOString(), n: 1 }]);
    const wm = e.source('s')!.wm;
    expect(wm).toBeGreaterThan(T0 + 10_000);
    expect(wm).toBeLessThanOrEqual(T0 + 1000 + 13_500); // never more than the clock's time since the row
    e.push('s', [{ k: 1, ts: wm + 1 }]); // a row makes it active again: the watermark is the rows' once more
    expect(e.source('s')!.idle).toBe(false);
    clock.advance(500);
    expect(e.source('s')!.wm).toBe(wm + 1);
    await e.close();
  });

  it('lets a union go on with its active input while the other is idle', async () => {
    const clock = new ManualClock(T0);
    const e = engineWith(
      SOURCE('a', "WITH (idle_timeout = '1s')") +
        SOURCE('b', "WITH (idle_timeout = '1s')") +
        'CREATE VIEW u AS SELECT k, ts FROM a UNION ALL SELECT k, ts FROM b;' +
        COUNTS('c', 'u'),
      { clock },
    );
    const rows = collect(e, 'c');
    e.start();
    e.push('b', [{ k: 2, ts: T0 + 500 }]);
    e.push('a', [{ k: 1, ts: T0 + 1000 }]);
    clock.advance(700);
    e.push('a', [{ k: 1, ts: T0 + 12_000 }]);
    expect(rows).toEqual([]); // b holds the union at 0.5 s
    clock.advance(700); // b quiet for 1.4 s: idle; a had a row 0.7 s ago
    expect(rows.map((r) => r.row)).toEqual([{ window_start: new Date(T0).toISOString(), n: 2 }]);
    // b is back: it holds the union again from its own watermark (13 s) while a moves on
    e.push('b', [{ k: 2, ts: T0 + 13_000 }]);
    e.push('a', [{ k: 1, ts: T0 + 25_000 }]);
    expect(rows).toHaveLength(1);
    expect(e.lateRows('c')).toEqual([]);
    clock.advance(1400); // b idle again: a's 25 s closes [10 s, 20 s)
    expect(rows.map((r) => r.row)).toEqual([
      { window_start: new Date(T0).toISOString(), n: 2 },
      { window_start: new Date(T0 + 10_000).toISOString(), n: 2 },
    ]);
    await e.close();
  });
});

describe('split offsets and watermarks in the state file', () => {
  it('are saved at a checkpoint and restored per split', async () => {
    const path = join(dir, 'splits.db');
    const e = engineWith(SOURCE('s') + COUNTS('c', 's'), { statePath: path, checkpointIntervalMs: 0 });
    const rt = e.source('s')!;
    rt.removeSplit('0');
    rt.push([{ k: 1, ts: 4000 }], 'test', { split: rt.split('p0'), offset: 'seq-41' });
    rt.push([{ k: 1, ts: 9000 }], 'test', { split: rt.split('p1'), offset: 1041 });
    e.checkpoint();
    await e.close();
    const again = engineWith('', { statePath: path, checkpointIntervalMs: 0 });
    const back = again.source('s')!;
    expect(back.split('p0').offset).toBe('seq-41');
    expect(back.split('p1').offset).toBe(1041);
    expect([back.split('p0').wm, back.split('p1').wm, back.wm]).toEqual([4000, 9000, 4000]);
    await again.close();
  });
});

describe("an operator's input watermarks", () => {
  it('are restored by the runtime for a union, so a quiet input still holds the minimum after a restart', async () => {
    const path = join(dir, 'union.db');
    const sql = SOURCE('a') + SOURCE('b') + 'CREATE VIEW u AS SELECT k, ts FROM a UNION ALL SELECT k, ts FROM b;' + COUNTS('c', 'u');
    const e = engineWith(sql, { statePath: path, checkpointIntervalMs: 0 });
    e.push('a', [{ k: 1, ts: 1000 }]);
    e.push('b', [{ k: 2, ts: 2000 }]);
    e.checkpoint();
    await e.close();
    const again = engineWith(sql, { statePath: path, checkpointIntervalMs: 0 });
    const rows = collect(again, 'c');
    again.push('a', [{ k: 1, ts: 30_000 }]);
    expect(rows).toEqual([]); // b is still at 2 s: [0, 10 s) stays open
    again.push('b', [{ k: 2, ts: 11_000 }]);
    expect(rows.map((r) => r.row)).toEqual([{ window_start: '1970-01-01T00:00:00.000Z', n: 2 }]);
    await again.close();
  });
});
