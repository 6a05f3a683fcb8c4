/**
 * Arrival watermarks in run form (operator.ts `WmRuns`, `RunsBatch`): the per-row array made from the
 * runs gives every row the watermark of the run it falls in, the same array a per-row producer makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandRuns, RunsBatch } from '../../src/executor/operator.js';

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
