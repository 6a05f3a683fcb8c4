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
 *         if (outWms !== null) outWms.push(wms[i]);     (and the row's op, for a changelog)
 *       }
 *
 * A row that passes keeps its change kind and arrival watermark. Without a predicate every row passes,
 * so the input's `ops` and `wms` arrays are handed on as they are (batches are never changed once
 * emitted).
 */
import type { BoundExpr } from '../parser/bound-expr.js';
import { fold, Gen } from './compile-expr.js';

/** The rows (change kinds, arrival watermarks) that pass, projected; null when none passes. */
export type FilterProjectBatch = (
  rows: readonly (readonly unknown[])[],
  ops: readonly unknown[] | null,
  wms: readonly number[] | null,
) => { rows: unknown[][]; ops: unknown[] | null; wms: number[] | null } | null;

export function compileFilterProject(predicate: BoundExpr | null, projections: readonly BoundExpr[] | null): FilterProjectBatch {
  const g = new Gen();
  const filtered = predicate !== null;
  g.indent(1);
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
  if (filtered) {
    g.line('if (outOps !== null) outOps.push(ops[i]);');
    g.line('if (outWms !== null) outWms.push(wms[i]);');
  }
  const source = [
    `'use strict';`,
    `return function filterProject(rows, ops, wms) {`,
    `  const n = rows.length;`,
    `  const outRows = [];`,
    filtered ? `  const outOps = ops === null ? null : [];` : `  const outOps = ops;`,
    filtered ? `  const outWms = wms === null ? null : [];` : `  const outWms = wms;`,
    `  for (let i = 0; i < n; i++) {`,
    `    const row = rows[i];`,
    g.code(),
    `  }`,
    `  return outRows.length === 0 ? null : { rows: outRows, ops: outOps, wms: outWms };`,
    `};`,
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
  return new Function('k', source)(g.consts) as FilterProjectBatch;
}

/** The generated source (tests, and reading what the compiler made of a filter/projection). */
export function filterProjectSource(predicate: BoundExpr | null, projections: readonly BoundExpr[] | null): string {
  return compileFilterProject(predicate, projections).toString();
}

/**
 * A source's arrival watermarks over a batch of one split, with the WATERMARK expression inlined (one
 * call per batch, not one per row): `wms[i]` gets the watermark before row i, and the split's watermark
 * (`split.wm`, the running max of the expression) and the source's (returned) move with the rows. The
 * source's watermark is the split's when the source has this one split.
 *
 *   for (i ...) { wms[i] = wm; w = <expression over rows[i]>; if (w > top) { top = w; if (w > wm) wm = w; } }
 */
export type ArrivalBatch = (rows: readonly (readonly unknown[])[], wms: number[], split: { wm: number }, wm: number) => number;

export function compileArrival(watermark: BoundExpr): ArrivalBatch {
  const g = new Gen();
  g.indent(1);
  const w = g.value(fold(watermark));
  g.line(`if (${w} != null && ${w} > top) {`);
  g.line(`  top = ${w};`);
  g.line(`  if (top > wm) wm = top;`);
  g.line(`}`);
  const source = [
    `'use strict';`,
    `return function arrival(rows, wms, split, wm) {`,
    `  const n = rows.length;`,
    `  let top = split.wm;`,
    `  for (let i = 0; i < n; i++) {`,
    `    wms[i] = wm;`,
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
