/**
 * HOP EMIT CHANGES against HOP EMIT FINAL over the same random rows (out of order, some late, in random
 * batches): folding the changelog (+I/+U set a window's row, -U/-D remove it) must give exactly the final
 * rows, and every -U must retract the row last emitted for that window and key. The windows a batch touched are emitted once per batch, so a batch of several rows of
 * one key gives one -U/+U per window, not one per row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type OutputRow } from '../../src/index.js';
import { foldWindowChanges } from './helpers.js';

interface In {
  k: string | null;
  v: number;
  ts: number;
}

const rowsArb = fc.array(
  fc.record({ k: fc.constantFrom('a', 'b', null, 'c'), v: fc.integer({ min: -5, max: 5 }), ts: fc.integer({ min: 0, max: 20_000 }) }),
  { maxLength: 120 },
);

function views(slideS: number, sizeS: number, offset: string, unit = 'SECOND'): string {
  const hop = `TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '${slideS}' ${unit}, INTERVAL '${sizeS}' ${unit}${offset}))`;
  const sel = `SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(v) AS hi FROM ${hop} GROUP BY k, window_start, window_end`;
  return `CREATE SOURCE t (k VARCHAR, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND);
CREATE VIEW fin AS ${sel};
CREATE VIEW chg AS ${sel} EMIT CHANGES;`;
}

const show = (r: Record<string, unknown>) => JSON.stringify(r);

function run(e: Engine, rows: In[], batches: number[]): { fin: string[]; folded: string[] } {
  const fin: OutputRow[] = [];
  e.subscribe('fin', (rs) => fin.push(...rs));
  const state = foldWindowChanges(e, 'chg');
  let i = 0;
  for (let b = 0; i < rows.length; b++) {
    const n = batches[b % batches.length]!;
    e.push('t', rows.slice(i, i + n));
    i += n;
  }
  e.flush();
  return { fin: fin.map((r) => show(r.row)).sort(), folded: [...state.values()].sort() };
}

describe('HOP EMIT CHANGES', () => {
  it.each([
    [1, 4, ''],
    [2, 6, ", INTERVAL '500' MILLISECOND"],
    [1, 2, ''],
    [1, 10, ''],
  ])('folds into the EMIT FINAL rows (slide %i s, size %i s%s)', (slide, size, offset) => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }), (rows, batches) => {
        const e = createEngine();
        e.execute(views(slide, size, offset));
        const { fin, folded } = run(e, rows, batches);
        void e.close();
        expect(folded).toEqual(fin);
      }),
      { numRuns: 40 },
    );
  });

  // Slides of milliseconds over the same 20 s: a batch's changed panes lie far apart (hundreds of
  // slides), the emission looks each pane up on its own instead of by position over their span.
  it.each([
    [10, 40],
    [7, 700],
  ])('folds into the EMIT FINAL rows with panes far apart (slide %i ms, size %i ms)', (slide, size) => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }), (rows, batches) => {
        const e = createEngine();
        e.execute(views(slide, size, '', 'MILLISECOND'));
        const { fin, folded } = run(e, rows, batches);
        void e.close();
        expect(folded).toEqual(fin);
      }),
      { numRuns: 40 },
    );
  });

  it('emits one change per touched window and key per batch', () => {
    const e = createEngine();
    e.execute(views(1, 3, ''));
    const out: string[] = [];
    e.subscribe('chg', (rs) => out.push(...rs.map((r) => `${r.op} ${String(r.row['window_start']).slice(17, 19)} n=${String(r.row['n'])}`)));
    e.push('t', [{ k: 'a', v: 1, ts: 5000 }, { k: 'a', v: 2, ts: 5100 }, { k: 'a', v: 3, ts: 5200 }]);
    expect(out).toEqual(['+I 03 n=3', '+I 04 n=3', '+I 05 n=3']);
    e.push('t', [{ k: 'a', v: 1, ts: 6000 }]);
    expect(out.slice(3)).toEqual(['-U 04 n=3', '+U 04 n=4', '-U 05 n=3', '+U 05 n=4', '+I 06 n=1']);
    void e.close();
  });
});
