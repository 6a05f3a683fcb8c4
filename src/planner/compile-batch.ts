/**
 * A filter and/or projection compiled to one generated function over a whole batch: the predicate and
 * every projected expression are inlined into a single loop (compile-expr.ts's code generator), so a
 * row costs no function call per expression, and an output row is one array literal.
 *
 *   SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0
 *     ⇒ for (let i = 0; i < n; i++) {
 *         const row = rows[i];
 *         ...predicate code...          (NULL or FALSE: continue)
 *         ...projection code...
 *         outRows.push([v3, v4]);
 *         if (outWms !== null) outWms.push(wms[i]);     (and the row's op, for a changelog;
 *       }                                                 with runs, a pair where the watermark changes)
 *
 * A row that passes keeps its change kind and arrival watermark. Without a predicate every row passes,
 * so the input's `ops` and `wms` (or `runs`) arrays are handed on as they are (batches are never changed
 * once emitted).
 */
import type { BoundExpr } from '../parser/bound-expr.js';
import { fold, Gen } from './compile-expr.js';

/**
 * The rows (change kinds, arrival watermarks) that pass, projected; null when none passes. Arrival
 * watermarks come either per row (`wms`) or as runs (`runs`, operator.ts `WmRuns`; then `wms` is null)
 * and go out in the same form: runs over the output rows.
 */
export type FilterProjectBatch = ((
  rows: readonly (readonly unknown[])[],
  ops: readonly unknown[] | null,
  wms: readonly number[] | null,
  runs?: readonly number[] | null,
) => { rows: unknown[][]; ops: unknown[] | null; wms: number[] | null; runs: number[] | null } | null) & {
  /** The same, fused with a source's arrival loop (memoized per WATERMARK expression). */
  fused?: (watermark: BoundExpr) => FusedFilterProject;
  /**
   * No predicate and every projection an input column: the input columns each output row is made of,
   * in order (an operator upstream may then make its rows so: Operator.selectOutput). Absent otherwise.
   */
  select?: readonly number[];
};

export function compileFilterProject(predicate: BoundExpr | null, projections: readonly BoundExpr[] | null): FilterProjectBatch {
  const c = filterProjectCode(predicate, projections, null);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
  const run = new Function('k', c.source)(c.consts) as FilterProjectBatch;
  if (predicate === null && projections !== null && projections.every((e) => e.kind === 'input')) {
    run.select = projections.map((e) => (e as Extract<BoundExpr, { kind: 'input' }>).index);
  }
  const fused = new Map<unknown, FusedFilterProject>();
  run.fused = (watermark: BoundExpr): FusedFilterProject => {
    let f = fused.get(watermark);
    if (f === undefined) {
      const fc = filterProjectCode(predicate, projections, watermark);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
      f = new Function('k', fc.source)(fc.consts) as FusedFilterProject;
      fused.set(watermark, f);
    }
    return f;
  };
  return run;
}

/**
 * The filter/projection fused with a source's arrival loop (`compileArrival` of `watermark`), for a batch
 * straight from that source whose arrival watermarks are not made yet (operator.ts `PendingArrival`):
 * one loop over the rows makes the source's runs (`inRuns`, what `arrival` makes), moves `split.wm` and
 * returns the source's watermark after the batch (`wm`), and filters/projects; the output carries runs.
 * `out` is null when no row passes.
 */
export type FusedFilterProject = (
  rows: readonly (readonly unknown[])[],
  ops: readonly unknown[] | null,
  split: { wm: number },
  wm: number,
) => { out: { rows: unknown[][]; ops: unknown[] | null; wms: null; runs: number[] } | null; inRuns: number[]; wm: number };

