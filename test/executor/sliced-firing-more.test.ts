/**
 * Firing in slices beyond TUMBLE/HOP/CUMULATE (operators/firing-slicer.ts): SESSION windows, a window
 * Top-N over a windowing TVF, and window joins (inner, full outer, semi, anti) fire a large close in
 * chunks with the event loop free between them, and give exactly the rows, order and seqs of firing at
 * once — with pushes into both join inputs arriving mid-firing, and after crashes in the middle of one.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { crashedLogs, lcg, recordViews, statePathPerTest, turn, uninterruptedRows } from './helpers.js';

const TUMBLE_S = `TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND))`;
const TUMBLE_R = `TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '1' SECOND))`;
const SOURCES = `
CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);
CREATE SOURCE r (k BIGINT, w DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);`;
const SQL = `${SOURCES}
CREATE VIEW sess AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(SESSION(TABLE s PARTITION BY k, DESCRIPTOR(ts), INTERVAL '150' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW tn AS SELECT * FROM (
  SELECT k, v, window_start, window_end, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn
  FROM ${TUMBLE_S}) WHERE rn <= 2;
CREATE VIEW wj AS SELECT L.k, L.v, R.w, L.window_start FROM ${TUMBLE_S} L JOIN ${TUMBLE_R} R
  ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.k = R.k;
CREATE VIEW wf AS SELECT L.k AS lk, R.k AS rk, L.v, R.w FROM ${TUMBLE_S} L FULL JOIN ${TUMBLE_R} R
  ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.k = R.k;
CREATE VIEW ws AS SELECT L.k, L.v FROM ${TUMBLE_S} L WHERE EXISTS (SELECT * FROM ${TUMBLE_R} R
  WHERE L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end);
CREATE VIEW wa AS SELECT L.k, L.v FROM ${TUMBLE_S} L WHERE NOT EXISTS (SELECT * FROM ${TUMBLE_R} R
  WHERE L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end);
`;
const VIEWS = ['sess', 'tn', 'wj', 'wf', 'ws', 'wa'];

interface Push {
  readonly source: 's' | 'r';
  readonly rows: Record<string, unknown>[];
}

/** Batches into s and r over `keys` keys, up to 400 ms out of order (some late), time moving on in both. */
function pushes(count: number, keys: number, seed: number): Push[] {
  const rnd = lcg(seed);
  const t = { s: 10_000, r: 10_000 };
  const out: Push[] = [];
  for (let b = 0; b < count; b++) {
    const source = rnd() < 0.6 ? 's' : 'r';
    const n = 1 + Math.floor(rnd() * 250);
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      t[source] += Math.floor(rnd() * 8);
      const k = Math.floor(rnd() * keys);
      const x = Math.floor(rnd() * 1000) / 10;
      rows.push(source === 's' ? { k, v: x, ts: t[source] - Math.floor(rnd() * 400) } : { k, w: x, ts: t[source] - Math.floor(rnd() * 400) });
    }
    out.push({ source, rows });
  }
  return out;
}

const statePath = statePathPerTest();

describe('firing in slices: SESSION, window Top-N, window joins', () => {
  it('gives the rows of firing at once, in the same order and with the same seqs', async () => {
    const input = pushes(160, 300, 3);
    const at = createEngine();
    at.execute(SQL);
    const expected = recordViews(at, VIEWS);
    for (const p of input) at.push(p.source, p.rows);
    at.flush();

    const sliced = createEngine({ sliceRows: 7 });
    sliced.execute(SQL);
    const got = recordViews(sliced, VIEWS);
    const rnd = lcg(11);
    for (const p of input) {
      sliced.push(p.source, p.rows);
      if (rnd() < 0.5) await turn();
    }
    sliced.flush();
    await sliced.settled();
    for (const v of VIEWS) {
      expect(got.get(v)!.length, v).toBeGreaterThan(50);
      expect(got.get(v), v).toEqual(expected.get(v));
    }
    for (const v of VIEWS) expect(sliced.lateRows(v, 10_000), v).toEqual(at.lateRows(v, 10_000));
    await at.close();
    await sliced.close();
  });

  it.each([
    ['a SESSION window aggregate', 'sess'],
    ['a window Top-N', 'tn'],
    ['an inner window join', 'wj'],
    ['a full outer window join', 'wf'],
    ['a window semi join', 'ws'],
  ])('fires a large close of %s in chunks, with the event loop free between them', async (_what, view) => {
    const KEYS = 5000;
    const e = createEngine({ sliceRows: 100 });
    // This view alone: with several, the pacer drains the oldest firing first.
    e.execute(SOURCES + SQL.split(';').find((stmt) => stmt.includes(`CREATE VIEW ${view} AS`))! + ';');
    const sizes: number[] = [];
    e.subscribe(view, (rows) => sizes.push(rows.length), { from: 'latest' });
    e.push('s', Array.from({ length: KEYS }, (_, k) => ({ k, v: k / 2, ts: 100 })));
    e.push('r', Array.from({ length: KEYS }, (_, k) => ({ k, w: k, ts: 100 })));
    // Both watermarks past the window's end (and the sessions' end): 5,000 rows fire.
    e.push('r', [{ k: -1, w: 0, ts: 5000 }]);
    e.push('s', [{ k: -1, v: 0, ts: 5000 }]);
    expect(sizes).toEqual([100]); // the first chunk at once, the rest after turns of the loop
    const r = e.push('s', [{ k: -2, v: 0, ts: 5001 }]); // queued behind the firing, acknowledged now
    expect(r.accepted).toBe(1);
    await turn();
    expect(sizes.length).toBeGreaterThan(1);
    await e.settled();
    expect(sizes).toEqual(Array(KEYS / 100).fill(100));
    await e.close();
  });

  it('restores to the output of an uninterrupted run after crashes in the middle of firings', async () => {
    const input = pushes(120, 250, 4);
    const expected = await uninterruptedRows(SQL, VIEWS, input);
    const logs = await crashedLogs(SQL, VIEWS, input, {
      seed: 6,
      runMin: 10,
      runSpread: 25,
      sliceRows: 5,
      // A push that started a firing of a session or a window join, chunks still queued.
      pushLeavesWork: (e, p) => {
        const out = (): number => e.stats().views.filter((v) => v.view === 'sess' || v.view === 'wj').reduce((a, v) => a + v.rowsOut, 0);
        const before = out();
        e.push(p.source, p.rows);
        return out() > before;
      },
    }, statePath());
    for (const v of VIEWS) {
      expect(logs.get(v)!.length, v).toBeGreaterThan(20);
      expect(logs.get(v), v).toEqual(expected.get(v));
    }
  });
});
