/**
 * rowPicker (operators/window-aggregate-base.ts): the row of the kept columns of a window aggregate's
 * whole row, made as a copy of a template (never pretenured by V8) instead of an array literal. Rows must
 * equal what the literal gave, whatever the values' types and however they change along the run.
 */
import { describe, expect, it } from 'vitest';
import { rowPicker } from '../../src/executor/operators/window-aggregate-base.js';

describe('rowPicker', () => {
  it('picks the columns in order, NULL for missing values, and each row is a new array', () => {
    const pick = rowPicker([2, 0, 4]);
    const whole: unknown[] = [1, 'a', 1.5, 7, undefined];
    const a = pick(whole);
    expect(a).toEqual([1.5, 1, null]);
    whole[2] = 2.5;
    const b = pick(whole);
    expect(b).toEqual([2.5, 1, null]);
    expect(a).toEqual([1.5, 1, null]);
    expect(b).not.toBe(a);
  });

  it('keeps values exact when a numeric column later holds NULL, text or a bigint, and numbers again after', () => {
    const pick = rowPicker([0, 1]);
    const seq: [unknown, unknown][] = [[1, 2.5], [3, null], [4, 'x'], [10n ** 20n, 6], [7, 8.25], [null, null], [9, 10]];
    const rows = seq.map(([x, y]) => pick([x, y]));
    expect(rows).toEqual(seq.map(([x, y]) => [x, y]));
  });
});
