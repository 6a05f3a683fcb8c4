/**
 * Input running ahead of a firing (runtime/pacer.ts, operators/firing-slicer.ts): while a TUMBLE EMIT
 * FINAL window fires in slices, in a view where nothing downstream of it is reached another way, pushes
 * are processed at once into later windows instead of queuing behind the firing — and every view still
 * gives the rows of firing at once, in the same order with the same seqs (views that may not run ahead
 * next to ones that do), with the same late rows, and a crash in the middle restores to the output of an
 * uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { crashedLogs, lcg, recordViews, statePathPerTest, turn, uninterruptedRows } from './helpers.js';

const ONE = `CREATE SOURCE s (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
  CREATE VIEW t AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;

const keys = (n: number, ts: number) => Array.from({ length: n }, (_, k) => ({ k, ts }));

// Two sources: the windows of views over `s` may run ahead (t, a 1 s TUMBLE; f, 300 ms windows that
// sometimes close again while one fires), c emits changes; over `r` they may not (w is read by over_w; u unions
// an aggregate with the source itself; a window Top-N downstream of an aggregate fires in slices too).
const SQL = `
CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);
CREATE SOURCE r (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);
CREATE VIEW t AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW f AS SELECT k, window_start, COUNT(*) AS n, MAX(v) AS top
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '300' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW top AS SELECT * FROM (
  SELECT k, window_start, window_end, n, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, k) AS rn
  FROM (SELECT k, window_start, window_end, COUNT(*) AS n
        FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '700' MILLISECOND)) GROUP BY k, window_start, window_end)
) WHERE rn <= 3;
CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW over_w AS SELECT window_start, COUNT(*) AS keys, SUM(n) AS rows_in FROM w GROUP BY window_start;
CREATE VIEW u AS
  SELECT k, window_start AS ts FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '500' MILLISECOND)) GROUP BY k, window_start, window_end
  UNION ALL SELECT k, ts FROM r WHERE v < 5;
CREATE VIEW c AS SELECT k, window_start, window_end, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end EMIT CHANGES;
`;
const VIEWS = ['t', 'f', 'top', 'w', 'over_w', 'u', 'c'];

/** Batches for `s` and `r` in turns, ~`keys` keys, up to 400 ms out of order (some late). */
function batches(count: number, keys: number, seed: number): { source: string; rows: Record<string, unknown>[] }[] {
  const rnd = lcg(seed);
  let t = 10_000;
  const out: { source: string; rows: Record<string, unknown>[] }[] = [];
  for (let b = 0; b < count; b++) {
    const n = 1 + Math.floor(rnd() * 100);
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      t += Math.floor(rnd() * 6);
      rows.push({ k: Math.floor(rnd() * keys), v: Math.floor(rnd() * 1000) / 10, ts: t - Math.floor(rnd() * 400) });
    }
    out.push({ source: rnd() < 0.8 ? 's' : 'r', rows });
  }
  return out;
}

const statePath = statePathPerTest();

