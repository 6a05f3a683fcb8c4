import { describe, expect, it } from 'vitest';
import {
  between, bin, bind, bool, call, caseWhen, col, inList, isBool, isNull, not, NULL, num, pred, run, str,
} from './helpers.js';
import type * as ast from '../../src/parser/ast.js';

type TV = boolean | null;
const VALUES: TV[] = [true, false, null];
const lit = (v: TV): ast.Expr => (v === null ? NULL : bool(v));
const show = (v: TV): string => (v === null ? 'NULL' : v ? 'TRUE' : 'FALSE');

// The SQL truth tables, written out (not computed) so the test is an independent statement of them.
const AND: Record<string, TV> = {
  'TRUE,TRUE': true, 'TRUE,FALSE': false, 'TRUE,NULL': null,
  'FALSE,TRUE': false, 'FALSE,FALSE': false, 'FALSE,NULL': false,
  'NULL,TRUE': null, 'NULL,FALSE': false, 'NULL,NULL': null,
};
const OR: Record<string, TV> = {
  'TRUE,TRUE': true, 'TRUE,FALSE': true, 'TRUE,NULL': true,
  'FALSE,TRUE': true, 'FALSE,FALSE': false, 'FALSE,NULL': null,
  'NULL,TRUE': true, 'NULL,FALSE': null, 'NULL,NULL': null,
};

describe('three-valued logic', () => {
  for (const a of VALUES) {
    for (const b of VALUES) {
      const key = `${show(a)},${show(b)}`;
      it(`${show(a)} AND ${show(b)} is ${show(AND[key]!)} (columns and literals agree)`, () => {
        expect(run(bin('AND', col('p'), col('q')), { p: a, q: b })).toBe(AND[key]);
        expect(run(bin('AND', lit(a), lit(b)))).toBe(AND[key]);
      });
      it(`${show(a)} OR ${show(b)} is ${show(OR[key]!)}`, () => {
        expect(run(bin('OR', col('p'), col('q')), { p: a, q: b })).toBe(OR[key]);
        expect(run(bin('OR', lit(a), lit(b)))).toBe(OR[key]);
      });
    }
    it(`NOT ${show(a)} is ${show(a === null ? null : !a)}`, () => {
      expect(run(not(col('p')), { p: a })).toBe(a === null ? null : !a);
    });
    it(`IS [NOT] TRUE/FALSE/NULL of ${show(a)} are never NULL`, () => {
      expect(run(isBool(col('p'), true), { p: a })).toBe(a === true);
      expect(run(isBool(col('p'), true, true), { p: a })).toBe(a !== true);
      expect(run(isBool(col('p'), false), { p: a })).toBe(a === false);
      expect(run(isBool(col('p'), false, true), { p: a })).toBe(a !== false);
      expect(run(isNull(col('p')), { p: a })).toBe(a === null);
      expect(run(isNull(col('p'), true), { p: a })).toBe(a !== null);
    });
  }

  it('does not evaluate the right side of AND when the left is FALSE', () => {
    // 1 / 0 would be NULL, not an error; the point is that FALSE AND <anything> is FALSE
    expect(run(bin('AND', bool(false), bin('=', bin('/', col('i'), num('0')), num('1'))), { i: 1 })).toBe(false);
  });

  it('keeps a row in a WHERE predicate only when the condition is TRUE', () => {
    expect(pred(col('p'), { p: true })).toBe(true);
    expect(pred(col('p'), { p: false })).toBe(false);
    expect(pred(col('p'), { p: null })).toBe(false);
    expect(pred(bin('>', col('i'), num('1')), { i: null })).toBe(false);
  });
});

describe('comparisons', () => {
  it('compare numbers across INT, BIGINT, DOUBLE and DECIMAL', () => {
    expect(run(bin('=', col('i'), col('d')), { i: 2, d: 2.0 })).toBe(true);
    expect(run(bin('<', col('b'), col('m')), { b: 1, m: 1.5 })).toBe(true);
    expect(run(bin('>=', col('m'), num('10.50')), { m: 10.5 })).toBe(true);
    expect(run(bin('<>', col('i'), num('3')), { i: 3 })).toBe(false);
  });

  it('compare strings, booleans and timestamps', () => {
    expect(run(bin('<', col('s'), str('b')), { s: 'a' })).toBe(true);
    expect(run(bin('=', col('s'), str('A')), { s: 'a' })).toBe(false);
    expect(run(bin('<', bool(false), bool(true)))).toBe(true);
    expect(run(bin('>', col('ts'), col('ts')), { ts: 5 })).toBe(false);
  });

  it('give NULL when either side is NULL', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>='] as const) {
      expect(run(bin(op, col('i'), num('1')), { i: null })).toBeNull();
      expect(run(bin(op, NULL, num('1')))).toBeNull();
    }
  });
});

describe('IN', () => {
  const list = [num('1'), num('2'), num('3')];
  it('is TRUE for a member, FALSE otherwise', () => {
    expect(run(inList(col('i'), list), { i: 2 })).toBe(true);
    expect(run(inList(col('i'), list), { i: 5 })).toBe(false);
    expect(run(inList(col('i'), list, true), { i: 5 })).toBe(true);
  });

  it('is NULL for a non-member when the list holds a NULL, and for a NULL operand', () => {
    expect(run(inList(col('i'), [num('1'), NULL]), { i: 5 })).toBeNull();
    expect(run(inList(col('i'), [num('1'), NULL]), { i: 1 })).toBe(true);
    expect(run(inList(col('i'), [num('1'), NULL], true), { i: 5 })).toBeNull();
    expect(run(inList(col('i'), list), { i: null })).toBeNull();
    expect(run(inList(col('i'), list, true), { i: null })).toBeNull();
  });

  it('uses a set for long constant lists and checks non-constant items one by one', () => {
    const long = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => str(x));
    expect(run(inList(col('s'), long), { s: 'e' })).toBe(true);
    expect(run(inList(col('s'), long), { s: 'z' })).toBe(false);
    expect(run(inList(col('i'), [col('b'), num('7')]), { i: 3, b: 3 })).toBe(true);
    expect(run(inList(col('i'), [col('b'), num('7')]), { i: 3, b: null })).toBeNull();
  });

  it('matches numbers of different types', () => {
    expect(run(inList(col('d'), [num('1'), num('2.5')]), { d: 2.5 })).toBe(true);
  });
});

