/**
 * Large windows fire in slices (EngineOptions.sliceRows, runtime/pacer.ts): the same rows, in the same
 * order, with the same seqs as firing at once — with pushes arriving while a firing is in progress, with
 * EMIT CHANGES, HOP panes, CUMULATE, a window Top-N and a view over a view downstream — and a state file
 * killed in the middle of a firing restores to exactly the output of an uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { committedLogs, crashedLogs, durable, lcg, recordViews, statePathPerTest, turn, uninterruptedRows } from './helpers.js';

const SQL = `
CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);
CREATE VIEW t AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW h AS SELECT k, window_start, window_end, COUNT(*) AS n, MAX(v) AS top
  FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '500' MILLISECOND, INTERVAL '2' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW c AS SELECT k, window_start, window_end, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end EMIT CHANGES;
CREATE VIEW top AS SELECT * FROM (
  SELECT k, window_start, window_end, n, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, k) AS rn
  FROM (SELECT k, window_start, window_end, COUNT(*) AS n
        FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '500' MILLISECOND, INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end)
) WHERE rn <= 3;
CREATE VIEW cu AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(CUMULATE(TABLE s, DESCRIPTOR(ts), INTERVAL '500' MILLISECOND, INTERVAL '2' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW over_t AS SELECT window_start, COUNT(*) AS keys, SUM(n) AS rows_in FROM t GROUP BY window_start;
`;
const VIEWS = ['t', 'h', 'c', 'cu', 'top', 'over_t'];

/** Batches of events over `keys` keys, ~`perMs` per ms of event time, up to 400 ms out of order (some late). */
function batches(count: number, keys: number, seed: number): Record<string, unknown>[][] {
  const rnd = lcg(seed);
  let t = 10_000;
  const out: Record<string, unknown>[][] = [];
  for (let b = 0; b < count; b++) {
    const n = 1 + Math.floor(rnd() * 300);
    const batch: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      t += Math.floor(rnd() * 6);
      batch.push({ k: Math.floor(rnd() * keys), v: Math.floor(rnd() * 1000) / 10, ts: t - Math.floor(rnd() * 400) });
    }
    out.push(batch);
  }
  return out;
}

const statePath = statePathPerTest();

