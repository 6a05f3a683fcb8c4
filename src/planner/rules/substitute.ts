/** Expression rewriting helpers shared by the rules. */
import type { BoundExpr } from '../../parser/bound-expr.js';

/** Replaces every input reference `i` with `exprs[i]` (inlining a projection into what reads it). */
export function substitute(e: BoundExpr, exprs: readonly BoundExpr[]): BoundExpr {
  switch (e.kind) {
    case 'const':
      return e;
    case 'input': {
      const r = exprs[e.index];
      if (!r) throw new Error(`invariant: input #${e.index} outside projection of ${exprs.length}`);
      return r;
    }
    case 'call':
      return { ...e, args: e.args.map((a) => substitute(a, exprs)) };
    case 'case':
      return {
        ...e,
        whens: e.whens.map((w) => ({ when: substitute(w.when, exprs), then: substitute(w.then, exprs) })),
        else: e.else ? substitute(e.else, exprs) : null,
      };
    case 'cast':
      return { ...e, operand: substitute(e.operand, exprs) };
  }
}

/** True when the expression reads only inputs below `width`. */
export function readsBelow(e: BoundExpr, width: number): boolean {
  switch (e.kind) {
    case 'const':
      return true;
    case 'input':
      return e.index < width;
    case 'call':
      return e.args.every((a) => readsBelow(a, width));
    case 'case':
      return e.whens.every((w) => readsBelow(w.when, width) && readsBelow(w.then, width)) && (!e.else || readsBelow(e.else, width));
    case 'cast':
      return readsBelow(e.operand, width);
  }
}

export function and(a: BoundExpr, b: BoundExpr): BoundExpr {
  return { kind: 'call', fn: 'AND', args: [a, b], type: { name: 'BOOLEAN', nullable: a.type.nullable || b.type.nullable } };
}

/** A projection that passes its input through unchanged (same positions). */
export function isIdentity(exprs: readonly BoundExpr[], inputWidth: number): boolean {
  return exprs.length === inputWidth && exprs.every((e, i) => e.kind === 'input' && e.index === i);
}
