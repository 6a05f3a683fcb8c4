/**
 * A projection that only keeps columns of a window aggregate's rows is made by the aggregate itself
 * (Operator.selectOutput, wired in view-runtime.ts): each output row is made once. The rows, their order
 * and seqs must be those of the aggregate's full rows projected by the projection operator, for every
 * window kind, with EMIT CHANGES declining, with views over the views, and across a restart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/index.js';
import { WindowAggregateBase } from '../../src/executor/operators/window-aggregate-base.js';
import { lcg, recordViews, statePathPerTest } from './helpers.js';

const SQL = `
CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '50' MILLISECOND);
CREATE VIEW t AS SELECT window_end, k, SUM(v) AS total, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '100' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW tn AS SELECT name, window_start, window_time, MAX(v) AS top, MIN(k) AS low
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '70' MILLISECOND)) GROUP BY name, window_start, window_end, window_time;
CREATE VIEW h AS SELECT k, window_start, window_end, COUNT(*) AS n
  FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '50' MILLISECOND, INTERVAL '200' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW c AS SELECT window_start, window_end, k, SUM(v) AS total
  FROM TABLE(CUMULATE(TABLE s, DESCRIPTOR(ts), INTERVAL '50' MILLISECOND, INTERVAL '150' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW se AS SELECT k, window_end, COUNT(*) AS n
  FROM TABLE(SESSION(TABLE s PARTITION BY k, DESCRIPTOR(ts), INTERVAL '30' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW ch AS SELECT k, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '100' MILLISECOND)) GROUP BY k, window_start, window_end EMIT CHANGES;
CREATE VIEW e AS SELECT k + 1 AS k1, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '100' MILLISECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW over_t AS SELECT window_end, SUM(n) AS rows_in, COUNT(*) AS keys FROM t GROUP BY window_end;
`;
const VIEWS = ['t', 'tn', 'h', 'c', 'se', 'ch', 'e', 'over_t'];

function input(count: number, seed: number): Record<string, unknown>[][] {
  const rnd = lcg(seed);
  let t = 5_000;
  const out: Record<string, unknown>[][] = [];
  for (let b = 0; b < count; b++) {
    const rows: Record<string, unknown>[] = [];
    const n = 1 + Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) {
      t += Math.floor(rnd() * 4);
      const k = Math.floor(rnd() * 12);
      rows.push({ k, name: rnd() < 0.1 ? null : `n${k % 5}`, v: rnd() < 0.05 ? null : Math.floor(rnd() * 1000) / 8, ts: t - Math.floor(rnd() * 80) });
    }
    out.push(rows);
  }
  return out;
}

async function run(batches: Record<string, unknown>[][], sliceRows: number): Promise<Map<string, string[]>> {
  const e = createEngine({ sliceRows });
  e.execute(SQL);
  const out = recordViews(e, VIEWS);
  for (const rows of batches) e.push('s', rows);
  await e.settled();
  await e.close();
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('window aggregates make the rows of a column-keeping projection over them', () => {
  it('gives the rows of the projection operator, for every window kind, sliced or not', async () => {
    const batches = input(300, 3);
    const select = vi.spyOn(WindowAggregateBase.prototype, 'selectOutput');
    const fused = await run(batches, 0);
    const fusedSliced = await run(batches, 7);
    // t, tn, h, c, se take the projection (twice: two runs); ch (EMIT CHANGES) declines; e's projection computes.
    const results = select.mock.results.map((r) => r.value as boolean);
    expect(results.filter((r) => r).length).toBe(10);
    expect(results.filter((r) => !r).length).toBe(2);
    select.mockReturnValue(false);
    const plain = await run(batches, 0);
    for (const v of VIEWS) {
      expect(plain.get(v)!.length, v).toBeGreaterThan(10);
      expect(fused.get(v), v).toEqual(plain.get(v));
      expect(fusedSliced.get(v), v).toEqual(plain.get(v));
    }
  });

  const statePath = statePathPerTest();

  it('restores the aggregate state saved under its own operator id', async () => {
    const batches = input(200, 11);
    const path = statePath();
    const a = createEngine({ statePath: path, checkpointIntervalMs: 0 });
    a.execute(SQL);
    for (const rows of batches.slice(0, 120)) a.push('s', rows);
    await a.settled();
    await a.close();
    const b = createEngine({ statePath: path, checkpointIntervalMs: 0 });
    const out = recordViews(b, VIEWS);
    for (const rows of batches.slice(120)) b.push('s', rows);
    await b.settled();
    await b.close();

    vi.spyOn(WindowAggregateBase.prototype, 'selectOutput').mockReturnValue(false);
    const plain = await run(batches, 0);
    for (const v of VIEWS) expect(out.get(v), v).toEqual(plain.get(v));
  });
});
