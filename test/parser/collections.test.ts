import { describe, expect, it } from 'vitest';
import { exprToString } from '../../src/parser/bind-expr.js';
import { parseExpression } from '../../src/parser/parse.js';
import { bin, call, checkExpr, col, errorOf, exprOf, num, str } from './helpers.js';

describe('ARRAY and MAP syntax', () => {
  it('reads ARRAY[...] and MAP[...] as value constructors, in any case', () => {
    checkExpr(['ARRAY[1, a]', 'array[1, a]', 'Array [ 1 , a ]'], call('ARRAY_VALUE', [num('1'), col('a')]));
    checkExpr(["MAP['k', 1]", "map['k', 1]"], call('MAP_VALUE', [str('k'), num('1')]));
  });

  it('reads subscripts as ITEM, binding tighter than any operator and chaining', () => {
    checkExpr(['a[1] + 2', '(a[1]) + 2'], bin('+', call('ITEM', [col('a'), num('1')]), num('2')));
    checkExpr(['a[1][2]'], call('ITEM', [call('ITEM', [col('a'), num('1')]), num('2')]));
    checkExpr(["ARRAY['x'][1]"], call('ITEM', [call('ARRAY_VALUE', [str('x')]), num('1')]));
  });

  it('keeps ARRAY and MAP usable as column names', () => {
    checkExpr(['map + array'], bin('+', col('map'), col('array')));
  });

  it('reads nested type parameters with their own NOT NULL, and a cast followed by < as a comparison', () => {
    const e = exprOf('CAST(a AS MAP<VARCHAR NOT NULL, ARRAY<ARRAY<INT>>>)');
    expect(exprToString(e)).toBe('CAST(a AS MAP<VARCHAR NOT NULL, ARRAY<ARRAY<INT>>>)');
    expect(exprToString(exprOf('a::INT < 5'))).toBe('CAST(a AS INT) < 5');
  });

  it('prints constructors and subscripts as written', () => {
    expect(exprToString(exprOf("MAP['a', x[1]]['a']"))).toBe("MAP['a', x[1]]['a']");
    expect(exprToString(exprOf('(a + b)[1]'))).toBe('(a + b)[1]');
  });

  it('says how many type parameters a type takes, at the type', () => {
    expect(errorOf('CREATE SOURCE s (m MAP<INT>);')).toBe('1:20 MAP needs 2 type parameters: MAP<key type, value type>');
    expect(errorOf('CREATE SOURCE s (m ARRAY);')).toBe('1:20 ARRAY needs one type parameter: ARRAY<element type>');
    expect(parseExpression('CAST(a AS MULTISET<INT>)').diagnostics[0]?.message).toMatch(/type MULTISET is not supported/);
  });
});