describe('firing in slices', () => {
  it('gives the rows of firing at once, in the same order and with the same seqs', async () => {
    const input = batches(120, 400, 1);
    const at = createEngine();
    at.execute(SQL);
    const expected = recordViews(at, VIEWS);
    for (const b of input) at.push('s', b);
    at.flush();

    const sliced = createEngine({ sliceRows: 7 });
    sliced.execute(SQL);
    const got = recordViews(sliced, VIEWS);
    const rnd = lcg(9);
    let queuedBehind = 0;
    for (const b of input) {
      sliced.push('s', b);
      // Sometimes let the loop turn (chunks drain), sometimes push again at once (the push waits its turn).
      if (rnd() < 0.5) await turn();
      else queuedBehind++;
    }
    sliced.flush();
    await sliced.settled();
    expect(queuedBehind).toBeGreaterThan(20);
    for (const v of VIEWS) {
      expect(got.get(v)!.length, v).toBeGreaterThan(50);
      expect(got.get(v), v).toEqual(expected.get(v));
    }
    expect(sliced.lateRows('t', 10_000)).toEqual(at.lateRows('t', 10_000));
    await at.close();
    await sliced.close();
  });

  it('fires a window in chunks, with the event loop free between them', async () => {
    const e = createEngine({ sliceRows: 500 });
    e.execute(`CREATE SOURCE s (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW t AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`);
    const sizes: number[] = [];
    e.subscribe('t', (rows) => sizes.push(rows.length), { from: 'latest' });
    e.push('s', Array.from({ length: 50_000 }, (_, k) => ({ k, ts: 100 })));
    e.push('s', [{ k: 0, ts: 5000 }]); // closes [0, 1s): 50,000 rows
    expect(sizes).toEqual([500]); // the first chunk at once, the rest after turns of the loop
    const r = e.push('s', [{ k: 1, ts: 5001 }]); // queued behind the firing, acknowledged now
    expect(r.accepted).toBe(1);
    expect(r.offset).toBe(50_002);
    // The loop turns while the window is firing (a turn drains chunks for a few ms, not 50,000 rows).
    await turn();
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThan(100);
    await e.settled();
    expect(sizes).toEqual(Array(100).fill(500));
    expect(e.stats().sources[0]!.eventsIn).toBe(50_002);
    await e.close();
  });

  it('restores to the output of an uninterrupted run after a crash in the middle of a firing', async () => {
    const input = batches(90, 300, 2);
    const feed = input.map((rows) => ({ source: 's', rows }));
    const expected = await uninterruptedRows(SQL, VIEWS, feed);
    const logs = await crashedLogs(SQL, VIEWS, feed, {
      seed: 5,
      runMin: 10,
      runSpread: 25,
      sliceRows: 5,
      syncCheckpoints: true,
      // A push that started a firing, with chunks of it still queued.
      pushLeavesWork: (e, p) => {
        const rowsOut = (): number => e.stats().views.find((v) => v.view === 't')!.rowsOut;
        const before = rowsOut();
        e.push(p.source, p.rows);
        return rowsOut() > before;
      },
    }, statePath());
    for (const v of VIEWS) {
      expect(logs.get(v)!.length, v).toBeGreaterThan(20);
      expect(logs.get(v), v).toEqual(expected.get(v));
    }
  });
  it('a window that fires while a background checkpoint still encodes it is checkpointed as it was before', async () => {
    // 5,000 keys per window: the snapshot encodes them in slices, and the firing (which only reads the
    // window's groups, then drops it) does not wait for that; the next window opens meanwhile, and a
    // restart from that checkpoint fires the window again from what it held.
    const window = (w: number): Record<string, unknown>[] => Array.from({ length: 5000 }, (_, k) => ({ k, v: k + w / 10, ts: 10_000 + w * 1000 + (k % 500) }));
    const ref = createEngine();
    ref.execute(SQL);
    const expected = recordViews(ref, VIEWS);
    for (let w = 0; w < 4; w++) ref.push('s', window(w));

    const path = statePath();
    const e = durable(path, { checkpointIntervalMs: 3_600_000, sliceRows: 64 });
    e.execute(SQL);
    e.push('s', window(0));
    await e.settled();
    const committed = e.checkpointInBackground(); // window 0's groups: encoded a slice at a time from here
    e.push('s', window(1)); // fires window 0 (ts 11,299 moves the watermark past 10,999), then drops it
    e.push('s', window(2)); // opens window 2 (fires 1) while the snapshot may still be encoding window 0
    await e.settled();
    await committed;
    expect(e.stats().views.find((v) => v.view === 't')!.rowsOut).toBe(10_000);
    e.crash();
    const again = durable(path, { checkpointIntervalMs: 3_600_000, sliceRows: 64 });
    await again.settled(); // windows 1 and 2 again from the input log: window 0 fires again, from the checkpoint
    again.push('s', window(3));
    await again.settled();
    await again.close();
    const logs = await committedLogs(path, VIEWS);
    for (const v of VIEWS) expect(logs.get(v), v).toEqual(expected.get(v));
    expect(logs.get('t')!.length).toBe(15_000);
    await ref.close();
  });

  it('encodes a background checkpoint after a firing in progress, not in turns with it', async () => {
    const window = (w: number): Record<string, unknown>[] => Array.from({ length: 5000 }, (_, k) => ({ k, v: k, ts: 10_000 + w * 1000 + (k % 500) }));
    const e = durable(statePath(), { checkpointIntervalMs: 3_600_000, sliceRows: 64 });
    e.execute(SQL);
    const rowsOut = (): number => e.stats().views.find((v) => v.view === 't')!.rowsOut;
    e.push('s', window(0));
    await e.settled();
    // Each slice of the checkpoint's encoding sends what it encoded to the commit thread: when it does,
    // how far the firing is.
    const store = (e as unknown as { durable: { store: { commitPart(...a: unknown[]): void } } }).durable.store;
    const sentAt: number[] = [];
    const commitPart = store.commitPart.bind(store);
    store.commitPart = (...a: unknown[]): void => {
      sentAt.push(rowsOut());
      commitPart(...a);
    };
    const committed = e.checkpointInBackground();
    e.push('s', window(1)); // fires window 0: 5,000 rows in chunks of 64, each view's in turn
    expect(rowsOut()).toBe(64);
    await e.settled();
    await committed;
    // The checkpoint began before the firing; its encoding waited for the firing's last chunk.
    expect(sentAt.length).toBeGreaterThan(0);
    expect(sentAt.every((n) => n === 5000)).toBe(true);
    await e.close();
  });

  it('sends a large firing on in chunks of 1,024 rows without a pacer, the rows of one batch in the same order', async () => {
    // 3,000 keys in one HOP pane, fired by the next row's watermark: the 4 windows holding it, 3,000 rows each.
    const rows = Array.from({ length: 3000 }, (_, k) => ({ k, v: k / 10, ts: 1_000 + (k % 400) }));
    const runs: { sizes: number[]; rows: string[] }[] = [];
    for (const options of [{}, { sliceRows: 1_000_000 }]) {
      const engine = createEngine(options);
      engine.execute(SQL);
      const sizes: number[] = [];
      engine.subscribeRaw('h', (batch) => {
        sizes.push(batch.length);
      });
      const got = recordViews(engine, ['h']);
      engine.push('s', rows);
      engine.push('s', [{ k: 0, v: 0, ts: 5_000 }]);
      await engine.settled();
      runs.push({ sizes, rows: got.get('h')! });
      await engine.close();
    }
    const [unpaced, oneBatch] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(oneBatch.sizes).toEqual([12_000]);
    expect(Math.max(...unpaced.sizes)).toBe(1024);
    expect(unpaced.sizes.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(unpaced.rows).toEqual(oneBatch.rows);
  });
});