describe('BETWEEN', () => {
  it('includes both bounds', () => {
    expect(run(between(col('i'), num('1'), num('3')), { i: 1 })).toBe(true);
    expect(run(between(col('i'), num('1'), num('3')), { i: 3 })).toBe(true);
    expect(run(between(col('i'), num('1'), num('3')), { i: 4 })).toBe(false);
    expect(run(between(col('i'), num('1'), num('3'), true), { i: 4 })).toBe(true);
  });

  it('follows x >= lo AND x <= hi with NULLs', () => {
    expect(run(between(col('i'), NULL, num('3')), { i: 5 })).toBe(false); // NULL AND FALSE
    expect(run(between(col('i'), NULL, num('3')), { i: 1 })).toBeNull(); // NULL AND TRUE
    expect(run(between(col('i'), NULL, num('3'), true), { i: 5 })).toBe(true);
    expect(run(between(col('i'), num('1'), num('3')), { i: null })).toBeNull();
  });
});

describe('CASE', () => {
  const grade = caseWhen([[bin('>=', col('i'), num('90')), str('A')], [bin('>=', col('i'), num('50')), str('B')]], str('C'));
  it('takes the first WHEN that is TRUE, else ELSE', () => {
    expect(run(grade, { i: 95 })).toBe('A');
    expect(run(grade, { i: 60 })).toBe('B');
    expect(run(grade, { i: 10 })).toBe('C');
  });

  it('treats a NULL condition as not taken', () => {
    expect(run(grade, { i: null })).toBe('C');
  });

  it('is NULL without ELSE when nothing matches', () => {
    expect(run(caseWhen([[bin('>', col('i'), num('1')), str('x')]]), { i: 0 })).toBeNull();
    expect(bind(caseWhen([[bin('>', col('i'), num('1')), str('x')]])).type.nullable).toBe(true);
  });

  it('supports the simple form CASE x WHEN v THEN ...', () => {
    const e = caseWhen([[num('1'), str('one')], [num('2'), str('two')]], str('many'), col('i'));
    expect(run(e, { i: 2 })).toBe('two');
    expect(run(e, { i: 7 })).toBe('many');
    expect(run(e, { i: null })).toBe('many');
  });

  it('types the result as the common type of the branches', () => {
    const e = caseWhen([[col('p'), num('1')]], num('2.5'));
    expect(bind(e).type).toMatchObject({ name: 'DECIMAL', scale: 1 });
    expect(run(caseWhen([[col('p'), col('i')]], col('d')), { p: true, i: 3 })).toBe(3);
  });

  it('evaluates only the branch it takes', () => {
    const e = caseWhen([[bin('=', col('i'), num('0')), num('0')]], bin('/', num('10'), col('i')));
    expect(run(e, { i: 0 })).toBe(0);
    expect(run(e, { i: 5 })).toBe(2);
  });
});

describe('COALESCE, IFNULL, NULLIF, IF', () => {
  it('COALESCE returns the first non-NULL argument', () => {
    expect(run(call('COALESCE', col('i'), col('b'), num('0')), { i: null, b: 7 })).toBe(7);
    expect(run(call('COALESCE', col('i'), num('0')), { i: null })).toBe(0);
    expect(run(call('COALESCE', col('i'), col('b')), {})).toBeNull();
    expect(bind(call('COALESCE', col('i'), num('0'))).type.nullable).toBe(false);
  });

  it('IFNULL is two-argument COALESCE', () => {
    expect(run(call('IFNULL', col('s'), str('none')), { s: null })).toBe('none');
  });

  it('NULLIF gives NULL when both are equal', () => {
    expect(run(call('NULLIF', col('i'), num('0')), { i: 0 })).toBeNull();
    expect(run(call('NULLIF', col('i'), num('0')), { i: 4 })).toBe(4);
    expect(run(call('NULLIF', col('i'), NULL), { i: 4 })).toBe(4);
  });

  it('IF(cond, a, b) takes b when cond is FALSE or NULL', () => {
    expect(run(call('IF', col('p'), str('y'), str('n')), { p: true })).toBe('y');
    expect(run(call('IF', col('p'), str('y'), str('n')), { p: null })).toBe('n');
  });
});

describe('NULL propagation', () => {
  const strictCalls: [string, ast.Expr][] = [
    ['+', bin('+', col('i'), num('1'))],
    ['||', bin('||', col('s'), str('x'))],
    ['UPPER', call('UPPER', col('s'))],
    ['SUBSTRING', call('SUBSTRING', col('s'), num('1'), num('2'))],
    ['ABS', call('ABS', col('d'))],
    ['ROUND', call('ROUND', col('m'), num('1'))],
    ['CONCAT', call('CONCAT', str('a'), col('s'))],
    ['EXTRACT', call('EXTRACT', str('HOUR'), col('ts'))],
    ['LIKE', { kind: 'like', operand: col('s'), pattern: str('a%'), negated: false, pos: { line: 1, column: 1, offset: 0, length: 1 } }],
  ];
  for (const [name, e] of strictCalls) {
    it(`${name} of NULL is NULL`, () => {
      expect(run(e, {})).toBeNull();
    });
  }
});