function filterProjectCode(predicate: BoundExpr | null, projections: readonly BoundExpr[] | null, watermark: BoundExpr | null): { source: string; consts: unknown[] } {
  const g = new Gen();
  const filtered = predicate !== null;
  const fused = watermark !== null;
  g.indent(1);
  if (fused) {
    // The source's arrival loop, as compileArrival writes it: the row's watermark is the one before it.
    g.line('const rowWm = wm;');
    g.line('if (rowWm !== prev) {');
    g.line('  inRuns.push(i, rowWm);');
    g.line('  prev = rowWm;');
    g.line('}');
    arrivalStep(g, watermark, []);
  }
  if (filtered) {
    const p = g.value(fold(predicate));
    g.line(`if (${p} !== true) continue;`);
  }
  let out = 'row';
  if (projections !== null) {
    const atoms = projections.map((e) => g.value(fold(e)));
    out = `[${atoms.map((a) => `${a} ?? null`).join(', ')}]`;
  }
  g.line(`outRows.push(${out});`);
  if (filtered && fused) {
    g.line('if (outOps !== null) outOps.push(ops[i]);');
    g.line('const m = outRuns.length;');
    g.line('if (m === 0 || outRuns[m - 1] !== rowWm) outRuns.push(outRows.length - 1, rowWm);');
  } else if (filtered) {
    g.line('if (outOps !== null) outOps.push(ops[i]);');
    g.line('if (outWms !== null) outWms.push(wms[i]);');
    // Runs: the row's run is found by walking forward (rows and runs both ascend); a new output run
    // starts where the watermark differs from the last output row's.
    g.line('if (outRuns !== null) {');
    g.line('  while (r + 2 < nr && runs[r + 2] <= i) r += 2;');
    g.line('  const w = runs[r + 1];');
    g.line('  const m = outRuns.length;');
    g.line('  if (m === 0 || outRuns[m - 1] !== w) outRuns.push(outRows.length - 1, w);');
    g.line('}');
  }
  const loop = [`  for (let i = 0; i < n; i++) {`, `    const row = rows[i];`, g.code(), `  }`];
  const source = fused
    ? [
        `'use strict';`,
        `return function filterProjectArrival(rows, ops, split, wm) {`,
        `  const n = rows.length;`,
        `  const outRows = [];`,
        filtered ? `  const outOps = ops === null ? null : [];` : `  const outOps = ops;`,
        `  const inRuns = [];`,
        filtered ? `  const outRuns = [];` : `  const outRuns = inRuns;`,
        `  let top = split.wm;`,
        `  let prev = NaN;`,
        ...loop,
        `  split.wm = top;`,
        `  return { out: outRows.length === 0 ? null : { rows: outRows, ops: outOps, wms: null, runs: outRuns }, inRuns, wm };`,
        `};`,
      ]
    : [
        `'use strict';`,
        `return function filterProject(rows, ops, wms, runs) {`,
        `  const n = rows.length;`,
        `  const outRows = [];`,
        filtered ? `  const outOps = ops === null ? null : [];` : `  const outOps = ops;`,
        filtered ? `  const outWms = wms === null ? null : [];` : `  const outWms = wms;`,
        filtered ? `  const outRuns = runs == null ? null : [];` : `  const outRuns = runs ?? null;`,
        ...(filtered ? [`  const nr = runs == null ? 0 : runs.length;`, `  let r = 0;`] : []),
        ...loop,
        `  return outRows.length === 0 ? null : { rows: outRows, ops: outOps, wms: outWms, runs: outRuns };`,
        `};`,
      ];
  return { source: source.join('\n'), consts: g.consts };
}

/** The generated source (tests, and reading what the compiler made of a filter/projection). */
export function filterProjectSource(predicate: BoundExpr | null, projections: readonly BoundExpr[] | null): string {
  return compileFilterProject(predicate, projections).toString();
}

/**
 * A source's arrival watermarks over a batch of one split, with the WATERMARK expression inlined (one
 * call per batch, not one per row), as runs (operator.ts `WmRuns`): `runs` gets [0, wm] and a pair
 * [i, wm] wherever the watermark before row i differs from the one before row i − 1, and the split's
 * watermark (`split.wm`, the running max of the expression) and the source's (returned) move with the
 * rows. The source's watermark is the split's when the source has this one split.
 *
 *   runs.push(0, wm)
 *   for (i ...) { w = <expression over rows[i]>; if (w > top) { top = w; if (w > wm) { wm = w; runs.push(i + 1, wm) } } }
 *
 * (no pair past the last row). A batch of 4,096 events spanning 40 ms of event time is ≈ 40 runs.
 */
export type ArrivalBatch = (rows: readonly (readonly unknown[])[], runs: number[], split: { wm: number }, wm: number) => number;

export function compileArrival(watermark: BoundExpr): ArrivalBatch {
  const g = new Gen();
  g.indent(1);
  arrivalStep(g, watermark, ['if (i + 1 < n) runs.push(i + 1, wm);']);
  const source = [
    `'use strict';`,
    `return function arrival(rows, runs, split, wm) {`,
    `  const n = rows.length;`,
    `  let top = split.wm;`,
    `  if (n > 0) runs.push(0, wm);`,
    `  for (let i = 0; i < n; i++) {`,
    `    const row = rows[i];`,
    g.code(),
    `  }`,
    `  split.wm = top;`,
    `  return wm;`,
    `};`,
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
  return new Function('k', source)(g.consts) as ArrivalBatch;
}

/**
 * One row's step of a source's arrival loop: `top` (the split's watermark) follows the WATERMARK
 * expression's running max, and `wm` (the source's) with it; `onMove` runs when `wm` moves.
 */
function arrivalStep(g: Gen, watermark: BoundExpr, onMove: readonly string[]): void {
  const w = g.value(fold(watermark));
  g.line(`if (${w} != null && ${w} > top) {`);
  g.line(`  top = ${w};`);
  g.line(`  if (top > wm) {`);
  g.line(`    wm = top;`);
  for (const l of onMove) g.line(`    ${l}`);
  g.line(`  }`);
  g.line(`}`);
}
