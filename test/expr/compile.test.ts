import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bin, bind, bool, call, caseWhen, col, isNull, not, NULL, num, row, str } from './helpers.js';
import type * as ast from '../../src/parser/ast.js';
import type { BoundExpr } from '../../src/parser/bound-expr.js';
import { compiledSource, compileExpr, compilePredicate, fold } from '../../src/planner/compile-expr.js';

describe('constant folding', () => {
  it('folds fully constant subtrees to one value', () => {
    expect(fold(bind(bin('*', bin('+', num('1'), num('2')), num('4'))))).toMatchObject({ kind: 'const', value: 12 });
    expect(fold(bind(call('UPPER', str('abc'))))).toMatchObject({ kind: 'const', value: 'ABC' });
    expect(fold(bind(bin('+', col('i'), bin('*', num('2'), num('3')))))).toMatchObject({ kind: 'call', args: [{ kind: 'input' }, { kind: 'const', value: 6 }] });
  });

  it('folds a strict call with a NULL argument to NULL', () => {
    expect(fold(bind(bin('+', col('i'), NULL)))).toMatchObject({ kind: 'const', value: null });
  });

  it('simplifies AND/OR with a constant side, and prunes constant CASE branches', () => {
    expect(fold(bind(bin('AND', col('p'), bool(false))))).toMatchObject({ kind: 'const', value: false });
    expect(fold(bind(bin('AND', col('p'), bool(true))))).toMatchObject({ kind: 'input', name: 'p' });
    expect(fold(bind(bin('OR', bool(true), col('p'))))).toMatchObject({ kind: 'const', value: true });
    expect(fold(bind(bin('AND', col('p'), NULL)))).toMatchObject({ kind: 'call', fn: 'AND' });
    const e = caseWhen([[bool(false), str('a')], [NULL, str('b')], [bool(true), str('c')], [col('p'), str('d')]], str('e'));
    expect(fold(bind(e))).toMatchObject({ kind: 'const', value: 'c' });
  });

  it('compiles a constant expression to a function returning it', () => {
    expect(compileExpr(bind(bin('||', str('a'), str('b'))))([])).toBe('ab');
    expect(compilePredicate(bind(bin('<', num('1'), num('2'))))([])).toBe(true);
    expect(compilePredicate(bind(NULL))([])).toBe(false);
  });
});

describe('generated code', () => {
  it('keeps strings out of the code (they live in the constant table)', () => {
    const evil = "'); globalThis.pwned = true; ('";
    const e = bind(bin('=', col('s'), str(evil)));
    expect(compiledSource(e)).not.toContain('pwned');
    expect(compileExpr(e)(row({ s: evil }))).toBe(true);
    expect((globalThis as Record<string, unknown>)['pwned']).toBeUndefined();
  });

  it('reads columns by position and never looks up names', () => {
    const src = compiledSource(bind(bin('>', col('d'), num('10'))), 'predicate');
    expect(src).toContain('row[2]');
    expect(src).toContain('=== true');
  });

  it('turns undefined (a short row) into NULL', () => {
    expect(compileExpr(bind(col('s')))([])).toBeNull();
    expect(compileExpr(bind(call('COALESCE', col('s'), col('s'))))([])).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------
// Oracle: random boolean expressions over p, q, i against a direct three-valued interpreter.

type TV = boolean | null;
type Env = { p: TV; q: TV; i: number | null };

function oracle(e: ast.Expr, env: Env): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'column':
      return env[e.name.name as keyof Env];
    case 'unary': {
      const v = oracle(e.operand, env) as TV;
      return v === null ? null : !v;
    }
    case 'is_null':
      return (oracle(e.operand, env) === null) !== e.negated;
    case 'binary': {
      const a = oracle(e.left, env);
      const b = oracle(e.right, env);
      if (e.op === 'AND') return a === false || b === false ? false : a === null || b === null ? null : true;
      if (e.op === 'OR') return a === true || b === true ? true : a === null || b === null ? null : false;
      if (a === null || b === null) return null;
      if (e.op === '<') return (a as number) < (b as number);
      if (e.op === '=') return a === b;
      throw new Error(e.op);
    }
    case 'case':
      for (const w of e.whens) if (oracle(w.when, env) === true) return oracle(w.then, env);
      return e.else ? oracle(e.else, env) : null;
    default:
      throw new Error(e.kind);
  }
}

const tv = fc.constantFrom<TV>(true, false, null);
const intOrNull = fc.option(fc.integer({ min: -3, max: 3 }), { nil: null });
const boolExpr: fc.Arbitrary<ast.Expr> = fc.letrec<{ e: ast.Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(col('p'), col('q'), bool(true), bool(false), NULL),
    fc.tuple(fc.constantFrom<'<' | '='>('<', '='), fc.constantFrom(col('i'), num('0'), num('2'), NULL)).map(([op, r]) => bin(op, col('i'), r)),
    tie('e').map((x) => not(x)),
    tie('e').map((x) => isNull(x)),
    fc.tuple(fc.constantFrom<'AND' | 'OR'>('AND', 'OR'), tie('e'), tie('e')).map(([op, a, b]) => bin(op, a, b)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => caseWhen([[c, a]], b)),
  ),
})).e;

describe('compiled expressions agree with a direct three-valued interpreter', () => {
  it('for random boolean expressions and rows (property)', () => {
    fc.assert(
      fc.property(boolExpr, tv, tv, intOrNull, (e, p, q, i) => {
        const env = { p, q, i };
        const bound: BoundExpr = bind(e);
        const r = row(env);
        const want = oracle(e, env);
        expect(compileExpr(bound)(r)).toBe(want);
        expect(compilePredicate(bound)(r)).toBe(want === true);
      }),
      { numRuns: 1500 },
    );
  });
});
