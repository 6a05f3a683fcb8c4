/**
 * Regular and interval joins in slices (operators/firing-slicer.ts): a batch whose rows have many matches is joined in
 * chunks with the event loop free between them, and gives exactly the rows, order and seqs of joining it
 * at once — inner and outer, over an append-only and a changelog input (retractions undo their matches
 * chunk by chunk), with pushes into both inputs arriving mid-join; crashes in the middle of one restore
 * to the same rows.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { crashedLogs, lcg, recordViews, type SourcePush, statePathPerTest, turn, uninterruptedRows } from './helpers.js';

const SOURCES = `
CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);
CREATE SOURCE r (k BIGINT, w DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '300' MILLISECOND);`;
const VIEWS_SQL = `
CREATE VIEW rj AS SELECT L.k, L.v, R.w FROM s L JOIN r R ON L.k = R.k;
CREATE VIEW rl AS SELECT L.k, L.v, R.w FROM s L LEFT JOIN r R ON L.k = R.k AND L.v < R.w;
CREATE VIEW rc AS SELECT L.k, L.n, R.w FROM (SELECT k, COUNT(*) AS n FROM s GROUP BY k) L FULL JOIN r R ON L.k = R.k;
CREATE VIEW ij AS SELECT L.k, L.v, R.w FROM s L JOIN r R ON L.k = R.k
  AND L.ts BETWEEN R.ts - INTERVAL '40' MILLISECOND AND R.ts + INTERVAL '40' MILLISECOND;
CREATE VIEW il AS SELECT L.k, L.v, R.w FROM s L LEFT JOIN r R ON L.k = R.k
  AND L.ts BETWEEN R.ts - INTERVAL '10' MILLISECOND AND R.ts + INTERVAL '30' MILLISECOND;
CREATE VIEW sj AS SELECT L.k, L.v, R.v AS v2 FROM s L JOIN s R ON L.k = R.k
  AND L.ts BETWEEN R.ts - INTERVAL '40' MILLISECOND AND R.ts + INTERVAL '40' MILLISECOND;`;
const SQL = SOURCES + VIEWS_SQL;
// sj: one push feeds both inputs, so the second arrives while the first may still be joining (frozen).
const VIEWS = ['rj', 'rl', 'rc', 'ij', 'il', 'sj'];

interface Push extends SourcePush {
  readonly source: 's' | 'r';
  readonly rows: Record<string, unknown>[];
}

/** Small batches into s and r over `keys` keys: each new row meets a few dozen stored ones. */
function pushes(count: number, keys: number, seed: number): Push[] {
  const rnd = lcg(seed);
  const out: Push[] = [];
  let t = 10_000;
  for (let b = 0; b < count; b++) {
    const source = rnd() < 0.5 ? 's' : 'r';
    const n = 1 + Math.floor(rnd() * 30);
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      t += Math.floor(rnd() * 5);
      const k = Math.floor(rnd() * keys);
      const x = Math.floor(rnd() * 1000) / 10;
      rows.push(source === 's' ? { k, v: x, ts: t } : { k, w: x, ts: t });
    }
    out.push({ source, rows });
  }
  return out;
}

const statePath = statePathPerTest();

describe('regular and interval joins in slices', () => {
  it('give the rows of joining at once, in the same order and with the same seqs', async () => {
    const input = pushes(60, 8, 5);
    const at = createEngine();
    at.execute(SQL);
    const expected = recordViews(at, VIEWS);
    for (const p of input) at.push(p.source, p.rows);

    const sliced = createEngine({ sliceRows: 7 });
    sliced.execute(SQL);
    const got = recordViews(sliced, VIEWS);
    const rnd = lcg(12);
    for (const p of input) {
      sliced.push(p.source, p.rows);
      if (rnd() < 0.5) await turn();
    }
    await sliced.settled();
    for (const v of VIEWS) {
      expect(got.get(v)!.length, v).toBeGreaterThan(200);
      expect(got.get(v), v).toEqual(expected.get(v));
    }
    expect(got.get('rc')!.some((r) => r.includes(' -D '))).toBe(true);
    await at.close();
    await sliced.close();
  });

  it.each([
    ['a regular join', `CREATE VIEW j AS SELECT L.k, L.v, R.w FROM s L JOIN r R ON L.k = R.k;`],
    ['an interval join', `CREATE VIEW j AS SELECT L.k, L.v, R.w FROM s L JOIN r R ON L.k = R.k
      AND L.ts BETWEEN R.ts - INTERVAL '1' SECOND AND R.ts + INTERVAL '1' SECOND;`],
  ])('joins a row with many matches in chunks in %s, with the event loop free between them', async (_what, view) => {
    const e = createEngine({ sliceRows: 100 });
    e.execute(SOURCES + view);
    const sizes: number[] = [];
    e.subscribe('j', (rows) => sizes.push(rows.length), { from: 'latest' });
    e.push('r', Array.from({ length: 5000 }, (_, i) => ({ k: 1, w: i, ts: 100 })));
    e.push('s', [{ k: 1, v: 0, ts: 100 }]); // meets 5,000 rows
    expect(sizes).toEqual([100]); // the first chunk at once, the rest after turns of the loop
    const r = e.push('r', [{ k: 1, w: -1, ts: 101 }]); // queued behind the join, acknowledged now
    expect(r.accepted).toBe(1);
    await turn();
    expect(sizes.length).toBeGreaterThan(1);
    await e.settled();
    expect(sizes).toEqual([...Array(50).fill(100), 1]); // then the queued row's one match
    await e.close();
  });

  it('restores to the output of an uninterrupted run after crashes in the middle of a join', async () => {
    const input = pushes(50, 10, 7);
    const expected = await uninterruptedRows(SQL, VIEWS, input);
    const logs = await crashedLogs(SQL, VIEWS, input, {
      seed: 8,
      runMin: 8,
      runSpread: 15,
      sliceRows: 5,
      // A push whose join is still in chunks.
      pushLeavesWork: async (e, p) => {
        e.push(p.source, p.rows);
        return !(await isSettledNow(e));
      },
    }, statePath());
    for (const v of VIEWS) {
      const log = logs.get(v)!;
      expect(log.length, v).toBeGreaterThan(100);
      // The same table, not necessarily by the same changes: the input logs are per source, so a restart
      // replays s's and r's pushes since the checkpoint without their interleaving, and a regular join's
      // changes follow arrival order (a left row padded, then retracted when its match arrives; joining
      // at once restores the same way).
      expect(tableOf(log), v).toEqual(tableOf(expected.get(v)!));
    }
  });
});

/** The rows a changelog ('seq op json' lines) leaves, sorted. */
function tableOf(log: readonly string[]): string[] {
  const live = new Map<string, number>();
  for (const line of log) {
    const [, op, json] = /^\d+ (\S+) (.*)$/.exec(line)!;
    live.set(json!, (live.get(json!) ?? 0) + (op === '+I' || op === '+U' ? 1 : -1));
  }
  return [...live].flatMap(([row, n]) => Array<string>(Math.max(0, n)).fill(row)).sort();
}

/** Whether the engine has nothing queued, without giving the event loop a turn to drain it. */
async function isSettledNow(e: { settled(): Promise<void> }): Promise<boolean> {
  let done = false;
  void e.settled().then(() => (done = true));
  await Promise.resolve();
  return done;
}