describe('input running ahead of a firing', () => {
  it('is processed at once while a window fires in slices, and the window rows are those of firing at once', async () => {
    const e = createEngine({ sliceRows: 100 });
    e.execute(ONE);
    const sizes: number[] = [];
    const got = recordViews(e, ['t']);
    e.subscribe('t', (rows) => sizes.push(rows.length));
    const ref = createEngine();
    ref.execute(ONE);
    const expected = recordViews(ref, ['t']);
    const pushes = [keys(20_000, 100), [{ k: 0, ts: 1000 }], ...Array.from({ length: 40 }, (_, b) => keys(1000, 1001 + b)), [{ k: 1, ts: 2000 }]];

    e.push('s', pushes[0]!);
    e.push('s', pushes[1]!); // closes [0, 1 s): 20,000 rows, the first chunk now
    expect(sizes).toEqual([100]);
    for (const p of pushes.slice(2, 12)) e.push('s', p);
    expect(e.backlogged?.()).toBe(false); // a burst of 10,000 rows ahead: taken without holding producers
    for (const p of pushes.slice(12, 42)) e.push('s', p);
    // Processed, not queued behind the firing (which has not sent another chunk).
    expect(e.stats().sources[0]!.eventsIn).toBe(60_001);
    expect(sizes).toEqual([100]);
    // 40,000 rows ran ahead of a firing that has sent 100: producers are held back until it catches up.
    expect(e.backlogged?.()).toBe(true);
    e.push('s', pushes[42]!); // closes [1 s, 2 s): waits for the firing in progress
    expect(e.stats().sources[0]!.eventsIn).toBe(60_002);
    await e.settled();
    expect(e.backlogged?.()).toBe(false);
    for (const p of pushes) ref.push('s', p);
    expect(got.get('t')!.length).toBe(21_000);
    expect(got.get('t')).toEqual(expected.get('t'));
    await e.close();
    await ref.close();
  });

  it('gives every view the rows of firing at once, where it may run ahead and where it may not', async () => {
    const input = batches(400, 400, 3);
    const at = createEngine();
    at.execute(SQL);
    const expected = recordViews(at, VIEWS);
    for (const b of input) at.push(b.source, b.rows);
    at.flush();

    const sliced = createEngine({ sliceRows: 7 });
    sliced.execute(SQL);
    const got = recordViews(sliced, VIEWS);
    const rnd = lcg(11);
    // Pushes made while work was in progress: processed at once (ran ahead) or queued behind it.
    let ranAhead = 0;
    let queued = 0;
    for (const b of input) {
      const busy = await inProgress(sliced);
      const before = eventsIn(sliced, b.source);
      sliced.push(b.source, b.rows);
      if (busy && eventsIn(sliced, b.source) > before) ranAhead++;
      else if (busy) queued++;
      if (rnd() < 0.4) await turn();
    }
    sliced.flush();
    await sliced.settled();
    for (const v of VIEWS) {
      expect(got.get(v)!.length, v).toBeGreaterThan(50);
      expect(got.get(v), v).toEqual(expected.get(v));
    }
    expect(ranAhead).toBeGreaterThan(5);
    expect(queued).toBeGreaterThan(5);
    for (const v of ['t', 'f', 'top', 'w']) expect(sliced.lateRows(v, 10_000), v).toEqual(at.lateRows(v, 10_000));
    await at.close();
    await sliced.close();
  });

  it('restores to the output of an uninterrupted run after crashes while input ran ahead of a firing', async () => {
    const input = batches(250, 300, 4);
    const expected = await uninterruptedRows(SQL, VIEWS, input);
    const logs = await crashedLogs(SQL, VIEWS, input, {
      seed: 8,
      runMin: 10,
      runSpread: 25,
      sliceRows: 5,
      syncCheckpoints: true,
      // A crash right after a push that ran ahead of a firing in progress (its rows processed, not queued).
      pushLeavesWork: async (e, p) => {
        const busy = await inProgress(e);
        const before = eventsIn(e, p.source);
        e.push(p.source, p.rows);
        if (busy && eventsIn(e, p.source) > before) return true;
        if (busy) await turn(); // queued behind a firing that may not be run ahead of: let it go on
        return false;
      },
    }, statePath());
    for (const v of VIEWS) {
      expect(logs.get(v)!.length, v).toBeGreaterThan(20);
      expect(logs.get(v), v).toEqual(expected.get(v));
    }
  });
});

type Eng = ReturnType<typeof createEngine>;

/** Work is queued or in progress: `settled()` does not resolve at once. */
async function inProgress(e: Eng): Promise<boolean> {
  let done = false;
  void e.settled().then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return !done;
}

const eventsIn = (e: Eng, source: string): number => e.stats().sources.find((x) => x.source === source)!.eventsIn;
