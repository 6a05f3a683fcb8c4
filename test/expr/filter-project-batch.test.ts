/**
 * A filter/projection compiled to one loop over a batch (planner/compile-batch.ts) gives, row for row,
 * what the per-expression compiled functions give; rows that pass keep their op and arrival watermark.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bin, bind, call, caseWhen, col, isNull, NULL, num, str } from './helpers.js';
import { compileExpr, compilePredicate } from '../../src/planner/compile-expr.js';
import { compileArrival, compileFilterProject } from '../../src/planner/compile-batch.js';
import { expandRuns } from '../../src/executor/operator.js';

const pred = bind(bin('AND', bin('>', col('i'), num('2')), isNull(col('s'), true))); // i > 2 AND s IS NOT NULL
const projs = [
  bind(col('s')),
  bind(bin('+', col('i'), num('10'))),
  bind(call('UPPER', col('s'))),
  bind(caseWhen([[bin('>', col('d'), num('0')), str('pos')]], str('other'))),
  bind(NULL),
  bind(num('7')),
];

const WIDTH = 9;
const rowArb = fc.tuple(
  fc.option(fc.integer({ min: -5, max: 10 })),
  fc.option(fc.string({ maxLength: 3 })),
  fc.option(fc.double({ noNaN: true })),
).map(([i, s, d]) => {
  const r: unknown[] = new Array(WIDTH).fill(null);
  r[0] = i;
  r[4] = s;
  r[2] = d;
  return r;
});

describe('a filter and projection compiled over a batch', () => {
  it('keeps the rows the predicate is TRUE for (not NULL, not FALSE), projected as the compiled expressions project them', () => {
    const run = compileFilterProject(pred, projs);
    const p = compilePredicate(pred);
    const fs = projs.map((e) => compileExpr(e));
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), (rows) => {
        const wms = rows.map((_, i) => i * 10);
        const ops = rows.map((_, i) => (i % 2 === 0 ? '+I' : '-D'));
        const kept = rows.map((r, i) => [r, i] as const).filter(([r]) => p(r));
        const out = run(rows, ops, wms);
        if (kept.length === 0) {
          expect(out).toBeNull();
          return;
        }
        expect(out!.rows).toEqual(kept.map(([r]) => fs.map((f) => f(r))));
        expect(out!.wms).toEqual(kept.map(([, i]) => wms[i]));
        expect(out!.ops).toEqual(kept.map(([, i]) => ops[i]));
      }),
    );
  });

  it('arrival watermarks given as runs come out as runs over the kept rows, the same watermarks as the per-row form', () => {
    const run = compileFilterProject(pred, projs);
    const steps = fc.array(fc.tuple(rowArb, fc.integer({ min: 0, max: 2 })), { maxLength: 40 });
    fc.assert(
      fc.property(steps, (input) => {
        const rows = input.map(([r]) => r);
        // Monotone watermarks, as a source gives them, and their runs.
        const wms: number[] = [];
        let wm = -Infinity;
        for (const [, s] of input) {
          if (s === 2) wm = wm === -Infinity ? 0 : wm + 3;
          wms.push(wm);
        }
        const runs: number[] = [];
        for (let i = 0; i < wms.length; i++) if (i === 0 || wms[i] !== wms[i - 1]) runs.push(i, wms[i]!);
        const ops = rows.map((_, i) => (i % 3 === 0 ? '-U' : '+U'));
        const perRow = run(rows, ops, wms);
        const asRuns = run(rows, ops, null, runs);
        if (perRow === null) {
          expect(asRuns).toBeNull();
          return;
        }
        expect(asRuns!.rows).toEqual(perRow.rows);
        expect(asRuns!.ops).toEqual(perRow.ops);
        expect(asRuns!.wms).toBeNull();
        expect(perRow.runs).toBeNull();
        expect(expandRuns(asRuns!.runs!, asRuns!.rows.length)).toEqual(perRow.wms);
        // Merged: no two neighbouring runs hold the same watermark.
        for (let r = 2; r < asRuns!.runs!.length; r += 2) expect(asRuns!.runs![r + 1]).not.toBe(asRuns!.runs![r - 1]);
      }),
    );
  });

  it('without a predicate, runs are handed on as they are', () => {
    const run = compileFilterProject(null, [bind(col('i'))]);
    const runs = [0, 4, 1, 9];
    const out = run([[1], [2]], null, null, runs)!;
    expect(out.rows).toEqual([[1], [2]]);
    expect(out.runs).toBe(runs);
    expect(out.wms).toBeNull();
  });

  it('without a predicate projects every row and hands on the ops and arrival watermarks as they are', () => {
    const run = compileFilterProject(null, [bind(col('i')), bind(bin('*', col('i'), col('i')))]);
    const rows = [[3, null, null, null, null], [null, null, null, null, null]];
    const wms = [5, 6];
    const out = run(rows, null, wms)!;
    expect(out.rows).toEqual([[3, 9], [null, null]]);
    expect(out.wms).toBe(wms);
    expect(out.ops).toBeNull();
  });

  it('without a projection passes the kept rows themselves', () => {
    const run = compileFilterProject(bind(bin('=', col('i'), num('1'))), null);
    const a = [1, null, null, null, null];
    const b = [2, null, null, null, null];
    const out = run([a, b, a], null, null)!;
    expect(out.rows).toEqual([a, a]);
    expect(out.rows[0]).toBe(a);
    expect(out.wms).toBeNull();
    expect(run([b], null, null)).toBeNull();
  });
});

describe("a source's arrival watermarks compiled over a batch", () => {
  it('gives each row the running max of the expression before it, and moves the split and the source as the per-row loop does', () => {
    const expr = bind(bin('-', col('i'), num('3'))); // i - 3; NULL when i is NULL
    const f = compileExpr(expr);
    const run = compileArrival(expr);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 }), (rows, splitWm, sourceWm) => {
        // The per-row loop the source ran before (one split: the source's watermark is the split's).
        const want: number[] = [];
        let top = splitWm;
        let wm = sourceWm;
        for (const r of rows) {
          want.push(wm);
          const w = f(r) as number | null;
          if (w !== null && w > top) {
            top = w;
            if (w > wm) wm = w;
          }
        }
        const runs: number[] = [];
        const split = { wm: splitWm };
        expect(run(rows, runs, split, sourceWm)).toBe(wm);
        expect(split.wm).toBe(top);
        expect(expandRuns(runs, rows.length)).toEqual(want);
        // Runs start at row 0, ascend, stay inside the batch, and each changes the watermark.
        if (rows.length === 0) expect(runs).toEqual([]);
        else expect(runs[0]).toBe(0);
        for (let r = 2; r < runs.length; r += 2) {
          expect(runs[r]!).toBeGreaterThan(runs[r - 2]!);
          expect(runs[r]!).toBeLessThan(rows.length);
          expect(runs[r + 1]!).toBeGreaterThan(runs[r - 1]!);
        }
      }),
    );
  });
});

describe("a filter/projection fused with a source's arrival loop", () => {
  it('makes the runs, split and source watermarks the arrival loop makes, and the rows and runs the unfused filter makes over them', () => {
    const wmExpr = bind(bin('-', col('i'), num('3')));
    const arrival = compileArrival(wmExpr);
    for (const [p, ps] of [[pred, projs], [null, projs], [pred, null]] as const) {
      const run = compileFilterProject(p, ps);
      const fused = run.fused!(wmExpr);
      expect(run.fused!(wmExpr)).toBe(fused);
      fc.assert(
        fc.property(fc.array(rowArb, { maxLength: 30 }), fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 }), (rows, splitWm, sourceWm) => {
          const ops = rows.map((_, i) => (i % 2 === 0 ? '+I' : '-D'));
          const runs: number[] = [];
          const split = { wm: splitWm };
          const after = arrival(rows, runs, split, sourceWm);
          const want = run(rows, ops, null, runs);
          const split2 = { wm: splitWm };
          const got = fused(rows, ops, split2, sourceWm);
          expect(got.inRuns).toEqual(runs);
          expect(got.wm).toBe(after);
          expect(split2.wm).toBe(split.wm);
          if (want === null) {
            expect(got.out).toBeNull();
            return;
          }
          expect(got.out!.rows).toEqual(want.rows);
          expect(got.out!.ops).toEqual(want.ops);
          expect(got.out!.runs).toEqual(want.runs);
        }),
      );
    }
  });
});
