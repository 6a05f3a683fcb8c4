/**
 * Input checks: what makes a row of an operator's input be rejected rather than computed.
 *
 * A CAST of text that does not convert (CAST('abc' AS INT)) fails its row (functions-cast.ts,
 * castRejects), and so does a function whose FnDef says so for a value (JSON_VALUE ... ERROR ON ERROR). Flink fails the job there; a continuous query must not stop on one malformed event, so
 * the row is rejected with the reason and kept where the user sees it (the engine's rejected rows), and
 * the stream goes on. The check runs before the operator: the CASTs of every expression the operator
 * evaluates per input row are evaluated once more here (checkedParts), compiled to throw on the failure,
 * where the operator evaluates them (a projection only when the WHERE holds, an aggregate's argument only
 * when its FILTER does, a CASE branch only when taken), and a row that fails is taken out of the batch. So the operator (whose code
 * gives NULL for a failed CAST and never throws) only meets rows on which every CAST converts, and no
 * operator's state ever sees half a row.
 *
 * An operator with no such CAST gets no check, and pays nothing.
 *
 *   source ─► [check: CAST(a AS INT) > 5] ─► Filter CAST(a AS INT) > 5 ─► ...
 *                 └─ 'abc' ─► rejected: "CAST(a AS INT): cannot CAST 'abc' to INT"
 */
import type { BoundExpr } from '../parser/bound-expr.js';
import { castRejects, CastRejection, functionDef, isSpecialFn } from '../parser/functions.js';
import type { AggCall } from '../parser/logical-plan.js';
import { compileExpr, compilePredicate } from './compile-expr.js';

/** The reason an input row is rejected, or null when it is computed. */
export type RowCheck = (row: readonly unknown[]) => string | null;

/** Expressions evaluated per row: `exprs` only where `when` (if any) is TRUE. */
export interface CheckStep {
  readonly when?: BoundExpr | null;
  readonly exprs: readonly (BoundExpr | null | undefined)[];
}

/** Whether a call fails its row on some values by itself (FnDef.rejects: JSON_VALUE ... ERROR ON ERROR). */
function callRejects(e: BoundExpr): boolean {
  return e.kind === 'call' && !isSpecialFn(e.fn) && functionDef(e.fn).rejects?.(e) === true;
}

/** Whether the expression holds a CAST (or a function, callRejects) that rejects its row on failure. */
export function hasRejectingCast(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'const':
    case 'input':
      return false;
    case 'cast':
      return castRejects(e) || hasRejectingCast(e.operand);
    case 'call':
      return callRejects(e) || e.args.some(hasRejectingCast);
    case 'case':
      return e.whens.some((w) => hasRejectingCast(w.when) || hasRejectingCast(w.then)) || (e.else !== null && hasRejectingCast(e.else));
  }
}

/**
 * The parts of `e` the check evaluates: a rejecting CAST reached through plain (strict) calls is checked
 * by itself, since those are evaluated whatever their other arguments hold (Flink's generated code
 * evaluates every operand); a subtree whose evaluation depends on a condition (CASE, AND, OR, COALESCE,
 * IF, NULLIF, IN, BETWEEN, IS ...) is checked whole, so its CASTs are evaluated exactly where the query
 * evaluates them. Checking `CAST(a AS INT)` rather than all of `CAST(a AS INT) * 2 + b` keeps the check
 * to the conversion itself.
 */
export function checkedParts(e: BoundExpr): BoundExpr[] {
  if (!hasRejectingCast(e)) return [];
  switch (e.kind) {
    case 'cast':
      return castRejects(e) ? [e] : checkedParts(e.operand);
    case 'call':
      return isSpecialFn(e.fn) || callRejects(e) ? [e] : e.args.flatMap(checkedParts);
    case 'case':
      return [e];
    default:
      return [];
  }
}

/** The steps of aggregate calls: each argument where its FILTER holds. */
export function aggSteps(aggs: readonly AggCall[]): CheckStep[] {
  return aggs.map((a) => ({ when: a.filter, exprs: [a.arg, ...(a.args ?? [])] }));
}

/** The check of one input, or null when none of its steps can reject a row. */
export function rowCheck(steps: readonly CheckStep[]): RowCheck | null {
  const compiled: { when: ((row: readonly unknown[]) => boolean) | null; exprs: ((row: readonly unknown[]) => unknown)[] }[] = [];
  for (const s of steps) {
    const exprs = s.exprs.filter((e): e is BoundExpr => e !== null && e !== undefined);
    const when = s.when ?? null;
    if (!(when !== null && hasRejectingCast(when)) && !exprs.some(hasRejectingCast)) continue;
    compiled.push({
      // The condition is evaluated whole: it decides whether the step's expressions are evaluated at all.
      when: when === null ? null : compilePredicate(when, { rejectCasts: true }),
      exprs: exprs.flatMap(checkedParts).map((e) => compileExpr(e, { rejectCasts: true })),
    });
  }
  if (compiled.length === 0) return null;
  return (row) => {
    try {
      for (const s of compiled) {
        if (s.when !== null && !s.when(row)) continue;
        for (const f of s.exprs) f(row);
      }
      return null;
    } catch (e) {
      if (e instanceof CastRejection) return e.message;
      throw e;
    }
  };
}

/** Checks per input; null when no input has one. */
export function inputChecks(perInput: readonly (readonly CheckStep[])[]): readonly (RowCheck | null)[] | null {
  const checks = perInput.map(rowCheck);
  return checks.some((c) => c !== null) ? checks : null;
}
